"""Small measuring helpers shared by the stages: percentiles, peak memory, sizes on disk."""

from __future__ import annotations

import importlib
import importlib.util
import math
import resource
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any


class Unavailable(Exception):
    """A module a measurement needs cannot be imported; str(e) says which and why."""


def need(module: str) -> ModuleType:
    """Import a project module, or raise Unavailable with a one-line reason."""
    try:
        spec = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        raise Unavailable(f"n/a (module not available yet: {module})")
    try:
        return importlib.import_module(module)
    except Exception as error:  # a half-written module: report it, keep measuring the rest
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise Unavailable(f"n/a ({module} failed to import: {first})") from error


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of values; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(samples: Sequence[float]) -> dict[str, Any]:
    """p50, p95 and max of samples given in seconds, as milliseconds."""

    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 3)

    return {
        "n": len(samples),
        "p50_ms": ms(percentile(samples, 50)),
        "p95_ms": ms(percentile(samples, 95)),
        "max_ms": ms(max(samples) if samples else None),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def dir_size_mb(path: Path) -> float:
    """Bytes of all files under path, in MB."""
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return round(total / 1e6, 2)


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def repeat(call: Callable[[], Any], reps: int, budget_s: float) -> list[float]:
    """Time call up to reps times, stopping early once budget_s is spent (at least once)."""
    samples: list[float] = []
    spent = 0.0
    for _ in range(max(1, reps)):
        seconds, _ = timed(call)
        samples.append(seconds)
        spent += seconds
        if spent >= budget_s:
            break
    return samples
