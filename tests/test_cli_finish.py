"""The command line as a person types it: --sample, negated terms, singular counts, English."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MANCHETTE = Path(sys.executable).parent / "manchette"


@pytest.fixture(name="env")
def env_fixture(tmp_path: Path) -> dict[str, str]:
    """A fresh cache (the sample library is built there once) and an empty default library."""
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "MANCHETTE_LIBRARY": str(tmp_path / "empty"), "COLUMNS": "200"}  # fmt: skip


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MANCHETTE, *args], capture_output=True, text=True, env=env, timeout=120)


def test_sample_flag_searches_the_sample_and_builds_its_index_once(env: dict[str, str]) -> None:
    first = run(env, "--sample", "search", "drones")
    assert first.returncode == 0, first.stderr
    assert "articles match" in first.stdout and not first.stdout.startswith("0 ")
    second = run(env, "--sample", "search", "drones")
    assert second.stdout.splitlines()[:-1] == first.stdout.splitlines()[:-1]
    assert "index" not in second.stderr.lower()  # nothing built or updated the second time
    listed = run(env, "--sample", "list", "--limit", "1")
    assert listed.returncode == 0 and listed.stdout.strip()


def test_negated_terms_need_no_double_dash(env: dict[str, str]) -> None:
    undated = run(env, "--sample", "search", "-has:date")
    assert undated.returncode == 0, undated.stderr
    everything = run(env, "--sample", "search", "--json", "-has:date", "--limit", "2")
    assert everything.returncode == 0, everything.stderr
    assert everything.stdout.lstrip().startswith("[")
    both = run(env, "--sample", "search", "drones", "-trump")
    assert both.returncode == 0 and "1 article matches" in both.stdout


def test_one_article_matches_in_the_singular(env: dict[str, str]) -> None:
    found = run(env, "--sample", "search", "drones -trump")
    assert "1 article matches" in found.stdout and "articles match" not in found.stdout


def test_show_speaks_english(env: dict[str, str]) -> None:
    listed = run(env, "--sample", "list", "--limit", "1")
    article_id = listed.stdout.split()[0]
    shown = run(env, "--sample", "show", article_id).stdout
    assert "found in " in shown and "vu dans" not in shown and "agence :" not in shown
