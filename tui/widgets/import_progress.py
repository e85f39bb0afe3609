"""The import bar: runs an import off the input path and shows how far it got."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ProgressBar, Static

from archive.store.library import LibraryError
from archive.text import clean_line


def import_summary(report: Any) -> str:
    """One line saying what an import did."""
    summary = (
        f"Imported {report.files_read} files: {report.articles_new} new, "
        f"{report.articles_updated} updated articles"
    )
    if report.skipped:
        first = clean_line(report.skipped[0][1])
        summary += f"; {len(report.skipped)} skipped (first: {first})"
    return summary


class ImportProgress(Horizontal):
    """A one-line bar above the status line while files are imported; hidden otherwise."""

    @dataclass
    class Advanced(Message):
        """`done` of `total` files read."""

        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ImportProgress.Advanced)

    @dataclass
    class Finished(Message):
        """The import ended; `summary` is one line for the user."""

        summary: str
        ok: bool

    def compose(self) -> ComposeResult:
        yield Static(Text("Importing…"), id="import-label", markup=False)
        yield ProgressBar(id="import-bar", show_eta=False)

    @property
    def running(self) -> bool:
        """True while an import is going on."""
        return self.has_class("-running")

    def start(self, library: Any, paths: list[Path], write_lock: threading.Lock) -> None:
        """Import these files or folders into the library in a worker thread."""
        self.add_class("-running")
        self.query_one("#import-bar", ProgressBar).update(total=None, progress=0)
        self.query_one("#import-label", Static).update(Text("Importing…"))
        self._run(library, paths, write_lock)

    @work(thread=True, group="import", exit_on_error=False)
    def _run(self, library: Any, paths: list[Path], write_lock: threading.Lock) -> None:
        from archive.read.importer import import_paths

        def progress(done: int, total: int) -> None:
            self.post_message(self.Advanced(done, total))

        try:
            with write_lock:
                report = import_paths(library, paths, progress)
        except (LibraryError, OSError) as error:
            self.post_message(self.Finished(f"Import failed: {clean_line(str(error))}", ok=False))
            return
        self.post_message(self.Finished(import_summary(report), ok=True))

    def on_import_progress_advanced(self, message: Advanced) -> None:
        self.query_one("#import-bar", ProgressBar).update(
            total=message.total, progress=message.done
        )
        label = f"Importing {message.done}/{message.total} files…"
        self.query_one("#import-label", Static).update(Text(label))

    def on_import_progress_finished(self, message: Finished) -> None:
        self.remove_class("-running")
