"""Huge accepted pages (failure 9 of issue 11): bounded work for show, the browser and import.

No time is asserted (the benchmarks measure); the subprocess timeouts only stop a hang.
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson

from archive.read.decode import MAX_LINES
from archive.shown import SHOWN_BODY_CHARS
from tests import figures
from tests.hostile_tools import SAMPLES, manchette
from tests.tui_fixtures import open_real_app, settle

WORDS = [
    "guerre",
    "ukraine",
    "poutine",
    "négociations",
    "le",
    "la",
    "de",
    "sommet",
    "drone",
    "Kiev",
]


def huge_page(folder: Path, megabytes: int = 3) -> Path:
    """A page of one title and one paragraph of several megabytes."""
    folder.mkdir(parents=True, exist_ok=True)
    words = (WORDS * (megabytes * 1024 * 1024 // 60 + 1))[: megabytes * 1024 * 1024 // 6]
    page = folder / "huge.txt"
    page.write_text("Un article démesuré\n\n" + " ".join(words) + ".\n", encoding="utf-8")
    return page


def test_show_of_a_huge_article_is_bounded_and_json_keeps_it_whole(tmp_path: Path) -> None:
    huge_page(tmp_path / "in")
    library = tmp_path / "lib"
    assert manchette(library, "import", str(tmp_path / "in"), timeout=120).returncode == 0
    record = orjson.loads(manchette(library, "list", "--json").stdout)[0]
    full = len(record["teaser"]) + sum(len(b["text"]) for b in record["body"])
    assert full > 2_500_000
    shown = manchette(library, "show", record["id"], timeout=60)
    assert shown.returncode == 0
    assert len(shown.stdout) < SHOWN_BODY_CHARS * 1.3
    assert b"more characters not shown" in shown.stdout
    whole = orjson.loads(manchette(library, "show", "--json", record["id"], timeout=60).stdout)
    links = {key: whole.pop(key) for key in ("story", "versions")}  # show adds its links
    assert whole == record and links["versions"] == []
    figures.add("inputs tried")


async def test_the_browser_opens_a_huge_article_bounded(tmp_path: Path) -> None:
    huge_page(tmp_path / "in")
    library = tmp_path / "lib"
    assert manchette(library, "import", str(tmp_path / "in"), str(SAMPLES)).returncode == 0
    app = open_real_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"démesuré", "enter", "enter")
        await settle(pilot)
        view = app.screen.view
        assert app.shown_article_id == view.article_id
        text = view.drawn_text()
        assert "more characters not shown" in text
        assert len(text) < SHOWN_BODY_CHARS * 1.5
        # The app still answers keys at once: back to the list, another article.
        await pilot.press("escape", "slash", "ctrl+u", *"poutine", "enter", "enter")
        await settle(pilot)
        assert app.shown_article_id != view.article_id or app.result_count > 1
    figures.add("inputs tried")


def test_a_file_of_millions_of_lines_is_skipped_with_its_reason(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lines.txt").write_text("ab\n" * (MAX_LINES * 20))
    (folder / "page.txt").write_bytes(sorted(SAMPLES.glob("*.txt"))[0].read_bytes())
    result = manchette(tmp_path / "lib", "import", str(folder), timeout=60)
    assert result.returncode == 1
    assert result.stderr.decode().strip() == (
        f"skipped {folder / 'lines.txt'}: too many lines ({MAX_LINES * 20:,}; "
        f"pages over {MAX_LINES:,} lines are skipped)"
    )
    assert re.search(rb"\b1  files read", result.stdout), result.stdout
    figures.add("inputs tried")
