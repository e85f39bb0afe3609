"""Named entities of the French press (people, places, organisations), spelling variants folded.

The gazetteer is archive/data/entities.json: a list of {"name", "kind", "variants"}, where
"name" is the usual French press spelling ("Vladimir Poutine", "Kiev", "États-Unis", "OTAN"),
"kind" is "person", "place" or "org", and "variants" lists other surface forms ("Putin", "Kyiv",
"USA", "NATO"). The name itself is always a surface form too.

Matching rules of extract_entities and canonical_name:

- a surface matches on word boundaries; at one position the longest surface wins, so
  "Melania Trump" is Melania, not Donald, and "Union européenne" is not "Union";
- a capital letter of a surface matches only a capital, a lower-case letter matches either case:
  "OTAN", "UE", "UN" never match "otan", "ue", "un", while "Vladimir Poutine" matches a headline
  in capitals; surfaces of at most three letters ("Xi", "Fed") match their exact case;
- "UN", "EU" and "AIE" are ignored next to a word in capitals ("UN ACCORD", "IL A EU");
- accents are optional either way (É/E, ï/i); ’ ʼ ‘ and ' are one apostrophe; spaces and
  hyphens are interchangeable ("États-Unis", "Etats Unis", "Maison Blanche", "Maison-Blanche").

Text is first reduced to ASCII with its case kept (ascii_text: NFKD, accents and ligatures
dropped, ’ -> ', long dashes -> -). At first use the whole gazetteer is compiled into one
trie-shaped regular expression whose top-level alternatives each start with a literal capital,
so the regex engine skips from capital to capital; surfaces starting in lower case ("mer Noire",
"talibans") go into a second, small one. A match is mapped back to its entry by surface_key.

Token scheme of variant_tokens and variant_phrases (for the search engine): text is folded with
archive.text.fold and cut into tokens of letters and digits joined by inner hyphens or
apostrophes, so "États-Unis d’Amérique" is the tokens "etats-unis" and "d'amerique"; a phrase is
its tokens joined by single spaces. Each entity has a key token: its canonical name when that is
one token ("etats-unis", "otan", "kiev"), else the first one-token variant that is also a token
of the canonical name or the last part of a hyphenated one (the surname: "poutine" for "Vladimir
Poutine", "assad" for "Bachar al-Assad"), else none ("Union européenne").

- variant_tokens maps each one-token variant of an entity with a key token to that key token:
  "putin" -> "poutine", "kyiv" -> "kiev", "usa" -> "etats-unis", "nato" -> "otan".
- variant_phrases maps each variant of several tokens, each one-token variant of an entity
  without key token, and the spaced spelling of a hyphenated name or variant, to the canonical
  phrase: "etats-unis d'amerique" -> "etats-unis", "vladimir putin" -> "vladimir poutine",
  "ue" -> "union europeenne", "etats unis" -> "etats-unis". Apply the longest phrases first:
  "le pen" -> "marine le pen" is also inside "jean-marie le pen".
- both leave out variants that are common words once folded ("un", "eu", "ap") and variants
  holding other punctuation ("U.S.A.").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from archive.text import fold

KINDS: tuple[str, ...] = ("person", "place", "org")
DATA_FILE = Path(__file__).parent.parent / "data" / "entities.json"

# Acronyms that are also words: ignored when the previous or next word is in capitals.
_SHOUT_GUARDED = frozenset({"UN", "EU", "AIE"})
# Folded forms that are ordinary words: never looked up without their case, never in token maps.
_COMMON_WORDS = frozenset(
    {"un", "eu", "us", "on", "ap", "aie", "ei", "ua", "ps", "pam", "fed", "as", "or", "it"}
)
# Characters NFKD does not reduce to ASCII but that names or separators use.
_SPECIAL = {
    "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-", "—": "-",
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i",
}  # fmt: skip
_SEP = " "  # atom: a run of white space or hyphens
_END = ""  # trie key marking the end of a surface
_KEY_SEPARATORS = re.compile(r"[\s\-]+")
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_PREV_WORD = re.compile(r"(\w+)\W{0,3}$")
_NEXT_WORD = re.compile(r"\W{0,3}(\w+)")


@dataclass(frozen=True)
class Entity:
    """One gazetteer entry: canonical name, kind and other surface forms."""

    name: str
    kind: str
    variants: tuple[str, ...] = ()

    def surfaces(self) -> tuple[str, ...]:
        """The canonical name followed by its variants."""
        return (self.name, *self.variants)


def load_entities(path: Path = DATA_FILE) -> list[Entity]:
    """Read and check the gazetteer; raise ValueError naming the first bad entry."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of entries")
    entities: list[Entity] = []
    for number, item in enumerate(raw):
        name = item.get("name") if isinstance(item, dict) else None
        kind = item.get("kind") if isinstance(item, dict) else None
        variants = item.get("variants", []) if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip() or kind not in KINDS:
            raise ValueError(f"{path}: entry {number} needs a name and a kind in {KINDS}")
        if not isinstance(variants, list) or not all(isinstance(v, str) and v for v in variants):
            raise ValueError(f"{path}: entry {number} ({name}): variants must be strings")
        entities.append(Entity(name, str(kind), tuple(variants)))
    return entities


def ascii_text(text: str) -> str:
    """Text without accents, ligatures, curly apostrophes or long dashes, case kept ("État" -> "Etat").

    NFKD turns no-break spaces into spaces; other characters with no ASCII form are dropped.
    """
    if text.isascii():
        return text
    for char, replacement in _SPECIAL.items():
        if char in text:
            text = text.replace(char, replacement)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def surface_key(surface: str) -> str:
    """The lookup form of a surface: "États–Unis" and "etats unis" both give "etats unis"."""
    return _KEY_SEPARATORS.sub(" ", ascii_text(surface).lower()).strip()


def _atoms(surface: str) -> list[str]:
    """Cut a surface into atoms: "U"/"A"/"L" + letter (capital, either case, lower), or others."""
    text = ascii_text(surface.strip())
    exact = sum(ch.isalpha() for ch in text) <= 3
    atoms: list[str] = []
    for ch in text:
        if ch.isspace() or ch == "-":
            if atoms and atoms[-1] != _SEP:
                atoms.append(_SEP)
        elif ch.isalpha():
            mode = "U" if ch.isupper() else ("L" if exact or not atoms else "A")
            atoms.append(mode + ch.lower())
        else:
            atoms.append("X" + ch)
    while atoms and atoms[-1] == _SEP:
        atoms.pop()
    return atoms


def _chain_re(atoms: list[str]) -> str:
    """The regular expression of a chain of atoms; runs of either-case letters share one (?i:)."""
    out: list[str] = []
    run: list[str] = []
    for atom in [*atoms, "X"]:
        if atom[0] == "A":
            run.append(atom[1])
            continue
        if run:
            out.append(
                "(?i:" + "".join(run) + ")" if len(run) > 1 else f"[{run[0]}{run[0].upper()}]"
            )
            run = []
        if atom == _SEP:
            out.append(r"[\s\-]+")
        elif atom[0] == "U":
            out.append(atom[1].upper())
        elif atom[0] in "LX" and len(atom) > 1:
            out.append(re.escape(atom[1]))
    return "".join(out)


Trie = dict[str, "Trie"]


def _node_re(node: Trie) -> str:
    """The regular expression of every surface below a trie node, path-compressed."""
    alternatives = []
    for atom, child in node.items():
        if atom == _END:
            continue
        chain = [atom]
        while len(child) == 1 and _END not in child:
            ((next_atom, child),) = child.items()
            chain.append(next_atom)
        alternatives.append(_chain_re(chain) + _node_re(child))
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return "(?:" + body + ")?" if _END in node else body


def _compile(surfaces: list[list[str]]) -> re.Pattern[str] | None:
    """Compile atom lists into one regex whose top-level alternatives start with a literal."""
    root: Trie = {}
    for atoms in surfaces:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[_END] = {}
    if not root:
        return None
    alternatives = [_chain_re([atom]) + _node_re(child) for atom, child in root.items()]
    return re.compile("(?:" + "|".join(alternatives) + r")(?!\w)")


@dataclass
class _Gazetteer:
    """The compiled gazetteer: lookup table and the two matching regexes."""

    entities: list[Entity]
    by_key: dict[str, Entity]
    capital: re.Pattern[str] | None
    lower: re.Pattern[str] | None
    lower_anchors: tuple[str, ...]  # last words of the lower-case surfaces: run lower if one is in
    cache: dict[str, Entity | None]

    def entity_of(self, matched: str) -> Entity | None:
        """The entity of a matched surface, through a cache of raw matches."""
        try:
            return self.cache[matched]
        except KeyError:
            entity = self.by_key.get(surface_key(matched))
            if len(self.cache) < 50_000:
                self.cache[matched] = entity
            return entity


@lru_cache(maxsize=1)
def _loaded() -> tuple[Entity, ...]:
    """The bundled gazetteer, read once."""
    return tuple(load_entities())


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Compile the bundled gazetteer once."""
    entities = list(_loaded())
    by_key: dict[str, Entity] = {}
    capital: list[list[str]] = []
    lower: list[list[str]] = []
    anchors: set[str] = set()
    for entity in entities:
        for surface in entity.surfaces():
            key = surface_key(surface)
            if not key or by_key.setdefault(key, entity) is not entity:
                continue  # first entry wins; tests keep the data free of such clashes
            atoms = _atoms(surface)
            if atoms[0][0] in "UX":
                capital.append(atoms)
            else:
                lower.append(atoms)
                anchors.add(_KEY_SEPARATORS.split(ascii_text(surface))[-1])
    return _Gazetteer(
        entities, by_key, _compile(capital), _compile(lower), tuple(sorted(anchors)), {}
    )


def _shouting(text: str, start: int, end: int) -> bool:
    """Whether the word before or after text[start:end] is written in capitals."""
    before = _PREV_WORD.search(text, max(0, start - 40), start)
    after = _NEXT_WORD.match(text, end, end + 40)
    return any(m is not None and len(m[1]) > 1 and m[1].isupper() for m in (before, after))


def _matches(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of pattern in text that start on a word boundary."""
    spans = []
    search = pattern.search
    m = search(text)
    while m is not None:
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            m = search(text, start + 1)
            continue
        spans.append((start, m.end()))
        m = search(text, m.end())
    return spans


def _find(text: str) -> list[tuple[int, int, Entity]]:
    """Non-overlapping (start, end, entity) matches in order, the longest at each position."""
    gaz = _gazetteer()
    text = ascii_text(text)
    spans = _matches(text, gaz.capital) if gaz.capital else []
    if gaz.lower is not None and any(anchor in text for anchor in gaz.lower_anchors):
        spans += _matches(text, gaz.lower)
        spans.sort(key=lambda span: (span[0], -span[1]))
    found: list[tuple[int, int, Entity]] = []
    last_end = 0
    for start, end in spans:
        if start < last_end:
            continue
        matched = text[start:end]
        if matched in _SHOUT_GUARDED and _shouting(text, start, end):
            continue
        entity = gaz.entity_of(matched)
        if entity is not None:
            found.append((start, end, entity))
            last_end = end
    return found


def extract_entities(text: str) -> dict[str, list[str]]:
    """Canonical names in text: {"person", "place", "org"} always, each once, first seen first."""
    result: dict[str, list[str]] = {kind: [] for kind in KINDS}
    seen: set[str] = set()
    for _, _, entity in _find(text):
        if entity.name not in seen:
            seen.add(entity.name)
            result[entity.kind].append(entity.name)
    return result


def find_entity(surface: str) -> Entity | None:
    """The entity a surface form names ("Putin", "kyiv", "UN"), or None."""
    surface = ascii_text(surface.strip())
    gaz = _gazetteer()
    for pattern in (gaz.capital, gaz.lower):
        if pattern is not None and pattern.fullmatch(surface):
            return gaz.entity_of(surface)
    key = surface_key(surface)
    return None if key in _COMMON_WORDS else gaz.by_key.get(key)


def canonical_name(surface: str) -> str | None:
    """The canonical name of a surface form: "Putin" -> "Vladimir Poutine"; None if unknown.

    Case is only required where it disambiguates: "kyiv" -> "Kiev", "UN" -> "ONU", "un" -> None.
    """
    entity = find_entity(surface)
    return entity.name if entity is not None else None


def tokens(text: str) -> list[str]:
    """The search tokens of text: folded letters and digits joined by inner hyphens/apostrophes."""
    return _TOKEN.findall(fold(text))


def _usable(variant: str) -> bool:
    """Whether a variant may enter the token maps: no stray punctuation, not a common word."""
    folded = fold(variant)
    return not any(ch in folded for ch in ".&+/") and surface_key(variant) not in _COMMON_WORDS


def _key_token(entity: Entity) -> str | None:
    """The single token standing for an entity, or None (see the module docstring)."""
    name_tokens = tokens(entity.name)
    if len(name_tokens) == 1:
        return name_tokens[0]
    # a token of the name, or the last part of a hyphenated one ("assad" in "al-assad")
    name_parts = set(name_tokens) | {token.rsplit("-", 1)[-1] for token in name_tokens}
    for variant in entity.variants:
        parts = tokens(variant)
        if len(parts) == 1 and parts[0] in name_parts:
            return parts[0]
    return None


@lru_cache(maxsize=1)
def _token_maps() -> tuple[dict[str, str], dict[str, str]]:
    """Build (variant_tokens, variant_phrases) once; the first entity wins a clash."""
    single: dict[str, str] = {}
    phrases: dict[str, str] = {}
    for entity in _loaded():
        key_token = _key_token(entity)
        canonical = " ".join(tokens(entity.name))
        for surface in entity.surfaces():
            if not _usable(surface):
                continue
            surface_tokens = tokens(surface)
            phrase = " ".join(surface_tokens)
            spaced = " ".join(part for token in surface_tokens for part in token.split("-"))
            if spaced != phrase and spaced != canonical:
                phrases.setdefault(spaced, canonical)
            if surface is entity.name:
                continue
            if len(surface_tokens) == 1 and key_token is not None:
                if phrase != key_token:
                    single.setdefault(phrase, key_token)
            elif surface_tokens and phrase != canonical:
                phrases.setdefault(phrase, canonical)
    return single, phrases


def variant_tokens() -> dict[str, str]:
    """Folded one-token variant -> folded key token of its entity: "putin" -> "poutine"."""
    return dict(_token_maps()[0])


def variant_phrases() -> dict[str, str]:
    """Folded variant phrase -> folded canonical phrase: "vladimir putin" -> "vladimir poutine"."""
    return dict(_token_maps()[1])


def entities() -> list[Entity]:
    """Every gazetteer entry, in file order."""
    return list(_loaded())
