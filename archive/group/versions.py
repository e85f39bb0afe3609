"""Versions: the same text republished (a wire on several sites, a teaser and its article, an update).

Each article's text becomes a set of 5-word shingles (folded words, hashed to stable integers)
and a bottom-k sketch: its SKETCH smallest shingle hashes. Two texts that share most shingles
share most of their sketch values, so an inverted map sketch value -> articles gives the
candidates (a value held by too many articles is boilerplate and is not looked up); a long
text's opening is sketched too, so that a teaser finds its article. Each candidate pair is then
verified on the exact shingle sets: Jaccard for two versions of similar length, containment of
the shorter in the longer for a teaser and its article, stricter the less the dates tell; and
on their facts (names and numbers), which a republished dispatch keeps. Verified pairs are
joined (union-find) into version groups, kept apart from the articles themselves.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from archive.group.stories import proper_words
from archive.group.words import word_tokens
from archive.model import Article
from archive.text import fold

SHINGLE_WORDS = 5
SKETCH = 20
# A teaser is its article's opening, trimmed or edited: the opening's own bottom values are
# sketched too, so that a teaser finds the long article that holds it (the bottom values of a
# whole long text are mostly from its body, which the teaser does not have).
LEAD_SHINGLES = 40
LEAD_SKETCH = 10
# Verification thresholds, measured on the bench's planted versions (bench/stories.py).
MIN_JACCARD = 0.35
MIN_CONTAINMENT = 0.8  # a teaser in its article (or an article cut short in the longer one)
MIN_SHARED_KEYS = 4
MIN_SHINGLES = 20
MIN_SHINGLES_CLOSE = 10  # a text this short is a version only of one published within days
# A text of one sentence is a version only of a text nearly the same (not of the article it
# opens, whose other sentences it does not hold), unless the two are dated far apart.
MIN_SHINGLES_SHORT = 5
MIN_JACCARD_SHORT = 0.9
BOILERPLATE_BUCKET = 32
# A republished dispatch, a teaser or an update comes within days of its original; two texts
# further apart than this are versions only when they are nearly identical.
VERSION_DAYS = 7
MIN_JACCARD_APART = 0.8
# Undated, texts must be long and mostly alike for a shared part to tell a version: set phrases
# and stock sentences make short texts alike by chance.
MIN_SHINGLES_UNDATED = 30
MIN_JACCARD_UNDATED = 0.6
MIN_CONTAINMENT_UNDATED = 0.9
MIN_SHINGLES_UNDATED_CONTAINED = 40
# Versions keep the names and figures: the text with fewer of them (in its opening) has this
# share of them in the other.
FACTS_CHARS = 1500
MIN_SAME_FACTS = 0.8

_WORD_HASH: dict[str, int] = {}
_MASK = 0xFFFFFFFFFF  # 40-bit values: 13 digits at most in the state file


def _word_id(word: str) -> int:
    value = _WORD_HASH.get(word)
    if value is None:
        value = zlib.crc32(word.encode("utf-8"))
        if len(_WORD_HASH) < 500_000:
            _WORD_HASH[word] = value
    return value


def article_text(article: Article) -> str:
    """The words that make an article's version: its teaser and body (the title may change).

    A teaser that is the body's opening (a single page's first paragraph) is not repeated.
    """
    teaser = article.teaser.rstrip("….").strip()
    body = [b.text for b in article.body]
    if teaser and not (body and body[0].startswith(teaser[:60])):
        body.insert(0, article.teaser)
    return "\n".join(body)


def shingles(text: str) -> frozenset[int]:
    """The text's 5-word shingles as stable integers."""
    return shingles_of(word_tokens(fold(text)))


def shingles_of(words: list[str]) -> frozenset[int]:
    """5-word shingles of folded words (tuples of ints hash the same in every run)."""
    return frozenset(shingle_list(words))


def shingle_list(words: list[str]) -> list[int]:
    """The 5-word shingles of folded words in text order (repeats kept)."""
    known = _WORD_HASH.get
    ids = [known(w) or _word_id(w) for w in words]
    if len(ids) < SHINGLE_WORDS:
        return [hash(tuple(ids)) & _MASK] if ids else []
    # zip builds the same tuples as ids[i : i + SHINGLE_WORDS], faster.
    return [hash(t) & _MASK for t in zip(*(ids[k:] for k in range(SHINGLE_WORDS)), strict=False)]


def sketch(shingle_set: Iterable[int]) -> list[int]:
    """The bottom-k sketch: the SKETCH smallest shingle values."""
    return heapq.nsmallest(SKETCH, shingle_set)


def resemblance(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared), shared / min(len(a), len(b))


def same_dispatch(a: frozenset[int], b: frozenset[int], close: bool | None = True) -> bool:
    """True when two shingle sets are versions of one text.

    close: True when the two were published within VERSION_DAYS, False when further apart,
    None when a date is unknown; the less the dates say, the more alike the texts must be.
    """
    smaller = min(len(a), len(b))
    if smaller < MIN_SHINGLES_SHORT:
        return False
    shared = len(a & b)
    jaccard, containment = shared / (len(a) + len(b) - shared), shared / smaller
    if smaller < MIN_SHINGLES_CLOSE or (not close and smaller < MIN_SHINGLES):
        return close is not False and jaccard >= MIN_JACCARD_SHORT
    if close is False:
        return jaccard >= MIN_JACCARD_APART
    if close is None:
        if smaller < MIN_SHINGLES_UNDATED:
            return jaccard >= MIN_JACCARD_SHORT
        return jaccard >= MIN_JACCARD_UNDATED or (
            smaller >= MIN_SHINGLES_UNDATED_CONTAINED and containment >= MIN_CONTAINMENT_UNDATED
        )
    return jaccard >= MIN_JACCARD or containment >= MIN_CONTAINMENT


@dataclass(frozen=True, slots=True)
class Clue:
    """What besides its text tells an article's versions: its span of days."""

    first: int | None  # day ordinals; None when the article has no date nor bounds
    last: int | None


def close_in_time(a: Clue, b: Clue) -> bool | None:
    """True when both were published within VERSION_DAYS, False when further apart, else None."""
    if a.first is None or b.first is None or a.last is None or b.last is None:
        return None
    gap = max(a.first, b.first) - min(a.last, b.last)
    if gap > VERSION_DAYS:
        return False
    if a.last - a.first <= 2 * VERSION_DAYS and b.last - b.first <= 2 * VERSION_DAYS:
        return True
    return None


def versions(a: frozenset[int], b: frozenset[int], clue_a: Clue, clue_b: Clue) -> bool:
    """True when two articles are versions of one text, from their shingles and clues."""
    return same_dispatch(a, b, close_in_time(clue_a, clue_b))


_NUMBER = re.compile(r"\d+")


def text_facts(text: str) -> frozenset[str]:
    """The names (capitalised inside a sentence) and numbers of a text's opening."""
    opening = text[:FACTS_CHARS]
    return frozenset(proper_words(opening) | set(_NUMBER.findall(opening)))


def same_facts(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when the text with fewer facts has most of them in the other: a desk rewords a
    dispatch but keeps who, where and how many (another event told in the same set phrases
    has names and figures of its own)."""
    fewer = min(len(a), len(b))
    return not fewer or len(a & b) >= MIN_SAME_FACTS * fewer


@dataclass
class VersionGroups:
    """The persisted state: each grouped article's group id and each article's sketch."""

    group: dict[str, str] = field(default_factory=dict)  # article id -> group id
    sketches: dict[str, list[int]] = field(default_factory=dict)  # article id -> its sketch
    _keys: dict[int, list[str]] | None = None  # sketch value -> article ids, built on first add

    @property
    def keys(self) -> dict[int, list[str]]:
        if self._keys is None:
            self._keys = {}
            for article_id, values in self.sketches.items():
                for value in values:
                    self._keys.setdefault(value, []).append(article_id)
        return self._keys

    def members(self) -> dict[str, list[str]]:
        """Group id -> its article ids."""
        out: dict[str, list[str]] = {}
        for article_id, group in self.group.items():
            out.setdefault(group, []).append(article_id)
        return out

    def add(
        self,
        batch: Mapping[str, frozenset[int]],
        stored_shingles: Callable[[list[str]], dict[str, frozenset[int]]],
        clue: Callable[[str], Clue],
        leads: Mapping[str, list[int]] | None = None,
        facts: Callable[[str], frozenset[str]] | None = None,
    ) -> None:
        """Group new articles (id -> shingles) with each other and with the stored ones.

        stored_shingles gives the shingles of stored articles that are candidates (read from
        the library only for them); clue gives an article's days and names; leads: the
        first LEAD_SHINGLES shingles of each new article longer than that;
        facts: an article's names and figures (text_facts()), which its versions share.
        """
        keys = self.keys
        leads = leads or {}
        # A shingle many texts share (page chrome, set phrases) tells no version apart: the
        # sketch is the smallest values among the others, counted over the stored sketches
        # and this batch's longer bottom lists.
        longer = {
            a: heapq.nsmallest(3 * SKETCH, s)
            for a, s in batch.items()
            if len(s) >= MIN_SHINGLES_SHORT
        }
        opening = {a: heapq.nsmallest(3 * LEAD_SKETCH, leads[a]) for a in longer if a in leads}
        seen = Counter(v for values in longer.values() for v in values)
        for values in opening.values():
            seen.update(values)

        get = keys.get
        sketches: dict[str, list[int]] = {}
        for a, values in longer.items():
            kept = [v for v in values if seen[v] + len(get(v, ())) <= BOILERPLATE_BUCKET][:SKETCH]
            if a in opening:
                whole = set(kept)
                kept += [
                    v for v in opening[a]
                    if v not in whole and seen[v] + len(get(v, ())) <= BOILERPLATE_BUCKET
                ][:LEAD_SKETCH]  # fmt: skip
            sketches[a] = kept
        # Each new article is looked up among the stored ones and the batch's earlier ones, then
        # filed: every pair is counted once (the values' buckets are small: see above).
        pairs: set[tuple[str, str]] = set()
        stored = self.sketches
        for article_id, values in sketches.items():
            holders: list[str] = []
            for value in values:
                bucket = keys.get(value)
                if bucket and len(bucket) <= BOILERPLATE_BUCKET:
                    holders.extend(bucket)
            # Counted in C, and only when another text holds a value (most hold none).
            for other, shared in (Counter(holders) if holders else {}).items():
                # A short text has few values: it must share most of them.
                if (
                    shared >= 2
                    and other != article_id
                    and shared
                    >= min(MIN_SHARED_KEYS, max(2, min(len(values), len(stored[other])) - 1))
                ):
                    pairs.add((article_id, other) if article_id < other else (other, article_id))
            stored[article_id] = values
            for value in values:
                keys.setdefault(value, []).append(article_id)
        outside = sorted({x for pair in pairs for x in pair if x not in batch})
        known = dict(batch)
        if outside:
            known.update(stored_shingles(outside))
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        joined: set[str] = set()
        for a, b in sorted(pairs):
            if (
                a in known
                and b in known
                and versions(known[a], known[b], clue(a), clue(b))
                and (facts is None or same_facts(facts(a), facts(b)))
            ):
                joined.update((a, b))
                ra, rb = root(self.group.get(a, a)), root(self.group.get(b, b))
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        if not joined:
            return
        # Relabel: every article of a joined group takes the group's root (stored ones too).
        for x in joined | set(self.group):
            self.group[x] = root(self.group.get(x, x))
        self._drop_singletons()

    def _drop_singletons(self) -> None:
        sizes: dict[str, int] = {}
        for g in self.group.values():
            sizes[g] = sizes.get(g, 0) + 1
        self.group = {a: g for a, g in self.group.items() if sizes[g] > 1}
