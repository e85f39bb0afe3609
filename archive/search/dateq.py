"""Date values in queries: ISO days, months and years, French or English month names, ranges, ages."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from archive.text import fold

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "aout": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUMERIC_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_RELATIVE = re.compile(
    r"^(\d{1,4})\s*(j|d|jours?|days?|s|w|sem|semaines?|weeks?|m|mois|months?|a|y|ans?|years?)(!?)$"
)
_WORDS = re.compile(r"^(?:(1er|premier|\d{1,2})\s+)?([a-z]+)\.?(?:\s+(\d{4}))?$")
_LAST_DAY = dt.date(9999, 12, 31).toordinal()
_TODAY = {"aujourd'hui", "aujourdhui", "today"}
_YESTERDAY = {"hier", "yesterday"}


class DateValueError(ValueError):
    """A date value that cannot be read; offset is relative to the start of the value."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class DayRange:
    """An inclusive range of days as proleptic ordinals (date.toordinal())."""

    start: int
    end: int

    def label(self) -> str:
        """ISO form of the range, for messages and tests."""
        first = dt.date.fromordinal(self.start).isoformat() if self.start > 1 else ""
        last = dt.date.fromordinal(self.end).isoformat() if self.end < _LAST_DAY else ""
        return first if first == last else f"{first}..{last}"


@dataclass(frozen=True, slots=True)
class LibraryDates:
    """What the library holds: its newest day and the (year, month) pairs it has articles in.

    A month or day written without a year means the most recent one the library holds, and
    an age ("7j") counts back from its newest day: dates mean the library, not the clock.
    """

    newest: dt.date | None = None
    months: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True, slots=True)
class _Span:
    """One side of a range: its first and last day, and whether a year was written."""

    start: dt.date
    end: dt.date
    month_only: int | None = None  # month number when written without a year ("juin")
    day: int | None = None


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _checked_day(year: int, month: int, day: int, text: str) -> dt.date:
    if not 1 <= month <= 12:
        raise DateValueError(f"impossible date '{text}': there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateValueError(f"impossible date '{text}': {year}-{month:02d} has {last} days")
    return dt.date(year, month, day)


def _months_back(today: dt.date, months: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        raise DateValueError("that is too far back")
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def _relative(count: int, unit: str, today: dt.date) -> _Span:
    try:
        if unit[0] in "jd":
            start = today - dt.timedelta(days=count)
        elif unit[0] in "swe" or unit.startswith("sem"):
            start = today - dt.timedelta(weeks=count)
        elif unit[0] == "m":
            start = _months_back(today, count)
        else:
            start = _months_back(today, 12 * count)
    except (OverflowError, ValueError) as error:
        raise DateValueError(f"'{count}{unit}' goes back too far") from error
    return _Span(start, today)


def _single(text: str, today: dt.date, anchor: dt.date) -> _Span:
    """Read one side of a range (never a range itself); ages count back from anchor ("7j!": today)."""
    value = fold(text).strip()
    if not value:
        raise DateValueError("expected a date")
    if value in _TODAY:
        return _Span(today, today)
    if value in _YESTERDAY:
        day = today - dt.timedelta(days=1)
        return _Span(day, day)
    match = _ISO.match(value)
    if match:
        year = int(match[1])
        if year < 1:
            raise DateValueError(f"impossible date '{text}': there is no year 0")
        if match[3]:
            day = _checked_day(year, int(match[2]), int(match[3]), text)
            return _Span(day, day)
        if match[2]:
            month = int(match[2])
            if not 1 <= month <= 12:
                raise DateValueError(f"impossible date '{text}': there is no month {month}")
            return _Span(*_month_span(year, month))
        return _Span(dt.date(year, 1, 1), dt.date(year, 12, 31))
    match = _NUMERIC_DMY.match(value)
    if match:
        day = _checked_day(int(match[3]), int(match[2]), int(match[1]), text)
        return _Span(day, day)
    match = _RELATIVE.match(value)
    if match:
        return _relative(int(match[1]), match[2], today if match[3] else anchor)
    match = _WORDS.match(value)
    if match and match[2] in MONTHS:
        month = MONTHS[match[2]]
        day_text = match[1]
        day_number = (
            None if day_text is None else (1 if day_text in ("1er", "premier") else int(day_text))
        )
        if match[3]:
            year = int(match[3])
            if day_number is None:
                return _Span(*_month_span(year, month))
            day = _checked_day(year, month, day_number, text)
            return _Span(day, day)
        if day_number is not None and not 1 <= day_number <= 31:
            raise DateValueError(f"impossible date '{text}': no month has {day_number} days")
        return _Span(today, today, month_only=month, day=day_number)
    raise DateValueError(f"expected a date (2025-06-01, 2025-06, juin, 7j…), got '{text}'")


def _latest(
    month: int, day: int | None, not_after: dt.date, text: str, held: LibraryDates
) -> _Span:
    """The most recent month (or day) of that name that does not start after not_after.

    Among those, the most recent one the library holds articles in, when it holds any.
    """
    year = not_after.year if month <= not_after.month else not_after.year - 1
    years = sorted((y for y, m in held.months if m == month and y <= year), reverse=True)
    if years:
        year = years[0]
    for candidate in range(year, year - 8, -1):
        if day is None:
            return _Span(*_month_span(candidate, month))
        try:
            when = _checked_day(candidate, month, day, text)
        except DateValueError:
            continue  # 29 February: go back to a leap year
        if when <= not_after:
            return _Span(when, when)
    raise DateValueError(f"impossible date '{text}'")


def parse_date_value(text: str, today: dt.date, held: LibraryDates | None = None) -> DayRange:
    """Read a date value ("2025-06", "juin..juillet", "..2025-06-30", "7j") into a day range.

    A month or day written without a year means the most recent one the library holds (held),
    so "juin" in a library whose newest article is from October 2025 is June 2025 and
    "juin..juillet" is two consecutive months. Ages ("7j", "3m", "1a") count back from the
    library's newest day, or from today when written "7j!". Without held, the clock decides.
    """
    held = held or LibraryDates()
    anchor = held.newest or today
    raw = text.strip()
    if ".." in raw:
        cut = raw.index("..")
        left_text, right_text = raw[:cut], raw[cut + 2 :]
        if ".." in right_text:
            raise DateValueError(
                "expected one '..' in a date range", cut + 2 + right_text.index("..")
            )
        if not left_text.strip() and not right_text.strip():
            raise DateValueError("expected a date before or after '..'", cut)
        left = _single(left_text, today, anchor) if left_text.strip() else None
        try:
            right = _single(right_text, today, anchor) if right_text.strip() else None
        except DateValueError as error:
            raise DateValueError(error.message, cut + 2) from error
        if right is not None and right.month_only is not None:
            right = _latest(right.month_only, right.day, anchor, right_text, held)
        if left is not None and left.month_only is not None:
            not_after = right.end if right is not None else anchor
            left = _latest(left.month_only, left.day, not_after, left_text, held)
        start = left.start if left is not None else dt.date(1, 1, 1)
        end = right.end if right is not None else dt.date(9999, 12, 31)
        if start > end:
            raise DateValueError(
                f"the range starts after it ends ({start.isoformat()} > {end.isoformat()})"
            )
        return DayRange(start.toordinal(), end.toordinal())
    span = _single(raw, today, anchor)
    if span.month_only is not None:
        span = _latest(span.month_only, span.day, anchor, raw, held)
    return DayRange(span.start.toordinal(), span.end.toordinal())
