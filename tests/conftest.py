"""Shared test fixtures: where the seed pages and their gold reading are, small libraries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


# The hostile tests' figures (inputs tried, queries fuzzed, ...) are printed after the run.
pytest_plugins = ["tests.figures"]
