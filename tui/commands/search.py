"""`manchette search QUERY [--json] [--limit N] [--sort …]`: the query language from the shell."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table
from rich.text import Text

from archive.model import Article
from archive.names import terminal_line, terminal_text
from archive.query import QueryError
from archive.search import Highlights, SearchEngine, SearchResult
from archive.store import Library, resolve_library_dir
from tui.commands.common import add_library_option, announce, date_label, fail, stderr, stdout
from tui.commands.list_ import print_json

NAME = "search"
SORT_CHOICES = {
    "relevance": "relevance",
    "date": "date",
    "-date": "-date",
    "title": "title",
    "-title": "-title",
    "newest": "-date",
    "oldest": "date",
}
SYNTAX_HELP = """\
query syntax (case and accents never matter; words are matched by French stem):
  poutine négociations     both words (implicit AND)       putin -> Poutine, kyiv -> Kiev
  "maison blanche"         a phrase                        ukrain*   a prefix
  trump -poutine           negation (also NOT poutine)     (a OR b) c   alternatives
  title:drones  tag:russie  site:lemonde  agency:afp (source:)  person:/place:/org:
  is:read is:unread is:starred is:full is:teaser  has:date
  date:2025-06-01  date:2025-06..2025-07  date:2025-09-20..  date:..2025-06-30
  date:juin..juillet  date:"juin 2025"  date:2025  date:7j  date:3m  date:1a
  datestated:…  (stated dates only)     sort:relevance sort:-date sort:date sort:title
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME,
        help="search the library (see `manchette search --help` for the syntax)",
        description="Search the library with the same query language as the browser.",
        epilog=SYNTAX_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="words, fields and dates")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--limit", type=_positive, metavar="N", help="show at most N results")
    parser.add_argument(
        "--sort",
        choices=list(SORT_CHOICES),
        metavar="ORDER",
        help="relevance, date (oldest first), -date or newest, title, -title "
        "(write --sort=-date); default: relevance when there are words, else newest first",
    )
    add_library_option(parser)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("expected 0 or more")
    return value


def _open(args: argparse.Namespace) -> Library:
    directory = resolve_library_dir(getattr(args, "library", None))
    # Not read-only when the folder exists, so a missing or stale index can be saved.
    return Library.open(directory, readonly=not directory.is_dir())


def _spans(spans: list[tuple[int, int]]) -> list[list[int]]:
    return [[start, end] for start, end in spans]


def _record(article: Article, result: SearchResult, marks: Highlights) -> dict[str, Any]:
    record = article.to_dict()
    record["score"] = result.scores.get(article.id)
    record["date_match"] = result.date_match.get(article.id)
    record["highlights"] = {
        "title": _spans(marks.title),
        "teaser": _spans(marks.teaser),
        "body": [_spans(block) for block in marks.body],
        "count": marks.count,
    }
    return record


def _table(engine: SearchEngine, articles: list[Article], result: SearchResult) -> Table:
    table = Table(expand=True, pad_edge=False, box=None, header_style="bold")
    table.add_column("id", no_wrap=True, style="dim", min_width=16)
    table.add_column("date", no_wrap=True, min_width=10)
    if result.scores:
        table.add_column("score", no_wrap=True, justify="right")
    table.add_column("title", ratio=3, overflow="fold")
    table.add_column("tags", ratio=1, overflow="fold", min_width=12)
    for article in articles:
        title = Text(terminal_text(article.title))
        if title.plain == article.title:  # cleaning moved nothing, so the spans still fit
            for start, end in engine.highlights(article, result).title:
                title.stylize("bold reverse", start, end)
        tags = terminal_text(", ".join(t.name for t in article.tags if t.kind != "user"))
        cells = [Text(terminal_text(article.id)), Text(date_label(article))]
        if result.scores:
            cells.append(Text(f"{result.scores.get(article.id, 0.0):.2f}"))
        table.add_row(*cells, title, Text(tags))
    return table


def _query_failed(query: str, error: QueryError) -> int:
    fail(f"bad query: {error}")
    # The query around the position, one line: a long query is not echoed whole.
    position = min(error.position, len(query))
    start = max(0, position - 40)
    shown = terminal_line(query[start : start + 70])
    caret = len(terminal_line(query[start:position]))
    err = stderr()
    err.print(Text("  " + ("…" if start else "") + shown, style="dim"), soft_wrap=True)
    err.print(Text("  " + (" " if start else "") + " " * caret + "^", style="bold red"))
    return 2


def run(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    library = _open(args)
    engine = SearchEngine(library, announce=announce)
    sort = SORT_CHOICES[args.sort] if args.sort else None
    try:
        result = engine.search(query, sort=sort, limit=args.limit)
    except QueryError as error:
        return _query_failed(query, error)
    articles = [a for a in map(library.get, result.ids) if a is not None]
    if args.json:
        print_json([_record(a, result, engine.highlights(a, result)) for a in articles])
        return 0
    out = stdout()
    out.print(_table(engine, articles, result))
    shown = (
        f"{len(articles)} of {result.total}" if len(articles) < result.total else str(result.total)
    )
    out.print(Text(f"{shown} articles match, in {result.elapsed_ms:.1f} ms", style="dim"))
    return 0
