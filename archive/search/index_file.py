"""Saving the search index: one writer at a time, atomically, never leaving temporary files."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

TEMP_PREFIX = ".search-index-"
LOCK_NAME = ".index.lock"
# A writer waits this long for another one saving the index; after that it keeps its own in
# memory for the session (the index is derived data, nothing is lost).
LOCK_WAIT = 30.0


def write_index_file(path: Path, data: bytes | bytearray) -> None:
    """Replace the index at path with data (temp file, fsync, rename) under the index lock.

    Temporary files left by a writer killed mid-write are removed first: under the lock no
    other writer can be using them. Raises OSError (full disk, read-only folder, lock held).
    """
    import filelock  # a writer's only: searches never import it

    lock = filelock.FileLock(path.parent / LOCK_NAME, mode=0o600)
    try:
        lock.acquire(timeout=LOCK_WAIT)
    except filelock.Timeout as error:
        raise OSError(f"another manchette is saving {path.name}") from error
    try:
        remove_stale_temp_files(path.parent)
        handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    finally:
        lock.release()


def replace_small_file(path: Path, text: str) -> None:
    """Write a small note beside the index (owner-only, replaced atomically; no fsync: a lost
    note only means one more full check)."""
    temporary = path.with_name(f"{TEMP_PREFIX}{os.urandom(6).hex()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, text.encode("ascii"))
    finally:
        os.close(fd)
    try:
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def remove_stale_temp_files(directory: Path) -> None:
    """Remove index temporary files; call only under the index lock."""
    for stale in directory.glob(TEMP_PREFIX + "*"):
        with suppress(OSError):
            stale.unlink()
