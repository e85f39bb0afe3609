"""The persistent index: built on import, loaded at start, rebuilt only when missing, stale or damaged."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest

import archive.search.index as index_module
from archive.model import Article
from archive.read.importer import import_paths
from archive.search import index_build, index_update, refresh
from archive.search.analysis import Analyzer
from archive.search.engine import SearchEngine
from archive.search.index import INDEX_FILE, IndexDamaged, load_index_file, parse_index
from archive.search.refresh import is_current
from archive.store.library import Library
from tui.cli import main

DATA = Path(__file__).parent / "data" / "search"
TODAY = dt.date(2025, 11, 20)


def fixture_articles() -> list[Article]:
    records = json.loads((DATA / "articles.json").read_text(encoding="utf-8"))
    return [Article.from_dict(record) for record in records]


@pytest.fixture()
def library(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "library")
    library.write_articles(fixture_articles())
    return library


def forbid_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(refresh, "build_index_bytes", refuse)


def test_the_first_engine_saves_the_index_and_the_next_one_only_loads_it(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    SearchEngine(library)
    path = library.directory / INDEX_FILE
    assert path.is_file()
    forbid_builds(monkeypatch)
    engine = SearchEngine(Library.open(library.directory))
    assert set(engine.search("putin").ids) == {"poutine-moscou", "putin-kyiv"}


def test_a_write_makes_the_index_stale_and_refresh_rebuilds_it(library: Library) -> None:
    engine = SearchEngine(library, today=lambda: TODAY)
    assert engine.search("ornithorynque").total == 0
    library.write_articles([Article(id="new", title="Un ornithorynque à Paris", date="2025-11-19")])
    assert not is_current(engine.index, library)
    engine.refresh()
    assert engine.search("ornithorynques").ids == ["new"]
    assert engine.search("date:7j").ids[0] == "new"
    assert is_current(load_index_file(library.directory / INDEX_FILE), library)


def test_the_import_brings_the_index_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library.open(tmp_path / "library")
    import_paths(library, [DATA / "listing_recherche.txt"])
    assert is_current(load_index_file(library.directory / INDEX_FILE), library)
    forbid_builds(monkeypatch)
    assert SearchEngine(library).search("kyiv").total == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: b"garbage" + data,
        lambda data: data[:30] + bytes([data[30] ^ 0xFF]) + data[31:],
        lambda data: data[:8] + (10**12).to_bytes(8, "little") + data[16:],
    ],
    ids=["empty", "truncated", "not-an-index", "header-byte", "huge-length"],
)
def test_a_damaged_index_is_rebuilt(library: Library, damage: object) -> None:
    SearchEngine(library)
    path = library.directory / INDEX_FILE
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    engine = SearchEngine(library)
    assert engine.search("drone").total == 2
    parse_index(path.read_bytes())  # rewritten whole


def test_a_deleted_index_is_rebuilt_and_nothing_is_lost(library: Library) -> None:
    before = SearchEngine(library).search("tag:ukraine*").ids
    (library.directory / INDEX_FILE).unlink()
    assert SearchEngine(library).search("tag:ukraine*").ids == before
    assert (library.directory / INDEX_FILE).is_file()


def test_parse_index_rejects_other_files() -> None:
    with pytest.raises(IndexDamaged):
        parse_index(b"MANCHIDX" + bytes(40))
    with pytest.raises(IndexDamaged):
        parse_index(b"x" * 10)


def test_another_variant_table_makes_the_index_stale(library: Library) -> None:
    SearchEngine(library)
    engine = SearchEngine(library, analyzer=Analyzer({"moskva": "moscou"}))
    assert engine.search("moskva").total == 2
    assert engine.search("putin").ids == ["putin-kyiv"]  # that table has no putin -> poutine


def test_a_read_only_library_searches_without_writing(library: Library) -> None:
    readonly = Library.open(library.directory, readonly=True)
    engine = SearchEngine(readonly)
    assert engine.search("drone").total == 2
    assert not (library.directory / INDEX_FILE).exists()


def test_rows_stay_readable_while_a_worker_searches(library: Library) -> None:
    engine = SearchEngine(library, today=lambda: TODAY)
    queries = [
        "drone",
        "putin -kyiv",
        '"maison blanche"',
        "date:2025-06..",
        "ukrain*",
        "tag:ukraine*",
    ]
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(30):
                for query in queries:
                    engine.search(query)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    ids = engine.search("").ids
    while thread.is_alive():
        for article_id in ids:
            assert engine.row(article_id).id == article_id
    thread.join()
    assert not errors


# The `manchette search` command -------------------------------------------------------------


def test_cli_search_json_has_the_list_fields_a_score_and_highlights(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--library", str(library.directory), "search", "négociations", "--json"])
    assert code == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["id"] == "neg-etat"
    assert set(Article.from_dict(records[0]).to_dict()) <= set(records[0])
    assert records[0]["score"] > 0
    title = records[0]["title"]
    assert [title[s:e] for s, e in records[0]["highlights"]["title"]] == ["négociations"]


def test_cli_search_table_limit_and_sort(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--library",
            str(library.directory),
            "search",
            "tag:ukraine*",
            "--limit",
            "2",
            "--sort=date",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "poutine-moscou" in out and "putin-kyiv" in out and "drones-ukraine" not in out
    assert "2 of 4 articles match" in out


def test_cli_search_bad_query_exits_2_with_the_message(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--library", str(library.directory), "search", "drone", "(kiev"])
    captured = capsys.readouterr()
    assert code == 2
    assert "position 11: expected ')' to close '(' at 6" in captured.err
    assert captured.out == ""


# Updates after an import ----------------------------------------------------------------------


def decoded(index: index_module.SearchIndex) -> dict[str, object]:
    """Everything an index says about each article, independent of doc and word numbering."""
    word_of = {index.stream_ids[slot]: word for slot, word in enumerate(index.keys)}
    by_article: dict[str, object] = {}
    postings: dict[str, set[tuple[str, int]]] = {}
    for slot, word in enumerate(index.keys):
        docs, _, flags = index.postings(slot)
        for doc, flag in zip(docs, flags, strict=True):
            postings.setdefault(index.ids[doc], set()).add((word, flag))
    for doc, article_id in enumerate(index.ids):
        raw = index.stream[index.stream_start[doc] * 4 : index.stream_start[doc + 1] * 4]
        words = [word_of.get(i, "|") for i in raw.cast("I")]
        by_article[article_id] = (words, postings.get(article_id), index.title_length[doc])
    return {"order": list(index.ids), "articles": by_article, "columns": index.column_values()}


def test_an_update_reads_only_the_changed_articles_and_equals_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = fixture_articles()
    library = Library.open(tmp_path / "library")
    library.write_articles(articles[:8])
    SearchEngine(library)
    changed = [
        Article(id="drone-kiev", title="Deux drones abattus au-dessus de Kyiv", date="2025-09-22"),
        *articles[8:],
    ]
    library.write_articles(changed)
    seen: list[str] = []
    original_add = index_build.IndexBuilder.add

    def counting_add(self: index_build.IndexBuilder, doc: int, article: Article) -> int:
        seen.append(article.id)
        return original_add(self, doc, article)

    monkeypatch.setattr(index_build.IndexBuilder, "add", counting_add)
    monkeypatch.setattr(index_update, "MAX_SHARE", 0.9)  # 5 of 12 would mean a full build
    refresh.update_index(library, changed)
    assert sorted(seen) == sorted(a.id for a in changed)
    updated = load_index_file(library.directory / INDEX_FILE)
    assert is_current(updated, library)
    monkeypatch.undo()
    full = parse_index(index_build.build_index_bytes(library.all_articles(), Analyzer(), "x"))
    assert decoded(updated) == decoded(full)
    engine = SearchEngine(library, today=lambda: TODAY)
    assert set(engine.search("drones").ids) == {"drone-kiev", "drones-ukraine"}
    assert engine.search('"drones abattus"').ids == ["drone-kiev"]
    assert engine.search("kiev").ids[0] == "drone-kiev"
    assert "drone-kiev" not in engine.search('"un drone"').ids


def test_a_large_import_falls_back_to_a_full_build(tmp_path: Path) -> None:
    articles = fixture_articles()
    library = Library.open(tmp_path / "library")
    library.write_articles(articles[:2])
    SearchEngine(library)
    library.write_articles(articles[2:])
    refresh.update_index(library, articles[2:])
    assert SearchEngine(library).search("").total == 12


def test_a_stale_index_is_updated_from_digests_without_being_told_what_changed(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = SearchEngine(library, today=lambda: TODAY)
    other = Library.open(library.directory)  # another process imports without updating the index
    edited = other.get("sans-date")
    assert edited is not None
    edited.title = "Un article sans date sur l’ornithorynque"
    other.write_articles([edited, Article(id="extra", title="Encore un ornithorynque")])
    seen: list[str] = []
    original_add = index_build.IndexBuilder.add

    def counting_add(self: index_build.IndexBuilder, doc: int, article: Article) -> int:
        seen.append(article.id)
        return original_add(self, doc, article)

    monkeypatch.setattr(index_build.IndexBuilder, "add", counting_add)
    monkeypatch.setattr(index_update, "MAX_SHARE", 0.9)
    engine.refresh()
    assert sorted(seen) == ["extra", "sans-date"]
    assert set(engine.search("ornithorynque").ids) == {"extra", "sans-date"}
    assert engine.search("economie").total == 0


def test_an_in_memory_library_is_updated_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    library = Library.in_memory()
    library.write_articles(fixture_articles())
    engine = SearchEngine(library)
    library.write_articles([Article(id="extra", title="Un ornithorynque")])
    monkeypatch.setattr(refresh, "build_index_bytes", None)  # a full build would fail
    engine.refresh()
    assert engine.search("ornithorynque").ids == ["extra"]


def test_sequence_search_matches_on_word_boundaries_only() -> None:
    index = parse_index(index_build.build_index_bytes(fixture_articles(), Analyzer(), "x"))
    stream = bytes(index.stream)

    def words(doc: int, title: bool) -> list[bytes]:
        start, stop = index.stream_start[doc], index.stream_start[doc + 1]
        if title:
            stop = start + index.title_length[doc]
        return [stream[4 * i : 4 * i + 4] for i in range(start, stop)]

    def expected(pattern: bytes, title: bool) -> list[int]:
        size = len(pattern) // 4
        wanted = [pattern[4 * i : 4 * i + 4] for i in range(size)]
        found = []
        for doc in range(index.count):
            seq = words(doc, title)
            if any(seq[i : i + size] == wanted for i in range(len(seq) - size + 1)):
                found.append(doc)
        return found

    docs = list(range(index.count))
    first = 4 * index.stream_start[0]
    patterns = [
        stream[first : first + 8],  # the first two words of the newest article
        stream[first + 4 : first + 12],
        stream[first + 2 : first + 10],  # straddles words: only off-boundary matches
        stream[first + 1 : first + 9],
        stream[first : first + 4] * 2,
    ]
    for pattern in patterns:
        for title in (False, True):
            assert index.docs_with_sequence(pattern, docs, title) == expected(pattern, title)


def test_the_whole_file_is_checked_once_per_version_of_it(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later open of the same file skips the full checksum; any write brings it back."""
    SearchEngine(library)
    path = library.directory / INDEX_FILE
    checks: list[bool] = []
    real_parse = index_module.parse_index

    def spy(buffer: object, checked: bool = False) -> index_module.SearchIndex:
        checks.append(checked)
        return real_parse(buffer, checked)

    monkeypatch.setattr(index_module, "parse_index", spy)
    load_index_file(path, remember=True)  # verified when the engine opened it
    path.write_bytes(path.read_bytes())  # same bytes, but written again: checked again
    load_index_file(path, remember=True)
    load_index_file(path, remember=True)
    assert checks == [True, False, True]
    marker = library.directory / index_module.VERIFIED_FILE
    assert marker.stat().st_mode & 0o777 == 0o600
