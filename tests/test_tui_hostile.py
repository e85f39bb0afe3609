"""Untrusted text is shown literally everywhere: no crash, no style, no action, no escape sequence."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    HOSTILE_TITLES,
    fake_pair,
    hostile_articles,
    hostile_library_fixture,  # noqa: F401
    open_real_app,
    settle,
)
from tui.app import make_app
from tui.widgets.facet_list import FacetList
from tui.widgets.result_list import ResultList

SIZE = (120, 40)


def visible_rows(result_list: ResultList) -> list[str]:
    return [result_list.render_line(y).text for y in range(result_list.size.height)]


def shown_literally(title: str) -> str:
    """What a hostile title looks like on screen: its escape sequences removed, the rest as is."""
    return title.replace("\x1b]0;pwned\x07", "")


async def check_app_shows_hostile_text_literally(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = "\n".join(visible_rows(app.main.result_list))
        for title in HOSTILE_TITLES:
            assert shown_literally(title)[:20] in rows
        assert "\x1b" not in rows and "pwned" not in rows
        # Every hostile article opens in the preview with its text as written.
        seen = []
        for index in range(len(app.main.result_list.ids)):
            app.main.result_list.set_cursor(index)
            await pilot.press("enter")
            await pilot.pause()
            preview = app.main.preview
            lines = "\n".join(preview.render_line(y).text for y in range(preview.size.height))
            assert "\x1b" not in lines
            seen.append(lines)
            app.main.result_list.focus()
        shown = "\n".join(seen)
        assert "[@click=app.bell]b[/]" in shown and "Corps [@click=app.quit]x[/]" in shown
        assert "[red]titre" in shown and "From [bold]AFP" in shown
        # The facets list the hostile tags as text.
        facets = app.main.query_one(FacetList)
        prompts = " ".join(
            str(facets.get_option_at_index(i).prompt) for i in range(facets.option_count)
        )
        assert "[@click=app.quit]tag[/]" in prompts
        assert "[bold]AFP" in prompts
        # Clicking where "[@click=app.quit]" is drawn does not quit.
        await pilot.click(ResultList, offset=(20, 1))
        await pilot.pause()
        assert app.is_running
        # Tags typed by the user and shown in notifications stay literal too.
        app.main.result_list.focus()
        await pilot.press("t", *"[/]", "enter")
        await settle(pilot)
        await pilot.press("t", *"[@click=app.quit]x", "enter")
        await settle(pilot)
        assert app.is_running
        # The palette lists the hostile tags without parsing them.
        await pilot.press("ctrl+p", *"tag", "down")
        await pilot.pause(0.3)
        await pilot.press("escape")
        # A query made of markup is only a query.
        await pilot.press("slash", *"[/] [bold]", "enter")
        await settle(pilot)
        assert isinstance(app.focused, ResultList)
        assert app.is_running
        await pilot.press("S", *"[/]nom", "enter")
        await settle(pilot)
        assert "[/]nom" in app.saved_searches
        await pilot.press("escape")
        await settle(pilot)
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "pwned" not in svg


async def test_hostile_real_library(hostile_library: Path) -> None:
    app = open_real_app(hostile_library, notice="[/] notice [@click=app.quit]x[/]")
    await check_app_shows_hostile_text_literally(app)


async def test_hostile_fake_library() -> None:
    library, engine = fake_pair(hostile_articles())
    await check_app_shows_hostile_text_literally(make_app(library, engine, notice="[/]"))


async def test_hostile_query_text_in_the_error_line() -> None:
    library, engine = fake_pair(hostile_articles())
    app = make_app(library, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'[@click=app.quit]x[/] "', "enter")
        await settle(pilot)
        assert app.main.query_bar.has_class("-error")
        assert app.is_running
        assert app.main.query_one("#query-input", Input).value.startswith("[@click")
