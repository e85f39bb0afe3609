"""The query fuzzer: seeded random queries answer with results or a QueryError, nothing else.

Figure "queries fuzzed". The long form is marked slow (make test-slow).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from archive.read.importer import import_paths, sample_archive_dir
from archive.search.engine import SearchEngine
from archive.search.query import MAX_QUERY_CHARS, QueryError
from archive.store.library import Library
from tests import figures
from tests.hostile_tools import control_bytes, manchette
from tests.tui_fixtures import open_real_app, settle

PIECES = [
    "poutine", "Kiev", "drone*", "é", "œuvre", "maison blanche", '"maison blanche"', '"', "(",
    ")", "OR", "AND", "NOT", "-", "*", ":", "..", "title:", "tag:", "site:", "agency:",
    "source:", "person:", "place:", "org:", "is:", "has:", "date:", "datestated:", "sort:",
    "is:read", "is:starred", "has:date", "date:2025-06..2025-07", "date:..", "date:juin..",
    "date:7j", "date:3m", "date:1a", "date:2025-13-45", "date:\"3 juillet 2025\"", "sort:-date",
    "site:-", "site:...", "site:∞", "tag:\"", "\x1b]2;x\x07", "\u009b2J", "\u202e", "\x00",
    "∞", "🙂", "ß", "İ", "ﬁ", "\ufeff", " ", "  ", "\t", "\n", "[/]", "[@click=app.quit]",
    "9" * 30, "a" * 200,
]  # fmt: skip


def random_query(rng: random.Random) -> str:
    """A query of grammar pieces and odd characters, glued or spaced at random."""
    parts = []
    for _ in range(rng.randint(1, 8)):
        if rng.random() < 0.15:
            parts.append("".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 6))))
        else:
            parts.append(rng.choice(PIECES))
    return "".join(part + rng.choice(("", " ", " ", ":")) for part in parts)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    library = Library.open(tmp_path_factory.mktemp("fuzz") / "lib")
    import_paths(library, [sample_archive_dir()])
    return SearchEngine(library)


def fuzz(engine: SearchEngine, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(count):
        query = random_query(rng)
        try:
            result = engine.search(query)
        except QueryError as error:
            assert 0 <= error.position <= len(query), query
            assert "\n" not in str(error), query
        else:
            assert len(result.ids) == result.total or result.total >= len(result.ids)
    figures.add("queries fuzzed", count)


def test_fuzzed_queries(engine: SearchEngine) -> None:
    fuzz(engine, 3000, seed=1)


@pytest.mark.slow
def test_fuzzed_queries_long(engine: SearchEngine) -> None:
    fuzz(engine, 30000, seed=2)


def test_site_without_letters_and_long_queries_are_query_errors(tmp_path: Path) -> None:
    """Failures 6 and 14 with the real command: exit 2, one error line, the query shown short."""
    library = tmp_path / "lib"
    manchette(library, "import", str(sample_archive_dir()))
    for query in ("site:-", "site:...", "site:∞", "poutine " * 6000):
        result = manchette(library, "search", query)
        assert result.returncode == 2, query
        err = result.stderr.decode()
        assert "Traceback" not in err and len(err.splitlines()) == 3, err
        assert len(err) < 400
        figures.add("escape bytes leaked", control_bytes(result.stdout + result.stderr))
    assert f"at most {MAX_QUERY_CHARS} characters" in err
    figures.add("queries fuzzed", 4)


async def test_a_bad_query_is_not_kept_as_the_last_query(tmp_path: Path) -> None:
    """Failure 6 in the browser: 'site:-' was saved, so the next start showed nothing."""
    directory = tmp_path / "lib"
    import_paths(Library.open(directory), [sample_archive_dir()])
    app = open_real_app(directory)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"poutine")
        await settle(pilot)
        await pilot.press("space", *"site:-")
        await settle(pilot)
        assert app.answered_query == "poutine site:-"
        good = app.shown_query
        assert good and good != "poutine site:-"
        await pilot.press("escape", "q")
    assert Library.open(directory).get_setting("last_query") == good
