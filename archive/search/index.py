"""The persistent search index as read: load it fast (mmap), check it, answer from it.

archive/search/refresh.py keeps it current (builds, updates and saves it).

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

from archive.search.analysis import Analyzer
from archive.search.index_build import COLUMN_PREFIX, FORMAT_VERSION, MAGIC
from archive.search.index_file import replace_small_file
from archive.search.index_pairs import pair_key

if TYPE_CHECKING:
    from archive.store.library import Library

INDEX_FILE = "search-index.bin"
VERIFIED_FILE = ".search-index.verified"  # the identity of the index file last found whole
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
# Column name -> array typecode ("" for marshalled values used as they are).
_COLUMNS = {
    "ids": "", "titles": "", "title_length": "H", "tag_ptr": "I", "tag_list": "I", "tags": "",
    "tag_docs": "", "entities": "", "entity_docs": "", "files": "", "file_docs": "",
    "agencies": "", "agency": "H", "sites": "", "site": "H", "months": "", "month": "H",
    "stated": "i", "low": "i", "high": "i", "sort_day": "i", "full": "", "agency_bits": "",
    "site_bits": "", "tag_bits": "", "month_runs": "", "estimate_width": "",
    "open_estimates": "", "digests": "", "title_order": "I",
}  # fmt: skip


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

    # Columns, each read from its own section on first use (see _column).
    ids: list[str]
    titles: list[str]
    title_length: array[int]
    tag_ptr: array[int]
    tag_list: array[int]
    tags: list[tuple[str, str]]
    tag_docs: list[bytes]
    entities: list[tuple[str, str]]
    entity_docs: list[bytes]
    files: list[str] | None  # None in an index written before it was kept: imports read all
    file_docs: list[bytes]
    agencies: list[str]
    agency: array[int]
    sites: list[str]
    site: array[int]
    months: list[str]
    month: array[int]
    stated: array[int]
    low: array[int]
    high: array[int]
    sort_day: array[int]
    full: bytes
    agency_bits: list[bytes]
    site_bits: list[bytes]
    tag_bits: dict[int, bytes]
    month_runs: list[tuple[int, int, int]]
    estimate_width: int
    open_estimates: list[int]
    digests: bytes
    title_order: array[int]
    stated_flags: bytes
    dated_count: int

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
        # The per-article columns are unmarshalled when first used (__getattr__): a search
        # that prints 50 rows reads ids, titles and a few dates, not the tag or entity lists.
        self._view, self._payload_start = view, payload_start
        self.all_bits = (1 << self.count) - 1
        self._doc_numbers: dict[str, int] | None = None
        self._cache: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        """A column on first use; then an attribute like the others."""
        if name not in _COLUMNS and name not in ("stated_flags", "dated_count"):
            raise AttributeError(name)
        value = self._column(name)
        setattr(self, name, value)
        return value

    def _column(self, name: str) -> Any:
        if name == "stated_flags":
            return bytes(map(bool, self.stated))
        if name == "dated_count":
            return bisect.bisect_left(self.sort_day, 0, key=lambda day: -day)
        where = self.meta["layout"].get(COLUMN_PREFIX + name)
        if where is None:
            if name in ("files", "file_docs"):
                return None if name == "files" else []
            raise IndexDamaged(f"the index column {name} is missing")
        start = self._payload_start + where[0]
        try:
            value = marshal.loads(self._view[start : start + where[1]])
        except (ValueError, EOFError, TypeError) as error:
            raise IndexDamaged(f"the index column {name} cannot be read") from error
        code = _COLUMNS[name]
        if code:
            values = array(code)
            values.frombytes(value)
            if len(values) != self.count + (1 if name == "tag_ptr" else 0) and name != "tag_list":
                raise IndexDamaged(f"the index column {name} is damaged")
            return values
        if name in ("tags", "entities"):
            return [(a, b) for a, b in value]
        if name in ("ids", "titles") and len(value) != self.count:
            raise IndexDamaged("the index columns do not match")
        if name == "digests" and len(value) != 8 * self.count:
            raise IndexDamaged("the index digests are damaged")
        return value

    def column_values(self) -> dict[str, Any]:
        """Every column as written (for tests and tools): name -> the stored value."""
        out = {}
        for key, (offset, length) in self.meta["layout"].items():
            if key.startswith(COLUMN_PREFIX):
                start = self._payload_start + offset
                out[key[len(COLUMN_PREFIX) :]] = marshal.loads(self._view[start : start + length])
        return out

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


def parse_index(buffer: Any, checked: bool = False) -> SearchIndex:
    """Read an index from bytes or an mmap; raises IndexDamaged when anything is off.

    checked: the body's checksum was verified for these very bytes already (see
    load_index_file): it is not computed again.
    """
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
        if not checked and zlib.crc32(memoryview(buffer)[payload_start:]) != meta["payload_crc"]:
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


def load_index_file(path: Path, populate: bool = True, remember: bool = False) -> SearchIndex:
    """Map an index file and parse it; raises IndexDamaged or OSError.

    populate maps every page now (a browser then never waits on the disk); a command that runs
    one query leaves it off, so only the pages it reads count in its resident memory.

    The whole body's checksum (a read of the whole file) is verified once per version of the
    file: remember=True then notes the file's identity (inode, size, modification and change
    times: any write changes the change time, which no program can set back) beside it, and
    later opens of that same file skip the check.
    """
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        size = stat.st_size
        identity = f"{stat.st_ino} {size} {stat.st_mtime_ns} {stat.st_ctime_ns}"
        marker = path.with_name(VERIFIED_FILE)
        if size == 0:
            raise IndexDamaged("the index file is empty")
        flag = getattr(mmap, "MAP_POPULATE", 0)  # Linux: map every page now, not on first use
        if flag and populate:
            mapped = mmap.mmap(
                handle.fileno(), 0, flags=mmap.MAP_SHARED | flag, prot=mmap.PROT_READ
            )
        else:  # pragma: no cover - other systems fault pages in on first use
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    checked = _verified(marker) == identity
    index = parse_index(mapped, checked)
    if remember and not checked:
        with contextlib.suppress(OSError):
            replace_small_file(marker, identity)
    return index


def _verified(marker: Path) -> str | None:
    try:
        return marker.read_text(encoding="ascii")
    except (OSError, ValueError):
        return None
