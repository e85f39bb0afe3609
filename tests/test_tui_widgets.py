"""The widgets on their own: the virtual list at 100k rows, query terms, bars, counts."""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.app import App, ComposeResult

from tui.widgets.query_bar import facet_term
from tui.widgets.result_list import ResultList
from tui.widgets.status_line import count_label
from tui.widgets.timeline import bar


@dataclass
class _Row:
    id: str
    title: str
    date: str | None = "2025-09-23"
    date_estimated: bool = False
    date_label: str = "2025-09-23"
    tags: tuple[str, ...] = ("Monde",)
    agency: str | None = "AFP"
    site: str | None = None


class ListApp(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.fetched: list[str] = []

    def row(self, article_id: str) -> _Row:
        self.fetched.append(article_id)
        return _Row(article_id, f"Titre {article_id}")

    def compose(self) -> ComposeResult:
        yield ResultList(self.row, lambda _id: (False, False), id="list")

    def on_mount(self) -> None:
        self.query_one(ResultList).focus()


async def test_virtual_list_draws_only_visible_rows_of_100k() -> None:
    app = ListApp(100_000)
    async with app.run_test(size=(80, 24)) as pilot:
        result_list = app.query_one(ResultList)
        ids = [f"id{i}" for i in range(100_000)]
        started = time.perf_counter()
        result_list.set_ids(ids)
        await pilot.pause()
        assert time.perf_counter() - started < 0.5
        assert len(set(app.fetched)) <= 2 * 24
        await pilot.press("G")
        await pilot.pause()
        assert result_list.current_id == "id99999"
        assert "id99999" in app.fetched
        assert len(set(app.fetched)) <= 4 * 24
        started = time.perf_counter()
        result_list.set_ids(ids[::2])
        await pilot.pause()
        assert time.perf_counter() - started < 0.5


def test_facet_terms_quote_what_the_query_language_would_split() -> None:
    assert facet_term("tag", "russie") == "tag:russie"
    assert facet_term("tag", "Guerre Russie – Ukraine") == 'tag:"Guerre Russie – Ukraine"'
    assert facet_term("agency", "A(F)P") == 'agency:"A(F)P"'
    assert facet_term("tag", 'dit "non"') == 'tag:"dit  non "'


def test_bars_scale_to_the_largest_month() -> None:
    assert bar(10, 10, 5) == "█████"
    assert bar(0, 10, 5) == ""
    assert bar(1, 1000, 5) == "▏"
    assert len(bar(5, 10, 8)) == 4


def test_count_label_groups_thousands() -> None:
    assert count_label(1234, 100000) == "1 234 of 100 000 articles"
    assert count_label(1, 1) == "1 of 1 article"
