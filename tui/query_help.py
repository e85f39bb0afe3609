"""The query language and the list's marks in a few lines: one text for the help screen and `search --help`."""

from __future__ import annotations

QUERY_SYNTAX: list[tuple[str, str]] = [
    ("poutine négociations", "all the words (AND is implicit), any case or accent, French stems"),
    ('"maison blanche"', "a phrase"),
    ("ukrain*", "a prefix (a half-typed last word is read as one)"),
    ("trump -poutine", "negation (also NOT poutine)"),
    ("(kiev OR kyiv) drones", "alternatives and grouping"),
    ("title:drones", "in the title"),
    ("tag:russie", "a whole tag, case and accents folded (not “Guerre Russie – Ukraine”)"),
    ("tag:russie*", "any tag with a word starting with russie"),
    ("agency:afp  site:lemonde", "agency (also source:) and site; person: place: org:"),
    ("is:unread  is:starred", "also is:read is:full is:teaser; has:date"),
    ("date:2025-06  date:juin", "a month; without a year, the library's latest one"),
    ("date:2025-06..2025-07", "a range; date:2025-09-20.. and date:..2025-06-30 are open"),
    ("date:7j  date:3m  date:1a", "the last days, months, years before the newest article"),
    ("date:7j!", "the last 7 days before today"),
    ("datestated:2025-06", "stated dates only (date: also matches overlapping estimates)"),
    ("sort:relevance  sort:title", "an order: sort:-date newest first, sort:date oldest first"),
]

LIST_MARKS: list[tuple[str, str]] = [
    ("•", "unread"),
    ("★", "starred"),
    ("✓", "selected (x, *): s, m, t and e act on every selected article"),
    ("≈2025-06", "an estimated date (from where the article is listed)"),
    ("—", "no date at all"),
    ("#tag", "your own tags"),
    ("≈N", "in the timeline: how many of a month's articles are estimated"),
]


def syntax_text(indent: str = "  ") -> str:
    """The query syntax as plain lines, for the command line's help."""
    width = max(len(example) for example, _ in QUERY_SYNTAX)
    return "\n".join(f"{indent}{ex.ljust(width)}  {meaning}" for ex, meaning in QUERY_SYNTAX)
