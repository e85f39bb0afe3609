"""Dates that mean what they say: the library's June, its last week, and months that count true."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    open_real_app,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.widgets.timeline import Timeline

WIDE = (160, 50)
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")  # fmt: skip
MANCHETTE = Path(sys.executable).parent / "manchette"


async def type_query(pilot, text: str) -> None:
    await pilot.press("slash", *list(text))
    await settle(pilot)


async def test_a_month_without_a_year_is_the_librarys_and_the_status_says_so(
    sample_library: Path,
) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        # The sample's newest article is from October 2025: June and July are 2025's.
        await type_query(pilot, "date:juin..juillet")
        status = str(app.main.status.render())
        assert "juin..juillet → 2025-06-01..2025-07-31" in status
        assert app.result_count == 13
        rows = [app.engine.row(i) for i in app.main.result_list.ids]
        assert all(
            "2025-06" <= (r.date or "")[:7] <= "2025-07" for r in rows if not r.date_estimated
        )
        await pilot.press(*["backspace"] * len("juin..juillet"), *"juin")
        await settle(pilot)
        assert "juin → 2025-06-01..2025-06-30" in str(app.main.status.render())
        assert app.result_count == 9


async def test_ages_count_back_from_the_newest_article_or_from_today_with_a_bang(
    sample_library: Path,
) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        counts = {}
        for age in ("7j", "3m", "1a"):
            await pilot.press("escape", "escape")
            await type_query(pilot, f"date:{age}")
            counts[age] = app.result_count
        assert "1a → 2024-10-22..2025-10-22" in str(app.main.status.render())
        assert 0 < counts["7j"] < counts["3m"] < counts["1a"] <= 26
        await pilot.press("!")
        await settle(pilot)
        # A year back from today: the sample, from 2025, has nothing that recent.
        assert app.result_count == 0
        assert "1a! → " in str(app.main.status.render())


async def test_every_month_of_the_timeline_lists_as_many_articles_as_it_counts(
    sample_library: Path,
) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        timeline = app.main.query_one(Timeline)
        months = list(timeline._months)
        guessed = dict(timeline._estimated)
        prompts = [str(timeline.get_option_at_index(i).prompt) for i in range(len(months))]
        assert months and any(guessed.values())
        # An article estimated over June and July is counted in both, and listed by both.
        for position, (month, count) in enumerate(months):
            while not isinstance(app.focused, Timeline):
                await pilot.press("tab")
            await pilot.press("home", *["down"] * position, "enter")
            await settle(pilot)
            assert app.main.query_bar.value == f"date:{month}"
            assert app.result_count == count, month
            rows = [app.engine.row(i) for i in app.main.result_list.ids]
            estimated = sum(r.date_estimated for r in rows)
            assert estimated == guessed.get(month, 0), month
            shown = prompts[position]
            assert str(count) in shown and (not estimated or f"≈{estimated}" in shown)
            await pilot.press("escape", "escape")  # to the list, then the query cleared
            await settle(pilot)
            assert app.main.query_bar.value == ""


def test_cli_search_reads_months_and_ages_against_the_library(sample_library: Path) -> None:
    def search(query: str) -> str:
        done = subprocess.run(
            [MANCHETTE, "--library", str(sample_library), "search", query],
            capture_output=True, text=True, check=True, env={"COLUMNS": "160", "PATH": ""},
        )  # fmt: skip
        return done.stdout

    out = search("date:juin")
    assert "9 articles match" in out and "juin → 2025-06-01..2025-06-30" in out
    assert "10 articles match" in search("date:7j")
    assert "0 articles match" in search("date:7j!")
    # An estimate open on one side ("listed after 3 July") does not reach back for ever.
    assert "0 articles match" in search("date:..2025-02")


async def test_an_estimate_pinned_to_one_day_reads_as_that_day(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pinned = next(
            a
            for a in app.library.iter_articles()
            if not a.date and a.date_estimate and a.date_estimate.earliest
            and a.date_estimate.earliest == a.date_estimate.latest
        )  # fmt: skip
        steps = list(app.main.result_list.ids).index(pinned.id)
        await pilot.press(*["j"] * steps, "enter")
        await settle(pilot)
        assert app.shown_article_id == pinned.id
        text = app.screen.view.drawn_text()
        day = dt.date.fromisoformat(pinned.date_estimate.earliest)
        month = ENGLISH_MONTHS[day.month - 1]  # the tests run the app in English (conftest)
        assert f"≈ {day.day} {month} {day.year} (estimated" in text
        assert "between" not in text
