"""Scrapers' exports in (JSON Lines, JSON arrays, CSV), one draft per good row out, bad rows named.

Usual field names (title, url, date/published/datePublished, text/content/body,
category/tags/keywords, author, source/site) are found whatever their case or separators;
`field_map` ({"text": "article_body"}) names the columns of other exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

import orjson

from archive.read.dates import DateMention, find_dates
from archive.read.formats.draft import FormatDraft, clean, iso_mention, site_of, text_blocks
from archive.read.formats.fields import FIELDS
from archive.read.formats.htmltext import fragment_blocks

MAX_ROWS = 1_000_000
MAX_LINE_CHARS = 16 * 1024 * 1024  # one row; the whole export may be larger (read as a stream)
_KEY = re.compile(r"[\s_\-.:]+")
_SPLIT = re.compile(r"\s*[,;|]\s*")


class ExportError(Exception):
    """An export that cannot be read at all; str() is the one-line reason."""


@dataclass
class ExportResult:
    """The drafts of an export's good rows and the bad rows' one-line reasons (with line numbers)."""

    drafts: list[FormatDraft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _norm(name: str) -> str:
    return _KEY.sub("", name).casefold()


def columns_for(names: list[str], field_map: Mapping[str, str]) -> dict[str, str]:
    """Which column holds each field: the user's --map first, else the usual names."""
    found: dict[str, str] = {}
    by_norm = {_norm(n): n for n in names}
    for wanted, name in field_map.items():
        if name in names:
            found[wanted] = name
        elif _norm(name) in by_norm:
            found[wanted] = by_norm[_norm(name)]
    for wanted, aliases in FIELDS.items():
        column = next((by_norm[a] for a in aliases if a in by_norm), None)
        if wanted not in found and column is not None:
            found[wanted] = column
    return found


def _text_of(value: Any) -> str:
    """A cell as text: lists joined, objects by their name or text, never deeper than one level."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return next(
            (v for k in ("name", "text", "value", "@value") if isinstance(v := value.get(k), str)),
            "",
        )
    if isinstance(value, list):
        return ", ".join(
            t for t in (_text_of(v) if not isinstance(v, list) else "" for v in value[:100]) if t
        )
    return ""


def _list_of(value: Any) -> list[str]:
    if isinstance(value, list):
        items = [_text_of(v) for v in value[:100] if not isinstance(v, list)]
    else:
        items = _SPLIT.split(_text_of(value))
    return list(dict.fromkeys(t for t in (clean(i, 200) for i in items) if t))[:50]


def _date(value: Any) -> DateMention | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        seconds = value / 1000 if value > 10**11 else value  # milliseconds or seconds
        try:
            day = dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
        return iso_mention(day, "export")
    text = clean(_text_of(value), 200)
    found = iso_mention(text, "export")
    if found is not None:
        return found
    return next((m for m in find_dates(text) if m.year is not None), None)


def row_draft(row: Mapping[str, Any], cols: dict[str, str], file: str, line: int,
              position: int) -> FormatDraft:  # fmt: skip
    """One row as a draft; ValueError names what it lacks."""
    get = {k: row.get(c) for k, c in cols.items()}
    title = clean(_text_of(get.get("title")), 2_000)
    raw = _text_of(get.get("text"))
    blocks = fragment_blocks(raw) if "</" in raw or "<p" in raw else text_blocks(raw)
    summary = text_blocks(_text_of(get.get("summary")))
    if not title and not blocks:
        raise ValueError("no title and no text")
    url = clean(_text_of(get.get("url")), 2_000) or None
    draft = FormatDraft(file, line, position, title or None, url=url,
                        author=clean(_text_of(get.get("author")), 300) or None)  # fmt: skip
    draft.site = clean(_text_of(get.get("site")), 200) or site_of(url)
    if blocks:
        draft.blocks, draft.full = blocks, True
    else:
        draft.blocks, draft.read_more = summary, True
    draft.sections = _list_of(get.get("category"))
    draft.keywords = [t for t in _list_of(get.get("tags")) if t not in draft.sections]
    if draft.author:
        draft.bylines = [draft.author]
    mention = _date(get.get("date"))
    if mention is not None:
        draft.dates = [(mention, "publie")]
    return draft


def _rows(result: ExportResult, rows: Iterator[tuple[int, Any]], file: str,
          field_map: Mapping[str, str]) -> ExportResult:  # fmt: skip
    cols: dict[str, str] | None = None
    for position, (line, row) in enumerate(rows, start=1):
        if position > MAX_ROWS:
            result.problems.append(f"line {line}: more than {MAX_ROWS} rows; the rest skipped")
            break
        if not isinstance(row, dict):
            result.problems.append(f"line {line}: not an object; skipped")
            continue
        keys = [k for k in row if isinstance(k, str)]
        cols = (
            columns_for(keys, field_map)
            if cols is None or not set(cols.values()) <= set(keys)
            else cols
        )
        try:
            result.drafts.append(row_draft(row, cols, file, line, position))
        except ValueError as e:
            result.problems.append(f"line {line}: {e}; skipped")
    return result


def _bounded_lines(source: TextIO) -> Iterator[tuple[int, str | None]]:
    """(number, line) for each line; None for a line longer than MAX_LINE_CHARS (not kept)."""
    no = 0
    while True:
        line = source.readline(MAX_LINE_CHARS)
        if not line:
            return
        no += 1
        if len(line) == MAX_LINE_CHARS and not line.endswith("\n"):
            while (rest := source.readline(MAX_LINE_CHARS)) and not rest.endswith("\n"):
                pass  # the rest of an overlong line, read and dropped in bounded pieces
            yield no, None
        else:
            yield no, line


def read_json_lines(source: str | TextIO, file: str, field_map: Mapping[str, str]) -> ExportResult:
    """JSON Lines (a file read line by line): a line that is not an object is skipped by number."""
    result = ExportResult()
    lines = _bounded_lines(io.StringIO(source) if isinstance(source, str) else source)

    def rows() -> Iterator[tuple[int, Any]]:
        for no, line in lines:
            if line is None:
                result.problems.append(
                    f"line {no}: longer than {MAX_LINE_CHARS} characters; skipped"
                )
                continue
            if not line.strip():
                continue
            try:
                yield no, orjson.loads(line)
            except orjson.JSONDecodeError as e:
                result.problems.append(f"line {no}: not JSON ({str(e).split(':')[0]}); skipped")

    return _rows(result, rows(), file, field_map)


def read_json_array(text: str, file: str, field_map: Mapping[str, str]) -> ExportResult:
    """A JSON array of objects (or an object holding one); items are numbered from 1."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        raise ExportError(f"not JSON ({str(e).split(':')[0]})") from None
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [data])
    if not isinstance(data, list):
        raise ExportError("JSON holds no list of articles")
    result = ExportResult()
    _rows(result, ((i, row) for i, row in enumerate(data, start=1)), file, field_map)
    result.problems = [p.replace("line ", "item ", 1) for p in result.problems]
    return result


def sniff_delimiter(head: str) -> str:
    """The CSV delimiter the header line uses most: comma, semicolon or tab."""
    first = head.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def read_csv(source: str | TextIO, file: str, field_map: Mapping[str, str]) -> ExportResult:
    """CSV with a header row (a file read row by row); rows with NUL bytes or no title and
    text are skipped with their line number."""
    csv.field_size_limit(MAX_LINE_CHARS)
    stream = io.StringIO(source, newline="") if isinstance(source, str) else source
    head = stream.read(10_000)
    stream.seek(0)
    reader = csv.reader(stream, delimiter=sniff_delimiter(head))
    result = ExportResult()
    try:
        names = next(reader)
    except (StopIteration, csv.Error) as e:
        raise ExportError(f"no CSV header ({e})") from None

    def rows() -> Iterator[tuple[int, Any]]:
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                result.problems.append(f"line {line}: {e}; skipped")
                line = reader.line_num + 1
                continue
            if any("\x00" in c for c in cells):
                result.problems.append(f"line {line}: NUL bytes in the row; skipped")
            elif any(c.strip() for c in cells):
                yield line, dict(zip(names, cells, strict=False))
            line = reader.line_num + 1

    return _rows(result, rows(), file, field_map)
