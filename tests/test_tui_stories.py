"""Stories and versions in the browser, driven with keys: threading, the story lines, comparing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive.group.grouping import load_groups
from archive.read.importer import import_paths
from archive.store.library import Library
from tests.tui_fixtures import open_real_app, settle
from tui.screens.article import ArticleScreen
from tui.screens.compare import CompareScreen

DATA = Path(__file__).parent / "data" / "stories"


@pytest.fixture(name="story_library")
def story_library_fixture(tmp_path: Path) -> Path:
    directory = tmp_path / "library"
    library = Library.open(directory)
    import_paths(library, sorted(DATA.glob("*.txt")))
    library.close()
    return directory


def _ids(directory: Path) -> tuple[str, str]:
    """(the wire's id, its story's id)."""
    library = Library.open(directory, readonly=True)
    wire = next(a for a in library.iter_articles() if a.title.startswith("Rupture"))
    groups = load_groups(library)
    assert groups is not None
    story = groups.story_of(wire.id)
    assert story is not None
    return wire.id, story.id


def _shown_text(view: Any) -> str:
    return str(view.drawn_text())


async def test_z_threads_the_list_and_enter_opens_the_story(story_library: Path) -> None:
    _, story_id = _ids(story_library)
    app = open_real_app(story_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(app.main.result_list.ids) == 4
        await pilot.press("z")
        await settle(pilot)
        rows = list(app.main.result_list.ids)
        assert f"§{story_id}" in rows and len(rows) == 2
        app.main.result_list.set_cursor(rows.index(f"§{story_id}"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.query_bar.value == f"story:{story_id} sort:date"
        assert len(app.main.result_list.ids) == 3  # one story: its articles, oldest first
        await pilot.press("escape")
        await settle(pilot)
        assert app.main.query_bar.value == ""  # back to the query before the story
        await pilot.press("z")
        await settle(pilot)
        assert len(app.main.result_list.ids) == 4


async def test_article_lists_its_versions_and_story_and_v_compares(story_library: Path) -> None:
    wire_id, story_id = _ids(story_library)
    app = open_real_app(story_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *f"versions:{wire_id}", "enter")
        await settle(pilot)
        app.main.result_list.set_cursor(app.main.result_list.ids.index(wire_id))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        text = _shown_text(app.screen.view)
        assert "Also published by Le Courrier du Soir" in text
        assert "Story: 3 articles, 2025-03-12 → 2025-03-14" in text
        assert "Digue de Valmorel : une enquête ouverte" in text
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        added, cut, reworded = app.screen.summary
        assert cut > 20 and reworded > 0  # a paragraph cut, "a annoncé" -> "a fait savoir"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("r")
        await settle(pilot)
        assert app.main.query_bar.value == f"story:{story_id} sort:date"
        assert app.result_count == 3


async def test_story_and_versions_queries_in_the_bar(story_library: Path) -> None:
    wire_id, story_id = _ids(story_library)
    app = open_real_app(story_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *f"story:{story_id[:8]} -versions:{wire_id}", "enter")
        await settle(pilot)
        assert app.result_count == 1
        await pilot.press("escape", "escape", "slash", *"story:zz")
        await settle(pilot)
        assert app.main.query_bar.has_class("-error")  # said in one line, at its position
        assert app.main.query_bar.value == "story:zz"
