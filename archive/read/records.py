"""A mined listing's records and a single page's parts, once the page's lines are classified.

Given the titles a template found (archive/read/template.py) and the other clues the page gives,
decide which lines open an item, which are its labels, its day header or its meta line with a
date; for a single page, which line is its title and which meta line states its date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from archive.model import Block
from archive.read.entry import EntryDraft
from archive.read.layout import choose_title, head_archive, is_paragraph, label_lines, meta_date
from archive.read.lines import Line, is_title_shaped
from archive.read.template import timestamped, title_quality
from archive.text import fold, line_key

_PUBLISHED = re.compile(r"\b(?:publi|mis en ligne|post|modifi|mis a jour)")
_WORDS = re.compile(r"[^\W\d_]{2,}")


def mark_records(lines: list[Line], starts: set[int]) -> tuple[list[Line], set[int]]:
    """A mined listing: its head dropped or named, label lines and day headers marked."""
    ordered = sorted(starts)
    if ordered and (hero := _head_record(lines[: ordered[0]])) is not None:
        ordered.insert(0, hero)
        starts = starts | {hero}
    labelled = sum(
        bool(label_lines(lines, s, p)) for p, s in zip(ordered, ordered[1:], strict=False)
    )
    first = ordered[0] if ordered else len(lines)
    if 2 * labelled >= len(ordered) - 1 > 0:  # items have labels: so has the first one
        most = max(
            len(label_lines(lines, s, p)) for p, s in zip(ordered, ordered[1:], strict=False)
        )
        first -= min(most, len(label_lines(lines, first, -1)))
    head = lines[:first]
    if head and not any(ln.kind == "readmore" for ln in head):  # else a record cut at the top
        header = next((ln for ln in head if ln.kind == "header"), None)
        named = header.value if header is not None else head_archive(head)
        kept = [Line(head[0].no, named[0], "header", named)] if named else []
        if head[-1].kind == "date":
            kept.append(head[-1])  # the first item's date line, or its day's
        lines = kept + lines[first:]
        starts = {i - first + len(kept) for i in starts}
    ordered = sorted(starts)
    lines = list(lines)
    dates = sum(ln.kind == "date" for ln in lines)
    opens = _dates_open_items(lines, ordered)
    for k, start in enumerate(ordered):
        floor = ordered[k - 1] if k else -1
        marks = label_lines(lines, start, floor)
        for j in marks:
            lines[j] = replace(lines[j], kind="label")
        above = (marks[0] if marks else start) - 1
        # Fewer date lines than items: a date line above an item heads the items of that day;
        # so does the date line each item opens with.
        if above > floor and (
            (_day_header(lines[above]) and dates < 0.8 * len(ordered))
            or (opens and lines[above].kind == "date")
        ):
            lines[above] = replace(lines[above], kind="dayhead")
    if any(ln.kind == "dayhead" for ln in lines):
        return lines, starts  # items dated by their day's header
    for k, start in enumerate(ordered):  # an item's meta line with its date
        end = ordered[k + 1] if k + 1 < len(ordered) else len(lines)
        if not any(ln.kind == "date" for ln in lines[start + 1 : end]):
            for j in range(start + 1, min(end, start + 8)):  # meta lines sit near the title
                if (dated := meta_date(lines[j])) is not None:
                    lines[j] = dated
                    break
    return lines, starts


def _dates_open_items(lines: list[Line], ordered: list[int]) -> bool:
    """True when items open with their date line ("3 mai 2023" / title / …): the first title
    has one right above it (or above its labels) and the last item none after its title."""
    if len(ordered) < 2:
        return False
    first = ordered[0] - len(label_lines(lines, ordered[0], -1)) - 1
    if first < 0 or lines[first].kind != "date":
        return False
    return not any(ln.kind == "date" for ln in lines[ordered[-1] + 1 :])


def _may_title(line: Line) -> bool:
    """A line of four words or more that may be a title (no full stop, not a date line)."""
    return bool(_WORDS.findall(line.text)[3:]) and title_quality(line) > 0


def _head_record(head: list[Line]) -> int | None:
    """An item above the first mined one that a read-more link closes (a "hero" item laid out
    apart): its title is the last clear title line before the link."""
    closing = [i for i, ln in enumerate(head) if ln.kind == "readmore"]
    if not closing:
        return None
    for i in range(closing[-1]):
        line = head[i]
        if _may_title(line) and not timestamped(line.text):
            return i  # the first line with four words or more that may be a title
    return None


def with_template(
    lines: list[Line], clues: set[int], named: set[int], titles: list[int], known: set[str]
) -> set[int]:
    """The template's titles and those read-more links name, plus any other clue that opens a
    whole article (with body text) between them, such as an article inlined in the listing."""
    starts = named | set(titles)
    mined = sorted(starts)
    order = list(mined)  # starts so far, sorted
    marks = sorted(starts | clues)
    for i in sorted(clues - starts):
        if timestamped(lines[i].text) and len(lines[i].text.split()) < 6:
            continue  # a meta line ("Published 03/08/2021")
        at = bisect.bisect_right(order, i)
        nxt = order[at] if at < len(order) else len(lines)
        if i < mined[0]:  # in the page's head: a whole article, or the item a read-more closes
            after = bisect.bisect_right(marks, i)
            nxt = marks[after] if after < len(marks) else len(lines)
            body = _body(lines, i + 1, nxt)
            more = next(
                (j for j in range(i, min(nxt, i + NEAR)) if lines[j].kind == "readmore"), None
            )
            if (more is None and body < 2) or not _may_title(lines[i]):
                continue
            if more is not None and (not body or any(map(_may_title, lines[i + 1 : more]))):
                continue
        else:
            before = order[at - 1] if at else -1
            above = lines[max(before + 1, i - NEAR) : i]
            closed = any(ln.kind == "readmore" for ln in above)
            if not (closed or _body(lines, max(before + 1, i - NEAR), i) >= 2) and (
                line_key(lines[i].text) not in known
            ):
                continue  # at the top of an item shown whole, unless another page names it
            body = _body(lines, i + 1, nxt)
            if not (body >= 2 or (body and not _fills_slot(lines, i, mined))):
                continue
        starts.add(i)  # an article inlined between items, or an item with no read-more
        bisect.insort(order, i)
    return starts


NEAR = 200  # an item's body text and read-more link are this near its title (bounds the work)


def _body(lines: list[Line], start: int, end: int) -> int:
    """How many lines of body text (two at most) lie between start and end, near start."""
    count = 0
    for line in lines[start : min(end, start + NEAR)]:
        if is_paragraph(line, words=5):
            count += 1
            if count == 2:
                break
    return count


def _first_word(line: Line) -> str:
    return fold(line.text.split(" ", 1)[0])


def _fills_slot(lines: list[Line], i: int, titles: list[int]) -> bool:
    """True when line i sits where other records have a line of its kind and first word (a
    "Par X" or "Categorized as" meta line), so it is part of its record, not a new article."""
    at = bisect.bisect_right(titles, i) - 1
    if at < 0:
        return False
    offset, word, same = i - titles[at], _first_word(lines[i]), 0
    for k in range(max(0, at - 10), min(len(titles), at + 11)):  # the nearest records
        t = titles[k]
        end = titles[k + 1] if k + 1 < len(titles) else len(lines)
        j = t + offset
        if k != at and j < end and lines[j].kind == lines[i].kind and _first_word(lines[j]) == word:
            same += 1
    return same >= 2


def _day_header(line: Line) -> bool:
    """A bare date line ("mercredi 14 octobre 2020"), with no verb, author or time."""
    return line.kind == "date" and not line.value[1] and len(line.text.split()) <= 5


def title_list(lines: list[Line]) -> list[int]:
    """A page of titles and nothing else ("Les plus lus"): no body text anywhere, and three lines
    or more that look like titles; their indexes, or [] for any other page."""
    if any(is_paragraph(ln) for ln in lines):
        return []
    titles = [i for i, ln in enumerate(lines) if title_quality(ln) >= 0.8]
    return titles if len(titles) >= 3 else []


def single_page(lines: list[Line], sections: list[str]) -> tuple[list[Line], set[int], list[str]]:
    """A single page: its title line, the labels above it kept as sections; None: a bare body."""
    title = choose_title(lines)
    if title is None:
        return lines, set(), sections
    above = [meta_date(ln) or ln for ln in lines[:title]]
    labels = [lines[j].text for j in label_lines(lines, title, -1, most=2)]
    kept = [ln for ln in above if ln.kind in ("date", "byline")]
    tags = sections + [t for t in labels if t not in sections]
    rest = [lines[title], *kept, *lines[title + 1 :]]
    if not any(ln.kind == "date" for ln in kept):
        rest = _page_date(rest)
    return rest, {0}, tags


def _page_date(rest: list[Line]) -> list[Line]:
    """A single page's meta line under its title made its date line: a line that says it was
    published first ("Orange, publié le …"), else the first short line with a date."""
    found: list[tuple[int, Line]] = []
    for j in range(1, min(len(rest), 12)):
        if rest[j].kind == "date" or (is_paragraph(rest[j]) and j > 2):
            break
        if (dated := meta_date(rest[j])) is not None:
            found.append((j, dated))
    if not found:
        return rest
    j, dated = next(((j, d) for j, d in found if _PUBLISHED.search(fold(d.text))), found[0])
    return [*rest[:j], dated, *rest[j + 1 :]]


def bare_category_header(lines: list[Line]) -> list[Line]:
    """A listing may open with a bare category name: a short line right above the first title."""
    texts = [i for i, ln in enumerate(lines[:3]) if ln.kind == "text"]
    if len(texts) < 2 or texts[0] != 0 or lines[0].kind != "text":
        return lines
    first, second = lines[0], lines[texts[1]]
    if (
        len(first.text) <= 40
        and len(first.text.split()) <= 5
        and ":" not in first.text
        and is_title_shaped(first.text)
        and is_title_shaped(second.text)
        and texts[1] == 1
    ):
        header = Line(first.no, first.text, "header", (first.text, "category"))
        return [header, *lines[1:]]
    return lines


def fill(entry: EntryDraft, content: list[Line]) -> None:
    """Turn an entry's content lines into blocks, date lines and keywords."""
    texts = [ln for ln in content if ln.kind in ("text", "bullet")]
    last_text = texts[-1] if texts else None
    for line in content:
        if line.kind == "bullet" or (line.kind == "text" and not _label_like(line.text)):
            entry.trailing_dates = 0  # a label line ("International") is not text after a date
        if line.kind == "date":  # the whole line is the words the date was read from
            mention, verb = line.value
            entry.dates.append((replace(mention, text=line.text), verb))
            entry.trailing_dates += 1
            entry.leading_dates += not entry.blocks
        elif line.kind == "byline":
            entry.bylines.append(line.text)
        elif line.kind == "keywords":
            entry.keywords.extend(line.value)
        elif line.kind == "bullet":
            entry.blocks.append(Block("bullet", line.value))
        elif line.kind == "breadcrumb":
            entry.blocks.append(Block("paragraph", line.text))
        elif line.kind == "text":
            entry.blocks.append(Block(_block_type(line.text, entry.blocks, line is last_text),
                                      line.text))  # fmt: skip


def _label_like(text: str) -> bool:
    """A short category label line: a few words, shaped like a title."""
    return len(text) <= 40 and len(text.split()) <= 4 and is_title_shaped(text)


def _block_type(text: str, before: list[Block], last: bool) -> str:
    """Paragraph, sub-heading or quote, from the line's shape and place."""
    if before and not last and len(text) <= 150 and is_title_shaped(text):
        return "heading"
    if text[:1] in '«“"':
        return "quote"
    return "paragraph"


__all__ = [
    "bare_category_header",
    "fill",
    "mark_records",
    "single_page",
    "title_list",
    "with_template",
]
