"""Postings for frequent adjacent word pairs, so that common phrases need no per-article check.

A phrase query first intersects the docs of its words, then checks each candidate's word stream
for the words in a row: about a microsecond per candidate, milliseconds for a phrase of common
words ("maison blanche" in 6,000 articles). A pair of words that stand together in at least
PAIR_MIN_DOCS articles gets its own postings at index time; a two-word phrase whose pair is
stored is then answered exactly without reading any stream, and a longer phrase checks only
the articles that hold all its stored pairs. Pairs below the threshold have few candidates on
their own, or are rare pairs of common words, and are checked as before.

A pair's key is the 8 bytes of its two word ids in a row, read as one little-endian integer:
the stream's own bytes, so the keys of a stream come from two casts, with no Python loop per word.
"""

from __future__ import annotations

import bisect
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

GAP = 0xFFFFFFFF  # between segments in a word stream (index_build.GAP)
# Below this many docs, checking the candidates of a pair costs under a millisecond or so.
PAIR_MIN_DOCS = 1024
SAMPLE = 16  # frequent pairs are found on one doc in SAMPLE first
_LOW = 0xFFFFFFFF
_LITTLE = sys.byteorder == "little"


def pair_key(first: int, second: int) -> int:
    """The key of two word ids in a row (the file, like the stream, is in the machine's order)."""
    return first | second << 32 if _LITTLE else first << 32 | second


def pair_words(key: int) -> tuple[int, int]:
    """The two word ids of a key."""
    low, high = key & _LOW, key >> 32
    return (low, high) if _LITTLE else (high, low)


def windows(chunk: memoryview) -> set[int]:
    """The keys of every two words in a row in one doc's stream (a byte view, 4 bytes a word)."""
    size = len(chunk) // 4
    keys = set(chunk[: 8 * (size // 2)].cast("Q"))  # words 0-1, 2-3, ...
    keys.update(chunk[4 : 4 + 8 * ((size - 1) // 2)].cast("Q"))  # words 1-2, 3-4, ...
    return keys


def _doc_keys(stream: memoryview, starts: Any, doc: int) -> set[int]:
    return windows(stream[4 * starts[doc] : 4 * starts[doc + 1]])


def frequent_pairs(
    stream: bytes | memoryview | array[int], starts: Any, min_docs: int
) -> dict[int, array[int]]:
    """Pair key -> increasing doc numbers, for every pair in at least min_docs docs' streams.

    starts[doc]..starts[doc + 1] are the word positions of each doc in stream.
    """
    view = memoryview(stream).cast("B")
    count = len(starts) - 1
    if count < min_docs:
        return {}
    # Which pairs are frequent, from every SAMPLE-th doc with a generous threshold: a pair
    # missed here is only checked the slow way. The exact docs come from the pass over all.
    counts: Counter[int] = Counter()
    for doc in range(0, count, SAMPLE):
        counts.update(_doc_keys(view, starts, doc))
    least = max(1, min_docs // SAMPLE // 2)
    wanted = {key for key, seen in counts.items() if seen >= least and GAP not in pair_words(key)}
    del counts
    if not wanted:
        return {}
    found: dict[int, array[int]] = {key: array("I") for key in wanted}
    for doc in range(count):
        for key in wanted.intersection(_doc_keys(view, starts, doc)):
            found[key].append(doc)
    return {key: docs for key, docs in found.items() if len(docs) >= min_docs}


def add_docs(
    pairs: Mapping[int, array[int]],
    streams: Iterable[tuple[int, memoryview]],
) -> dict[int, array[int]]:
    """pairs with more docs added (doc, its stream as bytes), for the keys pairs already has.

    Used by index updates: which pairs are frequent is decided at a full build and kept.
    """
    added: dict[int, list[int]] = {}
    wanted = pairs.keys()
    for doc, chunk in streams:
        for key in wanted & windows(chunk):
            added.setdefault(key, []).append(doc)
    merged = dict(pairs)
    for key, docs in added.items():
        numbers = array("I", pairs[key])
        for doc in sorted(set(docs)):
            at = bisect.bisect_left(numbers, doc)
            if at == len(numbers) or numbers[at] != doc:
                numbers.insert(at, doc)
        merged[key] = numbers
    return merged


def pair_sections(pairs: Mapping[int, array[int]]) -> dict[str, bytes]:
    """The index sections: sorted keys, where each key's docs start, and the docs."""
    keys = array("Q", sorted(pairs))
    pointers = array("Q", [0])
    parts: list[bytes] = []
    total = 0
    for key in keys:
        docs = pairs[key]
        parts.append(docs.tobytes())
        total += len(docs)
        pointers.append(total)
    return {
        "pair_keys": keys.tobytes(),
        "pair_ptr": pointers.tobytes(),
        "pair_docs": b"".join(parts),
    }


def stored_pairs(
    keys: Any, pointers: Any, docs: Any, remap: Callable[[Any], array[int]]
) -> dict[int, array[int]]:
    """The pairs of a loaded index, their docs passed through remap (for an update)."""
    return {key: remap(docs[pointers[at] : pointers[at + 1]]) for at, key in enumerate(keys)}
