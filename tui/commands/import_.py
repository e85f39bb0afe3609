"""`manchette import PATH...`: read files and folders into the library, with progress and a summary."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import add_library_option, open_library, stderr, stdout

NAME = "import"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="import scraped pages (files or folders, read recursively)",
        description="Read scraped news pages into the library. Re-importing is safe: same ids, "
        "no duplicates, your read/starred marks and tags are kept.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add_library_option(parser)


def run(args: argparse.Namespace) -> int:
    # Imported here: the other commands never need the reader, the gazetteer or the progress bar.
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Table
    from rich.text import Text

    from archive.importer import import_paths

    library = open_library(args)
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

        report = import_paths(library, args.paths, advance)
    out = stdout()
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(justify="right")
    table.add_column()
    for label, value in (
        ("files read", report.files_read),
        ("files skipped", len(report.skipped)),
        ("articles new", report.articles_new),
        ("articles updated", report.articles_updated),
        ("listings merged", report.articles_merged),
        ("articles in library", report.articles_total),
    ):
        table.add_row(Text(str(value)), Text(label))
    out.print(table)
    for file, reason in report.skipped:
        err.print(Text(f"skipped {file}: {reason}", style="yellow"))
    return 1 if report.skipped else 0
