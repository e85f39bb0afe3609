"""Text hygiene shared by every layer: strip what must never reach a terminal, fold for comparison."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except \t and \n, DEL, C1 controls (ESC-free CSI/OSC introducers live there too).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings/overrides/isolates and invisible characters that can spoof or hide text.
# ZWJ (U+200D) is kept: emoji sequences need it.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A whole escape sequence, so its printable tail ("[2J", "]0;title") goes with the ESC.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])"
    r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"
)
_SPACES = re.compile(r"[^\S\n]+")
_ALL_SPACES = re.compile(r"\s+")
_NEWLINES = re.compile(r"\r\n?")


def sanitize(text: str) -> str:
    """Remove escape sequences, control and invisible characters; keep \\n; tabs become spaces."""
    text = _NEWLINES.sub("\n", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = text.replace("\t", " ")
    text = _CONTROLS.sub("", text)
    return _INVISIBLE.sub("", text)


def clean_line(text: str) -> str:
    """One display line: sanitized, NFC, every run of white space (no-break ones too) one space."""
    return _ALL_SPACES.sub(" ", unicodedata.normalize("NFC", sanitize(text))).strip()


def fold_spaces(text: str) -> str:
    """Fold runs of horizontal white space (no-break spaces included) into one space."""
    return _SPACES.sub(" ", text).strip()


def title_key(title: str) -> str:
    """The form under which two titles are the same article: NFC, folded spaces, casefolded."""
    return clean_line(title).casefold()


def line_key(clean: str) -> str:
    """title_key() for text the page reader has already cleaned (much cheaper)."""
    return clean.strip().casefold()


_FOLD_TABLE = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
    }
)


class _FoldTable(dict[int, str]):
    """str.translate table that folds each character once and remembers it."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code).translate(_FOLD_TABLE))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lowercase without accents or ligatures, for matching: "État œuvre" -> "etat oeuvre".

    Characters may expand (œ -> oe), so offsets differ from the original text; use
    fold_with_offsets when positions must map back.
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


class _AlignedFoldTable(dict[int, str]):
    """Like _FoldTable, but every character folds to exactly one character (œ -> o, … -> .)."""

    def __missing__(self, code: int) -> str:
        folded = _FOLD[code]
        one = folded[0] if folded else chr(code)
        self[code] = one
        return one


_FOLD_ALIGNED = _AlignedFoldTable()


def fold_aligned(text: str) -> str:
    """fold() keeping one character per character, so regex spans index the original text.

    Good for patterns made of plain letters, digits and spaces (dates, headers, markers),
    which never contain the characters that would expand.
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_ALIGNED)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold text and return, for each folded character, the index of its source character."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    table = _FOLD
    for i, ch in enumerate(text):
        folded = table[ord(ch)]
        out.append(folded)
        if len(folded) == 1:
            offsets.append(i)
        else:
            offsets.extend([i] * len(folded))
    return "".join(out), offsets
