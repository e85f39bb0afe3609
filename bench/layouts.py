"""Page layouts beyond the WordPress samples, as real sites write them.

Card listings: each item a label line, its title, a meta line ("octobre 31, 2017 Claire
Martin", "admin 18 juillet 2024", "Par Rédaction 05/03/2022", "Publié le … Léa Fontaine",
relative or author-only when the article states no date), maybe a comment count, a teaser cut
with "…", and no read-more line; the meta line sits under the title, under the teaser or above
the title depending on the site. Single pages with a kicker above the title and the byline split
over lines ("Par" / name / "-" / date). A dated article's meta line states its publication day,
so the ground truth is unchanged: the day the text states is the day it was published.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bench.render import _body_paragraphs, typeset
from bench.textgen import MONTHS

# Fictional bylines: user names of blog engines and ordinary French names.
AUTHORS: tuple[str, ...] = (
    "admin", "redaction", "Rédaction", "Claire Martin", "Julien Morel", "Sophie Laurent",
    "Marc Petit", "Nadia Benali", "Thomas Girard", "Léa Fontaine", "Hugo Lambert",
)  # fmt: skip
META_FORMS = ("month_first", "author_day", "par_numeric", "published_author")
ORDERS = ("meta_under_title", "meta_under_teaser", "meta_above_title")
TEASER_CUT = 160


class CardEntry(Protocol):
    """What a card needs of an article."""

    title: str
    teaser: str
    published: datetime
    dated: bool
    label: str
    agency_credited: bool


@dataclass(frozen=True, slots=True)
class CardStyle:
    """One site's card template: where the meta line goes and how it is written."""

    order: str
    meta: str
    comments: bool
    labels: bool

    @classmethod
    def draw(cls, rng: random.Random) -> CardStyle:
        return cls(rng.choice(ORDERS), rng.choice(META_FORMS), rng.random() < 0.5,
                   rng.random() < 0.8)  # fmt: skip


def meta_line(entry: CardEntry, style: CardStyle, rng: random.Random) -> str:
    """The item's meta line: its day and author, or only words when the article states no date."""
    author = rng.choice(AUTHORS)
    when = entry.published
    if not entry.dated:
        return rng.choice((author, f"{author} il y a {rng.randint(2, 9)} jours",
                           f"{rng.randint(2, 20)} heures passé (e) (s)"))  # fmt: skip
    month = MONTHS[when.month - 1]
    if style.meta == "month_first":
        tail = rng.choice(("", f"{rng.randint(0, 9)} commentaires", "Laisser un commentaire"))
        return f"{month} {when.day}, {when.year} {author}{tail}"
    if style.meta == "author_day":
        return f"{author} {when.day} {month} {when.year}"
    if style.meta == "par_numeric":
        return f"Par {author} {when:%d/%m/%Y}"
    return f"Publié le {when:%d} {month} {when.year} à {when:%H}h{when:%M} {author}"


def _cut(teaser: str, keep: bool) -> str:
    """A teaser cut at a word near TEASER_CUT characters, ending with "…" (credits kept whole)."""
    if keep or len(teaser) <= TEASER_CUT:
        return teaser
    return teaser[:TEASER_CUT].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def card_page(
    heading: str, entries: Sequence[CardEntry], style: CardStyle, rng: random.Random, nbsp: bool
) -> str:
    """A card listing: no read-more lines, meta lines where the site puts them."""
    parts = [heading]
    for entry in entries:
        title = typeset(entry.title, nbsp)
        teaser = _cut(typeset(entry.teaser, nbsp), entry.agency_credited)
        meta = meta_line(entry, style, rng)
        item = [title, teaser]
        if style.order == "meta_under_title":
            item.insert(1, meta)
        elif style.order == "meta_under_teaser":
            item.append(meta)
        else:
            item.insert(0, meta)
        if style.comments:
            item.append(f"{rng.randint(0, 12)} Commentaires")
        if style.labels:
            item.insert(0 if style.order != "meta_above_title" else 1, entry.label)
        parts.extend(item)
    return "\n\n".join(parts) + "\n"


class PageEntry(Protocol):
    """What a single page needs of an article."""

    title: str
    teaser: str
    body: list[tuple[str, str]]
    date_line: str | None


def kicker_page(
    entry: PageEntry,
    kicker: str,
    byline: str | None,
    chrome: Sequence[str],
    rng: random.Random,
    nbsp: bool,
) -> str:
    """A page with no breadcrumb: a kicker above the title, the byline split over short lines."""
    parts = [kicker, typeset(entry.title, nbsp)]
    if byline:  # an agency's byline stays whole: "Par AFP" credits it
        parts.extend([entry.date_line, byline] if entry.date_line else [byline])
    else:
        split = ["Par", rng.choice(AUTHORS[3:])]
        if entry.date_line and entry.date_line[0].isdigit() and rng.random() < 0.5:
            split = ["Le", entry.date_line, *split]
        elif entry.date_line:
            split += ["-", entry.date_line]
        parts.append("\n".join(split))
    parts.append(typeset(entry.teaser, nbsp))
    parts.extend(typeset(p, nbsp) for p in _body_paragraphs(entry.body))
    parts.extend(chrome)
    return "\n\n".join(parts) + "\n"
