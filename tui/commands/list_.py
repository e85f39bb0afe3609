"""`manchette list [QUERY] [--limit N] [--json]`: articles newest first, streamed as they come."""

from __future__ import annotations

import argparse
import sys

import orjson

from archive.names import json_safe, show_path, terminal_line
from tui.commands.common import (
    add_library_option,
    announce,
    open_library,
    positive,
    query_failed,
    stdout,
)

NAME = "list"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="list the articles (newest first), optionally those a query matches",
        description="List the articles, newest first: a table on a terminal (its first screen "
        "at once), tab-separated lines when piped (id, date, title, tags), or JSON.",
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help="as for search (optional)")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--limit", type=positive, metavar="N", help="list at most N articles")
    add_library_option(parser)


def print_json(data: object) -> None:
    """Indented JSON on stdout, with no character a terminal could take for a control."""
    payload = json_safe(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    sys.stdout.buffer.write(payload + b"\n")
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    # Imported here: `show`, which shares print_json, needs neither the engine nor the rows.
    from archive.search.engine import SearchEngine
    from archive.search.query import QueryError
    from tui.commands.rows import articles_in_order, print_rows, rows, stream_json

    library = open_library(args, readonly=True)
    # Rows come from the index's columns: no article is read unless --json asks for them.
    engine = SearchEngine(library, announce=announce, warm=False)
    query = " ".join(args.query)
    try:
        result = engine.search(query, sort="-date", limit=args.limit)
    except QueryError as error:
        return query_failed(query, error)
    if args.json:
        stream_json(articles_in_order(library, result.ids))
        return 0
    from rich.text import Text

    out = stdout()
    shown = print_rows(out, rows(engine.index, result.ids), scored=False)
    total = result.total
    what = f"{shown} articles" if shown == total else f"{shown} of {total} articles"
    where = f" matching {terminal_line(query)}" if query else ""
    out.print(Text(f"{what}{where} in {show_path(library.directory)}", style="dim"), soft_wrap=True)
    return 0
