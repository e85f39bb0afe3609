"""`manchette list [--json]`: every article, as a table or as a JSON array."""

from __future__ import annotations

import argparse
import sys

import orjson
from rich.table import Table
from rich.text import Text

from archive.model import Article
from archive.names import json_safe, show_path, terminal_text
from tui.commands.common import add_library_option, date_label, open_library, stdout

NAME = "list"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help="list the articles (newest first)")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    add_library_option(parser)


def sort_key(article: Article) -> tuple[str, str]:
    """Newest first: stated date, else the estimate's latest bound, else last."""
    est = article.date_estimate
    day = article.date or (est.latest or est.earliest if est else None) or ""
    return (day, article.title)


def print_json(data: object) -> None:
    """Indented JSON on stdout, with no character a terminal could take for a control."""
    payload = json_safe(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    sys.stdout.buffer.write(payload + b"\n")
    sys.stdout.flush()


def articles_table(articles: list[Article]) -> Table:
    """A readable table of articles; every cell is a Text, never markup."""
    table = Table(expand=True, pad_edge=False, box=None, header_style="bold")
    table.add_column("id", no_wrap=True, style="dim", min_width=16)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("title", ratio=3, overflow="fold")
    table.add_column("tags", ratio=1, overflow="fold", min_width=12)
    for a in articles:
        tags = terminal_text(", ".join(t.name for t in a.tags if t.kind != "user"))
        row = (terminal_text(a.id), date_label(a), terminal_text(a.title), tags)
        table.add_row(*map(Text, row))
    return table


def run(args: argparse.Namespace) -> int:
    library = open_library(args, readonly=True)
    articles = sorted(library.all_articles(), key=sort_key, reverse=True)
    if args.json:
        print_json([a.to_dict() for a in articles])
        return 0
    out = stdout()
    out.print(articles_table(articles))
    out.print(Text(f"{len(articles)} articles in {show_path(library.directory)}", style="dim"))
    return 0
