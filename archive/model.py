"""The article record that flows from the page reader to the store, the index and the screen."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, cast

BlockType = Literal["paragraph", "heading", "bullet", "quote"]
TagKind = Literal["category", "keyword", "section", "user"]
EntityKind = Literal["person", "place", "org"]

BLOCK_TYPES: tuple[str, ...] = ("paragraph", "heading", "bullet", "quote")
TAG_KINDS: tuple[str, ...] = ("category", "keyword", "section", "user")
ENTITY_KINDS: tuple[str, ...] = ("person", "place", "org")


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of an article body: a paragraph, a sub-heading, a bullet line or a quote."""

    type: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"type": self.type, "text": self.text}


@dataclass(frozen=True, slots=True)
class Tag:
    """A label on an article and where it came from (an archive header, a breadcrumb, the user)."""

    name: str
    kind: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Source:
    """One place an article was found: file, 1-based line, position in its listing, archive name."""

    file: str
    line: int
    position: int | None = None
    archive: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "position": self.position,
            "archive": self.archive,
        }


@dataclass(frozen=True, slots=True)
class DateEstimate:
    """Bounds on an undated article's date, from the listings it appears in (ISO days or None)."""

    earliest: str | None
    latest: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"earliest": self.earliest, "latest": self.latest}


@dataclass(slots=True)
class Article:
    """A clean article: what the store keeps and every layer above reads."""

    id: str
    title: str
    title_derived: bool = False
    teaser: str = ""
    body: list[Block] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    date_estimate: DateEstimate | None = None
    tags: list[Tag] = field(default_factory=list)
    agency: str | None = None
    site: str | None = None
    url: str | None = None
    author: str | None = None
    entities: dict[str, list[str]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    @property
    def is_full(self) -> bool:
        """True when the whole text is known, not only a teaser."""
        return bool(self.body)

    @property
    def text_blocks(self) -> list[Block]:
        """The body to show: the full body, or the teaser as one paragraph."""
        if self.body:
            return self.body
        return [Block("paragraph", self.teaser)] if self.teaser else []

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by the store and by `manchette list --json`."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "title_derived": self.title_derived,
            "teaser": self.teaser,
            "body": [b.to_dict() for b in self.body],
            "date": self.date,
            "date_text": self.date_text,
            "date_estimate": self.date_estimate.to_dict() if self.date_estimate else None,
            "tags": [t.to_dict() for t in self.tags],
            "agency": self.agency,
            "site": self.site,
            "entities": {k: list(v) for k, v in self.entities.items()},
            "sources": [s.to_dict() for s in self.sources],
        }
        # Known only for pages, feeds and exports: absent otherwise, so that text-dump
        # libraries keep their exact shape (and size).
        if self.url:
            data["url"] = self.url
        if self.author:
            data["author"] = self.author
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """The inverse of to_dict(); raises ValueError naming the field of a malformed record."""
        if not isinstance(data, dict):
            raise ValueError("an article record is not an object")
        estimate = data.get("date_estimate")
        if estimate is not None:
            _check(isinstance(estimate, dict), "date_estimate", estimate)
            estimate = DateEstimate(
                _day(estimate.get("earliest"), "date_estimate"),
                _day(estimate.get("latest"), "date_estimate"),
            )
        entities = data.get("entities") or {}
        _check(isinstance(entities, dict), "entities", entities)
        return cls(
            id=_text(data.get("id"), "id"),
            title=_text(data.get("title"), "title"),
            title_derived=bool(data.get("title_derived", False)),
            teaser=_text(data.get("teaser") or "", "teaser"),
            body=[
                Block(_text(b.get("type"), "body"), _text(b.get("text"), "body"))
                for b in _records(data.get("body"), "body")
            ],
            date=_day(data.get("date"), "date"),
            date_text=_optional_text(data.get("date_text"), "date_text"),
            date_estimate=estimate,
            tags=[
                Tag(_text(t.get("name"), "tags"), _text(t.get("kind"), "tags"))
                for t in _records(data.get("tags"), "tags")
            ],
            agency=_optional_text(data.get("agency"), "agency"),
            site=_optional_text(data.get("site"), "site"),
            url=_optional_text(data.get("url"), "url"),
            author=_optional_text(data.get("author"), "author"),
            entities={
                _text(k, "entities"): [_text(v, "entities") for v in _list(names, "entities")]
                for k, names in entities.items()
            },
            sources=[
                Source(
                    _text(s.get("file"), "sources"),
                    _int(s.get("line"), "sources"),
                    None if s.get("position") is None else _int(s.get("position"), "sources"),
                    _optional_text(s.get("archive"), "sources"),
                )
                for s in _records(data.get("sources"), "sources")
            ],
        )


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_article_dict(data: Any) -> dict[str, Any]:
    """data when Article.from_dict would accept it, else its ValueError; builds no object.

    For output that prints stored records as they are (`list --json`): exact type tests in
    one pass, and from_dict only to word the error when one fails.
    """
    if not _well_typed(data):
        Article.from_dict(data)  # raises the ValueError naming the field
    return cast(dict[str, Any], data)


_OPTIONAL_TEXT = ("date_text", "agency", "site", "url", "author")


def _well_typed(data: Any) -> bool:
    if type(data) is not dict:
        return False
    get = data.get
    if type(get("id")) is not str or type(get("title")) is not str:
        return False
    for name in _OPTIONAL_TEXT:
        value = get(name)
        if value is not None and type(value) is not str:
            return False
    teaser, date, estimate = get("teaser"), get("date"), get("date_estimate")
    if teaser and type(teaser) is not str:
        return False
    if date is not None and (type(date) is not str or not _DAY.fullmatch(date)):
        return False
    if estimate is not None:
        if type(estimate) is not dict:
            return False
        for day in (estimate.get("earliest"), estimate.get("latest")):
            if day is not None and (type(day) is not str or not _DAY.fullmatch(day)):
                return False
    for name, first, second in (("body", "type", "text"), ("tags", "name", "kind")):
        items = get(name)
        if items is None:
            continue
        if type(items) is not list:
            return False
        for item in items:
            if type(item) is not dict or type(item.get(first)) is not str:
                return False
            if type(item.get(second)) is not str:
                return False
    entities = get("entities") or {}
    if type(entities) is not dict:
        return False
    for key, names in entities.items():
        if type(key) is not str or (names is not None and type(names) is not list):
            return False
        if names and not all(type(name) is str for name in names):
            return False
    sources = get("sources")
    if sources is not None:
        if type(sources) is not list:
            return False
        for source in sources:
            if type(source) is not dict or type(source.get("file")) is not str:
                return False
            line, position, archive = (
                source.get("line"),
                source.get("position"),
                source.get("archive"),
            )
            if type(line) is not int or (position is not None and type(position) is not int):
                return False
            if archive is not None and type(archive) is not str:
                return False
    return True


def _check(ok: bool, name: str, value: object) -> None:
    if not ok:
        raise ValueError(f"{name} is {type(value).__name__} {_short(value)}")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: object, name: str) -> str:
    _check(isinstance(value, str), name, value)
    return cast(str, value)


def _optional_text(value: object, name: str) -> str | None:
    return None if value is None else _text(value, name)


def _int(value: object, name: str) -> int:
    _check(isinstance(value, int) and not isinstance(value, bool), name, value)
    return cast(int, value)


def _day(value: object, name: str) -> str | None:
    """An ISO day (YYYY-MM-DD) or None."""
    if value is None:
        return None
    _check(isinstance(value, str) and _DAY.fullmatch(value) is not None, name, value)
    return cast(str, value)


def _list(value: object, name: str) -> list[Any]:
    if value is None:
        return []
    _check(isinstance(value, list), name, value)
    return cast(list[Any], value)


def _records(value: object, name: str) -> list[dict[str, Any]]:
    items = _list(value, name)
    for item in items:
        _check(isinstance(item, dict), name, item)
    return items
