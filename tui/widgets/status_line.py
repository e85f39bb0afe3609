"""The status line: how many articles match and how long the query took."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


def count_label(shown: int, total: int) -> str:
    """ "12 of 3 402 articles" with thin grouping that reads well in French and English."""
    noun = "article" if total == 1 else "articles"
    return f"{shown:,} of {total:,} {noun}".replace(",", " ")


class StatusLine(Static):
    """One line under the list: "N of M articles · 3.1 ms · juin → 2025-06-01..2025-06-30"."""

    shown: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    elapsed_ms: reactive[float | None] = reactive(None)
    pending: reactive[bool] = reactive(False)
    period: reactive[str] = reactive("")  # the dates understood: "juin → 2025-06-01..2025-06-30"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(count_label(self.shown, self.total), "bold")
        if self.elapsed_ms is not None:
            text.append(f" · {self.elapsed_ms:.1f} ms")
        if self.period:
            text.append(" · ")
            text.append(self.period, "italic")
        if self.pending:
            text.append(" · searching…")
        return text
