"""The hardening figures the hostile tests add up, printed at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest

FIGURES: Counter[str] = Counter()
ORDER = (
    "inputs tried",
    "queries fuzzed",
    "corruptions tried",
    "kills survived",
    "updates lost",
    "escape bytes leaked",
)


def add(name: str, amount: int = 1) -> None:
    """Count amount more of one figure (a name from ORDER)."""
    assert name in ORDER, name
    FIGURES[name] += amount


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    shown = ", ".join(f"{name} {FIGURES[name]:,}" for name in ORDER)
    terminalreporter.write_line(f"hardening figures: {shown}")
