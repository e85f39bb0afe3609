"""A JSON storage whose every byte is covered by a checksum: damage anywhere is detected on read."""

from __future__ import annotations

import hashlib
import os
import re

import orjson

from archive.store.storage import (
    META_TABLE,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    DamagedFile,
    Tables,
    WriteFailed,
)

# The meta record is written first, so the checksum sits in the file's first bytes.
_CHECKSUM = re.compile(rb'\A\{"meta":\{"1":\{[^{}]*"checksum":"([0-9a-f]{32})"')


def content_checksum(tables: Tables) -> str:
    """The checksum of the tables as written (orjson is byte-for-byte stable for a given dict)."""
    return hashlib.blake2b(orjson.dumps(tables), digest_size=16).hexdigest()


class CheckedJSONStorage(AtomicJSONStorage):
    """AtomicJSONStorage plus a checksum of all tables in the meta record, checked on every read.

    A file written before checksums existed is read as before and gains one at its next write.
    """

    def _parse(self, raw: bytes) -> tuple[Tables, str]:
        tables, revision = super()._parse(raw)
        for name, table in tables.items():
            if not all(isinstance(doc, dict) for doc in table.values()):
                raise DamagedFile(self.path, f"a record of the {name} table is not an object")
        match = _CHECKSUM.match(raw[:256])
        if match is not None and content_checksum(tables) != match.group(1).decode("ascii"):
            raise DamagedFile(self.path, "its content does not match its checksum")
        return tables, revision

    def _commit(self, data: Tables) -> None:
        if self.readonly:
            raise WriteFailed(self.path, "the library was opened read-only")
        tables = {name: table for name, table in data.items() if name != META_TABLE}
        # Whatever happens next, TinyDB may have changed the cached tables in place: drop them.
        self._cache = None
        try:
            checksum = content_checksum(tables)
        except orjson.JSONEncodeError as error:
            raise WriteFailed(self.path, f"data that cannot be saved as JSON: {error}") from error
        revision = os.urandom(16).hex()
        meta = {"revision": revision, "schema_version": SCHEMA_VERSION, "checksum": checksum}
        self._replace_with(orjson.dumps({META_TABLE: {"1": meta}, **tables}))
        self._cache = tables if self.keep_parsed else None
        self.loaded_revision = revision
