"""A listing page's tree in (category or tag archive, home page), one draft per item out.

Items are found from the page's structure, never from a theme's class names: headings that
are links, repeated at the same place in the tree; each item is the largest element around
its heading that holds no other item's heading, and gives the link, a time element or a date
line, the teaser paragraphs and the rel="tag"/"category" links.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from archive.model import Block
from archive.read.dates import DateMention, find_dates
from archive.read.formats.draft import MAX_BLOCKS, FormatDraft, clean, iso_mention, stated_date
from archive.read.formats.htmltext import HEADINGS, tag_of, text_lines, visible_text
from archive.read.lines import header
from archive.text import fold, line_key

_ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHROME = frozenset({"nav", "aside", "form"})
_PAGE_CHROME = frozenset({"header", "footer"})  # chrome of the page, not of an <article>
_READ_MORE = ("lire la suite", "lire plus", "continuer la lecture", "en savoir plus", "read more",
              "lire l'article", "voir plus", "suite")  # fmt: skip
MAX_ITEMS = 5000  # far above any real listing; a page is at most 16 MB anyway
FULL_CHARS = 1200  # an item whose paragraphs are this long, without a read-more link, is whole


def _in_chrome(el: etree._Element) -> bool:
    ancestors = [tag_of(a) for a in el.iterancestors()]
    for i, tag in enumerate(ancestors):
        if tag in _CHROME or (tag in _PAGE_CHROME and "article" not in ancestors[i + 1 :]):
            return True
    return False


def _heading_link(h: etree._Element) -> etree._Element | None:
    """The link a heading is (or is inside), when it covers most of the heading's text."""
    for a in h.iterancestors("a"):
        return a if a.get("href") else None
    text = visible_text(h)
    for a in h.iter("a"):
        if a.get("href") and len(visible_text(a)) >= 0.6 * len(text):
            return a
    return None


def _signature(h: etree._Element) -> tuple[str, ...]:
    """Where a heading sits: its tag and its three nearest ancestors' tags."""
    return (tag_of(h), *(tag_of(a) for a in list(h.iterancestors())[:3]))


def _title_shaped(text: str) -> bool:
    return len(text) >= 12 and len(text.split()) >= 2


def _candidates(tree: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """(title element, link) pairs: headings that are links, else the main link of an <article>."""
    found = []
    for h in tree.iter(*HEADINGS):
        if _in_chrome(h):
            continue
        link = _heading_link(h)
        if link is not None and _title_shaped(visible_text(h)):
            found.append((h, link))
    heads = {h for h, _ in found}
    for article in tree.iter("article"):
        if _in_chrome(article) or any(h in heads for h in article.iter(*HEADINGS)):
            continue
        links = [
            (len(t), a)
            for a in article.iter("a")
            if a.get("href") and _title_shaped(t := visible_text(a))
        ]
        if links:
            link = max(links, key=lambda x: x[0])[1]
            found.append((link, link))
    return found


def _group(candidates: list[tuple[etree._Element, etree._Element]], signature: tuple[str, ...]
           ) -> tuple[list[tuple[etree._Element, etree._Element]], list[etree._Element]]:  # fmt: skip
    """The items of one signature, each with its box: the largest element around its title
    that holds no other item's title (counted once per ancestor, so large pages stay fast)."""
    chosen = [(h, a) for h, a in candidates if _signature(h) == signature][:MAX_ITEMS]
    holding: Counter[etree._Element] = Counter()
    for h, _ in chosen:
        holding.update(h.iterancestors())
    boxes = []
    for h, _ in chosen:
        box = h
        for parent in h.iterancestors():
            if tag_of(parent) in ("body", "html", "main") or holding[parent] > 1:
                break
            box = parent
        boxes.append(box)
    return chosen, boxes


def _weight(box: etree._Element) -> int:
    """An item counts once, twice with a date, three times with a teaser too."""
    lines = text_lines(box)
    dated = any(find_dates(line) for line in lines if len(line) <= 150)
    return 1 + dated + any(len(line) >= 80 for line in lines)


def _headline(tree: etree._Element, boxes: set[etree._Element]) -> bool:
    """True when the page has an <h1> that reads as one article's title, outside every item."""
    for h in tree.iter("h1"):
        if _in_chrome(h) or any(a in boxes for a in h.iterancestors()) or h in boxes:
            continue
        text = visible_text(h)
        if (
            next(h.iterancestors("a"), None) is None
            and len(text.split()) >= 5
            and header(text) is None
        ):
            return True
    return False


def _is_home_link(href: str | None) -> bool:
    try:
        return not urlsplit(href or "").path.strip("/")
    except ValueError:
        return True


def _archive(tree: etree._Element, items: set[etree._Element], site: str | None
             ) -> tuple[str, str] | None:  # fmt: skip
    """The archive a listing names: its own heading ("Archives du mot-clé X", a section name)."""
    for h in tree.iter("h1", "h2"):
        # A page header may hold the archive's name ("Catégorie : X"); menus and sidebars do not.
        in_menu = any(tag_of(a) in _CHROME for a in h.iterancestors())
        if h in items or in_menu or any(a in items for a in h.iterancestors()):
            continue
        link = next(h.iterancestors("a"), None)
        if link is None:
            link = h.find(".//a")
        if link is not None and (tag_of(h) != "h1" or _is_home_link(link.get("href"))):
            continue  # a link to the home page is the site's logo, not an archive's name
        text = visible_text(h)
        if not text:
            continue
        found = header(text)
        if found is not None:
            return found
        if tag_of(h) == "h1" and len(text) <= 60 and (not site or fold(text) not in fold(site)):
            return (text, "category")
    title = tree.find(".//title")
    if title is not None and title.text:
        return header(clean(title.text).split(" | ")[0].split(" - ")[0])
    return None


@dataclass
class PageItems:
    """A listing's items as drafts; or, on an article page, the boxes of links to other articles."""

    drafts: list[FormatDraft] | None = None
    others: list[etree._Element] = field(default_factory=list)


def read_listing(
    tree: etree._Element, file: str, url: str | None, site: str | None, single: bool
) -> PageItems:
    """The listing's items as teaser drafts, or the other articles' boxes of an article page."""
    candidates = _candidates(tree)
    if not candidates:
        return PageItems()
    groups = Counter(_signature(h) for h, _ in candidates)
    # The listing is the group of items that carry the most: a date, a teaser, not only a link.
    chosen, boxes = max(
        (_group(candidates, signature) for signature, _ in groups.most_common(4)),
        key=lambda group: sum(_weight(box) for box in group[1]),
    )
    count = len(chosen)
    inside = sum(len(visible_text(p)) for b in boxes for p in b.iter("p"))
    total = sum(len(visible_text(p)) for p in tree.iter("p") if not _in_chrome(p))
    outside = total - inside
    if count < 2:
        return PageItems()
    if (
        (single and outside > 400)
        or (count < 3 and outside > inside)
        or (outside >= 400 and _headline(tree, set(boxes)))
    ):
        # One article's headline and body, with links to others around it ("à lire aussi").
        small = [b for b in boxes if next(b.iter("h1"), None) is None
                 and sum(len(visible_text(p)) for p in b.iter("p")) < 0.3 * max(total, 1)]  # fmt: skip
        return PageItems(None, small if len(small) == len(boxes) else [])
    archive = _archive(tree, set(boxes), site)
    drafts = []
    for position, ((h, link), box) in enumerate(zip(chosen, boxes, strict=True), start=1):
        drafts.append(_item(h, link, box, file, url, site, archive, position))
    return PageItems(drafts)


def _item(h: etree._Element, link: etree._Element, box: etree._Element, file: str,
          base: str | None, site: str | None, archive: tuple[str, str] | None, position: int
          ) -> FormatDraft:  # fmt: skip
    title = visible_text(h)
    href = link.get("href") or ""
    item_url = urljoin(base, href) if base else href
    line = h.sourceline or position
    draft = FormatDraft(file, line, position, title, archive, read_more=True, site=site,
                        url=item_url if item_url.startswith(("http:", "https:")) else None)  # fmt: skip
    lines = [t for t in text_lines(box) if line_key(t) != line_key(title)]
    mention = _time_mention(box)
    teaser_keys = {line_key(visible_text(p)) for p in box.iter("p") if len(visible_text(p)) > 150}
    meta = [t for t in lines if line_key(t) not in teaser_keys and len(t) <= 150]
    stated = stated_date(meta)
    if mention is None and stated is not None:
        mention = stated[0]
    if mention is None:  # "Publié le 29 septembre 2020 à 15h00 Cécile Peltier": a meta line
        # Only a line that leads with its date: a date inside a sentence is an event's.
        mention = next(
            (m for t in meta for m in find_dates(t)[:1] if m.year and m.start <= 15), None
        )
    if mention is not None:
        draft.dates = [(mention, "publie")]
    tags = [
        visible_text(a)
        for a in box.iter("a")
        if {"tag", "category"} & set((a.get("rel") or "").split())
    ]
    draft.keywords = list(dict.fromkeys(t for t in tags if t))[:20]
    author = next(
        (visible_text(a) for a in box.iter("a") if "author" in (a.get("rel") or "").split()), ""
    )
    draft.author = author or None
    teaser = [_without_read_more(p) for p in box.iter("p") if not _is_noise(p, mention, tags)]
    if not teaser:  # no paragraphs: the item's longer text lines
        teaser = [t for t in lines if len(t) >= 60 and not _noise_text(t)]
    read_more = any(_noise_text(visible_text(a)) for a in box.iter("a"))
    if not read_more and sum(len(t) for t in teaser) >= FULL_CHARS:
        # A whole post inlined in the listing (blogs' home pages), not an excerpt.
        draft.blocks, draft.full, draft.read_more = _item_body(box, h), True, False
    else:
        draft.blocks = [Block("paragraph", t) for t in teaser if t][:5]
    return draft


def _item_body(box: etree._Element, title: etree._Element) -> list[Block]:
    """An inlined post's paragraphs, sub-headings, bullets and quotes, its title left out."""
    blocks: list[Block] = []
    for el in box.iter("p", "li", "blockquote", *HEADINGS):
        if el is title or any(a is title for a in el.iterancestors()):
            continue
        if tag_of(el) == "p" and any(tag_of(a) in ("li", "blockquote") for a in el.iterancestors()):
            continue  # read with its list item or quote
        text = visible_text(el)
        if text:
            kind = {"li": "bullet", "blockquote": "quote"}.get(tag_of(el), "paragraph")
            blocks.append(Block("heading" if tag_of(el) in HEADINGS else kind, text))
    return blocks[:MAX_BLOCKS]


def _time_mention(box: etree._Element) -> DateMention | None:
    """The item's date from a time element or a datetime/ISO title attribute (hAtom), in its own words if any."""
    for t in box.iter():
        if tag_of(t) == "time" or t.get("datetime"):
            stamp = t.get("datetime") or ""
        elif tag_of(t) == "abbr" and _ISO_STAMP.match(t.get("title") or ""):
            stamp = t.get("title") or ""
        else:
            continue
        words = visible_text(t)
        mention = iso_mention(stamp, "page markup")
        if mention is not None:
            if words and any(m.iso() == mention.iso() for m in find_dates(words)):
                return next(m for m in find_dates(words) if m.iso() == mention.iso())
            return mention
        found = [m for m in find_dates(words) if m.year is not None]
        if found:
            return found[0]
    return None


def _without_read_more(p: etree._Element) -> str:
    """A teaser paragraph without its trailing read-more link ("… Lire la suite <title>")."""
    text = visible_text(p)
    for a in p.iter("a"):
        words = visible_text(a)
        if words and _noise_text(words) and text.endswith(words):
            text = text[: -len(words)].rstrip()
    return text


def _noise_text(text: str) -> bool:
    folded = fold(text).strip(" .…:>»")
    return folded.startswith(_READ_MORE) and len(folded) < 120


def _is_noise(p: etree._Element, mention: DateMention | None, tags: list[str]) -> bool:
    """Paragraphs that are not the teaser: read-more links, the date line, the tag links."""
    text = visible_text(p)
    if not text or _noise_text(text):
        return True
    if stated_date([text]) is not None:
        return True
    if (
        mention is not None
        and len(text) <= 150
        and any(m.iso() == mention.iso() for m in find_dates(text))
    ):
        return True  # the item's meta line: "Publié le … à 15h00 <author>"
    links = "".join(visible_text(a) for a in p.iter("a"))
    return len(links) >= 0.9 * len(text) and len(text) < 80
