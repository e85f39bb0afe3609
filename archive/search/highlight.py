"""Find where a query's words are in an article, as ranges of the original (unfolded) text."""

from __future__ import annotations

from dataclasses import dataclass

from archive.model import Article
from archive.search.analysis import Analyzer, word_spans
from archive.search.query import Phrase, Term

Span = tuple[int, int]


@dataclass
class Highlights:
    """Matched ranges per part of an article; body has one list per body block."""

    title: list[Span]
    teaser: list[Span]
    body: list[list[Span]]
    count: int


class _Words:
    """The query's words in comparable forms: stems, exact words, prefixes, phrases."""

    def __init__(self, terms: list[Term | Phrase], analyzer: Analyzer, title: bool) -> None:
        self.analyzer = analyzer
        self.stems: set[str] = set()
        self.exact: set[str] = set()
        self.prefixes: list[str] = []
        self.phrases: list[tuple[str, ...]] = []
        for term in terms:
            if term.field == "title" and not title:
                continue
            if isinstance(term, Phrase):
                self.phrases.append(tuple(analyzer.canonical_sequence(list(term.words))))
            elif term.prefix:
                self.prefixes.append(term.word)
            else:
                words = analyzer.canonical(term.word)
                if len(words) > 1:
                    self.phrases.append(words)
                elif term.exact:
                    self.exact.update({term.word, words[0]})
                else:
                    self.stems.add(analyzer.stem(words[0]))

    def single(self, word: str) -> bool:
        """True when one text word matches a word term (by stem, exact form or prefix)."""
        canonical = self.analyzer.canonical(word)
        if word in self.exact or any(w in self.exact for w in canonical):
            return True
        if any(word.startswith(p) for p in self.prefixes):
            return True
        return len(canonical) == 1 and self.analyzer.stem(canonical[0]) in self.stems

    def spans(self, text: str) -> list[Span]:
        """Merged, sorted ranges of text that match."""
        if not text:
            return []
        words = word_spans(text)
        found = [(start, end) for word, start, end in words if self.single(word)]
        if self.phrases:
            # Phrases match the canonical words, so "usa" or "United States" match "etats-unis".
            canonical = self.analyzer.canonical_words([word for word, _, _ in words])
            sequence = [word for word, _, _ in canonical]
            for phrase in self.phrases:
                size = len(phrase)
                for i in range(len(sequence) - size + 1):
                    if tuple(sequence[i : i + size]) == phrase:
                        first, last = canonical[i][1], canonical[i + size - 1][2] - 1
                        found.append((words[first][1], words[last][2]))
        return _merge(found)


def _merge(spans: list[Span]) -> list[Span]:
    spans.sort()
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def find_highlights(article: Article, terms: list[Term | Phrase], analyzer: Analyzer) -> Highlights:
    """Ranges of every matching word or phrase, found accent-insensitively on the original text."""
    everywhere = _Words(terms, analyzer, title=False)
    in_title = _Words(terms, analyzer, title=True)
    title = in_title.spans(article.title)
    teaser = everywhere.spans(article.teaser)
    body = [everywhere.spans(block.text) for block in article.body]
    count = len(title) + len(teaser) + sum(len(b) for b in body)
    return Highlights(title, teaser, body, count)
