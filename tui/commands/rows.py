"""Rows of `list` and `search` read from the index's columns and printed as they come.

On a terminal: a table sized to its width, one line per article, header first, so the first
screen appears at once whatever the count. Piped: plain tab-separated lines (id, date, title,
tags), one per article. JSON arrays are streamed too, one record after another, with the same
bytes orjson would give for the whole array.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from archive.names import json_safe
from archive.search.index import SearchIndex
from archive.store.library import Library
from archive.text import sanitize

if TYPE_CHECKING:
    from rich.console import Console

_OPEN_START = 1
_OPEN_END = dt.date.max.toordinal()
JSON_CHUNK = 1 << 16  # bytes of records written at once
FEW_IDS = 5000


@dataclass
class Row:
    """What one printed row shows."""

    id: str
    date: str
    title: str
    tags: str
    score: str = ""


def _iso(day: int) -> str:
    return dt.date.fromordinal(day).isoformat()


def date_label(index: SearchIndex, doc: int) -> str:
    """As common.date_label, from the columns: stated, else ≈ and the estimated interval."""
    stated, low, high = index.stated[doc], index.low[doc], index.high[doc]
    if stated:
        return _iso(stated)
    earliest = _iso(low) if low > _OPEN_START else None
    latest = _iso(high) if high and high < _OPEN_END else None
    if earliest and latest:
        same_year = earliest[:4] == latest[:4]
        return f"≈{earliest}…{latest[5:] if same_year else latest}"
    if earliest:
        return f"≈≥{earliest}"
    return f"≈≤{latest}" if latest else "—"


def rows(index: SearchIndex, ids: Sequence[str], scores: dict[str, float] | None = None
         ) -> Iterator[Row]:  # fmt: skip
    """The rows of these ids, from the index alone (no article is read)."""
    numbers = _numbers(index, ids)
    ptr, tag_list, tags = index.tag_ptr, index.tag_list, index.tags
    for article_id in ids:
        doc = numbers[article_id]
        names = [tags[t][0] for t in tag_list[ptr[doc] : ptr[doc + 1]] if tags[t][1] != "user"]
        score = "" if scores is None else f"{scores.get(article_id, 0.0):.2f}"
        yield Row(article_id, date_label(index, doc), index.titles[doc], ", ".join(names), score)


def _numbers(index: SearchIndex, ids: Sequence[str]) -> Mapping[str, int]:
    """Id -> doc number: for a page of ids one pass over the id column, else the full map."""
    if len(ids) > FEW_IDS:
        return index.doc_numbers
    wanted = set(ids)
    return {article_id: doc for doc, article_id in enumerate(index.ids) if article_id in wanted}


def _clean(text: str) -> str:
    return " ".join(sanitize(text).split())


def print_rows(out: Console, shown: Iterable[Row], *, scored: bool,
               highlight: Callable[[str], list[tuple[int, int]]] | None = None) -> int:  # fmt: skip
    """Print rows as they come (a table on a terminal, tab-separated lines when piped); count."""
    from rich.cells import cell_len, set_cell_size
    from rich.text import Text

    count = 0
    if not out.is_terminal:
        write = sys.stdout.write
        for row in shown:
            cells = [row.id, row.date, *([row.score] if scored else []), row.title, row.tags]
            write("\t".join(map(_clean, cells)) + "\n")
            count += 1
        sys.stdout.flush()
        return count
    width = max(out.width, 40)
    fixed = [16, 18] + ([6] if scored else [])
    rest = width - sum(fixed) - len(fixed) - 1
    tags_width = max(8, rest // 4)
    title_width = rest - tags_width
    header = Text(
        _line(["id", "date", *(["score"] if scored else [])], fixed)
        + set_cell_size("title", title_width) + " " + set_cell_size("tags", tags_width),
        style="bold",
    )  # fmt: skip
    out.print(header, no_wrap=True, crop=True)
    for row in shown:
        cells = [row.id, row.date, *([row.score] if scored else [])]
        line = Text(_line(cells, fixed), style="dim", end="")
        line.stylize("not dim", 17)
        title = _clean(row.title)
        fitted = set_cell_size(title, title_width)
        if cell_len(title) > title_width:
            fitted = set_cell_size(title, title_width - 1) + "…"
        title_text = Text(fitted)
        if highlight is not None:
            for start, end in highlight(row.title):
                if start < len(fitted):
                    title_text.stylize("bold reverse", start, min(end, len(fitted)))
        line.append_text(title_text)
        line.append(" " + set_cell_size(_clean(row.tags), tags_width))
        out.print(line, no_wrap=True, crop=True)
        count += 1
    return count


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    from rich.cells import set_cell_size

    return "".join(set_cell_size(_clean(c), w) + " " for c, w in zip(cells, widths, strict=True))


def stream_json(records: Iterable[object]) -> None:
    """Write a JSON array one record at a time, as orjson's OPT_INDENT_2 of the whole list."""
    write = sys.stdout.buffer.write
    first = True
    chunk = bytearray()
    for record in records:
        body = orjson.dumps(record, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")
        chunk += b"[\n  " if first else b",\n  "
        chunk += body
        first = False
        if len(chunk) > JSON_CHUNK:
            # json_safe: no raw C1 or bidi character reaches the terminal (archive/names.py);
            # a chunk of records at a time (they are whole JSON values, cut between them).
            write(json_safe(bytes(chunk)))
            chunk.clear()
    write(json_safe(bytes(chunk)) + (b"[]\n" if first else b"\n]\n"))
    sys.stdout.flush()


def articles_in_order(library: Library, ids: Sequence[str]) -> Iterator[object]:
    """The stored records of ids, in that order, read one at a time as they are printed."""
    return library.records(ids)
