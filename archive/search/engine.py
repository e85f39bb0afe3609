"""The search engine the TUI, the CLI and the benchmark share: query -> ranked ids, facets, rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from typing import TYPE_CHECKING

from archive.model import Article
from archive.search.analysis import Analyzer
from archive.search.dateq import LibraryDates
from archive.search.highlight import Highlights, find_highlights
from archive.search.index import (
    SearchIndex,
    bits_from_docs,
    docs_of,
    mask_bytes,
    shared_analyzer,
)
from archive.search.matching import Matcher, UserMarks, estimate_span, stated_bits
from archive.search.query import SORTS, ParsedQuery, QueryError, parse
from archive.search.ranking import Ordered, by_date, by_relevance, by_title, score_lanes
from archive.search.refresh import is_current, open_index
from archive.store.library import LibraryError
from archive.text import fold

if TYPE_CHECKING:
    from archive.group.grouping import Groups
    from archive.store.library import Library

__all__ = ["Facets", "Highlights", "QueryError", "Row", "SearchEngine", "SearchResult"]
SMALL_RESULT = 1500  # up to this many matches, facets count from the per-article columns
TAG_FACETS = 40


@dataclass
class SearchResult:
    """Ids in display order (all of them unless a limit was given) and what each match says."""

    query: str
    ids: Sequence[str]  # every match in order; a huge ranked one is ranked past its head lazily
    total: int
    elapsed_ms: float
    scores: dict[str, float] = field(default_factory=dict)
    date_match: dict[str, str] = field(default_factory=dict)  # id -> "stated" | "estimated"
    sort: str = "date"
    parsed: ParsedQuery | None = field(default=None, repr=False, compare=False)
    bits: int = field(default=0, repr=False, compare=False)  # doc-number bitset of every match
    generation: int = field(default=-1, repr=False, compare=False)


@dataclass
class Facets:
    """Counts over the current result set, most frequent first (months chronological)."""

    tags: list[tuple[str, str, int]]
    agencies: list[tuple[str, int]]
    sites: list[tuple[str, int]]
    months: list[tuple[str, int]]  # what date:YYYY-MM lists: stated in it, or estimated over it
    months_estimated: dict[str, int] = field(default_factory=dict)  # of which estimated


@dataclass
class Row:
    """What a list row shows, read from the index columns without loading any body."""

    id: str
    title: str
    date: str | None
    date_estimated: bool
    date_label: str
    tags: list[str]
    agency: str | None
    site: str | None


class SearchEngine:
    """Answers queries on a library through its persistent index; thread-safe for one searcher."""

    def __init__(self, library: Library, *, today: Callable[[], dt.date] | None = None,
                 analyzer: Analyzer | None = None,
                 announce: Callable[[str], None] | None = None, warm: bool = True
                 ) -> None:  # fmt: skip
        """announce: told in a few words when the index must be updated or built first.

        warm=False leaves the id map to be built on first use: a command that prints one page
        of results never needs it.
        """
        self.library = library
        self._announce = announce
        self.analyzer = analyzer or shared_analyzer()
        self._today = today or dt.date.today
        self._lock = threading.Lock()
        # The index and its generation change together (refresh), read as one pair.
        index = open_index(library, self.analyzer, announce=announce, populate=warm)
        if warm:
            index.doc_numbers  # noqa: B018 - built now rather than on the first query or row
        self._current: tuple[SearchIndex, int] = (index, 0)
        self._groups: tuple[str, Groups | None] | None = None
        self.marks = self._read_marks()
        # (index, marks, [(label, bitset)]) of the user's tags, for facets; rebuilt when either changes
        self._user_tag_bits: tuple[SearchIndex, UserMarks, list[tuple[str, int]]] | None = None

    @property
    def index(self) -> SearchIndex:
        """The index queries run on now."""
        return self._current[0]

    @property
    def generation(self) -> int:
        """Bumped whenever refresh() swaps the index."""
        return self._current[1]

    def _read_marks(self) -> UserMarks:
        states = self.library.all_user_states()
        tags: dict[str, set[str]] = {}
        labels: dict[str, str] = {}
        for article_id, state in sorted(states.items()):
            for tag in state.tags:
                key = " ".join(fold(tag).split())
                tags.setdefault(key, set()).add(article_id)
                labels.setdefault(key, " ".join(tag.split()))
        return UserMarks(
            groups=self._resolve_group,
            read=frozenset(i for i, s in states.items() if s.read),
            starred=frozenset(i for i, s in states.items() if s.starred),
            tags={name: frozenset(ids) for name, ids in tags.items()},
            labels=labels,
        )

    def groups(self) -> Groups | None:
        """The library's versions and stories as the last import left them (cached per revision)."""
        # Imported here: a search that never names a story does not load the stories' modules.
        from archive.group.grouping import build_groups, load_groups

        revision = self.library.revision()
        cached = self._groups
        if cached is None or cached[0] != revision:
            groups = load_groups(self.library)
            if (groups is None or groups.revision != revision) and revision != "missing":
                # Imported by an older version, or a crash between the two writes: once.
                if self._announce is not None:
                    self._announce("finding versions and stories (once)")
                # Another process may hold the lock: the saved groups, if any, for now.
                with contextlib.suppress(LibraryError, OSError):
                    groups = build_groups(self.library)
            cached = (revision, groups)
            self._groups = cached
        return cached[1]

    def _resolve_group(self, kind: str, value: str) -> set[str]:
        """The ids a story:/versions: query names (the groups are read on first use)."""
        groups = self.groups()
        return groups.resolve(kind, value) if groups is not None else set()

    def refresh(self) -> None:
        """Pick up a new import (reload or rebuild the index) and the user's latest marks."""
        with self._lock:
            index, generation = self._current
            if not is_current(index, self.library, self.analyzer):
                fresh = open_index(self.library, self.analyzer, previous=index)
                fresh.doc_numbers  # noqa: B018 - ready before queries see it
                self._current = (fresh, generation + 1)
            self.marks = self._read_marks()

    def parse(self, query: str) -> ParsedQuery:
        """Parse against the library's dates ("juin" is its latest June); raises QueryError."""
        return parse(query, self._today(), library_dates(self.index))

    def search(
        self, query: str, *, sort: str | None = None, limit: int | None = None
    ) -> SearchResult:
        """Run a query; raises QueryError (with .message and .position) for a bad one."""
        started = time.perf_counter()
        parsed = self.parse(query)
        if sort is not None and sort not in SORTS:
            raise QueryError("expected sort to be one of " + ", ".join(SORTS), 0)
        (index, generation), marks = self._current, self.marks
        matcher = Matcher(index, self.analyzer, marks)
        bits = matcher.evaluate(parsed.root)
        terms = [t for t in matcher.scored if t.bits & bits]
        order_by = sort or parsed.sort or ("relevance" if terms else "-date")
        if limit is not None:
            limit = max(0, limit)
        scores: dict[str, float] = {}
        ids = index.ids
        ordered: Ordered
        if not bits:  # no match: nothing to order (every order walks the whole library)
            ordered = [], []
        elif order_by == "relevance" and terms:
            lanes, scale = score_lanes(index, terms, bits)
            ordered = by_relevance(index, bits, lanes, limit)
            rounded = [round(lane * scale, 4) for lane in range(256)]
            scores = {ids[d]: rounded[lanes[d]] for d in ordered[1]}
        elif order_by in ("title", "-title"):
            ordered = by_title(index, bits, limit, ascending=order_by == "title")
        else:
            ordered = by_date(index, bits, limit, newest_first=order_by != "date")
        result_ids = ordered[0]
        date_match: dict[str, str] = {}
        if parsed.has_dates() and result_ids:
            date_match = self._date_match(index, bits, result_ids)
        return SearchResult(
            query=query,
            ids=result_ids,
            total=bits.bit_count(),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            scores=scores,
            date_match=date_match,
            sort=order_by if terms or order_by != "relevance" else "-date",
            parsed=parsed,
            bits=bits,
            generation=generation,
        )

    @staticmethod
    def _date_match(index: SearchIndex, bits: int, result_ids: Sequence[str]) -> dict[str, str]:
        """Id -> "stated" or "estimated" for the returned ids (a stated date always wins)."""
        stated = stated_bits(index)
        count = index.count
        if bits.bit_count() <= 5000:
            ids, flags = index.ids, index.stated_flags
            found = {ids[d]: "stated" if flags[d] else "estimated" for d in docs_of(bits, count)}
            return {article_id: found[article_id] for article_id in result_ids}
        found = dict.fromkeys(compress(index.ids, mask_bytes(bits & ~stated, count)), "estimated")
        found.update(dict.fromkeys(compress(index.ids, mask_bytes(bits & stated, count)), "stated"))
        if len(result_ids) < len(found):
            return {article_id: found[article_id] for article_id in result_ids}
        return found

    def try_search(self, query: str, *, sort: str | None = None, limit: int | None = None
                   ) -> SearchResult | QueryError:  # fmt: skip
        """search() that returns the QueryError instead of raising it (for live filtering)."""
        try:
            return self.search(query, sort=sort, limit=limit)
        except QueryError as error:
            return error

    def facets(self, result: SearchResult, *, tag_limit: int = TAG_FACETS) -> Facets:
        """Counts per tag (top tag_limit), agency, site and month for the result's matches."""
        index, generation = self._current
        if result.generation == generation:
            bits = result.bits
        else:  # the index changed since: count the result's ids as they are now
            numbers = index.doc_numbers
            found = [numbers[i] for i in result.ids if i in numbers]
            bits = bits_from_docs(found, index.count)
        total = bits.bit_count()
        if total <= SMALL_RESULT:
            docs = docs_of(bits, index.count)
            ptr, tag_list = index.tag_ptr, index.tag_list
            tag_counts = Counter(chain.from_iterable(tag_list[ptr[d] : ptr[d + 1]] for d in docs))
            top = heapq.nsmallest(tag_limit, tag_counts.items(), key=lambda kv: (-kv[1], kv[0]))
            agencies = Counter(map(index.agency.__getitem__, docs))
            sites = Counter(map(index.site.__getitem__, docs))
            months, estimated = _month_counts_of_docs(index, docs)
        else:
            top = self._top_tags(index, bits, tag_limit)
            agencies = _value_counts(index, "agency", bits)
            sites = _value_counts(index, "site", bits)
            months, estimated = _month_counts_of_bits(index, bits)
        return Facets(
            tags=self._user_tags(index, bits)
            + [(index.tags[t][0], index.tags[t][1], n) for t, n in top],
            agencies=_named(agencies, index.agencies),
            sites=_named(sites, index.sites),
            months=sorted((m, n) for m, n in months.items() if n),
            months_estimated={m: n for m, n in estimated.items() if n},
        )

    def _user_tags(self, index: SearchIndex, bits: int) -> list[tuple[str, str, int]]:
        """The user's own tags on the result's matches, most used first (all of them: few)."""
        marks, cached = self.marks, self._user_tag_bits
        if cached is None or cached[0] is not index or cached[1] is not marks:
            numbers = index.doc_numbers
            tag_bits = [
                (
                    marks.labels.get(key, key),
                    bits_from_docs([numbers[i] for i in ids if i in numbers], index.count),
                )
                for key, ids in marks.tags.items()
            ]
            cached = self._user_tag_bits = (index, marks, tag_bits)
        counts = [(label, "user", (bits & docs).bit_count()) for label, docs in cached[2]]
        return sorted((tag for tag in counts if tag[2]), key=lambda tag: (-tag[2], tag[0]))

    @staticmethod
    def _top_tags(index: SearchIndex, bits: int, limit: int) -> list[tuple[int, int]]:
        """Exact top tags for a large result: tags by overall size, stop when none can enter."""
        by_size = index.cached(("tags-by-size",), lambda: sorted(
            range(len(index.tags)), key=lambda t: -len(index.tag_docs[t])))  # fmt: skip
        best: list[tuple[int, int]] = []  # min-heap of (count, -tag)
        for tag in by_size:
            size = len(index.tag_docs[tag]) // 4
            if len(best) >= limit and size <= best[0][0]:
                break
            count = (bits & index.tag_bitset(tag)).bit_count()
            if count:
                entry = (count, -tag)
                if len(best) < limit:
                    heapq.heappush(best, entry)
                elif entry > best[0]:
                    heapq.heapreplace(best, entry)
        return [(-neg, count) for count, neg in sorted(best, key=lambda e: (-e[0], -e[1]))]

    def row(self, article_id: str) -> Row:
        """The list row of one article; raises KeyError for an unknown id."""
        index = self.index
        doc = index.doc_numbers[article_id]
        ptr = index.tag_ptr
        tags = [index.tags[t][0] for t in index.tag_list[ptr[doc] : ptr[doc + 1]]]
        stated, low, high = index.stated[doc], index.low[doc], index.high[doc]
        if stated:
            date: str | None = dt.date.fromordinal(stated).isoformat()
            label, estimated = date or "", False
        elif low:
            day = index.sort_day[doc]
            date = dt.date.fromordinal(day).isoformat()
            same_day = low == high
            label, estimated = "≈" + (date if same_day else date[:7]), True
        else:
            date, label, estimated = None, "", False
        agency, site = index.agencies[index.agency[doc]], index.sites[index.site[doc]]
        return Row(article_id, index.titles[doc], date, estimated, label, tags,
                   agency or None, site or None)  # fmt: skip

    def highlights(
        self, article: Article, result_or_query: SearchResult | ParsedQuery | str
    ) -> Highlights:
        """Character ranges of the query's words in the article's title, teaser and body blocks."""
        if isinstance(result_or_query, SearchResult):
            parsed = result_or_query.parsed or self.parse(result_or_query.query)
        elif isinstance(result_or_query, ParsedQuery):
            parsed = result_or_query
        else:
            try:
                parsed = self.parse(result_or_query)
            except QueryError:
                return Highlights([], [], [[] for _ in article.body], 0)
        return find_highlights(article, parsed.text_terms(), self.analyzer)


def _named(counts: Counter[int], names: list[str]) -> list[tuple[str, int]]:
    found = [(names[v], n) for v, n in counts.items() if v and n]
    return sorted(found, key=lambda item: (-item[1], item[0]))


def library_dates(index: SearchIndex) -> LibraryDates:
    """The newest day and the months the index's articles are dated in (cached per index)."""

    def make() -> LibraryDates:
        newest = max(index.sort_day, default=0)
        months = frozenset((int(m[:4]), int(m[5:7])) for m in index.months if m)
        return LibraryDates(dt.date.fromordinal(newest) if newest else None, months)

    found: LibraryDates = index.cached(("library-dates",), make)
    return found


@lru_cache(maxsize=1 << 14)
def _months_of(day: int, last: int) -> tuple[str, ...]:
    """The YYYY-MM of every month from day to last (ordinals); cached: spans repeat a lot."""
    first, end = dt.date.fromordinal(day), dt.date.fromordinal(last)
    index, stop = first.year * 12 + first.month - 1, end.year * 12 + end.month - 1
    return tuple(f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index, stop + 1))


def _doc_months(index: SearchIndex, doc: int) -> tuple[tuple[str, ...], bool]:
    """The months date:YYYY-MM finds a doc in (its stated one, or those its estimate spans)."""
    stated = index.stated[doc]
    if stated:
        return _months_of(stated, stated), False
    low, high = index.low[doc], index.high[doc]
    if not low:
        return (), False
    return _months_of(*estimate_span(low, high, index.estimate_width)), True


def _month_counts_of_docs(
    index: SearchIndex, docs: Sequence[int]
) -> tuple[Counter[str], Counter[str]]:
    """Per month, the docs date:YYYY-MM would list among these, and how many are estimated."""
    months: Counter[str] = Counter()
    estimated: Counter[str] = Counter()
    for doc in docs:
        found, is_estimate = _doc_months(index, doc)
        months.update(found)
        if is_estimate:
            estimated.update(found)
    return months, estimated


def _month_counts_of_bits(index: SearchIndex, bits: int) -> tuple[Counter[str], Counter[str]]:
    """_month_counts_of_docs for a large result, with per-month bitsets built once per index."""

    def make() -> list[tuple[str, int, int]]:
        stated: dict[str, list[int]] = {}
        estimated: dict[str, list[int]] = {}
        for doc in range(index.count):
            found, is_estimate = _doc_months(index, doc)
            for month in found:
                (estimated if is_estimate else stated).setdefault(month, []).append(doc)
        return [
            (month, bits_from_docs(stated.get(month, []), index.count),
             bits_from_docs(estimated.get(month, []), index.count))
            for month in sorted(stated.keys() | estimated.keys())
        ]  # fmt: skip

    months: Counter[str] = Counter()
    estimated: Counter[str] = Counter()
    for month, stated_bits_, estimated_bits in index.cached(("month-bits",), make):
        guessed = (bits & estimated_bits).bit_count()
        months[month] = (bits & stated_bits_).bit_count() + guessed
        estimated[month] = guessed
    return months, estimated


def _value_counts(index: SearchIndex, name: str, bits: int) -> Counter[int]:
    """Counts per agency or site (stored bitsets)."""
    stored = index.agency_bits if name == "agency" else index.site_bits
    values = index.cached((name + "-bits",), lambda: [int.from_bytes(b, "little") for b in stored])
    return Counter(
        {value: (bits & value_bits).bit_count() for value, value_bits in enumerate(values)}
    )
