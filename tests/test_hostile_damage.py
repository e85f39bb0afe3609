"""Damaged, mistyped and unreachable library files through the real commands (issue 11).

The corruption matrix flips and truncates bytes of each library file and runs the commands
on it: each answers as if nothing happened (a rebuilt index, a harmless byte) or with the
one-line error naming the file and a kept copy, never a traceback, never a silent change
of the user's marks. The long forms are marked slow (make test-slow).
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest

from archive.store.library import Library
from tests import figures
from tests.hostile_tools import (
    SAMPLES,
    can_drop_rights,
    control_bytes,
    manchette,
    one_line_error,
)

FILES = ("articles.keys", "articles-*.records", "user.json", "search-index.bin")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the sample pages with marks, own tags, a saved search and its index."""
    directory = tmp_path_factory.mktemp("pristine") / "lib"
    assert manchette(directory, "import", str(SAMPLES)).returncode == 0
    library = Library.open(directory)
    ids = [a.id for a in library.all_articles()]
    for n, article_id in enumerate(ids[:6]):
        library.set_starred(article_id, True)
        library.change_user_tags(article_id, add=[f"suivi{n % 2}"])
    library.save_search("drones", "drone kiev")
    library.close()
    assert manchette(directory, "search", "poutine").returncode == 0  # the index is current
    return directory


def answers(directory: Path) -> dict[str, Any]:
    """What the commands answer on a library, to compare a damaged one with."""
    out: dict[str, Any] = {}
    for name, args in {
        "list": ("list", "--json"),
        "search": ("search", "--json", "poutine"),
        "starred": ("search", "--json", "is:starred"),
        "tagged": ("search", "--json", "tag:suivi1"),
    }.items():
        result = manchette(directory, *args)
        out[name] = (
            result.returncode,
            sorted(r["id"] for r in orjson.loads(result.stdout))
            if result.returncode == 0
            else None,
        )
    return out


def corrupt(path: Path, rng: random.Random) -> str:
    """Damage a file in place as disks and editors do; returns what was done."""
    data = bytearray(path.read_bytes())
    kind = rng.choice(("flip", "flip", "truncate", "zero-block"))
    if kind == "flip":
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
        what = f"bit flipped at byte {at}"
    elif kind == "truncate":
        at = rng.randrange(len(data))
        del data[at:]
        what = f"truncated to {at} bytes"
    else:
        at = rng.randrange(len(data))
        data[at : at + 64] = bytes(len(data[at : at + 64]))
        what = f"64 bytes zeroed at {at}"
    path.write_bytes(bytes(data))
    return f"{path.name} {what}"


COMMANDS: list[tuple[str, ...]] = [
    ("list",),
    ("list", "--json"),
    ("search", "poutine"),
    ("search", "--json", "is:starred"),
    ("show", "--json", "PLACEHOLDER"),
    ("import", str(SAMPLES)),
]


def run_matrix(
    pristine: Path, tmp_path: Path, corruptions: int, seed: int, every_command: bool = False
) -> None:
    rng = random.Random(seed)
    baseline = answers(pristine)
    article_id = baseline["list"][1][0]
    silent_user_changes = []
    for n in range(corruptions):
        target = FILES[n % len(FILES)]
        commands = COMMANDS if every_command else [COMMANDS[n % len(COMMANDS)], COMMANDS[3]]
        for command in commands:
            directory = tmp_path / f"c{n}-{command[0]}"
            shutil.copytree(pristine, directory)
            what = corrupt(next(directory.glob(target)), rng)
            args = tuple(article_id if a == "PLACEHOLDER" else a for a in command)
            result = manchette(directory, *args)
            figures.add("escape bytes leaked", control_bytes(result.stdout + result.stderr))
            assert result.returncode in (0, 1), (what, args, result.stderr)
            if result.returncode == 1 and command[0] != "import":
                line = one_line_error(result)
                named = "articles" if target.startswith("articles") else target
                assert f"{named}" in line and "is damaged" in line, (what, line)
                if target != "search-index.bin":
                    assert list(directory.glob("*.corrupt-*")), (what, line)
            else:
                assert b"Traceback" not in result.stderr, (what, result.stderr)
            if target == "user.json" and result.returncode == 0:
                # Undetected damage of the user's marks must change nothing they see.
                now = answers(directory)
                if (now["starred"], now["tagged"]) != (baseline["starred"], baseline["tagged"]):
                    silent_user_changes.append(what)
            if target == "search-index.bin" and command[0] == "search":
                assert result.returncode == 0, (what, result.stderr)
                assert answers(directory)["search"] == baseline["search"], what
            figures.add("corruptions tried")
            shutil.rmtree(directory)
    assert silent_user_changes == []


def test_corruption_matrix(pristine: Path, tmp_path: Path) -> None:
    run_matrix(pristine, tmp_path, corruptions=6, seed=11)


@pytest.mark.slow
def test_corruption_matrix_long(pristine: Path, tmp_path: Path) -> None:
    run_matrix(pristine, tmp_path, corruptions=45, seed=12, every_command=True)


def test_flipped_byte_in_a_user_state_id_is_reported(pristine: Path, tmp_path: Path) -> None:
    """Failure 13: one flipped byte in an article id silently dropped a star."""
    directory = tmp_path / "lib"
    shutil.copytree(pristine, directory)
    user = directory / "user.json"
    data = user.read_bytes()
    starred = orjson.loads(manchette(directory, "search", "--json", "is:starred").stdout)
    at = data.index(starred[0]["id"].encode()) + 3
    user.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])
    result = manchette(directory, "search", "is:starred")
    assert result.returncode == 1
    line = one_line_error(result)
    assert "user.json is damaged" in line and "user.json.corrupt-" in line
    assert len(list(directory.glob("user.json.corrupt-*"))) == 1
    figures.add("corruptions tried")


def test_damage_inside_the_index_body_is_repaired(pristine: Path, tmp_path: Path) -> None:
    """Failure 5: a flipped byte in the index body gave IndexError on every search."""
    flip_the_index(pristine, tmp_path, flips=4)


@pytest.mark.slow
def test_thirty_flips_inside_the_index_body(pristine: Path, tmp_path: Path) -> None:
    flip_the_index(pristine, tmp_path, flips=30)


def flip_the_index(pristine: Path, tmp_path: Path, flips: int) -> None:
    directory = tmp_path / "lib"
    shutil.copytree(pristine, directory)
    before = manchette(directory, "search", "--json", "poutine").stdout
    index = directory / "search-index.bin"
    data = bytearray(index.read_bytes())
    rng = random.Random(5)
    for _ in range(flips):
        at = rng.randrange(len(data) // 2, len(data))
        data[at] ^= 0x10
        index.write_bytes(bytes(data))
        result = manchette(directory, "search", "--json", "poutine")
        assert result.returncode == 0, result.stderr
        assert result.stdout == before
        assert b"building the search index" in result.stderr
        data = bytearray(index.read_bytes())  # rebuilt: the next flip damages a good file
        figures.add("corruptions tried")
    assert b"building" not in manchette(directory, "search", "poutine").stderr


def edit_records(directory: Path, name: str, change: Any) -> str:
    """Give one stored record a wrong type, as a buggy or foreign writer would.

    Article records go through the store's own table, so their checksums are right and only
    the type check can find them; user.json is rewritten by hand without its checksum (as a
    file written before checksums existed).
    """
    if name == ARTICLES:
        library = Library.open(directory)
        table = library._articles_file.table("articles")
        key, record = next(iter(table.docs().items()))
        data = {"articles": {key: dict(record)}}
        change(data)
        with library._transaction(library._articles_file):
            table.put_many(data["articles"])
        library.close()
        return key
    path = directory / name
    data = orjson.loads(path.read_bytes())
    change(data)
    data["meta"]["1"].pop("checksum", None)
    path.write_bytes(orjson.dumps(data))
    return next(iter(data["state"]))


def _first(table: dict[str, Any]) -> dict[str, Any]:
    return table[next(iter(table))]


ARTICLES, USER = "articles", "user.json"
WRONG_TYPES: dict[str, tuple[str, Any]] = {
    "title 123": (ARTICLES, lambda d: _first(d["articles"]).update(title=123)),
    "title null": (ARTICLES, lambda d: _first(d["articles"]).update(title=None)),
    "tag name a list": (
        ARTICLES,
        lambda d: _first(d["articles"]).update(tags=[{"name": ["x"], "kind": "keyword"}]),
    ),
    "date not-a-date": (ARTICLES, lambda d: _first(d["articles"]).update(date="not-a-date")),
    "user state a string": (USER, lambda d: d["state"].update({next(iter(d["state"])): "x"})),
    "user tags 5": (USER, lambda d: _first(d["state"]).update(tags=5)),
}


@pytest.mark.parametrize("case", list(WRONG_TYPES))
def test_records_of_the_wrong_type_give_the_damaged_file_error(
    pristine: Path, tmp_path: Path, case: str
) -> None:
    """Failure 7: tracebacks in list, search, import and the browser."""
    directory = tmp_path / "lib"
    shutil.copytree(pristine, directory)
    name, change = WRONG_TYPES[case]
    key = edit_records(directory, name, change)
    name = "user.json" if name == USER else "articles"
    commands = (("list",), ("search", "poutine"), ("import", str(SAMPLES)), ("show", key))
    for command in commands:
        result = manchette(directory, *command)
        assert result.returncode == 1, (case, command, result.stdout)
        line = one_line_error(result)
        assert name in line and "is damaged" in line, (case, command, line)
        figures.add("inputs tried")


@pytest.mark.skipif(not can_drop_rights(), reason="file modes cannot be made to apply")
def test_a_library_in_an_unreadable_folder(pristine: Path, tmp_path: Path) -> None:
    """Failure 8: a PermissionError traceback in every command and the browser."""
    shutil.copytree(pristine, tmp_path / "locked" / "lib")
    (tmp_path / "locked").chmod(0)
    try:
        for command in (
            ("list",),
            ("search", "poutine"),
            ("show", "x"),
            ("import", str(SAMPLES)),
            (),
        ):
            result = manchette(tmp_path / "locked" / "lib", *command, as_user=True, timeout=30)
            assert result.returncode == 1, (command, result.stdout)
            assert "Permission denied" in one_line_error(result), command
    finally:
        (tmp_path / "locked").chmod(0o700)


def test_folder_modes_even_when_it_exists_and_under_umask_000(tmp_path: Path) -> None:
    """Failure 12: an existing 0755 library stayed 0755; parents under umask 000 were 0777."""
    existing = tmp_path / "existing"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)
    old = os.umask(0)
    try:
        assert manchette(existing, "import", str(SAMPLES)).returncode == 0
        assert manchette(tmp_path / "x" / "a" / "b" / "lib", "import", str(SAMPLES)).returncode == 0
    finally:
        os.umask(old)
    assert existing.stat().st_mode & 0o777 == 0o700
    for folder in ("x", "x/a", "x/a/b", "x/a/b/lib"):
        assert (tmp_path / folder).stat().st_mode & 0o777 == 0o700, folder
    for file in (tmp_path / "x/a/b/lib").iterdir():
        assert file.stat().st_mode & 0o077 == 0, file
