"""What the interface language costs at start: `python -m bench.language [--runs N]`.

Prints, per language (en, fr), medians over fresh processes of: importing tui.i18n and
installing the catalog (the .po parsed for French), `manchette --lang L --sample list` from
launch to exit (wall and CPU), and the app from launch to its first rows (bench/app_probe.py
cold_start on the sample library). The machine is shared: compare the two columns of one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

_CATALOG = (
    "import time; t = time.perf_counter(); from tui.i18n import set_language; "
    "set_language({lang!r}); print((time.perf_counter() - t) * 1000)"
)
_FIRST_ROWS = (
    "import sys, time; started = time.monotonic(); from tui.i18n import set_language; "
    "set_language({lang!r}); from tui.commands import common; "
    "from bench.app_probe import cold_start; "
    "print(cold_start(common.sample_library().directory, float(sys.argv[1]), started)['seconds'])"
)


def _python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def catalog_ms(lang: str) -> float:
    return float(_python(_CATALOG.format(lang=lang)))


def list_ms(lang: str) -> tuple[float, float]:
    """Wall and CPU milliseconds of `manchette --lang L --sample list`."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "--lang", lang, "--sample", "list"],
        capture_output=True,
        check=True,
    )
    wall = (time.perf_counter() - started) * 1000
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu * 1000


def first_rows_ms(lang: str) -> float:
    return float(_python(_FIRST_ROWS.format(lang=lang), str(time.monotonic()))) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    _python(_FIRST_ROWS.format(lang="en"), str(time.monotonic()))  # the sample library built
    rows: dict[str, dict[str, float]] = {}
    for lang in ("en", "fr"):
        lists = [list_ms(lang) for _ in range(runs)]
        rows[lang] = {
            "catalog (import + install), ms": statistics.median(
                catalog_ms(lang) for _ in range(runs)
            ),
            "--sample list, wall ms": statistics.median(w for w, _c in lists),
            "--sample list, CPU ms": statistics.median(c for _w, c in lists),
            "app first rows, ms": statistics.median(first_rows_ms(lang) for _ in range(runs)),
        }
    print(f"{'median of ' + str(runs) + ' fresh processes':38} {'en':>8} {'fr':>8}")
    for name in rows["en"]:
        print(f"{name:38} {rows['en'][name]:8.1f} {rows['fr'][name]:8.1f}")


if __name__ == "__main__":
    main()
