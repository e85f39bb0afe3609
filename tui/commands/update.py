"""`manchette update`: fetch the remembered feeds again (conditional requests) and import what is new."""

from __future__ import annotations

import argparse

from tui.commands.common import add_library_option, open_library, stderr
from tui.commands.import_ import fetch_urls, print_summary, run_import

NAME = "update"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="fetch the feeds imported from URLs again and import their new items",
        description="Fetch every feed URL imported before, with If-None-Match/If-Modified-Since, "
        "a timeout and a size limit; a failed feed gets a one-line error, the others are imported.",
    )
    add_library_option(parser)


def run(args: argparse.Namespace) -> int:
    from archive.read.formats.fetch import load_feeds, remember

    library = open_library(args)
    feeds = load_feeds(library.directory)
    if not feeds:
        stderr().print("No feeds to update: import one with `manchette import URL` first.",
                       markup=False, highlight=False)  # fmt: skip
        return 0
    answers, failed = fetch_urls(sorted(feeds), feeds)
    changed = [a for a in answers if a.data is not None]
    report = run_import(library, [], changed, {})
    report.skipped.extend(failed)
    remember(library.directory, answers)
    unchanged = len(answers) - len(changed)
    print_summary(report, [("feeds fetched", len(changed)), ("feeds not modified", unchanged),
                           ("feeds failed", len(failed))])  # fmt: skip
    return 1 if report.skipped else 0
