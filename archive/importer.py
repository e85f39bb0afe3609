"""Import scraped files into a library: read pages, build and merge articles, date them, store them."""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archive.credits import credited_agency
from archive.dates import DateMention, infer_year
from archive.dating import DateRules, file_day, settle_dates
from archive.entities import extract_entities
from archive.estimate import estimate_dates_from_listing_order, open_end_ceilings
from archive.index import update_index
from archive.model import Article, Block, DateEstimate, Source, Tag
from archive.pages import EntryDraft
from archive.readpool import read_files
from archive.text import clean_line, fold, title_key

if TYPE_CHECKING:
    from archive.store import Library

Progress = Callable[[int, int], None]
DERIVED_TITLE_CHARS = 90


@dataclass
class ImportReport:
    """What an import did: files read, articles new, updated and merged, files skipped and why."""

    files_read: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_merged: int = 0
    articles_total: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def sample_archive_dir() -> Path:
    """The sample archive that ships inside the package."""
    return Path(__file__).parent / "samples"


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files under the given paths (folders walked recursively, hidden files skipped), sorted."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            try:
                found = sorted(p for p in path.rglob("*") if not any(
                    part.startswith(".") for part in p.relative_to(path).parts))  # fmt: skip
            except OSError as e:
                skipped.append((str(path), f"cannot list folder: {e.strerror or e}"))
                continue
            for p in found:
                if p.is_symlink() and not p.exists():
                    skipped.append((str(p), "broken or looping symbolic link"))
                elif p.is_file():
                    files.append(p)
                elif not p.is_dir():
                    skipped.append((str(p), "not a regular file"))
        elif path.is_file():
            files.append(path)
        elif path.exists():
            skipped.append((str(path), "not a regular file"))
        elif path.is_symlink():
            skipped.append((str(path), "broken or looping symbolic link"))
        else:
            skipped.append((str(path), "no such file or folder"))
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped


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


def _build(drafts: list[EntryDraft], rules: DateRules) -> tuple[Article, DateMention | None]:
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
    mention = next((m for m in map(rules.date_of, drafts) if m is not None), None)
    paragraphs = [
        t
        for d in drafts
        for t in [*d.bylines, *(m.text for m, _ in d.dates), d.teaser, *(b.text for b in d.blocks)]
    ]
    article = Article(
        id=article_id(first.title, (best or first).blocks),
        title=title,
        title_derived=first.title is None,
        teaser=teaser,
        body=list(best.blocks) if best else [],
        tags=tags,
        agency=credited_agency(paragraphs),
        site=next((d.site for d in drafts if d.site), None),
        sources=[
            Source(d.file, d.line, d.position, d.archive[0] if d.archive else None) for d in drafts
        ],  # fmt: skip
    )
    return article, mention


def _entities(article: Article) -> dict[str, list[str]]:
    text = "\n".join([article.title, article.teaser, *(b.text for b in article.body)])
    return extract_entities(text)


def _merge_existing(old: Article, new: Article, reread: set[str]) -> Article:
    """Fold a freshly read article into the stored one: all places kept, full text over teaser."""
    sources = [s for s in old.sources if s.file not in reread] + new.sources
    tags = list(old.tags) + [t for t in new.tags if t not in old.tags]
    body = new.body if len(new.body) >= len(old.body) else old.body
    return Article(
        id=new.id, title=new.title, title_derived=new.title_derived,
        teaser=new.teaser or old.teaser, body=body,
        date=new.date or old.date, date_text=new.date_text if new.date else old.date_text,
        tags=tags, agency=new.agency or old.agency, site=new.site or old.site,
        entities=new.entities, sources=sorted(sources, key=lambda s: (s.file, s.line)),
    )  # fmt: skip


@dataclass
class ReadResult:
    """Articles read from files (merged and dated), the files skipped and what was folded."""

    articles: list[Article]
    skipped: list[tuple[str, str]]
    merged: int
    files_read: int


def read_articles(
    paths: Sequence[Path],
    progress: Progress | None = None,
    context_years: Iterable[int] = (),
    *,
    estimate: bool = True,
    workers: int = 0,
) -> ReadResult:
    """Read files into merged, dated articles, without a store; undated ones get estimates."""
    # Millions of small acyclic objects: the cycle collector would only rescan them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_articles(paths, progress, context_years, estimate, workers)
    finally:
        if enabled:
            gc.enable()


def _read_articles(
    paths: Sequence[Path],
    progress: Progress | None,
    context_years: Iterable[int],
    estimate: bool,
    workers: int,
) -> ReadResult:
    files, skipped = collect_files(paths)
    shard = read_files(files, progress, workers)
    skipped.extend(shard.skipped)
    files_read, mentioned, drafts = shard.files_read, shard.years, shard.drafts
    del shard
    drafts = settle_dates(sorted(drafts, key=lambda d: (d.file, d.position)))
    rules = DateRules.of(drafts)
    groups: dict[str, list[EntryDraft]] = {}
    for d in drafts:
        groups.setdefault(article_id(d.title, d.blocks), []).append(d)
    merged = len(drafts) - len(groups)
    del drafts
    articles: list[Article] = []
    pending: list[tuple[Article, DateMention]] = []
    for group in groups.values():
        article, mention = _build(group, rules)
        if mention is not None:
            article.date_text = mention.text  # "hier", "il y a 6 jours": words only, no date
            if mention.year is not None and not mention.relative:
                article.date = mention.iso()
            elif not mention.relative:
                pending.append((article, mention))
        article.entities = _entities(article)
        articles.append(article)
    del groups
    years = [int(a.date[:4]) for a in articles if a.date] + list(context_years)
    _resolve_years(articles, pending, years or mentioned, rules)
    if estimate:
        estimates = listing_estimates(articles)
        for article in articles:
            if not article.date:
                article.date_estimate = estimates.get(article.id, DateEstimate(None, None))
    return ReadResult(articles, skipped, merged, files_read)


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


def listing_estimates(articles: Iterable[Article]) -> dict[str, DateEstimate]:
    """Date bounds for the undated articles, from every listing their sources belong to."""
    articles = list(articles)
    by_file: dict[str, list[tuple[int, str]]] = {}
    for a in articles:
        for s in a.sources:
            if s.position is not None:
                by_file.setdefault(s.file, []).append((s.position, a.id))
    listings = [[i for _, i in sorted(entries)] for entries in by_file.values()]
    stated = {a.id: a.date for a in articles if a.date}
    days = {f: file_day(f) for f in by_file}  # an open end never passes the file's day
    newest = {
        a.id: min(days.get(s.file) or file_day(s.file) for s in a.sources)
        for a in articles
        if not a.date and a.sources
    }
    ceilings = open_end_ceilings(
        {f: [i for _, i in entries] for f, entries in by_file.items()},
        stated,
        {a.id: a.site for a in articles if a.site},
        newest,
    )
    return estimate_dates_from_listing_order(listings, stated, ceilings)


def import_paths(library: Library, paths: Sequence[Path], progress: Progress | None = None
                 ) -> ImportReport:  # fmt: skip
    """Read files into the library; user state is never touched; the search index is refreshed."""
    existing = {a.id: a for a in library.all_articles()}
    context = [int(a.date[:4]) for a in existing.values() if a.date]
    result = read_articles(paths, progress, context, estimate=False)
    report = ImportReport(result.files_read, skipped=result.skipped)
    report.articles_merged = result.merged
    reread = {s.file for a in result.articles for s in a.sources}
    combined = dict(existing)
    for article in result.articles:
        old = existing.get(article.id)
        if old is None:
            report.articles_new += 1
        elif any(s.file not in reread for s in old.sources):
            report.articles_merged += 1  # listed in a file read before, now one article
        combined[article.id] = _merge_existing(old, article, reread) if old else article
    estimates = listing_estimates(combined.values())
    changed: list[Article] = []
    for article in combined.values():
        article.date_estimate = None if article.date else estimates.get(
            article.id, DateEstimate(None, None))  # fmt: skip
        old = existing.get(article.id)
        if old is None or old.to_dict() != article.to_dict():
            changed.append(article)
    stats = library.write_articles(changed)
    report.articles_updated = stats.updated
    report.articles_total = len(combined)
    update_index(library, changed)  # the search index follows what was just written
    return report
