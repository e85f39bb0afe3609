"""Versions and stories of a library: updated at import, kept in groups.json, read by search.

groups.json is derived data written after the articles' commit (temporary file, fsync,
rename), stamped with the articles' revision. When the stamp does not match at the next import
(a crash between the two writes, or a library from an older version), the groups are rebuilt
from every article; otherwise only the new articles are grouped.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from archive.group.stories import Story, StoryGroups, article_terms, day_number
from archive.group.versions import (
    LEAD_SHINGLES,
    Clue,
    VersionGroups,
    article_text,
    shingle_list,
    shingles,
    text_facts,
)
from archive.group.words import word_tokens
from archive.model import Article
from archive.store.storage import WriteFailed, replace_file
from archive.text import fold

if TYPE_CHECKING:
    from archive.store.library import Library

GROUPS_FILE = "groups.json"  # what the browser reads: links, story labels, spans, sources
STATE_FILE = "groups-state.json"  # what the next import needs: sketches, terms, frequencies
FORMAT = 3  # 3: stories of one article in the state file, not in what the browser reads
READ_FORMATS = (2, 3)  # a format-2 file is read as it is; the next import writes format 3
MAX_TEXT_CHARS = 100_000  # as much as the browser lays out


@dataclass
class Groups:
    """Every article's version group and story, as an import left them."""

    revision: str = ""
    versions: VersionGroups = field(default_factory=VersionGroups)
    stories: StoryGroups = field(default_factory=StoryGroups)
    _members: dict[str, list[str]] | None = None
    _version_members: dict[str, list[str]] | None = None

    def add(self, articles: Mapping[str, Article], new: Iterable[str]) -> None:
        """Group the new articles (ids) against the others; articles: every article by id."""
        batch = [articles[i] for i in new if i in articles and i not in self.stories.story]
        texts: dict[str, frozenset[int]] = {}
        leads: dict[str, list[int]] = {}
        terms: dict[str, list[str]] = {}
        for article in batch:
            # Folded once for both; a huge text is compared on its opening (bounded work).
            words = word_tokens(fold(article_text(article)[:MAX_TEXT_CHARS]))
            in_order = shingle_list(words)
            texts[article.id] = frozenset(in_order)
            if len(in_order) > LEAD_SHINGLES:
                leads[article.id] = in_order[:LEAD_SHINGLES]
            terms[article.id] = article_terms(article, words)

        def stored(ids: list[str]) -> dict[str, frozenset[int]]:
            return {
                i: shingles(article_text(articles[i])[:MAX_TEXT_CHARS])
                for i in ids
                if i in articles
            }

        clues: dict[str, Clue] = {}
        known_facts: dict[str, frozenset[str]] = {}

        def clue(article_id: str) -> Clue:
            found = clues.get(article_id)
            if found is None:
                article = articles.get(article_id)
                found = Clue(None, None) if article is None else article_clue(article)
                clues[article_id] = found
            return found

        def facts(article_id: str) -> frozenset[str]:
            found = known_facts.get(article_id)
            if found is None:
                article = articles.get(article_id)
                text = "" if article is None else article_text(article)
                found = known_facts[article_id] = text_facts(text)
            return found

        self.versions.add(texts, stored, clue, leads, facts)
        self.stories.add(batch, self.versions.group, terms)
        self._members = self._version_members = None

    # What the browser, the queries and show --json ask

    def story_of(self, article_id: str) -> Story | None:
        sid = self.stories.story.get(article_id)
        return None if sid is None else self.stories.stories.get(sid)

    def story_members(self, story_id: str) -> list[str]:
        if self._members is None:
            self._members = self.stories.members()
        return self._members.get(story_id, [])

    def versions_of(self, article_id: str) -> list[str]:
        """The article's version group (itself included), or [] when it has no other version."""
        group = self.versions.group.get(article_id)
        if group is None:
            return []
        if self._version_members is None:
            self._version_members = self.versions.members()
        return self._version_members.get(group, [])

    def resolve(self, kind: str, value: str) -> set[str]:
        """The article ids a story:VALUE or versions:VALUE query names (an id or id prefix)."""
        if kind == "story":
            if value in self.stories.stories:
                return set(self.story_members(value))
            sids = {s for a, s in self.stories.story.items() if a.startswith(value)}
            sids |= {s for s in self.stories.stories if s.startswith(value)}
            return {a for s in sids for a in self.story_members(s)}
        found: set[str] = set()
        for article_id, group in self.versions.group.items():
            if article_id.startswith(value) or group.startswith(value):
                found.update(self.versions_of(article_id))
        return found

    def links(self, article_id: str) -> dict[str, Any]:
        """The story and version links `show --json` gives."""
        story = self.story_of(article_id)
        out: dict[str, Any] = {
            "versions": [i for i in self.versions_of(article_id) if i != article_id]
        }
        if story is not None:
            first, last = story.span() if story.first else (None, None)
            out["story"] = {
                "id": story.id, "label": story.label, "first": first, "last": last,
                "count": story.count, "sources": list(story.sources),
                "articles": sorted(self.story_members(story.id)),
            }  # fmt: skip
        else:
            out["story"] = None
        return out

    # Persistence: what the browser reads (groups.json) apart from what imports need

    def to_bytes(self) -> tuple[bytes, bytes]:
        """(groups.json, groups-state.json): the links and summaries, then the import's state.

        Most stories are one article (83,220 of 88,012 at 100k): those are no story to a reader
        and live in the state file, which only imports read.
        """
        s = self.stories
        shared = {sid for sid, story in s.stories.items() if story.count > 1}
        view = {
            "format": FORMAT, "revision": self.revision, "version": self.versions.group,
            "story": {a: sid for a, sid in s.story.items() if sid in shared},
            "stories": {sid: s.stories[sid].to_row() for sid in shared},
        }  # fmt: skip
        state = {
            "format": FORMAT, "revision": self.revision, "sketch": self.versions.sketches,
            "terms": {sid: story.top_terms() for sid, story in s.stories.items()},
            "df": dict(s.df), "caps": dict(s.caps), "documents": s.documents,
            "lone": {a: sid for a, sid in s.story.items() if sid not in shared},
            "lone_rows": {
                sid: story.to_row() for sid, story in s.stories.items() if sid not in shared
            },
        }  # fmt: skip
        return orjson.dumps(view), orjson.dumps(state)

    @classmethod
    def from_bytes(cls, view_raw: bytes, state_raw: bytes | None = None) -> Groups:
        """Raises ValueError for anything that is not a groups file of this format."""
        try:
            view = orjson.loads(view_raw)
            state = orjson.loads(state_raw) if state_raw is not None else None
        except orjson.JSONDecodeError as error:
            raise ValueError(f"damaged groups file ({error})") from error
        return cls.from_data(view, state)

    @classmethod
    def from_data(cls, view: Any, state: Any = None) -> Groups:
        """Groups from the decoded files; raises ValueError as from_bytes does.

        Without the state (a reader): the stories of two or more articles only; an article
        alone is in no story.
        """
        try:
            for data in (view, state):
                if data is not None and (
                    not isinstance(data, dict) or data.get("format") not in READ_FORMATS
                ):
                    raise ValueError("not a groups file of this version")
            if state is not None and state["revision"] != view["revision"]:
                raise ValueError("groups.json and groups-state.json differ")
            rows, story = view["stories"], view["story"]
            if state is None:
                if view["format"] < 3:  # written with every story in it
                    rows = {k: v for k, v in rows.items() if int(v[3]) > 1}
                    story = {k: v for k, v in story.items() if v in rows}
            else:
                rows = {**rows, **state.get("lone_rows", {})}
                story = {**story, **state.get("lone", {})}
            terms = state["terms"] if state is not None else {}
            stories = StoryGroups(
                story={str(k): str(v) for k, v in story.items()},
                stories={
                    str(k): Story.from_row(str(k), v, terms.get(k, {})) for k, v in rows.items()
                },
                df=_counter(state["df"] if state is not None else {}),
                caps=_counter(state["caps"] if state is not None else {}),
                documents=int(state["documents"]) if state is not None else 0,
            )
            versions = VersionGroups(
                group={str(k): str(v) for k, v in view["version"].items()},
                sketches={str(k): [int(x) for x in v] for k, v in state["sketch"].items()}
                if state
                else {},
            )
            return cls(str(view["revision"]), versions, stories)
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"damaged groups file ({error})") from error


def _counter(data: Any) -> Counter[str]:
    return Counter({str(k): int(v) for k, v in data.items()})


def article_clue(article: Article) -> Clue:
    """The article's span of days: its date, else its estimate's bounds."""
    if article.date:
        day = day_number(article.date)
        return Clue(day, day)
    estimate = article.date_estimate
    first = day_number(estimate.earliest) if estimate and estimate.earliest else None
    last = day_number(estimate.latest) if estimate and estimate.latest else None
    return Clue(first, last)


_MEMORY: dict[int, Groups] = {}  # in-memory libraries keep their groups here, by id()


def load_groups(library: Library, *, for_import: bool = False) -> Groups | None:
    """The library's groups as last saved, or None (missing, damaged or another version).

    for_import: with the import's state too (sketches, term summaries, document frequencies).
    """
    if str(library.directory) == ":memory:":
        return _MEMORY.get(id(library))
    try:
        view = (library.directory / GROUPS_FILE).read_bytes()
        state = (library.directory / STATE_FILE).read_bytes() if for_import else None
        return Groups.from_bytes(view, state)
    except (OSError, ValueError):
        return None


def load_links(library: Library, article_id: str) -> dict[str, Any] | None:
    """Groups.links of one article without building every story (what `show` prints).

    Only the article's own entries are decoded from groups.json (see _own_view); the whole
    Groups takes 1.3 s at 100k. None as load_groups (missing, damaged, another version).
    """
    if str(library.directory) == ":memory:":
        groups = _MEMORY.get(id(library))
        return groups.links(article_id) if groups is not None else None
    try:
        raw = (library.directory / GROUPS_FILE).read_bytes()
        view = _own_view(raw, article_id)
        if view is None:  # not laid out as this version writes it: decode it all
            view = _filtered_view(orjson.loads(raw), article_id)
        return Groups.from_data(view).links(article_id)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _filtered_view(view: Any, article_id: str) -> dict[str, Any]:
    """The view with only the article's story and version group left in it."""
    if not isinstance(view, dict):
        raise ValueError("not a groups file")
    story_id = view["story"].get(article_id)
    group = view["version"].get(article_id)
    return {
        **view,
        "story": {a: s for a, s in view["story"].items() if s == story_id} if story_id else {},
        "stories": {story_id: view["stories"][story_id]} if story_id in view["stories"] else {},
        "version": {a: g for a, g in view["version"].items() if g == group} if group else {},
    }  # fmt: skip


_HEX_ID = re.compile(rb"[0-9a-f]{1,64}")


def _row_at(data: bytes, start: int) -> Any:
    """The JSON value starting at data[start], decoded from a window that grows until it fits."""
    size = 4096
    while True:
        window = data[start : start + size].decode("utf-8", "ignore")
        try:
            return json.JSONDecoder().raw_decode(window)[0]
        except json.JSONDecodeError:
            if start + size >= len(data):
                raise ValueError("damaged groups file (a story's row)") from None
            size *= 4


def _own_view(raw: bytes, article_id: str) -> dict[str, Any] | None:
    """The article's entries of groups.json found in its bytes, or None if it is laid out
    otherwise (then the caller decodes it all).

    to_bytes writes {"format":F,"revision":R,"version":{…},"story":{…},"stories":{…}} with
    orjson (no spaces; ids are lowercase hex): an id's entries are found with bytes.find,
    at memory speed, and only the story's row is decoded.
    """
    head = b'{"format":%d,"revision":' % FORMAT
    marks = [raw.find(m) for m in (b',"version":{', b',"story":{', b',"stories":{')]
    key = article_id.encode("ascii", "replace")
    if (
        not raw.startswith(head)
        or -1 in marks
        or marks != sorted(marks)
        or not _HEX_ID.fullmatch(key)
    ):
        return None
    versions, stories_map, rows = (
        raw[marks[0] + 11 : marks[1]],
        raw[marks[1] + 9 : marks[2]],
        raw[marks[2] + 11 :],
    )

    def value_of(section: bytes, entry: bytes) -> bytes | None:
        at = section.find(b'"%s":"' % entry)
        if at < 0:
            return None
        start = at + len(entry) + 4
        return section[start : section.index(b'"', start)]

    def keys_with(section: bytes, value: bytes) -> dict[str, str]:
        found: dict[str, str] = {}
        needle = b'":"%s"' % value
        at = section.find(needle)
        while at >= 0:
            start = section.rindex(b'"', 0, at) + 1
            found[section[start:at].decode("ascii")] = value.decode("ascii")
            at = section.find(needle, at + len(needle))
        return found

    story_id, group = value_of(stories_map, key), value_of(versions, key)
    view: dict[str, Any] = {
        "format": FORMAT,
        "revision": json.loads(raw[len(head) : marks[0]]),
        "version": keys_with(versions, group) if group else {},
        "story": keys_with(stories_map, story_id) if story_id else {},
        "stories": {},
    }
    if story_id:
        at = rows.find(b'"%s":[' % story_id)
        if at >= 0:
            view["stories"][story_id.decode("ascii")] = _row_at(rows, at + len(story_id) + 3)
    return view


def save_groups(library: Library, groups: Groups) -> None:
    """Replace groups.json atomically (it is derived: a failure loses nothing stored)."""
    if str(library.directory) == ":memory:":
        _MEMORY[id(library)] = groups
        return
    directory = library.directory
    for stale in directory.glob(".groups*.tmp"):  # left by a killed writer
        with suppress(OSError):
            stale.unlink()
    view, state = groups.to_bytes()
    # The state first: a crash between the two leaves a view of the older revision, which
    # the next import finds stale and rebuilds.
    replace_file(directory / STATE_FILE, state)
    replace_file(directory / GROUPS_FILE, view)


class _Written(Mapping[str, Article]):
    """The library's articles by id: those just written, else read from the library when asked
    (an import groups its new articles without reading every stored one)."""

    def __init__(self, library: Library, written: Iterable[Article]) -> None:
        self.library = library
        self.written = {a.id: a for a in written}
        self._ids: set[str] | None = None

    def __getitem__(self, article_id: str) -> Article:
        article = self.written.get(article_id) or self.library.get(article_id)
        if article is None:
            raise KeyError(article_id)
        return article

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.written or (
            isinstance(article_id, str) and self.library.get(article_id) is not None
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self.written)

    def __len__(self) -> int:
        return len(self.written)


def update_groups(library: Library, written: Iterable[Article], before: str, after: str) -> Groups:
    """Group the articles just written that are new since the saved groups (every article of
    the library when those are stale).

    before: the articles' revision before this import wrote; after: the revision it wrote.
    """
    groups = load_groups(library, for_import=True)
    articles: Mapping[str, Article] = _Written(library, written)
    if groups is None or groups.revision != before:
        groups = Groups()  # missing or stale: rebuilt from every article
        if len(articles) < len(library):  # (a first import wrote them all)
            articles = {a.id: a for a in library.iter_articles()}
    new = sorted(set(articles) - set(groups.stories.story))
    groups.add(articles, new)
    groups.revision = after
    with suppress(OSError, WriteFailed):
        save_groups(library, groups)
    return groups


def build_groups(library: Library) -> Groups:
    """Versions and stories of every article, for a library that has none or stale ones (an
    older version imported it): saved when the library may be written, else kept in memory."""
    if library.readonly:
        articles = {a.id: a for a in library.iter_articles()}
        groups = Groups(revision=library.revision())
        groups.add(articles, sorted(articles))
        return groups
    with library.locked():
        return update_groups(library, (), "", library.revision())  # "": stale, so every article
