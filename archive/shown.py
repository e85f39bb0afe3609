"""How much of an article is shown at once: a bounded body, so no article blocks a screen."""

from __future__ import annotations

from collections.abc import Sequence

from archive.model import Block

# About 60 pages of a book: more than any real article, and laid out in well under a second.
SHOWN_BODY_CHARS = 200_000


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
