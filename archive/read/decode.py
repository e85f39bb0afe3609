"""Turn a file's bytes into text, or a one-line reason why it cannot be read as a page."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

MAX_FILE_BYTES = 16 * 1024 * 1024
# Reading costs per line (about 13 µs): a file of millions of short lines took 40 s and a
# gigabyte. Real listings stay far below this.
MAX_LINES = 100_000
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Control characters that text pages do not have (ESC, BEL and CSI start escape sequences,
# which scraped text does carry and which are stripped later).
_BINARY_CONTROLS = re.compile(r"[\x00-\x06\x08\x0e-\x1a\x1c-\x1f\x7f-\x9a\x9c-\x9f]")


class SkipFile(Exception):
    """A file that is not imported; str() is the one-line reason."""


def _size_label(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def decode_bytes(data: bytes) -> str:
    """Decode a page: BOM, then UTF-8, then Windows-1252, then Latin-1; refuse binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise SkipFile(f"undecodable {encoding} text at byte {e.start}") from None
    if b"\x00" in data[:65536]:
        raise SkipFile("binary file (NUL bytes), not a text page")
    text = _decode_guess(data)
    sample = text[:65536]
    # ESC and BEL belong to escape sequences in scraped text (stripped later), not to binary data.
    controls = len(_BINARY_CONTROLS.findall(sample)) if _BINARY_CONTROLS.search(sample) else 0
    if sample and controls / len(sample) > 0.05:
        raise SkipFile("binary file (control bytes), not a text page")
    return text


def _decode_guess(data: bytes) -> str:
    """UTF-8; mostly-UTF-8 with a few bad bytes (replaced); else Windows-1252; else Latin-1."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for c in lenient if ord(c) > 0x7F and c != "\ufffd")
    if good > bad:
        return lenient
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(path: Path) -> str:
    """The text of a page file; raises SkipFile with the reason for empty, huge or binary files."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise SkipFile("empty file")
        if size > MAX_FILE_BYTES:
            limit = _size_label(MAX_FILE_BYTES)
            raise SkipFile(f"too large ({_size_label(size)}; pages over {limit} are skipped)")
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise SkipFile(f"cannot read: {os.strerror(e.errno) if e.errno else e}") from None
    text = decode_bytes(data)
    if not text.strip():
        raise SkipFile("no text (only white space)")
    lines = max(text.count("\n"), text.count("\r"))
    if lines > MAX_LINES:
        raise SkipFile(f"too many lines ({lines:,}; pages over {MAX_LINES:,} lines are skipped)")
    return text
