"""Turn the per-size measurements into tables (sizes side by side), ratios and target verdicts."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from bench.queries import MIX

TARGET_SIZE = 100_000
Results = dict[int, dict[str, Any]]


def dig(data: Any, *path: str) -> Any:
    """data[path[0]][path[1]]…, None when any step is missing or the stage was n/a."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def ratios(size_result: dict[str, Any]) -> dict[str, float | None]:
    """manchette/FTS5, grep/manchette, TinyDB/manchette: geometric means of per-query p50 ratios.

    manchette's figure is each query's first run in a fresh engine (cold caches).
    """

    def per_query(baseline: str, manchette_first: bool) -> float | None:
        values = []
        for query in MIX:
            ours = dig(size_result, "search", "per_query", query.name, "cold", "p50_ms")
            theirs = dig(size_result, "baselines", baseline, "queries", query.name, "p50_ms")
            if ours and theirs:
                values.append(ours / theirs if manchette_first else theirs / ours)
        return geomean(values)

    return {
        "manchette_over_fts5": per_query("fts5", True),
        "grep_over_manchette": per_query("grep", False),
        "tinydb_over_manchette": per_query("tinydb", False),
    }


@dataclass(frozen=True)
class Target:
    """A goal of the issue: what is compared, against which limit, and in which direction."""

    name: str
    path: tuple[str, ...]
    limit: float
    unit: str
    at_least: bool = False
    size: int | None = TARGET_SIZE  # None: holds at every size

    def verdict(self, value: float | None) -> str:
        if value is None:
            return "n/a"
        ok = value >= self.limit if self.at_least else value <= self.limit
        return "met" if ok else "not met"


MILLION = 1_000_000


def _both(name: str, path: tuple[str, ...], limits: tuple[float, float], unit: str,
          at_least: bool = False) -> tuple[Target, Target]:  # fmt: skip
    """One of issue 12's targets, with its limit at 100k and at 1M."""
    return (
        Target(name, path, limits[0], unit, at_least, TARGET_SIZE),
        Target(name, path, limits[1], unit, at_least, MILLION),
    )


# Issue 12 (whole commands, the app, import at scale), then issue 4's engine targets.
TARGETS: tuple[Target, ...] = (
    *_both("search --limit 50 (command)", ("commands", "search_median_s"), (0.25, 0.5), "s"),
    *_both("  grep / search", ("commands", "grep_over_search"), (3, 5), "x", at_least=True),
    *_both("  its peak memory", ("commands", "search_peak_mb"), (150, 400), "MB"),
    *_both("show ID (command)", ("commands", "show_median_s"), (0.25, 0.3), "s"),
    *_both("app: first rows", ("coldstart", "seconds"), (0.8, 1.5), "s"),
    *_both("app: memory after 30 s", ("coldstart", "rss_after_hold_mb"), (300, 1200), "MB"),
    *_both("keystroke p95", ("interactive", "keystroke", "p95_ms"), (30, 50), "ms"),
    *_both("open article p95", ("interactive", "open", "p95_ms"), (30, 50), "ms"),
    *_both("import rate", ("import", "articles_per_s"), (3000, 2500), "art/s", at_least=True),
    *_both("import peak memory", ("import", "peak_mb"), (1024, 1536), "MB"),
    *_both("import 10 more articles", ("commands", "import_more", "seconds"), (1, 3), "s"),
    Target("query p95", ("search", "cold", "p95_ms"), 10, "ms"),
    # Issue 15: versions and stories against the generator's planted truth.
    Target("versions precision", ("stories", "versions", "precision"), 0.98, "", True, None),
    Target("versions recall", ("stories", "versions", "recall"), 0.95, "", True, None),
    Target("stories precision", ("stories", "stories", "precision"), 0.9, "", True, None),
    Target("stories recall", ("stories", "stories", "recall"), 0.8, "", True, None),
    Target("grouping % of import", ("import", "grouping_pct"), 20, "%", size=None),
    Target("query+facets p95", ("search", "with_facets", "p95_ms"), 20, "ms"),
    Target("manchette / FTS5", ("ratios", "manchette_over_fts5"), 2, "x"),
)


def judge(results: Results) -> list[dict[str, Any]]:
    """Each target, judged at its size if measured, else at the largest size measured."""
    out = []
    largest = max(results)
    for target in TARGETS:
        if target.size is None:
            sizes = sorted(results)
        elif target.size > TARGET_SIZE and target.size not in results:
            sizes = []  # a 1M target is judged at 1M only
        else:
            sizes = [target.size] if target.size in results else [largest]
        worst: tuple[int, float] | None = None
        for size in sizes:
            value = dig(results[size], *target.path)
            if value is None:
                continue
            if worst is None or (value < worst[1] if target.at_least else value > worst[1]):
                worst = (size, value)
        value = worst[1] if worst else None
        at = worst[0] if worst else (target.size or largest)
        note = "" if target.size is None or at == target.size else f"target is for {target.size:,}"
        out.append({
            "target": target.name, "limit": target.limit, "unit": target.unit, "size": at,
            "value": value, "status": target.verdict(value), "note": note,
            "at_least": target.at_least,
        })  # fmt: skip
    return out


def grouping_ms(r: dict[str, Any]) -> float | None:
    """Milliseconds of version and story grouping per imported article."""
    seconds, articles = dig(r, "import", "grouping_s"), dig(r, "import", "articles")
    return seconds * 1000 / articles if seconds is not None and articles else None


def _ratio_text(a: Any, b: Any) -> str | None:
    return None if a is None or b is None else f"{a} / {b}"


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


Row = tuple[str, Callable[[dict[str, Any]], Any], int]

# fmt: off
ROWS: tuple[tuple[str, tuple[Row, ...]], ...] = (
    ("corpus", (
        ("articles", lambda r: dig(r, "corpus", "articles"), 0),
        ("page files", lambda r: dig(r, "corpus", "files"), 0),
        ("pages MB", lambda r: dig(r, "corpus", "mb"), 1),
        ("generator art/s", lambda r: dig(r, "corpus", "articles_per_s"), 0),
    )),
    ("import", (
        ("articles / s", lambda r: dig(r, "import", "articles_per_s"), 0),
        ("seconds", lambda r: dig(r, "import", "seconds"), 2),
        ("peak memory MB", lambda r: dig(r, "import", "peak_mb"), 0),
        ("library on disk MB", lambda r: dig(r, "import", "library_mb"), 1),
    )),
    ("reading accuracy %", (
        ("articles found", lambda r: dig(r, "accuracy", "found_pct"), 1),
        ("extra articles", lambda r: dig(r, "accuracy", "extra_articles"), 0),
        ("stated dates right", lambda r: dig(r, "accuracy", "stated_dates_pct"), 1),
        ("undated kept undated", lambda r: dig(r, "accuracy", "undated_kept_undated_pct"), 1),
        ("estimate holds", lambda r: dig(r, "accuracy", "estimate_holds_pct"), 1),
        ("agency right", lambda r: dig(r, "accuracy", "agency_pct"), 1),
        ("archive tags right", lambda r: dig(r, "accuracy", "tags_pct"), 1),
        ("all places kept", lambda r: dig(r, "accuracy", "places_pct"), 1),
    )),
    ("versions and stories (pairwise)", (
        ("versions precision", lambda r: dig(r, "stories", "versions", "precision"), 3),
        ("versions recall", lambda r: dig(r, "stories", "versions", "recall"), 3),
        ("stories precision", lambda r: dig(r, "stories", "stories", "precision"), 3),
        ("stories recall", lambda r: dig(r, "stories", "stories", "recall"), 3),
        ("stories found / planted", lambda r: _ratio_text(dig(r, "stories", "stories_found"),
                                                          dig(r, "stories", "stories_true")), 0),
        ("grouping ms / article", lambda r: grouping_ms(r), 3),
        ("grouping % of import", lambda r: dig(r, "import", "grouping_pct"), 1),
        ("thread all results ms p50", lambda r: dig(r, "stories", "thread_all", "p50_ms"), 1),
        ("open a story ms p95", lambda r: dig(r, "stories", "open_story", "p95_ms"), 2),
        ("groups.json MB", lambda r: dig(r, "stories", "groups_mb"), 2),
    )),
    ("cold start", (
        ("to first rows s", lambda r: dig(r, "coldstart", "seconds"), 2),
        ("  of which library open", lambda r: dig(r, "coldstart", "library_s"), 2),
        ("  of which engine open", lambda r: dig(r, "coldstart", "engine_s"), 2),
        ("peak memory MB", lambda r: dig(r, "coldstart", "peak_mb"), 0),
    )),
    ("queries ms (cold caches)", (
        ("engine open", lambda r: dig(r, "search", "engine_init", "p50_ms"), 1),
        ("p50", lambda r: dig(r, "search", "cold", "p50_ms"), 2),
        ("p95", lambda r: dig(r, "search", "cold", "p95_ms"), 2),
        ("p95 warm", lambda r: dig(r, "search", "warm", "p95_ms"), 2),
        ("facets p95", lambda r: dig(r, "search", "facets", "p95_ms"), 2),
        ("query + facets p95", lambda r: dig(r, "search", "with_facets", "p95_ms"), 2),
    )),
    ("in the app ms", (
        ("keystroke p50", lambda r: dig(r, "interactive", "keystroke", "p50_ms"), 1),
        ("keystroke p95", lambda r: dig(r, "interactive", "keystroke", "p95_ms"), 1),
        ("open article p95", lambda r: dig(r, "interactive", "open", "p95_ms"), 1),
        ("first open", lambda r: dig(r, "interactive", "open", "first_ms"), 1),
        ("open, engine only p95", lambda r: dig(r, "search", "open_engine", "p95_ms"), 1),
        ("engine only, first", lambda r: dig(r, "search", "open_engine", "first_ms"), 1),
    )),
    ("whole commands s (spawn to exit)", (
        ("search --limit 50, median", lambda r: dig(r, "commands", "search_median_s"), 3),
        ("  its peak memory MB", lambda r: dig(r, "commands", "search_peak_mb"), 0),
        ("grep over the pages, median", lambda r: dig(r, "commands", "grep_median_s"), 3),
        ("rg over the pages, median", lambda r: dig(r, "commands", "rg_median_s"), 3),
        ("grep / search", lambda r: dig(r, "commands", "grep_over_search"), 1),
        ("rg / search", lambda r: dig(r, "commands", "rg_over_search"), 1),
        ("show ID, median", lambda r: dig(r, "commands", "show_median_s"), 3),
        ("list --limit 50", lambda r: dig(r, "commands", "list_limit", "median_s"), 3),
        ("list --limit 50 --json", lambda r: dig(r, "commands", "list_limit_json", "median_s"), 3),
        ("import 10 more articles", lambda r: dig(r, "commands", "import_more", "seconds"), 2),
        ("app memory after 30 s MB", lambda r: dig(r, "coldstart", "rss_after_hold_mb"), 0),
    )),
    ("versus", (
        ("manchette / FTS5", lambda r: dig(r, "ratios", "manchette_over_fts5"), 2),
        ("grep / manchette", lambda r: dig(r, "ratios", "grep_over_manchette"), 1),
        ("TinyDB / manchette", lambda r: dig(r, "ratios", "tinydb_over_manchette"), 1),
        ("FTS5 build s", lambda r: dig(r, "baselines", "fts5", "build_s"), 2),
    )),
)
# fmt: on


def main_table(results: Results) -> Table:
    sizes = sorted(results)
    table = Table(title="manchette benchmark", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("measure", no_wrap=True)
    for size in sizes:
        table.add_column(f"{size:,}", justify="right", no_wrap=True)
    for section, rows in ROWS:
        table.add_row(f"[bold]{section}[/bold]", *[""] * len(sizes))
        for label, get, digits in rows:
            table.add_row("  " + label, *[_fmt(get(results[s]), digits) for s in sizes])
    return table


def _hits(value: Any) -> str:
    if not isinstance(value, int):
        return "n/a"
    return f"{value // 1000}k" if value >= 10_000 else str(value)


def _ms(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return "n/a"
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def query_table(results: Results) -> Table:
    """The mix at the largest size: p50 ms (manchette cold) and hits, per engine."""
    size = max(results)
    r = results[size]
    title = f"query mix at {size:,}: p50 ms / hits (grep counts files)"
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("query", "manchette", "FTS5", "TinyDB", "grep"):
        table.add_column(name, justify="left" if name == "query" else "right", no_wrap=True)
    for query in MIX:
        ours = dig(r, "search", "per_query", query.name)
        cells = [query.name, f"{_ms(dig(ours, 'cold', 'p50_ms'))} / {_hits(dig(ours, 'hits'))}"]
        for engine in ("fts5", "tinydb", "grep"):
            q = dig(r, "baselines", engine, "queries", query.name)
            cells.append(f"{_ms(dig(q, 'p50_ms'))} / {_hits(dig(q, 'hits'))}")
        table.add_row(*cells)
    return table


def target_table(verdicts: list[dict[str, Any]]) -> Table:
    below = any(v["note"] for v in verdicts)
    title = "targets" + (" (* measured below the size the target is set for)" if below else "")
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("target", "limit", "at", "value", "status"):
        table.add_column(name, no_wrap=True)
    for v in verdicts:
        limit = ("≥ " if v["at_least"] else "≤ ") + f"{v['limit']:g} {v['unit']}"
        status = v["status"] + ("*" if v["note"] and v["status"] != "n/a" else "")
        size = v["size"]
        at = f"{size // MILLION}M" if size % MILLION == 0 else f"{size / 1000:g}k"
        table.add_row(v["target"], limit, at, _fmt(v["value"], 2), status)
    return table


def notes(results: Results) -> list[str]:
    """One line per stage that could not be measured, with its reason."""
    lines = []
    for size in sorted(results):
        for stage, value in results[size].items():
            if isinstance(value, dict) and value.get("status") in ("n/a", "error", "skipped"):
                lines.append(f"{size:,} {stage}: {value.get('reason', value['status'])}")
            for sub in ("fts5", "tinydb", "grep", "keystroke", "open"):
                inner = dig(value, sub)
                if isinstance(inner, dict) and inner.get("status") in ("n/a", "error"):
                    lines.append(f"{size:,} {stage} {sub}: {inner.get('reason')}")
                elif isinstance(inner, dict) and inner.get("note"):
                    lines.append(f"{size:,} {stage} {sub}: {inner['note']}")
    return lines


def print_report(results: Results, verdicts: list[dict[str, Any]], console: Console) -> None:
    console.print(main_table(results))
    console.print(query_table(results))
    console.print(target_table(verdicts))
    for line in notes(results):
        console.print(line, markup=False, highlight=False)
