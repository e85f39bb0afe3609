"""Small in-memory stand-ins for Library and SearchEngine, and fixture articles for the TUI tests."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from archive.model import Article, Block, DateEstimate, Source, Tag
from archive.search.engine import Facets, Row, SearchResult
from archive.search.highlight import Highlights
from archive.search.query import QueryError
from archive.store.library import UserState
from archive.text import fold

HOSTILE_TITLES = [
    "[/]",
    "[@click=app.quit]x[/]",
    "[link=http://x]y[/link]",
    "\x1b]0;pwned\x07Titre piégé",
    "[bold]loud",
    "[$accent]couleur",
    "x [/ y",
]


def article(
    n: int,
    title: str,
    *,
    date: str | None = "2025-09-23",
    tags: tuple[str, ...] = ("Guerre Russie – Ukraine",),
    agency: str | None = "AFP",
    body: list[Block] | None = None,
    teaser: str = "",
    estimate: DateEstimate | None = None,
) -> Article:
    """An article with the given title and a body mentioning it."""
    return Article(
        id=f"a{n:04d}",
        title=title,
        teaser=teaser or f"Résumé de l’article {n}.",
        body=body
        if body is not None
        else [
            Block("paragraph", f"Le président a parlé à Genève de l’État et de {title}."),
            Block("heading", "Une réunion à l’Élysée"),
            Block("bullet", "• premier point sur l’État"),
            Block("quote", "« Nous agissons pour l’État », a-t-il dit."),
        ],
        date=date,
        date_text="Mardi 23 septembre 2025" if date else None,
        date_estimate=estimate,
        tags=[Tag(t, "category") for t in tags] + [Tag("Monde", "section")],
        agency=agency,
        site="exemple.fr",
        sources=[Source("listing-001.txt", 12 + n, n, "archive-a")],
    )


def sample_articles() -> list[Article]:
    """Eight readable French articles, one with an estimated date."""
    titles = [
        "Zelensky menace le Kremlin",
        "Guerre en Ukraine : Trump fait volte-face",
        "L’État français annonce un budget",
        "Poutine et Trump au téléphone",
        "Genève accueille une conférence",
        "Les œuvres d’art volées retrouvées",
        "Élections en Moldavie",
        "Un article sans date",
    ]
    out = []
    for i, t in enumerate(titles):
        month = "2025-09" if i % 2 else "2025-07"
        out.append(
            article(
                i,
                t,
                date=None if i == 7 else f"{month}-{10 + i:02d}",
                estimate=DateEstimate("2025-06-01", "2025-06-30") if i == 7 else None,
                tags=("Europe",) if i in (4, 6) else ("Guerre Russie – Ukraine",),
                agency=None if i == 5 else ("Reuters" if i == 2 else "AFP"),
            )
        )
    return out


def hostile_articles() -> list[Article]:
    """Articles whose every field tries to be markup or an escape sequence."""
    out = []
    for i, t in enumerate(HOSTILE_TITLES):
        out.append(
            article(
                100 + i,
                t,
                tags=("[/]", "[@click=app.quit]tag[/]"),
                agency="[bold]AFP",
                body=[
                    Block("paragraph", f"Corps {t} [/] [@click=app.bell]b[/]"),
                    Block("heading", "[red]titre"),
                    Block("quote", "\x1b[2J« citation »"),
                ],
            )
        )
    return out


class FakeLibrary:
    """The Library interface, in memory."""

    def __init__(self, articles: list[Article], directory: Path | None = None) -> None:
        self.directory = directory or Path("/nonexistent")
        self._articles = {a.id: a for a in articles}
        self._states: dict[str, UserState] = {}
        self._searches: dict[str, str] = {}
        self._settings: dict[str, Any] = {}
        self.writes: list[tuple[str, Any]] = []

    def __len__(self) -> int:
        return len(self._articles)

    def revision(self) -> str:
        return str(len(self._articles))

    def all_articles(self) -> list[Article]:
        return list(self._articles.values())

    def get(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def write_articles(self, articles: Any) -> Any:
        for a in articles:
            self._articles[a.id] = a

    def user_state(self, article_id: str) -> UserState:
        s = self._states.get(article_id, UserState())
        return UserState(s.read, s.starred, list(s.tags), s.note)

    def all_user_states(self) -> dict[str, UserState]:
        return {k: self.user_state(k) for k in self._states}

    def _state(self, article_id: str) -> UserState:
        return self._states.setdefault(article_id, UserState())

    def set_read(self, article_id: str, value: bool) -> None:
        self.writes.append(("read", (article_id, value)))
        self._state(article_id).read = value

    def set_starred(self, article_id: str, value: bool) -> None:
        self.writes.append(("starred", (article_id, value)))
        self._state(article_id).starred = value

    def set_user_tags(self, article_id: str, tags: list[str]) -> None:
        self.writes.append(("tags", (article_id, list(tags))))
        self._state(article_id).tags = list(tags)

    def change_user_tags(
        self, article_id: str, add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> list[str]:
        state = self._state(article_id)
        tags = list(dict.fromkeys([t for t in state.tags if t not in remove] + list(add)))
        self.set_user_tags(article_id, tags)
        return tags

    def set_note(self, article_id: str, note: str) -> None:
        self._state(article_id).note = note

    def change_states(self, article_ids: Any, change: Any) -> None:
        for article_id in article_ids:
            new = change(self.user_state(article_id))
            self.writes.append(("state", (article_id, new)))
            self._states[article_id] = new

    def saved_searches(self) -> dict[str, str]:
        return dict(self._searches)

    def save_search(self, name: str, query: str) -> None:
        self._searches[name] = query

    def delete_search(self, name: str) -> None:
        self._searches.pop(name, None)

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self._settings.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self._settings[key] = value

    def close(self) -> None:
        pass


FakeQueryError = QueryError


_TERM = re.compile(r'\s*(?:(\w+):)?(?:"([^"]*)"|([^\s"()]+))')


class FakeEngine:
    """A tiny search engine with `word`, `tag:x`, `agency:x`, `date:YYYY-MM`, quotes and errors."""

    def __init__(self, library: FakeLibrary) -> None:
        self.library = library
        self.searches: list[str] = []

    def refresh(self) -> None:
        pass

    def _terms(self, query: str) -> list[tuple[str | None, str]]:
        if query.count('"') % 2:
            raise FakeQueryError("unclosed quote", query.rfind('"'))
        if query.count("(") != query.count(")"):
            raise FakeQueryError("expected ')'", max(query.rfind("("), 0))
        out: list[tuple[str | None, str]] = []
        for m in _TERM.finditer(query.replace("(", " ").replace(")", " ")):
            out.append((m.group(1), m.group(2) if m.group(2) is not None else m.group(3)))
        return out

    def _matches(self, a: Article, terms: list[tuple[str | None, str]]) -> bool:
        for fieldname, value in terms:
            v = fold(value)
            if fieldname == "tag":
                if not any(fold(t.name) == v for t in a.tags):
                    return False
            elif fieldname == "agency":
                if fold(a.agency or "") != v:
                    return False
            elif fieldname == "date":
                if not (a.date or "").startswith(value):
                    return False
            elif fieldname == "is" and value == "starred":
                if not self.library.user_state(a.id).starred:
                    return False
            elif v not in fold(" ".join([a.title, a.teaser] + [b.text for b in a.body])):
                return False
        return True

    def search(
        self, query: str, *, sort: str | None = None, limit: int | None = None
    ) -> SearchResult:
        start = time.perf_counter()
        self.searches.append(query)
        terms = self._terms(query)
        ids = [a.id for a in self.library.all_articles() if self._matches(a, terms)]
        ids.sort(key=lambda i: self.library._articles[i].date or "", reverse=True)
        return SearchResult(query, ids, len(ids), (time.perf_counter() - start) * 1000)

    def facets(self, result: SearchResult) -> Facets:
        tags: dict[tuple[str, str], int] = {}
        agencies: dict[str, int] = {}
        months: dict[str, int] = {}
        for i in result.ids:
            a = self.library._articles[i]
            for t in a.tags:
                tags[(t.name, t.kind)] = tags.get((t.name, t.kind), 0) + 1
            if a.agency:
                agencies[a.agency] = agencies.get(a.agency, 0) + 1
            if a.date:
                months[a.date[:7]] = months.get(a.date[:7], 0) + 1
        return Facets(
            sorted(((n, k, c) for (n, k), c in tags.items()), key=lambda x: -x[2]),
            sorted(agencies.items(), key=lambda x: -x[1]),
            [("exemple.fr", len(result.ids))],
            sorted(months.items()),
        )

    def row(self, article_id: str) -> Row:
        a = self.library._articles[article_id]
        est = a.date is None and a.date_estimate is not None
        label = a.date or (
            f"≈{a.date_estimate.earliest[:7]}"
            if a.date_estimate and a.date_estimate.earliest
            else ""
        )
        return Row(a.id, a.title, a.date, est, label, [t.name for t in a.tags], a.agency, a.site)

    def highlights(self, art: Article, result_or_query: Any) -> Highlights:
        query = getattr(result_or_query, "query", result_or_query)
        words = [fold(v) for f, v in self._terms(query) if f is None]

        def spans(text: str) -> list[tuple[int, int]]:
            folded = fold(text)
            out = []
            if len(folded) != len(text):
                return out
            for w in words:
                for m in re.finditer(re.escape(w), folded):
                    out.append((m.start(), m.end()))
            return sorted(out)

        title = spans(art.title)
        teaser = spans(art.teaser)
        body = [spans(b.text) for b in art.body]
        count = len(title) + sum(len(b) for b in body) + (0 if art.body else len(teaser))
        return Highlights(title, teaser, body, count)


def fake_pair(articles: list[Article] | None = None) -> tuple[FakeLibrary, FakeEngine]:
    """A fake library and engine over the given articles (the sample ones by default)."""
    lib = FakeLibrary(sample_articles() if articles is None else articles)
    return lib, FakeEngine(lib)


# Real libraries -------------------------------------------------------------------------


def build_sample_library(directory: Path) -> Path:
    """A real library in `directory` holding the bundled sample archive, with its index."""
    from archive.read.importer import import_paths, sample_archive_dir
    from archive.search.engine import SearchEngine
    from archive.store.library import Library

    library = Library.open(directory)
    import_paths(library, [sample_archive_dir()])
    SearchEngine(library)  # builds the index now rather than in every test
    library.close()
    return directory


def build_library(directory: Path, articles: list[Article]) -> Path:
    """A real library in `directory` holding these articles."""
    from archive.search.engine import SearchEngine
    from archive.store.library import Library

    library = Library.open(directory)
    library.write_articles(articles)
    SearchEngine(library)
    library.close()
    return directory


def open_real_app(directory: Path, *, fixed_clock: bool = False, notice: str | None = None) -> Any:
    """The app on the library in `directory`; fixed_clock makes query times constant (snapshots)."""
    from archive.search.engine import SearchEngine
    from archive.store.library import Library
    from tui.app import make_app

    library = Library.open(directory)
    engine: Any = SearchEngine(library)
    if fixed_clock:
        engine = FixedTimeEngine(engine)
    return make_app(library, engine, notice=notice)


class FixedTimeEngine:
    """A SearchEngine whose results always say they took 1.0 ms (for stable snapshots)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def search(self, query: str, **kwargs: Any) -> Any:
        import dataclasses

        return dataclasses.replace(self._engine.search(query, **kwargs), elapsed_ms=1.0)


async def settle(pilot: Any) -> None:
    """Wait until no query is pending and every worker is done, then for a refresh."""
    import asyncio

    app = pilot.app
    for _ in range(500):
        await pilot.pause()
        if app.search_idle and not any(
            w.is_running
            for w in app.workers
            if w.group in ("search", "writes", "import", "export", "warm")
        ):
            break
        await asyncio.sleep(0.01)
    await pilot.pause()


# Pytest fixtures (import them into a test module to use them) ------------------------------


@pytest.fixture(scope="session", name="sample_library_template")
def sample_library_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive imported once per test session."""
    return build_sample_library(tmp_path_factory.mktemp("sample") / "library")


@pytest.fixture(name="sample_library")
def sample_library_fixture(sample_library_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample library for one test."""
    import shutil

    target = tmp_path / "library"
    shutil.copytree(sample_library_template, target, ignore=shutil.ignore_patterns(".lock"))
    return target


@pytest.fixture(name="hostile_library")
def hostile_library_fixture(tmp_path: Path) -> Path:
    """A library whose titles, tags and agencies are markup and escape sequences."""
    return build_library(tmp_path / "hostile", hostile_articles() + sample_articles()[:2])
