"""A WARC file (plain or gzipped) in, drafts of its HTML responses out, damaged records skipped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.read.decode import MAX_FILE_BYTES, SkipFile, decode_bytes
from archive.read.formats.draft import FormatDraft
from archive.read.formats.html import HtmlError, read_html

MAX_RECORDS = 100_000


@dataclass
class WarcResult:
    """The drafts of a WARC's pages and the records skipped, with their one-line reasons."""

    drafts: list[FormatDraft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pages: int = 0


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _decode(data: bytes, charset: str | None) -> str:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    with open(path, "rb") as f:
        for number, record in enumerate(ArchiveIterator(f, check_digests=False), start=1):
            if number > MAX_RECORDS:
                return
            yield number, record


def read_warc(path: Path, file: str) -> WarcResult:
    """Every HTML response record read as a page, with its target URL and capture date."""
    result = WarcResult()
    number = 0
    try:
        for number, record in _records(path):
            _read_record(record, number, file, result)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, KeyError) as e:
        # warcio's parser meets damaged bytes with any of these; the records before are kept.
        said = str(e).splitlines()[0][:120] if isinstance(e, ArchiveLoadFailed) and str(e) else ""
        detail = f" ({said})" if said else ""
        result.problems.append(
            f"record {number + 1}: damaged or truncated{detail}; the rest skipped"
        )
    return result


def _read_record(rec: Any, number: int, file: str, result: WarcResult) -> None:
    """One record: an HTML response (or resource) is read as a page, anything else passed over."""
    kind = getattr(rec, "rec_type", None)
    if kind not in ("response", "resource"):
        return
    http = getattr(rec, "http_headers", None)
    if kind == "resource":  # a stored file, typed by the record itself (wget's local captures)
        content_type = rec.rec_headers.get_header("Content-Type") or ""
    else:
        content_type = (http.get_header("Content-Type") or "") if http is not None else ""
    if "html" not in content_type.lower():
        return
    url = rec.rec_headers.get_header("WARC-Target-URI")
    declared = rec.rec_headers.get_header("Content-Length")
    try:
        size = int(declared or 0)
    except ValueError:
        size = -1
    if size < 0 or size > MAX_FILE_BYTES:
        result.problems.append(
            f"record {number} ({url}): declares {declared} bytes, over the page limit; skipped"
        )
        return  # warcio skips the rest of the record without reading it into memory
    data = rec.content_stream().read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        result.problems.append(f"record {number} ({url}): page over the size limit; skipped")
        return
    captured = (rec.rec_headers.get_header("WARC-Date") or "")[:10] or None
    try:
        text = _decode(data, _charset(content_type))
        drafts = read_html(text, file, url=url, captured=captured)
    except (SkipFile, HtmlError) as e:
        result.problems.append(f"record {number} ({url}): {e}")
        return
    result.pages += 1
    for draft in drafts:
        # The record number tells where in the WARC the article is; listings keep their order.
        draft.line = number
        result.drafts.append(draft)
