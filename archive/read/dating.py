"""Which date an entry states for itself: its own meta line first, a lead only where that is the custom.

A listing whose items carry date lines dates every item by its line; an item of it without one
is undated rather than dated by a teaser's "le 3 novembre". Leads date entries only where the
items have no date lines (a news river written "ce jeudi 16 octobre, …", a page without a meta
line). No date may be later than the day its file was last written: such a date is another
event's.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from archive.read.dates import DateMention, lead_date
from archive.read.entry import EntryDraft
from archive.text import fold

_UPDATE_VERBS = ("mis", "modif", "actual")


def file_day(path: str) -> str:
    """The day a file was last written (ISO), or today when it cannot be read."""
    try:
        stamp = os.stat(path).st_mtime
    except (OSError, ValueError):
        return dt.date.today().isoformat()
    return dt.date.fromtimestamp(stamp).isoformat()


@dataclass
class DateRules:
    """Per file: the day it was written, and whether its entries may be dated by their lead."""

    days: dict[str, str] = field(default_factory=dict)
    lead_ok: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, drafts: Iterable[EntryDraft]) -> DateRules:
        count: Counter[str] = Counter()
        dated: Counter[str] = Counter()
        for d in drafts:
            count[d.file] += 1
            dated[d.file] += bool(d.dates)
        rules = cls()
        for file, n in count.items():
            rules.days[file] = file_day(file)
            # Items with their own date lines: the lines are the custom, the leads are not.
            rules.lead_ok[file] = 2 * dated[file] < n
        return rules

    def day(self, file: str) -> str:
        """The newest day an entry of the file can bear."""
        return self.days.get(file) or dt.date.today().isoformat()

    def own_date(self, draft: EntryDraft) -> DateMention | None:
        """date_of(draft), as a reading worker already found it when it did (same rules)."""
        return draft.own_date if draft.finished else self.date_of(draft)

    def date_of(self, draft: EntryDraft) -> DateMention | None:
        """The date a draft states for itself: a date line ("Publié le …") first, else its lead."""
        newest = self.day(draft.file)
        own = [(m, verb) for m, verb in draft.dates if (m.iso() or "") <= newest]
        if own:  # "Publié le …" first, then a bare date line, an update's date last
            rank = {m: (0 if verb == "publie" else 2 if verb.startswith(_UPDATE_VERBS) else 1)
                    for m, verb in own}  # fmt: skip
            return min(own, key=lambda pair: rank[pair[0]])[0]
        if draft.dates:
            return None  # its only dates lie after the file was written: not its own
        lead = next((b.text for b in draft.blocks if b.type in ("paragraph", "quote")), None)
        if not lead:
            return None
        mention = lead_date(lead, dateline_only=not self.lead_ok.get(draft.file, False))
        if mention is None or (mention.iso() or "") > newest:
            return None
        return mention


def _orphan(d: EntryDraft) -> bool:
    """A draft that is only a date line (and labels): the meta of the entry before or after it."""
    short = all(len(b.text) <= 40 and len(b.text.split()) <= 4 for b in d.blocks)
    return d.title is None and short and bool(d.dates)


def settle_dates(drafts: list[EntryDraft]) -> list[EntryDraft]:
    """Give each listing's date lines to the items they belong to; drop drafts that are only dates.

    Drafts come in file and position order. A date line right after a read-more line dates the
    entry that line closed ("Lire la suite" / "17 juillet 2024" / next title). A page whose first
    date comes before its first title writes dates above titles: an entry's trailing date lines
    then date the next entry, and when there are fewer dates than entries (day headers over
    several posts) an undated entry takes the date above it.
    """
    out: list[EntryDraft] = []
    start = 0
    while start < len(drafts):
        end = start
        while end < len(drafts) and drafts[end].file == drafts[start].file:
            end += 1
        out.extend(_settle_file(drafts[start:end]))
        start = end
    return out


def _settle_file(entries: list[EntryDraft]) -> list[EntryDraft]:
    first = entries[0]
    # Dates above titles: the page opens with a date line, before any title or text.
    above = first.title is None and first.leading_dates > 0
    if len(entries) < 2 or not (above or any(_orphan(d) for d in entries)):
        return entries
    kept: list[EntryDraft] = []
    carry: list[tuple[DateMention, str]] = []
    for d in entries:
        if _orphan(d):
            prev = kept[-1] if kept else None
            if not above and prev is not None and prev.read_more and not prev.dates:
                prev.dates.extend(d.dates)
            else:
                carry.extend(d.dates)
            continue
        if carry:
            d.dates[:0] = carry
            carry = []
        kept.append(d)
    if above:
        _dates_above_titles(kept)
    return kept


def _bare(mention: DateMention) -> bool:
    """A line that is a date and nothing else: a day header ("mercredi 14 octobre 2020")."""
    core = fold(mention.text).strip(" .,:|-")
    return mention.start == 0 and len(core) <= mention.end - mention.start


def _dates_above_titles(entries: list[EntryDraft]) -> None:
    """Move trailing date lines to the next entry; with day headers, fill the gaps downward."""
    for d, nxt in zip(entries, entries[1:], strict=False):
        if d.trailing_dates:
            moved = d.dates[-d.trailing_dates :]
            del d.dates[-d.trailing_dates :]
            d.trailing_dates = 0
            nxt.dates[:0] = moved
    dated = sum(1 for d in entries if d.dates)
    if 5 * dated >= 3 * len(entries):
        return  # nearly every entry has its own date: a missing one stays missing
    if not all(_bare(m) for d in entries for m, _ in d.dates):
        return  # a meta line with a verb, a time or an author dates one item, not a day's
    current: list[tuple[DateMention, str]] = []
    for d in entries:
        if d.dates:
            current = d.dates[:1]
        elif current:
            d.dates = list(current)


__all__ = ["DateRules", "file_day", "settle_dates"]
