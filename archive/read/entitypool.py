"""Named entities of many articles on every core: articles in, their `entities` filled in.

archive/read/entities.py finds the names in one text; at import, that is a sixth of the work done
after reading, and each article's names depend on its own text only, so big imports hand
chunks of texts to spawned processes (spawned, not forked: the caller may be a threaded app).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from archive.model import Article
from archive.read.entities import extract_entities

# Below this, starting processes (each compiles the gazetteer, about 0.7 s) costs more than
# it saves.
MIN_ARTICLES = 6_000
CHUNK = 400


def entity_text(article: Article) -> str:
    """The text whose names an article carries: title, teaser and body."""
    return "\n".join([article.title, article.teaser, *(b.text for b in article.body)])


def _extract_all(texts: list[str]) -> list[dict[str, list[str]]]:
    return [extract_entities(text) for text in texts]


def fill_entities(articles: Sequence[Article], workers: int = 0) -> None:
    """Set each article's entities, on several processes when there are many articles."""
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers < 2 or len(articles) < MIN_ARTICLES:
        for article in articles:
            article.entities = extract_entities(entity_text(article))
        return
    chunks = [articles[i : i + CHUNK] for i in range(0, len(articles), CHUNK)]
    texts = ([entity_text(a) for a in chunk] for chunk in chunks)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for chunk, found in zip(chunks, pool.map(_extract_all, texts), strict=True):
            for article, entities in zip(chunk, found, strict=True):
                article.entities = entities
