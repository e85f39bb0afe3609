"""The structure of the real pages in ../shared/corpus/real: one article per single page, the
items of each listing, no heading or meta line taken for an article, archive names found.

Floors are the figures reached; raise them when the reader gets better, never lower them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from archive.model import Article
from archive.read.importer import read_articles
from tests.conftest import SHARED

REAL = SHARED / "corpus" / "real"
LISTING_F1_FLOOR = 0.94  # the mean title F1 over the listings
LISTINGS_EXACT_FLOOR = 12  # listings whose titles are all read, with nothing extra


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip().casefold()


@pytest.fixture(scope="module")
def reading() -> tuple[list[dict[str, Any]], dict[str, list[Article]]]:
    truth = json.loads((REAL / "ground_truth.json").read_text(encoding="utf-8"))
    result = read_articles([REAL / "texts"], workers=1)
    by_file: dict[str, list[Article]] = {}
    for article in result.articles:
        for source in article.sources:
            by_file.setdefault(Path(source.file).name, []).append(article)
    return truth, by_file


def test_every_single_page_is_one_article_and_every_body_untitled(
    reading: tuple[list[dict[str, Any]], dict[str, list[Article]]],
) -> None:
    truth, by_file = reading
    wrong = []
    for f in truth:
        got = by_file.get(f["file"], [])
        if f["shape"] == "b" and len(got) != 1:
            wrong.append(f"{f['file']}: {len(got)} articles")
        if f["shape"] == "c" and (len(got) != 1 or not got[0].title_derived):
            wrong.append(f"{f['file']}: not one untitled article")
    assert not wrong, "\n".join(wrong)


def test_listings_are_split_into_their_items(
    reading: tuple[list[dict[str, Any]], dict[str, list[Article]]],
) -> None:
    truth, by_file = reading
    scores, exact = [], 0
    for f in (f for f in truth if f["shape"] == "a"):
        want = {_norm(a["title"]) for a in f["articles"]}
        got = {_norm(a.title) for a in by_file.get(f["file"], []) if not a.title_derived}
        hit = len(want & got)
        scores.append(2 * hit / (len(want) + len(got)) if want or got else 1.0)
        exact += want == got
    assert sum(scores) / len(scores) >= LISTING_F1_FLOOR
    assert exact >= LISTINGS_EXACT_FLOOR


def test_headings_and_meta_lines_are_not_articles(
    reading: tuple[list[dict[str, Any]], dict[str, list[Article]]],
) -> None:
    """The lines the ground truth names as no article (archive headings, kickers, section
    labels, slogans) never become an article's title."""
    truth, by_file = reading
    wrong = []
    for f in truth:
        titles = {_norm(a.title) for a in by_file.get(f["file"], [])}
        for line in f["non_article_header_lines"]:
            plain = _norm(line.lstrip("#* "))
            if plain in titles and plain not in {_norm(a["title"]) for a in f["articles"]}:
                wrong.append(f"{f['file']}: {line!r}")
    assert not wrong, "\n".join(wrong)


def test_archive_names_in_every_heading_form(
    reading: tuple[list[dict[str, Any]], dict[str, list[Article]]],
) -> None:
    """ "Catégorie: Business", "Catégorie" / "# Actualité", "Étiquette" / a tag in lower case…"""
    truth, by_file = reading
    for f in (f for f in truth if f.get("archive")):
        names = {
            _norm(t.name)
            for a in by_file.get(f["file"], [])
            for t in a.tags
            if t.kind in ("category", "keyword")
        }
        assert _norm(f["archive"]["name"]) in names, f["file"]
