"""The help screen, generated from the bindings of the app, its screens and widgets (one source)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.query_help import LIST_MARKS, QUERY_SYNTAX
from tui.screens.article import ArticleScreen
from tui.screens.main import MainScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.key_bar import KeyBar
from tui.widgets.result_list import ResultList

HelpSection = tuple[str, Sequence[BindingType]]


def binding_rows(
    bindings: Iterable[BindingType], key_display: Callable[[Binding], str]
) -> list[tuple[str, str]]:
    """(keys, description) per action, secondary keys joined to the main one: "j / ↓"."""
    keys: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        descriptions.setdefault(binding.action, binding.tooltip or binding.description)
        shown = key_display(binding)
        if shown not in keys.setdefault(binding.action, []):
            keys[binding.action].append(shown)
    return [(" / ".join(keys[action]), descriptions[action]) for action in keys]


def help_table(sections: Sequence[HelpSection], key_display: Callable[[Binding], str]) -> Table:
    """A two-column table: keys and what they do, one block per section."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    for i, (title, bindings) in enumerate(sections):
        if i:
            table.add_row("", "")
        table.add_row(Text(""), Text(title, style="bold underline"))
        for keys, description in binding_rows(bindings, key_display):
            table.add_row(Text(keys), Text(description))
    return table


def pairs_table(title: str, pairs: Sequence[tuple[str, str]]) -> Table:
    """A titled two-column table of what is written (a mark, a query) and what it means."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    table.add_row(Text(""), Text(title, style="bold underline"))
    for written, meaning in pairs:
        table.add_row(Text(written), Text(meaning))
    return table


def help_sections(app_bindings: Sequence[BindingType]) -> list[HelpSection]:
    """The keys of every part of manchette, read from the classes that bind them."""
    return [
        ("Everywhere", app_bindings),
        ("Main screen", MainScreen.BINDINGS),
        ("Result list", ResultList.BINDINGS),
        ("Article (preview or full screen)", [*ArticleView.BINDINGS, *ArticleScreen.BINDINGS]),
    ]


class HelpScreen(ModalScreen[None]):
    """Every key of manchette, grouped by where it works."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close help", id="help.close"),
        Binding("question_mark", "dismiss", "Close help", show=False, id="help.close_q"),
        Binding("q", "dismiss", "Close help", show=False, id="help.close_quit"),
        Binding("j", "scroll('down')", "Scroll", show=False, id="help.down"),
        Binding("k", "scroll('up')", "Scroll", show=False, id="help.up"),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys — esc to close"
            yield Static(help_table(self.sections, self.app.get_key_display), id="help-table")
            yield Static(pairs_table("The list's marks", LIST_MARKS), id="help-marks")
            yield Static(pairs_table("Queries", QUERY_SYNTAX), id="help-queries")
            yield Static(
                Text(
                    "Choosing a facet or a month (Enter) adds it to the query, again removes it. "
                    "The mouse works too, but every action has a key.",
                    style="italic",
                ),
                id="help-notes",
            )
        yield KeyBar()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)
