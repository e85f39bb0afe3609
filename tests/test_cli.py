"""The real `manchette` command: import, list, show, errors, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive.read.importer import read_articles
from tests.conftest import DATA, SEEDS_DIR

MANCHETTE = Path(sys.executable).parent / "manchette"


def run(*args: str, library: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MANCHETTE_LIBRARY": str(library), "COLUMNS": "120"}
    return subprocess.run(
        [str(MANCHETTE), *args], capture_output=True, text=True, env=env, check=check, timeout=120
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    library = tmp_path_factory.mktemp("lib")
    done = run("import", str(SEEDS_DIR), library=library)
    assert done.returncode == 0, done.stderr
    assert "26" in done.stdout and "articles new" in done.stdout
    return library


def test_list_json_has_the_documented_fields(seeded: Path) -> None:
    data = json.loads(run("list", "--json", library=seeded, check=True).stdout)
    assert len(data) == 26
    fields = {"id", "title", "title_derived", "teaser", "body", "date", "date_text",
              "date_estimate", "tags", "agency", "site", "entities", "sources"}  # fmt: skip
    assert all(fields <= set(a) for a in data)
    dated = [a for a in data if a["date"]]
    assert all(a["date_estimate"] is None for a in dated)
    assert all(
        set(s) == {"file", "line", "position", "archive"} for a in data for s in a["sources"]
    )


def test_reimport_is_idempotent_and_counts_nothing_new(seeded: Path) -> None:
    before = run("list", "--json", library=seeded, check=True).stdout
    again = run("import", str(SEEDS_DIR), library=seeded)
    assert again.returncode == 0
    assert "0  articles new" in again.stdout.replace("\u00a0", " ") or " 0 " in again.stdout
    assert run("list", "--json", library=seeded, check=True).stdout == before


def test_search_says_when_it_rebuilds_the_index_and_not_otherwise(
    seeded: Path, tmp_path: Path
) -> None:
    library = tmp_path / "lib"
    shutil.copytree(seeded, library)
    quiet = run("search", "--json", "kremlin", library=library, check=True)
    assert quiet.stderr == ""  # the import left a current index
    (library / "search-index.bin").write_bytes(b"MANCHIDX" + bytes(40))  # an old or broken file
    done = run("search", "--json", "kremlin", library=library, check=True)
    assert done.stderr.startswith("manchette: building the search index (")
    assert len(done.stderr.strip().splitlines()) == 1
    assert json.loads(done.stdout) == json.loads(quiet.stdout)  # results stay on stdout
    (library / "search-index.bin").unlink()
    done = run("search", "--json", "kremlin", library=library, check=True)
    assert "building the search index (it is missing)" in done.stderr
    again = run("search", "--json", "kremlin", library=library, check=True)
    assert again.stderr == ""  # built once, kept


def test_list_table_and_show(seeded: Path) -> None:
    table = run("list", library=seeded, check=True).stdout
    assert "26 articles" in table
    data = json.loads(run("list", "--json", library=seeded, check=True).stdout)
    page = next(a for a in data if a["site"])
    shown = run("show", page["id"][:8], library=seeded, check=True).stdout
    assert page["title"][:30] in shown and "Les récentes escalades par drones" in shown
    shown_json = json.loads(run("show", page["id"], "--json", library=seeded, check=True).stdout)
    links = {k: shown_json.pop(k) for k in ("story", "versions")}  # show adds its links
    assert shown_json == page and isinstance(links["versions"], list)


def test_show_unknown_id_is_a_one_line_error(seeded: Path) -> None:
    done = run("show", "nope", library=seeded)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "no article with id" in done.stderr
    assert "Traceback" not in done.stderr


def test_skipped_files_exit_1_with_reasons_and_keep_the_rest(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(DATA / "pages", pages)
    (pages / "vide.txt").write_bytes(b"")
    (pages / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    library = tmp_path / "lib"
    done = run("import", str(pages), library=library)
    assert done.returncode == 1
    assert "vide.txt: empty file" in done.stderr
    assert "image.txt: binary file" in done.stderr
    assert "Traceback" not in done.stderr
    expected = len(read_articles([DATA / "pages"]).articles)
    assert len(json.loads(run("list", "--json", library=library, check=True).stdout)) == expected


def test_a_damaged_library_is_a_one_line_error(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    assert run("import", str(DATA / "pages" / "page_barres.txt"), library=library).returncode == 0
    (library / "articles.keys").write_text("{not json")
    done = run("list", library=library)
    assert done.returncode == 1
    assert "articles.keys" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _modules_loaded(*args: str, library: Path) -> set[str]:
    """The modules a command imports (the command as installed runs `tui.cli`)."""
    env = {**os.environ, "MANCHETTE_LIBRARY": str(library), "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui.cli", *args],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    lines = [
        line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")
    ]
    return {parts[-1].strip() for parts in lines if len(parts) == 3}


def test_read_only_commands_import_only_what_they_print(seeded: Path) -> None:
    search = _modules_loaded("search", "--json", "--limit", "5", "drones", library=seeded)
    show_id = json.loads(run("list", "--json", "--limit", "1", library=seeded).stdout)[0]["id"]
    show = _modules_loaded("show", show_id, library=seeded)
    for loaded in (search, show):
        assert "archive.search.engine" in loaded or "archive.store.library" in loaded
        assert not {m for m in loaded if m.split(".")[0] == "textual"}
        assert "archive.read.entities" not in loaded  # the gazetteer's big regex
    assert not {m for m in search if m.startswith("archive.group")}  # stories: not named
    assert "archive.group.grouping" in show  # show gives the article's story and versions
