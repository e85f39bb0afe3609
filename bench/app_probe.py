"""Drive the real app headless with Pilot: cold start, keystroke to updated list, opening articles.

Readiness is read from the state ManchetteApp documents for tests and benchmarks: `shown_query`
becomes the typed query once the result list shows its results (`result_count` their total),
and `shown_article_id` is the article last drawn. Times stop when that state is reached, polled
every millisecond; the headless driver then paints on its next refresh (not included).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.queries import TYPED_QUERIES
from bench.stats import peak_rss_mb, summary_ms

WIDE = (120, 40)  # every pane shown: the most drawing work per update
NARROW = (80, 24)  # Enter opens the article as a full screen
TIMEOUT_S = 20.0


class ProbeTimeout(Exception):
    """The app did not reach the awaited state in time."""


async def wait_for(check: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    """Poll check every millisecond until it holds."""
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise ProbeTimeout(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.001)


def send_key(app: Any, key: str, char: str | None) -> None:
    """Queue a key on the app the way a terminal driver does, without Pilot's idle waits.

    Pilot.press waits until the process looks idle (at least 2 x 20 ms), which would swamp
    the latencies measured here.
    """
    from textual import events

    event = events.Key(key, char)
    event.set_sender(app)
    app.post_message(event)


def _shows(app: Any, query: str) -> bool:
    return bool(app.shown_query == query)


def _opened(app: Any, screen_type: type, article_id: str | None) -> bool:
    return isinstance(app.screen, screen_type) and app.shown_article_id == article_id


def _list_ready(app: Any) -> bool:
    return app.shown_query is not None and app.result_count > 0


def _open_app(library_dir: Path, started: float | None = None) -> tuple[Any, dict[str, float]]:
    """Open library, engine and app as tui/cli.py does; when each step ended (CLOCK_MONOTONIC)."""
    marks = {"start": started or time.monotonic()}
    from archive.search.engine import SearchEngine
    from archive.store.library import Library
    from tui.app import make_app

    marks["imported"] = time.monotonic()
    library = Library.open(library_dir)
    marks["library"] = time.monotonic()
    engine = SearchEngine(library)
    engine.index.count  # noqa: B018 - the CLI's empty-library check counts from the index
    marks["engine"] = time.monotonic()
    return make_app(library, engine), marks


def cold_start(
    library_dir: Path, launched: float, started: float, hold_s: float = 0.0
) -> dict[str, Any]:
    """Seconds from process launch to a list with rows; with hold_s, the memory held after.

    launched: when the parent spawned this process; started: when the stage began, before any
    project or Textual import (both CLOCK_MONOTONIC, which is shared across processes).
    """
    app, marks = _open_app(library_dir, started)
    held: list[float] = []

    async def run() -> None:
        async with app.run_test(size=WIDE):
            await wait_for(lambda: _list_ready(app), "the first rows")
            marks["rows"] = time.monotonic()
            await _settle(app)
            if hold_s:
                await asyncio.sleep(max(0.0, hold_s - (time.monotonic() - marks["rows"])))
                held.append(current_rss_mb())

    asyncio.run(run())
    steps = ("imported", "library", "engine", "rows")
    before = ["start", *steps]
    return {
        "seconds": round(marks["rows"] - launched, 3),
        "interpreter_s": round(marks["start"] - launched, 3),
        **{f"{s}_s": round(marks[s] - marks[b], 3) for b, s in zip(before, steps, strict=False)},
        "rows": app.result_count,
        "peak_mb": peak_rss_mb(),
        "rss_after_hold_mb": held[0] if held else None,
        "hold_s": hold_s or None,
    }


def current_rss_mb() -> float:
    """This process's resident memory now (Linux /proc), else its peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return peak_rss_mb()


async def _settle(app: Any) -> None:
    """Let pending searches and facet counts finish before the app is closed."""
    with contextlib.suppress(ProbeTimeout):
        await wait_for(lambda: app.search_idle and app.facets is not None, "facets", 10.0)
    await asyncio.sleep(0.05)


async def _keystrokes(app: Any, pilot: Any, queries: tuple[str, ...]) -> list[float]:
    """Type each query a character at a time; time each key until the list shows that prefix."""
    samples: list[float] = []
    await pilot.press("slash")
    for word in queries:
        typed = ""
        for char in word:
            typed += char
            start = time.perf_counter()
            send_key(app, char, char)
            await wait_for(partial(_shows, app, typed), f"results for {typed!r}")
            samples.append(time.perf_counter() - start)
        await pilot.press("ctrl+u")
        await wait_for(partial(_shows, app, ""), "the cleared query")
    return samples


async def _open_one(app: Any, screen_type: type, target: str | None) -> tuple[float, bool]:
    """Press Enter; seconds until the app reports the article shown, and whether it did.

    If the app never sets shown_article_id, the time the article screen came up holding the
    target (its view's article_id) is used instead, and the miss is counted.
    """
    start = time.perf_counter()
    deadline = start + TIMEOUT_S / 2
    send_key(app, "enter", "\r")
    screen_up: float | None = None
    while True:
        now = time.perf_counter()
        if _opened(app, screen_type, target):
            return now - start, True
        view = getattr(app.screen, "view", None) if isinstance(app.screen, screen_type) else None
        if screen_up is None and getattr(view, "article_id", None) == target:
            screen_up = now - start
        if now > deadline:
            if screen_up is None:
                raise ProbeTimeout(f"timed out after {TIMEOUT_S / 2:.0f} s opening {target}")
            return screen_up, False
        await asyncio.sleep(0.001)


async def _openings(app: Any, pilot: Any, count: int) -> tuple[list[float], int]:
    """Open `count` articles down the list with Enter (full screen at 80x24), Esc back each time.

    Returns the times and how many openings the app did not report as shown.
    """
    from tui.screens.article import ArticleScreen

    samples: list[float] = []
    unreported = 0
    main = app.screen
    for _ in range(count):
        await pilot.press("j")
        seconds, reported = await _open_one(app, ArticleScreen, app.current_article_id())
        samples.append(seconds)
        unreported += not reported
        await pilot.press("escape")
        await wait_for(lambda: app.screen is main, "the list again")
    return samples, unreported


async def _part(measure: Any) -> dict[str, Any]:
    """Summarise one measurement; a timeout becomes an error record, the others still count."""
    try:
        found = await measure
    except ProbeTimeout as error:
        return {"status": "error", "reason": f"error: {error}"}
    values, extra = found if isinstance(found, tuple) else (found, None)
    out = {**summary_ms(values), "first_ms": round(values[0] * 1000, 3) if values else None}
    if extra is not None:
        out["unreported"] = extra
    return out


def interactive(library_dir: Path, reps: int) -> dict[str, Any]:
    """Keystroke-to-list latency at 120x40, then article opening at 80x24, in one running app."""
    app, _ = _open_app(library_dir)
    out: dict[str, Any] = {}

    async def run() -> None:
        async with app.run_test(size=WIDE) as pilot:
            await wait_for(lambda: _list_ready(app), "the first rows")
            queries = TYPED_QUERIES if reps > 3 else TYPED_QUERIES[:2]
            out["keystroke"] = await _part(_keystrokes(app, pilot, queries))
            await pilot.press("ctrl+u", "escape")
            await pilot.resize_terminal(*NARROW)
            await pilot.pause()
            # 120 openings at the bench's 5 reps: with 40, the p95 was the second-worst
            # opening and moved by ±5 ms between runs of one build.
            out["open"] = await _part(_openings(app, pilot, max(8, reps * 24)))
            if out["open"].get("unreported"):
                out["open"]["note"] = "the app did not set shown_article_id for some openings"
            await _settle(app)

    asyncio.run(run())
    out["peak_mb"] = peak_rss_mb()
    return out
