"""A one-line question in a modal: a name for a search, a tag, paths to import."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.i18n import N_, _


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers it, Esc cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="prompt.cancel")]

    def __init__(
        self, title: str, hint: Text | str = "", value: str = "", placeholder: str = ""
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.hint = hint if isinstance(hint, Text) else Text(hint)
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box", classes="dialog") as box:
            box.border_title = self.prompt_title
            yield Static(self.hint, id="prompt-hint", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(
                Text(_("enter to confirm · esc to cancel"), style="italic"),
                id="prompt-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
