"""Drafts in, groups of drafts that are one article out: same title, or same URL, in any format."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping

from archive.read.entry import EntryDraft
from archive.read.formats.draft import url_key


def group_drafts(
    drafts: Iterable[EntryDraft],
    id_of: Callable[[EntryDraft], str],
    known_urls: Mapping[str, str] | None = None,
    known_ids: Container[str] = (),
) -> dict[str, list[EntryDraft]]:
    """Drafts keyed by article id; a shared URL joins groups, and a stored article keeps its id.

    id_of gives a draft's own id (from its title); known_urls maps URL keys of stored articles
    to their ids, so a feed item whose title differs from the stored page still finds it.
    The result does not depend on the order of the drafts.
    """
    known_urls = known_urls or {}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            # The smaller id wins, so that any order of the same drafts gives the same ids.
            parent[max(ra, rb)] = min(ra, rb)

    own: list[tuple[EntryDraft, str]] = []
    url_first: dict[str, str] = {}
    stored: dict[str, str] = {}  # root candidates that are stored articles' ids
    for draft in drafts:
        key = id_of(draft)
        find(key)
        if key in known_ids:
            stored[key] = key
        url = url_key(getattr(draft, "url", None))
        if url is not None:
            if url in known_urls:
                stored[known_urls[url]] = known_urls[url]
                union(key, known_urls[url])
            union(key, url_first.setdefault(url, key))
        own.append((draft, key))
    # A stored article's id is kept for its whole group (ids never change on re-import).
    chosen = {find(s): s for s in sorted(stored, reverse=True)}
    groups: dict[str, list[EntryDraft]] = {}
    for draft, key in own:
        root = find(key)
        groups.setdefault(chosen.get(root, root), []).append(draft)
    return groups
