"""Saving the search index: one writer at a time, atomically, never leaving temporary files."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

import filelock

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


def remove_stale_temp_files(directory: Path) -> None:
    """Remove index temporary files; call only under the index lock."""
    for stale in directory.glob(TEMP_PREFIX + "*"):
        with suppress(OSError):
            stale.unlink()
