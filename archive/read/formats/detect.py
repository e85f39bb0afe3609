"""A file's first bytes in, the kind of document it holds out: text, html, warc, feed, jsonl, json, csv.

Detection is by content, so a page saved as .txt or a feed saved without an extension is read
for what it is; anything not recognised is a text dump, read by the text reader as before.
"""

from __future__ import annotations

import codecs
import re
import zlib
from pathlib import Path

import orjson

from archive.read.formats.exports import sniff_delimiter
from archive.read.formats.fields import FIELDS

KINDS = ("text", "html", "warc", "feed", "jsonl", "json", "csv", "asset")
# What a browser's "save page, complete" puts beside the page: read by no one.
ASSET_SUFFIXES = frozenset({".js", ".mjs", ".css", ".map", ".svg", ".woff", ".woff2", ".ttf"})
HEAD_BYTES = 65_536
_FEED_ROOT = re.compile(r"<(?:rss|rdf:rdf|feed|channel)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)
# A doctype, with its internal subset (where entity declarations live) when it has one.
_DOCTYPE = re.compile(
    r"<!doctype\s+(?P<root>[\w:.-]+)[^\[>]*(?:\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL
)
_KNOWN_COLUMNS = {name for names in FIELDS.values() for name in names}


def _skip_prolog(text: str) -> str:
    """The text after the XML declaration, comments and doctype-free white space."""
    text = text.lstrip()
    while text.startswith(("<?", "<!--")):
        end = text.find("?>" if text.startswith("<?") else "-->")
        if end < 0:
            return ""
        text = text[end + (2 if text.startswith("<?") else 3) :].lstrip()
    return text


def _head_text(head: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    return head.replace(b"\x00", b"").decode("utf-8", errors="ignore")


def detect_bytes(head: bytes, extra_columns: set[str] | None = None) -> str:
    """The kind of a document from its first bytes (see KINDS)."""
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return "text"
        return "warc" if inner.startswith(b"WARC/") else "text"
    if head.startswith(b"WARC/"):
        return "warc"
    text = _head_text(head).lstrip()
    if text.startswith("<"):
        body = _skip_prolog(text)
        if body[:4].lower() == "<svg":
            return "asset"
        doctype = _DOCTYPE.match(body)
        if doctype is not None:
            if doctype["root"].lower() == "html":
                return "html"
            body = _skip_prolog(body[doctype.end() :])
        if _FEED_ROOT.match(body):
            return "feed"
        if _HTML_ROOT.search(body[:4096]):
            return "html"
        return "text"
    if text.startswith("["):
        return "json" if re.match(r"\[\s*([\[{\]]|$)", text) else "text"
    if text.startswith("{"):
        first = text.split("\n", 1)[0].strip()
        try:
            return "jsonl" if isinstance(orjson.loads(first), dict) else "json"
        except orjson.JSONDecodeError:
            return "json"
    first = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first)
    names = {re.sub(r"[\s_\-.:\"']+", "", n).casefold() for n in first.split(delimiter)}
    known = _KNOWN_COLUMNS | {c.casefold() for c in extra_columns or ()}
    if first.count(delimiter) >= 1 and len(names & known) >= 2:
        return "csv"
    return "text"


def detect_file(path: Path, extra_columns: set[str] | None = None) -> str:
    """The kind of a file from its first 64 KB; unreadable files are "text" (its reader says why)."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return "text"
    if path.suffix.lower() in ASSET_SUFFIXES and not head.lstrip().startswith(b"<"):
        return "asset"
    return detect_bytes(head, extra_columns)
