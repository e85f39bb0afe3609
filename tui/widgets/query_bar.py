"""The query bar: an input that filters as you type and shows a bad query's position inline."""

from __future__ import annotations

import dataclasses
import re
import threading
from dataclasses import dataclass
from typing import Any, Self

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Input, Static

from archive.search.query import QueryError
from archive.text import clean_line
from tui.i18n import _
from tui.messages import FacetsReady, QueryFailed, ResultsReady

FACETS_DELAY = 0.15  # seconds without a keystroke before the facet counts are recomputed
HISTORY_SIZE = 100  # queries kept for ↑ in the query bar
PREFIX_MIN = 3  # letters a half-typed word needs before it is read as a prefix

# The word being typed at the end of the query: read as a prefix when nothing matches it whole.
_TYPED_WORD = re.compile(r"(?:^|[\s(])-?([^\W\d_][^\s\"():«»“”„*]*)$")

# Characters that end a bare value in the query language (archive/search/query.py): quote it then.
_BARE_VALUE = re.compile(r"^[^\s\"():«»“”„*]+$")


def facet_term(field: str, value: str) -> str:
    """The query term selecting `value` in `field`, quoted when it has spaces or syntax."""
    if _BARE_VALUE.match(value):
        return f"{field}:{value}"
    return f'{field}:"{value.replace(chr(34), " ")}"'


def _as_prefix(engine: Any, query: str) -> Any:
    """The results of query with its last word half typed (else None).

    A word of PREFIX_MIN letters or more is read as a prefix ("ukrai" as ukrai*); a shorter
    one stands for thousands of words, so the rest of the query answers until it grows.
    """
    match = _TYPED_WORD.search(query)
    if match is None:
        return None
    if len(match.group(1)) < PREFIX_MIN:
        rest = query[: match.start(1)].rstrip().removesuffix("-").rstrip()
        try:
            result = engine.search(rest)
        except QueryError:
            return None
        return dataclasses.replace(result, query=query)
    try:
        result = engine.search(query + "*")
    except QueryError:
        return None
    return dataclasses.replace(result, query=query) if result.total else None


class QueryInput(Input):
    """The query input; its size is fixed by CSS, so typing never needs a layout pass.

    Input asks for a layout on every change of value (its text width changes); a layout
    redraws every pane of the screen, which would cost more than the search itself.
    """

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        return super().refresh(*regions, repaint=repaint, layout=False, recompose=recompose)


class QueryBar(Vertical):
    """The search input, the error of the last bad query, and the live search behind them.

    Every change of the text asks for a search; one worker thread runs them, the newest
    query first and the stale ones never, and posts ResultsReady / QueryFailed, then
    FacetsReady once typing pauses. The engine is only used from that thread.
    """

    @dataclass
    class Changed(Message):
        """The query text changed."""

        query: str

    def __init__(self, engine: Any, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._engine = engine
        self._generation = 0
        self._pending: tuple[int, str, bool] | None = None
        self._searching = False
        self._refresh_engine = False
        self._count_library = True
        # The query last answered with its last word read as typed ("dro" as dro*): asked
        # again (a tag changed, the app reopened), it gets the same answer, not a blank list.
        self._as_typed: str | None = None
        self._lock = threading.Lock()
        self._wakeup = threading.Condition(self._lock)
        self.history: list[str] = []  # oldest first; the app loads and saves it
        self._history_at: int | None = None  # index in history while ↑/↓ walk it
        self._draft = ""  # what was typed before walking the history
        self._from_history = False

    def compose(self) -> ComposeResult:
        yield QueryInput(
            placeholder=_('Search: words, "a phrase", tag:…, agency:…, date:2025-09 — / to focus'),
            id="query-input",
            select_on_focus=False,
        )
        yield Static(id="query-error", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#query-input", Input)

    @property
    def value(self) -> str:
        return self.input.value

    def set_query(self, query: str, *, as_typed: bool = False) -> None:
        """Replace the query text (this triggers a search).

        as_typed: read its last word as it was read while typed (a query the app reopens with).
        """
        if as_typed:
            with self._lock:
                self._as_typed = query
        self.input.value = query
        self.input.cursor_position = len(query)

    def select_query(self) -> None:
        """Select the whole query: typing replaces it, → or End keeps it to edit."""
        self.input.select_all()

    def remember(self, query: str) -> bool:
        """Put a query at the end of the history (once); True when the history changed."""
        query = query.strip()
        self._history_at = None
        if not query or (self.history and self.history[-1] == query):
            return False
        if query in self.history:
            self.history.remove(query)
        self.history.append(query)
        del self.history[:-HISTORY_SIZE]
        return True

    def history_step(self, delta: int) -> bool:
        """↑ (-1) an older query, ↓ (+1) a newer one; False when ↓ is past the newest."""
        if self._history_at is None:
            if delta > 0 or not self.history:
                return False
            self._draft = self.input.value
            at = len(self.history)
        else:
            at = self._history_at
        at = max(0, at + delta)
        if at >= len(self.history):
            self._history_at = None
            self._show(self._draft)
            return True
        self._history_at = at
        self._show(self.history[at])
        return True

    def _show(self, query: str) -> None:
        self._from_history = True
        self.set_query(query)

    def add_term(self, term: str) -> None:
        """Append a term to the query unless it is already there; remove it if it is."""
        query = self.input.value.strip()
        pattern = re.compile(r"(?:^|\s)" + re.escape(term) + r"(?=\s|$)")
        if pattern.search(query):
            query = " ".join(pattern.sub(" ", query).split())
        else:
            query = f"{query} {term}".strip()
        self.set_query(query)

    def show_error(self, query: str, message: str, position: int) -> None:
        """Show where the query is wrong: a caret under the position and the message."""
        error = self.query_one("#query-error", Static)
        position = max(0, min(position, len(query)))
        scroll = int(self.input.scroll_x)
        column = 1 + position - scroll
        width = max(10, self.size.width)
        note = _("position {position}: {message}").format(
            position=position, message=clean_line(message)
        )
        if column >= 0 and column + 2 + len(note) <= width:
            text = Text(no_wrap=True, end="")
            text.append(" " * column)
            text.append("^ ", "bold")
            text.append(note)
        else:  # wrapped over up to three lines (app.tcss) rather than cut
            text = Text(f"✗ {note}", end="", overflow="ellipsis")
        error.update(text)
        self.add_class("-error")

    def clear_error(self) -> None:
        """Hide the error line."""
        if self.has_class("-error"):
            self.query_one("#query-error", Static).update("")
            self.remove_class("-error")

    @on(Input.Changed, "#query-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._from_history:
            self._from_history = False
        else:
            self._history_at = None
        self.post_message(self.Changed(event.value))
        # Typed in the bar: the last word may be half written ("ukrai").
        self.search(event.value, typing=self.input.has_focus)

    # Live search ----------------------------------------------------------------
    @property
    def search_idle(self) -> bool:
        """True when no query (or facet count) is waiting or running."""
        with self._lock:
            return self._pending is None and not self._searching

    def search(self, query: str, *, typing: bool = False) -> None:
        """Search for `query` off the input path; only the newest pending query runs.

        typing: the query is being typed, so when nothing matches its last word whole, that
        word is read as a prefix ("ukrai" as ukrai*), or left out while shorter than
        PREFIX_MIN letters, rather than blanking the list.
        """
        self._generation += 1
        with self._lock:
            typing = typing or query == self._as_typed
            self._pending = (self._generation, query, typing)
            start = not self._searching
            self._searching = True
            self._wakeup.notify_all()
        if start:
            self._search_worker()

    def mark_stale(self) -> None:
        """Have the engine re-read the user's marks before the next query (thread-safe)."""
        with self._lock:
            self._refresh_engine = True

    def search_again(self) -> None:
        """Run the current query again with the user's latest marks (the list keeps its cursor)."""
        self.mark_stale()
        self.search(self.value)

    def reload(self) -> None:
        """Reload the engine and recount the library (after an import), then search again."""
        with self._lock:
            self._refresh_engine = self._count_library = True
        self.search(self.value)

    @work(thread=True, group="search", exit_on_error=False)
    def _search_worker(self) -> None:
        engine = self._engine
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                refresh, self._refresh_engine = self._refresh_engine, False
                count, self._count_library = self._count_library, False
                if job is None:
                    self._searching = False
                    return
            if refresh:
                engine.refresh()
            generation, query, typing = job
            try:
                result = engine.search(query)
                if typing and not result.total:
                    as_typed = _as_prefix(engine, query)
                    if as_typed is not None:
                        result = as_typed
                        with self._lock:
                            self._as_typed = query
            except QueryError as error:
                self.post_message(QueryFailed(generation, query, error.message, error.position))
                continue
            except Exception as error:  # an engine bug: say so, and keep the app usable
                self.log.error("search failed", query, error)
                failure = _("search failed: {error}").format(
                    error=clean_line(str(error)) or type(error).__name__
                )
                self.post_message(QueryFailed(generation, query, failure, 0))
                continue
            library_total = None
            if count:
                # The engine counts from its index; len(library) would parse every article.
                everything = result if not query.strip() else engine.search("", limit=0)
                library_total = everything.total
            self.post_message(ResultsReady(generation, query, result, library_total))
            # Facets wait until typing pauses: a keystroke meanwhile skips them.
            with self._wakeup:
                self._wakeup.wait_for(lambda: self._pending is not None, FACETS_DELAY)
                newer = self._pending is not None
            if not newer:
                self.post_message(FacetsReady(generation, engine.facets(result)))
