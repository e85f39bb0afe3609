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
from dataclasses import dataclass, field

from archive.read.datejoin import join_split_dates
from archive.read.entry import EntryDraft
from archive.read.lines import (
    HEADER_ANY,
    Line,
    classify,
    is_home,
    is_title_shaped,
    kicker,
    split_date_glue,
    split_glued,
    unmark,
)
from archive.read.records import (
    bare_category_header,
    fill,
    mark_records,
    single_page,
    title_list,
    with_template,
)
from archive.read.template import find_template
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
            for a, b in split_date_glue(t, start, end):
                line = classify(Line(no, t[a:b]), folded[a:b])
                line.level = level
                lines.append(line)
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
    marked = any(ln.kind in ("readmore", "header") for ln in lines)
    site, sections, lines = _page_frame(lines)
    template = find_template(lines)
    listing = marked or template is not None
    if listing:
        if template is None:
            lines = bare_category_header(lines)
        starts = _entry_starts(lines, hints, listing)
        if template is not None:
            named = _entry_starts(lines, hints, listing, mined=True)
            mined = with_template(lines, starts, named, template.titles, hints.keys)
            lines, starts = mark_records(lines, mined)
    elif titles := title_list(lines):
        listing = True
        lines, starts = mark_records(lines, set(titles))
    else:
        lines, starts, sections = single_page(lines, sections)
    entries: list[EntryDraft] = []
    current: EntryDraft | None = None
    content: list[Line] = []
    archive: tuple[str, str] | None = None
    labels: list[str] = []
    day: Line | None = None  # a day header over the items that follow it
    after = False  # past an item's read-more link
    skipped: list[Line] = []  # the text lines past it

    def close() -> None:
        nonlocal current, content
        if current is not None and (current.title or content):
            if day is not None and not any(ln.kind == "date" for ln in content):
                content.insert(0, day)
            fill(current, content)
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
            if after and line.value and current is not None and current.title != line.value:
                # A second read-more naming another title: an item whose title line is lost
                # (glued away); what followed the first read-more is its teaser.
                close()
                current, content = _draft(file, line, archive, site, sections), skipped
            if current is None:
                current = _draft(file, line, archive, site, sections)
            current.read_more = True
            current.title = current.title or line.value
            if template is None:
                close()
            else:
                after, skipped = True, []  # what follows a read-more link is its meta lines
        elif line.kind != "chrome":
            if after and line.kind not in ("date", "byline", "keywords"):
                skipped.append(line)
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
            and prev.kind in ("text", "bullet", "date", "chrome")
            and i + 1 < len(lines)
            and lines[i + 1].kind == "text"
            and _looks_like_article_title(line.text, hints)
        ):
            starts.add(i)  # shaped like a news title, between paragraphs
    return starts


def _draft(
    file: str, line: Line, archive: tuple[str, str] | None, site: str | None, sections: list[str]
) -> EntryDraft:
    """An untitled draft starting at this line (a read-more names its title later)."""
    return EntryDraft(file, line.no, 0, None, archive, site=site, sections=sections)


def _looks_like_article_title(text: str, hints: TitleHints) -> bool:
    """Shape of a news title rather than a sub-heading: a shared rubric, or a long line."""
    k = kicker(text)
    return (k is not None and hints.kickers[k] >= 2) or len(text) >= LONG_TITLE


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
