"""Hostile input: every file is imported or skipped with a one-line reason; nothing stored is lost.

The small files live in tests/data/hostile; the big or special ones (50 MB, a 5 MB line, a
symlink loop, a FIFO, 10,000 files) are made in tmp_path. Each test prints what it tried.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from archive.read.importer import import_paths, read_articles
from archive.store.library import Library
from tests import figures
from tests.conftest import DATA, SEEDS_DIR

HOSTILE = DATA / "hostile"
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\ufeff]")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture()
def seeded(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "lib")
    import_paths(library, [SEEDS_DIR])
    return library


def test_hostile_collection_imports_or_skips_with_reasons(seeded: Library, tmp_path: Path) -> None:
    before = {a.id: a.to_dict() for a in seeded.all_articles()}
    files = sorted(HOSTILE.iterdir())
    report = import_paths(seeded, [HOSTILE])
    skipped = dict(report.skipped)
    print(f"\nhostile inputs tried: {len(files)}, skipped: {len(skipped)}")
    figures.add("inputs tried", len(files))
    for file, reason in sorted(skipped.items()):
        print(f"  {Path(file).name}: {reason}")
        assert "\n" not in reason and reason
    assert {Path(f).name for f in skipped} == {"vide.txt", "espaces.txt", "binaire.bin.txt"}
    after = {a.id: a.to_dict() for a in seeded.all_articles()}
    assert all(after[i] == d for i, d in before.items()), "a stored article changed"
    assert len(after) == len(before) + 12  # 11 files read, markup.txt lists two articles
    for article in after.values():
        for text in _strings(article):
            assert not UNSAFE.search(text), f"unsafe character kept in {text[:60]!r}"
    titles = {a["title"] for a in after.values()}
    assert "[@click=app.quit]x[/] Un titre qui agit" in titles  # kept literally, shown literally
    assert "Titre qui renomme le terminal" in titles  # the OSC sequence is gone, not the title
    assert "Un titre en UTF-16 avec BOM" in titles and "Fin de lignes Mac classique CR" in titles


def test_huge_files_symlink_loops_and_special_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "enorme.txt", "wb") as f:  # 50 MB: over the size limit
        f.truncate(50 * 1024 * 1024)
    line = ("Le président a parlé de la guerre et de la paix. " * 110_000)[: 5 * 1024 * 1024]
    (folder / "une_ligne.txt").write_text(line)
    os.symlink(folder / "boucle_b", folder / "boucle_a")
    os.symlink(folder / "boucle_a", folder / "boucle_b")
    os.mkfifo(folder / "tube.txt")
    shutil.copy(HOSTILE / "crlf.txt", folder / "ok.txt")
    started = time.perf_counter()
    result = read_articles([folder])
    elapsed = time.perf_counter() - started
    reasons = {Path(f).name: r for f, r in result.skipped}
    print(f"\nspecial inputs: {sorted(reasons.items())} in {elapsed:.1f} s")
    assert reasons["enorme.txt"].startswith("too large (50.0 MB")
    assert "link" in reasons["boucle_a"] and "link" in reasons["boucle_b"]
    assert reasons["tube.txt"] == "not a regular file"
    titles = {a.title for a in result.articles}
    assert "Fin de lignes Windows CRLF" in titles
    assert any(a.title_derived and a.title.startswith("Le président") for a in result.articles)


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "secret.txt"
    shutil.copy(HOSTILE / "crlf.txt", page)
    real_open = open

    def deny(file: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if str(file) == str(page):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    result = read_articles([page])
    assert result.skipped == [(str(page), "cannot read: Permission denied")]


def test_a_folder_of_10000_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"p{i:05}.txt").write_text(
            f"Archives du mot-clé lot{i % 7}\n\nArticle numéro {i} du lot\n\n"
            f"Un texte court pour l’article {i}, publié ce lundi 3 mars 2025.\n\n"
            f"Lire la suite Article numéro {i} du lot\n"
        )
    library = Library.open(tmp_path / "lib")
    started = time.perf_counter()
    report = import_paths(library, [folder])
    elapsed = time.perf_counter() - started
    print(f"\n10,000 files: {report.articles_new} articles in {elapsed:.1f} s")
    assert report.files_read == 10_000 and report.articles_new == 10_000 and not report.skipped
