"""Score the reader as a new user meets it: import a folder with `manchette`, score its `list --json`.

Two sets: the bundled samples against tests/data/gold_seeds.json (converted to the scorer's
ground-truth format), and ../shared/corpus/real against its ground_truth.json. The scorer is
../shared/tools/score_reading.py (third-party, read from ../shared, never copied).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score_reading.py"
REAL_TEXTS = SHARED / "corpus" / "real" / "texts"
REAL_TRUTH = SHARED / "corpus" / "real" / "ground_truth.json"
SAMPLES = ROOT / "archive" / "samples"
GOLD_SEEDS = ROOT / "tests" / "data" / "gold_seeds.json"
MANCHETTE = Path(sys.executable).parent / "manchette"


def import_and_list(texts: Path, work: Path) -> Path:
    """Import texts into a fresh library with the real command; the `list --json` file."""
    library = work / "library"
    subprocess.run(
        [str(MANCHETTE), "import", "--library", str(library), str(texts)],
        check=True,
        capture_output=True,
        text=True,
    )
    listed = subprocess.run(
        [str(MANCHETTE), "list", "--library", str(library), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    out = work / "articles.json"
    out.write_text(listed.stdout, encoding="utf-8")
    return out


def seeds_truth(gold: dict[str, Any]) -> list[dict[str, Any]]:
    """The samples' gold reading in the scorer's format: one record per file."""
    files: dict[str, list[dict[str, Any]]] = {}
    for article in gold["articles"]:
        for name in article["found_in"]:
            files.setdefault(name, []).append(article)
    truth = []
    for name, articles in sorted(files.items()):
        untitled = [a for a in articles if a["shape"] == "untitled"]
        listing = name in gold["listing_order"]
        shape = "c" if untitled and len(articles) == 1 else ("a" if listing else "b")
        tagged = [set(a["archive_tags"]) for a in articles if a["archive_tags"]]
        common = set.intersection(*tagged) if tagged else set()
        # The archive a listing is an archive of: the tag every tagged article of it carries.
        archive = None
        if listing and common:
            counts = Counter(t for tags in tagged for t in tags)
            archive = {"type": "category", "name": max(sorted(common), key=lambda t: counts[t])}
        truth.append(
            {
                "file": name,
                "shape": shape,
                "archive": archive,
                "articles": [
                    {"title": a["title"], "date_iso": a["date"]}
                    for a in articles
                    if a["title"] is not None
                ],
            }
        )
    return truth


def score(truth: Path, articles: Path, verbose: bool = False) -> str:
    """The scorer's output (its summary is the last line)."""
    args = [sys.executable, str(SCORER), str(truth), str(articles)]
    done = subprocess.run(
        [*args, *(["--verbose"] if verbose else [])], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"score: the scorer failed: {done.stderr.strip()[-300:]}")
    return done.stdout


def score_folder(texts: Path, truth: Path, verbose: bool = False) -> str:
    """Import texts into a temporary library and score it against truth."""
    with tempfile.TemporaryDirectory(prefix="manchette-score-") as tmp:
        return score(truth, import_and_list(texts, Path(tmp)), verbose)


def score_samples(verbose: bool = False) -> str:
    """The samples scored against the gold seeds."""
    with tempfile.TemporaryDirectory(prefix="manchette-score-") as tmp:
        truth = Path(tmp) / "seeds_truth.json"
        gold = json.loads(GOLD_SEEDS.read_text(encoding="utf-8"))
        truth.write_text(json.dumps(seeds_truth(gold), ensure_ascii=False), encoding="utf-8")
        return score(truth, import_and_list(SAMPLES, Path(tmp)), verbose)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="every shortfall, not a summary")
    args = parser.parse_args(argv)
    if not SCORER.is_file() or not REAL_TRUTH.is_file():
        print(f"score: {SHARED} has no scorer or real corpus", file=sys.stderr)
        return 2
    for name, run in (
        ("samples", lambda: score_samples(args.verbose)),
        ("real", lambda: score_folder(REAL_TEXTS, REAL_TRUTH, args.verbose)),
    ):
        lines = run().rstrip("\n").splitlines()
        for line in lines if args.verbose else lines[-1:]:
            print(f"{name}: {line}" if line.startswith("reading:") else f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
