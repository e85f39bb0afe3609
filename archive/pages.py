"""Read the text of one scraped file into entry drafts: listing entries, a single page, a bare body.

Reading is two passes over an import: title_hints() collects the titles each file names for
sure (read-more anchors, the line right after an entry, breadcrumbs), then read_page() splits
every file using the union of those titles, so that a sub-heading is not taken for an article
and the result does not depend on the order of the files.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass, field, replace

from archive.datejoin import join_split_dates
from archive.dates import DateMention
from archive.lines import (
    HEADER_ANY,
    Line,
    classify,
    is_home,
    is_title_shaped,
    kicker,
    split_glued,
)
from archive.model import Block
from archive.text import fold_aligned, fold_spaces, line_key, sanitize

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
    trailing_dates: int = 0  # date lines after the last text line (a date above the next title?)
    leading_dates: int = 0  # date lines before the first text line

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
        keys.add(t.casefold())
        folded = fold_aligned(t)
        for start, end in _split_header_glue(folded):
            lines.append(classify(Line(no, t[start:end]), folded[start:end]))
    return PreparedPage(join_split_dates(lines), keys)


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
    listing = any(ln.kind in ("readmore", "header") for ln in lines)
    site, sections, lines = _page_frame(lines)
    if listing:
        lines = _bare_category_header(lines)
    starts = _entry_starts(lines, hints, listing)
    entries: list[EntryDraft] = []
    current: EntryDraft | None = None
    content: list[Line] = []
    archive: tuple[str, str] | None = None

    def close() -> None:
        nonlocal current, content
        if current is not None and (current.title or content):
            _fill(current, content)
            entries.append(current)
        current, content = None, []

    for i, line in enumerate(lines):
        if line.kind == "header":
            close()
            archive = line.value
        elif i in starts:
            close()
            current = EntryDraft(file, line.no, 0, line.text, archive, site=site, sections=sections)
        elif line.kind == "readmore":
            if current is None:
                current = EntryDraft(file, line.no, 0, None, archive, site=site, sections=sections)
            current.read_more = True
            current.title = current.title or line.value
            close()
        elif line.kind != "chrome":
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


def _page_frame(lines: list[Line]) -> tuple[str | None, list[str], list[Line]]:
    """Site and sections from a leading breadcrumb; the breadcrumb becomes the title line."""
    for i, line in enumerate(lines[:4]):
        if line.kind != "breadcrumb":
            continue
        crumbs = line.value
        site = None if is_home(crumbs[0]) else crumbs[0]
        rest = lines[:i] + lines[i + 1 :]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
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


def _entry_starts(lines: list[Line], hints: TitleHints, listing: bool) -> set[int]:
    """Indexes of the lines that open a new article, from every clue the page gives."""
    starts: set[int] = set()
    stop = 0  # the first index after the last read-more or header
    for i, line in enumerate(lines):
        if line.kind == "readmore":
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
            and prev.kind in ("text", "bullet", "date", "chrome")
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
