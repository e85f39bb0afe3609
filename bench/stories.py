"""Pairwise precision and recall of versions and stories against the generator's ground truth.

Truth: two articles are versions when one is a republished copy of the other (or both of one
original); they are in one story when they cover one planted event, or are versions of one
dispatch. Every other pair is apart. Found: the library's groups (archive/group/grouping.py).
`python -m bench.stories LIBRARY TRUTH` prints the figures.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from archive.group.grouping import article_clue
from archive.group.versions import close_in_time
from archive.text import title_key


def _pairs(groups: Iterable[list[int]]) -> set[tuple[int, int]]:
    return {(a, b) for g in groups for a, b in combinations(sorted(g), 2)}


def _score(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> dict[str, Any]:
    hit = len(found & truth)
    return {
        "precision": round(hit / len(found), 4) if found else None,
        "recall": round(hit / len(truth), 4) if truth else None,
        "pairs_found": len(found),
        "pairs_true": len(truth),
    }


def _recall(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> dict[str, Any]:
    return {
        "recall": round(len(found & truth) / len(truth), 4) if truth else None,
        "pairs_true": len(truth),
    }


def compare(truth: list[dict[str, Any]], articles: Iterable[Any], groups: Any) -> dict[str, Any]:
    """Pairwise figures over the truth records matched to articles by title.

    An article read without any text (a title alone) has nothing to compare: it is left out of
    the versions' truth (versions are found from text), not of the stories'.
    """
    articles = list(articles)
    by_title = {title_key(a.title): a.id for a in articles if not a.title_derived}
    texted = {a.id for a in articles if a.teaser.strip() or any(b.text.strip() for b in a.body)}
    ids: dict[int, str] = {}
    for record in truth:
        if record["title"] is not None and (found := by_title.get(title_key(record["title"]))):
            ids[record["n"]] = found
    dispatch: dict[int, list[int]] = {}
    event: dict[Any, list[int]] = {}
    for record in truth:
        n = record["n"]
        if n not in ids:
            continue
        key = record.get("dispatch") or n
        if ids[n] in texted:
            dispatch.setdefault(key, []).append(n)
        story = ("event", record["event"]) if record.get("event") is not None else ("d", key)
        event.setdefault(story, []).append(n)
    back = {article_id: n for n, article_id in ids.items()}
    found_versions: dict[str, list[int]] = {}
    found_stories: dict[str, list[int]] = {}
    for article_id, n in back.items():
        group = groups.versions.group.get(article_id)
        if group is not None:
            found_versions.setdefault(group, []).append(n)
        story = groups.stories.story.get(article_id)
        if story is not None:
            found_stories.setdefault(story, []).append(n)
    stories = [g for g in found_stories.values() if len(g) > 1]
    # The versions' recall apart for pairs whose dates say nothing of their distance (one or
    # both undated, or dated only within weeks): those are told from their text alone.
    by_id = {a.id: a for a in articles}
    found_pairs = _pairs(found_versions.values())
    blind: set[tuple[int, int]] = set()
    for a, b in _pairs(dispatch.values()):
        clues = article_clue(by_id[ids[a]]), article_clue(by_id[ids[b]])
        if close_in_time(*clues) is None:
            blind.add((a, b))
    true_pairs = _pairs(dispatch.values())
    return {
        "matched_articles": len(ids),
        "without_text": sum(1 for i in ids.values() if i not in texted),
        "versions": _score(found_pairs, true_pairs),
        "versions_recall_undated": _recall(found_pairs, blind),
        "versions_recall_dated": _recall(found_pairs, true_pairs - blind),
        "stories": _score(_pairs(found_stories.values()), _pairs(event.values())),
        "stories_found": len(stories),
        "stories_true": sum(1 for g in event.values() if len(g) > 1),
        "largest_story": max((len(g) for g in stories), default=0),
    }


def measure(library_dir: Path, truth_file: Path) -> dict[str, Any]:
    from archive.group.grouping import load_groups
    from archive.store.library import Library

    with truth_file.open(encoding="utf-8") as handle:
        truth = [json.loads(line) for line in handle]
    library = Library.open(library_dir, readonly=True)
    groups = load_groups(library)
    if groups is None:
        return {"status": "n/a", "reason": "the library has no groups.json"}
    return compare(truth, library.iter_articles(), groups)


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), Path(sys.argv[2])), indent=1))
