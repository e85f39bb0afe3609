"""The articles' files on disk: append-only JSON records and a sorted key table, read one by one.

Two files per table. `<name>-<generation>.records` holds one line per written document,
`["key", {...}]`, appended and never changed in place. `<name>.keys` maps every live key to its
record (offset, length, CRC-32), sorted by key so one lookup is a binary search; it is replaced
atomically, and that rename is the commit: a writer appends first, then renames a new key table,
so a crash or a full disk leaves the old table, which ignores anything past its data_length.
The key table carries a CRC-32 of its own body (checked when it is read, a few milliseconds) and
a running CRC-32 of the whole records file (checked whenever the file is read from end to end);
each record's own CRC-32 is checked when the record is read.
"""

from __future__ import annotations

import bisect
import os
import struct
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from archive.store.storage import (
    DamagedFile,
)

MAGIC = b"MANCHKEY"
# magic, schema, generation, count, data length, data crc, body crc, keys bytes, revision
_HEADER = struct.Struct("<8sIIQQIIQ32s")
HEADER_SIZE = _HEADER.size
COMPACT_MIN_BYTES = 1 << 20


@dataclass(frozen=True)
class Header:
    """The fixed head of a key table."""

    schema: int
    generation: int
    count: int
    data_length: int
    data_crc: int
    body_crc: int
    keys_bytes: int
    revision: str

    def pack(self) -> bytes:
        return _HEADER.pack(
            MAGIC, self.schema, self.generation, self.count, self.data_length,
            self.data_crc, self.body_crc, self.keys_bytes, self.revision.encode("ascii"),
        )  # fmt: skip


def read_header(path: Path) -> Header | None:
    """The head of a key table, None when the file does not exist; DamagedFile when garbled."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(HEADER_SIZE)
    except FileNotFoundError:
        return None
    return _unpack_header(path, raw)


def _unpack_header(path: Path, raw: bytes) -> Header:
    if len(raw) < HEADER_SIZE:
        raise DamagedFile(path, "the key table is truncated")
    magic, schema, generation, count, length, data_crc, body_crc, keys_bytes, revision = (
        _HEADER.unpack(raw[:HEADER_SIZE])
    )
    if magic != MAGIC:
        raise DamagedFile(path, "not a manchette key table")
    try:
        text = revision.decode("ascii")
    except UnicodeDecodeError:
        raise DamagedFile(path, "the key table's header is garbled") from None
    return Header(schema, generation, count, length, data_crc, body_crc, keys_bytes, text)


class KeyTable:
    """The parsed key table: sorted keys and where each one's record lies (immutable)."""

    def __init__(self, path: Path, header: Header, body: bytes | memoryview) -> None:
        self.path = path
        self.header = header
        n = header.count
        view = memoryview(body)
        sizes = (8 * n, 4 * n, 4 * n, 4 * n, 4 * n)
        starts = [sum(sizes[:i]) for i in range(len(sizes) + 1)]
        if len(body) != starts[-1] + header.keys_bytes:
            raise DamagedFile(path, "the key table is truncated")
        self.offsets = view[starts[0] : starts[1]].cast("Q")
        self.lengths = view[starts[1] : starts[2]].cast("I")
        self.crcs = view[starts[2] : starts[3]].cast("I")
        self.key_starts = view[starts[3] : starts[4]].cast("I")
        self.key_lengths = view[starts[4] : starts[5]].cast("I")
        self.keys = view[starts[5] :]  # a view: at 1M articles the body is 40 MB, never copied
        self.sorted_keys = _Keys(self)
        self._positions: dict[bytes, int] | None = None

    @classmethod
    def empty(cls, path: Path, revision: str, generation: int = 0) -> KeyTable:
        header = Header(0, generation, 0, 0, 0, zlib.crc32(b""), 0, revision)
        return cls(path, header, b"")

    @classmethod
    def load(cls, path: Path, schema_check: Any = None) -> KeyTable | None:
        """Read and check a key table; None when missing; DamagedFile when damaged."""
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError:
            return None
        header = _unpack_header(path, raw)
        if schema_check is not None:
            schema_check(header.schema)
        body = memoryview(raw)[HEADER_SIZE:]
        if zlib.crc32(body) != header.body_crc:
            raise DamagedFile(path, "the key table does not match its checksum")
        return cls(path, header, body)

    def __len__(self) -> int:
        return self.header.count

    def key(self, position: int) -> bytes:
        start = self.key_starts[position]
        return bytes(self.keys[start : start + self.key_lengths[position]])

    def find(self, key: bytes) -> int | None:
        """The position of key, or None."""
        if self._positions is not None:
            return self._positions.get(key)
        at = bisect.bisect_left(self.sorted_keys, key)
        if at < len(self) and self.key(at) == key:
            return at
        return None

    def map_keys(self) -> None:
        """Make find() a dict lookup (for reading many records: one pass over the keys)."""
        if self._positions is None:
            self._positions = {self.key(at): at for at in range(len(self))}

    def live_bytes(self) -> int:
        return sum(self.lengths) + len(self)  # each record also ends with a newline

    def stored_order(self) -> list[int]:
        """Positions in the order their records were written."""
        offsets = self.offsets
        return sorted(range(len(self)), key=offsets.__getitem__)


class _Keys:
    """The sorted keys as a sequence for bisect, decoded on access."""

    def __init__(self, table: KeyTable) -> None:
        self.table = table

    def __len__(self) -> int:
        return len(self.table)

    def __getitem__(self, position: int) -> bytes:
        return self.table.key(position)


def encode_record(key: str, doc: Mapping[str, Any]) -> bytes:
    """One record line without its newline."""
    return orjson.dumps([key, doc])


def decode_record(path: Path, key: str, raw: bytes, crc: int) -> dict[str, Any]:
    """The document in one record line, after checking its CRC and its key."""
    if zlib.crc32(raw) != crc:
        raise DamagedFile(path, f"the record of {key!r} does not match its checksum")
    try:
        stored_key, doc = orjson.loads(raw)
    except (orjson.JSONDecodeError, ValueError, TypeError) as error:
        raise DamagedFile(path, f"the record of {key!r} is not valid JSON") from error
    if stored_key != key or not isinstance(doc, dict):
        raise DamagedFile(path, f"the record of {key!r} is not the one the key table names")
    return doc


def records_path(keys_path: Path, generation: int) -> Path:
    stem = keys_path.name.removesuffix(".keys")
    return keys_path.with_name(f"{stem}-{generation}.records")


def scan(table: KeyTable, handle: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every live record in written order, checking the CRC of the whole file on the way."""
    path = Path(handle.name)
    crc = 0
    position = 0
    for at in table.stored_order():
        offset, length = table.offsets[at], table.lengths[at]
        if offset > position:
            crc = zlib.crc32(_read_exactly(handle, offset - position, path), crc)
        raw = _read_exactly(handle, length + 1, path)
        crc = zlib.crc32(raw, crc)
        position = offset + length + 1
        key = table.key(at).decode("utf-8")
        yield key, decode_record(path, key, raw[:-1], table.crcs[at])
    rest = table.header.data_length - position
    if rest > 0:
        crc = zlib.crc32(_read_exactly(handle, rest, path), crc)
    if crc != table.header.data_crc:
        raise DamagedFile(path, "the records file does not match its checksum")


def _read_exactly(handle: Any, size: int, path: Path) -> bytes:
    data: bytes = handle.read(size)
    if len(data) != size:
        raise DamagedFile(path, "the records file is truncated")
    return data


def read_one(table: KeyTable, fd: int, at: int, path: Path) -> dict[str, Any]:
    """The document at one position of the key table (one pread)."""
    length = table.lengths[at]
    raw = os.pread(fd, length, table.offsets[at])
    if len(raw) != length:
        raise DamagedFile(path, "the records file is truncated")
    return decode_record(path, table.key(at).decode("utf-8"), raw, table.crcs[at])


def merged_table(
    base: KeyTable, written: dict[str, tuple[int, int, int]], removed: Iterable[str]
) -> tuple[bytes, int, int]:
    """The body of a new key table (base with keys rewritten, added or removed), count, key bytes."""
    n = len(base)
    offsets, lengths, crcs = (
        array("Q", base.offsets),
        array("I", base.lengths),
        array("I", base.crcs),
    )
    key_starts, key_lengths = array("I", base.key_starts), array("I", base.key_lengths)
    keys = bytearray(base.keys)
    inserts: list[tuple[int, bytes, tuple[int, int, int]]] = []
    drops: list[int] = []
    for key, where in written.items():
        raw = key.encode("utf-8")
        at = base.find(raw)
        if at is None:
            inserts.append((bisect.bisect_left(base.sorted_keys, raw), raw, where))
        else:
            offsets[at], lengths[at], crcs[at] = where
    for key in removed:
        at = base.find(key.encode("utf-8"))
        if at is not None:
            drops.append(at)
    inserts.sort(key=lambda item: (item[0], item[1]))
    columns = (offsets, lengths, crcs, key_starts, key_lengths)
    out = tuple(array(c.typecode) for c in columns)
    dropped = set(drops)
    # At one position, inserts (kind 0) go before the base entry a drop (kind 1) skips.
    events = sorted(
        [(at, 1, b"", (0, 0, 0)) for at in dropped] + [(a, 0, k, w) for a, k, w in inserts]
    )
    cursor = 0
    for at, kind, raw, where in events:
        for source, target in zip(columns, out, strict=True):
            target.extend(source[cursor:at])
        cursor = at
        if kind == 1:  # a drop: skip the base entry
            cursor = at + 1
            continue
        row = (*where, len(keys), len(raw))
        keys.extend(raw)
        for value, target in zip(row, out, strict=True):
            target.append(value)
    for source, target in zip(columns, out, strict=True):
        target.extend(source[cursor:n])
    body = b"".join(column.tobytes() for column in out) + bytes(keys)
    return body, len(out[0]), len(keys)


def new_revision() -> str:
    return os.urandom(16).hex()
