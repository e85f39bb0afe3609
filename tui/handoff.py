"""Handing the article to other programs: $PAGER, $EDITOR, a shell pipe, the clipboard (OSC 52)."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import SuspendNotSupported

from archive.text import clean_line
from tui.app_parts import AppParts
from tui.external import (
    ExternalError,
    article_plain_text,
    editor_command,
    pager_command,
    pipe_text,
    run_in_terminal,
    source_location,
)
from tui.i18n import N_, _
from tui.screens.prompt import PromptScreen

PIPE_SETTING = "last_pipe_command"


class HandOff(AppParts):
    """App mixin: p opens the pager, E the editor at the source line, | pipes, y / Y copy."""

    def _looked_at(self) -> Any:
        """The article the user is looking at, or None (with a word why)."""
        article_id = self.current_article_id()
        article = self.library.get(article_id) if article_id is not None else None
        if article is None:
            self.notify(_("No article here."), markup=False, severity="warning", timeout=2)
        return article

    def _hand_terminal(self, argv: list[str], text: str | None = None) -> bool:
        """Suspend the app, run argv on the terminal, come back; False if it could not run."""
        try:
            with self.suspend():
                run_in_terminal(argv, text)
        except SuspendNotSupported:
            self.notify(
                _("This terminal cannot be handed to another program here (a web browser?)."),
                markup=False,
                severity="warning",
            )
            return False
        except ExternalError as error:
            self.notify(str(error), markup=False, severity="error")
            return False
        return True

    def action_open_pager(self) -> None:
        article = self._looked_at()
        if article is None:
            return
        argv = pager_command()
        if argv is None:
            self.notify(_("No pager: set $PAGER (less was not found)."), markup=False)
            return
        if self._hand_terminal(argv, article_plain_text(article)):
            self.mark_opened(article.id)
            self.main.result_list.refresh()

    def action_open_editor(self) -> None:
        article = self._looked_at()
        if article is None:
            return
        location = source_location(article)
        if location is None:
            files = ", ".join(clean_line(s.file) for s in article.sources[:2]) or "none recorded"
            self.notify(
                _("The source file is not there any more ({files}).").format(files=files),
                markup=False,
            )
            return
        argv = editor_command(*location)
        if argv is None:
            self.notify(_("No editor: set $EDITOR."), markup=False)
            return
        self._hand_terminal(argv)

    def action_pipe(self) -> None:
        article = self._looked_at()
        if article is None:
            return
        last = self.library.get_setting(PIPE_SETTING) or ""
        hint = Text(_("A shell command; the article's text goes to its standard input."))

        def done(command: str | None) -> None:
            if not command:
                return
            self.marks_keeper.save(
                N_("the command"), self.library.set_setting, PIPE_SETTING, command
            )
            self.run_worker(
                partial(self._pipe_now, command, article_plain_text(article)),
                thread=True,
                group="pipe",
                exit_on_error=False,
            )

        value = last if isinstance(last, str) else ""
        self.push_screen(
            PromptScreen(_("Pipe the article to"), hint, value=value, placeholder="wc -w"), done
        )

    def _pipe_now(self, command: str, text: str) -> None:
        try:
            report = pipe_text(command, text)
        except ExternalError as error:
            self.call_from_thread(self.notify, str(error), markup=False, severity="error")
            return
        self.call_from_thread(self.notify, report, markup=False, timeout=8)

    def action_copy_title(self) -> None:
        article = self._looked_at()
        if article is not None:
            self.copy_to_clipboard(clean_line(article.title))
            self.notify(_("Title copied to the clipboard"), markup=False, timeout=1.5)

    def action_copy_text(self) -> None:
        article = self._looked_at()
        if article is not None:
            self.copy_to_clipboard(article_plain_text(article))
            self.notify(_("Article text copied to the clipboard"), markup=False, timeout=1.5)
