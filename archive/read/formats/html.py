"""A saved HTML page in, entry drafts out: one article (trafilatura, htmldate) or a listing's items."""

from __future__ import annotations

import json
import logging

import htmldate
import trafilatura
from lxml import etree, html

from archive.model import Block
from archive.read.formats.draft import (
    MAX_BLOCKS,
    FormatDraft,
    clean,
    iso_mention,
    site_of,
    stated_date,
)
from archive.read.formats.htmltext import tag_of, text_lines
from archive.read.formats.listing import read_listing
from archive.text import fold, line_key

# trafilatura and htmldate log every page they find thin; the import's summary says what matters.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "report"}
_DEPTH_LIMIT = 200  # trafilatura walks the tree recursively: deeper pages are refused


class HtmlError(Exception):
    """A page that cannot be read as HTML; str() is the one-line reason."""


def parse(text: str) -> etree._Element:
    """The page's tree; entity declarations are never expanded (lxml's HTML parser ignores them)."""
    try:
        tree = html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError) as e:
        raise HtmlError(f"unreadable HTML ({e})") from None
    if tree is None:
        raise HtmlError("no HTML content")
    return tree


_PARSER = html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True, huge_tree=False)


def _too_deep(tree: etree._Element) -> bool:
    depth = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > _DEPTH_LIMIT:
            return True
    return False


def _meta(tree: etree._Element, *names: str) -> str | None:
    for name in names:
        for el in tree.iterfind(f".//meta[@property='{name}']"):
            if el.get("content"):
                return el.get("content")
        for el in tree.iterfind(f".//meta[@name='{name}']"):
            if el.get("content"):
                return el.get("content")
    return None


def _ld_types(tree: etree._Element) -> set[str]:
    """The @type values of the page's JSON-LD (what the page says it is)."""
    types: set[str] = set()
    for el in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads((el.text or "")[:200_000])
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(types) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item[:50])
            elif isinstance(item, dict):
                kind = item.get("@type")
                for k in kind if isinstance(kind, list) else [kind]:
                    if isinstance(k, str):
                        types.add(k.casefold())
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"][:50])
    return types


def is_article_page(tree: etree._Element) -> bool:
    """True when the page declares itself one article (Open Graph or schema.org type)."""
    og = (_meta(tree, "og:type") or "").casefold()
    return og == "article" or bool(_ld_types(tree) & _ARTICLE_TYPES)


def read_html(
    text: str, file: str, url: str | None = None, captured: str | None = None
) -> list[FormatDraft]:
    """Drafts from one HTML page: the listing's items, else the page's article (maybe none)."""
    tree = parse(text)
    if _too_deep(tree):
        raise HtmlError(f"elements nested more than {_DEPTH_LIMIT} deep")
    # The page's canonical address is the one feeds and other captures share.
    canonical = _meta(tree, "og:url") or _canonical(tree)
    url = canonical if canonical and canonical.startswith(("http://", "https://")) else url
    site = clean(_meta(tree, "og:site_name")) or site_of(url)
    items = read_listing(tree, file, url, site, single=is_article_page(tree))
    if items.drafts is not None:
        return items.drafts
    for box in items.others:  # other articles' teasers are not this article's text or date
        box.drop_tree()
    draft = _read_article(tree, file, url, site, captured)
    return [draft] if draft is not None else []


def _canonical(tree: etree._Element) -> str | None:
    el = tree.find(".//link[@rel='canonical']")
    return el.get("href") if el is not None else None


def _page_date(tree: etree._Element, url: str | None, captured: str | None) -> str | None:
    """The publication date in the page's markup and metadata (not guessed from its prose)."""
    try:
        return htmldate.find_date(
            tree, extensive_search=False, original_date=True, url=url, max_date=captured
        )
    except (ValueError, TypeError, RecursionError):
        return None


def _read_article(
    tree: etree._Element, file: str, url: str | None, site: str | None, captured: str | None
) -> FormatDraft | None:
    meta_date = _page_date(tree, url, captured)
    lead_lines = [line for h in tree.iter("h1") for line in text_lines(h)]
    near_title = _lines_after_title(tree, lead_lines[0] if lead_lines else None)
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )  # fmt: skip
    except (ValueError, TypeError, RecursionError):
        doc = None
    if not isinstance(doc, trafilatura.settings.Document) or doc.body is None:
        return None
    title = _title(clean(doc.title), lead_lines)
    blocks = _body_blocks(doc.body, title)
    lines = [b.text for b in blocks]
    stated = stated_date(near_title) or stated_date(lines)
    if stated is not None:  # the date line is the page's, not the story's
        blocks = [b for i, b in enumerate(blocks) if i >= 12 or stated_date([b.text]) is None]
    mention = stated[0] if stated and stated[0].year else None
    if mention is None:
        mention = iso_mention(meta_date or doc.date, "page metadata")
    draft = FormatDraft(file, 1, 1, title or None, url=url, author=clean(doc.author) or None)
    draft.blocks = blocks
    draft.full = bool(blocks)
    draft.site = clean(doc.sitename) or site
    draft.sections = [clean(c) for c in doc.categories or [] if clean(c)][:20]
    draft.keywords = [clean(t) for t in doc.tags or [] if clean(t)][:50]
    if draft.author:
        draft.bylines = [draft.author]
    if mention is not None:
        draft.dates = [(mention, "publie")]
    return draft if (title or blocks) else None


def _title(meta_title: str, headings: list[str]) -> str:
    """The page's own heading when the metadata title is it with the site's name around it."""
    folded = fold(meta_title)
    for heading in headings:
        if len(heading) >= 8 and fold(heading) in folded:
            return heading
    return meta_title or (headings[0] if headings else "")


def _lines_after_title(tree: etree._Element, title: str | None) -> list[str]:
    """The page's visible lines just under its title, where a dateline is written."""
    body = tree.find("body")
    if body is None or not title:
        return []
    lines = text_lines(body)
    key = line_key(title)
    start = next((i for i, line in enumerate(lines) if line_key(line) == key), None)
    return [] if start is None else lines[start + 1 : start + 8]


def _body_blocks(body: etree._Element, title: str) -> list[Block]:
    """trafilatura's body (p, head, list/item, quote) as blocks, the repeated title left out."""
    blocks: list[Block] = []
    for el in body:
        tag = tag_of(el)
        if tag == "list":
            blocks.extend(
                Block("bullet", t) for item in el.iter("item") for t in [_text(item)] if t
            )
            continue
        text = _text(el)
        if not text:
            continue
        kind = {"head": "heading", "quote": "quote"}.get(tag, "paragraph")
        if kind == "heading" and not blocks and line_key(text) == line_key(title):
            continue
        blocks.append(Block(kind, text))
    return blocks[:MAX_BLOCKS]


def _text(el: etree._Element) -> str:
    return clean(" ".join(el.itertext()))
