"""What a user would otherwise use, over the same texts: SQLite FTS5, TinyDB Query scans, grep."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.queries import MIX, grep_command, tag_token, tinydb_condition
from bench.stats import repeat, summary_ms


@dataclass(frozen=True, slots=True)
class Doc:
    """The searchable text of one stored article."""

    title: str
    text: str  # title, teaser and body
    tags: tuple[str, ...]
    date: str | None


def _result(samples: list[float], hits: int) -> dict[str, Any]:
    return {**summary_ms(samples), "hits": hits}


def fts5_available() -> bool:
    """True when this Python's sqlite3 has the FTS5 extension."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


def fts5_build(docs: Iterable[Doc], path: Path) -> tuple[sqlite3.Connection, dict[str, Any]]:
    """An FTS5 index on disk (unicode61, diacritics removed) over the docs; build time and size.

    Tags go in their own column, one token each, so "tag:russie" does not match a category
    that merely contains the word.
    """
    path.unlink(missing_ok=True)
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tags, date UNINDEXED, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    conn.executemany(
        "INSERT INTO docs(title, body, tags, date) VALUES (?, ?, ?, ?)",
        ((d.title, d.text, " ".join(map(tag_token, d.tags)), d.date) for d in docs),
    )
    conn.commit()
    seconds = time.perf_counter() - start
    return conn, {"build_s": round(seconds, 3), "size_mb": round(path.stat().st_size / 1e6, 2)}


def fts5_run(conn: sqlite3.Connection, reps: int, budget_s: float) -> dict[str, Any]:
    """Each mix query ranked by bm25, all matching rows fetched."""
    out: dict[str, Any] = {}
    for query in MIX:
        sql = "SELECT rowid FROM docs WHERE docs MATCH ?"
        params: tuple[str, ...] = (query.fts,)
        if query.dates:
            sql += " AND date BETWEEN ? AND ?"
            params += query.dates
        sql += " ORDER BY rank"

        def run(sql: str = sql, params: tuple[str, ...] = params) -> list[Any]:
            return conn.execute(sql, params).fetchall()

        hits = len(run())  # warm-up, also the hit count
        out[query.name] = _result(repeat(run, reps, budget_s), hits)
    return out


def tinydb_build(docs: Iterable[Doc], path: Path) -> dict[str, Any]:
    """A plain TinyDB file (its default JSON storage) holding the docs; build time and size."""
    from tinydb import TinyDB

    path.unlink(missing_ok=True)
    start = time.perf_counter()
    with TinyDB(path, encoding="utf-8", ensure_ascii=False) as db:
        db.insert_multiple(
            {"title": d.title, "text": d.text, "tags": list(d.tags), "date": d.date} for d in docs
        )
    seconds = time.perf_counter() - start
    return {"build_s": round(seconds, 3), "size_mb": round(path.stat().st_size / 1e6, 2)}


def tinydb_run(path: Path, reps: int, budget_s: float) -> dict[str, Any]:
    """Each mix query as TinyDB's own Query scan, the query cache off (as with a changing file)."""
    from tinydb import TinyDB

    out: dict[str, Any] = {}
    with TinyDB(path, encoding="utf-8", ensure_ascii=False) as db:
        table = db.table("_default", cache_size=0)
        for query in MIX:
            condition = tinydb_condition(query)
            found: list[int] = []

            def run(condition: Any = condition, found: list[int] = found) -> None:
                found[:] = [len(table.search(condition))]

            samples = repeat(run, reps, budget_s)
            out[query.name] = _result(samples, found[0] if found else 0)
    return out


def grep_run(pages: Path, reps: int, budget_s: float) -> dict[str, Any]:
    """Each mix query as a grep -ril pipeline over the page files (a UTF-8 locale for -i)."""
    env = dict(os.environ, LC_ALL="C.UTF-8")
    out: dict[str, Any] = {}
    for query in MIX:
        command = grep_command(query, str(pages))
        lines: list[int] = []

        def run(command: str = command, lines: list[int] = lines) -> None:
            done = subprocess.run(
                ["bash", "-c", command], capture_output=True, env=env, check=False
            )
            lines[:] = [done.stdout.count(b"\n")]

        samples = repeat(run, reps, budget_s)
        out[query.name] = {**_result(samples, lines[0] if lines else 0), "command": command}
    return out
