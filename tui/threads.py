"""Stories and versions as the browser shows them: threaded rows, an article's links, diffs."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from archive.names import terminal_text
from archive.search.engine import Row
from archive.text import clean_line
from tui.i18n import _, ngettext

STORY_PREFIX = "§"  # a threaded list's row id for a story: "§" + the story id
MAX_LINKS = 8


def is_story_row(row_id: str | None) -> bool:
    return bool(row_id) and str(row_id).startswith(STORY_PREFIX)


def story_query(story_id: str) -> str:
    """The query that lists a story's articles in date order."""
    return f"story:{story_id} sort:date"


def groups_of(engine: Any) -> Any:
    """The engine's versions and stories (archive/group/grouping.py), None when it has none."""
    groups = getattr(engine, "groups", None)
    return groups() if callable(groups) else None


def thread_ids(engine: Any, ids: Sequence[str]) -> list[str]:
    """The result ids with each story of two or more of them folded into one row, in place of
    its first article; when every result is one story, its articles are listed as they are."""
    groups = groups_of(engine)
    if groups is None:
        return list(ids)
    sids = list(map(groups.stories.story.get, ids))  # C-speed lookups: 100k ids in a few ms
    counts = Counter(sids)
    counts.pop(None, None)
    if len(counts) == 1 and counts[sids[0]] == len(ids):
        return list(ids)
    out: list[str] = []
    seen: set[str] = set()
    for article_id, sid in zip(ids, sids, strict=True):
        if sid is None or counts[sid] < 2:
            out.append(article_id)
        elif sid not in seen:
            seen.add(sid)
            out.append(STORY_PREFIX + sid)
    return out


def story_row(engine: Any, row_id: str) -> Row:
    """A threaded list's row for a story: its count, span, label and sources."""
    groups = groups_of(engine)
    story = groups.stories.stories.get(row_id[len(STORY_PREFIX) :]) if groups else None
    if story is None:
        raise KeyError(row_id)
    first, last = story.span() if story.first else (None, None)
    days = story.last - story.first + 1 if story.first else 0
    span = (
        ngettext("{count} day", "{count} days", days).format(count=days) if days else _("undated")
    )
    title = f"▸{story.count} {story.label}"
    return Row(
        id=row_id, title=title, date=first, date_estimated=False, date_label=first or "",
        tags=[span, ", ".join(story.sources)] if story.sources else [span],
        agency=None, site=None,
    )  # fmt: skip


@dataclass
class StoryLinks:
    """What the article view lists under an article: its versions and its story's articles."""

    versions: list[Row]
    story_id: str | None
    story_label: str
    story_span: tuple[str | None, str | None]
    story_sources: list[str]
    others: list[Row]  # the story's other articles, in date order


def links_for(engine: Any, article_id: str) -> StoryLinks | None:
    """An article's versions and story, or None when it has neither."""
    groups = groups_of(engine)
    if groups is None:
        return None
    versions = [engine.row(i) for i in groups.versions_of(article_id) if i != article_id]
    story = groups.story_of(article_id)
    others: list[Row] = []
    if story is not None:
        others = [engine.row(i) for i in groups.story_members(story.id) if i != article_id]
        others.sort(key=lambda r: (r.date or r.date_label or "", r.id))
    if not versions and not others:
        return None
    span = story.span() if story is not None and story.first else (None, None)
    return StoryLinks(
        versions=sorted(versions, key=lambda r: (r.date or "", r.id)),
        story_id=story.id if story is not None else None,
        story_label=story.label if story is not None else "",
        story_span=span,
        story_sources=list(story.sources) if story is not None else [],
        others=others,
    )


def source_of(row: Row) -> str | None:
    return clean_line(row.site or row.agency or "") or None


LinkLine = tuple[Text, bool]  # a line and whether it is an item (drawn indented)


def link_lines(links: StoryLinks) -> list[LinkLine]:
    """The lines the article view shows for the links (article text only as Text)."""
    lines: list[LinkLine] = []
    if links.versions:
        names = ", ".join(dict.fromkeys(n for r in links.versions if (n := source_of(r))))
        by = " " + _("by {names}").format(names=names) if names else " " + _("as")
        head = Text.assemble((_("Also published"), "bold"), (by, ""))
        lines.append((head, False))
        for row in links.versions[:MAX_LINKS]:
            lines.append((_item(row), True))
        lines.append((Text(_("v compares the versions word by word"), "italic dim"), True))
    shown = {r.id for r in links.versions}
    others = [r for r in links.others if r.id not in shown]
    if others:
        first, last = links.story_span
        span = f"{first} → {last}" if first and last and first != last else first or _("undated")
        count = len(links.others) + 1
        story = ngettext(
            "Story: {count} article, {span}", "Story: {count} articles, {span}", count
        ).format(count=count, span=span)
        if links.story_sources:
            story += " · " + ", ".join(clean_line(s) for s in links.story_sources[:4])
        lines.append((Text(story, "bold"), False))
        for row in others[:MAX_LINKS]:
            lines.append((_item(row), True))
        if len(others) > MAX_LINKS:
            lines.append(
                (
                    Text(
                        ngettext(
                            "… and {count} more", "… and {count} more", len(others) - MAX_LINKS
                        ).format(count=len(others) - MAX_LINKS),
                        "dim",
                    ),
                    True,
                )
            )
        lines.append((Text(_("r lists the story's articles in date order"), "italic dim"), True))
    return lines


def _item(row: Row) -> Text:
    source = source_of(row)
    text = Text(f"{row.date_label or '—'} ", "dim")
    text.append(clean_line(row.title))
    if source:
        text.append(f" ({source})", "dim")
    return text


# Word-level comparison of two versions ------------------------------------------------

_WORD = re.compile(r"\S+")


@dataclass
class Comparison:
    """Two versions compared word by word: the drawn text and what changed."""

    text: Text
    added: int = 0
    cut: int = 0
    reworded: int = 0


def compare_texts(old: str, new: str) -> Comparison:
    """Words kept plain, cut ones struck through, added ones underlined, reworded both."""
    a, b = _WORD.findall(terminal_text(old)), _WORD.findall(terminal_text(new))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out = Comparison(Text())
    text = out.text
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            text.append(" ".join(a[i1:i2]) + " ")
        elif op == "delete":
            out.cut += i2 - i1
            text.append("[−" + " ".join(a[i1:i2]) + "] ", "strike red")
        elif op == "insert":
            out.added += j2 - j1
            text.append("[+" + " ".join(b[j1:j2]) + "] ", "underline green")
        else:
            out.reworded += max(i2 - i1, j2 - j1)
            text.append("[−" + " ".join(a[i1:i2]) + "]", "strike red")
            text.append("[+" + " ".join(b[j1:j2]) + "] ", "underline green")
    return out


def article_words(article: Any) -> str:
    """An article's text as one string of paragraphs (the title apart)."""
    return "\n".join(b.text for b in article.text_blocks)
