"""Where a page's parts are: a single page's title line, a listing's head, its items' label lines.

Decisions from line shapes only (a Markdown heading level, word counts, what follows a line),
so that they hold for pages of any site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from archive.read.dates import find_dates
from archive.read.lines import Line, is_title_shaped
from archive.read.template import strip_rubric, timestamped
from archive.text import fold

_WORD = re.compile(r"[^\W\d_]{2,}")
# A bare archive kind above the archive's name ("Catégorie" / "Actualité").
_KIND_WORDS = {
    "categorie": "category", "rubrique": "category", "theme": "category", "section": "category",
    "etiquette": "keyword", "tag": "keyword", "mot-cle": "keyword", "mot cle": "keyword",
    "mots-cles": "keyword",
}  # fmt: skip
_CREDIT = re.compile(r"©|\b(?:photo|crédit|credit)\s*:|\s/\s?[A-Z]{2,}\b", re.IGNORECASE)
_RELATED = re.compile(r"^(?:a\s+)?lire\s+aussi\b|^sur\s+le\s+meme\s+sujet|^voir\s+aussi\b")
_NAME = re.compile(
    r"^(?:[A-ZÀ-Ý][\w’'-]+\s(?:(?:de|du|des|d'|van|von|le|la)\s?)?){1,3}[A-ZÀ-Ý][\w’'-]+$"
)
SEARCH_LINES = 25  # a single page's title is among its first lines
PARAGRAPH = 160  # a line this long that is not title-shaped is body text
LONGEST_TITLE = 250


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def is_paragraph(line: Line, words: int = 12) -> bool:
    """Body text: a long line, or a line of several sentences or ending with a full stop."""
    if line.kind not in ("text", "bullet") or line.level:
        return False
    text = line.text
    if not is_title_shaped(strip_rubric(text)):
        return len(text) >= PARAGRAPH or _words(text) >= words
    return len(text) > LONGEST_TITLE


def choose_title(lines: Sequence[Line]) -> int | None:
    """The index of a single page's title line, or None for a bare body with no title."""
    seen = Counter(fold(line.text) for line in lines)
    best, best_score = None, 0.0
    related = 0  # lines left in a "Lire aussi" box, whose titles are other pages'
    paragraphs = substantive = 0
    for i, line in enumerate(lines[: 4 * SEARCH_LINES]):
        if _words(line.text) >= 3:  # menus of one-word links do not use up the search
            substantive += 1
            if substantive > SEARCH_LINES:
                break
        if is_paragraph(line):
            paragraphs += 1
            if best is not None or paragraphs >= 2:
                break  # the body has begun (a notice may come before the title, not a body)
            continue
        if line.kind == "chrome" and _RELATED.match(fold(line.text)):
            related = 6
            continue
        if related and line.kind == "text" and not is_paragraph(line):
            related -= 1
            continue
        related = 0
        if best is not None and (line.kind == "date" or meta_date(line) is not None):
            break  # the page's date line closes its title block
        score = _title_score(lines, i, seen)
        if paragraphs and not _dated(lines, i):
            continue  # below body text, only a title with its date line is one
        if score > best_score:
            best, best_score = i, score
    return best


def _title_score(lines: Sequence[Line], i: int, seen: Counter[str]) -> float:
    """How likely line i is the page's title: its shape, its heading level, what follows it."""
    line = lines[i]
    text = line.text
    if line.kind != "text" or len(text) > 300 or _CREDIT.search(text):
        return 0.0
    if not line.level and not is_title_shaped(strip_rubric(text)):
        return 0.0
    words = _words(text)
    if words < 3 and line.level != 1:
        return 0.0  # a section label or a kicker
    score = min(words, 10) / 10
    if timestamped(text) or " | " in text:
        score -= 0.6  # a meta line ("Le Monde | 04.05.2015 à 13h36")
    if _NAME.match(text):
        score -= 0.3  # "Jade Grandin de l'Eprevier": an author's name
    score += {0: 0.0, 1: 1.5, 2: 0.5, 3: 0.5}.get(line.level, -0.5)
    nxt = next((ln for ln in lines[i + 1 : i + 4] if ln.kind != "chrome"), None)
    if nxt is not None and (_dated(lines, i) or is_paragraph(nxt, words=6)):
        score += 0.5  # a title is followed by its standfirst, date or byline
    if seen[fold(text)] >= 2:
        score += 0.5  # written again in a breadcrumb, caption or player
    if i == 0:
        score += 0.3
    return score - 0.05 * sum(_words(ln.text) >= 3 for ln in lines[:i])


def _dated(lines: Sequence[Line], i: int) -> bool:
    """True when the first line after line i that is not chrome is a date line or a byline."""
    nxt = next((ln for ln in lines[i + 1 : i + 4] if ln.kind != "chrome"), None)
    if nxt is None:
        return False
    return nxt.kind in ("date", "byline") or (not is_paragraph(nxt) and timestamped(nxt.text))


_UPDATE = re.compile(r"(?:mis|mise)\s+a\s+jour|modifie|actualise|updated")
META_WORDS = 45  # a meta line ("Par X Publié le … - Mis à jour le …") is short


def meta_date(line: Line) -> Line | None:
    """A short text line carrying a date, in a meta slot ("admin 18 juillet 2024"), as a date
    line: its first date that is not an update's; None if it has none or is body text."""
    if line.kind not in ("text", "byline") or len(line.text.split()) > META_WORDS:
        return None
    if not timestamped(line.text):
        return None
    if is_paragraph(line) or line.text.rstrip(' »”"').endswith((".", "!", "?", ";")):
        return None  # a sentence of body text, not a meta line
    folded = fold(line.text)
    for mention in find_dates(line.text):
        before = folded[: mention.start]
        if _UPDATE.search(before[-25:]):
            continue  # "Mis à jour le …" is not the publication
        return replace(line, kind="date", value=(mention, ""))
    return None


def label_lines(lines: Sequence[Line], title: int, floor: int, most: int = 3) -> list[int]:
    """The label lines right above an item's title ("Actualité", "Chronique"), nearest last."""
    out: list[int] = []
    j = title - 1
    while j > floor and len(out) < most:
        line = lines[j]
        text = line.text
        if line.kind != "text" or len(text) > 60 or _words(text) > 6 or ":" in text:
            break
        if any(c.isdigit() for c in text) or not (text[0].isupper() or text[0].isdigit()):
            break
        out.append(j)
        j -= 1
    return out[::-1]


def head_archive(head: Sequence[Line]) -> tuple[str, str] | None:
    """The archive a listing's head names without the word "Archives": "Catégorie" / "X", "# X"."""
    for i, line in enumerate(head):
        kind = _KIND_WORDS.get(fold(line.text).strip(" :"))
        if kind is not None and i + 1 < len(head):
            name = head[i + 1].text.strip(" «»\"“”'")
            if name and len(name) <= 80:
                return name, kind
    for line in head:
        if line.level == 1 and line.kind == "text" and _words(line.text) <= 6:
            return line.text, "category"
    if len(head) == 1 and head[0].kind == "text" and len(head[0].text.split()) <= 3:
        text = head[0].text  # a bare section name over the list ("Culture")
        if ":" not in text and is_title_shaped(text):
            return text, "category"
    for line, nxt in zip(head, head[1:], strict=False):  # a tag's name, then its description
        text = line.text
        if (
            line.kind == "text"
            and len(text.split()) <= 4
            and ":" not in text
            and not text.endswith((".", "!", "?"))
            and nxt.kind == "text"
            and _words(nxt.text) >= 6
            and nxt.text.rstrip().endswith((".", "!", "…"))
        ):
            return text, "category" if text[:1].isupper() else "keyword"
    return None


__all__ = ["choose_title", "head_archive", "is_paragraph", "label_lines", "meta_date"]
