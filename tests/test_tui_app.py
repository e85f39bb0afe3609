"""The browser driven from the keyboard on the sample archive: filter, facets, read, mark, quit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from textual.widgets import Input, Static

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    open_real_app,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.screens.article import ArticleScreen
from tui.screens.help import HelpScreen, help_table
from tui.screens.main import MainScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.facet_list import FacetList
from tui.widgets.result_list import ResultList
from tui.widgets.timeline import Timeline

WIDE = (120, 40)
NARROW = (80, 24)


async def type_query(pilot, text: str) -> None:
    await pilot.press("slash", *list(text))
    await settle(pilot)


async def test_startup_lists_every_article(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.shown_query == ""
        assert app.result_count == 26
        assert app.library_size == 26
        status = str(app.main.status.render())
        assert "26 of 26 articles" in status
        assert isinstance(app.focused, ResultList)


async def test_typing_filters_live_and_bad_query_keeps_results(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "zelensky")
        assert app.shown_query == "zelensky"
        found = app.result_count
        assert 0 < found < 26
        assert len(app.main.result_list.ids) == found
        await pilot.press("space", "quotation_mark", "a")
        await settle(pilot)
        # The bad query shows where it is wrong; the last good results stay.
        assert app.main.query_bar.has_class("-error")
        error = str(app.main.query_bar.query_one("#query-error").render())
        assert "position" in error and "^" in error
        assert app.shown_query is not None and app.shown_query.strip() == "zelensky"
        assert len(app.main.result_list.ids) == found
        await pilot.press("backspace", "backspace")
        await settle(pilot)
        assert not app.main.query_bar.has_class("-error")


async def test_escape_leaves_the_bar_then_clears_the_query(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "kremlin")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.focused, ResultList)
        assert app.main.query_bar.value == "kremlin"
        await pilot.press("escape")
        await settle(pilot)
        assert app.main.query_bar.value == ""
        assert app.result_count == 26


async def test_no_results_names_the_query_and_suggests(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "kremlin xyzzyq")
        assert app.result_count == 0
        message = " ".join(t.plain for t in app.main.result_list.empty_message)
        assert "kremlin xyzzyq" in message
        assert "removing a term" in message and "“kremlin”" in message


async def test_list_keys_move_the_cursor(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        result_list = app.main.result_list
        await pilot.press("j", "j", "down")
        assert result_list.cursor == 3
        await pilot.press("k", "up")
        assert result_list.cursor == 1
        await pilot.press("G")
        assert result_list.cursor == 25
        await pilot.press("g")
        assert result_list.cursor == 0
        await pilot.press("pagedown")
        assert result_list.cursor > 10
        await pilot.press("pageup")
        assert result_list.cursor == 0
        await pilot.press("end", "home")
        assert result_list.cursor == 0


async def test_facet_and_month_add_terms(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("shift+tab", "shift+tab")  # list -> timeline -> facets
        assert isinstance(app.focused, FacetList)
        # The cursor is on the first facet as soon as the list has the focus; Enter chooses.
        assert app.focused.highlighted is not None and app.focused.border_subtitle == "⏎ choose"
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.query_bar.value.startswith("tag:")
        tagged = app.result_count
        assert 0 < tagged <= 26
        await pilot.press("tab")
        assert isinstance(app.focused, Timeline)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert " date:20" in app.main.query_bar.value
        assert app.result_count <= tagged
        # Choosing the same month again removes it.
        await pilot.press("enter")
        await settle(pilot)
        assert "date:" not in app.main.query_bar.value


async def test_open_in_preview_marks_read_and_steps_matches(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "russie")
        await pilot.press("enter", "enter")  # leave the bar, open the first result
        await settle(pilot)
        preview = app.main.preview
        first = app.main.result_list.ids[0]
        assert app.focused is preview
        assert preview.article_id == first == app.shown_article_id
        assert app.state_of(first).read
        assert app.library.user_state(first).read
        assert preview.match_count > 1
        await pilot.press("n")
        assert preview.current_match == 0
        await pilot.press("n", "N", "N")
        assert preview.current_match == preview.match_count - 1
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert preview.article_id == app.main.result_list.ids[1]
        await pilot.press("left_square_bracket")
        assert preview.article_id == first
        await pilot.press("escape")
        assert isinstance(app.focused, ResultList)


async def test_narrow_opens_full_screen_article(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert app.main.is_narrow
        assert not app.main.query_one("#sidebar").display
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.query_one(ArticleView)
        assert view.article_id == app.main.result_list.ids[0]
        await pilot.press("right_square_bracket")
        assert view.article_id == app.main.result_list.ids[1]
        await pilot.press("s", "m")
        await settle(pilot)
        state = app.library.user_state(view.article_id)
        assert state.starred and not state.read
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert app.main.result_list.cursor == 1
        # f shows the facets even when narrow, and hides them again.
        await pilot.press("f")
        assert app.main.query_one("#sidebar").display
        await pilot.press("f")
        assert not app.main.query_one("#sidebar").display


async def test_star_read_and_own_tag_from_the_list(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article_id = app.main.result_list.ids[0]
        await pilot.press("s", "m")
        await settle(pilot)
        assert app.marks(article_id) == (True, True)
        await pilot.press("t", *"à lire", "enter")
        await settle(pilot)
        assert app.library.user_state(article_id).tags == ["à lire"]
        # The own tag is searchable once the engine has re-read the marks.
        await type_query(pilot, 'tag:"à lire"')
        assert app.main.result_list.ids == [article_id]
        await pilot.press("escape", "t", *"à lire", "enter")
        await settle(pilot)
        assert app.library.user_state(article_id).tags == []


async def test_own_tags_are_listed_in_the_sidebar_and_filter(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article_id = app.main.result_list.ids[2]
        await pilot.press("j", "j", "t", *"à lire", "enter")
        await settle(pilot)
        facets = app.main.query_one(FacetList)
        lines = [str(facets.get_option_at_index(i).prompt) for i in range(facets.option_count)]
        mine = lines.index("My tags")
        assert lines[mine + 1].split() == ["à", "lire", "1"]
        facets.focus()
        facets.highlighted = mine + 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.query_bar.value == 'tag:"à lire"'
        assert app.main.result_list.ids == [article_id]


async def test_save_search_lists_it_in_the_sidebar(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "trump")
        await pilot.press("escape", "S", *"Trump", "enter")
        await settle(pilot)
        assert app.library.saved_searches() == {"Trump": "trump"}
        await pilot.press("escape")  # clear the query
        await settle(pilot)
        facets = app.main.query_one(FacetList)
        facets.focus()
        await pilot.press("home", "enter")
        await settle(pilot)
        assert app.main.query_bar.value == "trump"


async def export_to(pilot: Any, app: Any, target: Path) -> None:
    """From the list: open the export dialog, name the file, press Enter."""
    await pilot.press("escape", "e")
    await pilot.pause()
    app.screen.query_one("#export-path", Input).value = str(target)
    await pilot.press("enter")
    await settle(pilot)


async def test_export_writes_the_results(sample_library: Path, tmp_path: Path) -> None:
    app = open_real_app(sample_library)
    target = tmp_path / "out.csv"
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "kremlin")
        count = app.result_count
        await export_to(pilot, app, target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,date")
    assert len(lines) == count + 1


async def test_export_asks_before_replacing_a_file(sample_library: Path, tmp_path: Path) -> None:
    app = open_real_app(sample_library)
    target = tmp_path / "notes.md"
    target.write_text("mes notes", encoding="utf-8")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await type_query(pilot, "kremlin")
        await export_to(pilot, app, target)
        assert target.read_text(encoding="utf-8") == "mes notes"
        warning = app.screen.query_one("#export-warning", Static)
        assert "exists: enter again to replace it" in str(warning.render())
        await pilot.press(
            "tab", "end", "x", "backspace"
        )  # edited back to the same name: asks again
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == "mes notes"
        await pilot.press("enter")
        await settle(pilot)
    assert target.read_text(encoding="utf-8").startswith("# manchette export")


async def test_help_lists_every_key_from_the_bindings(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = help_table(app.screen.sections, app.get_key_display)

        console = Console(width=100, record=True)
        console.print(table)
        text = console.export_text()
        expected = (
            "Next match of the query",
            "Next article of the filtered list",
            "Star or unstar",
            "Save the query",
            "Export the results",
            "Quit",
            "Command palette",
            "Next pane",
        )
        for words in expected:
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_palette_runs_commands_and_adds_tags(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"tag: russie", "enter")
        await settle(pilot)
        assert app.main.query_bar.value == "tag:russie"
        await pilot.press("colon", *"show all keys", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_state_theme_and_query_survive_a_restart(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        first = app.main.result_list.ids[0]
        await pilot.press("s")
        app.theme = "nord"
        await type_query(pilot, "ukraine")
        await pilot.press("escape", "q")
        await settle(pilot)
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert app.main.query_bar.value == "ukraine"
        assert app.shown_query == "ukraine"
        assert app.marks(first)[1]


async def test_empty_library_offers_the_sample(tmp_path: Path) -> None:
    from tests.tui_fixtures import build_library

    app = open_real_app(build_library(tmp_path / "empty", []))
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert app.main.has_class("-empty")
        text = str(app.main.query_one("#empty-state").render())
        assert "Press i" in text and "import" in text
        await pilot.press("i")
        for _ in range(100):
            await settle(pilot)
            if app.library_size:
                break
        assert app.library_size == 26
        assert not app.main.has_class("-empty")
        assert app.result_count == 26


def _on_screen(view: ArticleView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))


async def test_a_long_article_reads_to_its_end_from_the_keyboard(tmp_path: Path) -> None:
    """The body past the first screen is laid out after it is drawn: End, Space and n reach it."""
    from tests.hostile_tools import manchette

    folder = tmp_path / "in"
    folder.mkdir()
    paragraphs = [
        f"Paragraphe {i} sur le sommet et ses suites, longuement commenté." for i in range(60)
    ]
    paragraphs[2] += " Un drone est signalé."
    paragraphs[-1] = "Épilogue : un dernier drone au-dessus du port."
    (folder / "long.txt").write_text("Le long sommet\n\n" + "\n\n".join(paragraphs) + "\n")
    library = tmp_path / "lib"
    assert manchette(library, "import", str(folder)).returncode == 0
    app = open_real_app(library)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"drone", "enter", "enter")
        await settle(pilot)
        view = app.screen.view
        assert isinstance(view, ArticleView)
        lines = view.virtual_size.height
        assert lines == len(view.drawn_text().split("\n")) > 2 * 60  # the scrollbar knows them all
        await pilot.press("escape", "enter", "G")  # End before anything settles
        assert "Épilogue : un dernier drone" in _on_screen(view)
        await pilot.press("g", "N")  # from the top, the previous match is the last one
        assert view.current_match == view.match_count - 1 == 1
        assert "Épilogue" in _on_screen(view)
        await pilot.press("g", *["space"] * 40)
        assert "Épilogue" in _on_screen(view)


async def test_an_open_article_takes_the_new_themes_colours(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "russie")
        await pilot.press("enter", "enter", "n")
        await settle(pilot)
        view = app.main.preview

        def colours() -> str:  # the title's colour (the theme's accent)
            title = next(iter(view.render_line(0)))
            assert title.text.strip() and title.style is not None
            return str(title.style.color)

        before = colours()
        await pilot.press("ctrl+p", *"change theme", "enter")
        await pilot.pause(0.3)
        await pilot.press(*"nord", "enter")
        await settle(pilot)
        assert app.theme == "nord"
        after = colours()
        assert before != after
        app.theme = "textual-dark"
        await settle(pilot)
        assert colours() == before
