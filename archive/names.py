"""One rule for strings that reach a terminal or a file we write: nothing unprintable passes."""

from __future__ import annotations

import os
import re
from pathlib import Path

from archive.text import sanitize

# A backslash that could be read back as the start of an escape is doubled, so that the
# escaped form of a name always leads back to the same bytes.
_ESCAPE_START = re.compile(r"\\(?=[xuU\\])")
_UNESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")
# Code points that are never safe in a line of text: C0, DEL, C1, bidi controls, separators.
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _escape_char(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by os.fsdecode
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape_name(name: str) -> str:
    """A file name or path with every unprintable character shown as \\xNN or \\uNNNN.

    Printable names are unchanged (backslashes too, unless one could start an escape);
    unescape_name() gives the original back, so a stored name always finds its file again.
    """
    if name.isprintable() and "\\" not in name:
        return name
    name = _ESCAPE_START.sub(r"\\\\", name)
    return "".join(char if char.isprintable() else _escape_char(char) for char in name)


def unescape_name(shown: str) -> str:
    """The name escape_name() was given (bytes that were not UTF-8 as os.fsdecode keeps them)."""

    def back(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "\\":
            return "\\"
        value = int(code[1:], 16)
        if code[0] == "x" and value >= 0x80:
            return chr(0xDC00 + value)
        return chr(value)

    return _UNESCAPE.sub(back, shown)


def file_of(shown: str) -> Path:
    """The path on disk of a file name as stored in an article's sources."""
    return Path(os.fsdecode(os.fsencode(unescape_name(shown))))


def show_path(path: str | os.PathLike[str]) -> str:
    """A path for a message or a listing: its unprintable characters made visible."""
    return escape_name(os.fspath(path))


def terminal_text(text: str) -> str:
    """Article text for a terminal: escape sequences and control characters removed."""
    return sanitize(text)


def show_name(text: str) -> str:
    """A stored name or one-line message with anything unprintable made visible (\\x1b, \\n)."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape_char(char) for char in text)


def terminal_line(text: str) -> str:
    """A one-line message for a terminal: lines joined, anything unprintable made visible."""
    return show_name(" ".join(text.splitlines()))


def json_safe(payload: bytes) -> bytes:
    """JSON text whose strings carry no raw C1, DEL, bidi or line-separator characters.

    orjson already writes C0 controls (ESC included) as \\u escapes; these it leaves raw,
    and some terminals read them as escape sequences. Inside JSON they only occur in
    strings, where a \\u escape means the same character.
    """
    text = payload.decode("utf-8")
    if not _UNSAFE_IN_JSON.search(text):
        return payload
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")
