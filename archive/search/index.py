"""The persistent search index: load it fast (mmap), rebuild it when missing, stale or damaged.

The index is derived data kept next to the library (search-index.bin): deleting it loses
nothing. Doc numbers follow the date order, newest first, so a set of doc numbers read in
order is already sorted by date, and sets are Python ints used as bitsets.
"""

from __future__ import annotations

import bisect
import contextlib
import marshal
import mmap
import operator
import os
import re
import threading
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from archive.model import Article
from archive.search.analysis import Analyzer
from archive.search.index_build import FORMAT_VERSION, MAGIC, build_index_bytes
from archive.search.index_file import write_index_file
from archive.search.index_pairs import pair_key

if TYPE_CHECKING:
    from archive.store.library import Library

INDEX_FILE = "search-index.bin"
_TO_MASK = bytes.maketrans(b"01", b"\x00\x01")
_ANALYZER: Analyzer | None = None
_ANALYZER_LOCK = threading.Lock()


class IndexDamaged(Exception):
    """The index file cannot be used; it will be rebuilt (str(e) says why)."""


def shared_analyzer() -> Analyzer:
    """One analyzer per process (the variant table and stem cache are shared)."""
    global _ANALYZER
    with _ANALYZER_LOCK:
        if _ANALYZER is None:
            _ANALYZER = Analyzer()
        return _ANALYZER


def bits_from_docs(docs: Sequence[int], count: int) -> int:
    """A bitset (bit d set for each doc d) from doc numbers."""
    if not count:
        return 0
    buffer = bytearray(b"0") * count
    for doc in docs:
        buffer[doc] = 49
    buffer.reverse()
    return int(buffer, 2)


def mask_bytes(bits: int, count: int) -> bytes:
    """One byte per doc, 1 where the bit is set: for itertools.compress and bytes.count."""
    if not count:
        return b""
    return format(bits, f"0{count}b")[::-1].encode("ascii").translate(_TO_MASK)


_NONZERO_BYTE = re.compile(rb"[^\x00]")
_BITS_OF_BYTE = [tuple(b for b in range(8) if value >> b & 1) for value in range(256)]


_NUMBERS: list[int] = []


def numbers(count: int) -> list[int]:
    """list(range(count)), made once: compress() over it allocates no int objects."""
    global _NUMBERS
    if len(_NUMBERS) < count:
        _NUMBERS = list(range(max(count, 2 * len(_NUMBERS))))
    return _NUMBERS


def docs_of(bits: int, count: int) -> list[int]:
    """The doc numbers of a bitset, in increasing order (newest first)."""
    if bits.bit_count() * 64 < count:
        # Sparse: visit only the non-zero bytes instead of one byte per doc. Each costs about
        # as much as 60 docs of the other way (measured at 100k docs: equal near 1.5%).
        raw = bits.to_bytes((count + 7) // 8, "little")
        found: list[int] = []
        for match in _NONZERO_BYTE.finditer(raw):
            base = match.start() * 8
            found.extend(base + b for b in _BITS_OF_BYTE[raw[match.start()]])
        return found
    return list(compress(numbers(count), mask_bytes(bits, count)))


def range_bits(start: int, stop: int) -> int:
    """The bitset of docs start..stop-1."""
    return ((1 << (stop - start)) - 1) << start if stop > start else 0


class SearchIndex:
    """A loaded index: postings per term key, per-doc columns, and a cache of term bitsets."""

    def __init__(self, buffer: Any, meta: dict[str, Any], payload_start: int) -> None:
        self.buffer = buffer  # keeps the mmap alive while memoryviews point into it
        self.meta = meta
        self.revision: str = meta["revision"]
        self.analyzer_fingerprint: str = meta["analyzer"]
        self.count: int = meta["count"]
        self.keys: list[str] = meta["keys"]
        view = memoryview(buffer)

        def section(name: str, code: Literal["B", "I", "Q"]) -> memoryview:
            offset, length = meta["layout"][name]
            start = payload_start + offset
            return view[start : start + length].cast(code)

        self.key_df = section("key_df", "I")
        self.key_offset = section("key_offset", "Q")
        self.docs = section("docs", "I")
        self.impacts = section("impacts", "B")
        self.flags = section("flags", "B")
        self.stream = section("stream", "B")  # 4-byte word ids; phrases search it as bytes
        self.stream_ids = section("stream_ids", "I")  # slot -> word id in streams
        offset, _ = meta["layout"]["stream"]
        self.stream_base = payload_start + offset  # where the stream starts in buffer
        dense_slots = section("dense_slots", "I")
        self.dense_lanes = section("dense", "B")
        self.dense: dict[int, int] = {slot: at for at, slot in enumerate(dense_slots)}
        if len(self.dense_lanes) != len(self.dense) * self.count:
            raise IndexDamaged("the dense lanes are damaged")
        self.stream_start = section("stream_start", "Q")
        self.pair_keys = section("pair_keys", "Q")  # frequent word pairs (index_pairs)
        self.pair_ptr = section("pair_ptr", "Q")
        self.pair_docs = section("pair_docs", "I")
        if len(self.pair_ptr) != len(self.pair_keys) + 1 or (
            self.pair_ptr[-1] != len(self.pair_docs)
        ):
            raise IndexDamaged("the pair table is damaged")
        self.stems: list[str] = meta["stems"]
        self.stem_ptr = section("stem_ptr", "I")
        self.stem_words = section("stem_words", "I")
        if len(self.stem_ptr) != len(self.stems) + 1:
            raise IndexDamaged("the stem table is damaged")
        if len(self.stream_start) != self.count + 1 or len(self.docs) != len(self.impacts):
            raise IndexDamaged("the index sections do not match")
        columns = meta["columns"]
        self.ids: list[str] = columns["ids"]
        self.titles: list[str] = columns["titles"]
        if len(self.ids) != self.count or len(self.titles) != self.count:
            raise IndexDamaged("the index columns do not match")

        def column(name: str, code: str) -> array[int]:
            values = array(code)
            values.frombytes(columns[name])
            if len(values) != self.count + (1 if name == "tag_ptr" else 0):
                raise IndexDamaged(f"the index column {name} is damaged")
            return values

        self.title_length = column("title_length", "H")
        self.tag_ptr = column("tag_ptr", "I")
        self.tag_list = array("I")
        self.tag_list.frombytes(columns["tag_list"])
        self.tags: list[tuple[str, str]] = [(name, kind) for name, kind in columns["tags"]]
        self.tag_docs: list[bytes] = columns["tag_docs"]
        self.entities: list[tuple[str, str]] = [(k, n) for k, n in columns["entities"]]
        self.entity_docs: list[bytes] = columns["entity_docs"]
        self.agencies: list[str] = columns["agencies"]
        self.agency = column("agency", "H")
        self.sites: list[str] = columns["sites"]
        self.site = column("site", "H")
        self.months: list[str] = columns["months"]
        self.month = column("month", "H")
        self.stated = column("stated", "i")
        self.low = column("low", "i")
        self.high = column("high", "i")
        self.sort_day = column("sort_day", "i")
        self.full: bytes = columns["full"]
        self.agency_bits: list[bytes] = columns["agency_bits"]
        self.site_bits: list[bytes] = columns["site_bits"]
        self.tag_bits: dict[int, bytes] = columns["tag_bits"]
        self.month_runs: list[tuple[int, int, int]] = columns["month_runs"]
        self.estimate_width: int = columns["estimate_width"]
        self.open_estimates: list[int] = columns["open_estimates"]
        self.digests: bytes = columns["digests"]
        if len(self.digests) != 8 * self.count:
            raise IndexDamaged("the index digests are damaged")
        self.stated_flags = bytes(map(bool, self.stated))
        self.title_order = column("title_order", "I")
        self.dated_count = bisect.bisect_left(self.sort_day, 0, key=lambda day: -day)
        self.all_bits = (1 << self.count) - 1
        self._doc_numbers: dict[str, int] | None = None
        self._cache: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def doc_numbers(self) -> dict[str, int]:
        """Article id -> doc number."""
        if self._doc_numbers is None:
            self._doc_numbers = {article_id: doc for doc, article_id in enumerate(self.ids)}
        return self._doc_numbers

    def key_index(self, word: str) -> int | None:
        """The slot of a folded word, or None."""
        slot = bisect.bisect_left(self.keys, word)
        return slot if slot < len(self.keys) and self.keys[slot] == word else None

    def prefix_slots(self, prefix: str) -> range:
        """The slots of every word starting with prefix."""
        start = bisect.bisect_left(self.keys, prefix)
        stop = bisect.bisect_left(self.keys, prefix + "\U0010ffff")
        return range(start, stop)

    def stem_slots(self, stem: str) -> list[int]:
        """The slots of every word with this French stem."""
        at = bisect.bisect_left(self.stems, stem)
        if at >= len(self.stems) or self.stems[at] != stem:
            return []
        return list(self.stem_words[self.stem_ptr[at] : self.stem_ptr[at + 1]])

    def postings(self, slot: int) -> tuple[memoryview, memoryview, memoryview]:
        """Doc numbers (increasing), impacts (1..255) and flags (title bit, position count)."""
        start = self.key_offset[slot]
        stop = start + self.key_df[slot]
        return self.docs[start:stop], self.impacts[start:stop], self.flags[start:stop]

    def lanes_of(self, slot: int) -> memoryview | None:
        """The stored impact byte per doc of a common word, or None for other words."""
        at = self.dense.get(slot)
        if at is None:
            return None
        return self.dense_lanes[at * self.count : (at + 1) * self.count]

    def tag_bitset(self, tag: int) -> int:
        """The docs of one tag as a bitset (stored for common tags, else built and cached)."""
        stored = self.tag_bits.get(tag)
        if stored is not None:
            return int.from_bytes(stored, "little")

        def make() -> int:
            docs = array("I")
            docs.frombytes(self.tag_docs[tag])
            return bits_from_docs(docs, self.count)

        return self.cached(("tag", tag), make, limit=4096)

    def pair_postings(self, first: int, second: int) -> memoryview | None:
        """The docs (increasing) whose streams hold word ids first, second in a row, when stored.

        Only frequent pairs are stored: None says "not stored", not "nowhere".
        """
        key = pair_key(first, second)
        at = bisect.bisect_left(self.pair_keys, key)
        if at == len(self.pair_keys) or self.pair_keys[at] != key:
            return None
        return self.pair_docs[self.pair_ptr[at] : self.pair_ptr[at + 1]]

    def docs_with_sequence(self, pattern: bytes, docs: list[int], title: bool) -> list[int]:
        """The docs whose word stream holds pattern (4-byte word ids in a row), in the title if asked."""
        starts, base, rfind = self.stream_start, self.stream_base, self.buffer.rfind
        lows = [base + 4 * start for start in map(starts.__getitem__, docs)]
        if title:
            lengths = map(self.title_length.__getitem__, docs)
            highs = [low + 4 * length + 4 for low, length in zip(lows, lengths, strict=True)]
        else:
            highs = [base + 4 * stop for stop in map(starts.__getitem__, map((1).__add__, docs))]
        # Searched backwards: the pattern's first byte (a word id's low byte) is rare in the
        # streams, its last one (a high byte, mostly zero) is not, and the search skips on it.
        ats = list(map(rfind, repeat(pattern), lows, highs))
        if not base & 3:
            # A match starts on a word boundary: at & 3 == 0 (a miss, -1, has at & 3 == 3).
            found = list(compress(docs, map(operator.not_, map((3).__and__, ats))))
            if len(docs) - len(found) == ats.count(-1):
                return found
        found = []
        for doc, at, low in zip(docs, ats, lows, strict=True):
            while at != -1 and (at - base) & 3:
                at = rfind(pattern, low, at + len(pattern) - 1)  # off a word boundary: look before
            if at != -1:
                found.append(doc)
        return found

    def cached(self, key: Any, make: Callable[[], Any], limit: int = 256) -> Any:
        """A per-index LRU for term bitsets and lanes, safe for one writer thread and readers."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = make()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > limit:
                self._cache.popitem(last=False)
        return value


def parse_index(buffer: Any) -> SearchIndex:
    """Read an index from bytes or an mmap; raises IndexDamaged when anything is off."""
    try:
        head = bytes(buffer[:24])
        if len(head) < 24 or head[:8] != MAGIC:
            raise IndexDamaged("not a manchette index")
        length = int.from_bytes(head[8:16], "little")
        checksum = int.from_bytes(head[16:20], "little")
        version = int.from_bytes(head[20:24], "little")
        if version != FORMAT_VERSION:
            raise IndexDamaged(
                f"made by another version of manchette: format {version}, not {FORMAT_VERSION}"
            )
        raw = bytes(buffer[24 : 24 + length])
        if len(raw) != length or zlib.crc32(raw) != checksum:
            raise IndexDamaged("the index header is damaged")
        meta = marshal.loads(raw)
        payload_start = 24 + length + (-(length + 24)) % 8
        if len(buffer) != payload_start + meta["payload_size"]:
            raise IndexDamaged("the index file is truncated")
        # The whole body is checked (about 7 GB/s): a flipped byte in a posting list would
        # otherwise give wrong results or errors on some searches only.
        if "payload_crc" not in meta:
            raise IndexDamaged("made by an older manchette, without a checksum of its content")
        if zlib.crc32(memoryview(buffer)[payload_start:]) != meta["payload_crc"]:
            raise IndexDamaged("the index content is damaged")
        return SearchIndex(buffer, meta, payload_start)
    except IndexDamaged:
        raise
    except (ValueError, TypeError, KeyError, EOFError, IndexError, AttributeError) as error:
        raise IndexDamaged(f"the index cannot be read ({error})") from error


def index_path(library: Library) -> Path | None:
    """Where this library's index lives, or None for a library kept in memory."""
    directory = Path(library.directory)
    if str(directory) == ":memory:":
        return None
    return directory / INDEX_FILE


def load_index_file(path: Path, populate: bool = True) -> SearchIndex:
    """Map an index file and parse it; raises IndexDamaged or OSError.

    populate maps every page now (a browser then never waits on the disk); a command that runs
    one query leaves it off, so only the pages it reads count in its resident memory.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            raise IndexDamaged("the index file is empty")
        flag = getattr(mmap, "MAP_POPULATE", 0)  # Linux: map every page now, not on first use
        if flag and populate:
            mapped = mmap.mmap(
                handle.fileno(), 0, flags=mmap.MAP_SHARED | flag, prot=mmap.PROT_READ
            )
        else:  # pragma: no cover - other systems fault pages in on first use
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return parse_index(mapped)


_write_atomically = write_index_file


def _saveable(library: Library) -> Path | None:
    """Where the library's index is saved, None for an in-memory or read-only library."""
    path = index_path(library)
    if path is None or getattr(library, "readonly", False) or not path.parent.is_dir():
        return None
    return path


def _kept(
    library: Library, data: bytearray, tell: Callable[[str], None] | None = None
) -> SearchIndex:
    """The index in data, saved when the library is on disk and loaded from there."""
    path = _saveable(library)
    if path is not None:
        try:
            _write_atomically(path, data)
            return load_index_file(path)
        except (OSError, IndexDamaged) as error:
            # A full or read-only disk: keep the index in memory for this session, and say so.
            if tell is not None:
                reason = error.strerror if isinstance(error, OSError) and error.strerror else error
                tell(f"the search index could not be saved ({reason}); it is built again next time")
    return parse_index(data)


def _full_build(library: Library, analyzer: Analyzer) -> bytearray:
    return build_index_bytes(library.all_articles(), analyzer, library.revision())


def _update_bytes(
    old: SearchIndex, library: Library, analyzer: Analyzer, changed: Sequence[Article]
) -> bytearray | None:
    """The old index brought up to date by re-reading only new or changed articles, or None."""
    from archive.search.index_update import updated_index_bytes

    revision = library.revision()
    return updated_index_bytes(old, library.all_articles(), changed, analyzer, revision)


def build_index(
    library: Library, analyzer: Analyzer | None = None, tell: Callable[[str], None] | None = None
) -> SearchIndex:
    """Build the index from every article, save it when the library is on disk, return it loaded.

    tell, if given, hears in a few words when the index could not be saved.
    """
    return _kept(library, _full_build(library, analyzer or shared_analyzer()), tell)


def open_index(
    library: Library,
    analyzer: Analyzer | None = None,
    previous: SearchIndex | None = None,
    announce: Callable[[str], None] | None = None,
    populate: bool = True,
) -> SearchIndex:
    """The library's index: loaded when current, updated when stale, rebuilt when missing or damaged.

    previous is an index already in memory, used when nothing current is saved. announce, if
    given, is told in a few words before an update or a build starts (they take seconds at
    100k articles).
    """
    analyzer = analyzer or shared_analyzer()
    path = index_path(library)
    index = previous
    why = "it is missing"
    if path is not None:
        try:
            index = load_index_file(path, populate)
        except FileNotFoundError:
            index = previous
        except (OSError, IndexDamaged) as error:
            index, why = previous, str(error)
    if index is not None and is_current(index, library, analyzer):
        return index
    tell = announce or (lambda _: None)
    if index is not None:
        tell("updating the search index")
        updated = _updated(index, library, analyzer, (), tell)
        if updated is not None:
            return updated
        why = "it is out of date"
    # No promise that it is kept: a full disk is only found out by saving (then _kept says so).
    tell(f"building the search index ({why})")
    return build_index(library, analyzer, tell)


def _updated(
    old: SearchIndex,
    library: Library,
    analyzer: Analyzer,
    changed: Sequence[Article],
    tell: Callable[[str], None] | None = None,
) -> SearchIndex | None:
    """The old index brought up to date, saved and loaded; None when a full build is better."""
    data = _update_bytes(old, library, analyzer, changed)
    return None if data is None else _kept(library, data, tell)


def is_current(index: SearchIndex, library: Library, analyzer: Analyzer | None = None) -> bool:
    """True when the index was built from the library as it is now, with the same analyzer."""
    analyzer = analyzer or shared_analyzer()
    return (
        index.revision == library.revision() and index.analyzer_fingerprint == analyzer.fingerprint
    )


def update_index(library: Library, changed: Sequence[Article] = ()) -> None:
    """Bring the saved index up to date after an import (called by import_paths).

    Only the new or changed articles are read when the saved index is otherwise intact;
    a missing or damaged index, or a large import, means a full build.
    """
    path = _saveable(library)
    if path is None:
        return  # nothing saved: engines build in memory on refresh()
    analyzer = shared_analyzer()
    try:
        old = load_index_file(path)
    except (OSError, IndexDamaged):
        old = None
    if old is not None and is_current(old, library, analyzer):
        return
    data = None if old is None else _update_bytes(old, library, analyzer, changed)
    del old  # unmapped before the new file replaces it
    if data is None:
        data = _full_build(library, analyzer)
    # Saved, not loaded: the importer does not search, and engines map the file when they open.
    with contextlib.suppress(OSError):  # a full disk: engines build in memory on refresh()
        _write_atomically(path, data)
