"""Evaluate a parsed query on a loaded index: bitsets for matching, impact lanes for ranking."""

from __future__ import annotations

import bisect
import math
import operator
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.search.analysis import Analyzer, word_tokens
from archive.search.index import SearchIndex, bits_from_docs, docs_of, mask_bytes, range_bits
from archive.search.index_build import TITLE_FLAG
from archive.search.query import And, DateFilter, Filter, Node, Not, Phrase, QueryError, Term
from archive.text import fold

_NONZERO = bytes.maketrans(bytes(range(256)), b"0" + b"1" * 255)
MAX_PREFIX_TERMS = 5000  # words a prefix may stand for
MAX_PREFIX_POSTINGS = 2_000_000  # and their postings: beyond, "d*" would take seconds


@dataclass(frozen=True, slots=True)
class UserMarks:
    """The user's state at query time: read and starred ids, and user tags by folded name."""

    read: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()
    tags: dict[str, frozenset[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # folded name -> as the user wrote it
    # story:/versions: -> the ids they name (archive/group/grouping.py); None: the library has none
    groups: Callable[[str, str], set[str]] | None = None


@dataclass(slots=True)
class Scored:
    """One ranking term: the docs it matches, their impacts (one byte per doc) and its idf."""

    bits: int
    lanes: bytes
    idf: float


def lanes_bits(lanes: bytes | bytearray) -> int:
    """The bitset of docs whose lane is not zero."""
    if not lanes:
        return 0
    text = lanes.translate(_NONZERO)
    return int(text[::-1], 2)


def _idf(count: int, df: int) -> float:
    return math.log(1 + (count - df + 0.5) / (df + 0.5))


OPEN_END = 3_652_059  # dt.date.max.toordinal(): an estimate with no latest day
DEFAULT_WIDTH = 31  # days an open estimate spans when the library has no bounded one


def estimate_span(low: int, high: int, width: int) -> tuple[int, int]:
    """An estimate's days, an open side closed at the widest bounded estimate from its known side.

    "Listed after an article of 3 July" says nothing of how much earlier: read as "any time
    before", it would match every date before 3 July. The widest interval the library's
    listings give elsewhere is as far as such an estimate reaches.
    """
    width = width or DEFAULT_WIDTH
    if low <= 1:
        return max(1, high - width), high
    if high >= OPEN_END:
        return low, min(OPEN_END - 1, low + width)
    return low, high


def stated_bits(index: SearchIndex) -> int:
    """Docs with a stated date (cached per index)."""
    return index.cached(("stated",), lambda: lanes_bits(index.stated_flags))


def contains_words(name: list[str], words: list[str], prefix: bool) -> bool:
    """True when words appear in name as consecutive words (the last one as a prefix if asked)."""
    size = len(words)
    for start in range(len(name) - size + 1):
        window = name[start : start + size]
        if window[:-1] == words[:-1] and (
            window[-1].startswith(words[-1]) if prefix else window[-1] == words[-1]
        ):
            return True
    return False


def tag_matches(name: list[str], words: list[str], prefix: bool) -> bool:
    """tag:x is a whole tag (its words, folded); tag:x* any tag with a word starting with x."""
    return contains_words(name, words, True) if prefix else name == words


class Matcher:
    """Turns query nodes into bitsets over one index, caching what terms cost to build."""

    def __init__(self, index: SearchIndex, analyzer: Analyzer, marks: UserMarks) -> None:
        self.index = index
        self.analyzer = analyzer
        self.marks = marks
        self.scored: list[Scored] = []

    # Terms

    def _key_lanes(self, slots: list[int], title: bool) -> bytearray:
        """Max impact per doc over the postings of several words (title occurrences only if asked)."""
        index = self.index
        common = None if title else next((s for s in slots if s in index.dense), None)
        stored = None if common is None else index.lanes_of(common)
        if stored is not None:
            # A common word's lanes are stored: start from them, loop only over the others.
            lanes = bytearray(stored)
            slots = [s for s in slots if s != common]
        else:
            lanes = bytearray(index.count)
        overwrite = stored is None and len(slots) == 1
        for slot in slots:
            docs, impacts, flags = index.postings(slot)
            if title:
                for doc, impact, flag in zip(docs, impacts, flags, strict=True):
                    if flag & TITLE_FLAG and lanes[doc] < impact:
                        lanes[doc] = impact
            elif overwrite:
                for doc, impact in zip(docs, impacts, strict=True):
                    lanes[doc] = impact
            else:
                for doc, impact in zip(docs, impacts, strict=True):
                    if lanes[doc] < impact:
                        lanes[doc] = impact
        return lanes

    def _entry(self, kind: str, value: str, title: bool) -> tuple[int, bytes, int]:
        """(bits, lanes, df) of a word ("word"), a stem ("stem") or a prefix ("prefix"); cached."""

        def make() -> tuple[int, bytes, int]:
            index = self.index
            if kind == "prefix":
                slots = list(index.prefix_slots(value))
            elif kind == "stem":
                slots = index.stem_slots(value)
            else:
                slot = index.key_index(value)
                slots = [] if slot is None else [slot]
            if not slots:
                return 0, b"", 0
            lanes = bytes(self._key_lanes(slots, title))
            bits = lanes_bits(lanes)
            return bits, lanes, bits.bit_count()

        key: tuple[object, ...] = (kind, value, title)
        if kind == "prefix":
            # Keyed by the words it stands for: typing "ukr", "ukra", "ukrai" asks for the
            # same words three times, and only the first builds them.
            found = self.index.prefix_slots(value)
            key = ("prefix", found.start, found.stop, title)
        return self.index.cached(key, make)

    def _rank(self, bits: int, lanes: bytes, df: int) -> int:
        if bits:
            self.scored.append(Scored(bits, lanes, _idf(self.index.count, df)))
        return bits

    def term(self, node: Term) -> int:
        title = node.field == "title"
        if node.prefix:
            slots = self.index.prefix_slots(node.word)
            postings = sum(self.index.key_df[slot] for slot in slots[:MAX_PREFIX_TERMS])
            if len(slots) > MAX_PREFIX_TERMS or postings > MAX_PREFIX_POSTINGS:
                raise QueryError(
                    f"'{node.word}*' stands for too many words; expected a longer prefix",
                    node.position,
                )
            return self._rank(*self._entry("prefix", node.word, title))
        words = self.analyzer.canonical(node.word)
        if len(words) > 1:
            return self.phrase(Phrase(words, node.position, node.field))
        if node.exact:  # unstemmed; a variant still stands for its canonical word
            return self._rank(*self._entry("word", words[0], title))
        return self._rank(*self._entry("stem", self.analyzer.stem(words[0]), title))

    def phrase(self, node: Phrase) -> int:
        words = self.analyzer.canonical_sequence(list(node.words))
        title = node.field == "title"

        def make() -> tuple[int, bytes, int]:
            index = self.index
            slots = [index.key_index(w) for w in words]
            if any(s is None for s in slots):
                return 0, b"", 0
            ids = [index.stream_ids[s] for s in slots if s is not None]
            candidates = index.all_bits
            entries = [self._entry("word", word, title) for word in words]
            for bits, _, _ in entries:
                candidates &= bits
            # Frequent pairs have postings: they narrow the candidates, and a two-word phrase
            # whose pair is stored needs no check at all (outside titles).
            stored = [bits for bits in map(self._pair_bits, ids, ids[1:]) if bits is not None]
            for bits in stored:
                candidates &= bits
            if len(ids) == 2 and stored and not title:
                bits = candidates
            else:
                bits = self._checked(candidates, array("I", ids).tobytes(), title)
            rarest = min(entries, key=lambda entry: entry[2])[1]
            mask = int.from_bytes(mask_bytes(bits, index.count), "little") * 255
            lanes = (int.from_bytes(rarest, "little") & mask).to_bytes(index.count, "little")
            return bits, lanes, bits.bit_count()

        return self._rank(*self.index.cached(("phrase", tuple(words), title), make))

    def _pair_bits(self, first: int, second: int) -> int | None:
        """The docs of two word ids in a row, when the index stores that pair (cached)."""
        docs = self.index.pair_postings(first, second)
        if docs is None:
            return None
        return int(
            self.index.cached(
                ("pair", first, second), lambda: bits_from_docs(docs, self.index.count)
            )
        )

    def _checked(self, candidates: int, pattern: bytes, title: bool) -> int:
        """The candidates whose word stream holds pattern (in the title if asked)."""
        index = self.index
        checked = docs_of(candidates, index.count)
        found = index.docs_with_sequence(pattern, checked, title)
        if len(found) == len(checked):  # common for set phrases ("maison blanche")
            return candidates
        if 2 * len(found) < len(checked):
            return bits_from_docs(found, index.count)
        return candidates & ~bits_from_docs(list(set(checked) - set(found)), index.count)

    # Fields

    def _value_bits(self, field_name: str, node: Filter) -> int:
        index = self.index
        words = node.value.split() if field_name != "site" else word_tokens(node.value)
        if field_name in ("person", "place", "org"):
            words = [w for word in words for w in self.analyzer.canonical(word)]

        def make() -> int:
            bits = 0
            if field_name == "tag":
                # tag:russie is the whole tag "Russie"; tag:russie* a word in any tag's name
                for tid, (name, _) in enumerate(index.tags):
                    if tag_matches(self._name_words(name), words, node.prefix):
                        bits |= index.tag_bitset(tid)
            elif field_name in ("agency", "site"):
                names = index.agencies if field_name == "agency" else index.sites
                column = index.agency if field_name == "agency" else index.site
                wanted = {i for i, name in enumerate(names) if i and contains_words(
                    self._name_words(name), words, node.prefix)}  # fmt: skip
                if wanted:
                    docs = [d for d, value in enumerate(column) if value in wanted]
                    bits = bits_from_docs(docs, index.count)
            else:
                for eid, (kind, name) in enumerate(index.entities):
                    if kind == field_name and contains_words(
                        self._name_words(name), words, node.prefix
                    ):
                        bits |= self._docs_bits(("entity", eid), index.entity_docs[eid])
            return bits

        bits: int = index.cached(("field", field_name, tuple(words), node.prefix), make)
        if field_name == "tag":
            for name, ids in self.marks.tags.items():
                if tag_matches(self._name_words(name), words, node.prefix):
                    bits |= self._id_bits(ids)
        return bits

    def _name_words(self, name: str) -> list[str]:
        return [w for word in word_tokens(fold(name)) for w in self.analyzer.canonical(word)]

    def _docs_bits(self, key: tuple[str, int], raw: bytes) -> int:
        def make() -> int:
            docs = array("I")
            docs.frombytes(raw)
            return bits_from_docs(docs, self.index.count)

        return self.index.cached(key, make, limit=4096)

    def _id_bits(self, ids: frozenset[str]) -> int:
        numbers = self.index.doc_numbers
        return bits_from_docs([numbers[i] for i in ids if i in numbers], self.index.count)

    def flag(self, node: Filter) -> int:
        index = self.index
        value = node.value
        if value in ("read", "unread"):
            bits = self._id_bits(self.marks.read)
            return bits if value == "read" else index.all_bits & ~bits
        if value in ("starred", "unstarred"):
            bits = self._id_bits(self.marks.starred)
            return bits if value == "starred" else index.all_bits & ~bits
        if value in ("full", "teaser"):
            full: int = index.cached(("full",), lambda: lanes_bits(index.full))
            return full if value == "full" else index.all_bits & ~full
        return self.stated_bits()  # has:date

    def stated_bits(self) -> int:
        """Docs with a stated date."""
        return stated_bits(self.index)

    def dates(self, node: DateFilter) -> int:
        index = self.index

        def make() -> int:
            # Stated dates are the sort days of a contiguous run of doc numbers (newest first).
            first = bisect.bisect_left(index.sort_day, -node.end, key=operator.neg)
            last = bisect.bisect_right(index.sort_day, -node.start, key=operator.neg)
            bits = range_bits(first, last) & self.stated_bits()
            if not node.stated_only:
                # An estimate sorts at its middle day, so one that overlaps the range sorts
                # within its width of it; open-ended ones are listed apart, and reach only
                # that width from their known side (estimate_span).
                width = index.estimate_width
                first = bisect.bisect_left(index.sort_day, -(node.end + width), key=operator.neg)
                last = bisect.bisect_right(index.sort_day, -(node.start - width), key=operator.neg)
                low, high = index.low, index.high
                estimated = [
                    d
                    for d in range(first, last)
                    if low[d] > 1 and high[d] < OPEN_END
                    and low[d] <= node.end and high[d] >= node.start
                ]  # fmt: skip
                for d in index.open_estimates:
                    start, end = estimate_span(low[d], high[d], width)
                    if start <= node.end and end >= node.start:
                        estimated.append(d)
                bits |= bits_from_docs(estimated, index.count)
            return bits

        return self.index.cached(("date", node.start, node.end, node.stated_only), make)

    # Tree

    def evaluate(self, node: Node | None) -> int:
        """The bitset of docs matching node (all docs for None)."""
        if node is None:
            return self.index.all_bits
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, Filter):
            if node.field in ("is", "has"):
                return self.flag(node)
            if node.field in ("story", "versions"):
                found = self.marks.groups(node.field, node.value) if self.marks.groups else set()
                return self._id_bits(frozenset(found))
            return self._value_bits(node.field, node)
        if isinstance(node, DateFilter):
            return self.dates(node)
        if isinstance(node, Not):
            kept = self.scored
            self.scored = []
            bits = self.index.all_bits & ~self.evaluate(node.child)
            self.scored = kept  # negated words never rank
            return bits
        if isinstance(node, And):
            bits = self.index.all_bits
            for child in node.children:
                bits &= self.evaluate(child)
            return bits
        bits = 0
        for child in node.children:
            bits |= self.evaluate(child)
        return bits
