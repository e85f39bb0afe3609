"""No lost typing: `/` starts a new query, Esc keeps it then clears it, ↑ brings it back, half
words still find articles, and the export dialog exports on Enter into a folder it names."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    open_real_app,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.widgets.result_list import ResultList

WIDE = (120, 40)


async def test_slash_starts_a_new_query_instead_of_appending(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"drones", "enter")
        await settle(pilot)
        assert app.main.query_bar.value == "drones"
        await pilot.press("slash", *"trump")
        await settle(pilot)
        assert app.main.query_bar.value == "trump"
        assert app.result_count > 0
        # → keeps the query to edit it.
        await pilot.press("enter", "slash", "right", *" -drones")
        await settle(pilot)
        assert app.main.query_bar.value == "trump -drones"


async def test_escape_keeps_then_clears_and_up_brings_queries_back(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"guerre ukraine drones")
        await settle(pilot)
        found = app.result_count
        await pilot.press("escape")  # to the list, the query stays
        assert isinstance(app.focused, ResultList)
        assert app.main.query_bar.value == "guerre ukraine drones"
        await pilot.press("escape")  # on the list: cleared
        await settle(pilot)
        assert app.main.query_bar.value == "" and app.result_count == 26
        await pilot.press("slash", *"kremlin", "enter")
        await settle(pilot)
        await pilot.press("slash", "up")
        assert app.main.query_bar.value == "kremlin"
        await pilot.press("up")
        await settle(pilot)
        assert app.main.query_bar.value == "guerre ukraine drones"
        assert app.result_count == found
        await pilot.press("down")
        assert app.main.query_bar.value == "kremlin"
        await pilot.press("down")  # past the newest: what was in the bar before ↑
        assert app.main.query_bar.value == "kremlin"
        await pilot.press("down")  # then ↓ goes to the list, as before
        assert isinstance(app.focused, ResultList)
        await pilot.press("q")
    # The history is kept with the user's state: the next run has it.
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "up", "up")
        assert app.main.query_bar.value == "guerre ukraine drones"


async def test_half_typed_words_do_not_blank_the_list(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        seen = []
        for char in "guerre ukraine drones":
            await pilot.press(char if char != " " else "space")
            await settle(pilot)
            seen.append((app.main.query_bar.value, app.result_count))
        blank = [query for query, count in seen if count == 0]
        assert blank == [], blank
        # A finished word is read whole (French stems), not as a prefix.
        assert seen[-1][1] == app.engine.search("guerre ukraine drones").total


async def test_a_word_of_one_or_two_letters_leaves_the_rest_of_the_query_answering(
    sample_library: Path,
) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ukraine")
        await settle(pilot)
        ukraine = app.engine.search("ukraine")
        assert app.result_count == ukraine.total > 0
        for keys, typed in ((("space", "q"), "ukraine q"), (("x",), "ukraine qx")):
            await pilot.press(*keys)
            await settle(pilot)
            assert app.engine.search(typed).total == 0  # nothing matches it whole
            assert app.main.query_bar.value == typed
            assert app.result_count == ukraine.total
            assert list(app.main.result_list.ids) == list(ukraine.ids)
        # From three letters on, the word is a prefix: "ukraine qxz" matches nothing at all.
        await pilot.press("z")
        await settle(pilot)
        assert app.result_count == 0


async def test_export_dialog_enter_on_a_format_exports_to_an_absolute_path(
    sample_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    notices: list[str] = []
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        original = app.notify
        app.notify = lambda message, **kw: (notices.append(str(message)), original(message, **kw))
        await pilot.press("slash", *"kremlin", "enter")
        await settle(pilot)
        count = app.result_count
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.focused, RadioSet)
        field = app.screen.query_one("#export-path", Input)
        assert (
            Path(field.value).is_absolute() and Path(field.value).parent == tmp_path / "Documents"
        )
        await pilot.press("down", "enter")  # JSON
        await settle(pilot)
    written = tmp_path / "Documents" / "manchette-export.json"
    assert written.is_file()
    assert written.read_text(encoding="utf-8").count('"id"') == count
    assert any(f"to {written}" in notice for notice in notices)


async def test_export_dialog_space_in_the_name_adds_a_space(
    sample_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab")
        field = app.screen.query_one("#export-path", Input)
        assert app.focused is field
        before = field.value
        await pilot.press("end", "backspace", "backspace", "backspace", *"x md")
        assert field.value == before[:-3] + "x md"
        await pilot.press("enter")
        await settle(pilot)
    assert (tmp_path / "manchette-exportx md").is_file()  # no Documents folder: home


async def test_answers_arriving_after_quit_are_dropped_without_a_traceback(
    sample_library: Path,
) -> None:
    """Facet counts wait 0.15 s after the last key, the idle collector runs on a timer:
    quitting meanwhile must stay quiet."""
    from tui.messages import FacetsReady, QueryFailed, ResultsReady

    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash", *"ukraine", "enter")
        await settle(pilot)
        result, facets = app.result, app.facets
        await pilot.press("q")
    assert app.closing
    later = app._shown_generation + 1
    app._results_ready(ResultsReady(later, "ukraine", result, None))
    app._facets_ready(FacetsReady(later, facets))
    app._query_failed(QueryFailed(later, "(", "expected a term", 1))
    assert app.result is result
    app._collect_when_idle()  # the collector's timer can fire while the screens go


async def test_a_half_typed_query_keeps_its_answer_after_a_tag_and_a_restart(
    sample_library: Path,
) -> None:
    """What the list showed for "ukraine dro" stays: tagging (which asks the engine again)
    and reopening the app read its last word as it was read while typed."""
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ukraine dro")
        await settle(pilot)
        shown = list(app.main.result_list.ids)
        assert app.engine.search("ukraine dro").total == 0 < len(shown)  # dro read as dro*
        await pilot.press("enter", "t", *"à suivre", "enter")
        await settle(pilot)
        assert app.state_of(shown[0]).tags == ("à suivre",)
        assert list(app.main.result_list.ids) == shown
        await pilot.press("q")
        await settle(pilot)
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.main.query_bar.value == "ukraine dro"
        assert list(app.main.result_list.ids) == shown
