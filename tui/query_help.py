"""The query language and the list's marks in a few lines: one text for the help screen and `search --help`."""

from __future__ import annotations

from tui.i18n import N_, _

QUERY_SYNTAX: list[tuple[str, str]] = [
    (
        "poutine négociations",
        N_("all the words (AND is implicit), any case or accent, French stems"),
    ),
    ('"maison blanche"', N_("a phrase")),
    ("ukrain*", N_("a prefix (a half-typed last word is read as one)")),
    ("trump -poutine", N_("negation (also NOT poutine)")),
    ("(kiev OR kyiv) drones", N_("alternatives and grouping")),
    ("title:drones", N_("in the title")),
    ("tag:russie", N_("a whole tag, case and accents folded (not “Guerre Russie – Ukraine”)")),
    ("tag:russie*", N_("any tag with a word starting with russie")),
    ("agency:afp  site:lemonde", N_("agency (also source:) and site; person: place: org:")),
    ("is:unread  is:starred", N_("also is:read is:full is:teaser; has:date")),
    ("date:2025-06  date:juin", N_("a month; without a year, the library's latest one")),
    ("date:2025-06..2025-07", N_("a range; date:2025-09-20.. and date:..2025-06-30 are open")),
    ("date:7j  date:3m  date:1a", N_("the last days, months, years before the newest article")),
    ("date:7j!", N_("the last 7 days before today")),
    ("datestated:2025-06", N_("stated dates only (date: also matches overlapping estimates)")),
    ("sort:relevance  sort:title", N_("an order: sort:-date newest first, sort:date oldest first")),
]

LIST_MARKS: list[tuple[str, str]] = [
    ("•", N_("unread")),
    ("★", N_("starred")),
    ("✓", N_("selected (x, *): s, m, t and e act on every selected article")),
    ("≈2025-06", N_("an estimated date (from where the article is listed)")),
    ("—", N_("no date at all")),
    ("#tag", N_("your own tags")),
    ("≈N", N_("in the timeline: how many of a month's articles are estimated")),
]


def syntax_text(indent: str = "  ") -> str:
    """The query syntax as plain lines, for the command line's help."""
    width = max(len(example) for example, _ in QUERY_SYNTAX)
    return "\n".join(f"{indent}{ex.ljust(width)}  {_(meaning)}" for ex, meaning in QUERY_SYNTAX)
