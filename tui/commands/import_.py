"""`manchette import PATH|URL...`: read files, folders and feed URLs into the library, with a summary."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from archive.names import terminal_line
from archive.read.formats.fields import FIELDS
from tui.commands.common import add_library_option, fail, open_library, stderr, stdout

# The reader, the fetcher and the progress bar are imported where used: the other commands
# (search, list, show) never need them.
if TYPE_CHECKING:
    from archive.read.formats.fetch import Fetched
    from archive.read.importer import ImportReport
    from archive.store.library import Library

NAME = "import"
# How the summary names each kind of file read.
KIND_LABELS = {
    "text": "text dumps", "html": "HTML pages", "warc": "WARC files", "feed": "feeds",
    "jsonl": "JSON Lines exports", "json": "JSON exports", "csv": "CSV exports",
}  # fmt: skip


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="import pages, WARC files, feeds and scraper exports (files, folders or feed URLs)",
        description="Read scraped news into the library: text dumps, saved HTML pages, WARC "
        "files, RSS/Atom feeds (files or http(s) URLs, remembered for `manchette update`), "
        "JSON Lines, JSON and CSV exports; each file's kind is told by its content. "
        "Re-importing is safe: same ids, no duplicates, your marks and tags are kept.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH|URL")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"read an export's FIELD from COLUMN (fields: {', '.join(FIELDS)}); repeatable",
    )
    add_library_option(parser)


def parse_map(items: list[str]) -> dict[str, str]:
    """--map title=headline ... as {"title": "headline"}; ValueError names a bad one."""
    mapping: dict[str, str] = {}
    for item in items:
        name, sep, column = item.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip() or name not in FIELDS:
            raise ValueError(
                f"--map {item!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
            )
        mapping[name] = column.strip()
    return mapping


def fetch_urls(urls: list[str], known: dict[str, dict] | None = None
               ) -> tuple[list[Fetched], list[tuple[str, str]]]:  # fmt: skip
    """Fetch each URL (conditionally when validators are known); failures as (URL, reason)."""
    from archive.read.formats.fetch import FetchError, fetch

    answers: list[Fetched] = []
    failed: list[tuple[str, str]] = []
    for url in urls:
        seen = (known or {}).get(url, {})
        try:
            answers.append(fetch(url, seen.get("etag"), seen.get("last_modified")))
        except FetchError as e:
            failed.append((url, str(e)))
    return answers, failed


def run_import(library: Library, paths: list[Path], answers: list[Fetched],
               field_map: dict[str, str]) -> ImportReport:  # fmt: skip
    """Import paths and fetched documents with a progress bar on stderr."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from archive.read.importer import ImportOptions, import_paths

    err = stderr()
    with Progress(
        TextColumn("Reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("import", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        fetched = [(a.url, a.data) for a in answers if a.data is not None]
        options = ImportOptions(fetched=fetched, field_map=field_map)
        return import_paths(library, paths, advance, options)


def print_summary(report: ImportReport, extra: Sequence[tuple[str, int]] = ()) -> None:
    """The summary table on stdout, then every skipped file or row on stderr."""
    from rich.table import Table
    from rich.text import Text

    out, err = stdout(), stderr()
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(justify="right")
    table.add_column()
    rows = [("files read", report.files_read)]
    kinds = {k: n for k, n in report.kinds.items() if n and k != "asset"}
    rows += [(f"  {KIND_LABELS.get(k, k)}", n) for k, n in sorted(kinds.items())]
    rows += list(extra)
    if report.kinds.get("asset"):
        rows.append(("page assets ignored (scripts, styles)", report.kinds["asset"]))
    rows += [
        ("files skipped", len(report.skipped)),
        ("articles new", report.articles_new),
        ("articles updated", report.articles_updated),
        ("listings merged", report.articles_merged),
        ("articles in library", report.articles_total),
    ]
    for label, value in rows:
        table.add_row(Text(str(value)), Text(label))
    out.print(table)
    for file, reason in report.skipped:
        # One line per file, whatever the name holds: a newline in it cannot forge another line.
        err.print(Text(terminal_line(f"skipped {file}: {reason}"), style="yellow"), soft_wrap=True)


def run(args: argparse.Namespace) -> int:
    try:
        field_map = parse_map(args.map)
    except ValueError as e:
        return fail(str(e), 2)
    from archive.read.formats.detect import HEAD_BYTES, detect_bytes
    from archive.read.formats.fetch import is_url, remember

    library = open_library(args)
    urls = [p for p in args.paths if is_url(p)]
    paths = [Path(p) for p in args.paths if not is_url(p)]
    answers, failed = fetch_urls(urls)
    report = run_import(library, paths, answers, field_map)
    report.skipped.extend(failed)
    # Feeds are remembered for `manchette update`; a fetched page or export is read once.
    feeds = [a for a in answers if a.data and detect_bytes(a.data[:HEAD_BYTES]) == "feed"]
    remember(library.directory, feeds)
    print_summary(report)
    return 1 if report.skipped else 0
