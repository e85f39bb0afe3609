"""Per-article columns of the index: what rows, filters and facets read without any body."""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import orjson

from archive.model import Article
from archive.text import fold

DIGEST_SIZE = 8
DENSE_FACET_SHARE = 500  # facet values in at least 1/500 of the articles store a bitset
_OPEN_END = dt.date.max.toordinal()


def bitset_bytes(docs: Sequence[int], count: int) -> bytes:
    """A bitset of doc numbers as little-endian bytes (bit d of the int set for doc d)."""
    buffer = bytearray((count + 7) // 8)
    for doc in docs:
        buffer[doc >> 3] |= 1 << (doc & 7)
    return bytes(buffer)


def _groups(column: array[int], size: int) -> list[list[int]]:
    """Doc numbers per value of a small column (value 0, none, stays empty)."""
    groups: list[list[int]] = [[] for _ in range(size)]
    for doc, value in enumerate(column):
        if value:
            groups[value].append(doc)
    return groups


def _runs(column: array[int]) -> list[tuple[int, int, int]]:
    """(value, first doc, last doc + 1) for each run of equal non-zero values."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    for doc in range(1, len(column) + 1):
        if doc == len(column) or column[doc] != column[start]:
            if column[start]:
                runs.append((column[start], start, doc))
            start = doc
    return runs


@lru_cache(maxsize=1 << 16)
def day_number(iso: str | None) -> int:
    """Proleptic ordinal of an ISO day (or its month/year start); 0 when absent or unreadable."""
    if not iso:
        return 0
    try:
        parts = [int(p) for p in iso[:10].split("-")]
        while len(parts) < 3:
            parts.append(1)
        return dt.date(parts[0], parts[1], parts[2]).toordinal()
    except (ValueError, TypeError):
        return 0


def estimate_days(article: Article) -> tuple[int, int]:
    """An undated article's estimated interval as ordinals (0, 0 when nothing is known)."""
    estimate = article.date_estimate
    if article.date or estimate is None:
        return 0, 0
    low, high = day_number(estimate.earliest), day_number(estimate.latest)
    if not low and not high:
        return 0, 0
    return low or 1, high or dt.date.max.toordinal()


def sort_day(article: Article) -> int:
    """The day an article sorts by: its stated date, else the middle of its estimate, else 0."""
    stated = day_number(article.date)
    if stated:
        return stated
    low, high = estimate_days(article)
    if not low:
        return 0
    if high == dt.date.max.toordinal():
        return low
    if low == 1:
        return high
    return (low + high) // 2


def article_digest(article: Article) -> bytes:
    """8 bytes that change when anything indexed about the article changes."""
    data = orjson.dumps(article.to_dict(), option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest()


@lru_cache(maxsize=1 << 16)
def _month(day: int) -> str:
    return dt.date.fromordinal(day).isoformat()[:7] if day else ""


def columns(ordered: Sequence[Article], title_lengths: array[int]) -> dict[str, Any]:
    """Per-article columns for rows, filters and facets (nothing here needs the bodies)."""
    tag_ids: dict[tuple[str, str], int] = {}
    agency_ids: dict[str, int] = {}
    site_ids: dict[str, int] = {}
    entity_ids: dict[tuple[str, str], int] = {}
    months: dict[str, int] = {}
    tag_ptr, tag_list = array("I", [0]), array("I")
    tag_docs: list[list[int]] = []
    entity_docs: list[list[int]] = []
    file_ids: dict[str, int] = {}
    file_docs: list[list[int]] = []
    agency_col, site_col, month_col = array("H"), array("H"), array("H")
    stated, low, high, sort_days = array("i"), array("i"), array("i"), array("i")
    full = bytearray()
    digests: list[bytes] = []
    for doc, article in enumerate(ordered):
        digests.append(article_digest(article))
        seen: set[int] = set()
        for tag in article.tags:
            tid = tag_ids.setdefault((tag.name, tag.kind), len(tag_ids))
            if tid == len(tag_docs):
                tag_docs.append([])
            if tid not in seen:
                seen.add(tid)
                tag_list.append(tid)
                tag_docs[tid].append(doc)
        tag_ptr.append(len(tag_list))
        for kind, names in sorted(article.entities.items()):
            for name in dict.fromkeys(names):
                eid = entity_ids.setdefault((kind, name), len(entity_ids))
                if eid == len(entity_docs):
                    entity_docs.append([])
                entity_docs[eid].append(doc)
        for file in dict.fromkeys(source.file for source in article.sources):
            fid = file_ids.setdefault(file, len(file_ids))
            if fid == len(file_docs):
                file_docs.append([])
            file_docs[fid].append(doc)
        agency_col.append(
            agency_ids.setdefault(article.agency, len(agency_ids) + 1) if article.agency else 0
        )
        site_col.append(site_ids.setdefault(article.site, len(site_ids) + 1) if article.site else 0)
        day = sort_day(article)
        month = _month(day)
        month_col.append(months.setdefault(month, len(months) + 1) if month else 0)
        stated.append(day_number(article.date))
        est = estimate_days(article)
        low.append(est[0])
        high.append(est[1])
        sort_days.append(day)
        full.append(1 if article.is_full else 0)
    title_order = sorted(range(len(ordered)), key=lambda d: (fold(ordered[d].title), d))
    count = len(ordered)
    agency_docs = _groups(agency_col, len(agency_ids) + 1)
    site_docs = _groups(site_col, len(site_ids) + 1)
    widths = [h - lo for lo, h in zip(low, high, strict=True) if lo > 1 and h < _OPEN_END]
    return {
        # Facets of large results count with bitsets: of every agency and site, and of the
        # tags in at least 1/DENSE_FACET_SHARE of the articles (the others from tag_docs).
        "agency_bits": [bitset_bytes(docs, count) for docs in agency_docs],
        "site_bits": [bitset_bytes(docs, count) for docs in site_docs],
        "tag_bits": {
            tid: bitset_bytes(docs, count)
            for tid, docs in enumerate(tag_docs)
            if len(docs) * DENSE_FACET_SHARE >= count
        },
        # Months are runs of doc numbers, since doc numbers follow the sort day.
        "month_runs": _runs(month_col),
        # An estimate overlaps a range only if its sort day is within its width of it.
        "estimate_width": max(widths, default=0),
        "open_estimates": [
            d
            for d, (lo, h) in enumerate(zip(low, high, strict=True))
            if lo and (lo == 1 or h >= _OPEN_END)
        ],  # fmt: skip
        "title_order": array("I", title_order).tobytes(),
        "ids": [a.id for a in ordered],
        "titles": [a.title for a in ordered],
        "title_length": title_lengths.tobytes(),
        "tags": [list(key) for key in tag_ids],
        "tag_ptr": tag_ptr.tobytes(),
        "tag_list": tag_list.tobytes(),
        "tag_docs": [array("I", docs).tobytes() for docs in tag_docs],
        "entities": [list(key) for key in entity_ids],
        "entity_docs": [array("I", docs).tobytes() for docs in entity_docs],
        # The files each article was read from: an import finds the listings it extends.
        "files": list(file_ids),
        "file_docs": [array("I", docs).tobytes() for docs in file_docs],
        "agencies": ["", *agency_ids],
        "agency": agency_col.tobytes(),
        "sites": ["", *site_ids],
        "site": site_col.tobytes(),
        "months": ["", *months],
        "month": month_col.tobytes(),
        "stated": stated.tobytes(),
        "low": low.tobytes(),
        "high": high.tobytes(),
        "sort_day": sort_days.tobytes(),
        "full": bytes(full),
        "digests": b"".join(digests),
    }
