"""Documents other than text dumps in (HTML, WARC, feeds, JSON/CSV exports), entry drafts out.

detect.py tells a file's kind by its content; html.py, warc.py, feeds.py and exports.py each
turn one kind into FormatDrafts (entry drafts that also carry a URL and an author), which the
importer merges with the text reader's drafts; group.py decides which drafts are one article.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive.names import escape_name
from archive.read.decode import MAX_FILE_BYTES, SkipFile, decode_bytes

if TYPE_CHECKING:  # the readers load lxml, trafilatura and feedparser: only when they read
    from archive.read.formats.draft import FormatDraft


@dataclass
class DocumentResult:
    """What one document gave: its drafts, and one-line reasons for what was skipped inside it."""

    drafts: list[FormatDraft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size == 0:
            raise SkipFile("empty file")
        if size > MAX_FILE_BYTES:
            raise SkipFile(
                f"too large ({size / 1024 / 1024:.1f} MB; over {MAX_FILE_BYTES // 1024 // 1024} MB)"
            )
        with open(path, "rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise SkipFile(f"cannot read: {e.strerror or e}") from None


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]{1,40})""", re.IGNORECASE)


def _declared(raw: bytes) -> str | None:
    """A page decoded as its <meta charset> says, when that is a legacy charset that fits."""
    found = _CHARSET.search(raw[:4096])
    if found is None or raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    charset = found.group(1).decode("ascii").lower()
    if charset in ("utf-8", "utf8"):
        return None  # decode_bytes already tries UTF-8 first, and mends a few bad bytes
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _read_stream(kind: str, name: str, path: Path, field_map: Mapping[str, str] | None
                 ) -> DocumentResult:  # fmt: skip
    """JSON Lines and CSV exports are read as streams: no size limit but one row's."""
    from archive.read.formats import exports

    reader = exports.read_json_lines if kind == "jsonl" else exports.read_csv
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
            rows = reader(f, name, dict(field_map or {}))
    except OSError as e:
        raise SkipFile(f"cannot read: {e.strerror or e}") from None
    except exports.ExportError as e:
        raise SkipFile(str(e)) from None
    if not rows.drafts and rows.problems:
        raise SkipFile(f"no usable rows ({rows.problems[0]})")
    return DocumentResult(rows.drafts, rows.problems)


def read_document(
    kind: str, name: str, *, path: Path | None = None, data: bytes | None = None,
    field_map: Mapping[str, str] | None = None,
) -> DocumentResult:  # fmt: skip
    """Drafts from one document of a known kind; raises SkipFile with a one-line reason."""
    from archive.read.formats import exports, feeds, html, warc

    if kind == "warc":
        if path is None:
            raise SkipFile("a WARC must be a file")
        found = warc.read_warc(path, name)
        if not found.drafts and found.problems:
            raise SkipFile(found.problems[0])
        return DocumentResult(found.drafts, found.problems)
    if kind in ("jsonl", "csv") and path is not None and data is None:
        return _read_stream(kind, name, path, field_map)
    raw = data if data is not None else _read_bytes(path) if path is not None else b""
    try:
        if kind == "feed":
            return DocumentResult(feeds.read_feed(raw, name))
        # Exports may hold stray NUL bytes: the CSV reader skips their rows, JSON rejects them.
        if kind in ("csv", "jsonl", "json"):
            text = raw.decode("utf-8", errors="replace")
        else:
            text = _declared(raw) or decode_bytes(raw)
        if kind == "html":
            return DocumentResult(
                html.read_html(text, name, url=name if data is not None else None)
            )
        mapping = dict(field_map or {})
        reader = {"jsonl": exports.read_json_lines, "json": exports.read_json_array,
                  "csv": exports.read_csv}.get(kind)  # fmt: skip
        if reader is None:
            raise SkipFile("not an HTML page, a feed or a JSON/CSV export")
        rows = reader(text.lstrip("\ufeff"), name, mapping)
        if not rows.drafts and rows.problems:
            raise SkipFile(f"no usable rows ({rows.problems[0]})")
        return DocumentResult(rows.drafts, rows.problems)
    except (feeds.FeedError, html.HtmlError, exports.ExportError) as e:
        raise SkipFile(str(e)) from None
    except RecursionError:
        raise SkipFile("structure nested too deep to read") from None


@dataclass
class FormatsRead:
    """Drafts of every non-text document of an import, what was skipped, and files read per kind."""

    drafts: list[FormatDraft] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    assets: int = 0  # scripts, style sheets and icons saved beside pages: not read, not skipped


def split_by_kind(
    files: list[Path], field_map: Mapping[str, str] | None = None
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Text dumps (for the text reader) apart from the other documents, each with its kind."""
    from archive.read.formats.detect import detect_file

    columns = set((field_map or {}).values())
    text: list[Path] = []
    others: list[tuple[Path, str]] = []
    for path in files:
        kind = detect_file(path, columns)
        if kind == "text":
            text.append(path)
        else:
            others.append((path, kind))
    return text, others


def read_documents(
    others: list[tuple[Path, str]],
    fetched: Sequence[tuple[str, bytes]] = (),
    field_map: Mapping[str, str] | None = None,
    tick: Callable[[], None] | None = None,
) -> FormatsRead:
    """Read files of known kinds and fetched documents (URL, bytes); never raises for bad input."""
    from archive.read.formats.detect import detect_bytes

    out = FormatsRead(assets=sum(1 for _, kind in others if kind == "asset"))
    # Names are stored escaped (archive/names.py): findable again, never a control character.
    jobs: list[Job] = [
        (k, escape_name(str(p.resolve())), p, None) for p, k in others if k != "asset"
    ]
    jobs += [(detect_bytes(data[:65_536]), escape_name(url), None, data) for url, data in fetched]
    for (kind, name, path, _), (found, error) in zip(jobs, _run(jobs, field_map), strict=True):
        shown = escape_name(str(path)) if path else name
        if found is None:
            out.skipped.append((shown, error))
        else:
            out.drafts.extend(found.drafts)
            out.skipped.extend((shown, p) for p in found.problems)
            out.kinds[kind] = out.kinds.get(kind, 0) + 1
        if tick:
            tick()
    return out


Job = tuple[str, str, "Path | None", "bytes | None"]
Outcome = tuple["DocumentResult | None", str]
# Below this many documents, starting processes costs more than it saves.
MIN_PARALLEL = 200


def _read_one(job: Job, field_map: Mapping[str, str] | None) -> Outcome:
    kind, name, path, data = job
    try:
        return read_document(kind, name, path=path, data=data, field_map=field_map), ""
    except SkipFile as e:
        return None, str(e)
    except Exception as e:  # noqa: BLE001 - third-party parsers on hostile input: skip, say why
        reason = str(e).splitlines()[0][:120] if str(e) else ""
        return None, f"could not be read as {kind} ({type(e).__name__}: {reason})"


def _read_chunk(jobs: list[Job], field_map: Mapping[str, str] | None) -> list[Outcome]:
    return [_read_one(job, field_map) for job in jobs]


def _run(jobs: list[Job], field_map: Mapping[str, str] | None) -> Iterator[Outcome]:
    """Outcomes in job order; many documents are read on every core (spawned processes)."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(jobs) < MIN_PARALLEL:
        yield from (_read_one(job, field_map) for job in jobs)
        return
    size = max(20, len(jobs) // (workers * 8))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for outcomes in pool.map(_read_chunk, chunks, [field_map] * len(chunks)):
            yield from outcomes
