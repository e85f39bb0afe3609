"""Hostile HTML, feeds, WARC, CSV and JSON: no crash, bounded memory, a one-line reason, nothing lost.

The files are made in tmp_path; the import runs as the real command under an address-space
limit, so a parser that expanded an entity bomb or read a 2 GB record would die, not pass.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEEDS_DIR
from tests.test_cli import MANCHETTE, run

MEMORY_LIMIT = 1536 * 1024 * 1024  # far above a normal import (~150 MB), far below a bomb


def _entity_levels(root: str) -> str:
    levels = ['<!ENTITY l0 "lol lol lol lol lol lol lol lol lol lol">']
    levels += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    return f"<!DOCTYPE {root} [\n" + "\n".join(levels) + "\n]>\n"


def _hostile_files(folder: Path) -> dict[str, str]:
    """Each hostile file and what the import must say about it ('' when it is imported)."""
    folder.mkdir()
    (folder / "entity_bomb.html").write_text(
        _entity_levels("html") + "<html><body><h1>&l9; Bombe</h1><p>&l9;&l9;&l9;</p>"
        + "<p>" + "&amp;&lt;&#x1b;[2J" * 200_000 + "</p></body></html>", encoding="utf-8"
    )  # fmt: skip
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + "profond",
                                      encoding="utf-8")  # fmt: skip
    (folder / "laughs.xml").write_text(
        '<?xml version="1.0"?>\n' + _entity_levels("rss")
        + '<rss version="2.0"><channel><title>&l9;</title><item><title>&l9;</title>'
        + "<link>http://127.0.0.1/x</link></item></channel></rss>", encoding="utf-8"
    )  # fmt: skip
    (folder / "xxe.rss").write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>',
        encoding="utf-8",
    )
    (folder / "huge_record.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/big\r\n"
        b"WARC-Date: 2025-06-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: 2147483648\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        + b"<html><body><p>" + b"A" * 100_000
    )  # fmt: skip
    (folder / "formulas.csv").write_bytes(
        b"title,url,date,text\n"
        b'"=cmd|\' /C calc\'!A0",https://x.example/f1,2025-06-01,"@SUM(1+1)*cmd|x"\n'
        b"Ligne avec un octet\x00nul,https://x.example/f2,2025-06-01,texte\n"
        b'"Une ligne saine et bien formee",https://x.example/f3,2025-06-02,"Le texte."\n'
    )  # fmt: skip
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "deep.jsonl").write_text(
        '{"title": "Ligne saine du JSONL", "text": "Un texte."}\n'
        + '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8"
    )  # fmt: skip
    return {
        "laughs.xml": "entity declarations refused",
        "xxe.rss": "entity declarations refused",
        "huge_record.warc": "declares 2147483648 bytes",
        "formulas.csv": "line 3: NUL bytes",
        "deep.json": "not JSON",
        "deep.jsonl": "line 2: not JSON",
        "deep.html": "nested more than",
    }


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_hostile_documents_are_skipped_with_one_line_and_nothing_is_lost(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    run("import", str(SEEDS_DIR), library=library, check=True)
    before = {a["id"]: a for a in json.loads(run("list", "--json", library=library).stdout)}
    expected = _hostile_files(tmp_path / "hostile")
    env = {**os.environ, "MANCHETTE_LIBRARY": str(library), "COLUMNS": "80"}
    done = subprocess.run([str(MANCHETTE), "import", str(tmp_path / "hostile")], env=env,
                          capture_output=True, text=True, timeout=300, preexec_fn=_limited)  # fmt: skip
    print(done.stdout, done.stderr)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert all(line.startswith("skipped ") for line in lines), lines
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in lines), (name, reason)
    after = {a["id"]: a for a in json.loads(run("list", "--json", library=library).stdout)}
    assert all(after[i] == a for i, a in before.items()), "a stored article changed"
    titles = {a["title"] for i, a in after.items() if i not in before}
    assert "Une ligne saine et bien formee" in titles and "Ligne saine du JSONL" in titles
    assert "=cmd|' /C calc'!A0" in titles  # a formula cell is text, never run (exports escape it)
    bomb = [a for a in after.values() if a["title"].endswith("Bombe")]
    assert len(bomb) <= 1 and all(len(json.dumps(a)) < 4_000_000 for a in after.values())
    assert not any("\x1b" in json.dumps(a, ensure_ascii=False) for a in after.values())


@pytest.mark.parametrize("name", ["laughs.xml", "deep.json", "formulas.csv", "huge_record.warc"])
def test_each_hostile_file_alone_says_why(tmp_path: Path, name: str) -> None:
    _hostile_files(tmp_path / "in")
    done = run("import", str(tmp_path / "in" / name), library=tmp_path / "lib")
    assert "Traceback" not in done.stderr and done.returncode == 1
    assert all(line.startswith("skipped ") for line in done.stderr.splitlines() if line.strip())
