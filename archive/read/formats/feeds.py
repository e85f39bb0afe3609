"""An RSS 0.9x-2.0, RSS 1.0 or Atom document in, one draft per item out (feedparser)."""

from __future__ import annotations

import re
import time

import feedparser

from archive.read.formats.draft import FormatDraft, clean, iso_mention, site_of
from archive.read.formats.htmltext import fragment_blocks

MAX_ITEMS = 5_000
# Entity declarations are how XML bombs (billion laughs, external entities) are built; no
# real feed needs one, so a feed that declares any is refused before it is parsed.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedError(Exception):
    """A feed that cannot be read; str() is the one-line reason."""


def _iso(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def read_feed(data: bytes, file: str) -> list[FormatDraft]:
    """Drafts of a feed's items: title, link, date, categories, author, content or summary."""
    if _ENTITY_DECLARATION.search(data):
        raise FeedError("XML entity declarations refused (a possible entity bomb)")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0][:120]})" if reason else ""
        raise FeedError(f"no feed items found{detail}")
    feed = parsed.feed
    site = clean(feed.get("title")) or site_of(feed.get("link"))
    drafts = []
    for position, entry in enumerate(parsed.entries[:MAX_ITEMS], start=1):
        draft = _item(entry, file, position, site)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _item(entry: dict, file: str, position: int, site: str | None) -> FormatDraft | None:
    title = clean(entry.get("title"))
    contents = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
    body = fragment_blocks(max(contents, key=len)) if contents else []
    summary = fragment_blocks(entry.get("summary") or "")
    if not title and not body and not summary:
        return None
    link = entry.get("link") or None
    draft = FormatDraft(file, position, position, title or None, site=site_of(link) or site,
                        url=link, author=clean(entry.get("author")) or None)  # fmt: skip
    summary_text = " ".join(b.text for b in summary)
    body_text = " ".join(b.text for b in body)
    if body and len(body_text) >= len(summary_text):
        draft.blocks, draft.full = body, True
    else:
        draft.blocks, draft.read_more = summary, True
    tags = [clean(t.get("term") or t.get("label")) for t in entry.get("tags") or []]
    draft.keywords = list(dict.fromkeys(t for t in tags if t))[:50]
    if draft.author:
        draft.bylines = [draft.author]
    stamp = _iso(entry.get("published_parsed")) or _iso(entry.get("updated_parsed"))
    mention = iso_mention(stamp, "feed")
    if mention is not None:
        draft.dates = [(mention, "publie")]
    return draft
