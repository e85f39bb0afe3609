"""Shared test fixtures: where the seed pages and their gold reading are, small libraries."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# The seeds ship in the package too, so the tests run where ../shared is absent.
SEEDS_DIR = ROOT / "archive" / "samples"
GOLD_FILE = ROOT / "tests" / "data" / "gold_seeds.json"
DATA = ROOT / "tests" / "data"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the user's real library or config from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("MANCHETTE_LIBRARY", raising=False)
    # The tests read English: a fixed English locale for the commands they run, English here.
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Every test starts in English (a test that switches to French is undone after it)."""
    set_language("en")
    yield
    set_language("en")


# The hostile tests' figures (inputs tried, queries fuzzed, ...) are printed after the run.
pytest_plugins = ["tests.figures"]
