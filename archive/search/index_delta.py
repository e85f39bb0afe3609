"""An index update from the old index and the written articles alone: no other article is read.

An import knows exactly what it wrote; every other article is as the old index saw it. The new
doc order comes from the old sort-day and id columns with the written articles put in their
places, and every per-article column is the old one cut in runs of kept docs and spliced with
the written articles' values (archive/index_update.py carries postings, streams and pairs).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from archive.model import Article
from archive.search.index import SearchIndex
from archive.search.index_columns import (
    DENSE_FACET_SHARE,
    _groups,
    _month,
    _runs,
    article_digest,
    bitset_bytes,
    day_number,
    estimate_days,
    sort_day,
)
from archive.text import fold

GONE = 0xFFFFFFFF
_OPEN_END = 3652059  # dt.date.max.toordinal()

# A plan of the new doc order: ("old", first old doc, count) runs and ("new", article) docs.
Step = tuple[str, Any, int]


def new_order(old: SearchIndex, written: Sequence[Article]) -> tuple[list[int], dict[int, Article]]:
    """(old doc -> new doc or GONE, new doc -> written article): the written ones in place."""
    fresh = {a.id: a for a in written}
    ids, days = old.ids, old.sort_day
    kept = [d for d in range(old.count) if ids[d] not in fresh]

    def key(doc: int) -> tuple[int, str]:
        return -days[doc], ids[doc]

    places = sorted(
        ((bisect.bisect_left(kept, (-sort_day(a), a.id), key=key), -sort_day(a), a.id), a)
        for a in fresh.values()
    )
    remap = [GONE] * old.count
    added: dict[int, Article] = {}
    doc = 0
    at = 0
    for (place, _, _), article in places:
        for old_doc in kept[at:place]:
            remap[old_doc] = doc
            doc += 1
        at = place
        added[doc] = article
        doc += 1
    for old_doc in kept[at:]:
        remap[old_doc] = doc
        doc += 1
    return remap, added


def plan(remap: list[int], added: dict[int, Article], count: int) -> list[Step]:
    """The new order as runs of consecutive kept old docs and single written articles."""
    inverse = [-1] * count
    for old_doc, new_doc in enumerate(remap):
        if new_doc != GONE:
            inverse[new_doc] = old_doc
    steps: list[Step] = []
    for doc in range(count):
        old_doc = inverse[doc]
        if old_doc < 0:
            steps.append(("new", added[doc], doc))
        elif steps and steps[-1][0] == "old" and steps[-1][1] + steps[-1][2] == old_doc:
            steps[-1] = ("old", steps[-1][1], steps[-1][2] + 1)
        else:
            steps.append(("old", old_doc, 1))
    return steps


def _splice(
    steps: list[Step], old: Sequence[Any], value: Callable[[Article], Any], out: Any
) -> Any:
    for kind, first, size in steps:
        if kind == "old":
            out.extend(old[first : first + size])
        else:
            out.append(value(first))
    return out


class _Ids:
    """A growing table of names (id 0 is "none" when first is given)."""

    def __init__(self, names: Iterable[Any]) -> None:
        self.names = list(names)
        self.ids = {name: at for at, name in enumerate(self.names)}

    def of(self, name: Any) -> int:
        at = self.ids.get(name)
        if at is None:
            at = self.ids[name] = len(self.names)
            self.names.append(name)
        return at


def moved_lists(
    lists: Sequence[bytes], remap: list[int], additions: dict[int, list[int]], total: int
) -> list[bytes]:
    """Doc lists (uint32 bytes) remapped, with the written docs added, one per id up to total.

    All lists are remapped in one pass over their concatenation (many lists are short: a
    call per list would cost more than the docs).
    """
    flat = array("I")
    flat.frombytes(b"".join(lists))
    mapped = array("I", map(remap.__getitem__, flat)).tobytes()
    dropped = GONE in remap
    out: list[bytes] = []
    start = 0
    for at in range(total):
        size = len(lists[at]) if at < len(lists) else 0
        raw = mapped[start : start + size]
        start += size
        extra = additions.get(at)
        if extra or (dropped and GONE in array("I", raw)):
            docs = [doc for doc in array("I", raw) if doc != GONE]
            raw = array("I", sorted([*docs, *(extra or ())])).tobytes()
        out.append(raw)
    return out


def merged_columns(old: SearchIndex, remap: list[int], added: dict[int, Article],
                   title_lengths: array[int]) -> dict[str, Any]:  # fmt: skip
    """The columns of the new order (index_columns.columns of every article, without reading one)."""
    count = len(title_lengths)
    steps = plan(remap, added, count)
    tags, entities = _Ids(map(tuple, old.tags)), _Ids(map(tuple, old.entities))
    files = _Ids(old.files or [])
    agencies, sites, months = _Ids(old.agencies), _Ids(old.sites), _Ids(old.months)
    tag_add: dict[int, list[int]] = {}
    entity_add: dict[int, list[int]] = {}
    file_add: dict[int, list[int]] = {}
    tag_ptr, tag_list = array("I", [0]), array("I")
    old_ptr, old_list = old.tag_ptr, old.tag_list
    for kind, first, size in steps:
        if kind == "old":
            shift = len(tag_list) - old_ptr[first]
            tag_list.extend(old_list[old_ptr[first] : old_ptr[first + size]])
            tag_ptr.extend(p + shift for p in old_ptr[first + 1 : first + size + 1])
            continue
        article: Article = first
        seen: set[int] = set()
        for tag in article.tags:
            tid = tags.of((tag.name, tag.kind))
            if tid not in seen:
                seen.add(tid)
                tag_list.append(tid)
                tag_add.setdefault(tid, []).append(size)
        tag_ptr.append(len(tag_list))
        for kind_name, names in sorted(article.entities.items()):
            for name in dict.fromkeys(names):
                entity_add.setdefault(entities.of((kind_name, name)), []).append(size)
        for file in dict.fromkeys(source.file for source in article.sources):
            file_add.setdefault(files.of(file), []).append(size)

    def named(table: _Ids, name: str | None) -> int:
        return table.of(name) if name else 0

    agency = _splice(steps, old.agency, lambda a: named(agencies, a.agency), array("H"))
    site = _splice(steps, old.site, lambda a: named(sites, a.site), array("H"))
    month = _splice(steps, old.month, lambda a: named(months, _month(sort_day(a))), array("H"))
    stated = _splice(steps, old.stated, lambda a: day_number(a.date), array("i"))
    low = _splice(steps, old.low, lambda a: estimate_days(a)[0], array("i"))
    high = _splice(steps, old.high, lambda a: estimate_days(a)[1], array("i"))
    sort_days = _splice(steps, old.sort_day, sort_day, array("i"))
    full = _splice(steps, old.full, lambda a: 1 if a.is_full else 0, bytearray())
    ids = _splice(steps, old.ids, lambda a: a.id, [])
    titles = _splice(steps, old.titles, lambda a: a.title, [])
    digests = bytearray()
    for kind, first, size in steps:
        if kind == "old":
            digests += old.digests[8 * first : 8 * (first + size)]
        else:
            digests += article_digest(first)
    tag_docs = moved_lists(old.tag_docs, remap, tag_add, len(tags.names))
    order = list(filter(GONE.__ne__, map(remap.__getitem__, old.title_order)))
    for doc in sorted(added):
        title = fold(titles[doc])
        at = bisect.bisect_left(order, (title, doc), key=lambda d: (fold(titles[d]), d))
        order.insert(at, doc)
    widths = [h - lo for lo, h in zip(low, high, strict=True) if lo > 1 and h < _OPEN_END]
    return {
        "agency_bits": [bitset_bytes(d, count) for d in _groups(agency, len(agencies.names))],
        "site_bits": [bitset_bytes(d, count) for d in _groups(site, len(sites.names))],
        "tag_bits": {
            tid: bitset_bytes(docs, count)
            for tid, raw in enumerate(tag_docs)
            if len(raw) // 4 * DENSE_FACET_SHARE >= count
            for docs in [array("I", raw)]
        },
        "month_runs": _runs(month),
        "estimate_width": max(widths, default=0),
        "open_estimates": [
            d
            for d, (lo, h) in enumerate(zip(low, high, strict=True))
            if lo and (lo == 1 or h >= _OPEN_END)
        ],  # fmt: skip
        "title_order": array("I", order).tobytes(),
        "ids": ids,
        "titles": titles,
        "title_length": title_lengths.tobytes(),
        "tags": [list(key) for key in tags.names],
        "tag_ptr": tag_ptr.tobytes(),
        "tag_list": tag_list.tobytes(),
        "tag_docs": tag_docs,
        "entities": [list(key) for key in entities.names],
        "entity_docs": moved_lists(old.entity_docs, remap, entity_add, len(entities.names)),
        "files": files.names,
        "file_docs": moved_lists(old.file_docs, remap, file_add, len(files.names)),
        "agencies": agencies.names,
        "agency": agency.tobytes(),
        "sites": sites.names,
        "site": site.tobytes(),
        "months": months.names,
        "month": month.tobytes(),
        "stated": stated.tobytes(),
        "low": low.tobytes(),
        "high": high.tobytes(),
        "sort_day": sort_days.tobytes(),
        "full": bytes(full),
        "digests": bytes(digests),
    }
