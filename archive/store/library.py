"""The library on disk: imported articles and the user's own state, in two TinyDB files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from archive.model import Article, check_article_dict
from archive.names import show_path
from archive.store.checked import CheckedJSONStorage
from archive.store.folders import make_private_directory
from archive.store.legacy import convert_legacy, legacy_articles
from archive.store.recordstorage import RecordStorage, RecordTable
from archive.store.storage import (
    FILE_MODE,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    DamagedFile,
    LibraryFile,
    MemoryRevisionStorage,
    StorageError,
    TooNewFile,
    WriteFailed,
    frozen_gc,
    keep_damaged_copy,
)
from archive.store.user_state import UserState

if TYPE_CHECKING:
    import filelock

ARTICLES_FILE = "articles.keys"  # and articles-<generation>.records (archive/store/recordfile.py)
LEGACY_ARTICLES_FILE = "articles.json"  # the single-JSON layout of schema 1, converted on open
USER_FILE = "user.json"
# One lock per file: a long import never makes a star toggle wait, and no change spans both.
ARTICLES_LOCK = ".articles.lock"
USER_LOCK = ".user.lock"
DIRECTORY_MODE = 0o700
DEFAULT_LOCK_TIMEOUT = 10.0
RECORD_FIELDS = tuple(Article(id="", title="").to_dict())  # the fields every record starts with
MANY_RECORDS = 5000  # reading more records than this maps every key once

_ARTICLES = "articles"
_STATE = "state"
_SEARCHES = "searches"
_SETTINGS = "settings"


class LibraryError(Exception):
    """A library problem the user must act on; str(e) is one line naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.splitlines()))


class LibraryLocked(LibraryError):
    """Another process held the library's write lock for longer than the timeout."""


def resolve_library_dir(cli_value: str | None) -> Path:
    """The library directory: --library DIR, else $MANCHETTE_LIBRARY, else the user data dir."""
    value = cli_value or os.environ.get("MANCHETTE_LIBRARY")
    if not value:
        import platformdirs  # only when no folder is named: a few ms of every command

        value = platformdirs.user_data_dir("manchette")
    return Path(value).expanduser()


@dataclass
class WriteStats:
    """What one write_articles call did, counted per distinct article id."""

    new: int
    updated: int
    unchanged: int


class Library:
    """Articles and user state in one directory, safe against crashes and concurrent processes."""

    def __init__(
        self,
        directory: Path,
        articles: LibraryFile,
        user: LibraryFile,
        *,
        readonly: bool = False,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        self.directory = directory
        self.readonly = readonly
        self._articles_file = articles
        self._user_file = user
        self._lock_timeout = lock_timeout
        # Set by open() when it converted a library of an older layout: one line for the user.
        self.conversion_note: str | None = None
        # (revision, articles) of a write into an empty library: the next full read (an
        # import's index build) takes them instead of decoding every record just written.
        self._written: tuple[str, list[Article]] | None = None

    @classmethod
    def open(
        cls, directory: Path, *, readonly: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> Library:
        """Open (creating unless readonly) the library in directory; readonly never writes."""
        directory = Path(directory).expanduser()
        try:
            if directory.exists() and not directory.is_dir():
                raise LibraryError(f"{show_path(directory)} is not a directory")
        except OSError as error:  # a parent folder the user may not enter
            raise LibraryError(
                f"cannot use the library {show_path(directory)}: {error.strerror or error}"
            ) from error
        if not readonly:
            try:
                make_private_directory(directory, DIRECTORY_MODE)
            except OSError as error:
                raise LibraryError(
                    f"cannot create the library {show_path(directory)}: {error.strerror or error}"
                ) from error
        legacy = directory / LEGACY_ARTICLES_FILE
        keys = directory / ARTICLES_FILE
        articles: RecordStorage | AtomicJSONStorage
        try:
            convert = legacy_articles(legacy)
        except TooNewFile as error:
            raise _explain_newer(error) from error
        if readonly and not keys.exists() and convert:
            # Converting writes; a read-only open reads the old file as it is.
            articles = AtomicJSONStorage(legacy, readonly=True, keep_parsed=False)
        else:
            articles = RecordStorage(keys, _ARTICLES, readonly=readonly)
        # The user's own work is small and irreplaceable: every byte of it is checksummed.
        user = CheckedJSONStorage(directory / USER_FILE, readonly=readonly, keep_backup=True)
        library = cls(
            directory,
            LibraryFile(articles, None if readonly else _file_lock(directory / ARTICLES_LOCK)),
            LibraryFile(user, None if readonly else _file_lock(directory / USER_LOCK)),
            readonly=readonly,
            lock_timeout=lock_timeout,
        )
        if isinstance(articles, RecordStorage) and not readonly and convert:
            library._convert(legacy, articles)
        with library._guard():
            # Fail now, with the file named, rather than halfway through a session: the articles
            # key table is read and checked (its records are read when asked for), the small
            # user file is read whole.
            articles.check_schema()
            if isinstance(articles, RecordStorage):
                articles.current()
        # Every user-state record is checked now (the file is small): a damaged one is named
        # before any command relies on it.
        library.all_user_states()
        return library

    @classmethod
    def in_memory(cls) -> Library:
        """A library kept in memory only (TinyDB memory storage), for tests and scratch work."""
        return cls(
            Path(":memory:"),
            LibraryFile(MemoryRevisionStorage(), None),
            LibraryFile(MemoryRevisionStorage(), None),
        )

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close both databases; nothing is pending, every write is on disk."""
        with self._articles_file.mutex, self._user_file.mutex:
            self._articles_file.db.close()
            self._user_file.db.close()

    # Articles

    def __len__(self) -> int:
        """How many articles; reads the key table, never a record."""
        file = self._articles_file
        with file.mutex, self._guard():
            return len(file.table(_ARTICLES))

    def revision(self) -> str:
        """A stamp that changes whenever articles are written; reads a few bytes, never parses."""
        with self._guard():
            return self._articles_file.storage.revision()

    def all_articles(self) -> list[Article]:
        """Every article in stored order (reads the whole file: prefer get() or iter_articles())."""
        return list(self.iter_articles())

    def iter_articles(self) -> Iterator[Article]:
        """Every article in stored order, decoded one at a time."""
        file = self._articles_file
        written, self._written = self._written, None
        if written is not None and written[0] == self.revision():
            yield from written[1]
            return
        with file.mutex, self._guard():
            docs = file.table(_ARTICLES).iter_docs()
        while True:
            with file.mutex, self._guard():
                pair = next(docs, None)
                article = None if pair is None else _article(self.directory, pair[1])
            if article is None:
                return
            yield article

    def get(self, article_id: str) -> Article | None:
        """The article with this id, or None; reads that one record."""
        file = self._articles_file
        with file.mutex, self._guard():
            doc = file.table(_ARTICLES).get_doc(article_id)
            return None if doc is None else _article(self.directory, doc)

    def ids_starting_with(self, prefix: str, limit: int = 2) -> list[str]:
        """Up to limit article ids that start with prefix, sorted; reads no record."""
        file = self._articles_file
        with file.mutex, self._guard():
            table = file.table(_ARTICLES)._read_table()
            if isinstance(table, RecordTable):
                return table.keys_starting_with(prefix, limit)
            return sorted(key for key in table if key.startswith(prefix))[:limit]

    def get_many(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The articles of these ids that exist, by id; reads those records only."""
        file = self._articles_file
        with file.mutex, self._guard():
            docs = file.table(_ARTICLES).get_docs(article_ids)
            return {key: _article(self.directory, doc) for key, doc in docs.items()}

    def records(self, article_ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        """The stored records of these ids (those that exist), in that order, one at a time.

        Each is checked as get() checks it (a malformed one means the file is damaged) but
        no Article is built: for output that prints records as they are (`list --json`).
        """
        file = self._articles_file
        with file.mutex, self._guard():
            table = file.table(_ARTICLES)._read_table()
            if isinstance(table, RecordTable) and len(article_ids) > MANY_RECORDS:
                table.base.map_keys()  # one pass over the keys instead of a search per id
        for article_id in article_ids:
            with file.mutex, self._guard():
                doc = table.get(article_id)
                if doc is None:
                    continue
                try:
                    checked = check_article_dict(doc)
                    if tuple(checked)[: len(RECORD_FIELDS)] != RECORD_FIELDS:
                        # Written by an older version (fields missing or in another order):
                        # printed as get() would give it.
                        checked = Article.from_dict(checked).to_dict()
                    yield checked
                except ValueError as error:
                    reason = f"an article record is malformed ({error})"
                    raise self._explain(
                        DamagedFile(self.directory / ARTICLES_FILE, reason)
                    ) from error

    def write_articles(self, articles: Iterable[Article]) -> WriteStats:
        """Insert or replace articles by id in one atomic write; the user file is not touched."""
        # Building and comparing 100k nested dicts would otherwise trigger many full collections.
        file = self._articles_file
        with file.mutex, frozen_gc():
            latest = {article.id: article for article in articles}
            incoming = {key: article.to_dict() for key, article in latest.items()}
            with self._transaction(file):
                table = file.table(_ARTICLES)
                was_empty = len(table) == 0
                stored = table.get_docs(incoming)
                changed = {key: doc for key, doc in incoming.items() if stored.get(key) != doc}
                if changed:
                    table.put_many(changed)
            if was_empty and changed:
                self._written = (file.storage.loaded_revision, list(latest.values()))
        new = sum(1 for key in changed if key not in stored)
        return WriteStats(
            new=new, updated=len(changed) - new, unchanged=len(incoming) - len(changed)
        )

    def _convert(self, legacy: Path, storage: RecordStorage) -> None:
        """Move the articles of a schema-1 articles.json into the record files, once."""
        file = self._articles_file
        with file.mutex, self._guard(), self._locked(file.lock):
            if storage.revision() != "missing" or not legacy_articles(legacy):
                return  # another process converted it while this one waited for the lock
            size = legacy.stat().st_size
            count = convert_legacy(legacy, storage, _ARTICLES)
        self.conversion_note = (
            f"converted {legacy} ({count:,} articles, {size / 1e6:.0f} MB) to the faster "
            f"layout of this version ({ARTICLES_FILE} + records); nothing was lost"
        )

    # User state

    def user_state(self, article_id: str) -> UserState:
        """The user's marks on one article (all defaults if none)."""
        with self._user_file.mutex, self._guard():
            return self._state_of(article_id, self._user_file.table(_STATE).get_doc(article_id))

    def all_user_states(self) -> dict[str, UserState]:
        """Every article that has a mark, tag or note, by id."""
        with self._user_file.mutex, self._guard():
            docs = self._user_file.table(_STATE).docs()
        return {key: self._state_of(key, doc) for key, doc in docs.items()}

    def _state_of(self, article_id: str, doc: Any) -> UserState:
        """A stored user state; a record of the wrong shape means user.json is damaged."""
        try:
            return UserState.from_dict(doc)
        except ValueError as error:
            damaged = DamagedFile(self.directory / USER_FILE, f"article {article_id}: {error}")
            raise self._explain(damaged) from error

    def set_read(self, article_id: str, value: bool) -> None:
        self._change_state(article_id, lambda state: replace(state, read=bool(value)))

    def set_starred(self, article_id: str, value: bool) -> None:
        self._change_state(article_id, lambda state: replace(state, starred=bool(value)))

    def set_user_tags(self, article_id: str, tags: list[str]) -> None:
        """Replace the user's own tags (trimmed, empty ones dropped, duplicates removed)."""
        cleaned = list(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
        self._change_state(article_id, lambda state: replace(state, tags=cleaned))

    def change_user_tags(
        self, article_id: str, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> list[str]:
        """Add and remove own tags against the tags stored now (another browser's stay); the result."""
        added = [tag.strip() for tag in add if tag.strip()]
        removed = {tag.strip() for tag in remove}
        result: list[str] = []

        def change(state: UserState) -> UserState:
            kept = [tag for tag in state.tags if tag not in removed]
            result[:] = list(dict.fromkeys(kept + added))
            return replace(state, tags=list(result))

        self._change_state(article_id, change)
        return result

    def set_note(self, article_id: str, note: str) -> None:
        self._change_state(article_id, lambda state: replace(state, note=note))

    def change_states(
        self, article_ids: Iterable[str], change: Callable[[UserState], UserState]
    ) -> None:
        """Apply `change` to the marks of many articles in one locked write (mark all read)."""
        with self._transaction(self._user_file):
            table = self._user_file.table(_STATE)
            docs = table.docs()  # one read of the table, not one per article
            put: dict[str, Any] = {}
            drop: list[str] = []
            for article_id in dict.fromkeys(article_ids):
                old = self._state_of(article_id, docs.get(article_id))
                new = change(old)
                if new == old:
                    continue
                if new == UserState():
                    drop.append(article_id)
                else:
                    put[article_id] = new.to_dict()
            if drop:
                table.delete(drop)
            if put:
                table.put_many(put)

    def _change_state(self, article_id: str, change: Callable[[UserState], UserState]) -> None:
        with self._transaction(self._user_file):
            table = self._user_file.table(_STATE)
            old = self._state_of(article_id, table.get_doc(article_id))
            new = change(old)
            if new == old:
                return
            if new == UserState():
                table.delete([article_id])
            else:
                table.put_many({article_id: new.to_dict()})

    # Saved searches and settings

    def saved_searches(self) -> dict[str, str]:
        """Saved queries by name, sorted by name."""
        with self._user_file.mutex, self._guard():
            docs = self._user_file.table(_SEARCHES).docs()
        return {name: str(docs[name].get("query", "")) for name in sorted(docs, key=str.casefold)}

    def save_search(self, name: str, query: str) -> None:
        if not name.strip():
            raise ValueError("a saved search needs a name")
        with self._transaction(self._user_file):
            self._user_file.table(_SEARCHES).put_many({name: {"query": query}})

    def delete_search(self, name: str) -> None:
        with self._transaction(self._user_file):
            self._user_file.table(_SEARCHES).delete([name])

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A setting such as "theme" or "last_query", or default if never set."""
        with self._user_file.mutex, self._guard():
            doc = self._user_file.table(_SETTINGS).get_doc(key)
        return default if doc is None else doc.get("value", default)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-compatible setting value."""
        try:
            orjson.dumps(value)
        except orjson.JSONEncodeError as error:
            raise TypeError(f"setting {key!r} cannot be saved as JSON: {error}") from error
        with self._transaction(self._user_file):
            self._user_file.table(_SETTINGS).put_many({key: {"value": value}})

    # Locking and errors

    @contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the articles' write lock: reads inside see the library as writes will find it.

        An import reads its files first, then merges and writes under this lock, so two
        imports never write over each other's articles. timeout: seconds to wait for it.
        """
        if self.readonly:
            raise LibraryError(f"{self.directory} was opened read-only; nothing was written")
        file = self._articles_file
        with file.mutex, self._guard(), self._locked(file.lock, timeout):
            yield

    @contextmanager
    def _transaction(self, file: LibraryFile) -> Iterator[None]:
        """Lock, re-read the file if another process changed it, and write once at the end."""
        if self.readonly:
            raise LibraryError(f"{self.directory} was opened read-only; nothing was written")
        with file.mutex, self._guard(), self._locked(file.lock):
            if isinstance(file.storage, AtomicJSONStorage | RecordStorage):
                file.storage.remove_stale_temp_files()
            with file.storage.batch():
                yield

    @contextmanager
    def _locked(
        self, lock: filelock.BaseFileLock | None, timeout: float | None = None
    ) -> Iterator[None]:
        if lock is None:
            yield
            return
        import filelock  # only a writer needs it (tens of ms of a read-only command's start)

        timeout = self._lock_timeout if timeout is None else timeout
        try:
            acquired = lock.acquire(timeout=timeout)
        except filelock.Timeout as error:
            raise LibraryLocked(
                f"{self.directory} is busy: another manchette process has held "
                f"{Path(lock.lock_file).name} for over {timeout:g} s; "
                "try again when it has finished"
            ) from error
        with acquired:
            yield

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn storage and OS errors into one-line LibraryErrors that say what to do."""
        try:
            yield
        except StorageError as error:
            raise self._explain(error) from error
        except OSError as error:
            raise LibraryError(
                f"cannot use the library {self.directory}: {error.strerror or error}"
            ) from error

    def _explain(self, error: StorageError) -> LibraryError:
        path = error.path
        if isinstance(error, TooNewFile):
            return _explain_newer(error)
        if isinstance(error, WriteFailed):
            return LibraryError(
                f"could not save {path}: {error.reason}; the change was not saved and the "
                "previous version of the file is intact"
            )
        if isinstance(error, DamagedFile):
            return self._explain_damage(error)
        # ReadFailed: the path and the reason say it all.
        return LibraryError(f"cannot use {path}: {error.reason}")

    def _explain_damage(self, error: DamagedFile) -> LibraryError:
        path = error.path
        if path.name == USER_FILE:
            backup = path.with_name(path.name + ".bak")
            restore = f"restore {backup.name} (the previous version) or " if backup.exists() else ""
            recover = f"{restore}delete {path.name} to start again without your marks and notes"
        else:
            # The old single file (before its conversion), else the key table and records.
            files = path.name if path.name == LEGACY_ARTICLES_FILE else (
                f"{ARTICLES_FILE} and the articles-*.records files"
            )  # fmt: skip
            recover = (
                f"delete {files} and re-import your files with manchette import, or restore "
                "them from your own backup"
            )
        # Even a read-only command keeps a copy: the next writer may replace the damaged file.
        try:
            kept = f"a copy was kept as {keep_damaged_copy(path).name}"
        except OSError as copy_error:
            kept = f"it was left as it is (no copy could be made: {copy_error.strerror})"
        return LibraryError(f"{path} is damaged ({error.reason}); {kept}; to recover, {recover}")


def _explain_newer(error: TooNewFile) -> LibraryError:
    return LibraryError(
        f"{error.path} was written by a newer manchette (schema {error.version}, this one reads "
        f"up to {SCHEMA_VERSION}); upgrade manchette to open this library"
    )


def _article(directory: Path, doc: dict[str, Any]) -> Article:
    """An article from its stored record; a malformed record means the file is damaged."""
    try:
        return Article.from_dict(doc)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        reason = f"an article record is malformed ({error})"
        raise DamagedFile(directory / ARTICLES_FILE, reason) from error


class _FileLock:
    """A lock every writer of one file takes, made on first use (readers never import filelock)."""

    def __init__(self, path: Path) -> None:
        self.lock_file = str(path)
        self._lock: filelock.FileLock | None = None

    def acquire(self, timeout: float) -> Any:
        if self._lock is None:
            import filelock

            # Polled often so a waiting UI is not kept waiting.
            self._lock = filelock.FileLock(self.lock_file, mode=FILE_MODE, poll_interval=0.005)
        return self._lock.acquire(timeout=timeout)


def _file_lock(path: Path) -> Any:
    return _FileLock(path)
