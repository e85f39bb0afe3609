"""Build the search index of a set of articles: postings with impacts and positions, plus columns."""

from __future__ import annotations

import gc
import marshal
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from archive.model import Article
from archive.search import index_pairs
from archive.search.analysis import Analyzer, word_tokens
from archive.search.index_columns import columns, sort_day
from archive.search.index_pairs import GAP  # between segments in a word stream
from archive.text import fold

FORMAT_VERSION = 4  # 3: postings of frequent word pairs; 4: each column its own section
COLUMN_PREFIX = "c."  # a column's section: its value marshalled, read when first used
MAGIC = b"MANCHIDX"
K1 = 1.2
B = 0.75
TITLE_WEIGHT = 3
MAX_POSITION = 65_535
TITLE_FLAG = 0x01  # set in a posting's flags byte when the word is in the title
# Words in at least 1/DENSE_SHARE of the articles also store one impact byte per article,
# so the commonest words cost nothing to look up (at most DENSE_SHARE * 5/8 of their postings).
DENSE_SHARE = 8
DENSE_MIN_COUNT = 4096


def _impact(tfw: float, norm: float) -> int:
    """BM25's term-frequency part, scaled to 1..255."""
    return max(1, min(255, round(255 * tfw / (tfw + K1 * norm))))


def _segments(article: Article) -> list[list[str]]:
    """Folded words of the title (first, maybe empty), the teaser and each body block."""
    parts = [article.teaser, *(b.text for b in article.body)]
    return [word_tokens(fold(article.title))] + [word_tokens(fold(p)) for p in parts if p]


class IndexBuilder:
    """Collects articles in doc-number order: postings per word, and each article's word stream.

    The stream (the article's canonical words as word slots, segments separated by GAP) is
    what phrases are checked against: a phrase is a byte pattern found with bytes.find.
    """

    def __init__(self, analyzer: Analyzer, average_length: float) -> None:
        self.analyzer = analyzer
        self.average_length = max(1.0, average_length)
        self.slots: dict[str, int] = {}  # word -> word id (stable across updates)
        self.next_id = 0
        self.entries: dict[int, array[int]] = {}  # per word id: doc, impact | flags << 8, doc, ...
        self.stream = array("I")
        self.stream_start = array("Q", [0])

    def add(self, doc: int, article: Article) -> int:
        """Index one article as doc number doc; returns its title's word count."""
        segments = _segments(article)
        counts: Counter[str] = Counter()
        for tokens in segments:
            counts.update(tokens)
        title_counts = Counter(segments[0])
        if not self.analyzer.first_words.isdisjoint(counts):
            # Spelling variants: the stream and the stems see only canonical words ("putin" ->
            # poutine, "united states" -> etats unis); the written words keep their postings.
            segments = [self.analyzer.canonical_sequence(tokens) for tokens in segments]
            written, written_title = counts, title_counts
            counts, title_counts = Counter(), Counter(segments[0])
            for tokens in segments:
                counts.update(tokens)
            for word, count in written.items():
                counts.setdefault(word, count)
            for word, count in written_title.items():
                title_counts.setdefault(word, count)
        length = sum(len(tokens) for tokens in segments)
        norm = 1 - B + B * length / self.average_length
        metas: dict[int, int] = {}  # weighted count -> impact, for this article's length
        slots, entries = self.slots, self.entries
        local: dict[str, int] = {}
        for word, count in counts.items():
            in_title = title_counts.get(word, 0)
            weighted = count + (TITLE_WEIGHT - 1) * in_title
            meta = metas.get(weighted)
            if meta is None:
                meta = metas[weighted] = _impact(weighted, norm)
            if in_title:
                meta |= TITLE_FLAG << 8
            slot = slots.get(word)
            if slot is None:
                slot = slots[word] = self.next_id
                self.next_id += 1
            local[word] = slot
            row = entries.get(slot)
            if row is None:
                row = entries[slot] = array("I")
            row.extend((doc, meta))
        stream = self.stream
        for tokens in segments:
            stream.extend(map(local.__getitem__, tokens))
            stream.append(GAP)
        self.stream_start.append(len(stream))
        return min(len(segments[0]), MAX_POSITION)

    def postings(self, word_id: int) -> Postings:
        """Doc numbers, impacts and flags collected for one word, as bytes."""
        entries = self.entries.get(word_id)
        if entries is None:
            return b"", b"", b""
        meta = entries[1::2].tobytes()
        return entries[0::2].tobytes(), meta[0::4], meta[1::4]

    def sections(self) -> tuple[list[str], list[str], dict[str, bytes]]:
        """Sorted words, sorted stems, and the concatenated arrays, ready to write."""
        words = sorted(self.slots)
        stream_ids = array("I", map(self.slots.__getitem__, words))
        parts = map(self.postings, stream_ids)
        pairs = index_pairs.frequent_pairs(
            self.stream, self.stream_start, index_pairs.PAIR_MIN_DOCS
        )
        return assemble(
            self.analyzer, words, parts, stream_ids, self.stream, self.stream_start, pairs
        )


Postings = tuple[bytes, bytes, bytes]  # doc numbers (uint32), impacts, flags


def dense_lanes(docs: bytes, impacts: bytes, count: int) -> bytes:
    """One byte per doc: the word's impact there, 0 where it is absent."""
    lanes = bytearray(count)
    numbers = array("I")
    numbers.frombytes(docs)
    for doc, impact in zip(numbers, impacts, strict=True):
        lanes[doc] = impact
    return bytes(lanes)


def assemble(
    analyzer: Analyzer,
    words: list[str],
    parts: Iterable[Postings],
    stream_ids: array[int],
    stream: array[int] | bytes,
    stream_start: array[int],
    pairs: Mapping[int, array[int]],
    lanes: Callable[[str, bytes, bytes, int], bytes] | None = None,
) -> tuple[list[str], list[str], dict[str, bytes]]:
    """The index sections from sorted words and their postings, in the same order, and pairs.

    Streams hold stable word ids (stream_ids[slot] is the id of the slot's word), so an
    update can copy an unchanged article's stream as it is; lanes(word, docs, impacts, count)
    gives a common word's dense lane (an update moves the old one).
    """
    key_df, key_offset = array("I"), array("Q")
    docs_parts: list[bytes] = []
    impact_parts: list[bytes] = []
    flag_parts: list[bytes] = []
    dense_slots, dense_parts = array("I"), []
    count = len(stream_start) - 1
    offset = 0
    for slot, (docs, impacts, flags) in enumerate(parts):
        key_df.append(len(impacts))
        key_offset.append(offset)
        docs_parts.append(docs)
        impact_parts.append(impacts)
        flag_parts.append(flags)
        offset += len(impacts)
        if count >= DENSE_MIN_COUNT and len(impacts) * DENSE_SHARE >= count:
            dense_slots.append(slot)
            if lanes is None:
                dense_parts.append(dense_lanes(docs, impacts, count))
            else:
                dense_parts.append(lanes(words[slot], docs, impacts, count))
    # Stems group the words: a word query looks up its stem and unions the stem's words.
    groups: dict[str, list[int]] = {}
    for slot, stem in enumerate(analyzer.stem_many(words)):
        groups.setdefault(stem, []).append(slot)
    stems = sorted(groups)
    stem_ptr, stem_words = array("I", [0]), array("I")
    for stem in stems:
        stem_words.extend(groups[stem])
        stem_ptr.append(len(stem_words))
    sections = {
        "key_df": key_df.tobytes(),
        "key_offset": key_offset.tobytes(),
        "stem_ptr": stem_ptr.tobytes(),
        "stem_words": stem_words.tobytes(),
        "docs": b"".join(docs_parts),
        "impacts": b"".join(impact_parts),
        "flags": b"".join(flag_parts),
        "stream_ids": stream_ids.tobytes(),
        "dense_slots": dense_slots.tobytes(),
        "dense": b"".join(dense_parts),
        "stream": bytes(stream),
        "stream_start": stream_start.tobytes(),
        **index_pairs.pair_sections(pairs),
    }
    return words, stems, sections


def build_index_bytes(articles: Sequence[Article], analyzer: Analyzer, revision: str) -> bytearray:
    """The whole index file for these articles, newest first (doc number 0 is the newest)."""
    started = time.perf_counter()
    enabled = gc.isenabled()
    gc.disable()  # millions of small arrays: the collector would rescan them over and over
    try:
        ordered = sorted(articles, key=lambda a: (-sort_day(a), a.id))
        words = sum(
            len(a.title.split()) + len(a.teaser.split()) + sum(len(b.text.split()) for b in a.body)
            for a in ordered
        )
        average = words / len(ordered) if ordered else 1.0
        builder = IndexBuilder(analyzer, average)
        title_lengths = array("H", (builder.add(doc, a) for doc, a in enumerate(ordered)))
        keys, stems, sections = builder.sections()
        del builder  # its postings and stream are in sections now
        meta: dict[str, Any] = {
            "version": FORMAT_VERSION,
            "revision": revision,
            "analyzer": analyzer.fingerprint,
            "count": len(ordered),
            "average_length": average,
            "keys": keys,
            "stems": stems,
            "columns": columns(ordered, title_lengths),
        }
        return pack(meta, sections, time.perf_counter() - started)
    finally:
        if enabled:
            gc.enable()


def pack(meta: dict[str, Any], sections: dict[str, bytes], seconds: float) -> bytearray:
    """Header (magic, lengths, marshalled meta with a checksum) then 8-aligned raw sections.

    Sections are moved out of the dict as they are copied, so the file is never held twice
    (at 100k articles that is about 90 MB of peak memory less).
    """
    import zlib

    meta = dict(meta)
    for name, value in meta.pop("columns", {}).items():
        sections[COLUMN_PREFIX + name] = marshal.dumps(value)
    layout: dict[str, tuple[int, int]] = {}
    offset = 0
    crc = 0  # over every payload byte, padding included, so damage anywhere is seen on load
    for name, data in sections.items():
        layout[name] = (offset, len(data))
        offset += len(data) + (-len(data)) % 8
        crc = zlib.crc32(bytes((-len(data)) % 8), zlib.crc32(data, crc))
    meta = {**meta, "layout": layout, "build_seconds": round(seconds, 3), "payload_size": offset}
    meta["payload_crc"] = crc
    head = marshal.dumps(meta)
    pad = (-(len(head) + 24)) % 8
    out = bytearray(MAGIC)
    out += len(head).to_bytes(8, "little") + zlib.crc32(head).to_bytes(4, "little")
    out += FORMAT_VERSION.to_bytes(4, "little") + head + bytes(pad)
    for name in list(sections):
        data = sections.pop(name)
        out += data
        out += bytes((-len(data)) % 8)
    return out
