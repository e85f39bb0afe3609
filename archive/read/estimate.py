"""Date bounds for undated articles from the order of the listings they appear in (newest first).

An undated article is no older than the newest stated date listed below it, and no newer than
the oldest stated date listed above it, transitively across every listing. Listings can
contradict each other (A above B here, B above A there): the order graph then has cycles,
which are collapsed into strongly connected components so nothing loops or crashes, and an
interval that comes out inverted is returned as the span between its two bounds, never empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archive.model import DateEstimate


def _components(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (iterative Tarjan), sinks first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges.get(node, [])
            if i < len(children):
                work.append((node, i + 1))
                child = children[i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            for child in children:
                if child in on_stack:
                    low[node] = min(low[node], low[child])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
    return out


def estimate_dates_from_listing_order(
    listings: Sequence[Sequence[str]],
    stated: Mapping[str, str],
    ceilings: Mapping[str, str] | None = None,
    known: Mapping[str, DateEstimate] | None = None,
) -> dict[str, DateEstimate]:
    """Bounds for every undated article id that appears in a listing (ids listed newest first).

    An interval open at the top (listed above every dated article) is closed by the article's
    ceiling when one is given: the newest stated date of its listings or site, no later than
    the day its file was written. Never below its own earliest bound. known: bounds already
    found for some undated ids from listings not given here; their earliest (the newest date
    listed below them, beyond these listings) holds for them and what is listed above them.
    Their latest may be a ceiling, a guess, so it is not passed on.
    """
    edges: dict[str, list[str]] = {}
    nodes: list[str] = []
    seen: set[str] = set()
    for listing in listings:
        for a, b in zip(listing, listing[1:], strict=False):
            if a != b and b not in edges.setdefault(a, []):
                edges[a].append(b)
        for n in listing:
            if n not in seen:
                seen.add(n)
                nodes.append(n)
    components = _components(nodes, edges)
    comp_of = {n: i for i, comp in enumerate(components) for n in comp}
    own = [max((stated[n] for n in comp if n in stated), default=None) for comp in components]
    own_min = [min((stated[n] for n in comp if n in stated), default=None) for comp in components]
    for c, comp in enumerate(components if known else ()):
        for n in comp:
            bound = known.get(n) if known and n not in stated else None
            earliest, current = (bound.earliest if bound else None), own[c]
            if earliest and (current is None or earliest > current):
                own[c] = earliest
    succ: list[set[int]] = [set() for _ in components]
    for a, targets in edges.items():
        for b in targets:
            if comp_of[a] != comp_of[b]:
                succ[comp_of[a]].add(comp_of[b])
    # below[c]: newest stated date among everything listed below component c (sinks come first).
    below: list[str | None] = [None] * len(components)
    for c in range(len(components)):
        best = None
        for s in succ[c]:
            for cand in (own[s], below[s]):
                if cand is not None and (best is None or cand > best):
                    best = cand
        below[c] = best
    # above[c]: oldest stated date among everything listed above c (sources come last).
    above: list[str | None] = [None] * len(components)
    for c in range(len(components) - 1, -1, -1):
        for s in succ[c]:
            for cand in (own_min[c], above[c]):
                if cand is not None and (above[s] is None or cand < above[s]):  # type: ignore[operator]
                    above[s] = cand
    result: dict[str, DateEstimate] = {}
    for n in nodes:
        if n in stated:
            continue
        c = comp_of[n]
        # Inside a cycle the other members are both above and below.
        earliest = max((x for x in (below[c], own[c]) if x is not None), default=None)
        latest = min((x for x in (above[c], own_min[c]) if x is not None), default=None)
        if earliest is not None and latest is not None and earliest > latest:
            earliest, latest = latest, earliest
        if latest is None and earliest is not None and ceilings and n in ceilings:
            latest = max(earliest, ceilings[n])
        result[n] = DateEstimate(earliest, latest)
    return result


def open_end_ceilings(
    members: Mapping[str, Sequence[str]],
    stated: Mapping[str, str],
    sites: Mapping[str, str],
    newest_day: Mapping[str, str],
) -> dict[str, str]:
    """Per article id: the newest stated date of its listings or its site, capped by newest_day.

    members: listing (file) -> the ids it lists; sites: id -> site; newest_day: id -> the day
    the newest of its files was written (a date past it would be in the future).
    """
    by_listing = {
        f: max((stated[i] for i in ids if i in stated), default="") for f, ids in members.items()
    }
    by_site: dict[str, str] = {}
    for i, site in sites.items():
        if i in stated and stated[i] > by_site.get(site, ""):
            by_site[site] = stated[i]
    out: dict[str, str] = {}
    for f, ids in members.items():
        for i in ids:
            best = max(by_listing[f], by_site.get(sites.get(i, ""), ""), out.get(i, ""))
            if best:
                out[i] = best
    for i, day in newest_day.items():
        if i in out and out[i] > day:
            out[i] = day
    return out
