"""TinyDB storages that batch writes, carry a cheap revision stamp, and replace files atomically."""

from __future__ import annotations

import filecmp
import gc
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

if TYPE_CHECKING:
    import filelock

# 2: articles in record files (archive/store/recordfile.py) instead of one JSON file.
SCHEMA_VERSION = 2
META_TABLE = "meta"
FILE_MODE = 0o600

Tables = dict[str, dict[str, Any]]

# The meta table is always written first, so its revision and schema sit in the first bytes and
# can be read without parsing a file of hundreds of megabytes.
_HEAD = re.compile(rb'\A\{"meta":\{"1":\{"revision":"([0-9a-f]{32})","schema_version":(\d+)[,}]')
_HEAD_BYTES = 128
_MISSING = "missing"


class StorageError(Exception):
    """A problem with one storage file; the store turns it into a message for the user."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DamagedFile(StorageError):
    """The file is not a complete JSON object of tables (truncated, garbled, hand-edited)."""


class TooNewFile(StorageError):
    """The file was written with a schema version this code does not know."""

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(path, f"schema version {version}, newer than {SCHEMA_VERSION}")
        self.version = version


class WriteFailed(StorageError):
    """Writing failed (disk full, permissions); the previous file is untouched."""


class ReadFailed(StorageError):
    """The file exists but could not be read (permissions, I/O error)."""


@contextmanager
def frozen_gc() -> Iterator[None]:
    """Pause the garbage collector while creating many objects, then freeze them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Loaded data is long-lived and free of cycles: freezing it spares every later full
        # collection a scan of millions of objects (and freed objects still go by refcount).
        gc.freeze()
        if was_enabled:
            gc.enable()


class RevisionedStorage(Storage):
    """A TinyDB storage whose writes can be batched into one and whose revision is cheap to read."""

    def __init__(self) -> None:
        super().__init__()
        self._batch_depth = 0
        self._pending: Tables | None = None
        self._dirty = False
        self.loaded_revision: str = _MISSING

    def revision(self) -> str:
        """A stamp that changes whenever the stored data changes, read without a full parse."""
        raise NotImplementedError

    def _load(self) -> Tables:
        """The current tables, from cache when still valid; sets loaded_revision."""
        raise NotImplementedError

    def _commit(self, data: Tables) -> None:
        """Persist all tables at once."""
        raise NotImplementedError

    def read(self) -> Tables | None:
        if self._batch_depth:
            if self._pending is None:
                # A shallow copy: TinyDB replaces whole tables in what read() returns, so the
                # cache stays untouched until the batch commits.
                self._pending = dict(self._load())
            return self._pending
        return self._load() or None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._batch_depth:
            self._pending = data
            self._dirty = True
            return
        self._commit(data)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group TinyDB operations: their reads see one snapshot and they end in one write."""
        if self._batch_depth:
            yield
            return
        self._batch_depth = 1
        self._pending = None
        self._dirty = False
        try:
            yield
            if self._dirty and self._pending is not None:
                self._commit(self._pending)
        finally:
            self._batch_depth = 0
            self._pending = None
            self._dirty = False


class MemoryRevisionStorage(RevisionedStorage):
    """An in-memory storage, like TinyDB's MemoryStorage, with revisions and batches."""

    def __init__(self) -> None:
        super().__init__()
        self.memory: Tables = {}

    def revision(self) -> str:
        return self.loaded_revision

    def _load(self) -> Tables:
        return self.memory

    def _commit(self, data: Tables) -> None:
        self.memory = {name: table for name, table in data.items() if name != META_TABLE}
        self.loaded_revision = os.urandom(16).hex()


class AtomicJSONStorage(RevisionedStorage):
    """A UTF-8 JSON file written to a temporary file, fsynced, then renamed over the old one."""

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        keep_backup: bool = False,
        keep_parsed: bool = True,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.readonly = readonly
        # keep_backup leaves the previous version as <name>.bak (a hard link, so no copy).
        self.keep_backup = keep_backup
        # keep_parsed=False suits a big file whose caller keeps its own objects: a second
        # parsed copy would double the memory, and parsing again is only needed to write.
        self.keep_parsed = keep_parsed
        self._cache: Tables | None = None

    def _read_head(self) -> tuple[str, int] | None:
        """(revision, schema version) from the file's first bytes; None if missing or foreign."""
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(_HEAD_BYTES)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise ReadFailed(self.path, _describe(error)) from error
        match = _HEAD.match(head)
        if match is None:
            return None
        return match.group(1).decode("ascii"), int(match.group(2))

    def check_schema(self) -> None:
        """Raise TooNewFile if the file was written by a newer schema (reads only the head)."""
        head = self._read_head()
        if head is not None and head[1] > SCHEMA_VERSION:
            raise TooNewFile(self.path, head[1])

    def revision(self) -> str:
        head = self._read_head()
        if head is not None:
            return head[0]
        # Missing, or not written by us (no meta first): fall back on what stat can tell.
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return _MISSING
        except OSError as error:
            raise ReadFailed(self.path, _describe(error)) from error
        return f"stat-{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"

    def _load(self) -> Tables:
        if self._cache is not None:
            head = self._read_head()
            if head is not None and head[0] == self.loaded_revision:
                return self._cache
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError:
            self._cache = None
            self.loaded_revision = _MISSING
            return {}
        except OSError as error:
            raise ReadFailed(self.path, _describe(error)) from error
        tables, revision = self._parse(raw)
        self._cache = tables if self.keep_parsed else None
        self.loaded_revision = revision
        return tables

    def _parse(self, raw: bytes) -> tuple[Tables, str]:
        """Check and split a file's bytes into tables and the revision stamp."""
        if not raw.strip():
            raise DamagedFile(self.path, "the file is empty")
        try:
            with frozen_gc():
                data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise DamagedFile(self.path, f"not valid JSON: {error}") from error
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise DamagedFile(self.path, "not a JSON object of tables")
        meta = data.pop(META_TABLE, {}).get("1")
        if not isinstance(meta, dict):
            meta = {}
        version = meta.get("schema_version", SCHEMA_VERSION)
        if not isinstance(version, int):
            raise DamagedFile(self.path, "the schema version is not a number")
        if version > SCHEMA_VERSION:
            raise TooNewFile(self.path, version)
        revision = meta.get("revision")
        if not isinstance(revision, str):
            revision = self.revision()
        return data, revision

    def _commit(self, data: Tables) -> None:
        if self.readonly:
            raise WriteFailed(self.path, "the library was opened read-only")
        revision = os.urandom(16).hex()
        document: Tables = {
            META_TABLE: {"1": {"revision": revision, "schema_version": SCHEMA_VERSION}}
        }
        document.update((name, table) for name, table in data.items() if name != META_TABLE)
        # Whatever happens next, TinyDB may have changed the cached tables in place: drop them.
        self._cache = None
        try:
            payload = orjson.dumps(document)
        except orjson.JSONEncodeError as error:
            raise WriteFailed(self.path, f"data that cannot be saved as JSON: {error}") from error
        self._replace_with(payload)
        del document[META_TABLE]
        self._cache = document if self.keep_parsed else None
        self.loaded_revision = revision

    def _replace_with(self, payload: bytes) -> None:
        """Write payload to a temporary file beside the target, fsync it, then rename it over."""
        replace_file(self.path, payload, self._link_backup if self.keep_backup else None)

    def _link_backup(self) -> None:
        """Keep the current file as <name>.bak; best effort, a missing backup is no failure."""
        backup = self.path.with_name(self.path.name + ".bak")
        with suppress(FileNotFoundError):
            os.unlink(backup)
        with suppress(OSError):
            os.link(self.path, backup)

    def remove_stale_temp_files(self) -> None:
        """Remove temporary files left by a killed writer; call only under the write lock."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with suppress(OSError):
                stale.unlink()


def replace_file(
    path: Path, payload: bytes, before_rename: Callable[[], None] | None = None
) -> None:
    """Write to a temporary file beside path (owner-only), fsync it, rename it over path, fsync
    the folder; raises WriteFailed, and the previous file is untouched. before_rename runs once
    the new content is safe on disk (e.g. to link the old file as a backup)."""
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_rename is not None:
            before_rename()
        os.replace(temp, path)
    except OSError as error:
        with suppress(OSError):
            os.unlink(temp)
        raise WriteFailed(path, _describe(error)) from error
    _fsync_directory(path.parent)


def keep_damaged_copy(path: Path) -> Path:
    """Copy a damaged file to <name>.corrupt-<timestamp>, once per distinct content."""
    for previous in sorted(path.parent.glob(f"{path.name}.corrupt-*"), reverse=True):
        if filecmp.cmp(previous, path, shallow=False):
            return previous
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    suffix = 1
    while target.exists():
        suffix += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{suffix}")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    with os.fdopen(fd, "wb") as out, open(path, "rb") as source:
        shutil.copyfileobj(source, out)
        out.flush()
        os.fsync(out.fileno())
    return target


def _write_all(fd: int, payload: bytes) -> None:
    """os.write until every byte is out (a single call may write less)."""
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable; some filesystems refuse fsync on a directory, which is harmless."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _describe(error: OSError) -> str:
    """A short reason such as 'No space left on device'."""
    return error.strerror or str(error)


class KeyedTable(Table):
    """A TinyDB table whose document ids are strings we choose (article ids, setting names).

    Lookups and changes go to the storage's table mapping directly, key by key: TinyDB's own
    update path copies the whole table, which would decode every record of a lazy table.
    """

    document_id_class = str  # type: ignore[assignment]

    def get_doc(self, key: str) -> dict[str, Any] | None:
        """The document stored under key, or None."""
        doc = self._read_table().get(key)
        return dict(doc) if isinstance(doc, Mapping) else None

    def get_docs(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The documents stored under any of keys, by key (one lookup each)."""
        table = self._read_table()
        found: dict[str, dict[str, Any]] = {}
        for key in keys:
            doc = table.get(key)
            if isinstance(doc, Mapping):
                found[key] = dict(doc)
        return found

    def docs(self) -> dict[str, dict[str, Any]]:
        """Every document by key, in stored order."""
        return dict(self.iter_docs())

    def iter_docs(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(key, document) pairs in stored order, one at a time."""
        for key, doc in self._read_table().items():
            yield str(key), cast(dict[str, Any], doc)

    def put_many(self, docs: Mapping[str, Mapping[str, Any]]) -> None:
        """Insert or replace documents by key (a replaced one moves to the end)."""
        self._change(lambda table: _put(table, docs))

    def delete(self, keys: Iterable[str]) -> None:
        """Remove the documents stored under keys, if any."""
        self._change(lambda table: _drop(table, keys))

    def _change(self, change: Any) -> None:
        tables = self._storage.read() or {}
        # A copy: inside a batch the tables read are the cache's, untouched until the commit.
        table = tables.get(self.name)
        table = table.copy() if table is not None else {}
        change(table)
        tables = dict(tables)
        tables[self.name] = table
        self._storage.write(tables)


def _put(table: Any, docs: Mapping[str, Mapping[str, Any]]) -> None:
    for key, doc in docs.items():
        if isinstance(table, dict):
            table.pop(key, None)  # to the end, as in the file; a lazy table does that itself
        table[str(key)] = dict(doc)


def _drop(table: Any, keys: Iterable[str]) -> None:
    for key in list(keys):
        if key in table:  # never table.pop(): on a lazy table it would decode the record
            del table[key]


class LibraryDB(TinyDB):
    """TinyDB over a RevisionedStorage whose tables are keyed by strings."""

    table_class = KeyedTable

    def keyed(self, name: str) -> KeyedTable:
        """The table called name; no query cache, since other processes write the file too."""
        return cast(KeyedTable, self.table(name, cache_size=0))


class LibraryFile:
    """One TinyDB file of the library and the locks around its read-modify-writes."""

    def __init__(self, storage: RevisionedStorage, lock: filelock.BaseFileLock | None) -> None:
        self.storage = storage
        self.db = LibraryDB(storage=lambda: storage)
        self.lock = lock
        # Threads of one process (UI and workers) share the storage's batch state.
        self.mutex = threading.RLock()

    def table(self, name: str) -> KeyedTable:
        return self.db.keyed(name)
