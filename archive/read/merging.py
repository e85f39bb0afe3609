"""Articles read by an import, merged with the stored ones and dated with their listings.

In: the articles read from files (each with the listings it was found in) and the library.
Out: the articles to write: the read ones folded into their stored versions, and every article
whose date estimate the new listings change. With a current search index, only the stored
articles of the read ids and those listed in the same files are read: the index says which
articles each file lists, and their stored estimates stand for the listings beyond them.
Without one, every stored article is read and dated again.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from archive.model import Article, Block, DateEstimate
from archive.read.dating import file_day
from archive.read.estimate import estimate_dates_from_listing_order, open_end_ceilings

if TYPE_CHECKING:
    from archive.search.index import SearchIndex
    from archive.store.library import Library


@dataclass
class Merged:
    """What to write, and the counts an import reports."""

    changed: list[Article]
    new: int
    merged: int  # listed in a file read before, now one article
    total: int


def merge_existing(old: Article, new: Article, reread: set[str]) -> Article:
    """Fold a freshly read article into the stored one: all places kept, full text over teaser."""
    sources = [s for s in old.sources if s.file not in reread] + new.sources
    tags = list(old.tags) + [t for t in new.tags if t not in old.tags]
    body = new.body if _chars(new.body) >= _chars(old.body) else old.body
    return Article(
        id=new.id, title=new.title, title_derived=new.title_derived,
        teaser=new.teaser or old.teaser, body=body,
        date=new.date or old.date, date_text=new.date_text if new.date else old.date_text,
        tags=tags, agency=new.agency or old.agency, site=new.site or old.site,
        url=new.url or old.url, author=new.author or old.author,
        entities=new.entities, sources=sorted(sources, key=lambda s: (s.file, s.line)),
    )  # fmt: skip


def _chars(blocks: Sequence[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def listing_estimates(
    articles: Iterable[Article], known: Mapping[str, DateEstimate] | None = None
) -> dict[str, DateEstimate]:
    """Date bounds for the undated articles, from every listing their sources belong to.

    known: bounds of undated articles found from listings that are not among these articles'.
    """
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
    return estimate_dates_from_listing_order(listings, stated, ceilings, known)


def merge_into(library: Library, read: list[Article], index: SearchIndex | None) -> Merged:
    """The articles to write after reading `read`; index: the library's current index or None."""
    if index is None or index.files is None:
        stored = {a.id: a for a in library.all_articles()}
        return _merged(read, stored, stored, {})
    ids = {a.id for a in read}
    stored = library.get_many(ids)
    files = {s.file for a in read for s in a.sources}
    files.update(s.file for a in stored.values() for s in a.sources)
    numbers = {name: at for at, name in enumerate(index.files)}
    docs: set[int] = set()
    for file in files:
        at = numbers.get(file)
        if at is not None:
            docs.update(array("I", index.file_docs[at]))
    near = library.get_many(sorted({index.ids[d] for d in docs} - ids))
    known = {i: a.date_estimate for i, a in near.items() if not a.date and a.date_estimate}
    merged = _merged(read, stored, near, known)
    merged.total = len(library) + merged.new
    return merged


def _merged(read: list[Article], stored: dict[str, Article], near: dict[str, Article],
            known: Mapping[str, DateEstimate]) -> Merged:  # fmt: skip
    """read folded into stored; the estimates of read and near (stored articles) made again."""
    reread = {s.file for a in read for s in a.sources}
    combined = dict(near)
    new = merged = 0
    for article in read:
        old = stored.get(article.id)
        if old is None:
            new += 1
        elif any(s.file not in reread for s in old.sources):
            merged += 1
        combined[article.id] = merge_existing(old, article, reread) if old else article
    estimates = listing_estimates(combined.values(), known)
    changed: list[Article] = []
    for article in combined.values():
        estimate = None if article.date else estimates.get(article.id, DateEstimate(None, None))
        kept = known.get(article.id)
        if estimate is not None and kept is not None and estimate.latest is None:
            # What lies above it is beyond these listings: its stored latest still holds.
            estimate = DateEstimate(estimate.earliest, kept.latest)
        old = stored.get(article.id) or near.get(article.id)
        if old is None or old is not article or old.date_estimate != estimate:
            # A copy: the stored articles are the library's cache and stay as stored.
            changed.append(replace(article, date_estimate=estimate))
    return Merged(changed, new, merged, len(combined))
