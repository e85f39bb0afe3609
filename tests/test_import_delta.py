"""One more file into an indexed library: only that file's articles and their listings are read."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

import archive.search.index as index_module
from archive.read import importer
from archive.read.importer import import_paths, sample_archive_dir
from archive.search import index_build
from archive.search.engine import SearchEngine
from archive.search.index import INDEX_FILE, load_index_file, parse_index
from archive.search.index_build import dense_lanes
from archive.store.library import Library
from tests.test_index import decoded


def _no_full_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Library) -> None:
        raise AssertionError("the whole library was read")

    monkeypatch.setattr(Library, "iter_articles", refuse)
    monkeypatch.setattr(Library, "all_articles", refuse)


def _comparable(index: index_module.SearchIndex) -> dict[str, object]:
    """decoded(), with every column told per article id and by name (not by numbering)."""
    out = decoded(index)
    ids = index.ids

    def docs(raw: bytes) -> list[str]:
        return sorted(ids[d] for d in array("I", raw))

    def bits(raw: bytes) -> list[str]:
        value = int.from_bytes(raw, "little")
        return sorted(ids[d] for d in range(index.count) if value >> d & 1)

    per_article = {
        article_id: (
            index.titles[doc],
            sorted(index.tags[t] for t in index.tag_list[index.tag_ptr[doc] : index.tag_ptr[doc + 1]]),
            index.agencies[index.agency[doc]], index.sites[index.site[doc]],
            index.months[index.month[doc]], index.stated[doc], index.low[doc], index.high[doc],
            index.sort_day[doc], index.full[doc], index.digests[8 * doc : 8 * doc + 8],
        )
        for doc, article_id in enumerate(ids)
    }  # fmt: skip
    columns = {
        "per_article": per_article,
        # An update keeps the names no article has any more (with no docs): harmless.
        "tag_docs": {tuple(index.tags[t]): docs(raw) for t, raw in enumerate(index.tag_docs) if raw},
        "tag_bits": {tuple(index.tags[t]): bits(raw) for t, raw in index.tag_bits.items()},
        "entities": {
            tuple(e): docs(raw) for e, raw in zip(index.entities, index.entity_docs, strict=True) if raw
        },
        "files": {
            f: docs(raw) for f, raw in zip(index.files or [], index.file_docs, strict=True) if raw
        },
        "agency_bits": {index.agencies[a]: bits(raw) for a, raw in enumerate(index.agency_bits)},
        "site_bits": {index.sites[a]: bits(raw) for a, raw in enumerate(index.site_bits)},
        "month_runs": [(index.months[m], ids[a], b) for m, a, b in index.month_runs],
        "estimate_width": index.estimate_width,
        "open_estimates": [ids[d] for d in index.open_estimates],
        "title_order": [ids[d] for d in index.title_order],
    }  # fmt: skip
    return {**out, "columns": columns}


def test_files_imported_one_by_one_never_read_the_library_and_store_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(sample_archive_dir().glob("*.txt"))
    monkeypatch.setattr(index_build, "DENSE_MIN_COUNT", 1)  # common words get lanes here too
    reference = Library.open(tmp_path / "reference")
    with monkeypatch.context() as patch:
        # Without an index, every import reads and dates the whole library again.
        patch.setattr(importer, "_current_index", lambda library: None)
        for file in files:
            import_paths(reference, [file])
    one_by_one = Library.open(tmp_path / "one-by-one")
    import_paths(one_by_one, files[:1])  # an empty library: the index is built
    with monkeypatch.context() as patch:
        _no_full_read(patch)
        for file in files[1:]:
            report = import_paths(one_by_one, [file])
            assert report.files_read == 1
    stored = {a.id: a for a in one_by_one.all_articles()}
    assert stored == {a.id: a for a in reference.all_articles()}
    # The index kept up by the imports says what a full build from the library says.
    kept = load_index_file(one_by_one.directory / INDEX_FILE)
    analyzer = index_module.shared_analyzer()
    full = parse_index(index_build.build_index_bytes(list(stored.values()), analyzer, "x"))
    assert _comparable(kept) == _comparable(full)
    assert kept.dense  # the lanes an update moved say what the postings say
    for slot in kept.dense:
        docs, impacts, _ = kept.postings(slot)
        lane = dense_lanes(docs.tobytes(), impacts.tobytes(), kept.count)
        assert bytes(kept.lanes_of(slot) or b"") == lane
    engine = SearchEngine(one_by_one)
    assert engine.search("").total == len(stored)


def test_a_listing_read_later_dates_an_article_stored_before(tmp_path: Path) -> None:
    """The stored neighbours of a new listing are read and dated again, through the index."""
    pages = tmp_path / "pages"
    pages.mkdir()
    first = pages / "a.txt"
    first.write_text(
        "Archives pour la catégorie Monde\n\nLe sujet sans date\n\nUn chapeau.\n\n"
        "Lire la suite Le sujet sans date\n\nUn autre sujet sans date\n\nUn chapeau.\n\n"
        "Lire la suite Un autre sujet sans date\n",
        encoding="utf-8",
    )
    second = pages / "b.txt"
    second.write_text(
        "Archives pour la catégorie Europe\n\nUn autre sujet sans date\n\nUn chapeau.\n\n"
        "Lire la suite Un autre sujet sans date\n\nLe sujet daté\n\n"
        "Publié le 05/10/2020 à 10h00\n\nUn troisième chapeau.\n\nLire la suite Le sujet daté\n",
        encoding="utf-8",
    )
    library = Library.open(tmp_path / "lib")
    import_paths(library, [first])
    import_paths(library, [second])
    by_title = {a.title: a for a in library.all_articles()}
    # "Le sujet sans date" is in a.txt only, above an article now known to be after 2020-10-05.
    for title in ("Un autre sujet sans date", "Le sujet sans date"):
        estimate = by_title[title].date_estimate
        assert estimate is not None and estimate.earliest == "2020-10-05"
