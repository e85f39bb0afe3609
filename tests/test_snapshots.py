"""Snapshots: main, article, help, empty at 80x24, 120x40; NO_COLOR and 16 colours at 80x24, 160x50."""

from __future__ import annotations

from pathlib import Path

import pytest

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    FakeEngine,
    FakeLibrary,
    FixedTimeEngine,
    open_real_app,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.app import make_app

SIZES = [(80, 24), (120, 40)]


async def _ready(pilot) -> None:
    await settle(pilot)
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False


async def _open_article(pilot) -> None:
    await _ready(pilot)
    await pilot.press("slash", *"poutine", "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("n", "n")
    await pilot.pause()


async def _help(pilot) -> None:
    await _ready(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, sample_library: Path, size: tuple[int, int]) -> None:
    app = open_real_app(sample_library, fixed_clock=True)
    assert snap_compare(app, terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_with_highlights(snap_compare, sample_library: Path, size: tuple[int, int]) -> None:
    app = open_real_app(sample_library, fixed_clock=True)
    assert snap_compare(app, terminal_size=size, run_before=_open_article)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, sample_library: Path, size: tuple[int, int]) -> None:
    app = open_real_app(sample_library, fixed_clock=True)
    assert snap_compare(app, terminal_size=size, run_before=_help)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_empty_library(snap_compare, size: tuple[int, int]) -> None:
    library = FakeLibrary([], directory=Path("/home/lecteur/.local/share/manchette"))
    app = make_app(library, FixedTimeEngine(FakeEngine(library)))
    assert snap_compare(app, terminal_size=size, run_before=_ready)


# NO_COLOR and 16-colour terminals, at the smallest and a large size ------------------------

COLOUR_SIZES = [(80, 24), (160, 50)]
COLOURS = ["nocolor", "16colours"]


def _colour_app(sample_library: Path, colours: str, monkeypatch: pytest.MonkeyPatch):
    """The app as NO_COLOR=1 or a 16-colour terminal (TERM=xterm) would run it."""
    import tui.app

    if colours == "nocolor":
        monkeypatch.setenv("NO_COLOR", "1")
    else:  # the console of a real 16-colour terminal says "standard"; headless tests cannot
        monkeypatch.setattr(tui.app, "sixteen_colours", lambda app: True)
    return open_real_app(sample_library, fixed_clock=True)


@pytest.mark.parametrize("colours", COLOURS)
@pytest.mark.parametrize("size", COLOUR_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen_in_few_colours(
    snap_compare, sample_library: Path, size: tuple[int, int], colours: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    app = _colour_app(sample_library, colours, monkeypatch)

    async def facets_and_a_date(pilot) -> None:
        await _ready(pilot)
        if size[0] < 100:
            await pilot.press("f")  # the sidebar, folded away at 80 columns
        await pilot.press("slash", *"date:juin..juillet", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=facets_and_a_date)


@pytest.mark.parametrize("colours", COLOURS)
@pytest.mark.parametrize("size", COLOUR_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_in_few_colours(
    snap_compare, sample_library: Path, size: tuple[int, int], colours: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    app = _colour_app(sample_library, colours, monkeypatch)
    assert snap_compare(app, terminal_size=size, run_before=_open_article)
