"""Compare an imported library with the generator's ground truth: a quality figure for the reader."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from archive.text import clean_line, title_key


def _pct(good: int, total: int) -> float | None:
    return round(100 * good / total, 2) if total else None


def _opening(text: str) -> str:
    return clean_line(text)[:50].casefold()


def _relative(file: str, pages: Path) -> str:
    try:
        return Path(file).resolve().relative_to(pages.resolve()).as_posix()
    except ValueError:
        return file


def compare(truth: list[dict[str, Any]], articles: Iterable[Any], pages: Path) -> dict[str, Any]:
    """Field-by-field agreement between the truth records and the imported articles."""
    articles = list(articles)
    by_title = {title_key(a.title): a for a in articles if not a.title_derived}
    by_opening: dict[str, list[Any]] = {}
    for a in articles:
        if a.title_derived:
            first = a.teaser or next((b.text for b in a.body), "")
            by_opening.setdefault(_opening(first), []).append(a)
    matched: list[tuple[dict[str, Any], Any]] = []
    for record in truth:
        if record["title"] is None:
            candidates = by_opening.get(_opening(record["first_words"])) or [None]
            found = candidates.pop(0) if candidates[0] is not None else None
        else:
            found = by_title.get(title_key(record["title"]))
        if found is not None:
            matched.append((record, found))
    used = {id(a) for _, a in matched}
    titled = [r for r in truth if r["title"] is not None]
    dated = [(r, a) for r, a in matched if r["date"]]
    undated = [(r, a) for r, a in matched if not r["date"]]
    dates_ok = sum(1 for r, a in dated if a.date in [r["date"], *r["date_also_accepted"]])
    undated_ok = sum(1 for _, a in undated if not a.date)
    estimated = [(r, a) for r, a in undated if a.date_estimate is not None]
    bounds_ok = sum(
        1
        for r, a in estimated
        if (a.date_estimate.earliest or "0000")
        <= r["published"][:10]
        <= (a.date_estimate.latest or "9999")
    )
    narrow = sum(1 for _, a in estimated if a.date_estimate.earliest and a.date_estimate.latest)
    agency_ok = sum(1 for r, a in matched if a.agency == r["agency"])
    tags_ok = sum(
        1
        for r, a in matched
        if sorted(clean_line(t.name) for t in a.tags if t.kind in ("category", "keyword"))
        == sorted(clean_line(t) for t in r["archive_tags"])
    )
    places_ok = sum(
        1
        for r, a in matched
        if {f["file"] for f in r["found_in"]} <= {_relative(s.file, pages) for s in a.sources}
    )
    full = [(r, a) for r, a in matched if r["full"]]
    return {
        "truth_articles": len(truth),
        "library_articles": len(articles),
        "found_pct": _pct(len(matched), len(truth)),
        "titles_pct": _pct(sum(1 for r, _ in matched if r["title"] is not None), len(titled)),
        "extra_articles": len(articles) - len(used),
        "dates_pct": _pct(dates_ok + undated_ok, len(matched)),
        "stated_dates_pct": _pct(dates_ok, len(dated)),
        "undated_kept_undated_pct": _pct(undated_ok, len(undated)),
        "estimate_holds_pct": _pct(bounds_ok, len(estimated)),
        "estimate_bounded_pct": _pct(narrow, len(estimated)),
        "agency_pct": _pct(agency_ok, len(matched)),
        "tags_pct": _pct(tags_ok, len(matched)),
        "places_pct": _pct(places_ok, len(matched)),
        "full_text_pct": _pct(sum(1 for _, a in full if a.body), len(full)),
    }
