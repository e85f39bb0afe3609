"""Postings of frequent word pairs: exact wherever stored, and phrases answer the same with them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import archive.search.index as index_module
from archive.model import Article, Block
from archive.search import index_build, index_pairs, index_update, refresh
from archive.search.analysis import Analyzer
from archive.search.engine import SearchEngine
from archive.search.index import INDEX_FILE, SearchIndex, load_index_file, parse_index
from archive.search.index_pairs import GAP, pair_words
from archive.store.library import Library

# Few words, so that pairs repeat; accents, case and a spelling variant (putin -> poutine).
WORDS = ["maison", "Blanche", "la", "de", "Poutine", "putin", "État", "etat", "sanctions"]
PHRASES = [
    *(f'"{a} {b}"' for a, b in product(["maison", "blanche", "la", "poutine", "etat"], repeat=2)),
    '"la maison blanche"',
    '"maison blanche de la"',
    '"putin sanctions"',
    'title:"maison blanche"',
    'title:"la maison"',
    '"maison blanche" -sanctions',
    '"maison blanche" OR "etat de"',
]


@contextmanager
def pairs_from(min_docs: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with monkeypatch.context() as patch:
        patch.setattr(index_pairs, "PAIR_MIN_DOCS", min_docs)
        patch.setattr(index_pairs, "SAMPLE", 1)
        yield


def streams(index: SearchIndex) -> list[list[int]]:
    raw = bytes(index.stream)
    return [
        list(memoryview(raw[4 * index.stream_start[d] : 4 * index.stream_start[d + 1]]).cast("I"))
        for d in range(index.count)
    ]


def assert_pairs_exact(index: SearchIndex) -> int:
    """Every stored pair lists exactly the docs whose stream holds it; returns how many are stored."""
    seqs = streams(index)
    for at, key in enumerate(index.pair_keys):
        first, second = pair_words(key)
        assert GAP not in (first, second)
        expected = [
            doc
            for doc, seq in enumerate(seqs)
            if any(seq[i] == first and seq[i + 1] == second for i in range(len(seq) - 1))
        ]
        docs = index.pair_docs[index.pair_ptr[at] : index.pair_ptr[at + 1]]
        assert list(docs) == expected
        assert index.pair_postings(first, second) == docs
    return len(index.pair_keys)


def answers(articles: list[Article]) -> dict[str, list[str]]:
    library = Library.in_memory()
    library.write_articles(articles)
    engine = SearchEngine(library)
    return {query: sorted(engine.search(query).ids) for query in PHRASES}


text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join)
article_lists = st.lists(st.tuples(text, text, text), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_lists)
def test_phrases_find_the_same_articles_with_and_without_pair_postings(
    rows: list[tuple[str, str, str]],
) -> None:
    articles = [
        Article(id=f"a{n}", title=title or "x", teaser=teaser, body=[Block("paragraph", body)])
        for n, (title, teaser, body) in enumerate(rows)
    ]
    patch = pytest.MonkeyPatch()
    try:
        with pairs_from(2, patch):
            index = parse_index(index_build.build_index_bytes(articles, Analyzer(), "x"))
            assert_pairs_exact(index)
            with_pairs = answers(articles)
        with pairs_from(10**9, patch):
            without = answers(articles)
    finally:
        patch.undo()
    assert with_pairs == without


def pair_articles(count: int, prefix: str = "p") -> list[Article]:
    return [
        Article(
            id=f"{prefix}{n}",
            title=f"Réunion numéro {n} à la Maison Blanche",
            teaser="Les sanctions de la Maison-Blanche contre Poutine",
            date=f"2025-0{1 + n % 9}-1{n % 10}",
        )
        for n in range(count)
    ]


def test_a_two_word_phrase_with_a_stored_pair_checks_no_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = [*pair_articles(6), Article(id="apart", title="La maison est blanche")]
    with pairs_from(3, monkeypatch):
        library = Library.in_memory()
        library.write_articles(articles)
        engine = SearchEngine(library)
    assert assert_pairs_exact(engine.index) > 0

    def refuse(*args: object) -> list[int]:
        raise AssertionError("a stored pair was checked against the streams")

    monkeypatch.setattr(SearchIndex, "docs_with_sequence", refuse)
    result = engine.search('"maison blanche"')
    assert sorted(result.ids) == sorted(f"p{n}" for n in range(6))
    assert "apart" not in engine.search('"maison blanche"').ids


def test_an_update_keeps_the_stored_pairs_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library.open(tmp_path / "library")
    with pairs_from(3, monkeypatch):
        library.write_articles([*pair_articles(20), Article(id="apart", title="Rien ici")])
        SearchEngine(library)
        stored = load_index_file(library.directory / INDEX_FILE).pair_keys.tolist()
        assert stored
        # Two new articles with the pair, one that loses it, one that gains it.
        changed = [
            *pair_articles(2, prefix="new"),
            Article(id="p3", title="Réunion sans rapport", date="2025-04-13"),
            Article(id="apart", title="Enfin la Maison Blanche", date="2024-12-01"),
        ]
        library.write_articles(changed)
        monkeypatch.setattr(index_update, "MAX_SHARE", 0.9)
        refresh.update_index(library, changed)
    updated = load_index_file(library.directory / INDEX_FILE)
    assert updated.pair_keys.tolist() == stored  # decided at the full build, kept by updates
    assert_pairs_exact(updated)
    found = set(SearchEngine(library).search('"maison blanche"').ids)
    assert found == {f"p{n}" for n in range(20) if n != 3} | {"new0", "new1", "apart"}


def test_a_damaged_pair_table_means_a_rebuild(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library")
    library.write_articles(pair_articles(3))
    SearchEngine(library)
    path = library.directory / INDEX_FILE
    index = load_index_file(path)
    meta = dict(index.meta)
    offset, length = meta["layout"]["pair_ptr"]
    data = bytearray(path.read_bytes())
    start = len(data) - meta["payload_size"] + offset
    data[start : start + 8] = (7).to_bytes(8, "little")  # the table no longer adds up
    path.write_bytes(bytes(data))
    with pytest.raises(index_module.IndexDamaged):
        load_index_file(path)
    assert sorted(SearchEngine(library).search('"maison blanche"').ids) == ["p0", "p1", "p2"]
