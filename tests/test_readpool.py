"""The reading workers' shortcuts find what the plain patterns find."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from archive.read import readpool

PIECES = ["juin", "Juin", "AOÛT", "aout", "février", "fevrier", "septembre", "mai", "maison",
          "/", " ", "  ", "\u00a0", "\n", "x", "1", "19", "20", "2025", "1899", "2099", "18",
          "é", ",", "0"]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=30), st.integers(0, 120))
def test_years_found_from_the_year_back_are_the_ones_the_month_pattern_finds(
    pieces: list[str], end: int
) -> None:
    text = "".join(pieces)
    expected = [int(y) for y in readpool.MONTH_YEAR.findall(text, 0, end)]
    assert readpool.mentioned_years(text, end) == expected
