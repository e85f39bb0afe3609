"""Visible text of parsed HTML as lines and blocks: what a reader sees, never scripts or markup."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree, html

from archive.model import Block
from archive.read.formats.draft import MAX_BLOCKS, MAX_FIELD_CHARS, clean

# Elements whose content is never read: code, styles, embedded documents, forms' options.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select",
     "button", "textarea", "head"}
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "li", "ul",
     "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
     "tr", "td", "th", "figure", "figcaption", "br", "hr", "address", "time", "form"}
)  # fmt: skip
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def tag_of(el: object) -> str:
    """The lower-case tag name, or "" for comments and processing instructions."""
    tag = getattr(el, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


def _walk(el: etree._Element, out: list[str], budget: list[int]) -> None:
    tag = tag_of(el)
    if tag and tag not in SKIP_TAGS:
        block = tag in BLOCK_TAGS
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
            budget[0] -= len(el.text)
        for child in el:
            if budget[0] <= 0:
                break
            _walk(child, out, budget)
        if block:
            out.append("\n")
    if el.tail:
        out.append(el.tail)
        budget[0] -= len(el.tail)


def text_lines(el: etree._Element) -> list[str]:
    """The element's visible text, one clean line per block element."""
    out: list[str] = []
    tail, el.tail = el.tail, None  # the text after the element is not its own
    try:
        _walk(el, out, [MAX_FIELD_CHARS])
    finally:
        el.tail = tail
    return [t for t in (clean(line) for line in "".join(out).split("\n")) if t]


def visible_text(el: etree._Element) -> str:
    """The element's visible text on one line."""
    return " ".join(text_lines(el))


def fragment_blocks(markup: str) -> list[Block]:
    """An HTML fragment (a feed item's content) as body blocks; its markup is never kept."""
    if not markup.strip():
        return []
    if "<" not in markup:
        return [Block("paragraph", t) for t in (clean(markup),) if t]
    try:
        root = html.fragment_fromstring(markup[:MAX_FIELD_CHARS], create_parent="div")
    except (etree.ParserError, ValueError):
        return [Block("paragraph", t) for t in (clean(markup),) if t]
    return list(_blocks(root))[:MAX_BLOCKS]


def _blocks(root: etree._Element) -> Iterator[Block]:
    """Paragraphs, headings, bullets and quotes of a fragment; loose text is a paragraph."""
    loose: list[str] = []

    def flush() -> Iterator[Block]:
        text = clean(" ".join(loose))
        loose.clear()
        if text:
            yield Block("paragraph", text)

    if root.text:
        loose.append(root.text)
    for child in root:
        tag = tag_of(child)
        kind = (
            "heading" if tag in HEADINGS
            else "quote" if tag == "blockquote"
            else "list" if tag in ("ul", "ol")
            else "paragraph" if tag in BLOCK_TAGS
            else None
        )  # fmt: skip
        if kind is None:
            if tag and tag not in SKIP_TAGS:
                loose.extend(text_lines(child))
            if child.tail:
                loose.append(child.tail)
            continue
        yield from flush()
        if kind == "list":
            for item in child.iter("li"):
                text = visible_text(item)
                if text:
                    yield Block("bullet", text)
        elif tag in ("div", "section", "article", "main", "figure"):
            yield from _blocks(child)
        else:
            text = visible_text(child)
            if text:
                yield Block(kind, text)
        if child.tail:
            loose.append(child.tail)
    yield from flush()
