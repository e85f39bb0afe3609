"""Stories: articles about one event within a few days, grouped incrementally at import.

An article's signature is its named entities (variants folded by archive/entities.py) and its
rarest words (title, teaser and the opening of the body), weighted by inverse document
frequency over the library. A story keeps a summary: its most frequent signature terms, its
span of days, its sources and its label. A new article is compared only with the stories that
share one of its rarer terms and whose span comes within WINDOW_DAYS of its date (an estimated
date widens the window by its range); it joins the best one whose weighted overlap reaches
JOIN_SCORE, else starts a story of its own. Stored articles are never re-clustered.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import heapq
import importlib.util
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgpack

from archive.group.words import word_tokens
from archive.model import Article
from archive.text import fold

WINDOW_DAYS = 3
MAX_SPAN_DAYS = 10  # a story never stretches over more than this
MAX_ESTIMATE_DAYS = 20  # an article dated only by a wider interval starts its own story
SIGNATURE_TERMS = 20
SUMMARY_TERMS = 40
JOIN_SCORE = 0.12
JOIN_SCORE_WIDE = 0.25  # for an article whose date is only known to within weeks
MIN_SHARED = 2
# A rare term is in at most this share of the articles (or MIN_RARE_LIMIT of them): a story is
# joined only by an article sharing MIN_RARE_SHARED of its rare terms (more when undated).
RARE_SHARE = 0.002
MIN_RARE_LIMIT = 4
MIN_RARE_SHARED = 1
MIN_RARE_SHARED_UNDATED = 2
ENTITY_WEIGHT = 1.3
# A word common in French is never rare, however few articles of a small library hold it (in a
# library of a few hundred articles "Royaume-Uni", "Sarah" or "Réservation" are in two or three):
# the reference is wordfreq's French list of the words used at least once per million.
COMMON_WORDS_FILE = ("data", "small_fr.msgpack.gz")
# Page furniture: a paragraph found (numbers aside) in this many articles read from one file
# ("Leave a comment", "4 Comments", "Partager sur Facebook", a venue's address) is the page's,
# not an article's: its words never link stories (they still count in the overlap).
FURNITURE_ARTICLES = 2
FURNITURE_CHARS = 200  # furniture is short: longer paragraphs are not compared
LEAD_WORDS = 250
MIN_WORD = 4
# Frequent French words that the length rule lets through; the idf weighting handles the rest.
_STOP_WORDS = (
    "avec dans pour sont etre plus mais cette leur leurs nous vous elle "
    "elles aussi comme apres avant entre sans sous selon tout tous toute toutes "
    "deux trois fait faire depuis encore ainsi alors dont donc lors tres peut "
    "doit avoir ete etait sera seront quand celle celui ceux autre autres meme "
    "memes chez vers contre lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier "
    "mars avril juin juillet aout septembre octobre novembre decembre source lire suite article "
    "articles"
)  # fmt: skip
_STOP = frozenset(_STOP_WORDS.split())


def day_number(day: str) -> int:
    return dt.date.fromisoformat(day).toordinal()


def day_of(article: Article) -> tuple[int, int] | None:
    """The article's day as (center, slack in days): its date, or the middle of its estimate."""
    if article.date:
        return day_number(article.date), 0
    estimate = article.date_estimate
    if estimate and estimate.earliest and estimate.latest:
        first, last = day_number(estimate.earliest), day_number(estimate.latest)
        if last - first <= MAX_ESTIMATE_DAYS:
            return (first + last) // 2, (last - first + 1) // 2
    return None


def span_of(article: Article) -> tuple[int, int] | None:
    """The article's first and last possible days: its date, else its estimate's bounds."""
    if article.date:
        day = day_number(article.date)
        return day, day
    estimate = article.date_estimate
    if estimate and estimate.earliest and estimate.latest:
        return day_number(estimate.earliest), day_number(estimate.latest)
    return None


def article_terms(article: Article, text_words: list[str] | None = None) -> list[str]:
    """The words and names that may tell the article's event (folded; names prefixed "@").

    text_words: the folded words of its teaser and body, when the caller has them already.
    """
    names = [
        "@" + fold(name)
        for kind in ("person", "place", "org")
        for name in article.entities.get(kind, [])
    ]
    if text_words is None:
        text_words = word_tokens(fold(" ".join([article.teaser, *(b.text for b in article.body)])))
    title = word_tokens(fold(article.title))
    words = title + title + text_words[:LEAD_WORDS]
    kept = [w[:8] for w in words if len(w) >= MIN_WORD and w not in _STOP and not w.isdigit()]
    return names + kept


# A capitalised word after a space that follows neither a sentence's end nor a number: not the
# first word of its sentence (or of a line, a quote, a "4 Comments").
_INNER_CAPITAL = re.compile(r"(?<![.!?:;«»\"“”()|–—\s\d])[^\S\n]+([A-ZÀ-ÖØ-ÞŒ][\w’'-]*)")


def article_proper_words(article: Article) -> set[str]:
    return proper_words(
        " ".join([article.title, article.teaser, *(b.text for b in article.body[:4])])
    )


def proper_words(text: str) -> set[str]:
    """Folded words written with a capital inside a sentence: the names of people and places
    the gazetteer does not know ("Valmorel", "Quéruel"), cut like the terms (8 letters)."""
    names = {t for t in _INNER_CAPITAL.findall(text[:1500]) if not t.isupper()}
    if not names:
        return set()
    # Folded once for all (folding word by word is what cost most).
    return {w[:8] for w in word_tokens(fold(" ".join(names))) if len(w) >= MIN_WORD}


def article_source(article: Article) -> str | None:
    """Who published it: the site, else the credited agency (None when neither is known)."""
    if article.site:
        return article.site
    if article.agency:
        return article.agency
    return None


_DIGITS = re.compile(r"\d+")


def furniture_words(articles: Iterable[Article]) -> dict[str, set[str]]:
    """Each article's words (cut like its terms) found only in its file's furniture: the short
    paragraphs that recur, numbers aside, in FURNITURE_ARTICLES of the file's articles."""
    blocks: dict[str, tuple[str, set[str]]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for article in articles:
        if not article.sources:
            continue
        found = {
            _DIGITS.sub("0", t.strip())
            for t in [article.teaser, *(b.text for b in article.body)]
            if t and len(t) <= FURNITURE_CHARS
        }
        file = article.sources[0].file
        blocks[article.id] = file, found
        counts.update((file, k) for k in found)
    out: dict[str, set[str]] = {}
    for article_id, (file, found) in blocks.items():
        furniture = [k for k in found if counts[file, k] >= FURNITURE_ARTICLES]
        if furniture:
            out[article_id] = {
                w[:8] for w in word_tokens(fold(" ".join(furniture))) if len(w) >= MIN_WORD
            }
    return out


@dataclass
class Story:
    """A story's summary: what new articles are compared with, and what the browser shows."""

    id: str
    label: str
    first: int  # day ordinals
    last: int
    count: int = 0
    terms: Counter[str] = field(default_factory=Counter)
    sources: list[str] = field(default_factory=list)

    def to_row(self) -> list[Any]:
        """[label, first, last, count, sources]: compact, the label left out of a story of one
        article (its title, which the article carries)."""
        return [self.label if self.count > 1 else "", self.first, self.last, self.count,
                self.sources]  # fmt: skip

    @classmethod
    def from_row(cls, story_id: str, row: list[Any], terms: dict[str, Any]) -> Story:
        label, first, last, count, sources = row
        return cls(
            story_id, str(label), int(first), int(last), int(count),
            Counter({str(k): int(v) for k, v in terms.items()}), [str(s) for s in sources],
        )  # fmt: skip

    def top_terms(self) -> dict[str, int]:
        return dict(self.terms.most_common(SUMMARY_TERMS))

    def span(self) -> tuple[str, str]:
        return (
            dt.date.fromordinal(self.first).isoformat(),
            dt.date.fromordinal(self.last).isoformat(),
        )


@dataclass
class StoryGroups:
    """Every article's story and the stories' summaries, plus document frequencies for idf."""

    story: dict[str, str] = field(default_factory=dict)  # article id -> story id
    stories: dict[str, Story] = field(default_factory=dict)
    df: Counter[str] = field(default_factory=Counter)
    caps: Counter[str] = field(default_factory=Counter)  # articles writing the term as a name
    documents: int = 0
    # term -> stories holding it; built on first add
    _by_term: dict[str, set[str]] | None = None

    def _index(self, days: tuple[int, int] | None) -> dict[str, set[str]]:
        """The term map of the stories a batch of these days may join (undated ones too)."""
        if self._by_term is None:
            self._by_term = {}
            reach = WINDOW_DAYS + MAX_SPAN_DAYS + MAX_ESTIMATE_DAYS
            for story in self.stories.values():
                if (
                    days is None
                    or not story.first
                    or (story.last >= days[0] - reach and story.first <= days[1] + reach)
                ):
                    self._file(story, story.terms)
        return self._by_term

    def _file(self, story: Story, terms: Iterable[str]) -> None:
        if self._by_term is None:
            return
        index = self._by_term
        for term in terms:
            index.setdefault(term, set()).add(story.id)

    def add(
        self,
        articles: Iterable[Article],
        version_of: dict[str, str],
        terms: dict[str, list[str]] | None = None,
    ) -> None:
        """Give each new article a story; version_of: article id -> its version group id.

        terms: each article's article_terms() when the caller computed them.
        """
        batch = [a for a in articles if a.id not in self.story]
        signatures: dict[str, Counter[str]] = {}
        for article in batch:
            found = terms.get(article.id) if terms else None
            counted = Counter(found if found is not None else article_terms(article))
            signatures[article.id] = counted
            self.df.update(counted.keys())
            self.caps.update(article_proper_words(article) & counted.keys())
        self.documents += len(batch)
        furnished = furniture_words(batch)
        spans = [span for a in batch if (span := span_of(a)) is not None]
        wide = len(spans) < len(batch) or any(b - a > MAX_ESTIMATE_DAYS for a, b in spans)
        self._index(
            None if wide or not spans else (min(a for a, _ in spans), max(b for _, b in spans))
        )
        rare = max(MIN_RARE_LIMIT, RARE_SHARE * self.documents)
        log_n = math.log(self.documents + 1)
        idf_cache: dict[str, float] = {}

        def idf(term: str) -> float:
            value = idf_cache.get(term)
            if value is None:
                value = log_n - math.log(self.df.get(term, 0) + 1) + 0.1
                if term.startswith("@"):
                    value *= ENTITY_WEIGHT
                idf_cache[term] = value
            return value

        dated = sorted(batch, key=lambda a: (day_of(a) or (10**7, 0), a.id))
        group_story: dict[str, str] = {}
        for stored, sid in self.story.items():
            group = version_of.get(stored)
            if group:
                group_story.setdefault(group, sid)
        for article in dated:
            # The telling terms: rare in the library and repeated in the article (tf x idf);
            # a term no other article holds yet is kept only when repeated (it may be the
            # event's name, that later articles will share).
            counts = signatures[article.id]
            df = self.df
            known = idf_cache.get
            ranked = heapq.nlargest(
                SIGNATURE_TERMS,
                [(n * (known(t) or idf(t)), t) for t, n in counts.items() if n > 1 or df[t] > 1],
            )
            signature = {t: idf(t) for _, t in ranked}
            when = day_of(article)
            group = version_of.get(article.id)
            chosen = group_story.get(group) if group else None
            if chosen is None:
                chosen = self._best(
                    signature, span_of(article), rare, furnished.get(article.id, set())
                )
            if chosen is None:
                first = when[0] if when else 0
                chosen = article.id
                self.stories[chosen] = Story(chosen, article.title, first, first)
            self._join(self.stories[chosen], article, when, signature)
            if group:
                group_story.setdefault(group, chosen)

    def _join(
        self,
        story: Story,
        article: Article,
        when: tuple[int, int] | None,
        signature: dict[str, float],
    ) -> None:
        self.story[article.id] = story.id
        story.count += 1
        if not story.label:  # a story of one article saved without it: the newcomer's title
            story.label = article.title
        if when is not None:
            if story.first == 0:
                story.first = story.last = when[0]
            story.first, story.last = min(story.first, when[0]), max(story.last, when[0])
        source = article_source(article)
        if source and source not in story.sources:
            story.sources.append(source)
        story.terms.update(signature.keys())
        if len(story.terms) > SUMMARY_TERMS * 2:
            story.terms = Counter(dict(story.terms.most_common(SUMMARY_TERMS)))
        self._file(story, signature)

    def _best(self, signature: dict[str, float], span: tuple[int, int] | None, rare: float,
              furnished: set[str]) -> str | None:  # fmt: skip
        """The story this signature joins: the best weighted overlap, in time, sharing rare terms.

        span: the article's first and last possible days, None when nothing bounds its date
        (then more rare terms must be shared); furnished: the words of the article's page
        furniture, which never make the link (see FURNITURE_ARTICLES).
        """
        index = self._by_term or {}
        candidates: set[str] = set()
        rare_terms = [
            t for t in signature
            if self.df.get(t, 0) <= rare and not _furniture(t, furnished) and not _common(t)
        ]  # fmt: skip
        for term in rare_terms:
            candidates.update(index.get(term, ()))
        # An article dated only by a wide interval must share more of its weighted terms.
        narrow = span is not None and span[1] - span[0] <= MAX_ESTIMATE_DAYS
        need = MIN_RARE_SHARED if span is not None else MIN_RARE_SHARED_UNDATED
        least = JOIN_SCORE if narrow else JOIN_SCORE_WIDE
        total = sum(signature.values()) or 1.0
        best, best_score = None, least
        for sid in sorted(candidates):
            story = self.stories[sid]
            if span is not None and story.first:
                if span[1] < story.first - WINDOW_DAYS or span[0] > story.last + WINDOW_DAYS:
                    continue
                if span[1] - span[0] <= MAX_ESTIMATE_DAYS and (
                    max(story.last, span[0]) - min(story.first, span[1]) > MAX_SPAN_DAYS
                ):
                    continue
            terms = story.terms
            shared_rare = [t for t in rare_terms if t in terms]
            if _distinct(shared_rare) < (need if story.first else MIN_RARE_SHARED_UNDATED):
                continue
            if not any(t[0] == "@" or 2 * self.caps[t] >= self.df[t] for t in shared_rare):
                continue  # an event has a name: a person, a place, an organisation
            shared = [t for t in signature if t in terms]
            if len(shared) < MIN_SHARED:
                continue
            score = sum(signature[t] for t in shared) / total
            if score > best_score:
                best, best_score = sid, score
        return best

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for article_id, sid in self.story.items():
            out.setdefault(sid, []).append(article_id)
        return out


def _furniture(term: str, furnished: set[str]) -> bool:
    """True when the term is a furniture word, or a name made only of furniture words."""
    if not furnished:
        return False
    if term[0] == "@":
        words = [w[:8] for w in word_tokens(term[1:]) if len(w) >= MIN_WORD]
        return bool(words) and all(w in furnished for w in words)
    return term in furnished


@functools.cache
def common_words() -> frozenset[str]:
    """French words used at least once per million (Zipf 3 and more), folded and cut like the
    terms. Read from wordfreq's "small" French list (its cBpack file: a header, then lists of
    words by frequency) without importing wordfreq itself, whose import costs half a second."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent.joinpath(*COMMON_WORDS_FILE)
    try:
        header, *buckets = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    except (OSError, ValueError, msgpack.UnpackException):
        return frozenset()
    if not isinstance(header, dict) or header.get("format") != "cB":
        return frozenset()
    # Folded all at once (one call is much faster than one per word).
    folded = fold("\n".join(w for bucket in buckets for w in bucket)).split("\n")
    return frozenset(w[:8] for w in folded if len(w) >= MIN_WORD)


def _common(term: str) -> bool:
    """True when the term is a common French word, or a name made only of common words."""
    common = common_words()
    if term[0] == "@":
        words = [w[:8] for w in word_tokens(term[1:]) if len(w) >= MIN_WORD]
        return bool(words) and all(w in common for w in words)
    return term in common


def _distinct(terms: list[str]) -> int:
    """How many names and words the terms hold, a name's own words not counted again
    ("@toulouse" and "toulouse" are one piece of evidence)."""
    named = {w[:8] for t in terms if t[0] == "@" for w in word_tokens(t[1:])}
    return sum(1 for t in terms if t[0] == "@" or t not in named)
