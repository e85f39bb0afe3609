"""Import scraped files into a library: read pages, build and merge articles, date them, store them."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import re
import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive.group.grouping import update_groups
from archive.model import Article, Block, DateEstimate, Source, Tag
from archive.names import escape_name
from archive.read.credits import credited_agency
from archive.read.dates import DateMention, infer_year
from archive.read.dating import DateRules
from archive.read.entitypool import fill_entities
from archive.read.entry import EntryDraft
from archive.read.formats import read_documents, split_by_kind
from archive.read.formats.draft import FormatDraft, url_key
from archive.read.formats.group import group_drafts
from archive.read.merging import listing_estimates, merge_into
from archive.read.readpool import read_files
from archive.search.index import (
    IndexDamaged,
    SearchIndex,
    index_path,
    load_index_file,
)
from archive.search.refresh import is_current, update_index
from archive.text import clean_line, fold, title_key

if TYPE_CHECKING:
    from archive.store.library import Library

Progress = Callable[[int, int], None]
DERIVED_TITLE_CHARS = 90
# An import waits this long for another one to finish committing (seconds).
IMPORT_LOCK_WAIT = 600.0


@dataclass
class ImportReport:
    """What an import did: files read, articles new, updated and merged, files skipped and why."""

    files_read: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_merged: int = 0
    articles_total: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # files read per kind (text, html, warc…)
    grouping_s: float = 0.0  # seconds spent finding versions and stories


def sample_archive_dir() -> Path:
    """The sample archive that ships inside the package."""
    return Path(__file__).parent.parent / "samples"


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files under the given paths (folders walked recursively, hidden files skipped), sorted.

    Skipped paths (unreadable folders included) come with a one-line reason; names are
    escaped (archive/names.py) so that no control character or undecodable byte travels on.
    """
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            _walk(path, files, skipped)
        elif path.is_file():
            files.append(path)
        else:
            skipped.append((escape_name(str(path)), _not_a_file(path)))
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped


def _not_a_file(path: Path) -> str:
    if path.exists():
        return "not a regular file"
    if path.is_symlink():
        return "broken or looping symbolic link"
    return "no such file or folder"


def _walk(top: Path, files: list[Path], skipped: list[tuple[str, str]]) -> None:
    """Collect the files under top, naming every folder that could not be listed."""

    def unreadable(error: OSError) -> None:
        where = error.filename if error.filename is not None else top
        skipped.append((escape_name(str(where)), f"cannot list folder: {error.strerror or error}"))

    found: list[Path] = []
    for folder, dirs, names in os.walk(top, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        for name in names:
            if name.startswith("."):
                continue
            p = base / name
            if p.is_file():
                found.append(p)
            else:
                skipped.append((escape_name(str(p)), _not_a_file(p)))
    files.extend(sorted(found))


def article_id(title: str | None, blocks: Sequence[Block]) -> str:
    """A stable id: from the title as titles compare, or from the opening text when untitled."""
    basis = (
        "t:" + title_key(title)
        if title
        else "b:" + fold(" ".join(b.text for b in blocks)[:600])[:300]
    )
    return hashlib.blake2b(basis.encode("utf-8"), digest_size=8).hexdigest()


def derive_title(blocks: Sequence[Block]) -> str:
    """A title for an untitled text: its first sentence, cut at a word near 90 characters."""
    text = next((b.text for b in blocks if b.type in ("paragraph", "quote")), "")
    sentence = re.split(r"(?<=[.!?…])\s", text, maxsplit=1)[0].rstrip(".")
    if len(sentence) <= DERIVED_TITLE_CHARS:
        return sentence or "(sans titre)"
    cut = sentence[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _build(
    drafts: list[EntryDraft], key: str, rules: DateRules
) -> tuple[Article, DateMention | None]:
    """One article from all the drafts of it in this import (same id)."""
    first = drafts[0]
    full = [d for d in drafts if d.full]
    best = max(full, key=lambda d: sum(len(b.text) for b in d.blocks)) if full else None
    title = clean_line(first.title) if first.title else derive_title((best or first).blocks)
    teaser = next((d.teaser for d in drafts if d.read_more and d.teaser), "")
    if not teaser and best is not None:
        teaser = best.teaser
    tags: list[Tag] = []
    for d in drafts:
        found = [Tag(s, "section") for s in d.sections] + [Tag(k, "keyword") for k in d.keywords]
        if d.archive:
            found.insert(0, Tag(d.archive[0], d.archive[1]))
        tags.extend(t for t in found if t not in tags)
    if any(isinstance(d, FormatDraft) for d in drafts):
        tags = _one_tag_per_name(tags)
    mention = next((m for m in map(rules.own_date, drafts) if m is not None), None)
    if mention is not None and mention.year is None:
        # A page's, feed's or export's full date beats a text dump's yearless one.
        mention = next((m for d in drafts if isinstance(d, FormatDraft)
                        for m in [rules.date_of(d)] if m and m.year), mention)  # fmt: skip
    # The first agency credited, draft after draft (a reading worker found each draft's).
    agency = next(
        (a for d in drafts if (a := d.agency if d.finished else credited_agency(d.paragraphs()))),
        None,
    )
    article = Article(
        id=key,
        title=title,
        title_derived=first.title is None,
        teaser=teaser,
        body=list(best.blocks) if best else [],
        tags=tags,
        agency=agency,
        site=next((d.site for d in drafts if d.site), None),
        url=next((u for d in drafts if (u := getattr(d, "url", None))), None),
        author=next((a for d in drafts if (a := getattr(d, "author", None))), None),
        sources=[
            Source(d.file, d.line, d.position, d.archive[0] if d.archive else None) for d in drafts
        ],  # fmt: skip
    )
    return article, mention


_KIND_RANK = {"category": 0, "keyword": 1, "section": 2}


def _one_tag_per_name(tags: list[Tag]) -> list[Tag]:
    """A page's section, a feed's category and a listing's archive of one name are one tag."""
    best: dict[str, Tag] = {}
    for t in tags:
        key = t.name.casefold()
        if key not in best or _KIND_RANK.get(t.kind, 3) < _KIND_RANK.get(best[key].kind, 3):
            best[key] = t
    return list(dict.fromkeys(best[t.name.casefold()] for t in tags))


@dataclass
class ReadResult:
    """Articles read from files (merged and dated), the files skipped and what was folded."""

    articles: list[Article]
    skipped: list[tuple[str, str]]
    merged: int
    files_read: int
    kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportOptions:
    """What an import may carry besides paths: fetched feeds, --map columns, stored articles."""

    fetched: Sequence[tuple[str, bytes]] = ()  # (URL, body) of documents fetched over HTTP
    field_map: Mapping[str, str] = field(default_factory=dict)  # export field -> column
    known_urls: Mapping[str, str] = field(default_factory=dict)  # URL key -> stored article id
    known_ids: Container[str] = frozenset()


def read_articles(
    paths: Sequence[Path],
    progress: Progress | None = None,
    context_years: Iterable[int] = (),
    *,
    estimate: bool = True,
    workers: int = 0,
    options: ImportOptions | None = None,
) -> ReadResult:
    """Read files into merged, dated articles, without a store; undated ones get estimates."""
    # Millions of small acyclic objects: the cycle collector would only rescan them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_articles(
            paths, progress, context_years, estimate, workers, options or ImportOptions()
        )
    finally:
        if enabled:
            gc.enable()


def _read_articles(
    paths: Sequence[Path],
    progress: Progress | None,
    context_years: Iterable[int],
    estimate: bool,
    workers: int,
    options: ImportOptions,
) -> ReadResult:
    files, skipped = collect_files(paths)
    # Dispatch by content: text dumps go to the text reader, the other kinds to archive/formats.
    files, others = split_by_kind(files, options.field_map)
    total = len(files) + len(others) + len(options.fetched)
    shard = read_files(files, progress and (lambda done, _: progress(done, total)), workers)
    skipped.extend(shard.skipped)
    files_read, mentioned, drafts = shard.files_read, shard.years, shard.drafts
    kinds = {"text": files_read} if files_read else {}
    del shard
    # Date lines went to the items they belong to, in text dumps, file by file in the reading
    # workers (readpool.finish_file; the other formats say whose).
    done = len(files)

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    formats = read_documents(others, options.fetched, options.field_map, tick)
    drafts.extend(formats.drafts)
    skipped.extend(formats.skipped)
    kinds.update(formats.kinds)
    files_read += sum(formats.kinds.values())
    if formats.assets:
        kinds["asset"] = formats.assets  # counted apart: not files read
    ordered = sorted(drafts, key=lambda d: (d.file, d.position))
    rules = DateRules.of(ordered)
    groups = group_drafts(
        ordered, lambda d: article_id(d.title, d.blocks), options.known_urls, options.known_ids
    )
    merged = len(drafts) - len(groups)
    del drafts
    articles: list[Article] = []
    pending: list[tuple[Article, DateMention]] = []
    for key, group in groups.items():
        article, mention = _build(group, key, rules)
        if mention is not None:
            article.date_text = mention.text  # "hier", "il y a 6 jours": words only, no date
            if mention.year is not None and not mention.relative:
                article.date = mention.iso()
            elif not mention.relative:
                pending.append((article, mention))
        articles.append(article)
    del groups
    fill_entities(articles, workers)
    years = [int(a.date[:4]) for a in articles if a.date] + list(context_years)
    _resolve_years(articles, pending, years or mentioned, rules)
    if estimate:
        estimates = listing_estimates(articles)
        for article in articles:
            if not article.date:
                article.date_estimate = estimates.get(article.id, DateEstimate(None, None))
    return ReadResult(articles, skipped, merged, files_read, kinds)


def _resolve_years(articles: list[Article], pending: list[tuple[Article, DateMention]],
                   years: list[int], rules: DateRules) -> None:  # fmt: skip
    """Give yearless dates a year from their weekday, their listing neighbours and the corpus."""
    if not pending:
        return
    bounds = listing_estimates(articles)
    center = sorted(years)[len(years) // 2 :][:1]  # the corpus's median year, computed once
    for article, mention in pending:
        b = bounds.get(article.id, DateEstimate(None, None))
        newest = min(rules.day(s.file) for s in article.sources)
        year = infer_year(mention, center, (b.earliest, b.latest), newest)
        article.date = mention.resolved(year).iso() if year is not None else None


def import_paths(library: Library, paths: Sequence[Path], progress: Progress | None = None,
                 options: ImportOptions | None = None) -> ImportReport:  # fmt: skip
    """Read files into the library; user state is never touched; the search index is refreshed.

    The files are read first, without the lock; the merge with the stored articles, the write
    and the index update then happen under the library's write lock, against the library as
    it is at that moment: another import that committed meanwhile loses nothing.
    """
    index = _current_index(library)
    options = options or ImportOptions()
    if index is None:
        existing = {a.id: a for a in library.all_articles()}
        context = [int(a.date[:4]) for a in existing.values() if a.date]
        options.known_ids = frozenset(existing)
        options.known_urls = {k: a.id for a in existing.values() if (k := url_key(a.url))}
        del existing  # the merge reads the library again, under the lock
    else:
        # The index's columns answer without reading a record: ids and stated years.
        context = [dt.date.fromordinal(day).year for day in index.stated if day]
        options.known_ids = index.doc_numbers.keys()
        options.known_urls = _StoredUrls(library)
    result = read_articles(paths, progress, context, estimate=False, options=options)
    report = ImportReport(result.files_read, skipped=result.skipped, kinds=result.kinds)
    report.articles_merged = result.merged
    with library.locked(timeout=IMPORT_LOCK_WAIT):
        before = library.revision()
        if index is not None and index.revision != before:
            index = _current_index(library)  # another import committed meanwhile
        merged = merge_into(library, result.articles, index)
        report.articles_new = merged.new
        report.articles_merged += merged.merged
        report.articles_total = merged.total
        stats = library.write_articles(merged.changed)
        report.articles_updated = stats.updated
        # The search index follows what was just written (from the old index and the written
        # articles alone when it was current before the write).
        update_index(library, merged.changed, written_over=before, previous=index)
        # Versions and stories of the new articles, against the stored groups
        # (archive/group/grouping.py).
        started = time.perf_counter()
        update_groups(library, merged.changed, before, library.revision())
        report.grouping_s = time.perf_counter() - started
    return report


def _current_index(library: Library) -> SearchIndex | None:
    """The saved index when it is current and lists each article's files, else None."""
    path = index_path(library)
    if path is None:
        return None
    try:
        index = load_index_file(path, populate=False)
    except (OSError, IndexDamaged):
        return None
    return index if index.files is not None and is_current(index, library) else None


class _StoredUrls(Mapping[str, str]):
    """URL key -> stored article id, read from the library only when a URL is looked up."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._urls: dict[str, str] | None = None

    def _loaded(self) -> dict[str, str]:
        if self._urls is None:
            articles = self.library.iter_articles()
            self._urls = {k: a.id for a in articles if (k := url_key(a.url))}
        return self._urls

    def __bool__(self) -> bool:
        return True

    def __getitem__(self, key: str) -> str:
        return self._loaded()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._loaded()

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())
