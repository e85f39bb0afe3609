"""The benchmark's instrument: the corpus generator's ground truth and shapes, and that the runner runs.

No timing is asserted here: times on a shared machine drift. CI runs `make bench SIZE=1000
BENCH_FLAGS=--quick` separately to prove the full command works.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.accuracy import compare
from bench.generate import Corpus, ensure_corpus, plan
from bench.textgen import WEEKDAYS

REPO = Path(__file__).resolve().parent.parent
SIZE = 2000


def _fold_spaces(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("corpus")
    generated, fresh = ensure_corpus(SIZE, 7, root=root)
    assert fresh
    return generated


@pytest.fixture(scope="module")
def truth(corpus: Corpus) -> list[dict[str, Any]]:
    return corpus.truth_records()


@pytest.fixture(scope="module")
def texts(corpus: Corpus) -> dict[str, str]:
    return {
        p.relative_to(corpus.pages).as_posix(): p.read_text(encoding="utf-8")
        for p in corpus.page_files()
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first, _ = ensure_corpus(300, 3, root=tmp_path / "a")
    second, _ = ensure_corpus(300, 3, root=tmp_path / "b")
    files = sorted(p.relative_to(first.path) for p in first.path.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(second.path) for p in second.path.rglob("*") if p.is_file()
    )
    for rel in files:
        assert (first.path / rel).read_bytes() == (second.path / rel).read_bytes(), rel
    other, _ = ensure_corpus(300, 4, root=tmp_path / "a")
    assert other.truth.read_bytes() != first.truth.read_bytes()


def test_cached_corpus_is_reused(corpus: Corpus) -> None:
    again, fresh = ensure_corpus(SIZE, 7, root=corpus.path.parent)
    assert not fresh and again.path == corpus.path


def test_every_article_is_written_where_the_truth_says(
    truth: list[dict[str, Any]], texts: dict[str, str]
) -> None:
    assert len(truth) == SIZE
    folded = {rel: _fold_spaces(text) for rel, text in texts.items()}
    for record in truth:
        assert record["found_in"], record["n"]
        for place in record["found_in"]:
            text = folded[place["file"]]
            if record["title"] is None:
                assert _fold_spaces(record["first_words"]) in text
            else:
                assert _fold_spaces(record["title"]) in text, (record["title"], place)


def test_listings_are_newest_first_with_consecutive_positions(
    truth: list[dict[str, Any]],
) -> None:
    listed: dict[str, list[tuple[int, str]]] = {}
    for record in truth:
        for place in record["found_in"]:
            listed.setdefault(place["file"], []).append((place["position"], record["published"]))
    for file, entries in listed.items():
        entries.sort()
        assert [p for p, _ in entries] == list(range(1, len(entries) + 1)), file
        published = [when for _, when in entries]
        assert published == sorted(published, reverse=True), file


def test_stated_dates_match_their_words(truth: list[dict[str, Any]]) -> None:
    dated = [r for r in truth if r["date"]]
    by_n = {r["n"]: r for r in truth}
    for record in dated:
        day = date.fromisoformat(record["date"])
        words = record["date_text"].casefold()
        named = [w for w in WEEKDAYS if re.search(rf"\b{w}\b", words)]
        if named and not words.startswith("la nuit"):
            assert named == [WEEKDAYS[day.weekday()]], record["date_text"]
        # A republished copy keeps its wire's words: the date its original was published.
        wire = by_n[record["dispatch"]] if record.get("dispatch") else record
        assert wire["published"].startswith(record["date"])
    share_undated = 1 - len(dated) / len(truth)
    assert 0.33 < share_undated < 0.47


def test_shapes_and_forms_of_the_seed_pages_are_all_present(
    corpus: Corpus, truth: list[dict[str, Any]], texts: dict[str, str]
) -> None:
    shapes = Counter(r["shape"] for r in truth)
    assert shapes["bare"] and shapes["page"] and shapes["full"] and shapes["teaser"]
    assert 0.06 < shapes["full"] / SIZE < 0.14
    joined = "\n".join(texts.values())
    for form in (
        "Archives pour la catégorie ", "Archives du mot-clé ", "Lire la suite ", "• ", "« ",
        "(Source : ", "(Avec : ", "Publié le ", "Retour en haut", " » ", "\u00a0",
    ):  # fmt: skip
        assert form in joined, form
    assert re.search(r"Lire la suite: (.+) Lire la suite \1", joined)
    # glued dumps: a read-more line runs into the next title, some start mid-page
    assert re.search(r"\nLire la suite [^\n]+Archives (pour|du) ", joined)
    assert any("\n\n" not in t and t.count("\nLire la suite ") > 2 for t in texts.values())
    assert any(r["agency"] and r["shape"] == "page" for r in truth)
    multi = [r for r in truth if len({p["file"] for p in r["found_in"]}) > 1]
    assert len(multi) > SIZE // 2  # the same article listed on several pages
    variants = ("Putin", "Kyiv", "EUA", "Zelenskyy")
    assert all(v in joined for v in variants)


def test_accuracy_of_a_perfect_reading_is_full(truth: list[dict[str, Any]]) -> None:
    from archive.model import Article, Block, Tag

    articles, _ = plan(SIZE, 7)
    library = [
        Article(
            id=str(a.n), title=a.title, title_derived=a.shape == "bare", teaser=a.teaser,
            body=[Block(k, t) for k, t in a.body], date=a.text.stated.iso, agency=a.text.agency,
            tags=[Tag(arc.name, arc.kind) for arc in a.archives],
        )
        for a in articles
    ]  # fmt: skip
    figures = compare(truth, library, Path("/nowhere"))
    assert figures["found_pct"] == 100.0
    assert figures["extra_articles"] == 0
    assert figures["stated_dates_pct"] == 100.0
    assert figures["agency_pct"] == 100.0


def test_bench_run_quick_prints_the_table(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [
            sys.executable, "-m", "bench.run", "--sizes", "150", "--quick",
            "--corpus-root", str(tmp_path / "corpus"), "--work", str(tmp_path / "work"),
            "--out", str(out),
        ],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    for heading in ("manchette benchmark", "query mix at 150", "targets", "import rate"):
        assert heading in done.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    result = document["results"]["150"]
    assert result["corpus"]["articles"] == 150
    for stage in ("import", "accuracy", "search", "baselines", "commands", "coldstart",
                  "interactive"):  # fmt: skip
        assert stage in result
    commands = result["commands"]
    assert commands["search_median_s"] > 0 and commands["grep_median_s"] > 0
    assert all(q["search"]["failed"] == 0 for q in commands["per_query"].values())
    assert commands["show_median_s"] > 0 and commands["import_more"]["status"] == 0
    assert result["coldstart"]["rss_after_hold_mb"] > 0
    assert {t["target"] for t in document["targets"]} >= {"import rate", "query p95"}


def test_real_site_layouts_are_present_with_their_truth(
    truth: list[dict[str, Any]], texts: dict[str, str]
) -> None:
    from bench.textgen import MONTHS

    months = "|".join(MONTHS)
    read_more = re.compile(r"\n(?:Lire |Continuer la lecture|En savoir plus)")
    cards = [t for t in texts.values() if t.startswith("Archives") and not read_more.search(t)]
    joined = "\n".join(cards)
    assert re.search(r"\n\d+ Commentaires\n", joined)
    assert re.search(rf"\n(?:{months}) \d{{1,2}}, \d{{4}} ", joined)  # month first
    assert re.search(r"\nPar [^\n]+ \d\d/\d\d/\d{4}\n", joined)
    assert "il y a " in joined or "heures passé" in joined  # undated items: words, no date
    assert any(t.startswith("Archives") and "\n\n" in t for t in cards)
    assert any(re.search(r"\nPar\n[^\n]+\n-\n", t) for t in texts.values())  # split byline
    # Every dated article listed in cards has its day in a meta line there.
    by_file: dict[str, list[dict[str, Any]]] = {}
    for record in truth:
        for place in record["found_in"]:
            by_file.setdefault(place["file"], []).append(record)
    for rel, text in texts.items():
        if text not in cards:
            continue
        for record in by_file[rel]:
            if record["date"]:
                day = date.fromisoformat(record["date"])
                forms = (f"{day:%d/%m/%Y}", f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
                         f"{day.day} {MONTHS[day.month - 1]} {day.year}")  # fmt: skip
                assert any(f in text for f in forms), (rel, record["title"])
