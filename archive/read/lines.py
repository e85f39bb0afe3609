"""What one line of a scraped page is: a read-more link, an archive header, a breadcrumb, chrome…"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from archive.read.datelines import date_line
from archive.read.dates import find_dates
from archive.text import fold, fold_aligned, line_key

# Read-more links, matched on fold()ed text: "Lire la suite", "Lire plus", "Continuer la lecture"…
_READ_MORE_WORDS = (
    r"(?:lire\s+la\s+suite(?:\s+de\s+l['’]article)?|lire\s+plus|continuer\s+(?:la\s+)?lecture|"
    r"en\s+savoir\s+plus|lire\s+l['’]article(?:\s+complet)?|voir\s+l['’]article|read\s+more|"
    r"continue\s+reading|voir\s+plus)"
)
READ_MORE_START = re.compile(rf"^{_READ_MORE_WORDS}(?:\s*(?:[:»>…→-]|\.\.\.))*\s*")
READ_MORE_ANY = re.compile(rf"\s*{_READ_MORE_WORDS}(?:\s*(?:[:»>…→-]|\.\.\.))*\s*", re.IGNORECASE)

# Archive headers of WordPress-like sites, searched anywhere (they get glued to a title).
_HEADER_FORMS: tuple[tuple[str, str], ...] = (
    (r"archives?\s+(?:pour\s+la|de\s+la|par)\s+categorie", "category"),
    (r"archives?\s+(?:du|pour\s+le)\s+mot[- ]cle", "keyword"),
    (r"archives?\s+(?:de|pour)\s+l'etiquette", "keyword"),
    (r"archives?\s+(?:du|pour\s+le)\s+tag", "keyword"),
    (r"archives?\s+(?:du|de\s+la)\s+rubrique", "category"),
)
HEADER_ANY = re.compile(
    r"(?:" + "|".join(f"(?P<h{i}>{form})" for i, (form, _) in enumerate(_HEADER_FORMS)) + r")"
    r"\s*:?\s*"
)
# A whole line naming an archive without the word "Archives": "Catégorie : Politique".
_HEADER_LINE = re.compile(
    r"^(?P<word>categorie|rubrique|mot[- ]cle|etiquette|tag|theme)\s*:\s*(?P<name>.{1,80})$"
)
BREADCRUMB_SEPARATORS = (" » ", " > ", " › ", " | ", " / ")
_HOME_WORDS = {"accueil", "home", "une", "la une"}

_CHROME = re.compile(
    r"^(?:retour\s+en\s+haut(?:\s+de\s+la\s+page)?|haut\s+de\s+(?:la\s+)?page|"
    r"partag(?:er|ez)(?:\s+(?:cet\s+article|sur\s+\w+|l'article))?\s*:?|"
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|e-?mail|imprimer|tweet(?:er)?|pinterest)|"
    r"j'aime(?:\s+ceci)?|chargement\.*|(?:laisser|laissez|ajouter)\s+un\s+commentaire\.*|"
    r"\d+\s+commentaires?|commentaires?|repondre|navigation\s+(?:de\s+l'article|des\s+articles)|"
    r"(?:<<?|«|←)?\s*article\s+(?:precedent|suivant).*|(?:precedent|suivant)\s*(?:>>?|»|→)?|"
    r"articles?\s+(?:similaires|lies|recents|populaires)|(?:a\s+)?lire\s+aussi\b.*|"
    r"vous\s+aimerez\s+aussi.*|sur\s+le\s+meme\s+sujet|publicite|abonnez-vous.*|newsletter|"
    r"menu|rechercher(?:\s+\.\.\.)?|se\s+connecter|connexion|s'abonner|"
    r"(?:tous\s+)?droits\s+reserves.*|©.*|copyright.*)$"
)
# "Mots-clés : a, b" under an article page: its keyword tags.
_KEYWORD_LINE = re.compile(
    r"^(?:mots?[- ]cles?|tags?|etiquettes?|libelles?|labels?)\s*[:>]\s*(?P<list>.+)$"
    # A theme's category line: "Posted in: A, B Tagged: c", "Categorized as A , B Tagged c".
    r"|^(?:posted\s+in|filed\s+under|categori[sz]ed\s+as|classe\s+dans|publie\s+dans)"
    r"\s*:?\s*(?P<cats>.+)$"
)
# Where a category line goes on with its tags.
_TAGGED = re.compile(r"\s+(?:tagged|tags|mots?[- ]cles|etiquettes)\s*:?\s+", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•●▪▫◦‣∙·*►▶✓✔]|[-–—](?=\s)|\d{1,2}[.)](?=\s))\s*")
_TWO_SENTENCES = re.compile(r"[a-zà-ÿ»”)\d]{2}[.!?]\s+[A-ZÀ-ÖØ-Ý«“]")
# Chrome, bylines, keyword lists, breadcrumbs and date lines are never longer than this.
SHORT_LINE = 420
_TRAILING_CREDIT = re.compile(r"(?<=[.!?»…])\s*\([^()]{1,60}\)\s*\.?$")
_BYLINE = re.compile(r"^(?:par|by)\s+[^.!?;:]{2,60}$")
_GLUE_POINT = re.compile(r"(?<=[a-zà-ÿ0-9%»”)!?…])(?=[A-ZÀ-ÖØ-Ý])")


# Markdown as html2text writes it: "## Title", "**bold**", "_emphasis_", "[text](url)", "* * *".
_MD_HEADING = re.compile(r"^(#{1,6})\s+(?=\S)")
_MD_WRAP = re.compile(r"^(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1$")
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*\)")
_MD_INLINE = re.compile(r"(\*\*|__|(?<![\w/])_)(?=\S)(.+?)(?<=\S)\1(?![\w/])")
_MD_RULE = re.compile(r"^(?:[*_-]\s*){3,}$")


def unmark(text: str) -> tuple[str, int] | None:
    """A line without its Markdown marks and its heading level; None for a horizontal rule."""
    if _MD_RULE.match(text):
        return None
    level = 0
    if text[:1] == "#" and (m := _MD_HEADING.match(text)):
        level = len(m.group(1))
        text = text[m.end() :].strip()
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if text[:1] in "*_" and (w := _MD_WRAP.match(text)):
        text = w.group(2).strip()
    if "**" in text or "_" in text:
        text = _MD_INLINE.sub(r"\2", text)
    return text, level


@dataclass(slots=True)
class Line:
    """A logical line of a page: its 1-based number in the file, its text and what it is."""

    no: int
    text: str
    kind: str = "text"  # text readmore header breadcrumb date chrome bullet keywords byline label
    value: Any = None
    level: int = 0  # a Markdown heading's level ("## T" -> 2), 0 for a plain line


def is_title_shaped(text: str) -> bool:
    """True for a line shaped like a title or sub-heading: one sentence, no final full stop."""
    # "… Assemblée. (Avec : AFP)" ends a paragraph
    core = _TRAILING_CREDIT.sub("", text) if text.endswith((")", ").")) else text
    if not 2 <= len(text) <= 300 or core.endswith((".", ";", ",", ":")):
        return False
    if len(text.split()) > 45 or _TWO_SENTENCES.search(text):
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "«“\"'(¿¡[#"


def kicker(title: str) -> str | None:
    """The rubric before a colon that news titles start with ("Guerre en Ukraine : …"), folded."""
    m = re.match(r"^(.{3,40}?)\s?:\s", title)
    return fold(m.group(1)).strip() if m else None


def read_more_title(rest: str) -> str | None:
    """The title a read-more line names, once doubled forms are collapsed ("T Lire la suite T")."""
    parts = [p.lstrip(" :»>…-").rstrip() for p in READ_MORE_ANY.split(rest)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    keys = [line_key(p) for p in parts]
    if all(k == keys[0] for k in keys):
        return parts[0]
    return max(parts, key=len) if any(k.startswith(keys[0]) for k in keys[1:]) else parts[0]


def split_glued(rest: str, known: Container[str]) -> tuple[str, str | None]:
    """Split "T<next title>" where a title was glued to the next one; returns (T, next or None)."""
    if line_key(rest) in known:
        return rest, None
    points = [m.start() for m in _GLUE_POINT.finditer(rest)]
    for p in points:
        if line_key(rest[:p]) in known or line_key(rest[p:]) in known:
            return rest[:p], rest[p:]
    if (
        len(points) == 1
        and len(rest[: points[0]].split()) >= 3
        and len(rest[points[0] :].split()) >= 3
    ):
        return rest[: points[0]], rest[points[0] :]
    return rest, None


# Where get_text() glued a date to a word: "…rentrée7 juin 2023", "…ans11/03/2024",
# "2 juin 2023Un orgue…" (checked with find_dates before any split).
_GLUE_HINT = re.compile(r"[a-zà-ÿ]\d|\d[A-ZÀ-ÖØ-Ý]")  # cheap first look
_DATE_GLUE = re.compile(
    r"(?<=[^\W\d_])(?=\d{1,2}(?:er)?\s+(?i:janv|f[eé]v|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|"
    r"d[eé]c)|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})|(?<=\d\d)(?=[A-ZÀ-ÖØ-Ý][a-zà-ÿ])"
)


def split_date_glue(t: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans splitting a date glued to the line's text by get_text() ("…beaux-arts12 mars 2024",
    "12 mars 2024Exposition : …") from it, when the date ends or opens the line."""
    if not (t[end - 1].isdigit() or t[start].isdigit()) or _GLUE_HINT.search(t, start, end) is None:
        return [(start, end)]  # a glued date ends or opens the line
    for m in _DATE_GLUE.finditer(t, start, end):
        p = m.start()
        if t[p].isdigit():  # a date from here to the end of the line
            tail = find_dates(t[p:end])
            if tail and tail[0].start == 0 and not t[p + tail[-1].end : end].strip(" .,"):
                return [(start, p), (p, end)]
        else:  # a date from the line's start up to here
            head = find_dates(t[start:p])
            if head and head[0].start == 0 and head[-1].end == p - start:
                return [(start, p), (p, end)]
    return [(start, end)]


def header(text: str, folded: str | None = None) -> tuple[str, str] | None:
    """(name, kind) when the line names an archive: "Archives du mot-clé russie" -> keyword."""
    if folded is None:
        folded = fold_aligned(text)
    m = HEADER_ANY.match(folded)
    if m:
        kind = next(_HEADER_FORMS[i][1] for i in range(len(_HEADER_FORMS)) if m[f"h{i}"])
        name = text[m.end() :].strip(" «»\"“”'")
        return (name, kind) if name else None
    m = _HEADER_LINE.match(folded)
    if m:
        kind = "category" if m["word"] in ("categorie", "rubrique", "theme") else "keyword"
        return text[m.start("name") :].strip(" «»\"“”'"), kind
    return None


def breadcrumb(text: str) -> list[str] | None:
    """The segments of a breadcrumb line ("Site » Section » Title"), or None.

    Leading segments are short links; the last is the page title and may itself contain the
    separator (« … » quotes), so everything after the links is one segment.
    """
    for sep in BREADCRUMB_SEPARATORS:
        if sep not in text:
            continue
        parts = [p.strip() for p in text.split(sep)]
        links: list[str] = []
        for part in parts[:-1]:
            digits = sum(c.isdigit() for c in part)  # a date and time: a meta line, not a link
            if not part or len(part) > 60 or part.count("«") != part.count("»") or digits >= 4:
                break
            links.append(part)
        if not links:
            continue
        title = sep.join(parts[len(links) :]).strip()
        crumbs = [*links, title]
        if title and (len(crumbs) >= 3 or (len(crumbs) == 2 and is_home(links[0]))):
            return crumbs
    return None


def is_home(segment: str) -> bool:
    """True for a breadcrumb's home link ("Accueil", "Home")."""
    return fold(segment) in _HOME_WORDS


def classify(line: Line, folded: str | None = None) -> Line:
    """Fill in line.kind and line.value from the line's text (and its fold_aligned form)."""
    text = line.text
    if folded is None:
        folded = fold_aligned(text)
    m = READ_MORE_START.match(folded)
    if m:
        line.kind, line.value = "readmore", read_more_title(text[m.end() :])
        return line
    if (h := header(text, folded)) is not None:
        line.kind, line.value = "header", h
    elif len(text) > SHORT_LINE:  # a paragraph: only a bullet remains possible
        if (b := _BULLET.match(text)) and len(text) > b.end():
            line.kind, line.value = "bullet", text[b.end() :]
    elif _CHROME.match(folded):
        line.kind = "chrome"
    elif k := _KEYWORD_LINE.match(folded):
        line.kind = "keywords"
        rest = text[k.start("list" if k["list"] else "cats") :]
        parts = _TAGGED.split(rest, maxsplit=1)  # the categories, then the tags
        line.value = [t.strip() for p in parts for t in re.split(r"[,;]", p) if t.strip()]
    elif (d := date_line(text)) is not None:  # before bylines and crumbs: "Par X, le 3 mai 2020"
        line.kind, line.value = "date", d
    elif _BYLINE.match(folded) and len(text.split()) <= 8:
        line.kind = "byline"
    elif (crumbs := breadcrumb(text)) is not None:
        line.kind, line.value = "breadcrumb", crumbs
    elif (b := _BULLET.match(text)) and len(text) > b.end():
        line.kind, line.value = "bullet", text[b.end() :]
    return line
