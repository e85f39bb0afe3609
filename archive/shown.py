"""How much of an article is shown at once: a bounded body, so no article blocks a screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from archive.model import Article, Block

# About 30 pages of a book: more than real articles hold, and laid out in about 30 ms.
SHOWN_BODY_CHARS = 100_000


def shown_blocks(blocks: Sequence[Block], limit: int = SHOWN_BODY_CHARS) -> tuple[list[Block], int]:
    """The blocks that fit in limit characters (the last one cut) and how many characters are left."""
    shown: list[Block] = []
    room = limit
    total = sum(len(block.text) for block in blocks)
    for block in blocks:
        if room <= 0:
            break
        if len(block.text) > room:
            # Cut at a word boundary near the limit, so the note follows a whole word.
            text = block.text[:room]
            space = text.rfind(" ", max(0, room - 200))
            shown.append(Block(block.type, text[:space] if space > 0 else text))
            break
        shown.append(block)
        room -= len(block.text)
    return shown, total - sum(len(block.text) for block in shown)


def bounded(article: Article, limit: int = SHOWN_BODY_CHARS) -> Article:
    """The article as far as it is shown: body and teaser cut at limit (for highlighting)."""
    if len(article.teaser) <= limit and sum(len(b.text) for b in article.body) <= limit:
        return article
    return replace(
        article, teaser=article.teaser[:limit], body=shown_blocks(article.body, limit)[0]
    )
