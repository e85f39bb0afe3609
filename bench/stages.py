"""One measurement per process, so peak memory and caches do not leak from one stage to the next.

`python -m bench.stages STAGE JSON` prints one line `BENCH-RESULT {json}`; a stage whose
module is missing answers {"status": "n/a", "reason": …} instead of failing.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from bench.stats import Unavailable, dir_size_mb, need, peak_rss_mb, summary_ms, timed

MARK = "BENCH-RESULT "


def stage_import(args: dict[str, Any]) -> dict[str, Any]:
    """Import the pages into a fresh library: rate, peak memory, size on disk."""
    store = need("archive.store.library")
    library_dir = Path(args["library"])
    shutil.rmtree(library_dir, ignore_errors=True)
    try:
        importer = need("archive.read.importer")
    except Unavailable as missing:
        return seed_from_truth(store, library_dir, args, str(missing))
    library = store.Library.open(library_dir)
    seconds, report = timed(lambda: importer.import_paths(library, [Path(args["pages"])]))
    articles = len(library)
    library.close()
    return {
        "seconds": round(seconds, 3),
        "articles": articles,
        "articles_per_s": round(articles / seconds, 1),
        "files_read": report.files_read,
        "grouping_s": round(getattr(report, "grouping_s", 0.0), 3),
        # What finding versions and stories adds to the import without it (issue 15: <= 20 %).
        "grouping_pct": round(100 * report.grouping_s / max(1e-9, seconds - report.grouping_s), 1),
        "skipped": len(report.skipped),
        "peak_mb": peak_rss_mb(),
        "library_mb": dir_size_mb(library_dir),
        "library_files": {p.name: round(p.stat().st_size / 1e6, 2) for p in library_dir.iterdir()},
    }


def seed_from_truth(
    store: Any, library_dir: Path, args: dict[str, Any], why: str
) -> dict[str, Any]:
    """Without an importer, fill the library from the generator so later stages can still run."""
    from archive.model import Article, Block, Tag
    from bench.generate import plan

    articles, _ = plan(args["size"], args["seed"])
    library = store.Library.open(library_dir)
    library.write_articles(
        Article(
            id=f"g{a.n:07d}",
            title=a.title,
            title_derived=a.shape == "bare",
            teaser=a.teaser,
            body=[Block(k, t) for k, t in a.body],
            date=a.text.stated.iso,
            date_text=a.text.stated.text,
            agency=a.text.agency,
            tags=[Tag(arc.name, arc.kind) for arc in a.archives],
        )
        for a in articles
    )
    library.close()
    return {"status": "n/a", "reason": why, "seeded": True, "library_mb": dir_size_mb(library_dir)}


def stage_accuracy(args: dict[str, Any]) -> dict[str, Any]:
    """Agreement of the imported library with the ground truth."""
    store = need("archive.store.library")
    from bench.accuracy import compare

    with open(args["truth"], encoding="utf-8") as handle:
        truth = [json.loads(line) for line in handle]
    library = store.Library.open(Path(args["library"]), readonly=True)
    return compare(truth, library.all_articles(), Path(args["pages"]))


def stage_stories(args: dict[str, Any]) -> dict[str, Any]:
    """Versions and stories against the planted truth; threading and opening a story, timed."""
    store = need("archive.store.library")
    search = need("archive.search.engine")
    from bench.stories import measure
    from tui.threads import story_query, thread_ids

    out = measure(Path(args["library"]), Path(args["truth"]))
    library = store.Library.open(Path(args["library"]))
    engine = search.SearchEngine(library)
    everything = engine.search("")
    threading, stories = [], []
    for _ in range(5):
        seconds, _ = timed(partial(thread_ids, engine, everything.ids))
        threading.append(seconds)
    groups = engine.groups()
    if groups is not None:
        sids = [sid for sid, story in groups.stories.stories.items() if story.count > 1][:50]
        for sid in sids:
            seconds, _ = timed(partial(engine.search, story_query(sid)))
            stories.append(seconds)
    out["thread_all"] = summary_ms(threading)
    out["open_story"] = summary_ms(stories)
    out["groups_mb"] = round((Path(args["library"]) / "groups.json").stat().st_size / 1e6, 2)
    return out


def open_article(engine: Any, library: Any, article_id: str, result: Any) -> Any:
    """What opening an article costs below the app: load it, find the query's matches in it."""
    return engine.highlights(library.get(article_id), result)


def stage_search(args: dict[str, Any]) -> dict[str, Any]:
    """The query mix on the engine: each round a fresh engine, each query run cold then warm."""
    store = need("archive.store.library")
    search = need("archive.search.engine")
    from bench.queries import MIX

    # Opened for writing, as the app opens it: a read-only library does not use the saved index.
    library = store.Library.open(Path(args["library"]))
    init: list[float] = []
    cold: dict[str, list[float]] = {q.name: [] for q in MIX}
    warm: dict[str, list[float]] = {q.name: [] for q in MIX}
    facets: dict[str, list[float]] = {q.name: [] for q in MIX}
    hits: dict[str, int] = {}
    results: list[Any] = []
    for _ in range(args["rounds"]):
        seconds, engine = timed(lambda: search.SearchEngine(library))
        init.append(seconds)
        for query in MIX:
            seconds, result = timed(partial(engine.search, query.manchette))
            cold[query.name].append(seconds)
            facet_s, _ = timed(partial(engine.facets, result))
            facets[query.name].append(facet_s)
            for _ in range(args["warm"]):
                seconds, result = timed(partial(engine.search, query.manchette))
                warm[query.name].append(seconds)
            hits[query.name] = result.total
            results.append(result)
    opens = []
    for result in results[: len(MIX)]:
        for article_id in result.ids[:20]:
            seconds, _ = timed(partial(open_article, engine, library, article_id, result))
            opens.append(seconds)

    def pooled(table: dict[str, list[float]]) -> list[float]:
        return [s for samples in table.values() for s in samples]

    with_facets = [s + f for q in MIX for s, f in zip(cold[q.name], facets[q.name], strict=True)]
    return {
        "engine_init": summary_ms(init),
        "cold": summary_ms(pooled(cold)),
        "warm": summary_ms(pooled(warm)),
        "facets": summary_ms(pooled(facets)),
        "with_facets": summary_ms(with_facets),
        "open_engine": {
            **summary_ms(opens),
            "first_ms": round(opens[0] * 1000, 3) if opens else None,
        },
        "per_query": {
            q.name: {
                "query": q.manchette,
                "hits": hits[q.name],
                "cold": summary_ms(cold[q.name]),
                "warm": summary_ms(warm[q.name]),
                "facets": summary_ms(facets[q.name]),
            }
            for q in MIX
        },
        "library_articles": len(library),
        "peak_mb": peak_rss_mb(),
    }


def stage_baselines(args: dict[str, Any]) -> dict[str, Any]:
    """FTS5, TinyDB and grep over the same texts, each query timed like manchette's."""
    store = need("archive.store.library")
    from bench import baselines

    library = store.Library.open(Path(args["library"]), readonly=True)
    docs = [
        baselines.Doc(
            a.title,
            "\n".join([a.title, a.teaser, *(b.text for b in a.body)]),
            tuple(t.name for t in a.tags),
            a.date,
        )
        for a in library.all_articles()
    ]
    work = Path(args["work"])
    work.mkdir(parents=True, exist_ok=True)
    reps, budget = args["reps"], args["budget_s"]
    out: dict[str, Any] = {}
    if "fts5" in args["which"]:
        if baselines.fts5_available():
            conn, built = baselines.fts5_build(docs, work / "fts5.sqlite")
            out["fts5"] = {**built, "queries": baselines.fts5_run(conn, reps, budget)}
            conn.close()
        else:
            out["fts5"] = {"status": "n/a", "reason": "n/a (this sqlite3 has no FTS5)"}
    if "tinydb" in args["which"]:
        built = baselines.tinydb_build(docs, work / "tinydb.json")
        out["tinydb"] = {
            **built,
            "queries": baselines.tinydb_run(work / "tinydb.json", reps, budget),
        }
    if "grep" in args["which"]:
        if shutil.which("grep") and shutil.which("xargs"):
            out["grep"] = {"queries": baselines.grep_run(Path(args["pages"]), reps, budget)}
        else:
            out["grep"] = {"status": "n/a", "reason": "n/a (grep or xargs not on PATH)"}
    shutil.rmtree(work, ignore_errors=True)
    return out


def stage_coldstart(args: dict[str, Any]) -> dict[str, Any]:
    """Launch to first rows, in this fresh process."""
    started = time.monotonic()
    for module in ("archive.store.library", "archive.search.engine", "tui.app"):
        if importlib.util.find_spec(module) is None:
            raise Unavailable(f"n/a (module not available yet: {module})")
    from bench.app_probe import cold_start

    try:
        return cold_start(
            Path(args["library"]), args["launched"], started, hold_s=args.get("hold_s", 0.0)
        )
    except ImportError as error:
        raise Unavailable(f"n/a (the app failed to import: {error})") from error


def stage_interactive(args: dict[str, Any]) -> dict[str, Any]:
    """Keystroke latency and article opening in the running app."""
    for module in ("archive.store.library", "archive.search.engine", "tui.app"):
        need(module)
    from bench.app_probe import interactive

    return interactive(Path(args["library"]), args["reps"])


def stage_commands(args: dict[str, Any]) -> dict[str, Any]:
    """Whole `manchette` commands from spawn to exit, beside grep and rg over the pages."""
    need("archive.store.library")
    from bench.commands import stage

    return stage(args)


STAGES = {
    "import": stage_import,
    "accuracy": stage_accuracy,
    "stories": stage_stories,
    "search": stage_search,
    "baselines": stage_baselines,
    "commands": stage_commands,
    "coldstart": stage_coldstart,
    "interactive": stage_interactive,
}


def main(argv: list[str]) -> int:
    name, raw = argv[0], argv[1]
    started = time.perf_counter()
    try:
        result = STAGES[name](json.loads(raw))
    except Unavailable as missing:
        result = {"status": "n/a", "reason": str(missing)}
    result.setdefault("stage_s", round(time.perf_counter() - started, 3))
    print(MARK + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
