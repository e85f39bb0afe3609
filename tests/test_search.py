"""The search engine on small articles written for it, on a small page and on the sample archive."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.model import Article
from archive.read.importer import import_paths, sample_archive_dir
from archive.search.engine import SearchEngine, SearchResult
from archive.search.query import QueryError
from archive.store.library import Library

DATA = Path(__file__).parent / "data" / "search"
TODAY = dt.date(2025, 11, 20)


def fixture_articles() -> list[Article]:
    records = json.loads((DATA / "articles.json").read_text(encoding="utf-8"))
    return [Article.from_dict(record) for record in records]


@pytest.fixture(scope="module")
def library() -> Library:
    library = Library.in_memory()
    library.write_articles(fixture_articles())
    return library


@pytest.fixture(scope="module")
def engine(library: Library) -> SearchEngine:
    return SearchEngine(library, today=lambda: TODAY)


def found(engine: SearchEngine, query: str, **kwargs: object) -> list[str]:
    return engine.search(query, **kwargs).ids  # type: ignore[arg-type]


def same(engine: SearchEngine, query: str) -> set[str]:
    return set(found(engine, query))


# Words ------------------------------------------------------------------------------------


def test_case_and_accents_never_matter(engine: SearchEngine) -> None:
    assert "neg-etat" in same(engine, "negociations")
    assert same(engine, "NÉGOCIATIONS") == same(engine, "negociations")
    assert {"neg-etat"} <= same(engine, "etat")


def test_hyphenated_names_and_ligatures(engine: SearchEngine) -> None:
    assert {"maison-blanche"} <= same(engine, "etats-unis")
    assert {"neg-etat", "retraites-oeuvre"} == same(engine, "oeuvre")
    assert {"neg-etat", "recent-coeur"} == same(engine, "coeur")
    assert same(engine, "cœur") == same(engine, "coeur")


def test_french_stemming(engine: SearchEngine) -> None:
    assert {"drone-kiev", "drones-ukraine"} == same(engine, "drone")
    assert same(engine, "drones") == same(engine, "drone")
    # négocier, négociations and négociateurs share a stem
    assert {"neg-etat", "retraites-oeuvre"} <= same(engine, "négocier")


def test_spelling_variants_of_names(engine: SearchEngine) -> None:
    assert {"poutine-moscou", "putin-kyiv"} == same(engine, "putin")
    assert same(engine, "poutine") == same(engine, "putin")
    assert {"putin-kyiv", "drone-kiev"} == same(engine, "kyiv")
    assert same(engine, "kiev") == same(engine, "kyiv")
    # "USA" is written "États-Unis" once folded as the import does
    assert {"usa-sanctions", "maison-blanche"} <= same(engine, "etats-unis")
    assert "usa-sanctions" in same(engine, "usa")


def test_prefix(engine: SearchEngine) -> None:
    assert {"drones-ukraine", "trump-ukraine"} == same(engine, "ukrain*")
    assert same(engine, "négo*") >= {"neg-etat", "retraites-oeuvre"}


def test_a_prefix_typed_on_letter_by_letter_answers_as_a_fresh_engine_would(
    library: Library,
) -> None:
    """Prefixes standing for the same words share one cached entry; others never do."""
    typing = SearchEngine(library, today=lambda: TODAY)
    for typed in ("u", "uk", "ukr", "ukra", "ukrai", "ukrain", "n", "né", "nég", "négo", "d",
                  "dr", "dro", "dron", "dr", "d"):  # fmt: skip
        for sort in ("relevance", "date"):
            fresh = SearchEngine(library, today=lambda: TODAY).search(typed + "*", sort=sort)
            again = typing.search(typed + "*", sort=sort)
            assert (again.ids, again.scores) == (fresh.ids, fresh.scores), typed


def test_phrases_need_the_words_in_order(engine: SearchEngine) -> None:
    assert same(engine, '"maison blanche"') == {"maison-blanche", "blanche-maison"}
    assert same(engine, '"blanche maison"') == set()
    assert same(engine, '"la maison blanche a confirmé"') == {"maison-blanche"}
    assert "recent-coeur" in same(engine, "10:30")


def test_quoted_word_is_exact(engine: SearchEngine) -> None:
    assert same(engine, '"drone"') == {"drone-kiev"}
    assert same(engine, '"drones"') == {"drones-ukraine"}


def test_negation_or_parentheses_and_implicit_and(engine: SearchEngine) -> None:
    ukraine = same(engine, "tag:ukraine*")
    assert same(engine, "tag:ukraine* -drone") == ukraine - {"drone-kiev", "drones-ukraine"}
    assert same(engine, "tag:ukraine* NOT drone") == same(engine, "tag:ukraine* -drone")
    assert same(engine, "trump OR putin") == {"trump-ukraine", "poutine-moscou", "putin-kyiv"}
    assert same(engine, "(trump OR putin) kyiv") == {"putin-kyiv"}
    assert same(engine, "drone kiev") == {"drone-kiev"}
    assert len(same(engine, "-trump")) == 11


# Fields -----------------------------------------------------------------------------------


def test_title_field(engine: SearchEngine) -> None:
    assert same(engine, "title:moscou") == {"poutine-moscou"}
    assert same(engine, "moscou") == {"poutine-moscou", "usa-sanctions"}
    assert same(engine, 'title:"maison blanche"') == {"maison-blanche", "blanche-maison"}
    assert same(engine, 'title:"la maison blanche a"') == set()


def test_tag_site_agency_and_entities(engine: SearchEngine) -> None:
    assert same(engine, 'tag:"guerre en ukraine"') == {
        "poutine-moscou",
        "putin-kyiv",
        "drone-kiev",
        "drones-ukraine",
    }
    assert same(engine, "tag:politique") == {"neg-etat", "retraites-oeuvre"}
    assert same(engine, "tag:etats-unis") == {"maison-blanche", "trump-ukraine", "usa-sanctions"}
    assert same(engine, "tag:synd*") == {"neg-etat"}
    assert same(engine, "site:lemonde") == {"neg-etat", "maison-blanche"}
    assert same(engine, "site:lemonde.fr") == {"neg-etat", "maison-blanche"}
    assert same(engine, "agency:reuters") == {"poutine-moscou", "putin-kyiv"}
    assert same(engine, "source:afp") == same(engine, "agency:AFP")
    assert same(engine, "person:putin") == {"poutine-moscou", "putin-kyiv"}
    assert same(engine, "place:kyiv") == {"putin-kyiv"}
    assert same(engine, 'org:"maison blanche"') == {"maison-blanche"}
    assert same(engine, "person:nobody") == set()


def test_full_teaser_and_has_date(engine: SearchEngine) -> None:
    assert same(engine, "is:full") == {"neg-etat", "maison-blanche", "recent-coeur"}
    assert len(same(engine, "is:teaser")) == 9
    assert "sans-date" not in same(engine, "has:date")
    assert "putin-kyiv" not in same(engine, "has:date")
    assert len(same(engine, "has:date")) == 9


def test_read_starred_and_user_tags_follow_refresh() -> None:
    library = Library.in_memory()
    library.write_articles(fixture_articles())
    engine = SearchEngine(library, today=lambda: TODAY)
    assert same(engine, "is:read") == set()
    assert len(same(engine, "is:unread")) == 12
    library.set_read("drone-kiev", True)
    library.set_starred("trump-ukraine", True)
    library.set_user_tags("sans-date", ["À relire"])
    engine.refresh()
    assert same(engine, "is:read") == {"drone-kiev"}
    assert "drone-kiev" not in same(engine, "is:unread")
    assert same(engine, "is:starred") == {"trump-ukraine"}
    assert same(engine, "tag:a-relire") == {"sans-date"}


def test_own_tags_are_counted_in_the_facets() -> None:
    library = Library.in_memory()
    library.write_articles(fixture_articles())
    engine = SearchEngine(library, today=lambda: TODAY)
    library.set_user_tags("sans-date", ["À  relire", "suivi"])
    library.set_user_tags("drone-kiev", ["à relire"])
    engine.refresh()
    user = [tag for tag in engine.facets(engine.search("")).tags if tag[1] == "user"]
    assert user == [("à relire", "user", 2), ("suivi", "user", 1)]  # one tag however written
    drones = engine.facets(engine.search("drones")).tags
    assert [tag for tag in drones if tag[1] == "user"] == [("à relire", "user", 1)]
    library.set_user_tags("drone-kiev", [])
    engine.refresh()
    drones = engine.facets(engine.search("drones")).tags
    assert [tag for tag in drones if tag[1] == "user"] == []


# Dates ------------------------------------------------------------------------------------


def test_stated_dates_match_exactly(engine: SearchEngine) -> None:
    # neg-etat is dated 3 June; retraites-oeuvre is estimated 20 May..10 June, so it overlaps
    result = engine.search("date:2025-06-03")
    assert result.date_match == {"neg-etat": "stated", "retraites-oeuvre": "estimated"}
    assert same(engine, "date:2025-06-04") == {"retraites-oeuvre"}
    assert same(engine, "date:2025-06-11") == set()


def test_estimated_intervals_match_when_they_overlap(engine: SearchEngine) -> None:
    result = engine.search("date:2025-06")
    assert set(result.ids) == {"neg-etat", "retraites-oeuvre"}
    assert result.date_match == {"neg-etat": "stated", "retraites-oeuvre": "estimated"}
    assert same(engine, "date:2025-09-15") == {"putin-kyiv"}
    assert same(engine, "date:2025-09-21..") >= {"drone-kiev", "maison-blanche", "recent-coeur"}
    assert "putin-kyiv" not in same(engine, "date:2025-09-21..")


def test_datestated_leaves_out_estimates(engine: SearchEngine) -> None:
    assert same(engine, "datestated:2025-06") == {"neg-etat"}
    assert same(engine, "datestated:2025-09-15") == set()


def test_dates_in_french_words(engine: SearchEngine) -> None:
    assert same(engine, "date:juin..juillet") == {"neg-etat", "poutine-moscou", "retraites-oeuvre"}
    assert same(engine, 'date:"juin 2025"') == same(engine, "date:2025-06")
    assert same(engine, 'date:"14 juillet 2025"') == {"poutine-moscou"}
    assert same(engine, "date:2024") == {"blanche-maison"}
    assert same(engine, "date:..2025-01-01") == {"blanche-maison"}


def test_relative_dates(engine: SearchEngine) -> None:
    assert same(engine, "date:7j") == {"recent-coeur"}
    assert same(engine, "date:3m") >= {"recent-coeur", "drones-ukraine", "trump-ukraine"}
    assert "blanche-maison" in same(engine, "date:1a")


def test_rows_mark_estimates(engine: SearchEngine) -> None:
    row = engine.row("putin-kyiv")
    assert row.date_estimated and row.date_label.startswith("≈2025-09")
    stated = engine.row("neg-etat")
    assert (stated.date, stated.date_label, stated.date_estimated) == (
        "2025-06-03",
        "2025-06-03",
        False,
    )
    assert stated.tags == ["Politique", "syndicats"] and stated.agency == "AFP"
    assert stated.site == "lemonde.fr"
    assert engine.row("sans-date").date is None


# Ranking ----------------------------------------------------------------------------------


def test_relevance_ranks_title_above_body(engine: SearchEngine) -> None:
    result = engine.search("maison blanche")
    assert result.sort == "relevance"
    assert result.ids[0] in {"maison-blanche", "blanche-maison"}
    assert result.scores[result.ids[0]] >= result.scores[result.ids[-1]] > 0
    assert found(engine, "moscou")[0] == "poutine-moscou"  # in the title, not only the teaser


def test_newest_first_without_words(engine: SearchEngine) -> None:
    ids = found(engine, "tag:ukraine*")
    assert ids == ["drones-ukraine", "drone-kiev", "putin-kyiv", "poutine-moscou"]
    assert engine.search("").sort == "-date"
    assert found(engine, "")[-1] == "sans-date"  # undated last


def test_sort_options(engine: SearchEngine) -> None:
    assert found(engine, "tag:ukraine* sort:date") == [
        "poutine-moscou",
        "putin-kyiv",
        "drone-kiev",
        "drones-ukraine",
    ]
    assert found(engine, "tag:ukraine*", sort="date") == found(engine, "tag:ukraine* sort:date")
    assert found(engine, "drone sort:-date") == ["drones-ukraine", "drone-kiev"]
    titles = [engine.row(i).title for i in found(engine, "tag:ukraine* sort:title")]
    assert titles == sorted(titles, key=str.casefold)
    assert (
        found(engine, "tag:ukraine* sort:-title") == found(engine, "tag:ukraine* sort:title")[::-1]
    )
    assert found(engine, "", sort="date")[-1] == "sans-date"


def test_limit_keeps_the_order_and_the_total(engine: SearchEngine) -> None:
    everything = engine.search("-trump")
    first = engine.search("-trump", limit=3)
    assert first.ids == everything.ids[:3] and first.total == everything.total == 11
    assert engine.search("maison blanche", limit=1).ids == engine.search("maison blanche").ids[:1]
    assert engine.search("", limit=0).ids == [] and engine.search("", limit=0).total == 12


# Facets and highlights --------------------------------------------------------------------


def test_facets_follow_the_query(engine: SearchEngine) -> None:
    facets = engine.facets(engine.search("tag:ukraine*"))
    assert facets.tags[0] == ("Guerre en Ukraine", "category", 4)
    assert ("Russie", "keyword", 2) in facets.tags
    assert facets.agencies == [("AFP", 1), ("Reuters", 2)][::-1]
    assert facets.months == [("2025-07", 1), ("2025-09", 2), ("2025-10", 1)]
    everything = engine.facets(engine.search(""))
    assert sum(n for _, n in everything.sites) == 6
    assert everything.months[0] == ("2024-12", 1)


def test_highlights_are_ranges_of_the_original_text(engine: SearchEngine, library: Library) -> None:
    article = library.get("neg-etat")
    assert article is not None
    marks = engine.highlights(article, engine.search("negocier etat oeuvre"))
    assert [article.title[s:e] for s, e in marks.title] == ["négociations", "État"]
    assert [article.teaser[s:e] for s, e in marks.teaser] == ["négocier"]
    assert [article.body[0].text[s:e] for s, e in marks.body[0]] == ["État", "œuvre"]
    assert marks.body[1] == [] and marks.count == 5


def test_highlights_of_phrases_variants_and_prefixes(
    engine: SearchEngine, library: Library
) -> None:
    article = library.get("maison-blanche")
    assert article is not None
    marks = engine.highlights(article, '"maison blanche" etats-unis')
    assert [article.title[s:e] for s, e in marks.title] == ["États-Unis", "Maison Blanche"]
    putin = library.get("putin-kyiv")
    assert putin is not None
    marks = engine.highlights(putin, "poutine kiev")
    assert [putin.title[s:e] for s, e in marks.title] == ["Putin", "Kyiv"]
    usa = library.get("usa-sanctions")
    assert usa is not None
    assert [usa.title[s:e] for s, e in engine.highlights(usa, "etats-unis").title] == ["USA"]
    marks = engine.highlights(putin, "menac* -kyiv")
    assert [putin.title[s:e] for s, e in marks.title] == ["menace"]


def test_title_terms_highlight_only_the_title(engine: SearchEngine, library: Library) -> None:
    article = library.get("maison-blanche")
    assert article is not None
    marks = engine.highlights(article, "title:blanche")
    assert marks.title and marks.body == [[]]


def test_a_bad_query_highlights_nothing(engine: SearchEngine, library: Library) -> None:
    article = library.get("neg-etat")
    assert article is not None
    assert engine.highlights(article, '"unclosed').count == 0


# Errors -----------------------------------------------------------------------------------


def test_bad_queries_raise_query_error_and_try_search_returns_it(engine: SearchEngine) -> None:
    with pytest.raises(QueryError) as caught:
        engine.search("drone (kiev")
    assert caught.value.position == 11
    error = engine.try_search("foo:bar")
    assert isinstance(error, QueryError) and "unknown field" in error.message
    assert isinstance(engine.try_search("drone"), SearchResult)
    with pytest.raises(QueryError):
        engine.search("drone", sort="size")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=st.sampled_from(list('ab kiev"()-*:OR tag:date:2025-06..title:is:read')),
        max_size=30,
    )
)
def test_search_raises_nothing_but_query_error(engine: SearchEngine, text: str) -> None:
    result = engine.try_search(text)
    if isinstance(result, SearchResult):
        assert result.total == len(result.ids)
        engine.facets(result)


# A page written for these tests and the sample archive --------------------------------------


def test_a_small_page_through_the_importer() -> None:
    library = Library.in_memory()
    import_paths(library, [DATA / "listing_recherche.txt"])
    engine = SearchEngine(library, today=lambda: TODAY)
    assert len(same(engine, "kiev")) == 1
    assert same(engine, "kiev") == same(engine, "kyiv")
    (negotiations,) = same(engine, "negociation poutine")
    assert same(engine, "etats-unis") == {negotiations}
    assert len(same(engine, "oeuvre europe")) == 1
    assert same(engine, 'date:"juillet 2025"') == {negotiations}
    assert len(same(engine, "date:2025-06")) == 2  # the stated 12 June and the open estimate
    assert len(same(engine, "datestated:2025-06")) == 1


def test_the_sample_archive() -> None:
    library = Library.in_memory()
    import_paths(library, sorted(sample_archive_dir().glob("*.txt")))
    engine = SearchEngine(library, today=lambda: TODAY)
    total = len(library)
    assert engine.search("").total == total
    putin = same(engine, "putin")
    assert putin == same(engine, "Poutine") and len(putin) >= 5
    assert same(engine, "kyiv") == same(engine, "kiev")
    assert same(engine, "drones") == same(engine, "drone")
    assert same(engine, '"maison blanche"') <= same(engine, "maison blanche")
    assert len(same(engine, "putin -trump")) < len(putin)
    assert engine.facets(engine.search("")).tags
    result = engine.search("négociations")
    article = library.get(result.ids[0])
    assert article is not None and engine.highlights(article, result).count > 0


def test_variants_of_several_words_match_both_ways() -> None:
    library = Library.in_memory()
    library.write_articles(
        [
            Article(id="us", title="Les United States et le Kremlin", date="2025-01-02"),
            Article(id="fr", title="Les États-Unis et Vladimir Poutine", date="2025-01-01"),
        ]
    )
    engine = SearchEngine(library, today=lambda: TODAY)
    assert same(engine, "etats-unis") == {"us", "fr"}
    assert same(engine, '"united states"') == {"us", "fr"}
    assert same(engine, '"vladimir putin"') == {"fr"}
    us = library.get("us")
    assert us is not None
    assert [us.title[s:e] for s, e in engine.highlights(us, "etats-unis").title] == [
        "United States"
    ]


def test_a_prefix_standing_for_too_many_words_is_a_query_error(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive.search import matching

    monkeypatch.setattr(matching, "MAX_PREFIX_TERMS", 2)
    error = engine.try_search("drone d*")
    assert isinstance(error, QueryError) and error.position == 6
    assert "expected a longer prefix" in error.message


def test_facets_of_large_results_count_the_same_as_small_ones(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive.search import engine as search

    queries = ["", "tag:ukraine*", "-trump", "date:2025", "drone OR putin OR etat"]
    small = [engine.facets(engine.search(q)) for q in queries]
    monkeypatch.setattr(search, "SMALL_RESULT", 0)  # every result counts through bitsets
    large = [engine.facets(engine.search(q)) for q in queries]
    assert large == small


def test_stored_lanes_of_common_words_rank_like_postings(monkeypatch: pytest.MonkeyPatch) -> None:
    from archive.search import index_build

    library = Library.in_memory()
    library.write_articles(fixture_articles())
    plain = SearchEngine(library, today=lambda: TODAY)
    monkeypatch.setattr(index_build, "DENSE_MIN_COUNT", 1)
    monkeypatch.setattr(index_build, "DENSE_SHARE", 1000)  # every word stores its lanes
    dense = SearchEngine(library, today=lambda: TODAY)
    assert dense.index.dense and not plain.index.dense
    for query in ["maison blanche", "drone", "ukrain*", "putin -kyiv", "title:moscou", "la"]:
        assert dense.search(query).ids == plain.search(query).ids
        assert dense.search(query).scores == plain.search(query).scores


def test_huge_ranked_results_rank_their_tail_lazily_but_completely(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SMALL_SORT matches only the head is ranked at once; reading on ranks the rest."""
    from archive.search import ranking

    query = "le OR la OR les OR de"
    expected = list(engine.search(query).ids)  # the plain sort, on this small library
    assert len(expected) > 3
    monkeypatch.setattr(ranking, "SMALL_SORT", 1)
    monkeypatch.setattr(ranking, "HEAD", 2)
    result = engine.search(query)
    assert isinstance(result.ids, ranking.LazyIds)
    assert len(result.ids) == result.total == len(expected)
    assert result.ids[:2] == expected[:2] and result.ids[0] == expected[0]
    assert result.ids[-1] == expected[-1]
    assert list(result.ids) == expected and result.ids == expected
    assert result.ids[1:] == expected[1:]


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_ranking_by_threshold_equals_a_plain_sort(
    engine: SearchEngine, data: st.DataObject
) -> None:
    """The head found by a lane threshold is the plain sort's head, ties newest first."""
    from archive.search import ranking
    from archive.search.index import bits_from_docs

    index = engine.index
    docs = sorted(data.draw(st.sets(st.integers(0, index.count - 1), min_size=1)))
    values = data.draw(st.lists(st.integers(1, 255), min_size=len(docs), max_size=len(docs)))
    lanes = bytearray(index.count)
    for doc, value in zip(docs, values, strict=True):
        lanes[doc] = value
    expected = sorted(docs, key=lambda d: (-lanes[d], d))
    limit = data.draw(st.integers(1, len(docs) + 2))
    bits = bits_from_docs(docs, index.count)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ranking, "SMALL_SORT", 0)
        patch.setattr(ranking, "SORT_SHARE", 10**9)
        patch.setattr(ranking, "HEAD", limit)
        ids, head = ranking.by_relevance(index, bits, bytes(lanes), limit)
        assert head == expected[:limit]
        assert list(ids) == [index.ids[d] for d in expected[:limit]]
        ids, head = ranking.by_relevance(index, bits, bytes(lanes), None)
        assert list(ids) == [index.ids[d] for d in expected]
