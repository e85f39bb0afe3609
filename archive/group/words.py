"""Words of folded text, as the search index cuts them (letters and digits)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")


def word_tokens(folded: str) -> list[str]:
    """The words of already folded text: "l'etat" -> ["l", "etat"]."""
    return _WORD.findall(folded)
