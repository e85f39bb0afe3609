"""`manchette search QUERY [--json] [--limit N] [--sort …]`: the query language from the shell."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from archive.model import Article
from archive.names import terminal_line
from archive.store.library import Library, resolve_library_dir
from tui.commands.common import (
    add_library_option,
    announce,
    noted,
    positive,
    query_failed,
    sample_library,
    stdout,
)
from tui.query_help import syntax_text

if TYPE_CHECKING:
    from archive.search.engine import Highlights, SearchResult

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
SYNTAX_HELP = (
    "query syntax (case and accents never matter; words are matched by French stem):\n"
    + syntax_text()
    + "\n"
)


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
    parser.add_argument("--limit", type=positive, metavar="N", help="show at most N results")
    parser.add_argument(
        "--sort",
        choices=list(SORT_CHOICES),
        metavar="ORDER",
        help="relevance, date (oldest first), -date or newest, title, -title "
        "(write --sort=-date); default: relevance when there are words, else newest first",
    )
    add_library_option(parser)


def _open(args: argparse.Namespace) -> Library:
    if getattr(args, "sample", False):
        return sample_library()
    directory = resolve_library_dir(getattr(args, "library", None))
    # Not read-only when the folder exists, so a missing or stale index can be saved.
    return noted(Library.open(directory, readonly=not directory.is_dir()))


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


def run(args: argparse.Namespace) -> int:
    # Imported here: the other commands do not need the engine.
    from archive.search.engine import SearchEngine
    from archive.search.query import QueryError
    from tui.commands.rows import print_rows, rows, stream_json

    query = " ".join(args.query)
    library = _open(args)
    engine = SearchEngine(library, announce=announce, warm=False)
    sort = SORT_CHOICES[args.sort] if args.sort else None
    try:
        result = engine.search(query, sort=sort, limit=args.limit)
    except QueryError as error:
        return query_failed(query, error)
    if args.json:
        # Only the records printed are read, one each.
        ids = list(result.ids)
        found = library.get_many(ids)
        records = (found[i] for i in ids if i in found)
        stream_json(_record(a, result, engine.highlights(a, result)) for a in records)
        return 0
    from rich.text import Text

    out = stdout()

    def title_marks(title: str) -> list[tuple[int, int]]:
        return engine.highlights(Article(id="", title=title), result).title

    scores = result.scores or None
    shown = print_rows(out, rows(engine.index, result.ids, scores), scored=bool(scores),
                       highlight=title_marks)  # fmt: skip
    total = result.total
    count = f"{shown} of {total}" if shown < total else str(total)
    verb = "article matches" if total == 1 else "articles match"
    periods = result.parsed.periods() if result.parsed is not None else []
    understood = f" ({terminal_line('; '.join(periods))})" if periods else ""
    out.print(
        Text(f"{count} {verb}{understood}, in {result.elapsed_ms:.1f} ms", style="dim"),
        soft_wrap=True,
    )
    return 0
