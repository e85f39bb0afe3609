"""The query language: plain words first, fields, dates and boolean syntax when needed, parsed to an AST.

Grammar (implicit AND between terms; OR binds looser than AND; NOT/- binds tightest)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary ("AND"? unary)*
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or_expr ")" | field ":" value | '"' words '"' | word ["*"]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from archive.i18n import _
from archive.search.analysis import word_tokens
from archive.search.dateq import DateValueError, DayRange, LibraryDates, parse_date_value
from archive.text import fold

TEXT_FIELDS = ("title",)
MAX_QUERY_CHARS = 1000
VALUE_FIELDS = ("tag", "site", "agency", "source", "person", "place", "org")
FIELDS = ("title", "tag", "site", "agency", "source", "person", "place", "org",
          "is", "has", "date", "datestated", "sort", "story", "versions")  # fmt: skip
GROUP_FIELDS = ("story", "versions")  # an article or story id (or a prefix of 4+ digits)
IS_VALUES = ("read", "unread", "starred", "unstarred", "full", "teaser")
HAS_VALUES = ("date",)
SORTS = ("relevance", "date", "-date", "title", "-title")
_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}
_CLOSERS = {'"', "»", "”", "“"}
_GROUP_ID = re.compile(r"[0-9a-f]{4,16}")
_BREAK = set(" \t\n\r()") | set(_QUOTES) | _CLOSERS


class QueryError(Exception):
    """A query that cannot be read: message says what was expected, position where (0-based)."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"position {position}: {message}")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Term:
    """One word: matched by French stem, or by prefix when written "ukrain*", or exactly when quoted."""

    word: str
    position: int
    prefix: bool = False
    exact: bool = False
    field: str | None = None  # None: anywhere; "title": the title only


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must follow each other in this order ("maison blanche", or etats-unis)."""

    words: tuple[str, ...]
    position: int
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Filter:
    """A field that is not text: tag:, site:, agency:, person:, place:, org:, is:, has:."""

    field: str
    value: str  # folded
    position: int
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class DateFilter:
    """date:/datestated: as an inclusive range of day ordinals."""

    start: int
    end: int
    position: int
    stated_only: bool = False
    value: str = ""  # as written, for saying which period was understood


@dataclass(frozen=True, slots=True)
class Not:
    """Everything but the child."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """All children."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any child."""

    children: tuple[Node, ...]


Node = Term | Phrase | Filter | DateFilter | Not | And | Or


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A parsed query: its tree (None matches everything) and its sort: field, if any."""

    text: str
    root: Node | None
    sort: str | None = None

    def text_terms(self) -> list[Term | Phrase]:
        """The words and phrases that are not negated: what ranks and what is highlighted."""
        found: list[Term | Phrase] = []

        def walk(node: Node | None) -> None:
            if isinstance(node, Term | Phrase):
                found.append(node)
            elif isinstance(node, And | Or):
                for child in node.children:
                    walk(child)

        walk(self.root)
        return found

    def periods(self) -> list[str]:
        """Each date value and the days it was read as: "juin → 2025-06-01..2025-06-30"."""
        found: list[str] = []

        def walk(node: Node | None) -> None:
            if isinstance(node, DateFilter):
                label = DayRange(node.start, node.end).label()
                found.append(f"{' '.join(node.value.split())} → {label}")
            elif isinstance(node, Not):
                walk(node.child)
            elif isinstance(node, And | Or):
                for child in node.children:
                    walk(child)

        walk(self.root)
        return list(dict.fromkeys(found))

    def has_dates(self) -> bool:
        """True when a date: or datestated: filter appears anywhere."""

        def walk(node: Node | None) -> bool:
            if isinstance(node, DateFilter):
                return True
            if isinstance(node, Not):
                return walk(node.child)
            if isinstance(node, And | Or):
                return any(walk(child) for child in node.children)
            return False

        return walk(self.root)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "word", "quoted", "field", "or", "and", "not"
    text: str
    position: int
    field: str = ""
    quoted: bool = False


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """The text inside the quote opening at start, and the index after its closing quote."""
    opener = text[start]
    closers = {_QUOTES[opener], '"'} if opener in _QUOTES else {'"'}
    for index in range(start + 1, len(text)):
        if text[index] in closers:
            return text[start + 1 : index], index + 1
    raise QueryError(
        _("expected '{quote}' to close the quote at {position}").format(
            quote=_QUOTES.get(opener, opener), position=start
        ),
        len(text),
    )


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token(ch, ch, i))
            i += 1
        elif ch in _QUOTES:
            inner, i_next = _read_quoted(text, i)
            tokens.append(_Token("quoted", inner, i))
            i = i_next
        elif ch in _CLOSERS:
            raise QueryError(_("unexpected '{quote}': no quote to close").format(quote=ch), i)
        elif (
            ch == "-"
            and i + 1 < n
            and text[i + 1] not in " \t\n\r)-"
            and text[i + 1] not in _CLOSERS
        ):
            tokens.append(_Token("not", "-", i))
            i += 1
        else:
            start = i
            while i < n and text[i] not in _BREAK:
                i += 1
            chunk = text[start:i]
            head, colon, rest = chunk.partition(":")
            name = head.lower()
            if colon and head.isascii() and head.isalpha():
                if name not in FIELDS:
                    if not rest and i < n and text[i] in _QUOTES:
                        pass  # "word:" then a quote: treat the quote as a value below
                    elif not rest:
                        # "Ukraine:" is a word with a trailing colon, not a field
                        tokens.append(_Token("word", head, start))
                        continue
                    if not rest.startswith("/"):
                        raise QueryError(
                            _("unknown field '{field}:'; expected one of {fields}").format(
                                field=head, fields=", ".join(f"{f}:" for f in FIELDS)
                            ),
                            start,
                        )
                else:
                    if not rest and i < n and text[i] in _QUOTES:
                        rest, i = _read_quoted(text, i)
                        tokens.append(_Token("field", rest, start, name, quoted=True))
                        continue
                    tokens.append(_Token("field", rest, start, name))
                    continue
            if chunk in ("OR", "AND", "NOT"):
                tokens.append(_Token(chunk.lower(), chunk, start))
            elif chunk == "||":
                tokens.append(_Token("or", chunk, start))
            else:
                tokens.append(_Token("word", chunk, start))
    return tokens


class _Parser:
    """Recursive descent over the tokens; collects sort: on the side."""

    def __init__(
        self, text: str, tokens: list[_Token], today: dt.date, dates: LibraryDates | None
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.today = today
        self.dates = dates
        self.sort: str | None = None

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            if token.kind == ")":
                raise QueryError(_("unexpected ')': no '(' to close"), token.position)
            raise QueryError(
                _("unexpected '{text}'").format(text=token.text), token.position
            )  # pragma: no cover
        return node

    def or_expr(self) -> Node | None:
        parts: list[Node] = []
        first = self.and_expr()
        if first is not None:
            parts.append(first)
        while (token := self.peek()) is not None and token.kind == "or":
            if first is None and not parts:
                raise QueryError(_("expected a term before 'OR'"), token.position)
            self.index += 1
            nxt = self.and_expr()
            if nxt is None:
                raise QueryError(_("expected a term after 'OR'"), token.position + len(token.text))
            parts.append(nxt)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("or", ")"):
            if token.kind == "and":
                self.index += 1
                nxt = self.peek()
                if not parts or nxt is None or nxt.kind in ("or", ")", "and"):
                    raise QueryError(_("expected a term on both sides of 'AND'"), token.position)
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        token = self.tokens[self.index]
        if token.kind == "not":
            self.index += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "and", ")"):
                raise QueryError(
                    _("expected a term after '{text}'").format(text=token.text),
                    token.position + len(token.text),
                )
            child = self.unary()
            if child is None:
                return None
            return child.child if isinstance(child, Not) else Not(child)
        return self.primary()

    def primary(self) -> Node | None:
        token = self.tokens[self.index]
        self.index += 1
        if token.kind == "(":
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError(
                    _("expected ')' to close '(' at {position}").format(position=token.position),
                    len(self.text),
                )
            self.index += 1
            if node is None:
                raise QueryError(_("expected a term inside '( )'"), token.position + 1)
            return node
        if token.kind == "quoted":
            return self.words(token.text, token.position, quoted=True)
        if token.kind == "field":
            return self.field(token)
        return self.words(token.text, token.position)

    def words(
        self, text: str, position: int, *, quoted: bool = False, field: str | None = None
    ) -> Node | None:
        """A bare word, a prefix or a phrase; punctuation alone is no term."""
        prefix = not quoted and text.endswith("*")
        words = word_tokens(fold(text))
        if not words:
            if prefix:
                raise QueryError(_("expected letters before '*'"), position)
            return None
        if len(words) == 1:
            return Term(words[0], position, prefix=prefix, exact=quoted, field=field)
        if prefix:
            phrase: list[Node] = [Term(w, position, field=field) for w in words[:-1]]
            return And((*phrase, Term(words[-1], position, prefix=True, field=field)))
        return Phrase(tuple(words), position, field)

    def field(self, token: _Token) -> Node | None:
        name, value, position = token.field, token.text, token.position
        value_at = position + len(name) + 1
        if not value.strip():
            raise QueryError(_("expected a value after '{field}:'").format(field=name), value_at)
        if name == "title":
            node = self.words(value, position, quoted=token.quoted, field="title")
            if node is None:
                raise QueryError(_("expected a word after 'title:'"), value_at)
            return node
        if name in ("date", "datestated"):
            try:
                days = parse_date_value(value, self.today, self.dates)
            except DateValueError as error:
                raise QueryError(error.message, value_at + error.offset) from None
            return DateFilter(
                days.start, days.end, position, stated_only=name == "datestated", value=value
            )
        folded = fold(value).strip()
        if name in GROUP_FIELDS:
            if not _GROUP_ID.fullmatch(folded):
                raise QueryError(
                    f"expected an article or story id (4 to 16 hex digits) after '{name}:'",
                    value_at,
                )
            return Filter(name, folded, position)
        if name == "sort":
            if folded not in SORTS:
                raise QueryError(
                    _("expected {values} after 'sort:'").format(values=", ".join(SORTS)), value_at
                )
            self.sort = folded
            return None
        if name == "is":
            if folded not in IS_VALUES:
                raise QueryError(
                    _("expected {values} after 'is:'").format(values=", ".join(IS_VALUES)), value_at
                )
            return Filter("is", folded, position)
        if name == "has":
            if folded not in HAS_VALUES:
                raise QueryError(
                    _("expected {values} after 'has:'").format(values=", ".join(HAS_VALUES)),
                    value_at,
                )
            return Filter("has", folded, position)
        prefix = folded.endswith("*") and not token.quoted
        folded = " ".join(word_tokens(folded)) if name != "site" else folded.rstrip("*")
        # site: keeps dots and dashes, but a value with no letter or digit can match nothing.
        if not folded or not word_tokens(folded):
            raise QueryError(
                _("expected letters or digits after '{field}:'").format(field=name), value_at
            )
        return Filter("agency" if name == "source" else name, folded, position, prefix=prefix)


def parse(
    text: str, today: dt.date | None = None, dates: LibraryDates | None = None
) -> ParsedQuery:
    """Parse a query; raises QueryError (and nothing else) for text that is not a query.

    dates: what the library holds, so that "juin" and "7j" mean the library's June and its
    last week (archive/dateq.py); without it they are read against today.
    """
    if not isinstance(text, str):
        raise QueryError(_("expected text"), 0)
    if len(text) > MAX_QUERY_CHARS:
        # Parsing and matching grow with the length; no one types a query this long.
        raise QueryError(
            _("the query is too long (at most {count} characters)").format(count=MAX_QUERY_CHARS),
            MAX_QUERY_CHARS,
        )
    tokens = _lex(text)
    parser = _Parser(text, tokens, today or dt.date.today(), dates)
    try:
        root = parser.parse()
    except RecursionError:
        raise QueryError(_("too deeply nested"), 0) from None
    return ParsedQuery(text, root, parser.sort)
