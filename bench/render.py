"""Render planned articles as the scraped text files users have: listings, single pages, bodies."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Protocol

NBSP = "\u00a0"

# Read-more forms, weighted; "{t}" is the title. Glued pages always use the first form.
READ_MORE: tuple[tuple[str, int], ...] = (
    ("Lire la suite {t}", 92),
    ("Lire la suite: {t} Lire la suite {t}", 2),
    ("Lire la suite »", 2),
    ("Lire plus", 1),
    ("Continuer la lecture", 2),
    ("En savoir plus", 1),
)
_READ_MORE_FORMS = [f for f, _ in READ_MORE]
_READ_MORE_WEIGHTS = [w for _, w in READ_MORE]

BREADCRUMB_SEPARATORS: tuple[tuple[str, int], ...] = (
    (" » ", 17),
    (" > ", 1),
    (" / ", 1),
    (" | ", 1),
)


class Entry(Protocol):
    """What rendering needs of an article."""

    title: str
    teaser: str
    body: list[tuple[str, str]]
    date_line: str | None
    inlined: bool  # written whole in listings


def header(kind: str, name: str) -> str:
    """The archive header line a WordPress listing starts with."""
    if kind == "category":
        return f"Archives pour la catégorie {name}"
    return f"Archives du mot-clé {name}"


def typeset(text: str, nbsp: bool) -> str:
    """Some sites put no-break spaces inside « » and before colons; titles then differ in spaces."""
    if not nbsp:
        return text
    return (
        text.replace("« ", "«" + NBSP)
        .replace(" »", NBSP + "»")
        .replace(" :", NBSP + ":")
        .replace(" ?", NBSP + "?")
    )


def _body_paragraphs(body: Sequence[tuple[str, str]]) -> list[str]:
    """Body blocks as text paragraphs; a bullet list stays glued to the line before it."""
    out: list[str] = []
    for kind, text in body:
        if kind == "bullet" and out:
            out[-1] += "\n" + text
        else:
            out.append(text)
    return out


def _noisy(text: str, rng: random.Random) -> str:
    """Now and then a doubled space, as scraped text has."""
    if rng.random() < 0.03:
        cut = text.find(" ", 12)
        if cut > 0:
            return text[:cut] + " " + text[cut:]
    return text


def entry_blocks(entry: Entry, rng: random.Random, nbsp: bool) -> tuple[list[str], bool]:
    """The paragraphs of one listing entry, and whether it ends with a read-more line."""
    title = typeset(entry.title, nbsp)
    blocks = [title]
    if entry.date_line:
        blocks.append(entry.date_line)
    blocks.append(_noisy(typeset(entry.teaser, nbsp), rng))
    if entry.inlined:
        blocks.extend(typeset(p, nbsp) for p in _body_paragraphs(entry.body))
        return blocks, False
    form = rng.choices(_READ_MORE_FORMS, weights=_READ_MORE_WEIGHTS)[0]
    blocks.append(form.format(t=title))
    return blocks, True


def listing_page(heading: str, entries: Sequence[Entry], rng: random.Random, nbsp: bool) -> str:
    """A listing page with blank lines between paragraphs."""
    parts = [heading]
    for entry in entries:
        blocks, _ = entry_blocks(entry, rng, nbsp)
        if rng.random() < 0.03:
            blocks[0] += "\n"  # an extra blank line after the title, as some pages have
        parts.extend(blocks)
    return "\n\n".join(parts) + "\n"


def glued_page(
    heading: str, entries: Sequence[Entry], orphan: Entry | None, rng: random.Random, nbsp: bool
) -> str:
    """A listing dumped without blank lines: read-more lines run into the next title.

    With an orphan, the dump starts mid-page: the orphan's teaser without its title, its
    read-more line glued to the archive header. The last entry loses its read-more line.
    """
    out = ""
    if orphan is not None:
        title = typeset(orphan.title, nbsp)
        out = f"{typeset(orphan.teaser, nbsp)}\nLire la suite {title}{heading}"
    else:
        out = heading
    pending_glue = False
    for i, entry in enumerate(entries):
        title = typeset(entry.title, nbsp)
        out += title if pending_glue else "\n" + title
        if entry.date_line:
            out += "\n" + entry.date_line
        out += "\n" + typeset(entry.teaser, nbsp)
        if entry.inlined:
            out += "".join("\n" + typeset(p, nbsp) for p in _body_paragraphs(entry.body))
            pending_glue = False
        elif i == len(entries) - 1 and rng.random() < 0.7:
            pending_glue = False
        else:
            out += f"\nLire la suite {title}"
            pending_glue = True
    return out


def single_page(
    entry: Entry,
    site: str,
    section: str,
    byline: str | None,
    chrome: Sequence[str],
    rng: random.Random,
    nbsp: bool,
) -> str:
    """One article page: breadcrumb, title again, date line, byline, body, page chrome."""
    seps = [s for s, _ in BREADCRUMB_SEPARATORS]
    sep = rng.choices(seps, weights=[w for _, w in BREADCRUMB_SEPARATORS])[0]
    title = typeset(entry.title, nbsp)
    parts = [sep.join((site, section, title)), title]
    if entry.date_line:
        parts.append(entry.date_line)
    if byline:
        parts.append(byline)
    parts.append(typeset(entry.teaser, nbsp))
    parts.extend(typeset(p, nbsp) for p in _body_paragraphs(entry.body))
    parts.extend(chrome)
    return "\n\n".join(parts) + "\n"


def bare_body(entry: Entry) -> str:
    """An article body alone: no title, no chrome, one line per paragraph."""
    lines = [entry.teaser] + _body_paragraphs(entry.body)
    return "\n".join(lines)
