"""What an empty library shows: how to import articles, and the sample archive one key away."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.i18n import _


def empty_library_text(directory: str) -> Text:
    """The explanation shown when the library has no articles yet."""
    text = Text(justify="left")
    text.append(_("Your library is empty.") + "\n\n", "bold")
    text.append(_("Press") + " ")
    text.append("i", "bold reverse")
    text.append(" " + _("to import the bundled sample archive (5 pages of French news)") + "\n")
    text.append(_("or") + " ")
    text.append("ctrl+p", "bold reverse")
    text.append(" / ")
    text.append(":", "bold reverse")
    text.append(" " + _("then “Import files…” to import your own files.") + "\n\n")
    text.append(_("From a shell:") + "  ")
    text.append("manchette import PATH…", "bold")
    text.append("\n\n" + _("Library:") + " ")
    text.append(directory)
    return text


class EmptyState(Static, can_focus=True):
    """Shown instead of the list while the library has no articles."""

    def __init__(self, directory: str, *, id: str | None = None) -> None:
        super().__init__(empty_library_text(directory), id=id, markup=False)
