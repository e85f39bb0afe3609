"""Turn a file's bytes into text, or a one-line reason why it cannot be read as a page."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

MAX_FILE_BYTES = 16 * 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:65536]
        controls = sum(
            1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0
        )
        if sample and controls / len(sample) > 0.02:
            if encoding == "utf-8":
                raise SkipFile("binary file (control bytes), not a text page")
            continue
        return text
    raise SkipFile("binary or undecodable data (not UTF-8, Windows-1252 or Latin-1 text)")


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
    return text
