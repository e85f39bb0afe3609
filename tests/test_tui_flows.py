"""Less travelled flows: import from the palette, themes, NO_COLOR, a locked library, the mouse."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input

from archive.read.importer import sample_archive_dir
from archive.store.library import LibraryLocked

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    build_library,
    fake_pair,
    hostile_articles,
    open_real_app,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.app import make_app
from tui.screens.article import ArticleScreen
from tui.widgets.result_list import ResultList


def capture_notifications(app) -> list[str]:
    shown: list[str] = []
    original = app.notify

    def notify(message, **kwargs):
        shown.append(str(message))
        original(message, **kwargs)

    app.notify = notify
    return shown


async def test_import_files_from_the_palette_shows_progress_then_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archive.read.importer

    real_import = archive.read.importer.import_paths

    def slow_import(library, paths, progress=None):  # slow enough to see the progress bar
        def slow_progress(done: int, total: int) -> None:
            time.sleep(0.05)
            if progress is not None:
                progress(done, total)

        return real_import(library, paths, slow_progress)

    monkeypatch.setattr(archive.read.importer, "import_paths", slow_import)
    app = open_real_app(build_library(tmp_path / "lib", []))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.library_size == 0
        await pilot.press("ctrl+p", *"import files", "enter")
        await pilot.pause()
        field = app.screen.query_one("#prompt-input", Input)
        field.value = str(sample_archive_dir())
        shown = capture_notifications(app)
        await pilot.press("enter")
        bar = app.main.import_progress
        labels = set()
        while bar.running:
            assert bar.display
            labels.add(str(bar.query_one("#import-label").render()))
            await pilot.pause(0.02)
        assert any(label.startswith("Importing") and "files" in label for label in labels)
        for _ in range(100):
            await settle(pilot)
            if app.library_size:
                break
        assert app.library_size == 26
        assert app.result_count == 26
        assert not app.main.import_progress.running
        assert len(app.main.result_list.ids) == 26
        assert any(m.startswith("Imported 5 files: 26 new") for m in shown)


async def test_theme_from_the_palette_is_remembered(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"change theme", "enter")
        await pilot.pause()
        await pilot.press(*"gruvbox", "enter")
        await settle(pilot)
        assert app.theme == "gruvbox"
    assert app.library.get_setting("theme") == "gruvbox"


async def test_no_color_terminal_renders_everything(
    sample_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = open_real_app(sample_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"russie", "enter", "enter", "n", "escape")
        await pilot.press("question_mark", "escape", "ctrl+p", "escape")
        await settle(pilot)
        assert app.no_color
        assert app.shown_article_id is not None


async def test_middle_width_shows_facets_and_opens_full_screen(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.main.query_one("#sidebar").display
        assert not app.main.preview.display
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape", "o")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)


async def test_locked_library_is_reported_and_the_app_goes_on() -> None:
    library, engine = fake_pair()

    def locked(*_args: object) -> None:
        raise LibraryLocked("library.lock is held by another manchette")

    library.set_starred = locked  # type: ignore[method-assign]
    app = make_app(library, engine)
    shown = capture_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert any("Could not save the star" in m and "Another manchette" in m for m in shown)
        assert app.is_running
        await pilot.press("j", "m")
        await settle(pilot)
        assert app.marks(app.main.result_list.current_id or "")[0]


async def test_mouse_click_moves_and_double_click_opens() -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click(ResultList, offset=(10, 2))
        assert app.main.result_list.cursor == 2
        await pilot.click(ResultList, offset=(10, 2), times=2)
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)


async def test_hostile_saved_search_and_tag_in_the_palette(tmp_path: Path) -> None:
    app = open_real_app(build_library(tmp_path / "h", hostile_articles()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.saved_searches["[@click=app.quit]x[/]"] = "[/]"
        await pilot.press("ctrl+p", *"saved", "down", "up")
        await pilot.pause(0.3)
        await pilot.press("escape", "ctrl+p", *"tag click", "down")
        await pilot.pause(0.3)
        await pilot.press("escape")
        assert app.is_running


async def test_marks_survive_a_reimport(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = app.main.result_list.ids[0]
        await pilot.press("s", "t", *"suivi", "enter")
        await settle(pilot)
        await pilot.press("ctrl+p", *"import the sample", "enter")
        for _ in range(100):
            await settle(pilot)
            if not app.main.import_progress.running:
                break
        assert app.library_size == 26
    app = open_real_app(sample_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        state = app.state_of(first)
        assert state.starred and state.tags == ("suivi",)


async def test_resizing_hides_panes_and_moves_the_focus(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is app.main.preview
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert app.main.is_narrow and not app.main.preview.display
        assert isinstance(app.focused, ResultList)
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert app.main.preview.display and app.main.query_one("#sidebar").display
