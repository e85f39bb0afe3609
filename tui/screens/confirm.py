"""A yes/no question in a modal: y or Enter says yes, n or Esc says no."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import N_, _


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something that cannot be undone with one key (answers True or False)."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("enter", "answer(True)", N_("Yes"), show=False, id="confirm.enter"),
        Binding("n", "answer(False)", N_("No"), id="confirm.no"),
        Binding("escape", "answer(False)", N_("No"), show=False, id="confirm.cancel"),
    ]

    def __init__(self, title: str, question: Text | str) -> None:
        super().__init__()
        self.confirm_title = title
        self.question = question if isinstance(question, Text) else Text(question)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog") as box:
            box.border_title = self.confirm_title
            yield Static(self.question, id="confirm-question", markup=False)
            yield Static(
                Text(_("y or enter: yes · n or esc: no"), style="italic"),
                id="prompt-keys",
                markup=False,
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
