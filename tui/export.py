"""Export of search results to Markdown, JSON or CSV files (CSV cells never run as formulas)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from archive.text import clean_line, sanitize

FORMATS: dict[str, str] = {"markdown": ".md", "json": ".json", "csv": ".csv"}
CSV_COLUMNS = ("id", "date", "date_estimated", "title", "tags", "agency", "site", "teaser")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")


def export_folder() -> Path:
    """Where exports go unless named elsewhere: the documents folder, else the home folder."""
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def format_for_path(path: Path, default: str = "markdown") -> str:
    """The export format a file name asks for by its extension."""
    suffix = path.suffix.lower()
    for name, ext in FORMATS.items():
        if suffix == ext or (name == "markdown" and suffix == ".markdown"):
            return name
    return default


def safe_cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading = + - @ gets a leading '."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def markdown_escape(text: str) -> str:
    """Text that Markdown shows literally (no links, emphasis or headings from article text)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean_line(text))


def _date(article: Any) -> tuple[str, bool]:
    if article.date:
        return article.date, False
    estimate = article.date_estimate
    if estimate and (estimate.earliest or estimate.latest):
        return f"{estimate.earliest or '?'}/{estimate.latest or '?'}", True
    return "", False


def to_markdown(articles: Iterable[Any], query: str = "") -> str:
    """One Markdown document: a heading per article, its details, then its body."""
    out = ["# manchette export", ""]
    if query:
        shown = clean_line(query).replace("`", "'")
        out += [f"Query: `{shown}`", ""]
    for article in articles:
        date, estimated = _date(article)
        out.append(f"## {markdown_escape(article.title) or '(untitled)'}")
        out.append("")
        details = [("≈ " if estimated else "") + date] if date else []
        details += [markdown_escape(x) for x in (article.agency, article.site) if x]
        if details:
            out += ["*" + " · ".join(details) + "*", ""]
        if article.tags:
            out += ["Tags: " + ", ".join(markdown_escape(t.name) for t in article.tags), ""]
        for block in article.text_blocks:
            text = markdown_escape(block.text)
            if block.type == "heading":
                out.append(f"### {text}")
            elif block.type == "bullet":
                out.append("- " + markdown_escape(block.text.lstrip("•-*–· ")))
            elif block.type == "quote":
                out.append(f"> {text}")
            else:
                out.append(text)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_json(articles: Iterable[Any]) -> str:
    """A JSON array of articles in the shape of `manchette list --json`."""
    return json.dumps([_clean(a.to_dict()) for a in articles], ensure_ascii=False, indent=2) + "\n"


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def to_csv(articles: Iterable[Any]) -> str:
    """A CSV table, one article a row; every cell is safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for a in articles:
        date, estimated = _date(a)
        cells = [
            a.id,
            date,
            "yes" if estimated else "",
            a.title,
            "; ".join(t.name for t in a.tags),
            a.agency or "",
            a.site or "",
            a.teaser,
        ]
        writer.writerow([safe_cell(clean_line(str(c))) for c in cells])
    return buffer.getvalue()


def render(fmt: str, articles: Sequence[Any], query: str = "") -> str:
    """The export text in one of FORMATS."""
    if fmt == "markdown":
        return to_markdown(articles, query)
    if fmt == "json":
        return to_json(articles)
    if fmt == "csv":
        return to_csv(articles)
    raise ValueError(f"unknown export format {fmt!r}")


def write_export(path: Path, text: str) -> None:
    """Write the file atomically: a temporary file in the same folder, then a rename."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_articles(library: Any, ids: Sequence[str], path: Path, fmt: str, query: str = "") -> int:
    """Export the articles with these ids to `path`; returns how many were written."""
    articles = [a for a in (library.get(i) for i in ids) if a is not None]
    write_export(path, render(fmt, articles, query))
    return len(articles)
