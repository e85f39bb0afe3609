"""The export dialog: pick a format and a file name for the current results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from archive.text import clean_line
from tui.export import FORMATS, export_articles, format_for_path

_LABELS = {"markdown": "Markdown", "json": "JSON", "csv": "CSV (spreadsheet-safe)"}


class ExportScreen(ModalScreen[Path | None]):
    """Ask where to export the results and in which format, then write them (answers the path)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(
        self, library: Any, ids: list[str], query: str, default_name: str = "manchette-export.md"
    ) -> None:
        super().__init__()
        self.library = library
        self.ids = ids
        self.query_text = query
        self.count = len(ids)
        self.default_name = default_name
        self._replace: Path | None = None  # an existing file the user agreed to replace

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog") as box:
            box.border_title = "Export results"
            noun = "article" if self.count == 1 else "articles"
            yield Static(Text(f"Export {self.count:,} {noun} as:".replace(",", " ")), markup=False)
            with RadioSet(id="export-format"):
                for i, name in enumerate(FORMATS):
                    yield RadioButton(_LABELS[name], value=i == 0, id=f"fmt-{name}")
            yield Static(Text("to the file:"), markup=False)
            yield Input(self.default_name, id="export-path")
            yield Static(id="export-warning", markup=False)
            yield Static(
                Text("tab to move · enter to export · esc to cancel", style="italic"),
                markup=False,
            )

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    @property
    def chosen_format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return (pressed.id or "fmt-markdown").removeprefix("fmt-") if pressed else "markdown"

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value or self.default_name)
        if path.suffix.lower() in FORMATS.values() or not path.suffix:
            path_input.value = str(path.with_suffix(FORMATS[self.chosen_format]))

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            self.notify("Type a file name first.", markup=False, severity="warning")
            return
        path = Path(value).expanduser()
        if path.exists() and path != self._replace:
            # Never replace a file silently: a second Enter on the same name says yes.
            self._replace = path
            warning = f"{clean_line(str(path))} exists: enter again to replace it"
            self.query_one("#export-warning", Static).update(Text(warning, style="bold"))
            return
        self._export(format_for_path(path, default=self.chosen_format), path)

    @on(Input.Changed, "#export-path")
    def _name_changed(self, event: Input.Changed) -> None:
        if self._replace is not None and Path(event.value.strip()).expanduser() != self._replace:
            self._replace = None
            self.query_one("#export-warning", Static).update("")

    @work(thread=True, group="export", exclusive=True, exit_on_error=False)
    def _export(self, fmt: str, path: Path) -> None:
        try:
            count = export_articles(self.library, self.ids, path, fmt, self.query_text)
        except (OSError, ValueError) as error:
            # The dialog stays open: the user can fix the name and try again.
            message = f"Export failed: {clean_line(str(error))}"
            self.app.call_from_thread(self.notify, message, markup=False, severity="error")
            return
        noun = "article" if count == 1 else "articles"
        done = f"Exported {count} {noun} to {clean_line(str(path))}"
        self.app.call_from_thread(self.notify, done, markup=False)
        self.app.call_from_thread(self.dismiss, path)

    def action_cancel(self) -> None:
        self.dismiss(None)
