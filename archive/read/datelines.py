"""Meta lines: a line that is an article's date, with its verb, time, author, comment count or update.

"Publié le 07 octobre 2020 à 06h45 - Mis à jour le 07 octobre 2020 à 10h21 Anne Rodier",
"octobre 23, 2017octobre 23, 2017 FrançoiseLaisser un commentaire", "admin 18 juillet 2024",
"Par Histoire Réunion 13/11/2019 Non", "Publié hier à 12h55" (relative: kept as words). A line
is a meta line when, once its dates and meta words are taken out, what is left is at most a
short list of names: a title that holds a date ("Fête nationale 23 octobre 2020 à 19h") leaves
ordinary words behind and is not one.
"""

from __future__ import annotations

import re

from archive.read.dates import _MONTH_NAMES, _OTHER_EVENT, DateMention, find_dates
from archive.text import fold_aligned

MAX_META = 320  # a byline with six authors and two dates is about this long
SHORT_META = 120  # longer than this, a meta line names its verb ("Publié le", "Par")
_VERB = (
    r"(?:publiee?s?|mise?s?\s+en\s+ligne|mise?s?\s+a\s+jour|modifiee?|postee?|actualisee?|"
    r"published|posted|updated|last\s+updated|ecrit|redige)"
)
_VERB_RE = re.compile(rf"\b{_VERB}\b")
_UPDATE = re.compile(
    r"(?:mise?s?\s+a\s+jour|modifiee?|actualisee?|updated)(?:\s*:?\s*(?:le|du|on))?\s*:?\s*$"
)
_RELATIVE = re.compile(
    r"\b(?:aujourd['’]\s?hui|avant-hier|hier|"
    r"il\s+y\s+a\s+(?:\d+|une?|deux|trois|quelques)\s+"
    r"(?:secondes?|minutes?|min|heures?|h|jours?|semaines?|mois|ans?)|"
    r"(?:\d+|une?)\s+(?:minutes?|heures?|jours?|semaines?|mois|ans?)\s+(?:passee?|ago))\b"
)
_DIGIT = re.compile(r"\d")
_VERB_HINT = re.compile(r"publi|mise? (?:à|a) jour|mise? en ligne|modifi|^\W*par\b", re.IGNORECASE)
_RELATIVE_HINT = re.compile(r"hier|aujourd|il y a|pass|ago|premier", re.IGNORECASE)
# "27 Mar 20 à 9:21": a month abbreviation and a two-digit year, read only on a meta line.
_SHORT_YEAR = re.compile(
    r"\b(?P<d>[0-3]?\d)\s+(?P<mo>"
    + "|".join(sorted([*_MONTH_NAMES, "mar"], key=len, reverse=True))
    + r")\.?\s+(?P<y>\d{2})(?![\d/.:h])"
)
# Words a meta line is made of besides its dates and names, taken out before judging the rest.
_META_WORDS = re.compile(
    r"(?:\b(?:a|à|le|la|les|du|sur|on|at|the|de|depuis\s+le|date|publication|dernieres?|"
    r"temps\s+de\s+lecture\s*:?\s*\d*\s*(?:min|mn)\.?|\d+\s*(?:min|mn)\.?\s+(?:de\s+)?lecture|"
    r"lecture\s+\d+\s*(?:min|mn)\.?|\d+\s+min\s+lues)\b"
    rf"|{_VERB}"
    r"|\d{1,2}\s*(?:h|:)\s*\d{0,2}(?![\d])(?:\s*min)?"  # times: 06h45, 20h 43, 12:57
    r"|\d*\s*commentaires?|\d*\s*comments?|laisser\s+un\s+commentaire|leave\s+a\s+comment"
    r"|\(\w\)|[|•·,;:()\[\]*_#»«>-]|[–—])"
)
_PARTICLES = {"de", "d'", "d’", "du", "des", "la", "le", "et", "avec", "von", "van", "par", "by",
              "and", "y", "del", "da", "dos", "ben", "el", "al", "non"}  # fmt: skip
_WORD = re.compile(r"\S+")


def _blanked(line: str, spans: list[tuple[int, int]]) -> str:
    """The line with every span replaced by spaces."""
    out, at = [], 0
    for start, end in sorted(spans):
        if end <= at:
            continue
        start = max(start, at)
        out.append(line[at:start])
        out.append(" " * (end - start))
        at = end
    out.append(line[at:])
    return "".join(out)


def _short_year_dates(line: str, folded: str) -> list[DateMention]:
    out = []
    for m in _SHORT_YEAR.finditer(folded):
        month = 3 if m["mo"] == "mar" else _MONTH_NAMES[m["mo"]]
        mention = DateMention(m.start(), m.end(), line[m.start() : m.end()], int(m["d"]), month,
                              2000 + int(m["y"]), None)  # fmt: skip
        if mention.iso():
            out.append(mention)
    return out


def _names_only(words: list[str], has_verb: bool) -> bool:
    """Whether what is left of a line is an author list (or a user name), not a sentence."""
    if not words:
        return True
    if any(w.rstrip(".").count(".") or (w.endswith((".", "!", "?")) and len(w) > 2) for w in words):
        return False  # a full stop ends a sentence; "E." is an initial
    lower = [w for w in words if w[:1].islower() and w.casefold() not in _PARTICLES]
    if words[0].casefold() in ("par", "by"):  # "Par admin 14/07/2022": a byline with its date
        return len(lower) <= 1 and len(words) <= 8
    if has_verb:
        return len(lower) <= 2 and len(words) <= 24
    return len(words) <= 4 and (not lower or (len(words) == 1 and len(words[0]) <= 20))


def date_line(line: str) -> tuple[DateMention, str] | None:
    """If the line is a meta line, its publication date (or relative date) and verb, else None.

    The verb is the folded word before the date ('publie', 'mis a jour', '' when none); when a
    line gives a publication and an update date, the publication date is returned.
    """
    if len(line) > MAX_META:
        return None
    digit = _DIGIT.search(line) is not None
    if not digit and _RELATIVE_HINT.search(line) is None:
        return None  # every form has a number, or a relative word: most lines stop here
    if len(line) > SHORT_META and _VERB_HINT.search(line, 0, SHORT_META) is None:
        return None  # a long meta line is a byline with its verb; without one, a paragraph
    folded = fold_aligned(line)
    mentions = find_dates(line) if digit else []
    short = digit and all(d.year is None for d in mentions)  # "27 Mar 20", "14 Fév 21"
    for m in (
        _short_year_dates(line, folded) if short else ()
    ):  # "14 Fév 21" over the yearless "14 Fév"
        clash = [d for d in mentions if d.start < m.end and m.start < d.end]
        if all(d.year is None for d in clash):
            mentions = [d for d in mentions if d not in clash] + [m]
    taken = [(m.start, m.end) for m in mentions]
    relative = list(_RELATIVE.finditer(folded)) if _RELATIVE_HINT.search(line) else []
    if not mentions and not relative:
        return None
    mentions.sort(key=lambda m: m.start)
    first = mentions[0].start if mentions else relative[0].start()
    last_end = mentions[-1].end if mentions else relative[-1].end()
    if _OTHER_EVENT.search(folded[max(0, first - 30) : first]):
        return None
    if re.match(r"\s*:\s*\w", folded[last_end:]):
        return None  # "15 octobre 2020 : Forum …" is a title that opens with a date
    spans = taken + [(m.start(), m.end()) for m in relative]
    spans += [(m.start(), m.end()) for m in _META_WORDS.finditer(folded)]
    words = _WORD.findall(_blanked(line, spans))
    if not _names_only(words, _VERB_RE.search(folded) is not None):
        return None
    if not mentions:
        r = relative[0]
        mention = DateMention(r.start(), r.end(), line[r.start() : r.end()], 0, 0, None, None,
                              relative=True)  # fmt: skip
        return mention, _verb_before(folded, r.start())
    published = [m for m in mentions if not _UPDATE.search(folded[max(0, m.start - 30) : m.start])]
    chosen = (published or mentions)[0]
    verb = _verb_before(folded, chosen.start)
    if chosen.year is None and not verb and words:
        return None  # "BUDAPEST, 8 octobre (Xinhua) --", "Mardi 1er décembre − Salle X": events
    return chosen, verb


def _verb_before(folded: str, start: int) -> str:
    """The meta verb written just before a date, normalised ('publie', 'mis a jour'), or ''."""
    verbs = list(_VERB_RE.finditer(folded, max(0, start - 40), start))
    if not verbs:
        return ""
    verb = verbs[-1].group(0)
    if _UPDATE.search(verb + " "):
        return "mis a jour"
    return "publie" if verb.startswith(("publi", "posted", "mis")) else verb
