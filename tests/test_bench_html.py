"""The HTML import benchmark runs and reads its own pages right (no time is asserted)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_html_import_bench_prints_rate_and_reads_every_page() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.html_import", "--pages", "25"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert "HTML import, 25 pages (25 read, 0 skipped)" in done.stdout
    assert "pages/s" in done.stdout and "articles/s" in done.stdout
    assert "titles right 100.0%, dates right 100.0%" in done.stdout, done.stdout
