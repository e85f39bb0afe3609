"""The real app in a real pty, on hostile titles and bodies: no escape sequence of theirs
reaches the terminal, and markup in them is shown as text, never turned into style or action.

Every byte the app writes is read back from the pty master and searched for the payloads.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from archive.model import Article, Block
from archive.read.importer import import_paths
from archive.store.library import Library
from tests import figures
from tests.conftest import DATA

MANCHETTE = Path(sys.executable).parent / "manchette"
# What the hostile pages carry; none of it may be written to the terminal as bytes.
PAYLOADS = {
    "OSC 0 title": b"\x1b]0;pwned",
    "OSC 52 clipboard": b"\x1b]52;",
    # The sequence, not the bare domain: a title's literal "[link=https://evil.example]"
    # is shown as the text it is (wide title columns show it whole).
    "OSC 8 hyperlink": b"]8;;https://evil.example",
    "C1 CSI": "\u009b".encode(),
    "BEL": b"\x07",
}


def _drain(fd: int, seconds: float, out: bytearray) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            out.extend(chunk)


RAW = "\x1b]0;pwned\x07Titre brut \x1b]52;c;cHduZWQ=\x07 [@click=app.quit]x[/] \u009b2J"


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pty")
@pytest.mark.parametrize("stored", ["imported", "raw"])
def test_hostile_text_never_reaches_the_terminal(tmp_path: Path, stored: str) -> None:
    """Imported pages are cleaned at import; a raw record (an old or hand-edited library)
    must still be cleaned at display."""
    library = tmp_path / "lib"
    lib = Library.open(library)
    import_paths(lib, [DATA / "hostile_pty", DATA / "hostile"])
    if stored == "raw":
        lib.write_articles(
            [Article(id="raw0000000000000", title=RAW, teaser=RAW, body=[Block("paragraph", RAW)])]
        )
        import_paths(lib, [DATA / "hostile_pty"])  # refreshes the index over the raw record
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [str(MANCHETTE), "--library", str(library)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    written = bytearray()
    try:
        _drain(master, 6.0, written)  # first frame
        for keys in (b"/", b"pwned", b"\r", b"\r", b"n", b"\x1b", b"/", b"\x15", b"titre", b"\r",
                     b"\r", b"\x1b", b"/", b"\x15", b"brut", b"\r", b"\r"):  # fmt: skip
            os.write(master, keys)
            _drain(master, 0.6, written)
        os.write(master, b"\r")  # open the second hostile article too
        _drain(master, 1.5, written)
        os.write(master, b"q")
        _drain(master, 0.5, written)
        os.write(master, b"q")
        _drain(master, 3.0, written)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        os.close(master)
    # Textual's own pointer-shape sequences (OSC 22) end with BEL; the page's BELs must not.
    screen = re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", bytes(written))
    leaked = {name: screen.count(p) for name, p in PAYLOADS.items() if p in screen}
    print(f"\n{len(screen):,} bytes written to the terminal; payloads leaked: {leaked or 0}")
    figures.add("escape bytes leaked", sum(leaked.values()))
    figures.add("inputs tried", 1)
    assert len(screen) > 2000, "the app drew nothing"
    assert not leaked
    # The markup is on screen as text (Textual writes plain runs of text between sequences).
    assert b"[@click=app.quit]" in screen
    assert b"renomme le terminal" in screen
