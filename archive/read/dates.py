"""A French date grammar: find date expressions in text and pick the one an article states for itself.

dateparser is not enough here (shared/FACTS.md): it ignores weekdays, takes missing years from
today and misses ranges such as "la nuit du vendredi 19 au samedi 20 septembre 2025".
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive.text import fold, fold_aligned

LEAD_CHARS = 1500  # a lead states its date early; this bounds the work on huge paragraphs
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTH_NAMES = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}  # fmt: skip

# Patterns run on fold()ed text, which keeps one character per source character for the
# characters a date uses (letters with accents fold to one letter), so spans map back 1:1.
_WD = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_MO = r"(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:1er|premier|[0-3]?\d)"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
_LEAD = r"(?:(?:dans\s+)?la\s+nuit\s+du\s+|ce\s+|le\s+|du\s+)?"

_RANGE = re.compile(
    rf"\b{_LEAD}(?:(?P<wd1>{_WD})\s+)?(?P<d1>{_DAY})\s+(?:au|et|-|–)\s+"
    rf"(?:(?P<wd2>{_WD})\s+)?(?P<d2>{_DAY})\s+(?P<mo>{_MO})(?:\s+(?P<y>{_YEAR}))?\b"
)
_SINGLE = re.compile(
    rf"\b{_LEAD}(?:(?P<wd>{_WD})\s+)?(?P<d>{_DAY})\s+(?P<mo>{_MO})(?:\s+(?P<y>{_YEAR})(?!\d)|\b)"
)
# "août 15, 2020": the year may be glued to what follows ("2017octobre 23, 2017 Françoise").
_MONTH_FIRST = re.compile(rf"(?<![^\W\d_])(?P<mo>{_MO})\s+(?P<d>[0-3]?\d),?\s+(?P<y>{_YEAR})(?!\d)")
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?:(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>\d{4}|\d{2})"
    r"|(?P<iy>\d{4})-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?![\d/.-])"
)
_DIGIT = re.compile(r"\d")
# Something every form has: a month's name (or its start) or digits joined by / . -
_FORM_HINT = re.compile(
    r"\d[/.-]\d|janv|f[ée]v|mars|avr|mai|juin|juil|ao[ûu]t|sept|oct|nov|d[ée]c", re.IGNORECASE
)
_WEEKDAY_WORD = re.compile(r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche", re.IGNORECASE)
# Words just before a date that make it another event's date, not the article's.
_OTHER_EVENT = re.compile(
    r"(?:prevue?s?|programmee?s?|attendue?s?|d'ici|jusqu'|a partir|depuis|avant|apres|des|"
    r"a compter|en vue|fixee?s?|reportee?s?|annoncee?s? pour|pour)\s*(?:le|au|du)?\s*$"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in text: its span, words, parts and how it was written."""

    start: int
    end: int
    text: str
    day: int
    month: int
    year: int | None
    weekday: int | None  # 0 = Monday, as datetime.weekday()
    first_day: int | None = None  # the first day of a "du 19 au 20" range
    relative: bool = False  # "il y a 6 jours", "hier": kept as words, never a stated date

    @property
    def has_year(self) -> bool:
        return self.year is not None

    def resolved(self, year: int) -> DateMention:
        """The same mention with its year filled in."""
        return DateMention(
            self.start, self.end, self.text, self.day, self.month, year, self.weekday,
            self.first_day, self.relative,
        )  # fmt: skip

    def iso(self) -> str | None:
        """YYYY-MM-DD when the year is known and the day exists, else None."""
        if self.year is None or self.relative:
            return None
        try:
            return dt.date(self.year, self.month, self.day).isoformat()
        except ValueError:
            return None


def _day(text: str) -> int:
    return 1 if text in ("1er", "premier") else int(text)


def _plausible(day: int, month: int, year: int | None) -> bool:
    try:
        dt.date(year if year is not None else 2000, month, day)  # 2000 is leap: 29/02 passes
    except ValueError:
        return False
    return True


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def find_dates(text: str) -> list[DateMention]:
    """Every date expression in text with a day and a month, in order, without overlaps."""
    if not _DIGIT.search(text) and "premier" not in text:
        return []  # every form has a day number, or "premier"
    if _FORM_HINT.search(text) is None:
        return []  # no month name and no numeric date: most lines with a number stop here
    folded = fold_aligned(text)  # one character per character: spans index text directly
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], day: int, month: int, year: int | None,
            weekday: str | None = None, first_day: int | None = None) -> None:  # fmt: skip
        start, end = m.start(), m.end()
        at = bisect.bisect_left(taken, (start, end))
        overlaps = (at > 0 and taken[at - 1][1] > start) or (at < len(taken) and taken[at][0] < end)
        if overlaps or not _plausible(day, month, year):
            return
        wd = WEEKDAYS.index(weekday) if weekday else None
        found.append(DateMention(start, end, text[start:end], day, month, year, wd, first_day))
        taken.insert(at, (start, end))

    for m in _RANGE.finditer(folded):
        add(m, _day(m["d2"]), _MONTH_NAMES[m["mo"].rstrip(".")], int(m["y"]) if m["y"] else None,
            m["wd2"], _day(m["d1"]))  # fmt: skip
    for m in _SINGLE.finditer(folded):
        add(m, _day(m["d"]), _MONTH_NAMES[m["mo"].rstrip(".")], int(m["y"]) if m["y"] else None,
            m["wd"])  # fmt: skip
    for m in _MONTH_FIRST.finditer(folded):
        add(m, int(m["d"]), _MONTH_NAMES[m["mo"].rstrip(".")], int(m["y"]))
    for m in _NUMERIC.finditer(folded):
        if m["iy"]:
            add(m, int(m["id"]), int(m["im"]), int(m["iy"]))
        elif 1 <= int(m["m"]) <= 12:
            add(m, int(m["d"]), int(m["m"]), _full_year(m["y"]))
    found.sort(key=lambda d: d.start)
    return found


def lead_date(paragraph: str, *, dateline_only: bool = False) -> DateMention | None:
    """The date a lead paragraph states for its own story, if any.

    A weekday + day + month ("ce jeudi 16 octobre", "la nuit du vendredi 19 au samedi 20
    septembre 2025") anywhere in the lead, or a full date opening it ("Paris, 3 juillet 2025 -");
    with dateline_only, only the latter. A date introduced as another event's ("prévue pour le
    20 janvier") is not taken.
    """
    lead = paragraph[:LEAD_CHARS]
    if not _WEEKDAY_WORD.search(lead) and not _DIGIT.search(lead, 0, 60):
        return None  # neither a weekday date nor a dateline opening the lead
    for mention in find_dates(lead):
        before = fold(paragraph[max(0, mention.start - 30) : mention.start])
        if _OTHER_EVENT.search(before):
            continue
        if mention.weekday is not None and not dateline_only and _own_day(paragraph, mention):
            return mention
        if mention.year is not None and mention.start <= 40 and not re.search(r"[.;!?]", before):
            return mention
    return None


def _own_day(paragraph: str, mention: DateMention) -> bool:
    """A weekday date told as the story's day: "ce jeudi 16 octobre", ", mercredi 22 octobre,",
    or opening the lead; not one qualifying a word ("annoncées vendredi 9 octobre")."""
    if fold(mention.text).startswith(("ce ", "la nuit", "dans la nuit")):
        return True
    before = paragraph[: mention.start].rstrip()
    return not before or before.endswith((",", "(", "–", "—", "-", ":"))


def infer_year(mention: DateMention, context_years: Sequence[int],
               bounds: tuple[str | None, str | None] = (None, None),
               not_after: str | None = None) -> int | None:  # fmt: skip
    """Pick the year of a yearless mention from its weekday and the corpus, never from today.

    Candidates are the years whose calendar puts that weekday on that day and, with not_after
    (the day the file was written), no later than it; those inside the listing bounds
    (earliest, latest) are preferred, then the one nearest the corpus years.
    """
    if not context_years:
        return None
    center = sorted(context_years)[len(context_years) // 2]
    candidates = [
        y for y in range(center - 30, center + 31)
        if _plausible(mention.day, mention.month, y)
        and (mention.weekday is None or dt.date(y, mention.month, mention.day).weekday()
             == mention.weekday)
        and (not_after is None or dt.date(y, mention.month, mention.day).isoformat() <= not_after)
    ]  # fmt: skip
    if not candidates:
        return None
    earliest, latest = bounds

    def score(y: int) -> tuple[int, int, int]:
        iso = dt.date(y, mention.month, mention.day).isoformat()
        outside = (earliest is not None and iso < earliest) + (latest is not None and iso > latest)
        return (outside, abs(y - center), y)

    return min(candidates, key=score)


__all__ = ["DateMention", "find_dates", "infer_year", "lead_date"]
