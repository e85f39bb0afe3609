"""Fit and finish at 80, 120 and 160 columns: titles get the width, marks explained, errors fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    open_real_app,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.screens.help import HelpScreen
from tui.widgets.facet_list import FacetList
from tui.widgets.result_list import UNDATED
from tui.widgets.timeline import Timeline


def rows(app) -> list[str]:
    result_list = app.main.result_list
    return [result_list.render_line(y).text for y in range(result_list.size.height)]


def title_cells(app, line: str) -> int:
    """The cells the title column shows on a row (from the date column's end)."""
    start = 15  # "★• 2025-06-27  "
    for article_id in app.main.result_list.ids:
        title = app.engine.row(article_id).title
        if line[start:].startswith(title[:12]):
            shown = line[start:].split("…")[0] if "…" in line[start:] else title
            return len(shown) + 1
    raise AssertionError(line)


@pytest.mark.parametrize(("size", "least"), [((80, 24), 56), ((120, 40), 30), ((160, 50), 56)])
async def test_the_title_column_gets_the_width(sample_library: Path, size, least: int) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        first = rows(app)[0]
        assert title_cells(app, first) >= least, first


async def test_own_tags_and_undated_rows_show_on_the_list(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"à lire", "enter")
        await settle(pilot)
        assert "#à lire" in rows(app)[0]
        await pilot.press("slash", *"-has:date -tag:x", "enter")  # nothing stated, no x tag
        await settle(pilot)
        undated = [
            line for line, i in zip(rows(app), app.main.result_list.ids, strict=False)
            if not app.engine.row(i).date_label
        ]  # fmt: skip
        assert undated and all(line[3:4] == UNDATED for line in undated)


async def test_help_explains_the_marks_and_the_query_language(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True)
        for part in ("#help-marks", "#help-queries"):
            console.print(app.screen.query_one(part, Static).content)
        text = console.export_text()
        for mark in ("•", "≈", "★", "✓", UNDATED):
            assert f"{mark} " in text or f"{mark}2025" in text, mark
        for syntax in ("OR", "-poutine", "date:2025-06..2025-07", "is:unread", "sort:",
                       "tag:russie*", "a whole tag", "date:7j!"):  # fmt: skip
            assert syntax in text, syntax


async def test_a_long_query_error_fits_at_80_columns(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"guerre ukraine drones pourparlers nouveaux:x")
        await settle(pilot)
        error = app.main.query_bar.query_one("#query-error", Static)
        lines = [error.render_line(y).text.rstrip() for y in range(error.size.height)]
        shown = " ".join(lines)
        assert 1 < len(lines) <= 3, lines
        # The whole message is on screen, its end too.
        assert "unknown field 'nouveaux:'" in shown and "sort:" in shown, lines


async def test_at_80x24_the_sidebar_has_no_orphan_header_and_no_empty_timeline(
    sample_library: Path,
) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        timeline = app.main.query_one(Timeline)
        drawn = [timeline.render_line(y).text.strip() for y in range(timeline.size.height)]
        assert all(drawn), drawn  # as tall as its months: no empty rows
        facets = app.main.query_one(FacetList)
        last = facets.render_line(facets.size.height - 1).text.strip()
        assert last not in ("Agencies", "Keywords", "Sections", "Categories"), last


async def test_a_16_colour_terminal_gets_the_terminal_palette_not_remembered(
    sample_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.app

    monkeypatch.setattr(tui.app, "sixteen_colours", lambda app: True)
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == tui.app.ANSI_THEME
        await pilot.press("q")
    assert app.library.get_setting("theme") is None  # a truecolour terminal keeps its theme


@pytest.mark.parametrize("width", [60, 80])
async def test_help_and_quit_stay_on_the_key_bar_when_narrow(
    sample_library: Path, width: int
) -> None:
    from tui.widgets.key_bar import KeyBar

    app = open_real_app(sample_library)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        for keys in ([], ["enter"]):  # the list, then an article
            await pilot.press(*keys)
            await settle(pilot)
            bar = str(app.screen.query_one(KeyBar).render())
            assert "? Help" in bar and "q Quit" in bar, bar
            assert bar.rstrip().endswith("palette"), bar
