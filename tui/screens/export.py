"""The export dialog: pick a format (the focus starts there) and a file, Enter exports.

The file is named in full (an absolute path in the user's documents folder by default); a
relative name is taken in that folder, and the notice gives the absolute path written.
"""

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

from archive.names import show_path
from archive.text import clean_line
from tui.export import FORMATS, export_articles, export_folder, format_for_path

_LABELS = {"markdown": "Markdown", "json": "JSON", "csv": "CSV (spreadsheet-safe)"}


class ExportScreen(ModalScreen[Path | None]):
    """Ask where to export the results and in which format, then write them (answers the path)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        # Enter exports from the format list as well as from the file name.
        Binding("enter", "export", "Export", id="export.export", priority=True),
    ]

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
            yield Input(
                str(export_folder() / self.default_name), id="export-path", select_on_focus=False
            )
            yield Static(id="export-warning", markup=False)
            yield Static(
                Text("↑↓ format · enter exports · tab to the file name · esc cancels",
                     style="italic"),
                markup=False,
            )  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#export-format", RadioSet).focus()
        path_input = self.query_one("#export-path", Input)
        path_input.cursor_position = len(path_input.value)

    @property
    def chosen_format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return (pressed.id or "fmt-markdown").removeprefix("fmt-") if pressed else "markdown"

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self._suffix_for(self.chosen_format)

    def _suffix_for(self, fmt: str) -> None:
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value or self.default_name)
        if path.suffix.lower() in FORMATS.values() or not path.suffix:
            path_input.value = str(path.with_suffix(FORMATS[fmt]))

    def action_export(self) -> None:
        """Enter: on the format list, choose the format under the cursor; then export."""
        formats = self.query_one("#export-format", RadioSet)
        if self.focused is formats:
            button = next((b for b in formats.query(RadioButton) if b.has_class("-selected")), None)
            if button is not None and not button.value:
                button.value = True
                self._suffix_for((button.id or "fmt-markdown").removeprefix("fmt-"))
        self._submit(self.query_one("#export-path", Input).value)

    def _submit(self, value: str) -> None:
        value = value.strip()
        if not value:
            self.notify("Type a file name first.", markup=False, severity="warning")
            return
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = export_folder() / path
        if path.exists() and path != self._replace:
            # Never replace a file silently: a second Enter on the same name says yes.
            self._replace = path
            warning = f"{show_path(path)} exists: enter again to replace it"
            self.query_one("#export-warning", Static).update(Text(warning, style="bold"))
            return
        self._export(format_for_path(path, default=self.chosen_format), path)

    @on(Input.Changed, "#export-path")
    def _name_changed(self, event: Input.Changed) -> None:
        named = Path(event.value.strip()).expanduser()
        if self._replace is not None and export_folder() / named != self._replace:
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
        done = f"Exported {count} {noun} to {show_path(path.absolute())}"
        self.app.call_from_thread(self.notify, done, markup=False)
        self.app.call_from_thread(self.dismiss, path)

    def action_cancel(self) -> None:
        self.dismiss(None)
