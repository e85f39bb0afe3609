"""Exports of results: Markdown shows text literally, JSON round-trips, CSV cells never run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from archive.model import Article
from tests.tui_fixtures import FakeLibrary, hostile_articles, sample_articles
from tui.export import (
    export_articles,
    format_for_path,
    markdown_escape,
    render,
    safe_cell,
    to_csv,
)


@pytest.mark.parametrize("cell", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\t=x"])
def test_formula_cells_get_a_quote(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


def test_plain_cells_are_unchanged() -> None:
    assert safe_cell("Zelensky menace le Kremlin") == "Zelensky menace le Kremlin"


def test_csv_neutralises_formulas_in_every_column() -> None:
    article = sample_articles()[0]
    article.title = '=HYPERLINK("http://x","clic")'
    article.agency = "@AFP"
    article.teaser = "-1 mort"
    rows = list(csv.reader(io.StringIO(to_csv([article]))))
    assert rows[0][0] == "id"
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"].startswith("'=")
    assert row["agency"] == "'@AFP"
    assert row["teaser"] == "'-1 mort"


def test_markdown_escapes_links_and_emphasis() -> None:
    assert markdown_escape("[lien](http://x) *gras*") == r"\[lien\](http://x) \*gras\*"
    text = render("markdown", hostile_articles()[:3], "q")
    assert "[link=http://x]" not in text
    assert "\x1b" not in text


def test_json_round_trips_and_has_no_escape_sequences() -> None:
    articles = hostile_articles()
    data = json.loads(render("json", articles))
    assert [Article.from_dict(d).id for d in data] == [a.id for a in articles]
    assert "\x1b" not in json.dumps(data, ensure_ascii=False)


def test_format_follows_the_extension() -> None:
    assert format_for_path(Path("a.CSV")) == "csv"
    assert format_for_path(Path("a.json")) == "json"
    assert format_for_path(Path("a.md")) == "markdown"
    assert format_for_path(Path("a.txt"), default="csv") == "csv"


def test_export_articles_writes_atomically(tmp_path: Path) -> None:
    library = FakeLibrary(sample_articles())
    target = tmp_path / "sub" / "out.md"
    count = export_articles(library, ["a0000", "a0001", "missing"], target, "markdown", "kremlin")
    assert count == 2
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# manchette export")
    assert "Zelensky menace le Kremlin" in text
    assert [p.name for p in target.parent.iterdir()] == ["out.md"]
