"""The habits of seasoned readers, driven by keys: unread jumps, read all, sort, select, hand-off."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from archive.search.engine import SearchEngine
from archive.store.library import Library

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    fake_pair,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.app import make_app
from tui.config import Config, load_config
from tui.screens.article import ArticleScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen, help_table
from tui.widgets.selection_list import SELECTED_MARK


def capture_notifications(app) -> list[str]:
    shown: list[str] = []
    original = app.notify

    def notify(message, **kwargs):
        shown.append(str(message))
        original(message, **kwargs)

    app.notify = notify
    return shown


def row_text(app, index: int) -> str:
    result_list = app.main.result_list
    return result_list.render_line(index - round(result_list.scroll_y)).text


async def test_u_jumps_to_the_next_unread_in_the_list_and_inside_an_article() -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = list(app.main.result_list.ids)
        for read in ids[:2]:
            library.set_read(read, True)
        app.marks_keeper.load(library)
        await pilot.press("u")
        assert app.main.result_list.cursor == 2  # the two read ones are skipped
        assert not isinstance(app.screen, ArticleScreen)  # in the list, u only moves
        shown = capture_notifications(app)
        await pilot.press("U")
        assert app.main.result_list.cursor == 2
        assert any("No unread article above" in m for m in shown)
        await pilot.press("enter")  # read the third one, full screen at 80 columns
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("u")  # from inside the article: opens the next unread
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.shown_article_id == ids[3]
        assert app.state_of(ids[3]).read


async def test_mark_every_result_read_asks_then_marks_only_the_results() -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        everything = list(app.main.result_list.ids)
        await pilot.press("slash", *"trump", "enter")
        await settle(pilot)
        listed = list(app.main.result_list.ids)
        assert 0 < len(listed) < len(everything)
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing changes
        assert not any(app.state_of(i).read for i in everything)
        await pilot.press("A", "y")
        await settle(pilot)
        assert all(app.state_of(i).read for i in listed)
        assert not any(app.state_of(i).read for i in everything if i not in listed)
        assert all(library.user_state(i).read for i in listed)  # written, in one go


async def test_mark_read_down_to_the_cursor() -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = list(app.main.result_list.ids)
        await pilot.press("j", "j", "M")
        await settle(pilot)
        assert [app.state_of(i).read for i in ids[:4]] == [True, True, True, False]
        assert library.user_state(ids[2]).read and not library.user_state(ids[3]).read


async def test_select_then_star_tag_and_export_the_selection() -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = list(app.main.result_list.ids)
        await pilot.press("x", "j", "x")  # first and third
        assert app.selected_ids() == [ids[0], ids[2]]
        assert SELECTED_MARK in row_text(app, 0) and SELECTED_MARK not in row_text(app, 1)
        await pilot.press("s")
        await settle(pilot)
        assert [library.user_state(i).starred for i in ids[:3]] == [True, False, True]
        await pilot.press("t", *"suivi", "enter")
        await settle(pilot)
        assert library.user_state(ids[0]).tags == ["suivi"]
        assert library.user_state(ids[2]).tags == ["suivi"]
        assert library.user_state(ids[1]).tags == []
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.ids == [ids[0], ids[2]]
        await pilot.press("escape")
        await pilot.press("escape")  # Esc on the list drops the selection first
        assert app.selected_ids() == []
        await pilot.press("asterisk")  # every result
        assert app.selected_ids() == ids
        await pilot.press("m")
        await settle(pilot)
        assert all(library.user_state(i).read for i in ids)
        await pilot.press("asterisk")  # again: none
        assert app.selected_ids() == []


async def test_sort_key_cycles_and_is_kept_per_saved_search(sample_library: Path) -> None:
    library = Library.open(sample_library)
    app = make_app(library, SearchEngine(library))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.result.sort == "-date"
        await pilot.press("O")
        await settle(pilot)
        assert app.result.sort == "date"  # oldest first
        days = [engine_day(app, i) for i in app.main.result_list.ids]
        dated = [d for d in days if d]
        assert dated == sorted(dated)
        await pilot.press("O", "O")
        await settle(pilot)
        assert app.result.sort == "title"
        titles = [app.engine.row(i).title.casefold() for i in app.main.result_list.ids]
        assert titles[0] <= titles[-1]
        # A saved search remembers its own sort; other queries keep the session's.
        await pilot.press("slash", *"ukraine", "enter", "S", *"ukr", "enter")
        await settle(pilot)
        assert app.saved_searches == {"ukr": "ukraine"}
        await pilot.press("O")  # title -> newest first, for "ukr" only
        await settle(pilot)
        assert app.result.sort == "-date"
        await pilot.press("escape")  # clear the query: the session's sort again
        await settle(pilot)
        assert app.result.sort == "title"
    library = Library.open(sample_library)
    app = make_app(library, SearchEngine(library))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ukraine", "enter")
        await settle(pilot)
        assert app.result.sort == "-date"  # remembered across runs


def engine_day(app, article_id: str) -> str:
    row = app.engine.row(article_id)
    return row.date or ""


async def test_pipe_the_article_to_a_command(tmp_path: Path) -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    out = tmp_path / "piped.txt"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        title = library.get(app.main.result_list.current_id).title
        shown = capture_notifications(app)
        await pilot.press("vertical_line", *f"cat > {out}; echo fini", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert title in out.read_text(encoding="utf-8")
        assert any("fini" in m and "done" in m for m in shown)
        assert library.get_setting("last_pipe_command") == f"cat > {out}; echo fini"


async def test_copy_title_and_text_with_osc52() -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        article = library.get(app.main.result_list.current_id)
        await pilot.press("y")
        assert app.clipboard == article.title
        await pilot.press("enter", "Y")  # from inside the article too
        assert article.title in app.clipboard
        assert article.body[0].text in app.clipboard


async def test_pager_needs_a_real_terminal_and_says_so() -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = capture_notifications(app)
        await pilot.press("p")
        assert any("cannot be handed" in m for m in shown)


async def test_rename_and_delete_a_saved_search_from_the_palette() -> None:
    library, engine = fake_pair()
    library.save_search("old name", "trump")
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"rename saved search", "enter")
        await pilot.pause()
        await pilot.press("ctrl+u", *"Trump", "enter")
        await settle(pilot)
        assert app.saved_searches == {"Trump": "trump"}
        assert library.saved_searches() == {"Trump": "trump"}
        await pilot.press("ctrl+p", *"delete saved search", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.saved_searches == {} and library.saved_searches() == {}


async def test_help_lists_the_reader_keys_as_the_config_binds_them(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"main.next_unread" = "ctrl+n"\n', encoding="utf-8")
    library, engine = fake_pair()
    app = make_app(library, engine, config=load_config(path))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        assert app.main.result_list.cursor == 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, file=io.StringIO(), record=True)
        console.print(help_table(app.screen.sections, app.get_key_display))
        table = console.export_text()
        for words in ("Next unread article", "Open the article's text in $PAGER", "Sort:"):
            assert words in table
        assert "^n" in table or "ctrl+n" in table


async def test_config_sets_sort_date_format_and_theme(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nsort = "title"\ndate_format = "%d/%m/%Y"\n', encoding="utf-8")
    library, engine = fake_pair()
    app = make_app(library, engine, config=load_config(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        rows = [row_text(app, i) for i in range(len(app.main.result_list.ids))]
        assert any(re.search(r"\b\d\d/\d\d/2025\b", r) for r in rows)
        assert not any(re.search(r"\b2025-\d\d-\d\d\b", r) for r in rows)
        assert app.sort_for("") == "title" and app.sort_for("trump") == "title"


async def test_a_bad_config_is_one_line_naming_the_line_and_the_app_starts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('sort = "oldest"\nsort = \n', encoding="utf-8")
    library, engine = fake_pair()
    app = make_app(library, engine, config=load_config(path))
    shown = capture_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.result_count == 8
        errors = [m for m in shown if str(path) in m]
        assert len(errors) == 1 and "line 2" in errors[0] and "\n" not in errors[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('sort = "sideways"\n', "line 1: sort must be one of newest, oldest"),
        ('theme = "x"\n\ncolour = 3\n', "line 3: unknown setting 'colour'"),
        ('date_format = "%Y-%m-%d %H:%M"\n', "line 1: date_format"),
        ('[keys]\n"main.pager" = 3\n', "line 2: 'main.pager' must be a key"),
        ("theme = \n", "line 1"),
    ],
)
def test_config_errors_name_the_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    assert config.errors and expected in config.errors[0]
    assert all("\n" not in e for e in config.errors)


def test_unknown_binding_and_theme_are_errors_and_dropped(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nope"\n[keys]\n"main.nope" = "z"\n"main.pager" = "v"\n')
    config = load_config(path)
    config.check_keys({"main.pager"})
    config.check_theme({"nord"})
    assert config.keymap == {"main.pager": "v"} and config.theme is None
    assert any("line 3" in e and "main.nope" in e for e in config.errors)
    assert any("line 1" in e and "nope" in e for e in config.errors)


def test_no_config_file_is_an_empty_config(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.toml")
    assert config == Config(path=tmp_path / "absent.toml")


def test_editor_and_pager_commands_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.external import editor_command, pager_command

    monkeypatch.setenv("VISUAL", "")
    monkeypatch.setenv("EDITOR", "emacs -nw")
    assert editor_command("/data/page.txt", 12) == ["emacs", "-nw", "+12", "/data/page.txt"]
    assert editor_command("-rf.txt", None) == ["emacs", "-nw", "./-rf.txt"]
    monkeypatch.setenv("VISUAL", "nvim")
    assert editor_command("/p", 3) == ["nvim", "+3", "/p"]
    monkeypatch.setenv("PAGER", "less -R")
    assert pager_command() == ["less", "-R"]


def test_piped_output_is_one_clean_line() -> None:
    from tui.external import pipe_text

    report = pipe_text("printf 'a\\033]0;x\\007b\\nsecond\\n'; exit 3", "text")
    assert "\n" not in report and "\x1b" not in report and "\x07" not in report
    assert "exit status 3" in report and "second" in report


async def test_u_in_the_preview_pane_opens_the_next_unread_there() -> None:
    library, engine = fake_pair()
    app = make_app(library, engine)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        ids = list(app.main.result_list.ids)
        library.set_read(ids[1], True)
        app.marks_keeper.load(library)
        await pilot.press("enter")  # opens the first in the preview, which takes the keys
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.shown_article_id == ids[2]  # the read one is skipped
        assert app.main.result_list.cursor == 2
        assert app.state_of(ids[2]).read
