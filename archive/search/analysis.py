"""How text becomes index terms: folded words, spelling variants of names, French stems."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

import Stemmer

from archive.text import fold_with_offsets

ANALYZER_VERSION = 1
GAZETTEER_FILE = Path(__file__).parent.parent / "data" / "entities.json"
VARIANTS_FILE = (
    Path(__file__).parent.parent / "data" / "variants.json"
)  # made from it, kept in the repo
# Used only while archive/read/entities.py is absent (it owns the real table).
_FALLBACK_VARIANTS = {"putin": "poutine", "kyiv": "kiev", "usa": "etats-unis"}


_WORD = re.compile(r"[^\W_]+")


def word_tokens(folded: str) -> list[str]:
    """The words of already folded text, runs of letters and digits: "l'etat" -> ["l", "etat"]."""
    return _WORD.findall(folded)


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each folded word of text with its (start, end) character range in the original text."""
    folded, offsets = fold_with_offsets(text)
    spans: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(folded):
        start = offsets[match.start()]
        end = offsets[match.end() - 1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # a decomposed accent belongs to the letter before it
        spans.append((match.group(), start, end))
    return spans


def load_variants() -> dict[str, str]:
    """The import's folded variants ("putin" -> "poutine", "vladimir putin" -> "vladimir poutine").

    Read from data/variants.json when it was made from the gazetteer as it is now (a few
    hundred microseconds instead of tens of milliseconds at every command's start).
    """
    cached = _cached_variants()
    return cached if cached is not None else computed_variants()


def _source_digest() -> str:
    return hashlib.sha1(GAZETTEER_FILE.read_bytes()).hexdigest()


def _cached_variants() -> dict[str, str] | None:
    try:
        cached = json.loads(VARIANTS_FILE.read_text(encoding="utf-8"))
        if cached.get("source") == _source_digest() and isinstance(cached.get("table"), dict):
            return dict(cached["table"])
    except (OSError, ValueError, AttributeError):
        pass
    return None


def write_variants_cache() -> None:
    """Write data/variants.json from the gazetteer (`python -m archive.analysis`)."""
    document = {"source": _source_digest(), "table": computed_variants()}
    text = json.dumps(document, ensure_ascii=False, indent=0, sort_keys=True)
    VARIANTS_FILE.write_text(text + "\n", encoding="utf-8")


def computed_variants() -> dict[str, str]:
    """The variants computed from the gazetteer (archive/entities.py)."""
    try:
        entities = importlib.import_module("archive.read.entities")
    except ImportError:  # pragma: no cover - entities.py ships with the package
        return dict(_FALLBACK_VARIANTS)
    table: dict[str, str] = {}
    for name in ("variant_phrases", "variant_tokens"):
        make = getattr(entities, name, None)
        if callable(make):
            table.update(make())
    return table


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """True when part appears in whole as consecutive words."""
    size = len(part)
    return any(whole[i : i + size] == part for i in range(len(whole) - size + 1))


Canonical = list[tuple[str, int, int]]  # (canonical word, first source word, last source word + 1)


class Analyzer:
    """Turns folded words into the canonical words and stems the index stores and queries look up.

    A spelling variant of one word maps to the canonical words ("putin" -> poutine,
    "usa" -> etats unis); a variant of several words is rewritten where it appears in a
    sequence ("united states" -> etats unis), the longest first.
    """

    def __init__(self, variants: dict[str, str] | None = None) -> None:
        table = load_variants() if variants is None else variants
        self.variants: dict[str, tuple[str, ...]] = {}
        phrases: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for variant, canonical in sorted(table.items()):
            source, target = tuple(word_tokens(variant)), tuple(word_tokens(canonical))
            if not source or not target or source == target:
                continue
            if len(source) == 1:
                self.variants.setdefault(source[0], target)
            elif not _within(source, target):
                # "le pen" -> "marine le pen" is left out: it adds words, and would turn
                # "Jean-Marie Le Pen" into "jean marie marine le pen".
                options = phrases.setdefault(source[0], [])
                if (source, target) not in options:
                    options.append((source, target))
        for options in phrases.values():
            options.sort(key=lambda option: -len(option[0]))
        self.phrases = phrases
        self.first_words = self.variants.keys() | phrases.keys()
        self._stemmer = Stemmer.Stemmer("french")
        self._stems: dict[str, str] = {}
        self._lock = threading.Lock()
        digest = hashlib.sha1(
            repr((sorted(self.variants.items()), sorted(phrases.items()))).encode()
        ).hexdigest()[:16]
        self.fingerprint = f"fr-snowball-{ANALYZER_VERSION}-{digest}"

    def canonical(self, word: str) -> tuple[str, ...]:
        """The canonical words of one folded word: itself, or its variant's words."""
        return self.variants.get(word, (word,))

    def canonical_words(self, words: list[str]) -> Canonical:
        """Canonical words of a word sequence, each with the source words it came from."""
        out: Canonical = []
        index, size = 0, len(words)
        first_words, variants = self.first_words, self.variants
        while index < size:
            word = words[index]
            if word in first_words:
                end = self._phrase_end(words, index)
                if end:
                    out.extend((w, index, end) for w in self._phrase_target(words, index, end))
                    index = end
                    continue
                out.extend((w, index, index + 1) for w in variants.get(word, (word,)))
            else:
                out.append((word, index, index + 1))
            index += 1
        return out

    def canonical_sequence(self, words: list[str]) -> list[str]:
        """Canonical words of a word sequence (phrase variants, then word variants)."""
        first_words = self.first_words
        if first_words.isdisjoint(words):
            return words
        out: list[str] = []
        index, size = 0, len(words)
        variants = self.variants
        while index < size:
            word = words[index]
            if word in first_words:
                end = self._phrase_end(words, index)
                if end:
                    out.extend(self._phrase_target(words, index, end))
                    index = end
                    continue
                out.extend(variants.get(word, (word,)))
            else:
                out.append(word)
            index += 1
        return out

    def _phrase_end(self, words: list[str], index: int) -> int:
        """Where the longest phrase variant starting at words[index] ends, or 0."""
        for source, _ in self.phrases.get(words[index], ()):
            if tuple(words[index : index + len(source)]) == source:
                return index + len(source)
        return 0

    def _phrase_target(self, words: list[str], index: int, end: int) -> tuple[str, ...]:
        source = tuple(words[index:end])
        return next(t for s, t in self.phrases[words[index]] if s == source)

    def stem(self, word: str) -> str:
        """The French stem of a folded word (cached; PyStemmer is not thread-safe)."""
        found = self._stems.get(word)
        if found is None:
            with self._lock:
                found = self._stemmer.stemWord(word)
            self._stems[word] = found
        return found

    def stem_many(self, words: list[str]) -> list[str]:
        """Stems of many folded words at once."""
        missing = [w for w in set(words) if w not in self._stems]
        if missing:
            with self._lock:
                stems = self._stemmer.stemWords(missing)
            self._stems.update(zip(missing, stems, strict=True))
        get: Callable[[str], str] = self._stems.__getitem__
        return [get(w) for w in words]


if __name__ == "__main__":
    write_variants_cache()
