"""One command that measures everything: `python -m bench.run --sizes 1000,10000,100000 [--quick]`.

For each size: generate (or reuse) the corpus, then, each in its own process, import it,
check the reading against the ground truth, run the query mix on the engine, run the same mix
on SQLite FTS5, TinyDB and grep, start the app cold, and type into it. Prints the tables and
writes the same figures to bench/out/bench-<sizes>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from bench import report
from bench.generate import CORPUS_ROOT, DEFAULT_SEED, ensure_corpus, generation_seconds
from bench.stages import MARK

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
OUT = ROOT / "out"
STAGE_NAMES = (
    "import", "accuracy", "stories", "search", "baselines", "commands", "coldstart", "interactive",
)  # fmt: skip
MORE_SIZE = 10  # articles imported into a copy of the big library, as one more small archive
HOLD_S = 30.0  # the app's resident memory is read after it has been up this long
STAGE_TIMEOUT_S = 3600


@dataclass(frozen=True)
class Plan:
    """How many repetitions each measurement gets."""

    search_rounds: int
    search_warm: int
    command_reps: int
    hold_s: float
    baseline_reps: int
    baseline_budget_s: float
    coldstarts: int
    app_reps: int

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(2, 2, 1, 3.0, 2, 2.0, 1, 1)
        return cls(5, 3, 3, HOLD_S, 5, 6.0, 3, 5)


def run_stage(name: str, args: dict[str, Any], log: Console) -> dict[str, Any]:
    """Run one stage in a fresh interpreter and return its JSON answer (or an error record)."""
    if name == "coldstart":
        args = {**args, "launched": time.monotonic()}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.stages", name, json.dumps(args)],
            cwd=REPO, capture_output=True, text=True, timeout=STAGE_TIMEOUT_S, check=False,
            env=installed_env(),
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"status": "error", "reason": f"timed out after {STAGE_TIMEOUT_S} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARK):
            result: dict[str, Any] = json.loads(line[len(MARK) :])
            return result
    last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
    log.print(done.stderr[-3000:], markup=False, highlight=False)
    return {"status": "error", "reason": f"error: {last[:200]}"}


def installed_env() -> dict[str, str]:
    """The environment of an installed manchette: bytecode cached, as pip leaves it.

    With PYTHONDONTWRITEBYTECODE set (some sandboxes set it), every start would compile the
    project's modules again, about 90 ms that no user pays.
    """
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def corpus_info(size: int, seed: int, root: Path, log: Console) -> tuple[Any, dict[str, Any]]:
    """Generate or reuse the corpus; its figures, with the generator's speed when it was timed."""
    corpus, generated = ensure_corpus(size, seed, root=root)
    seconds = generation_seconds(corpus)
    meta = corpus.meta
    info = {
        "path": str(corpus.path), "articles": meta["articles"], "files": meta["files"],
        "mb": round(meta["bytes"] / 1e6, 1), "listing_entries": meta["listing_entries"],
        "undated": meta["undated"], "shapes": meta["shapes"], "generated_now": generated,
        "generator_s": seconds, "articles_per_s": round(size / seconds) if seconds else None,
    }  # fmt: skip
    log.print(f"[{size:,}] corpus {'generated' if generated else 'cached'}: {corpus.path}")
    return corpus, info


def measure_size(
    size: int, seed: int, plan: Plan, skip: set[str], dirs: tuple[Path, Path], log: Console
) -> dict[str, Any]:
    """Every stage at one size; dirs are (corpus cache, work folder)."""
    corpus_root, work = dirs
    corpus, info = corpus_info(size, seed, corpus_root, log)
    more, _ = ensure_corpus(MORE_SIZE, seed + 1, root=corpus_root)
    library = work / f"library-{size}-s{seed}"
    common = {"library": str(library), "pages": str(corpus.pages), "size": size, "seed": seed}
    args: dict[str, dict[str, Any]] = {
        "import": common,
        "accuracy": {**common, "truth": str(corpus.truth)},
        "stories": {**common, "truth": str(corpus.truth)},
        "search": {**common, "rounds": plan.search_rounds, "warm": plan.search_warm},
        "baselines": {
            **common, "work": str(work / f"baselines-{size}-s{seed}"), "reps": plan.baseline_reps,
            "budget_s": plan.baseline_budget_s, "which": ["fts5", "tinydb", "grep"],
        },
        "commands": {**common, "reps": plan.command_reps, "more_pages": str(more.pages)},
        "coldstart": common,
        "interactive": {**common, "reps": plan.app_reps},
    }  # fmt: skip
    result: dict[str, Any] = {"corpus": info}
    for name in STAGE_NAMES:
        if name in skip:
            result[name] = {"status": "skipped", "reason": "skipped (--skip)"}
            continue
        if name != "import" and not library.exists():
            result[name] = {"status": "n/a", "reason": "n/a (no library: the import did not run)"}
            continue
        started = time.perf_counter()
        if name == "coldstart":
            # The first run also stays up hold_s seconds, then reads its resident memory.
            holds = [plan.hold_s] + [0.0] * (plan.coldstarts - 1)
            runs = [run_stage(name, {**args[name], "hold_s": h}, log) for h in holds]
            result[name] = merge_coldstarts(runs)
        else:
            result[name] = run_stage(name, args[name], log)
        status = result[name].get("reason") or "done"
        log.print(f"[{size:,}] {name}: {status} ({time.perf_counter() - started:.1f} s)")
    result["ratios"] = report.ratios(result)
    return result


def merge_coldstarts(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median launch-to-rows time over fresh processes, with the worst peak memory."""
    good = [r for r in runs if "seconds" in r]
    if not good:
        return runs[0]
    merged = dict(min(good, key=lambda r: abs(r["seconds"] - statistics.median(
        x["seconds"] for x in good))))  # fmt: skip
    merged["runs_s"] = [r["seconds"] for r in good]
    merged["peak_mb"] = max(r["peak_mb"] for r in good)
    held = [r["rss_after_hold_mb"] for r in good if r.get("rss_after_hold_mb") is not None]
    merged["rss_after_hold_mb"] = held[0] if held else None
    return merged


def environment() -> dict[str, Any]:
    """What the figures were measured on."""
    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str | None] = {}
    for name in ("textual", "rich", "tinydb", "orjson"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count(), "packages": versions,
    }  # fmt: skip


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "").replace("k", "000")) for part in text.split(",")})
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("sizes are article counts ≥ 10, e.g. 1000,10000,100000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", type=parse_sizes, default=[10_000], help="e.g. 1000,10000")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    parser.add_argument("--skip", default="", help=f"stages to skip: {','.join(STAGE_NAMES)}")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write")
    parser.add_argument("--work", type=Path, default=OUT, help="libraries and figures go here")
    parser.add_argument("--corpus-root", type=Path, default=CORPUS_ROOT, help="corpus cache")
    parser.add_argument("--keep", action="store_true", help="keep the imported libraries")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    plan = Plan.make(args.quick)
    log = Console(stderr=True, highlight=False)
    args.work.mkdir(parents=True, exist_ok=True)
    # Libraries of this run only: two runs at once must not import into the same folder.
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=args.work))
    dirs = (args.corpus_root, scratch)
    try:
        results = {
            size: measure_size(size, args.seed, plan, skip, dirs, log) for size in args.sizes
        }
    finally:
        if args.keep:
            log.print(f"libraries kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    verdicts = report.judge(results)
    console = Console(highlight=False, width=max(80, Console().width))
    report.print_report(results, verdicts, console)
    out = args.out or args.work / f"bench-{'-'.join(str(s) for s in args.sizes)}.json"
    document = {
        "sizes": args.sizes, "seed": args.seed, "quick": args.quick, "plan": plan.__dict__,
        "environment": environment(), "results": {str(k): v for k, v in results.items()},
        "targets": verdicts,
    }  # fmt: skip
    out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    console.print(f"figures written to {out}", markup=False, highlight=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
