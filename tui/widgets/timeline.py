"""The timeline: articles per month as bars; choosing a month adds it to the query."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.bindings import option_list_bindings
from tui.widgets.query_bar import facet_term

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: int, largest: int, width: int) -> str:
    """A horizontal bar of `width` cells at most, in eighths of a cell."""
    if largest <= 0 or width <= 0:
        return ""
    eighths = round(count / largest * width * 8)
    if count and not eighths:
        eighths = 1
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


class Timeline(OptionList):
    """Months of the current results, oldest first, each with a bar and its count."""

    BINDINGS = [*option_list_bindings("timeline")]

    @dataclass
    class Chosen(Message):
        """A month was chosen; `term` is the query term for it."""

        month: str
        term: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._months: list[tuple[str, int]] = []

    def show(self, months: list[tuple[str, int]]) -> None:
        """Redraw the bars for these (YYYY-MM, count) pairs."""
        self._months = list(months)
        self._redraw()

    def _redraw(self) -> None:
        highlighted = self.highlighted
        largest = max((c for _, c in self._months), default=0)
        count_width = len(str(largest))
        room = max(4, (self.size.width or 30) - 8 - count_width - 4)
        options = []
        for month, count in self._months:
            prompt = Content.assemble(
                Content.styled(month[:7], "$text-muted"),
                " ",
                Content.styled(bar(count, largest, room).ljust(room), "$accent"),
                " ",
                Content(str(count).rjust(count_width)),
            )
            options.append(Option(prompt, id=f"m{month[:7]}"))
        if not options:
            options.append(
                Option(Content.styled("no dated articles", "$text-muted"), disabled=True)
            )
        self.set_options(options)
        if highlighted is not None:
            self.highlighted = min(highlighted, len(options) - 1)

    def on_resize(self, event: events.Resize) -> None:
        if self._months:
            self._redraw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        month = (event.option.id or "")[1:]
        if month:
            self.post_message(self.Chosen(month, facet_term("date", month)))
