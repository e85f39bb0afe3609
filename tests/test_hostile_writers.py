"""Concurrent writers with real processes: two imports at once, two browsers tagging one article.

Nothing one writer did may be lost by the other: the figure is "updates lost" (must be 0).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from archive.store.library import Library
from bench.generate import write_corpus
from tests import figures
from tests.tui_fixtures import settle
from tui.app import make_app

MANCHETTE = Path(sys.executable).parent / "manchette"


def split_corpus(tmp_path: Path, size: int, seed: int) -> tuple[Path, Path]:
    """A generated archive whose files are dealt into two folders (the same articles in both)."""
    corpus = tmp_path / "corpus"
    write_corpus(size, seed, corpus)
    halves = (tmp_path / "a", tmp_path / "b")
    files = sorted(p for p in (corpus / "pages").rglob("*") if p.is_file())
    for n, path in enumerate(files):
        target = halves[n % 2] / path.relative_to(corpus / "pages")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return halves


def manchette(library: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(MANCHETTE), "--library", str(library), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def listed(library: Path) -> dict[str, dict[str, Any]]:
    out = subprocess.run(
        [str(MANCHETTE), "--library", str(library), "list", "--json"],
        capture_output=True,
        check=True,
    ).stdout
    return {record["id"]: record for record in orjson.loads(out)}


def lost_updates(got: dict[str, dict[str, Any]], *refs: dict[str, dict[str, Any]]) -> int:
    """Articles whose places, tags or body differ from every one-after-the-other reference."""

    def places(record: dict[str, Any]) -> set[tuple[str, int]]:
        return {(s["file"].rsplit("/", 2)[-1], s["line"]) for s in record["sources"]}

    def tags(record: dict[str, Any]) -> set[tuple[str, str]]:
        return {(t["name"], t["kind"]) for t in record["tags"]}

    lost = len(set(refs[0]) ^ set(got))
    for key, record in got.items():
        if key not in refs[0]:
            continue
        if (
            places(record) != places(refs[0][key])
            or tags(record) != tags(refs[0][key])
            or all(record["body"] != ref[key]["body"] for ref in refs)
        ):
            lost += 1
    return lost


def run_two_imports(tmp_path: Path, trials: int, size: int) -> int:
    a, b = split_corpus(tmp_path, size, seed=5)
    references = []
    for order in ((a, b), (b, a)):
        library = tmp_path / f"ref-{order[0].name}"
        for folder in order:
            assert manchette(library, "import", str(folder)).wait() in (0, 1)
        references.append(listed(library))
    lost = 0
    for trial in range(trials):
        library = tmp_path / f"together-{trial}"
        first, second = manchette(library, "import", str(a)), manchette(library, "import", str(b))
        for process in (first, second):
            _, err = process.communicate(timeout=300)
            assert process.returncode in (0, 1), err.decode()
        got = listed(library)
        lost += lost_updates(got, *references)
        # The search index follows both imports: every article is found.
        out = subprocess.run(
            [str(MANCHETTE), "--library", str(library), "search", "is:unread", "--json"],
            capture_output=True,
            check=True,
        ).stdout
        lost += len(set(got) - {record["id"] for record in orjson.loads(out)})
    figures.add("updates lost", lost)
    figures.add("inputs tried", 2 * trials)
    return lost


def test_two_imports_at_once_lose_nothing(tmp_path: Path) -> None:
    assert run_two_imports(tmp_path, trials=1, size=300) == 0


@pytest.mark.slow
def test_two_imports_at_once_three_trials(tmp_path: Path) -> None:
    assert run_two_imports(tmp_path, trials=3, size=1500) == 0


TAG_IN_OTHER_PROCESS = """
import sys
from pathlib import Path
from archive.store.library import Library
library = Library.open(Path(sys.argv[1]))
library.change_user_tags(sys.argv[2], add=["alpha"])
library.set_starred(sys.argv[2], True)
"""


async def test_two_browsers_tagging_one_article_keep_both_tags(tmp_path: Path) -> None:
    """B opens first; A (another process) tags and stars; then B tags with its keys: all kept."""
    from archive.read.importer import import_paths, sample_archive_dir
    from archive.search.engine import SearchEngine

    directory = tmp_path / "lib"
    library = Library.open(directory)
    import_paths(library, [sample_archive_dir()])
    app = make_app(library, SearchEngine(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        article_id = app.main.result_list.ids[0]
        subprocess.run(
            [sys.executable, "-c", TAG_IN_OTHER_PROCESS, str(directory), article_id], check=True
        )
        await pilot.press("t", *"beta", "enter", "m")
        await settle(pilot)
        await app.workers.wait_for_complete()
    state = Library.open(directory).user_state(article_id)
    lost = int("alpha" not in state.tags) + int("beta" not in state.tags) + int(not state.starred)
    lost += int(not state.read)
    figures.add("updates lost", lost)
    assert (sorted(state.tags), state.starred, state.read) == (["alpha", "beta"], True, True)
