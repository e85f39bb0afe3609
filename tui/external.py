"""Handing an article to other programs: $PAGER, $EDITOR at the source line, a shell pipe."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

from archive.text import clean_line, sanitize
from tui.i18n import _

PIPE_TIMEOUT_S = 60.0
_OUTPUT_SHOWN = 3  # lines of a piped command's output shown in the notification


def article_plain_text(article: Any) -> str:
    """The article as plain text: title, date, tags, then the body (for a pager or a pipe)."""
    from tui.widgets.article_view import date_line

    lines = [clean_line(article.title) or _("(untitled)"), date_line(article)]
    details = [clean_line(x) for x in (article.agency, article.site) if x]
    if details:
        lines.append(" · ".join(details))
    if article.tags:
        lines.append(_("Tags:") + " " + ", ".join(clean_line(t.name) for t in article.tags))
    lines.append("")
    for block in article.text_blocks:
        text = sanitize(block.text)
        if block.type == "heading":
            lines += [text.upper(), ""]
        elif block.type == "bullet":
            lines.append("  • " + text.lstrip("•-*–· "))
        elif block.type == "quote":
            lines += ["    " + text, ""]
        else:
            lines += [text, ""]
    return "\n".join(lines).rstrip() + "\n"


def _program(variable: str, fallbacks: tuple[str, ...]) -> list[str] | None:
    """The command named by an environment variable, else the first fallback installed."""
    value = os.environ.get(variable, "").strip()
    if value:
        try:
            words = shlex.split(value)
        except ValueError:
            words = []
        if words:
            return words
    for name in fallbacks:
        if shutil.which(name):
            return [name]
    return None


def pager_command() -> list[str] | None:
    """$PAGER (else less, else more)."""
    return _program("PAGER", ("less", "more"))


def editor_command(file: str, line: int | None) -> list[str] | None:
    """$VISUAL or $EDITOR (else vi, else nano), opening `file` at `line` (+LINE, as most accept)."""
    words = _program("VISUAL", ()) or _program("EDITOR", ("vi", "nano"))
    if words is None:
        return None
    at_line = [f"+{line}"] if line and line > 0 else []
    if file.startswith("-"):  # never read as an option of the editor
        file = "./" + file
    return [*words, *at_line, file]


def source_location(article: Any) -> tuple[str, int | None] | None:
    """The first source file of the article that still exists, and its line."""
    for source in article.sources:
        if source.file and Path(source.file).is_file():
            return source.file, source.line
    return None


def run_in_terminal(argv: list[str], text: str | None = None) -> int:
    """Run a program on the terminal (the app is suspended), the text on its standard input."""
    try:
        done = subprocess.run(argv, input=text, text=True, check=False)
    except OSError as error:
        raise ExternalError(
            _("could not run {program}: {error}").format(
                program=clean_line(argv[0]), error=error.strerror or error
            )
        ) from None
    return done.returncode


def pipe_text(command: str, text: str) -> str:
    """Run a shell command with the text on its standard input; a one-line report of its output."""
    try:
        done = subprocess.run(
            command,
            shell=True,  # the user typed a shell command line, pipes and all
            input=text,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=PIPE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExternalError(
            _("gave up after {seconds} s: {command}").format(
                seconds=f"{PIPE_TIMEOUT_S:.0f}", command=clean_line(command)
            )
        ) from None
    except OSError as error:
        raise ExternalError(
            _("could not run {program}: {error}").format(
                program=clean_line(command), error=error.strerror or error
            )
        ) from None
    output = [clean_line(x) for x in (done.stdout + done.stderr).splitlines() if x.strip()]
    shown = " ⏎ ".join(output[-_OUTPUT_SHOWN:])
    if done.returncode == 0:
        status = _("done")
    else:
        status = _("exit status {code}").format(code=done.returncode)
    return f"| {clean_line(command)}: {status}" + (f" — {shown}" if shown else "")


class ExternalError(Exception):
    """Another program could not be run; str() is one line for a notification."""
