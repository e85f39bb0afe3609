"""The sidebar list of facets: saved searches, tags by kind and agencies, with counts that follow the query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from archive.text import clean_line
from tui.bindings import option_list_bindings
from tui.widgets.choice_list import ChoiceList
from tui.widgets.query_bar import facet_term

_KIND_TITLES = {
    "user": "My tags",
    "category": "Categories",
    "section": "Sections",
    "keyword": "Keywords",
}
_PER_KIND = 12
_AGENCIES = 10


@dataclass(frozen=True)
class FacetChoice:
    """What choosing a line does: add a term to the query, or replace the query (a saved search)."""

    kind: str  # "term" or "saved"
    value: str


def _line(label: str, count: int | None, width: int) -> Content:
    """One option on one line: the untrusted label as plain content, then its count at the right."""
    label = clean_line(label) or "(empty)"
    number = "" if count is None else f" {count}"
    room = max(4, width - cell_len(number))
    text = Text(label, no_wrap=True, end="")
    text.truncate(room, overflow="ellipsis", pad=count is not None)
    return Content.assemble(Content(text.plain), Content.styled(number, "$text-muted"))


class FacetList(ChoiceList):
    """Facets of the current results; choosing one adds it to the query."""

    BINDINGS = [*option_list_bindings("facets")]

    @dataclass
    class Chosen(Message):
        """A facet or saved search was chosen."""

        choice: FacetChoice

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._choices: dict[str, FacetChoice] = {}
        self._facets: Any = None
        self._saved: dict[str, str] = {}

    def show(self, facets: Any = None, saved: dict[str, str] | None = None) -> None:
        """Redraw with new facet counts and/or saved searches, keeping the highlighted line."""
        if facets is not None:
            self._facets = facets
        if saved is not None:
            self._saved = dict(saved)
        highlighted = self.highlighted
        options = list(self._build_options())
        self.set_options(options)
        if highlighted is not None and options:
            self.highlighted = min(highlighted, len(options) - 1)

    def on_resize(self, event: events.Resize) -> None:
        if self.option_count:
            self.show()

    def _header(self, title: str) -> Option:
        return Option(Content.styled(title, "bold $accent"), disabled=True)

    def _choice(self, choice: FacetChoice, prompt: Content) -> Option:
        key = f"c{len(self._choices)}"
        self._choices[key] = choice
        return Option(prompt, id=key)

    def _build_options(self) -> Iterable[Option]:
        self._choices = {}
        # The content region leaves out the (stable) scrollbar gutter; before the first
        # layout it is empty, and on_resize draws again once it is known.
        width = self.scrollable_content_region.width or 24
        if self._saved:
            yield self._header("Saved searches")
            for name, query in sorted(self._saved.items()):
                yield self._choice(FacetChoice("saved", query), _line(name, None, width))
        facets = self._facets
        if facets is None:
            return
        by_kind: dict[str, list[tuple[str, int]]] = {}
        for name, kind, count in facets.tags:
            by_kind.setdefault(kind, []).append((name, count))
        for kind in ("user", "category", "section", "keyword"):
            tags = by_kind.get(kind, [])[:_PER_KIND]
            if not tags:
                continue
            yield self._header(_KIND_TITLES[kind])
            for name, count in tags:
                yield self._choice(
                    FacetChoice("term", facet_term("tag", name)), _line(name, count, width)
                )
        if facets.agencies:
            yield self._header("Agencies")
            for name, count in facets.agencies[:_AGENCIES]:
                yield self._choice(
                    FacetChoice("term", facet_term("agency", name)), _line(name, count, width)
                )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self._choices.get(event.option.id or "")
        if choice is not None:
            self.post_message(self.Chosen(choice))
