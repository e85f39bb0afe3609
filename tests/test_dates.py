"""The French date grammar and the listing-order estimates."""

from __future__ import annotations

from archive.dates import date_line, find_dates, infer_year, lead_date
from archive.estimate import estimate_dates_from_listing_order
from archive.model import DateEstimate


def test_forms_are_found_with_their_words() -> None:
    text = "la nuit du vendredi 19 au samedi 20 septembre 2025, puis le 03/07/2025 et août 15, 2020"
    found = find_dates(text)
    assert [m.text for m in found] == [
        "la nuit du vendredi 19 au samedi 20 septembre 2025",
        "03/07/2025",
        "août 15, 2020",
    ]
    assert (found[0].first_day, found[0].day, found[0].weekday) == (19, 20, 5)
    assert [m.iso() for m in found] == ["2025-09-20", "2025-07-03", "2020-08-15"]


def test_other_events_and_bare_years_are_not_the_article_date() -> None:
    assert lead_date("Avec la présidence de Trump prévue pour le 20 janvier, la suite.") is None
    assert lead_date("La Crimée annexée en 2014 reste au cœur du conflit.") is None
    assert lead_date("Le président a déclaré vendredi que Moscou était prêt.") is None
    assert lead_date("Une enquête a été ouverte ce vendredi 27 juin par la police.") is not None


def test_date_lines() -> None:
    mention, verb = date_line("Publié le 02/11/23 à 16h33") or (None, "")
    assert mention is not None and mention.iso() == "2023-11-02" and verb == "publie"
    assert date_line("Mis à jour le 3 mars 2024 à 10:12") is not None
    assert date_line("Le 12 mai 2023 le président a dit") is None


def test_year_comes_from_weekday_and_corpus_never_today() -> None:
    mention = find_dates("mercredi 22 octobre")[0]
    assert infer_year(mention, [2025, 2025]) == 2025
    assert infer_year(mention, [2014]) == 2014
    assert infer_year(mention, []) is None  # no corpus year: unknown, not this year
    # Bounds from the listing pick between candidates (22 October: Wednesday in 2014 and 2025).
    assert infer_year(mention, [2020], (None, "2016-01-01")) == 2014


def test_estimates_are_transitive_across_listings() -> None:
    listings = [["a", "x", "b"], ["b", "y", "c"], ["z", "a"]]
    stated = {"a": "2025-10-01", "b": "2025-09-01", "c": "2025-08-01"}
    est = estimate_dates_from_listing_order(listings, stated)
    assert est["x"] == DateEstimate("2025-09-01", "2025-10-01")
    assert est["y"] == DateEstimate("2025-08-01", "2025-09-01")
    assert est["z"] == DateEstimate("2025-10-01", None)


def test_contradictory_orders_never_crash_or_give_an_empty_interval() -> None:
    listings = [["a", "x", "b"], ["b", "x", "a"], ["x", "x"]]
    stated = {"a": "2025-10-01", "b": "2025-09-01"}
    est = estimate_dates_from_listing_order(listings, stated)
    assert est["x"].earliest is not None and est["x"].latest is not None
    assert est["x"].earliest <= est["x"].latest
