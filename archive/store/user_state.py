"""What the user adds to an article (marks, own tags, a note), checked when it is read back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class UserState:
    """What the user added to one article: read and starred marks, own tags, a note."""

    read: bool = False
    starred: bool = False
    tags: list[str] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> UserState:
        """The state a stored record holds; raises ValueError for a record of the wrong shape."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError(f"a user-state record is {type(data).__name__}, not an object")
        tags = data.get("tags") or []
        note = data.get("note") or ""
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValueError(f"user tags are {type(tags).__name__}, not a list of words")
        if not isinstance(note, str):
            raise ValueError(f"a note is {type(note).__name__}, not text")
        return cls(
            read=bool(data.get("read", False)),
            starred=bool(data.get("starred", False)),
            tags=list(tags),
            note=note,
        )
