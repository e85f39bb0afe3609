"""Libraries of the single-JSON layout (schema 1: every article in articles.json), converted once."""

from __future__ import annotations

import re
from pathlib import Path

import orjson

from archive.store.recordstorage import RecordStorage
from archive.store.storage import SCHEMA_VERSION, AtomicJSONStorage, TooNewFile, replace_file


def legacy_articles(path: Path) -> bool:
    """True when path is an articles file of the single-JSON layout that still holds articles.

    Raises TooNewFile when it says a newer schema (an older manchette leaves such a stub).
    """
    if not path.is_file():
        return False
    storage = AtomicJSONStorage(path, readonly=True, keep_parsed=False)
    head = storage._read_head()
    if head is not None and head[1] > SCHEMA_VERSION:
        raise TooNewFile(path, head[1])
    return head is None or head[1] < SCHEMA_VERSION


def convert_legacy(path: Path, target: RecordStorage, table: str) -> int:
    """Copy the articles of a single-JSON file into target, keeping its revision; how many.

    The JSON file is then replaced by a small stub saying the schema moved on, so an older
    manchette refuses the library instead of showing it empty. Raises DamagedFile if unreadable.
    """
    source = AtomicJSONStorage(path, readonly=True, keep_parsed=False)
    tables = source._load()
    # Keeping the revision keeps the search index current: the articles did not change.
    revision = source.loaded_revision
    kept = revision if re.fullmatch("[0-9a-f]{32}", revision) else None
    count = target.rewrite(tables.get(table, {}).items(), revision=kept)
    del tables
    stub = {"meta": {"1": {"revision": target.revision(), "schema_version": SCHEMA_VERSION}}}
    replace_file(path, orjson.dumps(stub))
    return count
