"""Whole commands as a user runs them, from process start to exit, next to grep and rg.

Each command is a fresh `manchette` process; its time runs from the spawn to its exit and its
peak memory is the child's own ru_maxrss (os.wait4). grep (and rg when installed) run the
mix's pipelines over the raw pages in the same stage, so the ratios compare like with like.
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.queries import MIX, MixQuery, grep_command

MANCHETTE = str(Path(sys.executable).parent / "manchette")
LIMIT = 50


def run_once(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds from spawn to exit, the child's peak resident MB, exit status)."""
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own command lines
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, child.returncode


def measure(argv: list[str], reps: int, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Median seconds and worst peak over reps runs, after one unmeasured run (warm page cache)."""
    run_once(argv, env)
    runs = [run_once(argv, env) for _ in range(reps)]
    return {
        "median_s": round(statistics.median(r[0] for r in runs), 4),
        "peak_mb": round(max(r[1] for r in runs), 1),
        "failed": sum(1 for r in runs if r[2] != 0),
    }


def rg_command(query: MixQuery, pages: str) -> str:
    """The mix's grep pipeline with ripgrep (the same patterns and file filters)."""
    flags = {"-ril": "-il", "-rilZ": "-il0", "-rlZ": "-l0", "-rilZE": "-il0", "-il": "-il",
             "-iL": "-i --files-without-match"}  # fmt: skip
    first, *rest = query.grep
    parts = [f"rg {flags[first[0]]} -- {shlex.quote(first[1])} {shlex.quote(pages)}"]
    parts += [f"xargs -0 -r rg {flags[f]} -- {shlex.quote(p)}" for f, p in rest]
    return " | ".join(parts)


def sample_ids(library_dir: Path, count: int) -> list[str]:
    """A spread of article ids (one per leading hex digit), read from the key table alone."""
    from archive.store.library import Library

    library = Library.open(library_dir, readonly=True)
    ids = [i for digit in "0123456789abcdef" for i in library.ids_starting_with(digit, 1)]
    library.close()
    return ids[:count]


def stage(args: dict[str, Any]) -> dict[str, Any]:
    """search --limit 50 over the mix, show, list --limit, grep and rg, one more small import."""
    library, pages, reps = args["library"], args["pages"], args["reps"]
    env = dict(os.environ, LC_ALL="C.UTF-8", COLUMNS="120")
    base = [MANCHETTE, "--library", library]
    per_query: dict[str, Any] = {}
    has_rg = shutil.which("rg") is not None
    for query in MIX:
        ours = measure([*base, "search", "--json", "--limit", str(LIMIT), query.manchette], reps)
        grep = measure(["bash", "-c", grep_command(query, pages)], reps, env)
        entry = {"query": query.manchette, "search": ours, "grep": grep}
        if has_rg:
            entry["rg"] = measure(["bash", "-c", rg_command(query, pages)], reps, env)
        per_query[query.name] = entry
    ids = sample_ids(Path(library), 8)
    shows = [measure([*base, "show", article_id], max(1, reps // 2)) for article_id in ids]
    out: dict[str, Any] = {
        "per_query": per_query,
        "search_median_s": _median(e["search"]["median_s"] for e in per_query.values()),
        "search_peak_mb": max(e["search"]["peak_mb"] for e in per_query.values()),
        "grep_median_s": _median(e["grep"]["median_s"] for e in per_query.values()),
        "grep_over_search": _median(
            e["grep"]["median_s"] / e["search"]["median_s"] for e in per_query.values()
        ),
        "show_median_s": _median(s["median_s"] for s in shows),
        "show_peak_mb": max((s["peak_mb"] for s in shows), default=None),
        "list_limit": measure([*base, "list", "--limit", str(LIMIT)], reps, env),
        "list_limit_json": measure([*base, "list", "--json", "--limit", str(LIMIT)], reps),
    }
    if has_rg:
        out["rg_median_s"] = _median(e["rg"]["median_s"] for e in per_query.values())
        out["rg_over_search"] = _median(
            e["rg"]["median_s"] / e["search"]["median_s"] for e in per_query.values()
        )
    if args.get("more_pages"):
        out["import_more"] = import_more(Path(library), Path(args["more_pages"]))
    return out


def import_more(library: Path, pages: Path) -> dict[str, Any]:
    """`manchette import` of a few more pages into a copy of the library, as a whole command."""
    with tempfile.TemporaryDirectory(dir=library.parent) as scratch:
        copy = Path(scratch) / "library"
        shutil.copytree(library, copy)
        # Written out first: the import's fsyncs would otherwise also flush the fresh copy.
        os.sync()
        seconds, peak, status = run_once([MANCHETTE, "--library", str(copy), "import", str(pages)])
    files = sum(1 for p in pages.rglob("*") if p.is_file())
    return {"seconds": round(seconds, 3), "peak_mb": round(peak, 1), "status": status,
            "files": files}  # fmt: skip


def _median(values: Any) -> float | None:
    values = list(values)
    return round(statistics.median(values), 4) if values else None
