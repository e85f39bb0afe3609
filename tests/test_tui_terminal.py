"""The real `manchette` command in a real terminal (tmux): search, open an article, quit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    hostile_library_fixture,  # noqa: F401
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
)

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
MANCHETTE = Path(sys.executable).with_name("manchette")


class Terminal:
    """A tmux server of our own with one 80x24 window running a command."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def start(
        self, command: str, size: tuple[int, int] = (80, 24), term: str = "xterm-256color"
    ) -> None:
        env_prefix = " ".join(
            f"{k}={shlex_quote(v)}"
            for k, v in os.environ.items()
            if k.startswith(("XDG_", "MANCHETTE")) or k in ("HOME", "PATH")
        )
        shell = f"env TERM={term} COLORTERM= {env_prefix} {command}; echo EXITED:$?; sleep 30"
        subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                shell,
            ],
            check=True,
            timeout=10,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def coloured_screen(self) -> str:
        """The screen with its SGR escape sequences."""
        return self.tmux("capture-pane", "-e", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def text(self, text: str) -> None:
        self.tmux("send-keys", "-t", "t", "-l", text)

    def wait_for(self, pattern: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never appeared; the screen was:\n{screen}")

    def close(self) -> None:
        self.tmux("kill-server")


def shlex_quote(value: str) -> str:
    import shlex

    return shlex.quote(value)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"manchette-test-{os.getpid()}-{time.monotonic_ns()}")
    yield term
    term.close()


def test_search_open_and_quit_in_tmux(terminal: Terminal, sample_library: Path) -> None:
    terminal.start(f"{MANCHETTE} --library {sample_library}")
    terminal.wait_for(r"26 of 26 articles")
    terminal.keys("/")
    terminal.text("kremlin")
    screen = terminal.wait_for(r"\b([1-9]|1[0-9]) of 26 articles")
    assert "kremlin" in screen
    terminal.keys("Enter")  # to the list
    terminal.keys("Enter")  # open the first article: full screen at 80 columns
    screen = terminal.wait_for(r"Found in(.|\n)*esc Back")
    assert re.search(r"(?i)kremlin", screen)
    terminal.keys("Escape")
    terminal.wait_for(r"of 26 articles")
    terminal.keys("q")
    terminal.wait_for(r"EXITED:0")


def test_hostile_titles_never_reach_the_terminal(terminal: Terminal, hostile_library: Path) -> None:
    terminal.start(f"{MANCHETTE} --library {hostile_library}", size=(120, 30))
    screen = terminal.wait_for(r"of 9 articles")
    assert "[@click=app.quit]x[/]" in screen
    assert "[bold]loud" in screen
    terminal.keys("Enter")
    terminal.wait_for(r"Found in")
    assert "pwned" not in terminal.tmux("display-message", "-p", "-t", "t", "#{pane_title}")
    terminal.keys("q")
    terminal.wait_for(r"EXITED:0")


def wait_for_file(path: Path, timeout: float = 10) -> str:
    """The text of a file another program writes, once it has a whole line."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8").endswith("\n"):
            return path.read_text(encoding="utf-8")
        time.sleep(0.1)
    raise AssertionError(f"{path} was never written")


def test_pager_and_editor_take_the_terminal_and_give_it_back(
    terminal: Terminal, sample_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged = tmp_path / "paged.txt"
    edited = tmp_path / "edited.txt"
    # The "pager" keeps what it was given; the "editor" notes its arguments (+LINE FILE).
    monkeypatch.setenv("MANCHETTE_TEST_PAGER", f"sh -c 'cat > {paged}'")
    monkeypatch.setenv("MANCHETTE_TEST_EDITOR", f"sh -c 'echo \"$0 $1\" > {edited}'")
    terminal.start(
        'env PAGER="$MANCHETTE_TEST_PAGER" EDITOR="$MANCHETTE_TEST_EDITOR" VISUAL= '
        f"{MANCHETTE} --library {sample_library}"
    )
    terminal.wait_for(r"26 of 26 articles")
    # Keys sent while the app is suspended would go to the pager, so each step waits for the
    # program's file first (the app is away then), and only then for the app's screen again.
    terminal.keys("p")
    text = wait_for_file(paged)
    first_line = text.splitlines()[0]
    terminal.wait_for(r"26 of 26 articles")  # back in the app
    assert first_line[:20] in terminal.screen().replace("…", "")
    terminal.keys("E")
    line, file = wait_for_file(edited).split()
    terminal.wait_for(r"26 of 26 articles")
    assert re.fullmatch(r"\+\d+", line) and Path(file).is_file()
    terminal.keys("q")
    terminal.wait_for(r"EXITED:0")


def test_a_bad_config_file_says_which_line_and_the_app_starts(
    terminal: Terminal, sample_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\ndate_format = %d\n', encoding="utf-8")
    monkeypatch.setenv("MANCHETTE_CONFIG", str(config))
    terminal.start(f"{MANCHETTE} --library {sample_library}", size=(120, 30))
    screen = terminal.wait_for(r"line 2")
    assert "26 of 26 articles" in terminal.wait_for(r"26 of 26 articles")
    assert "config" in screen and "ignored" in screen
    terminal.keys("q")
    terminal.wait_for(r"EXITED:0")


_SGR = re.compile(r"\x1b\[([\d;]*)m")


def sgr_codes(screen: str) -> set[str]:
    """Every SGR parameter used on the screen ("31", "43", "1", ...)."""
    return {code for params in _SGR.findall(screen) for code in params.split(";") if code}


def test_sixteen_colours_use_the_terminal_palette_and_readable_matches(
    terminal: Terminal, sample_library: Path
) -> None:
    terminal.start(f"{MANCHETTE} --library {sample_library}", size=(80, 24), term="xterm")
    terminal.wait_for(r"26 of 26 articles")
    terminal.keys("f")
    terminal.wait_for(r"Categories")
    listing = terminal.coloured_screen()
    # No red (31, 91) for headers, dates or titles: red is for errors.
    assert not {"31", "91"} & sgr_codes(listing), listing
    terminal.keys("f", "/")
    terminal.text("trump")
    terminal.wait_for(r"\b([1-9]|1\d|2[0-5]) of 26 articles")
    terminal.keys("Enter", "Enter")
    terminal.wait_for(r"Found in")
    article = terminal.coloured_screen()
    assert not {"31", "91"} & sgr_codes(article)
    # A match is black on yellow, never bright white on yellow.
    assert re.search(r"\x1b\[30m\x1b\[43m|\x1b\[43m\x1b\[30m|\x1b\[(30;43|43;30)m", article), (
        article
    )
    terminal.keys("q")
    terminal.wait_for(r"EXITED:0")
