"""The fixed query mix, written for manchette and for what a user would otherwise use.

Each query is spelled four ways: manchette's query language (issue 4), an SQLite FTS5 MATCH
expression (plus an SQL date filter), a TinyDB Query over stored texts, and a grep -ril
pipeline over the raw pages. The last two cannot fold accents, stems or name variants and
grep works per file, not per article: their hit counts differ by design; times are compared.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

# Typed in the running app, one character at a time (keystroke latency).
TYPED_QUERIES: tuple[str, ...] = (
    "ukraine",
    "poutine",
    "inflation",
    "drones",
    "sanctions",
    "négociations",
)

_GREP_DATE = r"(janvier|février|mars|avril|mai|juin) 2024|/0[1-6]/24"


@dataclass(frozen=True)
class MixQuery:
    """One query of the mix, in each engine's words."""

    name: str
    manchette: str
    fts: str
    words: tuple[str, ...] = ()  # TinyDB: all must match (regex, case-insensitive)
    exclude: tuple[str, ...] = ()  # TinyDB: none may match
    tag: str | None = None
    dates: tuple[str, str] | None = None  # inclusive ISO days
    grep: tuple[tuple[str, ...], ...] = ()  # pipeline: first grep lists files, the rest filter


MIX: tuple[MixQuery, ...] = (
    MixQuery("one word", "drones", "drones", (r"\bdrones\b",), grep=(("-ril", "drones"),)),
    MixQuery(
        "two words",
        "poutine sanctions",
        "poutine sanctions",
        (r"\bpoutine\b", r"\bsanctions\b"),
        grep=(("-rilZ", "poutine"), ("-il", "sanctions")),
    ),
    MixQuery(
        "phrase",
        '"maison blanche"',
        '"maison blanche"',
        (r"\bmaison blanche\b",),
        grep=(("-ril", "maison blanche"),),
    ),
    MixQuery("prefix", "négoci*", "négoci*", (r"\bnégoci",), grep=(("-ril", "négoci"),)),
    MixQuery(
        "tag + word",
        "tag:russie drones",
        "tags:trussie AND drones",
        (r"\bdrones\b",),
        tag="russie",
        grep=(("-rlZ", "Archives du mot-clé russie"), ("-il", "drones")),
    ),
    MixQuery(
        "date range + word",
        "date:2024-01..2024-06 inflation",
        "inflation",
        (r"\binflation\b",),
        dates=("2024-01-01", "2024-06-30"),
        grep=(("-rilZE", _GREP_DATE), ("-il", "inflation")),
    ),
    MixQuery(
        "negation",
        "poutine -trump",
        "poutine NOT trump",
        (r"\bpoutine\b",),
        (r"\btrump\b",),
        grep=(("-rilZ", "poutine"), ("-iL", "trump")),
    ),
    MixQuery("most of library", "selon", "selon", (r"\bselon\b",), grep=(("-ril", "selon"),)),
)


def tag_token(name: str) -> str:
    """A tag as one FTS5 token ("Guerre Russie – Ukraine" -> "tguerrerussieukraine")."""
    return "t" + "".join(c for c in name.casefold() if c.isalnum())


def grep_command(query: MixQuery, pages: str) -> str:
    """The shell pipeline a user would type for this query over the page files."""
    first, *rest = query.grep
    parts = [f"grep {first[0]} -- {shlex.quote(first[1])} {shlex.quote(pages)}"]
    parts += [f"xargs -0 -r grep {flags} -- {shlex.quote(pattern)}" for flags, pattern in rest]
    return " | ".join(parts)


def tinydb_condition(query: MixQuery) -> Any:
    """A TinyDB condition over documents {title, text, tags, date}."""
    from tinydb import Query

    doc = Query()
    condition: Any = None

    def both(a: Any, b: Any) -> Any:
        return b if a is None else a & b

    for pattern in query.words:
        condition = both(condition, doc.text.search(pattern, flags=re.IGNORECASE))
    for pattern in query.exclude:
        condition = both(condition, ~doc.text.search(pattern, flags=re.IGNORECASE))
    if query.tag is not None:
        condition = both(condition, doc.tags.any([query.tag]))
    if query.dates is not None:
        low, high = query.dates
        condition = both(condition, doc.date.test(lambda d: d is not None and low <= d <= high))
    return condition
