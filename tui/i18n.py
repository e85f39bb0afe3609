"""The interface's language: English source strings, a French catalog (a .po file read at start).

The language is chosen once at start (`--lang` > LC_ALL > LC_MESSAGES > LANG > English) with
`choose_language` and `set_language`. Strings are English in the code, wrapped in `_()` (or
`ngettext()` for plurals, `N_()` where they are defined before the language is known, as in
class-level bindings, and translated where they are shown). Article text, titles, tags and file
names are data and are never translated.

The catalog is the .po file itself, parsed when French is chosen (about a millisecond for a few
hundred entries): no compiled .mo to keep in step, no build step, nothing read in English.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
from collections.abc import Mapping
from pathlib import Path

from archive import i18n
from archive.i18n import N_, _, ngettext

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "ngettext",
    "choose_language",
    "set_language",
    "language",
    "tag_kind",
]

LANGUAGES = ("en", "fr")
DOMAIN = "manchette"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current = "en"

_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
}


class LanguageError(ValueError):
    """An unknown --lang value."""


def po_file(lang: str) -> Path:
    """Where the catalog of a language is."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r"}


def _unquote(literal: str) -> str:
    """A .po string literal's text: quotes off, \\n \\t \\" \\\\ read."""
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise ValueError(f"not a quoted string: {literal!r}")
    return _ESCAPE.sub(lambda m: _ESCAPED.get(m[1], m[1]), literal[1:-1])


def parse_po(text: str) -> dict[str | tuple[str, int], str]:
    """The entries of a .po file: msgid -> msgstr, (msgid, n) -> msgstr[n] for plurals.

    Enough of the format for a catalog written by hand or by msgmerge: comments, continued
    strings, msgid_plural and msgstr[n]. The header (empty msgid) is kept under "".
    """
    entries: dict[str | tuple[str, int], str] = {}
    fields: dict[str, str] = {}
    current: str | None = None

    def flush() -> None:
        if "msgid" in fields:
            msgid = fields["msgid"]
            if "msgid_plural" in fields:
                for key, value in fields.items():
                    if key.startswith("msgstr["):
                        entries[(msgid, int(key[7:-1]))] = value
            else:
                entries[msgid] = fields.get("msgstr", "")
        fields.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"a string continues nothing: {raw!r}")
            fields[current] += _unquote(line)
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword == "msgid":
            flush()
        current = keyword
        fields[keyword] = _unquote(rest)
    flush()
    return entries


def plural_fr(n: int) -> int:
    """French plural rule: 0 and 1 take the singular (Plural-Forms: nplurals=2; plural=(n > 1))."""
    return 1 if n > 1 else 0


class CatalogTranslations(gettext.NullTranslations):
    """gettext translations from parsed .po entries; an empty msgstr falls back to English."""

    def __init__(self, entries: Mapping[str | tuple[str, int], str]) -> None:
        super().__init__()
        self._entries = entries

    def gettext(self, message: str) -> str:
        translated = self._entries.get(message)
        return translated if translated else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        translated = self._entries.get((msgid1, plural_fr(n)))
        if translated:
            return translated
        return msgid1 if n == 1 else msgid2


def choose_language(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language from --lang, else from the locale variables (fr_* -> French), else English."""
    if option is not None:
        lang = option.strip().lower()
        if lang not in LANGUAGES:
            raise LanguageError(
                f"unknown language {option!r} for --lang (expected {' or '.join(LANGUAGES)})"
            )
        return lang
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:  # the first one set decides, as in POSIX
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def set_language(lang: str) -> None:
    """Install the catalog of `lang` (English: none) for every `_` of tui/ and archive/."""
    global _current
    if lang == "en":
        i18n.install(gettext.NullTranslations())
    else:
        entries = parse_po(po_file(lang).read_text(encoding="utf-8"))
        i18n.install(CatalogTranslations(entries))
    _current = lang


def language() -> str:
    """The language chosen at start ("en" or "fr")."""
    return _current


_SHORT_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": [
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ],
}
_WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
_SHORT_WEEKDAYS = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "fr": ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
}
_STRFTIME_NAME = re.compile(r"%([%AaBb])")

_TAG_KINDS = {
    "category": N_("category"),
    "keyword": N_("keyword"),
    "section": N_("section"),
    "user": N_("user"),
    "person": N_("person"),
    "place": N_("place"),
    "org": N_("org"),
}


def tag_kind(kind: str) -> str:
    """A tag's or a name's kind as shown ("category", "catégorie"); an unknown kind as it is."""
    return _(_TAG_KINDS[kind]) if kind in _TAG_KINDS else kind


def month_name(month: int) -> str:
    """A month's full name in the chosen language ("June", "juin")."""
    return _MONTHS[_current][month - 1]


def short_month(iso_month: str) -> str:
    """A "YYYY-MM" month, short, in the chosen language: "Jun 2025", "juin 2025"."""
    try:
        year, month = int(iso_month[:4]), int(iso_month[5:7])
        return f"{_SHORT_MONTHS[_current][month - 1]} {year}"
    except (ValueError, IndexError):
        return iso_month


def long_date(iso: str) -> str:
    """An ISO day, month or year as words: "14 June 2025" / "14 juin 2025", "juin 2025"."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
            first = "1er" if day == 1 and _current == "fr" else str(day)
            return f"{first} {month_name(month)} {year}"
        if len(parts) == 2:
            return f"{month_name(int(parts[1]))} {int(parts[0])}"
    except (ValueError, IndexError):
        pass
    return iso


def strftime(day: dt.date, date_format: str) -> str:
    """day.strftime(date_format) with the names of months and days (%B %b %A %a) in the chosen
    language, whatever the process locale."""

    def name(match: re.Match[str]) -> str:
        code = match[1]
        if code == "B":
            return _MONTHS[_current][day.month - 1]
        if code == "b":
            return _SHORT_MONTHS[_current][day.month - 1]
        if code == "A":
            return _WEEKDAYS[_current][day.weekday()]
        if code == "a":
            return _SHORT_WEEKDAYS[_current][day.weekday()]
        return "%%"

    return day.strftime(_STRFTIME_NAME.sub(name, date_format))
