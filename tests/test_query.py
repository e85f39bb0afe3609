"""The query language: words, phrases, fields, dates in both languages, and errors with positions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.dateq import DayRange, parse_date_value
from archive.search.query import And, DateFilter, Filter, Not, Or, Phrase, QueryError, Term, parse

TODAY = dt.date(2025, 11, 20)


def days(first: str, last: str) -> tuple[int, int]:
    return dt.date.fromisoformat(first).toordinal(), dt.date.fromisoformat(last).toordinal()


def root(text: str):  # noqa: ANN201 - any node
    return parse(text, TODAY).root


def test_plain_words_are_folded_and_anded() -> None:
    node = root("Négociations ÉTAT")
    assert node == And((Term("negociations", 0), Term("etat", 13)))


def test_ligatures_and_apostrophes_fold() -> None:
    assert root("œuvre") == Term("oeuvre", 0)
    assert root("l’État") == Phrase(("l", "etat"), 0)


def test_hyphenated_word_is_a_phrase() -> None:
    assert root("États-Unis") == Phrase(("etats", "unis"), 0)


def test_quoted_phrase_and_quoted_single_word_is_exact() -> None:
    assert root('"maison blanche"') == Phrase(("maison", "blanche"), 0)
    assert root("«drone»") == Term("drone", 0, exact=True)


def test_prefix() -> None:
    assert root("ukrain*") == Term("ukrain", 0, prefix=True)


def test_negation_both_ways() -> None:
    assert root("-trump") == Not(Term("trump", 1))
    assert root("NOT trump") == Not(Term("trump", 4))
    assert root("NOT NOT trump") == Term("trump", 8)


def test_or_binds_looser_than_implicit_and() -> None:
    node = root("a b OR c")
    assert node == Or((And((Term("a", 0), Term("b", 2))), Term("c", 7)))


def test_parentheses_group() -> None:
    node = root("(kiev OR kyiv) drone")
    assert node == And((Or((Term("kiev", 1), Term("kyiv", 9))), Term("drone", 15)))


def test_lowercase_or_is_a_word() -> None:
    assert root("or noir") == And((Term("or", 0), Term("noir", 3)))


def test_fields() -> None:
    assert root("title:drones") == Term("drones", 0, field="title")
    assert root('tag:"Guerre en Ukraine"') == Filter("tag", "guerre en ukraine", 0)
    assert root("site:lemonde.fr") == Filter("site", "lemonde.fr", 0)
    assert root("source:AFP") == Filter("agency", "afp", 0)
    assert root("person:putin") == Filter("person", "putin", 0)
    assert root("place:Kyiv org:otan") == And(
        (Filter("place", "kyiv", 0), Filter("org", "otan", 11))
    )
    assert root("is:unread") == Filter("is", "unread", 0)
    assert root("has:date") == Filter("has", "date", 0)
    assert root("tag:ukr*") == Filter("tag", "ukr", 0, prefix=True)


def test_sort_is_taken_aside() -> None:
    parsed = parse("drone sort:-date", TODAY)
    assert parsed.sort == "-date"
    assert parsed.root == Term("drone", 0)


def test_words_with_a_colon_that_are_not_fields() -> None:
    assert root("10:30") == Phrase(("10", "30"), 0)
    assert root("Ukraine:") == Term("ukraine", 0)
    assert root("https://example.org") == Phrase(("https", "example", "org"), 0)


def test_punctuation_alone_is_no_term() -> None:
    assert root("Ukraine : la guerre") == And(
        (Term("ukraine", 0), Term("la", 10), Term("guerre", 13))
    )
    assert root("   ") is None
    assert root("") is None


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ("date:2025-06-01", "2025-06-01", "2025-06-01"),
        ("date:2025-06..2025-07", "2025-06-01", "2025-07-31"),
        ("date:2025-09-20..", "2025-09-20", "9999-12-31"),
        ("date:..2025-06-30", "0001-01-01", "2025-06-30"),
        ("date:juin..juillet", "2025-06-01", "2025-07-31"),
        ('date:"juin 2025"', "2025-06-01", "2025-06-30"),
        ('date:"1er juin 2025"', "2025-06-01", "2025-06-01"),
        ('date:"3 juillet 2025"', "2025-07-03", "2025-07-03"),
        ("date:2025", "2025-01-01", "2025-12-31"),
        ("date:7j", "2025-11-13", "2025-11-20"),
        ("date:3m", "2025-08-20", "2025-11-20"),
        ("date:1a", "2024-11-20", "2025-11-20"),
        ("date:2w", "2025-11-06", "2025-11-20"),
        ("date:décembre", "2024-12-01", "2024-12-31"),
        ("date:june..july", "2025-06-01", "2025-07-31"),
        ("date:novembre..février", "2024-11-01", "2025-02-28"),
        ("date:20/09/2025", "2025-09-20", "2025-09-20"),
        ("date:aujourd'hui", "2025-11-20", "2025-11-20"),
    ],
)
def test_dates_in_english_iso_and_french(query: str, first: str, last: str) -> None:
    node = root(query)
    assert isinstance(node, DateFilter)
    assert (node.start, node.end) == days(first, last)
    assert not node.stated_only


def test_datestated_restricts_to_stated_dates() -> None:
    node = root("datestated:2025-06")
    assert isinstance(node, DateFilter) and node.stated_only


def test_day_range_label() -> None:
    assert parse_date_value("2025-06", TODAY).label() == "2025-06-01..2025-06-30"
    assert parse_date_value("2025-06-03", TODAY) == DayRange(*days("2025-06-03", "2025-06-03"))


@pytest.mark.parametrize(
    ("query", "position", "words"),
    [
        ('"maison blanche', 15, "expected '\"' to close the quote at 0"),
        ("drone «kiev", 11, "to close the quote at 6"),
        ("(a OR b", 7, "expected ')' to close '(' at 0"),
        ("a) b", 1, "unexpected ')'"),
        ("foo:bar", 0, "unknown field 'foo:'; expected one of title:, tag:"),
        ("drone tga:x", 6, "unknown field 'tga:'"),
        ("date:2025-02-30", 5, "impossible date '2025-02-30': 2025-02 has 28 days"),
        ("date:2025-13", 5, "there is no month 13"),
        ("date:2025-06..2025-13-01", 14, "there is no month 13"),
        ("date:2025-07..2025-06", 5, "the range starts after it ends"),
        ('date:"31 juin"', 5, "impossible date"),
        ("date:hier..avant", 11, "expected a date ("),
        ("date:", 5, "expected a value after 'date:'"),
        ("tag:", 4, "expected a value after 'tag:'"),
        ("is:lu", 3, "expected read, unread"),
        ("has:body", 4, "expected date"),
        ("sort:size", 5, "expected relevance"),
        ("a OR", 4, "expected a term after 'OR'"),
        ("OR a", 0, "expected a term before 'OR'"),
        ("NOT", 3, "expected a term after 'NOT'"),
        ("()", 1, "expected a term inside"),
        ("*", 0, "expected letters before '*'"),
    ],
)
def test_bad_queries_name_the_position_and_what_was_expected(
    query: str, position: int, words: str
) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query, TODAY)
    assert caught.value.position == position
    assert words in caught.value.message
    assert str(caught.value).startswith(f"position {position}: ")


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(QueryError):
        parse("(" * 5000 + "a" + ")" * 5000, TODAY)


def test_text_terms_leave_out_negated_words() -> None:
    parsed = parse('drone -trump "maison blanche" tag:x', TODAY)
    assert [getattr(t, "word", None) or t.words for t in parsed.text_terms()] == [  # type: ignore[union-attr]
        "drone",
        ("maison", "blanche"),
    ]


ALPHABET = st.sampled_from(list("ab é\"«»()-*:. ORNTANDdate:tag:title:is:sort:2025-06..j7/'’œ\t"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=40))
def test_parse_raises_nothing_but_query_error(text: str) -> None:
    try:
        parse(text, TODAY)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
