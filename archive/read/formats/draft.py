"""What every format reader shares: the draft it yields, dates from ISO strings, clean blocks, URLs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from archive.model import Block
from archive.read.datelines import date_line
from archive.read.dates import DateMention
from archive.read.entry import EntryDraft
from archive.text import clean_line

# A single field longer than this is cut: nothing a person reads is that long, and memory stays bounded.
MAX_FIELD_CHARS = 200_000
MAX_BLOCKS = 2_000
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|xtor$)")


@dataclass(slots=True)
class FormatDraft(EntryDraft):
    """An entry draft read from HTML, a WARC, a feed or an export: it also knows its URL and author."""

    url: str | None = None
    author: str | None = None


def clean(value: object, limit: int = MAX_FIELD_CHARS) -> str:
    """One untrusted field as a display line: no controls or escapes, white space folded, bounded."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return clean_line(text[:limit])


def iso_mention(value: str | None, label: str) -> DateMention | None:
    """A date given as ISO text (metadata, feeds, exports) as a mention whose words say where from."""
    if not value:
        return None
    m = _ISO.search(value)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    text = f"{year:04d}-{month:02d}-{day:02d} ({label})"
    return DateMention(0, len(text), text, day, month, year, None)


def stated_date(lines: list[str]) -> tuple[DateMention, str] | None:
    """The first publication date line ("Publié le 3 juin 2025") among a page's first lines."""
    for line in lines[:12]:
        found = date_line(line)
        if found is not None and not found[1].startswith(("mis", "modif", "actual")):
            return found
    return None


def text_blocks(text: str) -> list[Block]:
    """Plain text (an export's body) as paragraphs: blank lines, else single newlines, separate them."""
    text = text[:MAX_FIELD_CHARS]
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text.replace("\r", "") else text.splitlines()
    blocks = [Block("paragraph", t) for t in (clean(p) for p in parts) if t]
    return blocks[:MAX_BLOCKS]


def url_key(url: str | None) -> str | None:
    """The form under which two URLs are the same page: no scheme, www., fragment or tracking."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, query, ""))


def site_of(url: str | None) -> str | None:
    """The site a URL belongs to, as people write it: "lemonde.fr"."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return clean(host.lower().removeprefix("www.")) or None if host else None
