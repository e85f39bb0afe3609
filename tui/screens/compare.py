"""Two versions of one dispatch compared word by word: what was added, cut or reworded."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from archive.text import clean_line
from tui.i18n import N_, _, long_date, ngettext
from tui.threads import article_words, compare_texts
from tui.widgets.key_bar import KeyBar


def _who(article: Any) -> str:
    source = (
        article.site
        or article.agency
        or next((s.archive for s in article.sources if s.archive), None)
    )
    when = long_date(str(article.date)) if article.date else _("date unknown")
    return clean_line(f"{source or _('source unknown')} · {when}")


class CompareScreen(Screen[None]):
    """The article and one of its versions, as one text: cut words struck, added underlined."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="compare.back", tooltip=N_("Back to the article")),
        Binding("q", "back", N_("Back"), show=False, id="compare.back_q"),
        Binding("h", "back", N_("Back"), show=False, id="compare.back_h"),
        Binding(
            "v",
            "next_version",
            N_("Next version"),
            id="compare.next",
            tooltip=N_("Compare with the next version"),
        ),  # fmt: skip
        Binding("j", "scroll(1)", N_("Down"), show=False, id="compare.down"),
        Binding("k", "scroll(-1)", N_("Up"), show=False, id="compare.up"),
        Binding("space", "scroll(10)", N_("Page down"), show=False, id="compare.page"),
    ]

    def __init__(self, article: Any, versions: list[Any]) -> None:
        super().__init__(id="compare")
        self.article = article
        self.versions = versions
        self.index = 0
        self.summary = (0, 0, 0)  # added, cut, reworded: what the screen shows

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="compare-scroll"):
            yield Static(Text(""), id="compare-head")
            yield Static(Text(""), id="compare-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self._draw()
        self.query_one("#compare-scroll").focus()

    def _draw(self) -> None:
        other = self.versions[self.index]
        result = compare_texts(article_words(self.article), article_words(other))
        self.summary = (result.added, result.cut, result.reworded)
        head = Text()
        head.append(_("Comparing versions"), "bold")
        head.append(
            "  "
            + _("({index} of {count}; v: next)").format(
                index=self.index + 1, count=len(self.versions)
            )
            + "\n",
            "dim",
        )
        head.append("− ", "red")
        head.append(clean_line(self.article.title), "bold")
        head.append(f"\n  {_who(self.article)}\n", "dim")
        head.append("+ ", "green")
        head.append(clean_line(other.title), "bold")
        head.append(f"\n  {_who(other)}\n", "dim")
        head.append(
            ngettext(
                "{added} word added, {cut} cut, {reworded} reworded",
                "{added} words added, {cut} cut, {reworded} reworded",
                result.added,
            ).format(added=result.added, cut=result.cut, reworded=result.reworded)
            + "\n",
            "italic",
        )
        self.query_one("#compare-head", Static).update(head)
        self.query_one("#compare-body", Static).update(result.text)

    def action_next_version(self) -> None:
        self.index = (self.index + 1) % len(self.versions)
        self._draw()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#compare-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()
