"""Keep the saved search index current: loaded when current, updated when stale (only what an
import changed), built when missing or damaged, saved atomically when the library is on disk.

In: a library (and, after an import, the articles it wrote). Out: a loaded SearchIndex.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from archive.model import Article
from archive.search.analysis import Analyzer
from archive.search.index import (
    IndexDamaged,
    SearchIndex,
    index_path,
    load_index_file,
    parse_index,
    shared_analyzer,
)
from archive.search.index_build import build_index_bytes
from archive.search.index_file import write_index_file
from archive.search.index_update import delta_index_bytes, updated_index_bytes

if TYPE_CHECKING:
    from archive.store.library import Library


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
            return load_index_file(path, remember=True)
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
            index = load_index_file(path, populate, remember=_saveable(library) is not None)
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


def update_index(
    library: Library,
    changed: Sequence[Article] = (),
    *,
    written_over: str | None = None,
    previous: SearchIndex | None = None,
) -> None:
    """Bring the saved index up to date after an import (called by import_paths).

    Only the new or changed articles are read when the saved index is otherwise intact;
    a missing or damaged index, or a large import, means a full build. written_over: the
    library's revision before the write of `changed`; when the saved index (or previous, the
    same index already loaded) is of that revision, no other article is read at all.
    """
    path = _saveable(library)
    if path is None:
        return  # nothing saved: engines build in memory on refresh()
    analyzer = shared_analyzer()
    old = previous
    if old is None or old.revision != written_over:
        try:
            old = load_index_file(path, populate=False)
        except (OSError, IndexDamaged):
            old = None
    if old is not None and is_current(old, library, analyzer):
        return
    data = None
    if old is not None and written_over is not None and old.revision == written_over:
        data = delta_index_bytes(old, changed, analyzer, library.revision())
    if data is None and old is not None:
        data = _update_bytes(old, library, analyzer, changed)
    del old, previous  # unmapped before the new file replaces it
    if data is None:
        data = _full_build(library, analyzer)
    # Saved, not loaded: the importer does not search, and engines map the file when they open.
    with contextlib.suppress(OSError):  # a full disk: engines build in memory on refresh()
        _write_atomically(path, data)
