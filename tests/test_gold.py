"""Importing the real seed pages must reproduce the hand-checked reading in shared/gold/seeds.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.model import Article
from archive.read.importer import read_articles
from archive.text import clean_line
from tests.conftest import GOLD_FILE, SEEDS_DIR


def _norm(title: str) -> str:
    return clean_line(title)


def _gold_bounds(gold: dict) -> dict[int, tuple[str | None, str | None]]:
    """The date interval each undated gold article's listings give, computed from gold alone."""
    dates = {a["n"]: a["date"] for a in gold["articles"] if a["date"]}
    below: dict[int, set[int]] = {}
    for order in gold["listing_order"].values():
        for i, n in enumerate(order):
            below.setdefault(n, set()).update(order[i + 1 :])
    closure: dict[int, set[int]] = {}
    for n in below:
        seen, todo = set(), list(below[n])
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(below.get(m, ()))
        closure[n] = seen
    out = {}
    for a in gold["articles"]:
        n = a["n"]
        if a["date"]:
            continue
        under = [dates[m] for m in closure.get(n, ()) if m in dates and m != n]
        over = [dates[m] for m, s in closure.items() if n in s and m in dates and m != n]
        low, high = max(under, default=None), min(over, default=None)
        if low is not None and high is None:
            # Open at the top: closed by the newest stated date of its listings (or site).
            listed = [m for order in gold["listing_order"].values() if n in order for m in order]
            site = [
                m["n"] for m in gold["articles"] if a.get("site") and m.get("site") == a["site"]
            ]
            high = max(low, *(dates[m] for m in listed + site if m in dates))
        out[n] = (low, high)
    return out


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return read_articles([SEEDS_DIR]).articles


def _match(gold: dict, articles: list[Article]) -> dict[int, Article | None]:
    by_title = {_norm(a.title): a for a in articles if not a.title_derived}
    derived = [a for a in articles if a.title_derived]
    out: dict[int, Article | None] = {}
    for g in gold["articles"]:
        if g["shape"] == "untitled":
            starts = g["first_words"]
            out[g["n"]] = next(
                (a for a in derived if (a.body or [None])[0] and a.body[0].text.startswith(starts)),
                None,
            )
        else:
            out[g["n"]] = by_title.get(_norm(g["title"]))
    return out


def test_seeds_reproduce_gold_field_by_field(gold: dict, articles: list[Article]) -> None:
    matched = _match(gold, articles)
    bounds = _gold_bounds(gold)
    problems: list[str] = []
    report: list[str] = [f"articles: {len(articles)} (gold {gold['unique_articles']})"]
    if len(articles) != gold["unique_articles"]:
        problems.append(f"article count {len(articles)} != {gold['unique_articles']}")
    for g in gold["articles"]:
        n, a = g["n"], matched[g["n"]]
        if a is None:
            problems.append(f"#{n} not found: {g['title'][:60]}")
            report.append(f"#{n:>2} MISSING")
            continue
        checks: dict[str, tuple[object, object]] = {}
        if g["shape"] == "untitled":
            checks["title_derived"] = (a.title_derived, True)
        else:
            checks["title"] = (_norm(a.title), _norm(g["title"]))
        archive_tags = sorted(t.name for t in a.tags if t.kind in ("category", "keyword"))
        checks["archive_tags"] = (archive_tags, sorted(g["archive_tags"]))
        checks["found_in"] = (sorted({Path(s.file).name for s in a.sources}), sorted(g["found_in"]))
        accepted = [g["date"], *g.get("date_also_accepted", [])]
        checks["date"] = (a.date if a.date in accepted else a.date, g["date"])
        if a.date in accepted:
            checks["date"] = (g["date"], g["date"])
        checks["agency"] = (a.agency, g["agency"])
        if g["shape"] in ("full", "page", "untitled"):
            checks["full"] = (a.is_full, True)
        elif g["shape"] == "teaser":
            checks["full"] = (a.is_full, False)
        if "subheadings" in g:
            headings = [b.text for b in a.body if b.type == "heading"]
            checks["subheadings"] = (headings, [_norm(h) for h in g["subheadings"]])
        if "site" in g:
            checks["site"] = (a.site, g["site"])
            checks["section"] = ([t.name for t in a.tags if t.kind == "section"], [g["section"]])
        if not g["date"]:
            est = a.date_estimate
            got = (est.earliest, est.latest) if est else None
            checks["date_estimate"] = (got, bounds[n])
        bad = {k: v for k, v in checks.items() if v[0] != v[1]}
        report.append(f"#{n:>2} {'ok ' if not bad else 'BAD'} {a.title[:50]}")
        for k, (got, want) in bad.items():
            report.append(f"      {k}: got {got!r}, want {want!r}")
            problems.append(f"#{n} {k}: got {got!r}, want {want!r}")
    positions = {}
    for g in gold["articles"]:
        a = matched[g["n"]]
        if a:
            for s in a.sources:
                positions.setdefault(Path(s.file).name, []).append((s.position, g["n"]))
    for file, order in gold["listing_order"].items():
        got_order = [n for _, n in sorted(positions.get(file, []))]
        if got_order != order:
            problems.append(f"listing order of {file}: got {got_order}, want {order}")
    print("\n".join(report))
    assert not problems, "\n".join(problems)


def test_import_twice_or_reordered_gives_same_articles(tmp_path: Path) -> None:
    files = sorted(SEEDS_DIR.glob("*.txt"))
    first = read_articles(files).articles
    second = read_articles(list(reversed(files))).articles
    key = lambda a: a.id  # noqa: E731
    assert [a.to_dict() for a in sorted(first, key=key)] == [
        a.to_dict() for a in sorted(second, key=key)
    ]
