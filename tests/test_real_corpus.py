"""The real `manchette import` + `list --json` on ../shared/corpus/real must not read worse than now.

Raise a floor when the reader gets better (set it to the figure `make score` prints); never
lower one to make a change pass.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.score import REAL_TEXTS, REAL_TRUTH, SCORER, score_folder

# The figures reached: what the real corpus must keep reading at least as well as.
FLOOR = {
    "macro_f1": 0.95,
    "recall": 0.97,
    "precision": 0.98,
    "dates_ok": 264,
    "archives_ok": 5,
    "bodies_ok": 5,
}
# At most this many invented dates (a stated date where the text states none).
INVENTED_MAX = 0

_SUMMARY = re.compile(
    r"reading: \d+ files; titles macro-F1 (?P<macro_f1>[\d.]+), recall (?P<recall>[\d.]+), "
    r"precision (?P<precision>[\d.]+) .*?dates (?P<dates_ok>\d+)/\d+, "
    r"invented (?P<invented>\d+)/\d+; archives (?P<archives_ok>\d+)/\d+; "
    r"bodies (?P<bodies_ok>\d+)/\d+"
)


def test_real_corpus_reads_at_least_as_well_as_the_floor(tmp_path: Path) -> None:
    assert SCORER.is_file() and REAL_TRUTH.is_file() and REAL_TEXTS.is_dir(), (
        f"the shared corpus is missing: {REAL_TEXTS.parent}"
    )
    output = score_folder(REAL_TEXTS, REAL_TRUTH)
    summary = next(line for line in output.splitlines() if line.startswith("reading:"))
    m = _SUMMARY.search(summary)
    assert m is not None, f"the scorer's summary changed shape: {summary}"
    got = {k: float(v) for k, v in m.groupdict().items()}
    below = [f"{k} {got[k]:g} < {floor:g}" for k, floor in FLOOR.items() if got[k] < floor]
    if got["invented"] > INVENTED_MAX:
        below.append(f"invented {got['invented']:g} > {INVENTED_MAX}")
    assert not below, f"{'; '.join(below)}\n{summary}"
