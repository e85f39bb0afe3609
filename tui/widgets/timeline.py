"""The timeline: articles per month as bars; choosing a month adds it to the query."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.bindings import option_list_bindings
from tui.i18n import _, short_month
from tui.widgets.choice_list import ChoiceList
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


class Timeline(ChoiceList):
    """Months of the current results, oldest first, each with a bar and its count.

    A month counts what choosing it lists (date:YYYY-MM): the articles dated in it and those
    whose estimated interval overlaps it; "≈N" says how many of them are estimated.
    """

    BINDINGS = [*option_list_bindings("timeline")]

    @dataclass
    class Chosen(Message):
        """A month was chosen; `term` is the query term for it."""

        month: str
        term: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._months: list[tuple[str, int]] = []
        self._estimated: dict[str, int] = {}

    def show(self, months: list[tuple[str, int]], estimated: dict[str, int] | None = None) -> None:
        """Redraw the bars for these (YYYY-MM, count) pairs, of which `estimated` are estimated."""
        months, estimated = list(months), dict(estimated or {})
        if self.option_count and months == self._months and estimated == self._estimated:
            return  # the same counts (a query typed on, a facet count again): nothing to draw
        self._months = months
        self._estimated = estimated
        self._redraw()

    def _redraw(self) -> None:
        highlighted = self.highlighted
        largest = max((c for _, c in self._months), default=0)
        count_width = len(str(largest))
        guessed = {m: f"≈{n}" for m, n in self._estimated.items() if n}
        guess_width = max(map(len, guessed.values()), default=0)
        width = self.scrollable_content_region.width or 24
        extra = guess_width + 1 if guessed else 0
        labels = {month: short_month(month[:7]) for month, _count in self._months}
        label_width = max(map(len, labels.values()), default=7)
        room = max(2, width - label_width - 2 - count_width - extra)
        options = []
        for month, count in self._months:
            parts: list[str | Content] = [
                Content.styled(labels[month].ljust(label_width), "$text-muted"),
                " ",
                Content.styled(bar(count, largest, room).ljust(room), "$accent"),
                " ",
                Content(str(count).rjust(count_width)),
            ]
            if guessed:
                parts += [
                    " ",
                    Content.styled(guessed.get(month, "").ljust(guess_width), "$text-muted"),
                ]
            prompt = Content.assemble(*parts)
            options.append(Option(prompt, id=f"m{month[:7]}"))
        if not options:
            options.append(
                Option(Content.styled(_("no dated articles"), "$text-muted"), disabled=True)
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
