"""Update an index after an import without re-reading the articles that did not change.

Unchanged articles keep their postings and word streams: their doc numbers are remapped
(the date order among them cannot change) and only new or changed articles are tokenized.
"""

from __future__ import annotations

import bisect
import time
from array import array
from collections.abc import Iterator, Sequence
from itertools import compress
from typing import Any

from archive.model import Article
from archive.search.analysis import Analyzer
from archive.search.index import SearchIndex
from archive.search.index_build import IndexBuilder, Postings, assemble, pack
from archive.search.index_columns import DIGEST_SIZE, article_digest, columns, sort_day
from archive.search.index_pairs import add_docs, stored_pairs

GONE = 0xFFFFFFFF
MAX_SHARE = 0.25  # above this share of new or changed articles, a full build is as fast


def _shifted(raw: bytes, by: int) -> bytes:
    """Add `by` to every uint32 of raw (each stays within 0..2**32-1, so no lane carries)."""
    if not by or not raw:
        return raw
    size = len(raw) // 4
    ones = int.from_bytes(b"\x01\x00\x00\x00" * size, "little")
    return (int.from_bytes(raw, "little") + by * ones).to_bytes(4 * size, "little")


def _merge(old: Postings, fresh: Postings) -> Postings:
    """Two postings of one word, doc numbers interleaved in increasing order."""
    docs = array("I")
    docs.frombytes(old[0])
    impacts, flags = bytearray(old[1]), bytearray(old[2])
    new_docs = array("I")
    new_docs.frombytes(fresh[0])
    if len(new_docs) > 64:
        rows = sorted(zip(docs, impacts, flags, strict=True))
        rows.extend(zip(new_docs, fresh[1], fresh[2], strict=True))
        rows.sort()
        return (
            array("I", (r[0] for r in rows)).tobytes(),
            bytes(r[1] for r in rows),
            bytes(r[2] for r in rows),
        )
    for doc, impact, flag in zip(new_docs, fresh[1], fresh[2], strict=True):
        at = bisect.bisect_left(docs, doc)
        docs.insert(at, doc)
        impacts.insert(at, impact)
        flags.insert(at, flag)
    return docs.tobytes(), bytes(impacts), bytes(flags)


class _Update:
    """The remapped old index plus a builder for the fresh articles."""

    def __init__(
        self, old: SearchIndex, ordered: list[Article], fresh: set[str], analyzer: Analyzer
    ):
        self.old = old
        self.count = len(ordered)
        new_number = {a.id: doc for doc, a in enumerate(ordered)}
        remap = array("I", (GONE if i in fresh else new_number.get(i, GONE) for i in old.ids))
        self.remap = remap.tolist()  # fresh ints, laid out in order: cheaper to look up
        self.dropped = GONE in self.remap
        self.builder = IndexBuilder(analyzer, old.meta["average_length"])
        # Word ids stay stable: seed the builder with the old vocabulary.
        self.builder.slots = dict(zip(old.keys, old.stream_ids, strict=True))
        self.builder.next_id = max(old.stream_ids, default=-1) + 1
        self._segments()
        self.fresh_streams: dict[int, tuple[int, int]] = {}
        self.title_lengths = array("H", bytes(2 * self.count))
        for old_doc, new_doc in enumerate(self.remap):
            if new_doc != GONE:
                self.title_lengths[new_doc] = old.title_length[old_doc]
        for doc, article in enumerate(ordered):
            if article.id in fresh or article.id not in old.doc_numbers:
                start = len(self.builder.stream)
                self.title_lengths[doc] = self.builder.add(doc, article)
                self.fresh_streams[doc] = (start, len(self.builder.stream))

    def _segments(self) -> None:
        """Where the shift new - old changes, over kept old docs; and words of dropped docs."""
        self.cuts: list[int] = []
        self.shifts: list[int] = []
        for old_doc, new_doc in enumerate(self.remap):
            if new_doc != GONE and (not self.shifts or new_doc - old_doc != self.shifts[-1]):
                self.cuts.append(old_doc)
                self.shifts.append(new_doc - old_doc)
        old = self.old
        self.touched: set[int] = set()  # word ids in dropped docs: their postings need filtering
        for old_doc, new_doc in enumerate(self.remap):
            if new_doc == GONE:
                raw = old.stream[old.stream_start[old_doc] * 4 : old.stream_start[old_doc + 1] * 4]
                self.touched.update(raw.cast("I"))

    def old_postings(self, slot: int) -> Postings:
        docs, impacts, flags = self.old.postings(slot)
        if self.old.stream_ids[slot] not in self.touched and len(docs):
            # Shift runs of doc numbers as 32-bit lanes of one big int: no per-doc Python work.
            cuts, shifts = self.cuts, self.shifts
            first = bisect.bisect_right(cuts, docs[0]) - 1
            last = bisect.bisect_right(cuts, docs[-1]) - 1
            raw = docs.tobytes()
            pieces: list[bytes] = []
            start = 0
            for segment in range(first, last + 1):
                stop = len(docs) if segment == last else bisect.bisect_left(docs, cuts[segment + 1])
                pieces.append(_shifted(raw[start * 4 : stop * 4], shifts[segment]))
                start = stop
            return b"".join(pieces), impacts.tobytes(), flags.tobytes()
        moved = array("I", map(self.remap.__getitem__, docs))
        if self.dropped and GONE in moved:
            keep = [doc != GONE for doc in moved]
            return (
                array("I", compress(moved, keep)).tobytes(),
                bytes(compress(impacts, keep)),
                bytes(compress(flags, keep)),
            )
        return moved.tobytes(), impacts.tobytes(), flags.tobytes()

    def parts(self, words: list[str], stream_ids: array[int]) -> Iterator[Postings]:
        old_slots = {word: slot for slot, word in enumerate(self.old.keys)}
        for word, word_id in zip(words, stream_ids, strict=True):
            old_slot = old_slots.get(word)
            fresh = self.builder.postings(word_id) if word_id in self.builder.entries else None
            if old_slot is None:
                yield fresh if fresh is not None else (b"", b"", b"")
            elif fresh is None:
                yield self.old_postings(old_slot)
            else:
                yield _merge(self.old_postings(old_slot), fresh)

    def pairs(self) -> dict[int, array[int]]:
        """The old index's frequent pairs with doc numbers remapped, plus the fresh docs'."""
        old, remap = self.old, self.remap

        def moved(docs: memoryview) -> array[int]:
            numbers = map(remap.__getitem__, docs)
            return array("I", filter(GONE.__ne__, numbers) if self.dropped else numbers)

        kept = stored_pairs(old.pair_keys, old.pair_ptr, old.pair_docs, moved)
        stream = memoryview(self.builder.stream).cast("B")
        fresh = ((doc, stream[4 * a : 4 * b]) for doc, (a, b) in self.fresh_streams.items())
        return add_docs(kept, fresh)

    def stream(self) -> tuple[bytes, array[int]]:
        old, builder = self.old, self.builder
        inverse = [0] * self.count
        for old_doc, new_doc in enumerate(self.remap):
            if new_doc != GONE:
                inverse[new_doc] = old_doc
        pieces: list[Any] = []
        starts = array("Q", [0])
        total = 0
        fresh_bytes = memoryview(builder.stream.tobytes())
        for doc in range(self.count):
            span = self.fresh_streams.get(doc)
            if span is not None:
                piece = fresh_bytes[span[0] * 4 : span[1] * 4]
            else:
                old_doc = inverse[doc]
                piece = old.stream[
                    old.stream_start[old_doc] * 4 : old.stream_start[old_doc + 1] * 4
                ]
            pieces.append(piece)
            total += len(piece) // 4
            starts.append(total)
        return b"".join(pieces), starts


def updated_index_bytes(
    old: SearchIndex,
    articles: Sequence[Article],
    changed: Sequence[Article],
    analyzer: Analyzer,
    revision: str,
) -> bytearray | None:
    """The index for `articles`, reusing `old` for all but `changed`; None when a rebuild is better."""
    started = time.perf_counter()
    if old.analyzer_fingerprint != analyzer.fingerprint or not articles:
        return None
    # New or changed: not in the old index, or stored with another digest.
    digests, numbers = old.digests, old.doc_numbers
    fresh = {a.id for a in changed}
    for article in articles:
        doc = numbers.get(article.id)
        if doc is None or digests[doc * DIGEST_SIZE : (doc + 1) * DIGEST_SIZE] != article_digest(
            article
        ):
            fresh.add(article.id)
    if len(fresh) > MAX_SHARE * len(articles):
        return None
    ordered = sorted(articles, key=lambda a: (-sort_day(a), a.id))
    update = _Update(old, ordered, fresh, analyzer)
    words = sorted(update.builder.slots)
    stream_ids = array("I", map(update.builder.slots.__getitem__, words))
    stream, starts = update.stream()
    parts = update.parts(words, stream_ids)
    keys, stems, sections = assemble(
        analyzer, words, parts, stream_ids, stream, starts, update.pairs()
    )
    meta: dict[str, Any] = {
        "version": old.meta["version"],
        "revision": revision,
        "analyzer": analyzer.fingerprint,
        "count": len(ordered),
        "average_length": old.meta["average_length"],
        "keys": keys,
        "stems": stems,
        "columns": columns(ordered, update.title_lengths),
    }
    return pack(meta, sections, time.perf_counter() - started)
