"""The command palette provider: actions, saved searches, tags and months, shown as plain text."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from archive.text import clean_line
from tui.config import SORT_LABELS
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
                "Export results…",
                app.main.action_export,
                "Markdown, JSON or CSV, to a file you name",
                True,
            ),
            (
                "Import files…",
                app.action_import_files,
                "Read archive files or folders into the library",
                True,
            ),
            (
                "Import the sample archive",
                app.action_import_sample,
                "The bundled French news pages",
                True,
            ),
            ("Save this search…", app.main.action_save_search, "Keep the query under a name", True),
            ("Change theme…", app.action_change_theme, "Pick a colour theme (remembered)", True),
            (
                "Toggle the facets sidebar",
                app.action_toggle_facets,
                "Show or hide tags, agencies and timeline",
                True,
            ),
            ("Clear the query", partial(app.set_query, ""), "Show every article", True),
            (
                f"Next sort order (now: {SORT_LABELS.get(getattr(app.result, 'sort', ''), 'newest first')})",
                app.action_cycle_sort,
                "Next order: newest first, oldest first, relevance, title (key O)",
                True,
            ),
            ("Show all keys", app.action_help, "The help screen", True),
            ("Quit", app.action_quit, "Leave manchette", True),
        ]
        for name, query in sorted(app.saved_searches.items()):
            out.append(
                (
                    f"Saved search: {clean_line(name)} — {clean_line(query)}",
                    partial(app.set_query, query),
                    "Run this saved search",
                    True,
                )
            )
            out.append(
                (
                    f"Rename saved search: {clean_line(name)}…",
                    partial(app.rename_saved_search, name),
                    "Give this saved search another name (its sort goes with it)",
                    True,
                )
            )
            out.append(
                (
                    f"Delete saved search: {clean_line(name)}…",
                    partial(app.delete_saved_search, name),
                    "Forget this saved search (asks first)",
                    True,
                )
            )
        facets = app.facets
        if facets is not None:
            for name, kind, count in list(facets.tags)[:_MAX_TAGS]:
                out.append(
                    (
                        f"Tag: {clean_line(name)} ({kind}, {count})",
                        partial(app.add_query_term, facet_term("tag", name)),
                        "Add to the query",
                        False,
                    )
                )
            for name, count in list(facets.agencies)[:_MAX_TAGS]:
                out.append(
                    (
                        f"Agency: {clean_line(name)} ({count})",
                        partial(app.add_query_term, facet_term("agency", name)),
                        "Add to the query",
                        False,
                    )
                )
            for month, count in facets.months:
                out.append(
                    (
                        f"Month: {month} ({count})",
                        partial(app.add_query_term, facet_term("date", month)),
                        "Add to the query",
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
        for text, callback, help_text, _ in self.commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text), callback, text=text, help=help_text)
