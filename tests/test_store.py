"""The library store: what a user would notice if saving, reopening or recovering went wrong."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import filelock
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.model import Article, Block, DateEstimate, Source, Tag
from archive.store.library import (
    Library,
    LibraryError,
    LibraryLocked,
    UserState,
    WriteStats,
    resolve_library_dir,
)
from archive.store.recordfile import read_header
from archive.store.recordstorage import RecordStorage
from archive.store.storage import SCHEMA_VERSION


def make_article(number: int, **changes: object) -> Article:
    fields: dict[str, object] = {
        "id": f"art{number:04d}",
        "title": f"Élection à Besançon : le maire sortant réélu ({number})",
        "teaser": "Œuvre d’un soir, l’été dernier…",
        "body": [
            Block("paragraph", "Le conseil municipal s’est réuni jeudi soir."),
            Block("quote", "« C’est une victoire », a-t-il déclaré."),
        ],
        "date": "2025-09-23",
        "date_text": "mardi 23 septembre 2025",
        "tags": [Tag("Politique", "category"), Tag("Doubs", "keyword")],
        "agency": "AFP",
        "site": "exemple.fr",
        "entities": {"place": ["Besançon"]},
        "sources": [Source("archive-2025.txt", 12 + number, number, "archive-2025")],
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


@pytest.fixture(params=["memory", "file"])
def library(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Library]:
    lib = Library.in_memory() if request.param == "memory" else Library.open(tmp_path / "lib")
    yield lib
    lib.close()


def snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    """Every file in the directory with its size and modification time."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.iterdir()}


def raw(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


# Articles


def test_articles_round_trip(library: Library) -> None:
    articles = [
        make_article(1),
        make_article(2, date=None, date_estimate=DateEstimate("2025-09-01", "2025-09-30")),
        make_article(3, body=[], teaser="Seulement un chapô", title_derived=True),
    ]
    assert library.write_articles(articles) == WriteStats(new=3, updated=0, unchanged=0)
    assert len(library) == 3
    assert [a.to_dict() for a in library.all_articles()] == [a.to_dict() for a in articles]
    assert library.get("art0002") == articles[1]
    assert library.get("absent") is None


def test_articles_survive_reopening(tmp_path: Path) -> None:
    articles = [make_article(i) for i in range(5)]
    with Library.open(tmp_path / "lib") as library:
        library.write_articles(articles)
    with Library.open(tmp_path / "lib") as library:
        assert library.all_articles() == articles
    text = (tmp_path / "lib" / "articles-1.records").read_text(encoding="utf-8")
    assert "Besançon" in text  # readable UTF-8, not \u escapes


def test_reimport_is_idempotent(library: Library) -> None:
    articles = [make_article(i) for i in range(10)]
    library.write_articles(articles)
    revision = library.revision()
    assert library.write_articles(articles) == WriteStats(new=0, updated=0, unchanged=10)
    assert len(library) == 10
    assert sorted(a.id for a in library.all_articles()) == sorted(a.id for a in articles)
    assert library.revision() == revision  # nothing changed, so nothing was written


def test_upsert_counts_new_and_updated(library: Library) -> None:
    library.write_articles([make_article(1), make_article(2)])
    stats = library.write_articles(
        [make_article(2, title="Nouveau titre"), make_article(3), make_article(1)]
    )
    assert stats == WriteStats(new=1, updated=1, unchanged=1)
    assert library.get("art0002").title == "Nouveau titre"  # type: ignore[union-attr]
    # The same id twice in one call counts once and the last one wins.
    stats = library.write_articles([make_article(4, title="a"), make_article(4, title="b")])
    assert stats == WriteStats(new=1, updated=0, unchanged=0)
    assert library.get("art0004").title == "b"  # type: ignore[union-attr]
    assert len(library) == 4


def test_revision_changes_when_articles_change(library: Library) -> None:
    empty = library.revision()
    library.write_articles([make_article(1)])
    first = library.revision()
    library.write_articles([make_article(1, teaser="autre")])
    second = library.revision()
    assert len({empty, first, second}) == 3
    library.set_starred("art0001", True)
    assert library.revision() == second  # user state is not part of the articles revision


def test_write_articles_is_one_file_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = Library.open(tmp_path / "lib")
    replaced: list[str] = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        replaced.append(Path(target).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    library.write_articles(make_article(i) for i in range(300))
    library.write_articles([make_article(i, teaser="mis à jour") for i in range(300)])
    # The key table is the commit point: one rename per write, the records are appended.
    assert replaced == ["articles.keys", "articles.keys"]


def test_another_process_write_is_seen(tmp_path: Path) -> None:
    reader, writer = Library.open(tmp_path / "lib"), Library.open(tmp_path / "lib")
    writer.write_articles([make_article(1)])
    assert [a.id for a in reader.all_articles()] == ["art0001"]
    writer.write_articles([make_article(2)])
    assert [a.id for a in reader.all_articles()] == ["art0001", "art0002"]
    assert reader.get("art0002") is not None


def test_missing_files_are_an_empty_library(tmp_path: Path) -> None:
    with Library.open(tmp_path / "new") as library:
        assert len(library) == 0
        assert library.all_articles() == []
        assert library.user_state("x") == UserState()
        assert library.saved_searches() == {}
        assert library.get_setting("theme", "dark") == "dark"


@settings(max_examples=25, deadline=None)
@given(
    title=st.text(st.characters(exclude_categories=["Cs"]), min_size=1),
    paragraph=st.text(st.characters(exclude_categories=["Cs"])),
    note=st.text(st.characters(exclude_categories=["Cs"])),
)
def test_any_text_round_trips(title: str, paragraph: str, note: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        with Library.open(Path(directory)) as library:
            library.write_articles(
                [make_article(1, title=title, body=[Block("paragraph", paragraph)])]
            )
            library.set_note("art0001", note)
        with Library.open(Path(directory)) as library:
            article = library.get("art0001")
            assert article is not None and article.title == title
            assert article.body == [Block("paragraph", paragraph)]
            assert library.user_state("art0001").note == note


# User state, saved searches, settings


def test_user_state(library: Library) -> None:
    library.set_read("a", True)
    library.set_starred("a", True)
    library.set_user_tags("b", [" à lire ", "", "à lire", "Ukraine"])
    library.set_note("b", "Vérifier la date")
    assert library.user_state("a") == UserState(read=True, starred=True)
    assert library.user_state("b") == UserState(tags=["à lire", "Ukraine"], note="Vérifier la date")
    assert library.user_state("c") == UserState()
    library.set_read("a", False)
    library.set_starred("a", False)
    assert library.all_user_states() == {"b": library.user_state("b")}


def test_user_state_survives_reimport(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "lib")
    library.write_articles([make_article(1), make_article(2)])
    library.set_starred("art0001", True)
    library.set_note("art0002", "note")
    user_file = tmp_path / "lib" / "user.json"
    before = (user_file.read_bytes(), user_file.stat().st_mtime_ns)
    library.write_articles([make_article(1, title="Corrigé"), make_article(2), make_article(3)])
    assert (user_file.read_bytes(), user_file.stat().st_mtime_ns) == before
    reopened = Library.open(tmp_path / "lib")
    assert reopened.user_state("art0001").starred
    assert reopened.user_state("art0002").note == "note"


def test_searches_and_settings(library: Library) -> None:
    library.save_search("Ukraine", "ukraine AND date:2025")
    library.save_search("élections", "élection*")
    library.save_search("Ukraine", "ukraine")
    assert library.saved_searches() == {"élections": "élection*", "Ukraine": "ukraine"}
    library.delete_search("élections")
    library.delete_search("absent")
    assert library.saved_searches() == {"Ukraine": "ukraine"}
    library.set_setting("theme", "solarized")
    library.set_setting("last_query", "poutine")
    library.set_setting("columns", {"date": True, "widths": [10, 40]})
    assert library.get_setting("theme") == "solarized"
    assert library.get_setting("columns") == {"date": True, "widths": [10, 40]}
    assert library.get_setting("absent", 7) == 7
    with pytest.raises(TypeError):
        library.set_setting("bad", object())
    with pytest.raises(ValueError):
        library.save_search(" ", "x")


def test_searches_and_settings_persist(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        library.save_search("Ukraine", "ukraine")
        library.set_setting("theme", "light")
        library.set_read("art0001", True)
    with Library.open(tmp_path / "lib") as library:
        assert library.saved_searches() == {"Ukraine": "ukraine"}
        assert library.get_setting("theme") == "light"
        assert library.user_state("art0001").read


def test_two_libraries_in_one_process_lose_no_update(tmp_path: Path) -> None:
    first, second = Library.open(tmp_path / "lib"), Library.open(tmp_path / "lib")
    first.set_starred("a", True)
    second.set_read("b", True)
    first.set_note("c", "x")
    expected = {"a": UserState(starred=True), "b": UserState(read=True), "c": UserState(note="x")}
    assert first.all_user_states() == second.all_user_states() == expected


# Files on disk


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_files_are_private(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        directory = tmp_path / "deep" / "lib"
        with Library.open(directory) as library:
            library.write_articles([make_article(1)])
            library.set_read("art0001", True)
            library.set_read("art0001", False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    for name in ("articles.keys", "articles-1.records", "user.json", "user.json.bak"):
        assert stat.S_IMODE((directory / name).stat().st_mode) == 0o600, name
    for lock in (directory / ".articles.lock", directory / ".user.lock"):
        assert stat.S_IMODE(lock.stat().st_mode) == 0o600, lock.name


def test_schema_version_is_stored(tmp_path: Path) -> None:
    with Library.open(tmp_path) as library:
        library.write_articles([make_article(1)])
        library.set_read("art0001", True)
        revision = library.revision()
    assert raw(tmp_path / "user.json")["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    # The revision and the schema are at the head of the key table, read without the rest.
    header = read_header(tmp_path / "articles.keys")
    assert header is not None and header.schema == SCHEMA_VERSION
    assert revision == header.revision


@pytest.mark.parametrize("name", ["articles.keys", "articles.json", "user.json"])
def test_newer_schema_is_refused(tmp_path: Path, name: str) -> None:
    if name == "articles.keys":
        with Library.open(tmp_path) as library:
            library.write_articles([make_article(1)])
        path = tmp_path / name
        header = read_header(path)
        assert header is not None
        newer = replace(header, schema=SCHEMA_VERSION + 1).pack()
        path.write_bytes(newer + path.read_bytes()[len(newer) :])
    else:
        newer = {"meta": {"1": {"revision": "0" * 32, "schema_version": SCHEMA_VERSION + 1}}}
        (tmp_path / name).write_bytes(orjson.dumps(newer))
    before = snapshot(tmp_path)
    with pytest.raises(LibraryError) as caught:
        Library.open(tmp_path)
    message = str(caught.value)
    assert name in message and "newer manchette" in message and "\n" not in message
    assert snapshot(tmp_path) == before


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "garbage": lambda good: b"\x00\xff" + good[5:],
    "empty": lambda good: b"",
    "not tables": lambda good: b"[1, 2, 3]",
}


@pytest.mark.parametrize("name", ["articles.keys", "articles-1.records"])
@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_articles_file_is_kept_and_explained(
    tmp_path: Path, damage: str, name: str
) -> None:
    with Library.open(tmp_path) as library:
        library.write_articles([make_article(i) for i in range(20)])
    path = tmp_path / name
    damaged = DAMAGE[damage](path.read_bytes())
    path.write_bytes(damaged)

    def use() -> None:
        # The key table is checked when the library opens, a record when it is read, the
        # records file as a whole whenever it is read from end to end.
        Library.open(tmp_path).all_articles()

    for _ in range(2):  # asking twice keeps one copy, not two
        with pytest.raises(LibraryError) as caught:
            use()
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message and "damaged" in message and "manchette import" in message
    copies = list(tmp_path.glob(f"{name}.corrupt-*"))
    assert len(copies) == 1 and copies[0].name in message
    assert copies[0].read_bytes() == damaged == path.read_bytes()  # nothing overwritten
    with pytest.raises(LibraryError):
        Library.open(tmp_path).write_articles([make_article(1)])
    assert path.read_bytes() == damaged


def test_a_damaged_record_is_found_when_that_article_is_read(tmp_path: Path) -> None:
    with Library.open(tmp_path) as library:
        library.write_articles([make_article(i) for i in range(20)])
    path = tmp_path / "articles-1.records"
    data = path.read_bytes()
    at = data.index(b"art0007", data.index(b"art0007") + 1)  # inside that record's document
    path.write_bytes(data[:at] + b"ART" + data[at + 3 :])  # same length, other bytes
    library = Library.open(tmp_path)
    assert library.get("art0003") == make_article(3)  # other records read fine
    with pytest.raises(LibraryError, match="art0007.*checksum"):
        library.get("art0007")


def test_malformed_article_record_is_damage(tmp_path: Path) -> None:
    doc = make_article(1).to_dict()
    del doc["title"]
    RecordStorage(tmp_path / "articles.keys", "articles").rewrite([("art0001", doc)])
    for read in (lambda lib: lib.all_articles(), lambda lib: lib.get("art0001")):
        with pytest.raises(LibraryError, match="articles.keys is damaged"):
            read(Library.open(tmp_path))


def test_damaged_user_file_is_kept_and_explained(tmp_path: Path) -> None:
    with Library.open(tmp_path) as library:
        library.set_starred("a", True)
        library.set_starred("b", True)
    path = tmp_path / "user.json"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(LibraryError) as caught:
        Library.open(tmp_path)
    message = str(caught.value)
    assert "user.json is damaged" in message and "user.json.bak" in message
    assert len(list(tmp_path.glob("user.json.corrupt-*"))) == 1
    # The advice works: the previous version holds the first star.
    os.replace(tmp_path / "user.json.bak", path)
    assert Library.open(tmp_path).all_user_states() == {"a": UserState(starred=True)}


def fail_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", no_space)


def test_failed_write_keeps_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = Library.open(tmp_path)
    library.write_articles([make_article(1)])
    library.set_starred("art0001", True)
    before = snapshot(tmp_path)
    with monkeypatch.context() as patch:
        fail_writes(patch)
        with pytest.raises(LibraryError) as caught:
            library.write_articles([make_article(1, title="perdu"), make_article(2)])
        with pytest.raises(LibraryError):
            library.set_note("art0001", "perdue")
    message = str(caught.value)
    assert "No space left on device" in message and "articles-1.records" in message
    assert "\n" not in message
    assert snapshot(tmp_path) == before  # no temporary file left, nothing replaced
    for lib in (library, Library.open(tmp_path)):
        assert lib.all_articles() == [make_article(1)]
        assert lib.user_state("art0001") == UserState(starred=True)
    assert library.write_articles([make_article(2)]).new == 1  # and the disk has room again


def test_unsavable_text_is_refused_cleanly(tmp_path: Path) -> None:
    library = Library.open(tmp_path)
    library.write_articles([make_article(1)])
    with pytest.raises(LibraryError, match="cannot be saved as JSON"):
        library.write_articles([make_article(2, title="bad \udcff surrogate")])
    assert Library.open(tmp_path).all_articles() == [make_article(1)]


def test_stale_temporary_files_are_cleaned(tmp_path: Path) -> None:
    library = Library.open(tmp_path)
    leftover = tmp_path / ".articles.keys.deadbeef.tmp"
    leftover.write_bytes(b'{"half": ')
    library.write_articles([make_article(1)])
    assert not leftover.exists()


def test_readonly_never_writes(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert len(Library.open(missing, readonly=True)) == 0
    assert not missing.exists()
    with Library.open(tmp_path / "lib") as library:
        library.write_articles([make_article(1)])
        library.set_starred("art0001", True)
    for lock in (tmp_path / "lib").glob(".*.lock"):
        lock.unlink()
    before = snapshot(tmp_path / "lib")
    library = Library.open(tmp_path / "lib", readonly=True)
    assert library.all_articles() == [make_article(1)]
    assert library.user_state("art0001").starred and library.revision()
    for write in (
        lambda: library.write_articles([make_article(2)]),
        lambda: library.set_read("art0001", True),
        lambda: library.save_search("x", "y"),
        lambda: library.set_setting("theme", "light"),
    ):
        with pytest.raises(LibraryError, match="read-only"):
            write()
    library.close()
    assert snapshot(tmp_path / "lib") == before


def test_readonly_damaged_file_is_untouched_and_a_copy_kept(tmp_path: Path) -> None:
    """A read-only command (list, show) reports damage as a writer does: the next writer
    could replace the file, so the copy is made now; the file itself is not touched."""
    (tmp_path / "articles.json").write_bytes(b'{"articles": {')
    with pytest.raises(LibraryError, match="a copy was kept as articles.json.corrupt-"):
        Library.open(tmp_path, readonly=True).all_articles()
    assert (tmp_path / "articles.json").read_bytes() == b'{"articles": {'
    assert len(list(tmp_path.glob("articles.json.corrupt-*"))) == 1


def test_busy_library_reports_the_lock(tmp_path: Path) -> None:
    library = Library.open(tmp_path, lock_timeout=0.2)
    with filelock.FileLock(tmp_path / ".user.lock"):
        with pytest.raises(LibraryLocked) as caught:
            library.set_read("a", True)
        # The articles have their own lock: an import does not block a star, nor the reverse.
        assert library.write_articles([make_article(1)]).new == 1
    message = str(caught.value)
    assert str(tmp_path) in message and ".user.lock" in message and "\n" not in message
    library.set_read("a", True)  # free again once the other holder is gone
    assert library.user_state("a").read


def test_library_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(LibraryError, match="is not a directory"):
        Library.open(tmp_path / "file")


def test_resolve_library_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("platformdirs.user_data_dir", lambda name: str(tmp_path / "data" / name))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MANCHETTE_LIBRARY", raising=False)
    assert resolve_library_dir(None) == tmp_path / "data" / "manchette"
    monkeypatch.setenv("MANCHETTE_LIBRARY", "~/from-env")
    assert resolve_library_dir(None) == tmp_path / "home" / "from-env"
    assert resolve_library_dir("~/from-cli") == tmp_path / "home" / "from-cli"


def test_records_are_checked_like_articles_without_building_them(tmp_path: Path) -> None:
    """`list --json` prints stored records after the same type checks as Article.from_dict."""
    from archive.model import Block, Source, Tag, check_article_dict

    full = Article(
        id="a", title="T", teaser="t", body=[Block("paragraph", "x")], date="2025-01-02",
        date_estimate=None, tags=[Tag("n", "keyword")], agency="AFP", site="s", url="u",
        author="w", entities={"person": ["P"]}, sources=[Source("f", 1, 2, "arch")],
    )  # fmt: skip
    good = full.to_dict()
    assert check_article_dict(good) is good
    bad_cases = [
        {**good, "title": 5}, {**good, "date": "2025"}, {**good, "tags": [{"name": ["x"]}]},
        {**good, "sources": [{"file": "f", "line": True}]}, {**good, "entities": {"p": "x"}},
        {**good, "body": [{"type": "paragraph", "text": None}]}, [1],
        {**good, "date_estimate": {"earliest": 3}}, {**good, "author": 1},
    ]  # fmt: skip
    for bad in bad_cases:
        with pytest.raises(ValueError) as checked:
            check_article_dict(bad)
        with pytest.raises(ValueError) as built:
            Article.from_dict(bad)  # type: ignore[arg-type]
        assert str(checked.value) == str(built.value)
    library = Library.open(tmp_path / "lib")
    library.write_articles([full, Article(id="b", title="B")])
    assert list(library.records(["b", "zz", "a"])) == [
        Article(id="b", title="B").to_dict(), good]  # fmt: skip
