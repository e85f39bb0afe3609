"""`manchette show ID [--json]`: one article, as readable text or JSON."""

from __future__ import annotations

import argparse

from rich.text import Text

from archive.model import Article
from tui.commands.common import (
    add_library_option,
    date_label,
    fail,
    find_article,
    open_library,
    stdout,
)
from tui.commands.list_ import print_json

NAME = "show"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help="show one article (by id or unique id prefix)")
    parser.add_argument("id")
    parser.add_argument("--json", action="store_true", help="print the article as JSON")
    add_library_option(parser)


def article_text(article: Article) -> Text:
    """The article as styled text built from Text pieces (article text is never markup)."""
    out = Text()
    out.append(article.title + ("  (titre déduit)" if article.title_derived else ""), "bold")
    out.append("\n")
    meta = [date_label(article) + (f"  « {article.date_text} »" if article.date_text else "")]
    if article.agency:
        meta.append(f"agence : {article.agency}")
    if article.site:
        meta.append(f"site : {article.site}")
    out.append("  ·  ".join(meta) + "\n", "dim")
    if article.tags:
        out.append(
            "tags : " + ", ".join(f"{t.name} ({t.kind})" for t in article.tags) + "\n", "dim"
        )
    for kind, names in article.entities.items():
        if names:
            out.append(f"{kind} : " + ", ".join(names) + "\n", "dim")
    out.append("\n")
    for block in article.text_blocks:
        if block.type == "heading":
            out.append(block.text + "\n\n", "bold underline")
        elif block.type == "bullet":
            out.append("  • " + block.text + "\n")
        elif block.type == "quote":
            out.append(block.text + "\n\n", "italic")
        else:
            out.append(block.text + "\n\n")
    if not article.is_full:
        out.append("(teaser only: the full text was not in the imported pages)\n\n", "dim italic")
    for s in article.sources:
        where = f"{s.file}:{s.line}"
        if s.position is not None:
            where += f"  #{s.position}"
        if s.archive:
            where += f"  [{s.archive}]"
        out.append("vu dans " + where + "\n", "dim")
    return out


def run(args: argparse.Namespace) -> int:
    library = open_library(args, readonly=True)
    article = find_article(library, args.id)
    if article is None:
        return fail(f"no article with id {args.id!r} in {library.directory}")
    if args.json:
        print_json(article.to_dict())
    else:
        stdout().print(article_text(article))
    return 0
