"""The command palette provider: actions, saved searches, tags and months, shown as plain text."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from archive.text import clean_line
from tui.config import SORT_LABELS
from tui.i18n import _, long_date, tag_kind
from tui.widgets.query_bar import facet_term

if TYPE_CHECKING:
    from tui.host import Host

PaletteCommand = tuple[str, Callable[[], object], str, bool]
_MAX_TAGS = 300


def highlighted(matcher: Matcher, text: str) -> Content:
    """The candidate as literal content with the fuzzy-matched letters styled (never markup)."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ManchetteCommands(Provider):
    """Everything manchette can do from ctrl+p (or :), plus the current tags, months and saved searches."""

    @property
    def manchette(self) -> Host:
        return cast("Host", self.app)

    def commands(self) -> list[PaletteCommand]:
        """(text, callback, help, shown before typing) for each command."""
        app = self.manchette
        out: list[PaletteCommand] = [
            (
                _("Export results…"),
                app.main.action_export,
                _("Markdown, JSON or CSV, to a file you name"),
                True,
            ),
            (
                _("Import files…"),
                app.action_import_files,
                _("Read archive files or folders into the library"),
                True,
            ),
            (
                _("Import the sample archive"),
                app.action_import_sample,
                _("The bundled French news pages"),
                True,
            ),
            (
                _("Save this search…"),
                app.main.action_save_search,
                _("Keep the query under a name"),
                True,
            ),
            (
                _("Change theme…"),
                app.action_change_theme,
                _("Pick a colour theme (remembered)"),
                True,
            ),
            (
                _("Toggle the facets sidebar"),
                app.action_toggle_facets,
                _("Show or hide tags, agencies and timeline"),
                True,
            ),
            (_("Clear the query"), partial(app.set_query, ""), _("Show every article"), True),
            (
                _("Next sort order (now: {order})").format(
                    order=_(SORT_LABELS.get(getattr(app.result, "sort", ""), "newest first"))
                ),
                app.action_cycle_sort,
                _("Next order: newest first, oldest first, relevance, title (key O)"),
                True,
            ),
            (_("Show all keys"), app.action_help, _("The help screen"), True),
            (_("Quit"), app.action_quit, _("Leave manchette"), True),
        ]
        for name, query in sorted(app.saved_searches.items()):
            out.append(
                (
                    _("Saved search: {name} — {query}").format(
                        name=clean_line(name), query=clean_line(query)
                    ),
                    partial(app.set_query, query),
                    _("Run this saved search"),
                    True,
                )
            )
            out.append(
                (
                    _("Rename saved search: {name}…").format(name=clean_line(name)),
                    partial(app.rename_saved_search, name),
                    _("Give this saved search another name (its sort goes with it)"),
                    True,
                )
            )
            out.append(
                (
                    _("Delete saved search: {name}…").format(name=clean_line(name)),
                    partial(app.delete_saved_search, name),
                    _("Forget this saved search (asks first)"),
                    True,
                )
            )
        facets = app.facets
        if facets is not None:
            for name, kind, count in list(facets.tags)[:_MAX_TAGS]:
                out.append(
                    (
                        _("Tag: {name} ({kind}, {count})").format(
                            name=clean_line(name), kind=tag_kind(kind), count=count
                        ),
                        partial(app.add_query_term, facet_term("tag", name)),
                        _("Add to the query"),
                        False,
                    )
                )
            for name, count in list(facets.agencies)[:_MAX_TAGS]:
                out.append(
                    (
                        _("Agency: {name} ({count})").format(name=clean_line(name), count=count),
                        partial(app.add_query_term, facet_term("agency", name)),
                        _("Add to the query"),
                        False,
                    )
                )
            for month, count in facets.months:
                out.append(
                    (
                        _("Month: {month} ({count})").format(month=long_date(month), count=count),
                        partial(app.add_query_term, facet_term("date", month)),
                        _("Add to the query"),
                        False,
                    )
                )
        return out

    async def discover(self) -> Hits:
        for text, callback, help_text, shown in self.commands():
            if shown:
                yield DiscoveryHit(Content(text), callback, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text, _shown in self.commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text), callback, text=text, help=help_text)
