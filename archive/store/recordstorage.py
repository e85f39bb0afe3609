"""A TinyDB storage over the record files: tables are mappings that decode a document when asked.

TinyDB reads a table through Storage.read(); here that returns a RecordTable, a mapping over the
key table that reads and decodes one record per lookup, and keeps what TinyDB changes in an
overlay. Writing appends only the changed records and replaces the key table; when more than
half of the records file is stale, the live records are copied to a new file (compaction).
"""

from __future__ import annotations

import bisect
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from contextlib import suppress
from pathlib import Path
from typing import Any, cast

import orjson

from archive.store.recordfile import (
    COMPACT_MIN_BYTES,
    HEADER_SIZE,
    Header,
    KeyTable,
    encode_record,
    merged_table,
    new_revision,
    read_header,
    read_one,
    records_path,
    scan,
)
from archive.store.storage import (
    _MISSING,
    FILE_MODE,
    SCHEMA_VERSION,
    DamagedFile,
    ReadFailed,
    RevisionedStorage,
    Tables,
    TooNewFile,
    WriteFailed,
    _describe,
    _write_all,
    replace_file,
)

Doc = dict[str, Any]


class RecordTable(MutableMapping[str, Doc]):
    """One table as TinyDB sees it: stored documents read on access, changes kept aside."""

    def __init__(self, storage: RecordStorage, keys: KeyTable) -> None:
        self.storage = storage
        self.base = keys
        self.changed: dict[str, Doc] = {}
        self.removed: set[str] = set()

    def copy(self) -> RecordTable:
        twin = RecordTable(self.storage, self.base)
        twin.changed, twin.removed = dict(self.changed), set(self.removed)
        return twin

    def _in_base(self, key: str) -> int | None:
        return self.base.find(key.encode("utf-8"))

    def __getitem__(self, key: str) -> Doc:
        if key in self.changed:
            return self.changed[key]
        at = None if key in self.removed else self._in_base(key)
        if at is None:
            raise KeyError(key)
        try:
            return self.storage.read_at(self.base, at)
        except _Compacted:
            # Another process compacted since this table was read: read the new one (no
            # overlay to carry over, since only a writer holding the lock has one).
            self.base = self.storage.current()
            return self[key]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self.changed:
            return True
        return key not in self.removed and self._in_base(key) is not None

    def __setitem__(self, key: str, doc: Doc) -> None:
        self.removed.discard(key)
        self.changed[key] = doc

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.changed.pop(key, None)
        if self._in_base(key) is not None:
            self.removed.add(key)

    def __len__(self) -> int:
        added = sum(1 for key in self.changed if self._in_base(key) is None)
        return len(self.base) - len(self.removed) + added

    def _skipped(self) -> set[bytes]:
        return {key.encode("utf-8") for key in (*self.changed, *self.removed)}

    def __iter__(self) -> Iterator[str]:
        """Keys in written order; changed ones at the end, as TinyDB's remove-then-insert does."""
        skip, base = self._skipped(), self.base
        for at in base.stored_order():
            key = base.key(at)
            if key not in skip:
                yield key.decode("utf-8")
        yield from self.changed

    def items(self) -> Iterator[tuple[str, Doc]]:  # type: ignore[override]
        """(key, document) in written order, read from start to end with the file's checksum."""
        skip = self._skipped()
        for key, doc in self.storage.scan(self.base):
            if key.encode("utf-8") not in skip:
                yield key, doc
        yield from self.changed.items()

    def values(self) -> Iterator[Doc]:  # type: ignore[override]
        return (doc for _, doc in self.items())

    def keys_starting_with(self, prefix: str, limit: int) -> list[str]:
        """Up to limit keys that start with prefix, in key order (a binary search)."""
        raw, base = prefix.encode("utf-8"), self.base
        found: set[str] = {key for key in self.changed if key.startswith(prefix)}
        at = bisect.bisect_left(base.sorted_keys, raw)
        while at < len(base) and len(found) < limit + len(self.removed):
            key = base.key(at)
            if not key.startswith(raw):
                break
            found.add(key.decode("utf-8"))
            at += 1
        return sorted(found - self.removed)[:limit]

    def get_many(self, keys: Iterable[str]) -> dict[str, Doc]:
        """The documents of the keys present, one record read each."""
        found: dict[str, Doc] = {}
        for key in keys:
            with suppress(KeyError):
                found[key] = self[key]
        return found


class _Compacted(Exception):
    """The records file a key table names was replaced by a newer generation."""


class RecordStorage(RevisionedStorage):
    """The articles file pair (<name>.keys, <name>-<generation>.records) as one TinyDB table."""

    def __init__(self, keys_path: Path, table: str, *, readonly: bool = False) -> None:
        super().__init__()
        self.path = Path(keys_path)
        self.table_name = table
        self.readonly = readonly
        self._keys: KeyTable | None = None
        self._fds: dict[int, int] = {}
        self._paths: dict[int, Path] = {}

    # Reading

    def check_schema(self) -> None:
        """Raise TooNewFile for a newer layout, DamagedFile for a garbled head (reads 96 bytes)."""
        header = self._header()
        if header is not None and header.schema > SCHEMA_VERSION:
            raise TooNewFile(self.path, header.schema)

    def _header(self) -> Header | None:
        try:
            return read_header(self.path)
        except OSError as error:
            raise ReadFailed(self.path, _describe(error)) from error

    def revision(self) -> str:
        header = self._header()
        return _MISSING if header is None else header.revision

    def current(self) -> KeyTable:
        """The key table as it is on disk now (re-read only when its revision changed)."""
        header = self._header()
        if header is None:
            self._keys = None
            return KeyTable.empty(self.path, _MISSING)
        if self._keys is None or self._keys.header.revision != header.revision:
            if header.schema > SCHEMA_VERSION:
                raise TooNewFile(self.path, header.schema)
            try:
                keys = KeyTable.load(self.path)
            except OSError as error:
                raise ReadFailed(self.path, _describe(error)) from error
            if keys is None:
                return KeyTable.empty(self.path, _MISSING)
            self._check_records(keys)
            self._keys = keys
        return self._keys

    def _check_records(self, keys: KeyTable) -> None:
        """The records file must hold at least what the key table covers (a stat, no read)."""
        if not len(keys):
            return
        path = records_path(self.path, keys.header.generation)
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            raise DamagedFile(path, "the records file is missing") from None
        except OSError as error:
            raise ReadFailed(path, _describe(error)) from error
        if size < keys.header.data_length:
            raise DamagedFile(path, "the records file is truncated")

    def _load(self) -> Tables:
        keys = self.current()
        self.loaded_revision = keys.header.revision
        return {self.table_name: cast(dict[str, Any], RecordTable(self, keys))}

    def read(self) -> Tables | None:
        # Never None: TinyDB then hands every table lookup to the lazy mapping.
        if self._batch_depth:
            if self._pending is None:
                self._pending = self._load()
            return self._pending
        return self._load()

    def _fd(self, generation: int) -> int:
        fd = self._fds.get(generation)
        if fd is None:
            path = records_path(self.path, generation)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except FileNotFoundError:
                raise DamagedFile(path, "the records file is missing") from None
            except OSError as error:
                raise ReadFailed(path, _describe(error)) from error
            self._fds[generation] = fd
        return fd

    def read_at(self, keys: KeyTable, at: int) -> Doc:
        generation = keys.header.generation
        path = self._paths.get(generation)
        if path is None:
            path = self._paths[generation] = records_path(self.path, generation)
        try:
            fd = self._fd(generation)
        except DamagedFile:
            header = self._header()
            if header is not None and header.generation != generation:
                raise _Compacted from None
            raise
        try:
            return read_one(keys, fd, at, path)
        except OSError as error:
            raise ReadFailed(path, _describe(error)) from error

    def scan(self, keys: KeyTable) -> Iterator[tuple[str, Doc]]:
        if not len(keys) and not keys.header.data_length:
            return
        path = records_path(self.path, keys.header.generation)
        try:
            with open(path, "rb", buffering=1 << 20) as handle:
                yield from scan(keys, handle)
        except FileNotFoundError:
            raise DamagedFile(path, "the records file is missing") from None
        except OSError as error:
            raise ReadFailed(path, _describe(error)) from error

    def close(self) -> None:
        for fd in self._fds.values():
            with suppress(OSError):
                os.close(fd)
        self._fds.clear()
        self._keys = None

    # Writing (the caller holds the write lock)

    def _commit(self, data: Tables) -> None:
        if self.readonly:
            raise WriteFailed(self.path, "the library was opened read-only")
        others = [name for name, table in data.items() if name != self.table_name and table]
        if others:
            raise WriteFailed(self.path, f"this file holds one table, not {others[0]!r}")
        table = data.get(self.table_name)
        current = self.current()
        if isinstance(table, RecordTable) and table.base is current:
            if not table.changed and not table.removed:
                return
            keys = self._append(table)
            if keys.header.data_length > 2 * keys.live_bytes() + COMPACT_MIN_BYTES:
                self.rewrite(RecordTable(self, keys).items())
            return
        # TinyDB replaced the table with a plain dict (or an older snapshot): write it whole.
        self.rewrite((table or {}).items())

    def _append(self, table: RecordTable) -> KeyTable:
        """Append the changed records, then commit a key table naming them."""
        base = table.base
        generation = base.header.generation or 1
        path = records_path(self.path, generation)
        start = base.header.data_length
        payload = bytearray()
        written: dict[str, tuple[int, int, int]] = {}
        for key, doc in table.changed.items():
            raw = _encode(self.path, key, doc)
            written[key] = (start + len(payload), len(raw), zlib.crc32(raw))
            payload += raw
            payload += b"\n"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
            try:
                # Bytes past data_length are a killed writer's: no key table names them.
                if os.fstat(fd).st_size != start:
                    os.ftruncate(fd, start)
                os.lseek(fd, start, os.SEEK_SET)
                try:
                    _write_all(fd, bytes(payload))
                    os.fsync(fd)
                except OSError:
                    with suppress(OSError):
                        if os.fstat(fd).st_size != start:
                            os.ftruncate(fd, start)
                    raise
            finally:
                os.close(fd)
        except OSError as error:
            raise WriteFailed(path, _describe(error)) from error
        body, count, keys_bytes = merged_table(base, written, table.removed)
        header = Header(
            SCHEMA_VERSION, generation, count, start + len(payload),
            zlib.crc32(payload, base.header.data_crc), zlib.crc32(body), keys_bytes,
            new_revision(),
        )  # fmt: skip
        return self._commit_keys(header, body)

    def rewrite(self, items: Iterable[tuple[str, Doc]], revision: str | None = None) -> int:
        """Write every document to a new records file and commit it; returns how many."""
        old = self._header()
        generation = (old.generation if old else 0) + 1
        path = records_path(self.path, generation)
        written: dict[str, tuple[int, int, int]] = {}
        crc = 0
        offset = 0
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
            try:
                chunk = bytearray()
                for key, doc in items:
                    raw = _encode(self.path, key, doc)
                    written.pop(key, None)
                    written[key] = (offset + len(chunk), len(raw), zlib.crc32(raw))
                    chunk += raw
                    chunk += b"\n"
                    if len(chunk) > 1 << 22:
                        crc, offset = zlib.crc32(chunk, crc), offset + len(chunk)
                        _write_all(fd, bytes(chunk))
                        chunk.clear()
                crc, offset = zlib.crc32(chunk, crc), offset + len(chunk)
                _write_all(fd, bytes(chunk))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            with suppress(OSError):
                os.unlink(path)
            raise WriteFailed(path, _describe(error)) from error
        except BaseException:
            with suppress(OSError):
                os.unlink(path)
            raise
        empty = KeyTable.empty(self.path, _MISSING, generation)
        body, count, keys_bytes = merged_table(empty, written, ())
        header = Header(
            SCHEMA_VERSION, generation, count, offset, crc, zlib.crc32(body), keys_bytes,
            revision or new_revision(),
        )  # fmt: skip
        self._commit_keys(header, body)
        self._remove_other_generations(generation)
        return count

    def _commit_keys(self, header: Header, body: bytes) -> KeyTable:
        """Replace the key table atomically (the commit point) and keep it as the current one."""
        replace_file(self.path, header.pack() + body)
        keys = KeyTable(self.path, header, body)
        self._keys = keys
        self.loaded_revision = header.revision
        return keys

    def _remove_other_generations(self, keep: int) -> None:
        """Old records files; a reader that has one open keeps reading it until it closes it."""
        stem = self.path.name.removesuffix(".keys")
        for stale in self.path.parent.glob(f"{stem}-*.records"):
            if stale != records_path(self.path, keep):
                with suppress(OSError):
                    stale.unlink()
        for generation in [g for g in self._fds if g != keep]:
            with suppress(OSError):
                os.close(self._fds.pop(generation))

    def remove_stale_temp_files(self) -> None:
        """Temporary key tables left by a killed writer; call only under the write lock."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with suppress(OSError):
                stale.unlink()


def _encode(path: Path, key: str, doc: Mapping[str, Any]) -> bytes:
    try:
        return encode_record(key, doc)
    except orjson.JSONEncodeError as error:
        raise WriteFailed(path, f"data that cannot be saved as JSON: {error}") from error


__all__ = ["HEADER_SIZE", "RecordStorage", "RecordTable"]
