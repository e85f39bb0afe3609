"""The record layout: commands read only what they print, old libraries convert once, writes append."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from archive.model import Article
from archive.read.importer import import_paths
from archive.store import recordfile, recordstorage
from archive.store.library import Library, LibraryError, UserState
from tests.conftest import DATA

MANCHETTE = Path(sys.executable).parent / "manchette"
V1 = DATA / "library-v1"


def run(*args: str, library: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [str(MANCHETTE), "--library", str(library), *args],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("lib") / "lib"
    with Library.open(directory) as library:
        import_paths(library, [DATA / "pages"])
    return directory


def test_an_old_library_is_converted_once_and_nothing_is_lost(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    shutil.copytree(V1, library, ignore=shutil.ignore_patterns("README.md"))
    old = orjson.loads((library / "articles.json").read_bytes())["articles"]
    before = files(library)
    # A read-only command reads the old file as it is and writes nothing.
    listed = run("list", "--json", library=library)
    assert listed.returncode == 0, listed.stderr
    assert {a["id"]: a for a in json.loads(listed.stdout)} == old
    assert files(library) == before
    # The first command that may write converts, and says so in one line.
    first = run("search", "--json", "--limit", "3", "drones", library=library)
    assert first.returncode == 0, first.stderr
    note = first.stderr.strip().splitlines()
    assert len(note) == 2 and "converted" in note[0] and "nothing was lost" in note[0]
    assert note[1].startswith("manchette: building the search index")  # none was kept
    assert (library / "articles.keys").exists()
    again = run("search", "--json", "--limit", "3", "drones", library=library)
    assert again.stderr == "" and again.stdout == first.stdout
    listed = run("list", "--json", library=library)
    assert {a["id"]: a for a in json.loads(listed.stdout)} == old
    with Library.open(library) as opened:
        assert opened.conversion_note is None
        states = opened.all_user_states()
        assert [s for s in states.values() if s.starred] == [UserState(starred=True)]
        assert [s.note for s in states.values() if s.note] == ["à relire"]
        assert opened.saved_searches() == {"ukr": "ukraine"}
        assert opened.get_setting("theme") == "nord"
    # An older manchette finds a schema it does not know, not an empty library.
    stub = orjson.loads((library / "articles.json").read_bytes())
    assert stub["meta"]["1"]["schema_version"] > 1 and "articles" not in stub


def damage_all_records_but(directory: Path, keep: set[str]) -> None:
    """Change one byte in the middle of every stored record except those of keep."""
    path = next(directory.glob("articles-*.records"))
    lines = path.read_bytes().split(b"\n")
    for at, line in enumerate(lines):
        if line and orjson.loads(line)[0] not in keep:
            middle = len(line) // 2
            lines[at] = line[:middle] + (b"#" if line[middle] != ord("#") else b"%") + line[
                middle + 1 :
            ]  # fmt: skip
    path.write_bytes(b"\n".join(lines))


def test_show_search_and_list_read_only_what_they_print(imported: Path, tmp_path: Path) -> None:
    library = tmp_path / "lib"
    shutil.copytree(imported, library)
    with Library.open(library) as opened:
        wanted = next(a for a in opened.all_articles() if a.body)
    damage_all_records_but(library, {wanted.id})
    shown = run("show", wanted.id, library=library)
    assert shown.returncode == 0, shown.stderr
    assert wanted.title[:30] in shown.stdout
    by_prefix = run("show", wanted.id[:10], library=library)
    assert by_prefix.returncode == 0 and by_prefix.stdout == shown.stdout
    # Rows come from the index: no record is read (they are all damaged but one).
    for args in (("search", "--limit", "5", "le"), ("list", "--limit", "5"), ("list", "le")):
        done = run(*args, library=library)
        assert done.returncode == 0, (args, done.stderr)
        assert "articles" in done.stdout.splitlines()[-1]
    # A command that needs the damaged records says so, naming the file.
    done = run("list", "--json", library=library)
    assert done.returncode == 1 and "damaged" in done.stderr and ".records" in done.stderr


def test_list_streams_plain_lines_and_takes_a_query_and_a_limit(imported: Path) -> None:
    everything = run("list", library=imported)
    rows = everything.stdout.splitlines()[:-1]
    assert len(rows) > 5 and all(len(row.split("\t")) == 4 for row in rows)
    dates = [row.split("\t")[1] for row in rows if row.split("\t")[1][:1].isdigit()]
    assert dates == sorted(dates, reverse=True)  # newest first
    limited = run("list", "--limit", "3", library=imported).stdout.splitlines()
    assert limited[:3] == rows[:3] and limited[3].startswith("3 of ")
    matching = run("list", "--limit", "2", "--json", "bourse", library=imported)
    found = json.loads(matching.stdout)
    assert 0 < len(found) <= 2
    bad = run("list", "date:2025-13", library=imported)
    assert bad.returncode == 2 and "bad query" in bad.stderr and "Traceback" not in bad.stderr


def test_search_imports_neither_textual_nor_the_gazetteer(imported: Path) -> None:
    probe = (
        "import sys; from tui.cli import main; "
        f"main(['--library', {str(imported)!r}, 'search', '--json', '--limit', '2', 'le']); "
        "import archive.read.entities as e; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'), "
        "e._gazetteer.cache_info().currsize, 'archive.read.importer' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stderr.strip().splitlines()[-1] == "[] 0 False"


def count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    decoded: list[str] = []
    real = recordfile.decode_record

    def spy(path: Path, key: str, raw: bytes, crc: int) -> dict[str, object]:
        decoded.append(key)
        return real(path, key, raw, crc)

    monkeypatch.setattr(recordfile, "decode_record", spy)
    return decoded


def test_costs_follow_the_work(
    imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(imported, tmp_path / "lib")
    decoded = count_decodes(monkeypatch)
    library = Library.open(tmp_path / "lib")
    count = len(library)
    assert count > 10 and decoded == []
    some = library.all_articles()[3]
    decoded.clear()
    assert library.get(some.id) == some and decoded == [some.id]
    decoded.clear()
    records = next((tmp_path / "lib").glob("articles-*.records"))
    size = records.stat().st_size
    changed = Article.from_dict({**some.to_dict(), "teaser": "Nouveau chapeau."})
    assert library.write_articles([changed]).updated == 1
    assert decoded == [some.id]  # the stored version, to compare; nothing else
    grown = records.stat().st_size - size
    assert 0 < grown < 2 * len(orjson.dumps(changed.to_dict())) + 100
    assert len(library) == count and Library.open(tmp_path / "lib").get(some.id) == changed


def test_rewriting_compacts_the_records_file(tmp_path: Path) -> None:
    library = Library.open(tmp_path)
    articles = [Article(f"a{n}", f"Titre {n}", teaser="x" * 8000) for n in range(40)]
    library.write_articles(articles)
    for round_ in range(400):  # each round rewrites one article: about 3 MB of stale records
        n = round_ % 40
        articles[n] = Article(f"a{n}", f"Titre {n} ({round_})", teaser="y" * 8000)
        library.write_articles([articles[n]])
    records = list(tmp_path.glob("articles-*.records"))
    assert len(records) == 1 and records[0].name != "articles-1.records"  # a new generation
    assert records[0].stat().st_size < 3 * 40 * 8100 + recordfile.COMPACT_MIN_BYTES
    assert sorted(Library.open(tmp_path).all_articles(), key=lambda a: a.id) == sorted(
        articles, key=lambda a: a.id
    )


def test_a_crash_before_the_key_table_is_replaced_keeps_the_old_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library.open(tmp_path)
    library.write_articles([Article("a1", "Un"), Article("a2", "Deux")])

    def killed(path: Path, payload: bytes) -> None:
        raise recordstorage.WriteFailed(path, "killed")

    with monkeypatch.context() as patch:
        patch.setattr(recordstorage, "replace_file", killed)
        with pytest.raises(LibraryError, match="previous version"):
            library.write_articles([Article("a1", "Perdu"), Article("a3", "Trois")])
    # The records were appended but no key table names them: the old state, and the stray
    # bytes are dropped by the next write.
    reopened = Library.open(tmp_path)
    assert [a.title for a in reopened.all_articles()] == ["Un", "Deux"]
    reopened.write_articles([Article("a3", "Trois")])
    assert [a.title for a in Library.open(tmp_path).all_articles()] == ["Un", "Deux", "Trois"]


def test_a_reader_follows_a_compaction_by_another_process(tmp_path: Path) -> None:
    writer, reader = Library.open(tmp_path), Library.open(tmp_path, readonly=True)
    writer.write_articles([Article("a1", "Un"), Article("a2", "Deux")])
    assert reader.get("a1") == Article("a1", "Un")  # the reader has generation 1 open
    storage = writer._articles_file.storage
    assert isinstance(storage, recordstorage.RecordStorage)
    with writer._articles_file.mutex, writer._locked(writer._articles_file.lock):
        storage.rewrite(
            [("a1", Article("a1", "Un").to_dict()), ("a2", Article("a2", "Deux").to_dict())]
        )
    fresh = Library.open(tmp_path, readonly=True)
    table = fresh._articles_file.table("articles")._read_table()
    assert isinstance(table, recordstorage.RecordTable)
    writer.write_articles([Article("a3", "Trois")])
    storage.rewrite(recordstorage.RecordTable(storage, storage.current()).items())
    # fresh's table still names generation 2, now removed: the lookup reads the new table.
    assert table["a2"]["title"] == "Deux"
    assert reader.get("a3") == Article("a3", "Trois")


def test_a_damaged_old_library_is_explained_and_kept(tmp_path: Path) -> None:
    (tmp_path / "articles.json").write_bytes(b'{"articles": {"a1": {"id"')
    with pytest.raises(LibraryError) as caught:
        Library.open(tmp_path)
    message = str(caught.value)
    assert "articles.json is damaged" in message and "delete articles.json" in message
    assert len(list(tmp_path.glob("articles.json.corrupt-*"))) == 1
    assert not (tmp_path / "articles.keys").exists()
