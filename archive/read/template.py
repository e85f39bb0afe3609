"""Find a listing's item template from the page itself: which line of each repeated record is its title.

A listing repeats one record shape (label, title, teaser, date line, read-more, comment count…)
in whatever order its site uses. Record mining in the spirit of MDR/DEPTA, on lines instead of
DOM nodes: lines are grouped by shape (a date line, a read-more link, a Markdown heading level,
the same text with its digits blanked, the same "Label :" prefix); each group that recurs is a
candidate anchor, and the title is the line found at one fixed step from every anchor, in one
direction. The (anchor, direction, step) whose lines look most like distinct titles wins.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from archive.read.lines import Line, is_title_shaped

# Kinds that are never a title and are stepped over when counting lines from an anchor.
_SKIPPED = frozenset({"date", "readmore", "chrome", "bullet", "keywords", "byline", "breadcrumb"})
_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_PREFIX = re.compile(r"^([^:]{2,24}?)\s?:")
_ELLIPSIS = ("…", "...")
_WORD = re.compile(r"[^\W\d_]{2,}")
# A date or a time of day somewhere in a line (each run of digits blanked to 0): a meta clue.
_TIMED = re.compile(
    r"\b0[/.]0[/.]0\b|\b0\s?[h:]\s?0\b|\b0(?:er)? (?:janv|f[eé]vr|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|"
    r"nov|d[eé]c)|\b(?:janv|f[eé]vr|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[eé]c)\w* 0"
)
_KICKER = re.compile(r"^(?:\S+\s){0,3}\S+\.\s(?=\S)")  # "Hongrie. Le compte…": a rubric first
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”")  # quoted words may hold sentences of their own
_CUT = re.compile(r"\s*(?:\.{2,}|…)$")  # "des bons (et mauvais) usages...": cut, not ended
_BY_WORDS = (0.0, 0.25, 0.45, 0.6, 0.8, 1.0)  # title-likeness by the number of real words
MAX_STEP = 3  # the title is at most this many lines from its anchor
HEAD_SHARE = 0.3  # a listing's head (title, archive name, intro) is a small part of it
MIN_RECORDS = 3  # fewer repeats than this is not a template, unless read-more links mark them


@dataclass(slots=True)
class Template:
    """The records a listing repeats: the index of each record's title line, and its anchor."""

    titles: list[int]
    anchor: str
    score: float


def title_quality(line: Line) -> float:
    """How much a line looks like a news title (0 to 1): one sentence, a few words, not cut off."""
    if line.kind != "text":
        return 0.0
    text = line.text
    if line.level:  # a Markdown heading is a title or a heading whatever its punctuation
        if len(text) > 300:
            return 0.0
    elif text.endswith(_ELLIPSIS) and len(text) > 60:
        return 0.0  # a teaser cut short
    else:
        core = _CUT.sub("", text) if text[-1] in ".…" else text
        core = _QUOTED.sub("«»", core) if "«" in core or "“" in core else core
        if not is_title_shaped(strip_rubric(core)):
            return 0.0
    found = _WORD.findall(text)
    words = len(found)
    q = _BY_WORDS[min(words, len(_BY_WORDS) - 1)]
    if _name_case(found, 1.0) and not _DIGIT.search(text):
        q *= 0.5  # "Occitanie Santé ICM": labels and names, not a sentence
    if len(text) > 100:  # standfirsts are longer than titles
        q *= max(0.3, 1 - (len(text) - 100) / 150)
    if line.level:
        q = min(1.0, q + 0.2)
    return q


def _name_case(words: list[str], share: float = 0.75) -> bool:
    """True for two words or more nearly all capitalised, and not all in capitals."""
    if len(words) < 2:
        return False
    upper = sum(w[0].isupper() for w in words)
    return upper >= share * len(words) and not all(w.isupper() for w in words)


def strip_rubric(text: str) -> str:
    """A title without the rubric some sites put first with a full stop ("Hongrie. Le …")."""
    return _KICKER.sub("", text) if ". " in text else text


def _shapes(line: Line, folded: str) -> list[str]:
    """The shape groups a line (and its casefolded text) belongs to; a line may be in several."""
    if line.kind in ("readmore", "date", "byline"):
        out = [line.kind]
    elif line.kind == "chrome":
        out = ["chrome:" + folded]
    else:
        out = []
    key = _DIGITS.sub("0", folded) if _DIGIT.search(folded) else folded
    if line.level:
        out.append(f"h{line.level}")
    elif (
        line.kind == "text"
        and len(line.text) <= 100
        and line.text.count(" ") < 12
        and "0" not in key
        and _name_case(_WORD.findall(line.text), 0.6)
    ):
        out.append("names")  # a line of labels ("Occitanie Santé ICM") over each title
    if len(key) <= 120:
        out.append("=" + key)
    if ":" in key and (m := _PREFIX.match(key)) is not None:
        out.append("p:" + m.group(1).strip())
    if (
        "0" in key
        and line.kind in ("text", "date", "byline")
        and _TIMED.search(key)
        and (w := _WORD.search(key)) is not None
    ):
        out.append("w:" + w.group())  # "Publié le 7 mai…", "Publié hier à 12h55": one meta line
    return out


def find_template(lines: Sequence[Line]) -> Template | None:
    """The best-supported record template of a page, or None when nothing repeats like records."""
    folded = [line.text.casefold() for line in lines]  # cheaper than fold(); enough to group
    groups: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        for shape in _shapes(line, folded[i]):
            groups.setdefault(shape, []).append(i)
    if not any(len(where) >= 2 for where in groups.values()):
        return None
    quality = _Qualities(lines, folded)
    named = {ln.value.casefold() for ln in lines if ln.kind == "readmore" and ln.value}
    last = max((i for i, ln in enumerate(lines) if ln.kind not in _SKIPPED), default=-1)
    sizes = list(accumulate((len(line.text) for line in lines), initial=0))

    best: Template | None = None
    bonus = 2 if named else 1  # a title scores at most 1, and 1 more when a read-more names it
    for shape, where in sorted(groups.items(), key=lambda g: -len(g[1])):  # likely best first
        least = 2 if shape == "readmore" else MIN_RECORDS
        if len(where) < least or (best is not None and bonus * (len(where) + 1) < best.score):
            continue
        members = set(where)
        for direction in (1, -1):
            for step in range(0 if shape[0] == "h" else 1, MAX_STEP + 1):
                found, virtual = _walk(lines, where, members, direction, step, quality, last)
                if virtual is not None and not _footers(found, virtual, where):
                    found.remove(virtual)
                    virtual = None
                if best is not None and bonus * len(found) + 0.01 <= best.score:
                    continue  # cannot win
                cand = _judge(found, where, quality, shape)
                if cand is not None and named:  # titles the read-more links name
                    hits = sum(folded[i] in named for i in cand.titles)
                    cand.score += hits - 0.5 * (len(cand.titles) - hits)
                real = [i for i in found if i != virtual] or found
                if cand is not None and direction > 0:
                    cand.score += 0.01  # a tie: labels and meta lines above titles are commoner
                if cand is None or (best is not None and cand.score <= best.score):
                    continue
                spared = members | set(found) | {i - 1 for i in found}  # day headers too
                if _plausible(lines, min(real), shape, spared, sizes):
                    best = cand
    return best


class _Qualities:
    """Every line's title_quality(), computed when first asked; zero for labels and meta lines
    (texts written twice or more, except a title doubled within a few lines by its image's
    text: the later copy counts)."""

    __slots__ = ("lines", "values")

    def __init__(self, lines: Sequence[Line], folded: list[str]) -> None:
        self.lines = lines
        self.values: list[float | None] = [None] * len(lines)
        where: dict[str, list[int]] = {}
        for i, key in enumerate(folded):
            where.setdefault(key, []).append(i)
        for spots in where.values():
            if len(spots) < 2:
                continue
            doubled = len(spots) == 2 and spots[1] - spots[0] <= 3
            for i in spots[:-1] if doubled else spots:
                self.values[i] = 0.0

    def __getitem__(self, i: int) -> float:
        value = self.values[i]
        if value is None:
            value = self.values[i] = title_quality(self.lines[i])
        return value


def _pager(text: str) -> bool:
    """A page's last line that may be its pager ("1 2 … 4", "Page 1 Page 2 Older posts")."""
    return any(c.isdigit() for c in text) or len(_WORD.findall(text)) < 4


def _footers(found: list[int], virtual: int, where: list[int]) -> bool:
    """True when anchors close their records (a title is nearer the anchor above it than the
    next one), so that the first record, above every anchor, has none: a blog post's footer."""
    before: list[int] = []
    after: list[int] = []
    for i in found:
        if i == virtual:
            continue
        at = bisect.bisect_left(where, i)
        if at:
            before.append(i - where[at - 1])
        if at < len(where):
            after.append(where[at] - i)
    if where[0] - virtual < 2:
        return False  # nothing between that line and the first anchor: it is a heading
    if not before or not after:
        return True
    tail = sorted(after)[len(after) // 2]
    return tail >= 2 and tail >= sorted(before)[len(before) // 2]


def _plausible(
    lines: Sequence[Line], first: int, shape: str, spared: set[int], sizes: list[int]
) -> bool:
    """Reject templates that are a single article's parts: the records must hold most of the
    page's text, its head must carry no date line of its own, and Markdown sub-headings under
    a long top heading are an article's sections."""
    head = lines[:first]
    if sizes[first] > HEAD_SHARE * sizes[-1]:
        return False
    closed = max((i + 1 for i, ln in enumerate(head) if ln.kind == "readmore"), default=0)
    if any(
        (ln.kind in ("date", "byline") or len(ln.text) <= 120 and timestamped(ln.text))
        and i not in spared
        for i, ln in enumerate(head)
        if i >= closed
    ):
        return False  # "Publié le …" above the first record dates a page, not an item
    if shape[0] == "h":
        level = int(shape[1:])
        if any(0 < ln.level < level and title_quality(ln) >= 0.8 for ln in head):
            return False
    return True


def _walk(
    lines: Sequence[Line],
    where: list[int],
    members: set[int],
    direction: int,
    step: int,
    quality: _Qualities,
    last: int,
) -> tuple[list[int], int | None]:
    """From each anchor, the line `step` countable lines away, not crossing another anchor;
    and the line found from the page's start, if any."""
    found: list[int] = []
    virtual: int | None = None
    n = len(lines)
    # Walking forward, the page's start stands for the anchor the first record lacks.
    for a in [-1, *where] if direction > 0 and step > 0 else where:
        if step == 0:
            found.append(a)
            continue
        i, count = a, 0
        while True:
            i += direction
            if not 0 <= i < n or i in members:
                break
            if lines[i].kind in _SKIPPED:
                continue
            count += 1
            if count == step:
                if a < 0 and quality[i] < 0.8:
                    break  # from the page's start, only a clear title
                if direction < 0 or i < last or not _pager(lines[i].text):
                    found.append(i)  # not the page's last line if a pager: "Page 1 Page 2 …"
                    virtual = i if a < 0 else virtual
                break
    return found, virtual


def _judge(found: list[int], where: list[int], quality: _Qualities, shape: str) -> Template | None:
    """A template from the lines one walk found, if they look like the titles of its records."""
    seen: set[int] = set()
    good: list[int] = []
    weak = 0.0
    for i in found:
        if i in seen:
            continue
        seen.add(i)
        if quality[i] >= 0.5:
            good.append(i)
        else:
            weak += 1 - quality[i]
    least = 2 if shape == "readmore" else MIN_RECORDS
    if len(good) < least or len(good) < 0.6 * len(where):
        return None
    score = sum(quality[i] for i in good) - weak
    return Template(sorted(good), shape, score)


def timestamped(text: str) -> bool:
    """True when a line carries a date or a time of day ("06h45", "8/10/2020", "12 mai")."""
    return _TIMED.search(_DIGITS.sub("0", text.casefold())) is not None


__all__ = ["Template", "find_template", "strip_rubric", "timestamped", "title_quality"]
