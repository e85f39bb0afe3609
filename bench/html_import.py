"""HTML import rate: `python -m bench.html_import --pages 10000` prints pages and articles per second.

The pages are written from the bench corpus's planned articles (bench/generate.py plan()):
four in five are single article pages (Open Graph metadata, headline, date line, body with
sub-headings and bullets, a "related" block), one in five are category listings of ten items
(heading links, time elements, teasers). Then `import_paths` reads them into a scratch library,
as `manchette import` does, and the figures are printed with how many titles and dates came
out right.
"""

from __future__ import annotations

import argparse
import html
import shutil
import tempfile
import time
from pathlib import Path

from bench.generate import DEFAULT_SEED, PlannedArticle, plan, slugify

SITE = "https://www.journal-bench.example"


def _article_page(a: PlannedArticle, related: list[PlannedArticle]) -> str:
    e = html.escape
    url = f"{SITE}/{slugify(a.title)}-{a.n}/"
    blocks = [f"<p>{e(a.teaser)}</p>"]
    for kind, text in a.body:
        tag = {"heading": "h2", "bullet": "li", "quote": "blockquote"}.get(kind, "p")
        blocks.append(
            f"<ul><li>{e(text)}</li></ul>" if tag == "li" else f"<{tag}>{e(text)}</{tag}>"
        )
    links = "".join(
        f'<div><h3><a href="{SITE}/{slugify(r.title)}-{r.n}/">{e(r.title)}</a></h3></div>'
        for r in related
    )
    day = a.published.date()
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{e(a.title)} - Journal</title>'
        f'<meta property="og:type" content="article"><meta property="og:url" content="{url}">'
        f'<meta property="og:site_name" content="Journal"><meta property="article:published_time" '
        f'content="{day.isoformat()}T08:00:00+02:00"><script>var tracking = 1;</script></head>'
        f'<body><nav><a href="/">Accueil</a></nav><main><article><h1>{e(a.title)}</h1>'
        f"<p>Publié le {day.day} {_MONTHS[day.month - 1]} {day.year}</p>{''.join(blocks)}</article>"
        f"<aside><h2>À lire aussi</h2>{links}</aside></main><footer>© Journal</footer></body></html>"
    )


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")  # fmt: skip


def _listing_page(name: str, items: list[PlannedArticle]) -> str:
    e = html.escape
    entries = "".join(
        f'<article><h2><a href="{SITE}/{slugify(a.title)}-{a.n}/">{e(a.title)}</a></h2>'
        f'<time datetime="{a.published.date().isoformat()}">{a.published.date().isoformat()}</time>'
        f"<p>{e(a.teaser)}</p><p><a href='{SITE}/{a.n}/'>Lire la suite</a></p></article>"
        for a in items
    )
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{e(name)} - Journal</title>'
        f'<meta property="og:type" content="website"></head><body><header><a href="/">Journal</a></header>'
        f"<main><h1>Archives pour la catégorie {e(name)}</h1>{entries}</main></body></html>"
    )


def write_pages(target: Path, pages: int, seed: int) -> dict[str, str]:
    """Write the pages; returns title -> ISO date for every article a page holds."""
    singles = pages * 4 // 5
    listings = pages - singles
    articles, _ = plan(singles + listings * 10, seed)
    truth: dict[str, str] = {}
    for i, a in enumerate(articles[:singles]):
        related = [articles[(i + k) % len(articles)] for k in (1, 2, 3)]
        (target / f"a{i:06d}.html").write_text(_article_page(a, related), encoding="utf-8")
        truth[a.title] = a.published.date().isoformat()
    rest = articles[singles:]
    for j in range(listings):
        items = rest[j * 10 : j * 10 + 10]
        (target / f"l{j:06d}.html").write_text(
            _listing_page(items[0].topic.name, items), encoding="utf-8"
        )
        truth.update({a.title: a.published.date().isoformat() for a in items})
    return truth


def measure(pages: int, seed: int) -> None:
    """Write the pages, import them into a scratch library and print the figures."""
    from archive.read.importer import import_paths
    from archive.store.library import Library

    work = Path(tempfile.mkdtemp(prefix="manchette-html-bench-"))
    try:
        folder = work / "pages"
        folder.mkdir()
        truth = write_pages(folder, pages, seed)
        library = Library.open(work / "lib")
        start = time.perf_counter()
        report = import_paths(library, [folder])
        seconds = time.perf_counter() - start
        found = {a.title: a.date for a in library.all_articles()}
        titles = sum(1 for t in truth if t in found)
        dates = sum(1 for t, d in truth.items() if found.get(t) == d)
        print(f"HTML import, {pages} pages ({report.kinds.get('html', 0)} read, "
              f"{len(report.skipped)} skipped): {seconds:.1f} s, {pages / seconds:.0f} pages/s, "
              f"{report.articles_total / seconds:.0f} articles/s")  # fmt: skip
        print(f"  articles {report.articles_total} of {len(truth)}; titles right "
              f"{titles / len(truth):.1%}, dates right {dates / len(truth):.1%}")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", default="1000", help="page counts, comma-separated")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for pages in (int(p) for p in args.pages.split(",")):
        measure(pages, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
