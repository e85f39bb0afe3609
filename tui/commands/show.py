"""`manchette show ID [--json]`: one article, as readable text or JSON."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from archive.model import Article
from archive.names import show_path, terminal_text
from archive.shown import SHOWN_BODY_CHARS, shown_blocks

if TYPE_CHECKING:
    from rich.text import Text

from tui.commands.common import (
    add_library_option,
    date_label,
    fail,
    find_article,
    open_library,
    source_label,
    stdout,
)
from tui.commands.list_ import print_json
from tui.i18n import _, tag_kind

NAME = "show"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(NAME, help=_("show one article (by id or unique id prefix)"))
    parser.add_argument("id")
    parser.add_argument("--json", action="store_true", help=_("print the article as JSON"))
    add_library_option(parser)


def article_text(article: Article, limit: int = SHOWN_BODY_CHARS) -> Text:
    """The article as styled text built from Text pieces (article text is never markup).

    Every field is cleaned again (an old or hand-edited library may hold controls), and the
    body stops after `limit` characters with a note: the full text stays in the library.
    """
    from rich.text import Text

    t = terminal_text
    out = Text()
    out.append(
        t(article.title)
        + ("  " + _("(title derived from the text)") if article.title_derived else ""),
        "bold",
    )
    out.append("\n")
    meta = [
        date_label(article)
        + (
            "  " + _("(read from « {words} »)").format(words=t(article.date_text))
            if article.date_text
            else ""
        )
    ]
    if article.author:
        meta.append(_("by {author}").format(author=t(article.author)))
    if article.agency:
        meta.append(_("agency: {agency}").format(agency=t(article.agency)))
    if article.site:
        meta.append(_("site: {site}").format(site=t(article.site)))
    out.append("  ·  ".join(meta) + "\n", "dim")
    if article.url:
        out.append(t(article.url) + "\n", "dim")
    if article.tags:
        tags = ", ".join(f"{t(tag.name)} ({tag_kind(tag.kind)})" for tag in article.tags)
        out.append(_("tags:") + " " + tags + "\n", "dim")
    for kind, names in article.entities.items():
        if names:
            out.append(f"{tag_kind(kind)}: " + t(", ".join(names)) + "\n", "dim")
    out.append("\n")
    blocks, cut = shown_blocks(article.text_blocks, limit)
    for block in blocks:
        text = t(block.text)
        if block.type == "heading":
            out.append(text + "\n\n", "bold underline")
        elif block.type == "bullet":
            out.append("  • " + text + "\n")
        elif block.type == "quote":
            out.append(text + "\n\n", "italic")
        else:
            out.append(text + "\n\n")
    if cut:
        out.append(
            _(
                "({count} more characters not shown; the whole text is in the library: "
                "manchette show {id} --json)"
            ).format(count=f"{cut:,}", id=article.id)
            + "\n\n",
            "dim italic",
        )
    if not article.is_full:
        out.append(
            _("(teaser only: the full text was not in the imported pages)") + "\n\n", "dim italic"
        )
    for s in article.sources:
        where = f"{source_label(s.file)}:{s.line}"
        if s.position is not None:
            where += f"  #{s.position}"
        if s.archive:
            where += f"  [{t(s.archive)}]"
        out.append(_("found in") + " " + where + "\n", "dim")
    return out


def run(args: argparse.Namespace) -> int:
    library = open_library(args, readonly=True)
    article = find_article(library, args.id)
    if article is None:
        return fail(
            _("no article with id {id!r} in {folder}").format(
                id=args.id, folder=show_path(library.directory)
            )
        )
    from archive.group.grouping import load_links  # only here: `search` loads the commands too

    links = load_links(library, article.id) or {"story": None, "versions": []}
    if links["story"] is not None and not links["story"]["label"]:
        links["story"]["label"] = article.title  # a story of one article is labelled by it
    if args.json:
        print_json({**article.to_dict(), **links})
    else:
        text = article_text(article)
        if links["versions"]:
            text.append(_("versions:") + " " + ", ".join(links["versions"]) + "\n", "dim")
        story = links["story"]
        if story and story["count"] > 1:
            others = [i for i in story["articles"] if i != article.id]
            text.append(
                _("story {id}:").format(id=story["id"]) + " " + ", ".join(others) + "\n", "dim"
            )
        stdout().print(text)
    return 0
