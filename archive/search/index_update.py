"""Update an index after an import without re-reading the articles that did not change.

Unchanged articles keep their postings and word streams: their doc numbers are remapped
(the date order among them cannot change) and only new or changed articles are tokenized.
"""

from __future__ import annotations

import bisect
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from archive.model import Article
from archive.search.analysis import Analyzer
from archive.search.index import SearchIndex
from archive.search.index_build import IndexBuilder, Postings, assemble, dense_lanes, pack
from archive.search.index_columns import DIGEST_SIZE, article_digest, columns, sort_day
from archive.search.index_delta import GONE, merged_columns, new_order
from archive.search.index_pairs import add_docs, pair_words

FEW_GONE = 256
SHORT_LIST = 64  # doc lists this short are remapped doc by doc  # up to this many dropped docs, each is found in a posting list by bisection
MAX_SHARE = 0.25
DELTA_FLOOR = 1000  # a write of up to this many articles is always applied as a delta  # above this share of new or changed articles, a full build is as fast


def _shifted(raw: bytes, by: int) -> bytes:
    """Add `by` to every uint32 of raw (each stays within 0..2**32-1, so no lane carries)."""
    if not by or not raw:
        return raw
    size = len(raw) // 4
    ones = int.from_bytes(b"\x01\x00\x00\x00" * size, "little")
    return (int.from_bytes(raw, "little") + by * ones).to_bytes(4 * size, "little")


def _without(raw: bytes, positions: list[int], size: int) -> bytes:
    """raw (items of size bytes) without the items at these increasing positions."""
    if not positions:
        return raw
    pieces = []
    start = 0
    for at in positions:
        pieces.append(raw[start : at * size])
        start = (at + 1) * size
    pieces.append(raw[start:])
    return b"".join(pieces)


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
        self, old: SearchIndex, remap: list[int], added: dict[int, Article], analyzer: Analyzer
    ):
        """remap: old doc -> new doc (GONE when dropped or re-read); added: new doc -> article."""
        self.old = old
        self.count = sum(1 for doc in remap if doc != GONE) + len(added)
        self.remap = remap
        self.dropped = GONE in self.remap
        self.builder = IndexBuilder(analyzer, old.meta["average_length"])
        # Word ids stay stable: seed the builder with the old vocabulary.
        self.builder.slots = dict(zip(old.keys, old.stream_ids, strict=True))
        self.builder.next_id = max(old.stream_ids, default=-1) + 1
        self._segments()
        self._runs: list[tuple[int, int, int]] | None = None
        self.old_slots = {word: slot for slot, word in enumerate(old.keys)}
        self.fresh_streams: dict[int, tuple[int, int]] = {}
        self.title_lengths = array("H", bytes(2 * self.count))
        for old_doc, new_doc in enumerate(self.remap):
            if new_doc != GONE:
                self.title_lengths[new_doc] = old.title_length[old_doc]
        for doc in sorted(added):
            start = len(self.builder.stream)
            self.title_lengths[doc] = self.builder.add(doc, added[doc])
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
        self.gone = [old_doc for old_doc, new_doc in enumerate(self.remap) if new_doc == GONE]
        self.touched: set[int] = set()  # word ids in dropped docs: their postings need filtering
        for old_doc in self.gone:
            raw = old.stream[old.stream_start[old_doc] * 4 : old.stream_start[old_doc + 1] * 4]
            self.touched.update(raw.cast("I"))
        if self.gone:
            # Streams hold canonical words only ("kiev" for "kyiv"); the written variants have
            # postings too, so every word of the variant table counts as touched.
            analyzer, slots = self.builder.analyzer, self.builder.slots
            written = set(analyzer.variants)
            for options in analyzer.phrases.values():
                written.update(word for source, _ in options for word in source)
            self.touched.update(slots[word] for word in written if word in slots)

    def runs(self) -> list[tuple[int, int, int]]:
        """(new doc, old doc, length) of each run of kept docs that stay consecutive."""
        if self._runs is None:
            self._runs = []
            for old_doc, new_doc in enumerate(self.remap):
                if new_doc == GONE:
                    continue
                last = self._runs[-1] if self._runs else None
                if last and last[0] + last[2] == new_doc and last[1] + last[2] == old_doc:
                    self._runs[-1] = (last[0], last[1], last[2] + 1)
                else:
                    self._runs.append((new_doc, old_doc, 1))
        return self._runs

    def lanes(self, word: str, docs: bytes, impacts: bytes, count: int) -> bytes:
        """A dense word's impact per doc: its old lane moved in runs, the fresh docs set."""
        old_slot = self.old_slots.get(word)
        lane = None if old_slot is None else self.old.lanes_of(old_slot)
        if lane is None:
            return dense_lanes(docs, impacts, count)
        out = bytearray(count)
        for new_doc, old_doc, length in self.runs():
            out[new_doc : new_doc + length] = lane[old_doc : old_doc + length]
        fresh = self.builder.entries.get(self.builder.slots[word])
        if fresh is not None:
            for doc, meta in zip(fresh[0::2], fresh[1::2], strict=True):
                out[doc] = meta & 0xFF
        return bytes(out)

    def moved(self, docs: memoryview, clean: bool) -> tuple[bytes, list[int]]:
        """Old doc numbers as new ones, and the positions of the dropped ones (left out).

        clean says no doc of them was dropped (no search then). The dropped docs are few (an
        import's re-read articles): each is found by a binary search, and the rest are shifted
        in runs as 32-bit lanes of one big int, with no Python work per doc.
        """
        drop: list[int] = []
        if len(docs) <= SHORT_LIST or (not clean and len(self.gone) > FEW_GONE):
            # A short list, or many dropped docs (a large re-import): a lookup per doc is cheaper.
            moved = array("I", map(self.remap.__getitem__, docs))
            drop = [at for at, doc in enumerate(moved) if doc == GONE]
            return _without(moved.tobytes(), drop, 4), drop
        if not clean:
            for gone in self.gone:
                at = bisect.bisect_left(docs, gone)
                if at < len(docs) and docs[at] == gone:
                    drop.append(at)
        if drop:
            docs = memoryview(_without(docs.tobytes(), drop, 4)).cast("I")
        if not len(docs):
            return b"", drop
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
        return b"".join(pieces), drop

    def old_postings(self, slot: int) -> Postings:
        docs, impacts, flags = self.old.postings(slot)
        moved, drop = self.moved(docs, self.old.stream_ids[slot] not in self.touched)
        return moved, _without(impacts.tobytes(), drop, 1), _without(flags.tobytes(), drop, 1)

    def parts(self, words: list[str], stream_ids: array[int]) -> Iterator[Postings]:
        old_slots = self.old_slots
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
        old, touched = self.old, self.touched

        def moved(key: int, docs: memoryview) -> array[int]:
            clean = not touched.intersection(pair_words(key))
            numbers = array("I")
            numbers.frombytes(self.moved(docs, clean)[0])
            return numbers

        kept = {
            key: moved(key, old.pair_docs[old.pair_ptr[at] : old.pair_ptr[at + 1]])
            for at, key in enumerate(old.pair_keys)
        }
        stream = memoryview(self.builder.stream).cast("B")
        fresh = ((doc, stream[4 * a : 4 * b]) for doc, (a, b) in self.fresh_streams.items())
        return add_docs(kept, fresh)

    def stream(self) -> tuple[bytes, array[int]]:
        """Every doc's word stream in the new order: runs of old docs copied as one slice each."""
        old, count = self.old, self.count
        inverse = [-1] * count
        for old_doc, new_doc in enumerate(self.remap):
            if new_doc != GONE:
                inverse[new_doc] = old_doc
        pieces: list[Any] = []
        starts = array("Q", [0])
        fresh_bytes = memoryview(self.builder.stream.tobytes())
        old_starts = old.stream_start
        doc = 0
        while doc < count:
            old_doc = inverse[doc]
            if old_doc < 0:
                a, b = self.fresh_streams[doc]
                pieces.append(fresh_bytes[a * 4 : b * 4])
                starts.append(starts[-1] + b - a)
                doc += 1
                continue
            stop = doc + 1
            while stop < count and inverse[stop] == old_doc + stop - doc:
                stop += 1
            last = old_doc + stop - doc
            low, high = old_starts[old_doc], old_starts[last]
            pieces.append(old.stream[low * 4 : high * 4])
            shift = starts[-1] - low
            starts.extend(s + shift for s in old_starts[old_doc + 1 : last + 1])
            doc = stop
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
    new_number = {a.id: doc for doc, a in enumerate(ordered)}
    remap = [GONE if i in fresh else new_number.get(i, GONE) for i in old.ids]
    added = {doc: a for doc, a in enumerate(ordered) if a.id in fresh or a.id not in numbers}
    update = _Update(old, remap, added, analyzer)
    return _finish(
        old, update, analyzer, revision, started, lambda: columns(ordered, update.title_lengths)
    )


def delta_index_bytes(
    old: SearchIndex, written: Sequence[Article], analyzer: Analyzer, revision: str
) -> bytearray | None:
    """The index after a write of `written` into the library `old` was built from; no other
    article is read (their columns, postings and streams come from old). None: rebuild."""
    started = time.perf_counter()
    if old.analyzer_fingerprint != analyzer.fingerprint or old.files is None:
        return None
    if len(written) > max(old.count, DELTA_FLOOR):
        return None  # more than doubled: a full build also settles the average length
    remap, added = new_order(old, written)
    update = _Update(old, remap, added, analyzer)
    return _finish(
        old, update, analyzer, revision, started,
        lambda: merged_columns(old, remap, added, update.title_lengths),
    )  # fmt: skip


def _finish(old: SearchIndex, update: _Update, analyzer: Analyzer, revision: str,
            started: float, make_columns: Callable[[], dict[str, Any]]) -> bytearray:  # fmt: skip
    words = sorted(update.builder.slots)
    stream_ids = array("I", map(update.builder.slots.__getitem__, words))
    stream, starts = update.stream()
    parts = update.parts(words, stream_ids)
    keys, stems, sections = assemble(
        analyzer, words, parts, stream_ids, stream, starts, update.pairs(), update.lanes
    )
    meta: dict[str, Any] = {
        "version": old.meta["version"],
        "revision": revision,
        "analyzer": analyzer.fingerprint,
        "count": update.count,
        "average_length": old.meta["average_length"],
        "keys": keys,
        "stems": stems,
        "columns": make_columns(),
    }
    return pack(meta, sections, time.perf_counter() - started)
