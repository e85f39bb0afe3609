"""Read the text of one scraped file into entry drafts: listing entries, a single page, a bare body.

Reading is two passes over an import: title_hints() collects the titles each file names for
sure (read-more anchors, the line right after an entry, breadcrumbs), then read_page() splits
every file using the union of those titles, so that a sub-heading is not taken for an article
and the result does not depend on the order of the files.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass, field, replace

from archive.dates import DateMention
from archive.layout import choose_title, head_archive, is_paragraph, label_lines, meta_date
from archive.lines import (
    HEADER_ANY,
    Line,
    classify,
    is_home,
    is_title_shaped,
    kicker,
    split_glued,
    unmark,
)
from archive.model import Block
from archive.template import find_template, timestamped, title_quality
from archive.text import fold, fold_aligned, fold_spaces, line_key, sanitize

# A title-shaped line this long inside a running article is a new article, not a sub-heading.
LONG_TITLE = 100


@dataclass(slots=True)
class TitleHints:
    """Titles named for sure somewhere in an import, and the rubrics ("Guerre en Ukraine") they share."""

    keys: set[str] = field(default_factory=set)
    kickers: Counter[str] = field(default_factory=Counter)

    def add(self, title: str) -> None:
        key = line_key(title)
        if key and key not in self.keys:
            self.keys.add(key)
            if (k := kicker(title)) is not None:
                self.kickers[k] += 1

    def update(self, other: TitleHints) -> None:
        for key in other.keys - self.keys:
            self.keys.add(key)
        self.kickers.update(other.kickers)


@dataclass(slots=True)
class EntryDraft:
    """One article as one file shows it, before dates, agencies and merging are worked out."""

    file: str
    line: int
    position: int
    title: str | None
    archive: tuple[str, str] | None = None  # (name, kind) of the archive header above it
    blocks: list[Block] = field(default_factory=list)
    read_more: bool = False
    full: bool = False
    dates: list[tuple[DateMention, str]] = field(default_factory=list)  # date lines, with verb
    site: str | None = None
    sections: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)

    @property
    def teaser(self) -> str:
        """The first paragraph (for a read-more entry, the whole excerpt)."""
        paragraphs = [b.text for b in self.blocks if b.type in ("paragraph", "quote")]
        if self.read_more:
            return "\n\n".join(paragraphs)
        return paragraphs[0] if paragraphs else ""


class _Either:
    """Membership in either of two sets, without building their union for every file."""

    __slots__ = ("a", "b")

    def __init__(self, a: Container[str], b: Container[str]) -> None:
        self.a, self.b = a, b

    def __contains__(self, key: object) -> bool:
        return key in self.a or key in self.b


@dataclass(slots=True)
class PreparedPage:
    """A file's lines cleaned and classified once, shared by both passes over an import."""

    lines: list[Line]
    keys: set[
        str
    ]  # every line's title_key, to recognise a glued title written elsewhere in the file


def prepare(text: str) -> PreparedPage:
    """Clean the text once (escapes, NFC), split lines, unglue headers and classify every line."""
    text = unicodedata.normalize("NFC", sanitize(text))
    lines: list[Line] = []
    keys: set[str] = set()
    for no, raw in enumerate(text.splitlines(), start=1):  # \n, \r\n, \r, U+2028…
        t = fold_spaces(raw)
        if not t:
            continue
        level = 0
        if t[0] in "#*_-[!" or "](" in t or "**" in t or "_" in t:  # html2text Markdown
            if (plain := unmark(t)) is None or not plain[0]:
                continue
            t, level = plain
        keys.add(t.casefold())
        folded = fold_aligned(t)
        for start, end in _split_header_glue(folded):
            line = classify(Line(no, t[start:end]), folded[start:end])
            line.level = level
            lines.append(line)
    return PreparedPage(lines, keys)


def logical_lines(page: PreparedPage, known: Container[str]) -> list[Line]:
    """The page's lines with glued read-more lines split, using the titles known so far."""
    either = _Either(page.keys, known)
    out: list[Line] = []
    for line in page.lines:
        if line.kind != "readmore" or not line.value:
            out.append(line)
            continue
        title, following = split_glued(line.value, either)
        out.append(Line(line.no, line.text, "readmore", title))
        if following:
            out.append(classify(Line(line.no, following)))
    return out


def _split_header_glue(folded: str) -> list[tuple[int, int]]:
    """Spans splitting "<title>Archives du mot-clé X" into the title and the header."""
    m = HEADER_ANY.search(folded) if "archive" in folded else None
    if m is None or m.start() == 0:
        return [(0, len(folded))]
    return [(0, len(folded[: m.start()].rstrip())), (m.start(), len(folded))]


def title_hints(page: PreparedPage | str) -> TitleHints:
    """The titles a file names for sure: read-more titles, lines right after an entry, breadcrumbs."""
    hints = TitleHints()
    lines = logical_lines(page if isinstance(page, PreparedPage) else prepare(page), ())
    for i, line in enumerate(lines):
        if line.kind == "readmore" and line.value:
            hints.add(line.value)
        if line.kind in ("readmore", "header") and i + 1 < len(lines):
            nxt = lines[i + 1]
            if nxt.kind == "text" and is_title_shaped(nxt.text):
                hints.add(nxt.text)
        if line.kind == "breadcrumb" and len(line.value) >= 3:
            hints.add(line.value[-1])
        dated = i + 1 < len(lines) and lines[i + 1].kind in ("date", "byline")
        if line.kind == "text" and dated and is_title_shaped(line.text):
            hints.add(line.text)  # a title with its date line under it
    return hints


def read_page(
    page: PreparedPage | str, file: str, hints: TitleHints | None = None
) -> list[EntryDraft]:
    """Split one file's text into entry drafts, in the order the page lists them."""
    hints = hints or TitleHints()
    lines = logical_lines(page if isinstance(page, PreparedPage) else prepare(page), hints.keys)
    marked = any(ln.kind in ("readmore", "header") for ln in lines)
    site, sections, lines = _page_frame(lines)
    template = find_template(lines)
    listing = marked or template is not None
    if listing:
        if template is None:
            lines = _bare_category_header(lines)
        starts = _entry_starts(lines, hints, listing)
        if template is not None:
            named = _entry_starts(lines, hints, listing, mined=True)
            mined = _with_template(lines, starts, named, template.titles, hints.keys)
            lines, starts = _records(lines, mined)
    else:
        lines, starts, sections = _single(lines, sections)
    entries: list[EntryDraft] = []
    current: EntryDraft | None = None
    content: list[Line] = []
    archive: tuple[str, str] | None = None
    labels: list[str] = []
    day: Line | None = None  # a day header over the items that follow it
    after = False  # past an item's read-more link

    def close() -> None:
        nonlocal current, content
        if current is not None and (current.title or content):
            if day is not None and not any(ln.kind == "date" for ln in content):
                content.insert(0, day)
            _fill(current, content)
            entries.append(current)
        current, content = None, []

    for i, line in enumerate(lines):
        if line.kind == "header":
            close()
            archive = line.value
        elif line.kind == "label":
            labels.append(line.text)
        elif line.kind == "dayhead":
            close()
            day = Line(line.no, line.text, "date", line.value)
        elif i in starts:
            close()
            after = False
            tags = sections + [t for t in labels if t not in sections]
            current = EntryDraft(file, line.no, 0, line.text, archive, site=site, sections=tags)
            labels = []
        elif line.kind == "readmore":
            if current is None:
                current = EntryDraft(file, line.no, 0, None, archive, site=site, sections=sections)
            current.read_more = True
            current.title = current.title or line.value
            if template is None:
                close()
            else:
                after = True  # what follows a read-more link is its item's meta lines
        elif line.kind != "chrome":
            if after and line.kind not in ("date", "byline"):
                continue
            if current is None:
                current = EntryDraft(file, line.no, 0, None, archive, site=site, sections=sections)
            content.append(line)
    close()
    for position, entry in enumerate(entries, start=1):
        entry.position = position
        entry.full = not entry.read_more and (
            not listing or len(entry.blocks) > 1 or position < len(entries)
        )
    return entries


def _records(lines: list[Line], starts: set[int]) -> tuple[list[Line], set[int]]:
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
        if _day_header(head[-1]):
            kept.append(head[-1])  # the first items' day
        lines = kept + lines[first:]
        starts = {i - first + len(kept) for i in starts}
    ordered = sorted(starts)
    lines = list(lines)
    dates = sum(ln.kind == "date" for ln in lines)
    for k, start in enumerate(ordered):
        floor = ordered[k - 1] if k else -1
        marks = label_lines(lines, start, floor)
        for j in marks:
            lines[j] = replace(lines[j], kind="label")
        above = (marks[0] if marks else start) - 1
        # Fewer date lines than items: a date line above an item heads the items of that day.
        if above > floor and _day_header(lines[above]) and dates < 0.8 * len(ordered):
            lines[above] = replace(lines[above], kind="dayhead")
    if any(ln.kind == "dayhead" for ln in lines):
        return lines, starts  # items dated by their day's header
    for k, start in enumerate(ordered):  # an item's meta line with its date
        end = ordered[k + 1] if k + 1 < len(ordered) else len(lines)
        if not any(ln.kind == "date" for ln in lines[start + 1 : end]):
            for j in range(start + 1, end):
                if (dated := meta_date(lines[j])) is not None:
                    lines[j] = dated
                    break
    return lines, starts


_PUBLISHED = re.compile(r"\b(?:publi|mis en ligne|post|modifi|mis a jour)")
_WORDS = re.compile(r"[^\W\d_]{2,}")


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


def _with_template(
    lines: list[Line], clues: set[int], named: set[int], titles: list[int], known: set[str]
) -> set[int]:
    """The template's titles and those read-more links name, plus any other clue that opens a
    whole article (with body text) between them, such as an article inlined in the listing."""
    starts = named | set(titles)
    mined = sorted(starts)
    for i in sorted(clues - starts):
        if timestamped(lines[i].text) and len(lines[i].text.split()) < 6:
            continue  # a meta line ("Published 03/08/2021")
        nxt = min((j for j in starts if j > i), default=len(lines))
        body = sum(is_paragraph(ln, words=5) for ln in lines[i + 1 : nxt])
        if i < mined[0]:  # in the page's head: a whole article, or the item a read-more closes
            nxt = min((j for j in starts | clues if j > i), default=len(lines))
            body = sum(is_paragraph(ln, words=5) for ln in lines[i + 1 : nxt])
            more = next((j for j in range(i, nxt) if lines[j].kind == "readmore"), None)
            if (more is None and body < 2) or not _may_title(lines[i]):
                continue
            if more is not None and (not body or any(map(_may_title, lines[i + 1 : more]))):
                continue
            starts.add(i)
            continue
        before = max((j for j in starts if j < i), default=-1)
        above = lines[before + 1 : i]
        closed = any(ln.kind == "readmore" for ln in above)
        whole = sum(is_paragraph(ln, words=5) for ln in above) >= 2
        if not (closed or whole) and line_key(lines[i].text) not in known:
            continue  # at the top of an item shown whole, unless another page names it
        if body >= 2 or (body and not _fills_slot(lines, i, mined)):
            starts.add(i)  # an article inlined between items, or an item with no read-more
    return starts


def _first_word(line: Line) -> str:
    return fold(line.text.split(" ", 1)[0])


def _fills_slot(lines: list[Line], i: int, titles: list[int]) -> bool:
    """True when line i sits where other records have a line of its kind and first word (a
    "Par X" or "Categorized as" meta line), so it is part of its record, not a new article."""
    at = bisect.bisect_right(titles, i) - 1
    if at < 0:
        return False
    offset, word, same = i - titles[at], _first_word(lines[i]), 0
    for k, t in enumerate(titles):
        end = titles[k + 1] if k + 1 < len(titles) else len(lines)
        j = t + offset
        if k != at and j < end and lines[j].kind == lines[i].kind and _first_word(lines[j]) == word:
            same += 1
    return same >= 2


def _day_header(line: Line) -> bool:
    """A bare date line ("mercredi 14 octobre 2020"), with no verb, author or time."""
    return line.kind == "date" and not line.value[1] and len(line.text.split()) <= 5


def _single(lines: list[Line], sections: list[str]) -> tuple[list[Line], set[int], list[str]]:
    """A single page: its title line, the labels above it kept as sections; None: a bare body."""
    title = choose_title(lines)
    if title is None:
        return lines, set(), sections
    above = [meta_date(ln) or ln for ln in lines[:title]]
    labels = [ln.text for ln in above if ln.kind == "text" and len(ln.text) <= 60]
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


def _page_frame(lines: list[Line]) -> tuple[str | None, list[str], list[Line]]:
    """Site and sections from a leading breadcrumb; the breadcrumb becomes the title line."""
    for i, line in enumerate(lines[:4]):
        if line.kind != "breadcrumb":
            continue
        crumbs = line.value
        site = None if is_home(crumbs[0]) else crumbs[0]
        rest = lines[:i] + lines[i + 1 :]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        last = crumbs[-1]
        if last.endswith(("...", "…")):  # the title cut short: the full title line is below
            cut = line_key(last.rstrip(".… "))
            if any(line_key(ln.text).startswith(cut) for ln in lines[i + 1 : i + 4]):
                return site, crumbs[1:-1], rest
        if (
            len(crumbs) >= 3
            and len(last.split()) < 3
            and (nxt is None or line_key(nxt.text) != line_key(last))
        ):
            return site, crumbs[1:], rest  # a section path, not a title
        if len(crumbs) >= 3 or (nxt is not None and line_key(nxt.text) == line_key(crumbs[-1])):
            title = crumbs[-1]
            if nxt is not None and line_key(nxt.text) == line_key(title):
                rest = lines[:i] + lines[i + 1 :]
            else:  # the breadcrumb is the only place the title is written
                rest = lines[:i] + [Line(line.no, title)] + lines[i + 1 :]
            return site, crumbs[1:-1], rest
        # "Accueil » Politique" above a listing names the archive.
        header = Line(line.no, crumbs[-1], "header", (crumbs[-1], "category"))
        return site, [], lines[:i] + [header] + lines[i + 1 :]
    return None, [], lines


def _bare_category_header(lines: list[Line]) -> list[Line]:
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


def _entry_starts(
    lines: list[Line], hints: TitleHints, listing: bool, mined: bool = False
) -> set[int]:
    """Indexes of the lines that open a new article, from every clue the page gives.

    With a mined item template (mined), only the titles read-more links name are added to it.
    """
    starts: set[int] = set()
    stop = 0  # the first index after the last read-more or header
    for i, line in enumerate(lines):
        if line.kind == "readmore" and mined:
            if line.value:
                key = line_key(line.value)
                same = [j for j in range(stop, i) if line_key(lines[j].text) == key]
                starts.update(same[-1:])  # a title written twice (image text, link): the later
            stop = i + 1
        elif line.kind == "readmore":
            if line.value:
                key = line_key(line.value)
                for j in range(i - 1, stop - 1, -1):  # the title line this read-more names
                    cand = lines[j]
                    if cand.kind == "text" and line_key(cand.text) == key:
                        starts.add(j)
                        break
            else:  # "En savoir plus" alone: the title sits above the teaser and its date line
                j = i - 1
                while (
                    j > stop
                    and lines[j].kind in ("date", "byline")
                    or (j > stop and lines[j].kind == "text" and not is_title_shaped(lines[j].text))
                ):
                    j -= 1
                if (
                    j >= stop
                    and j < i - 1
                    and lines[j].kind == "text"
                    and is_title_shaped(lines[j].text)
                ):
                    starts.add(j)
            stop = i + 1
        elif line.kind == "header":
            stop = i + 1
    if mined:
        return starts
    for i, line in enumerate(lines):
        if line.kind != "text" or not is_title_shaped(line.text):
            continue
        prev = lines[i - 1] if i else None
        if prev is None or (listing and prev.kind in ("readmore", "header")):
            starts.add(i)  # the line right after an entry or a header
        elif line_key(line.text) in hints.keys:
            starts.add(i)  # a title another file names
        elif listing and i + 1 < len(lines) and lines[i + 1].kind in ("date", "byline"):
            starts.add(i)  # a title with its date line or byline under it
        elif (
            listing
            and prev is not None
            and prev.kind in ("text", "bullet")
            and i + 1 < len(lines)
            and lines[i + 1].kind == "text"
            and _looks_like_article_title(line.text, hints)
        ):
            starts.add(i)  # shaped like a news title, between paragraphs
    return starts


def _looks_like_article_title(text: str, hints: TitleHints) -> bool:
    """Shape of a news title rather than a sub-heading: a shared rubric, or a long line."""
    k = kicker(text)
    return (k is not None and hints.kickers[k] >= 2) or len(text) >= LONG_TITLE


def _fill(entry: EntryDraft, content: list[Line]) -> None:
    """Turn an entry's content lines into blocks, date lines and keywords."""
    texts = [ln for ln in content if ln.kind in ("text", "bullet")]
    last_text = texts[-1] if texts else None
    for line in content:
        if line.kind == "date":  # the whole line is the words the date was read from
            mention, verb = line.value
            entry.dates.append((replace(mention, text=line.text), verb))
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


def _block_type(text: str, before: list[Block], last: bool) -> str:
    """Paragraph, sub-heading or quote, from the line's shape and place."""
    if before and not last and len(text) <= 150 and is_title_shaped(text):
        return "heading"
    if text[:1] in '«“"':
        return "quote"
    return "paragraph"


def collect_hints(pages: Iterable[tuple[str, PreparedPage]]) -> TitleHints:
    """The first pass: the union of the titles every page names for sure."""
    hints = TitleHints()
    for _, page in pages:
        hints.update(title_hints(page))
    return hints


def read_pages(texts: Iterable[tuple[str, str | PreparedPage]]) -> list[EntryDraft]:
    """Both passes over an import: (file, text or prepared page) pairs in, all drafts out."""
    pages = [(f, t if isinstance(t, PreparedPage) else prepare(t)) for f, t in texts]
    hints = collect_hints(pages)
    return [draft for file, page in pages for draft in read_page(page, file, hints)]


__all__ = ["EntryDraft", "TitleHints", "collect_hints", "read_page", "read_pages", "title_hints"]
