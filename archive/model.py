"""The article record that flows from the page reader to the store, the index and the screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

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
        estimate = data.get("date_estimate")
        return cls(
            id=data["id"],
            title=data["title"],
            title_derived=bool(data.get("title_derived", False)),
            teaser=data.get("teaser") or "",
            body=[Block(b["type"], b["text"]) for b in data.get("body") or []],
            date=data.get("date"),
            date_text=data.get("date_text"),
            date_estimate=(
                DateEstimate(estimate.get("earliest"), estimate.get("latest")) if estimate else None
            ),
            tags=[Tag(t["name"], t["kind"]) for t in data.get("tags") or []],
            agency=data.get("agency"),
            site=data.get("site"),
            url=data.get("url"),
            author=data.get("author"),
            entities={k: list(v) for k, v in (data.get("entities") or {}).items()},
            sources=[
                Source(s["file"], int(s["line"]), s.get("position"), s.get("archive"))
                for s in data.get("sources") or []
            ],
        )
