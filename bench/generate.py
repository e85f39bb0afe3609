"""Seeded generator of a scraped French news archive with its ground truth, cached by (size, seed).

`python -m bench.generate --size 10000 [--seed 1] [--force]` writes bench/corpus/10000-s1/:
pages/ (archive listings, single article pages, bare bodies), truth.jsonl (one line per
article: title, tags, stated date, agency, where it is listed) and meta.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench import layouts, plant, render
from bench.entities import load_project_variants
from bench.lexicon import AGENCIES, PAGE_CHROME, SITES, Topic
from bench.textgen import ArticleText, TextWriter
from bench.topics_home import TOPICS

# Bump whenever the bytes written for a (size, seed) change, so cached corpora are rebuilt.
GENERATOR_VERSION = 3
DEFAULT_SEED = 1
ROOT = Path(__file__).resolve().parent
CORPUS_ROOT = ROOT / "corpus"
ENTITIES_FILE = ROOT.parent / "archive" / "data" / "entities.json"
START = datetime(2021, 1, 1)
END = datetime(2025, 10, 31, 23, 59)

SHARE_UNDATED = 0.40
SHARE_AGENCY = 0.25
SHARE_BARE = 0.02
SHARE_SINGLE_PAGE = 0.05
SHARE_PAGE_ALSO_LISTED = 0.5
SHARE_INLINED = 0.10
SHARE_GLUED_PAGES = 0.10
SHARE_RESCRAPED_PAGES = 0.03
SHARE_NBSP_FILES = 0.3
SHARE_CARD_ARCHIVES = 0.3  # archives of sites that write cards (labels, meta lines, no read-more)
SHARE_KICKER_PAGES = 0.4  # single pages with a kicker and a split byline, no breadcrumb


@dataclass(slots=True)
class Archive:
    """A category or keyword archive; its entries newest first."""

    kind: str
    name: str
    slug: str
    entries: list[PlannedArticle] = field(default_factory=list)


@dataclass(slots=True)
class PlannedArticle:
    """One article of the corpus: its words, its shape and where it is written."""

    n: int
    published: datetime
    topic: Topic
    text: ArticleText
    shape: str  # teaser | full | page | bare
    archives: list[Archive]
    section: str | None = None  # set for single pages
    found_in: list[dict[str, Any]] = field(default_factory=list)
    layout: str = ""  # "kicker" for a single page written with a kicker and a split byline
    site: str | None = None  # another site's page (a republished copy)
    dispatch: int | None = None  # the n of the original when this is a republished copy
    event: int | None = None  # the planted event it covers

    title = property(lambda self: self.text.title)
    teaser = property(lambda self: self.text.teaser)
    body = property(lambda self: self.text.body)
    date_line = property(lambda self: self.text.stated.line)
    inlined = property(lambda self: self.shape == "full")
    dated = property(lambda self: self.text.stated.iso is not None)
    agency_credited = property(lambda self: bool(self.text.agency and not self.text.byline))

    @property
    def label(self) -> str:
        """The category a card shows above the title."""
        return next((a.name for a in self.archives if a.kind == "category"), self.topic.name)


@dataclass(frozen=True, slots=True)
class Corpus:
    """A generated corpus on disk."""

    path: Path
    meta: dict[str, Any]

    @property
    def pages(self) -> Path:
        return self.path / "pages"

    @property
    def truth(self) -> Path:
        return self.path / "truth.jsonl"

    def page_files(self) -> list[Path]:
        """Every page file, in a stable order."""
        return sorted(self.pages.rglob("*.txt"))

    def truth_records(self) -> list[dict[str, Any]]:
        with self.truth.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle]


def slugify(text: str, limit: int = 60) -> str:
    """ASCII lowercase words joined by dashes."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe")).encode("ascii", "ignore").decode()
    words = "".join(c.lower() if c.isalnum() else " " for c in text).split()
    return "-".join(words)[:limit].strip("-") or "x"


def _title_key(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title).split()).casefold()


def variants_fingerprint() -> str:
    """A short hash of the name variants taken from the project's entities file."""
    data = json.dumps(load_project_variants(ENTITIES_FILE), ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:12]


def plan(size: int, seed: int) -> tuple[list[PlannedArticle], list[Archive]]:
    """Decide every article's words, shape and archives; deterministic in (size, seed)."""
    rng = random.Random(f"manchette-bench:{size}:{seed}")
    writer = TextWriter(rng, load_project_variants(ENTITIES_FILE))
    span = (END - START).total_seconds()
    moments = sorted(rng.random() * span for _ in range(size))
    topic_weights = [t.weight for t in TOPICS]
    agencies = [a for a, _ in AGENCIES]
    agency_weights = [w for _, w in AGENCIES]
    archives: dict[tuple[str, str], Archive] = {}
    seen_titles: set[str] = set()
    articles: list[PlannedArticle] = []

    def archive(kind: str, name: str) -> Archive:
        key = (kind, name)
        if key not in archives:
            archives[key] = Archive(kind, name, f"{kind}-{slugify(name)}")
        return archives[key]

    planted = plant.schedule(moments, list(TOPICS), writer, random.Random(f"plant:{size}:{seed}"))
    for i, offset in enumerate(moments):
        published = START + timedelta(seconds=int(offset))
        topic = rng.choices(TOPICS, weights=topic_weights)[0]
        roll = rng.random()
        shape = (
            "bare"
            if roll < SHARE_BARE
            else "page"
            if roll < SHARE_BARE + SHARE_SINGLE_PAGE
            else ("full" if rng.random() < SHARE_INLINED else "teaser")
        )
        original = articles[planted.copy_of[i]] if i in planted.copy_of else None
        event = planted.event_of.get(i)
        if original is not None:
            topic = original.topic
            shape = "teaser" if i in planted.teaser_copy else "page"
        elif event is not None:
            topic = event.topic
            if shape == "teaser" and rng.random() < 0.5:
                shape = "full"
        agency = (
            rng.choices(agencies, weights=agency_weights)[0]
            if rng.random() < SHARE_AGENCY
            else None
        )
        form_roll = rng.random()
        agency_form = "source" if form_roll < 0.55 else "avec"
        if shape == "page" and form_roll < 0.4:
            agency_form = "byline"
        text = writer.article(
            topic,
            published,
            dated=rng.random() >= SHARE_UNDATED,
            agency=agency,
            agency_form=agency_form,
            full=shape != "teaser",
        )
        if original is not None:
            text = plant.copy_text(original.text, writer, topic, rng, shape == "teaser")
        elif event is not None:
            plant.event_text(text, event, rng)
        for _ in range(12):
            if _title_key(text.title) not in seen_titles:
                break
            text.title = writer.title(topic)
        else:
            text.title = f"{text.title} ({i + 1})"
        seen_titles.add(_title_key(text.title))
        cats = [name for name, p in topic.categories if rng.random() < p] or [
            topic.categories[0][0]
        ]
        keywords = rng.sample(topic.keywords, k=rng.choices((0, 1, 2), weights=(3, 5, 2))[0])
        listed = shape in ("teaser", "full") or (
            shape == "page" and original is None and rng.random() < SHARE_PAGE_ALSO_LISTED
        )
        tags = [archive("category", c) for c in cats] + [archive("keyword", k) for k in keywords]
        article = PlannedArticle(i + 1, published, topic, text, shape, tags if listed else [])
        if shape == "page":
            article.section = cats[0]
        if original is not None:
            article.dispatch = original.dispatch or original.n
            article.event = original.event
            article.site = planted.site_of[i]
        elif event is not None:
            article.event = event.id
        articles.append(article)
        for arc in article.archives:
            arc.entries.append(article)
    ordered = sorted(archives.values(), key=lambda a: a.slug)
    for arc in ordered:
        arc.entries.reverse()  # newest first
    return articles, ordered


def _place(files: dict[str, str], rel: str, text: str) -> None:
    files[rel] = text


def render_pages(
    articles: list[PlannedArticle], archives: list[Archive], seed: int
) -> dict[str, str]:
    """Every page file's text by relative path; records where each article is written."""
    rng = random.Random(f"manchette-pages:{len(articles)}:{seed}")
    layout_rng = random.Random(f"manchette-layouts:{len(articles)}:{seed}")
    files: dict[str, str] = {}
    for arc in archives:
        heading = render.header(arc.kind, arc.name)
        style = layouts.CardStyle.draw(layout_rng)
        cards = layout_rng.random() < SHARE_CARD_ARCHIVES
        start, number = 0, 1
        while start < len(arc.entries):
            count = rng.randint(10, 20)
            window = arc.entries[start : start + count]
            rel = f"archives/{arc.slug}/page-{number:04d}.txt"
            nbsp = rng.random() < SHARE_NBSP_FILES
            if cards:
                text = layouts.card_page(heading, window, style, layout_rng, nbsp)
                listed = [(a, arc.name) for a in window]
            elif rng.random() < SHARE_GLUED_PAGES:
                orphan = arc.entries[start - 1] if start and rng.random() < 0.6 else None
                text = render.glued_page(heading, window, orphan, rng, nbsp)
                listed = ([(orphan, None)] if orphan else []) + [(a, arc.name) for a in window]
            else:
                text = render.listing_page(heading, window, rng, nbsp)
                listed = [(a, arc.name) for a in window]
            _place(files, rel, text)
            for position, (article, name) in enumerate(listed, 1):
                article.found_in.append({"file": rel, "position": position, "archive": name})
            if start and not cards and rng.random() < SHARE_RESCRAPED_PAGES:
                # The same page scraped again later: newer articles pushed the window down.
                shift = min(start, rng.randint(1, 5))
                again = arc.entries[start - shift : start - shift + count]
                rel = f"archives/{arc.slug}/page-{number:04d}-rescrape.txt"
                _place(files, rel, render.listing_page(heading, again, rng, nbsp))
                for position, article in enumerate(again, 1):
                    article.found_in.append(
                        {"file": rel, "position": position, "archive": arc.name}
                    )
            start += count
            number += 1
    site = SITES[0]
    for article in articles:
        if article.shape == "page":
            rel = f"articles/{article.n:07d}-{slugify(article.title, 50)}.txt"
            chrome = rng.choice(PAGE_CHROME)
            nbsp = rng.random() < SHARE_NBSP_FILES
            section = article.section or ""
            if article.site is None and layout_rng.random() < SHARE_KICKER_PAGES:
                article.layout = "kicker"
                text = layouts.kicker_page(
                    article, section, article.text.byline, chrome, layout_rng, nbsp
                )
            else:
                text = render.single_page(
                    article, article.site or site, section, article.text.byline, chrome, rng, nbsp
                )
            _place(files, rel, text)
            article.found_in.append({"file": rel, "position": 1, "archive": None})
        elif article.shape == "bare":
            rel = f"bodies/{article.n:07d}.txt"
            _place(files, rel, render.bare_body(article))
            article.found_in.append({"file": rel, "position": 1, "archive": None})
    return files


def truth_record(article: PlannedArticle) -> dict[str, Any]:
    """What a careful reader of the pages finds for this article."""
    text = article.text
    stated = text.stated
    arcs = sorted({f["archive"] for f in article.found_in if f["archive"]})
    kinds = {a.name: a.kind for a in article.archives}
    tags = [{"name": name, "kind": kinds[name]} for name in arcs]
    if article.section:
        tags.append({"name": article.section, "kind": "section"})
    bare = article.shape == "bare"
    return {
        "n": article.n,
        "title": None if bare else text.title,
        "title_derived": bare,
        "first_words": text.teaser[:60],
        "shape": article.shape,
        "published": article.published.isoformat(timespec="minutes"),
        "date": stated.iso,
        "date_text": stated.text,
        "date_also_accepted": stated.also,
        "agency": text.agency,
        "archive_tags": arcs,
        "tags": tags,
        "site": (article.site or SITES[0])
        if article.shape == "page" and article.layout != "kicker"
        else None,
        "dispatch": article.dispatch,
        "event": article.event,
        "section": article.section,
        "subheadings": [t for k, t in text.body if k == "heading"],
        "full": article.shape != "teaser",
        "entities": dict(sorted(text.entities.items())),
        "found_in": article.found_in,
    }


def corpus_dir(size: int, seed: int, root: Path = CORPUS_ROOT) -> Path:
    return root / f"{size}-s{seed}"


def write_corpus(size: int, seed: int, target: Path) -> dict[str, Any]:
    """Generate and write a corpus into target (replaced atomically); returns its meta."""
    started = time.perf_counter()
    articles, archives = plan(size, seed)
    files = render_pages(articles, archives, seed)
    tmp = target.with_name(f".tmp-{target.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    total_bytes = 0
    for rel, text in sorted(files.items()):
        path = tmp / "pages" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        total_bytes += len(data)
        path.write_bytes(data)
    with (tmp / "truth.jsonl").open("w", encoding="utf-8", newline="\n") as out:
        for article in articles:
            out.write(json.dumps(truth_record(article), ensure_ascii=False) + "\n")
    shapes: dict[str, int] = {}
    for article in articles:
        shapes[article.shape] = shapes.get(article.shape, 0) + 1
    meta = {
        "version": GENERATOR_VERSION,
        "variants": variants_fingerprint(),
        "size": size,
        "seed": seed,
        "articles": len(articles),
        "files": len(files),
        "bytes": total_bytes,
        "listing_entries": sum(len(a.entries) for a in archives),
        "archives": len(archives),
        "shapes": dict(sorted(shapes.items())),
        "undated": sum(1 for a in articles if a.text.stated.iso is None),
        "span": [START.date().isoformat(), END.date().isoformat()],
    }
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    meta["generated_in_s"] = round(time.perf_counter() - started, 3)
    return meta


def ensure_corpus(
    size: int, seed: int = DEFAULT_SEED, *, root: Path = CORPUS_ROOT, force: bool = False
) -> tuple[Corpus, bool]:
    """The cached corpus for (size, seed), generating it if missing or stale; (corpus, generated)."""
    target = corpus_dir(size, seed, root)
    meta_path = target / "meta.json"
    if not force and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if (
            meta.get("version") == GENERATOR_VERSION
            and meta.get("variants") == variants_fingerprint()
        ):
            return Corpus(target, meta), False
    root.mkdir(parents=True, exist_ok=True)
    meta = write_corpus(size, seed, target)
    # Outside the corpus folder, which must stay byte-identical for a seed.
    timing = {"generated_in_s": meta.pop("generated_in_s")}
    timing_file(target).write_text(json.dumps(timing) + "\n", encoding="utf-8")
    return Corpus(target, meta), True


def timing_file(target: Path) -> Path:
    """Where the time the generator took for a cached corpus is kept."""
    return target.with_name(target.name + ".timing.json")


def generation_seconds(corpus: Corpus) -> float | None:
    """How long the generator took for this corpus, if it was timed."""
    try:
        data = json.loads(timing_file(corpus.path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    seconds = data.get("generated_in_s")
    return float(seconds) if isinstance(seconds, (int, float)) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--size", type=int, required=True, help="number of distinct articles")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--root", type=Path, default=CORPUS_ROOT, help="where corpora are cached")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)
    corpus, generated = ensure_corpus(args.size, args.seed, root=args.root, force=args.force)
    meta = corpus.meta
    how = f"generated in {generation_seconds(corpus)} s" if generated else "cached"
    print(
        f"{corpus.path}: {meta['articles']} articles, {meta['files']} files, "
        f"{meta['bytes'] / 1e6:.1f} MB, {meta['listing_entries']} listing entries ({how})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
