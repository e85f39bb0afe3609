"""The user's marks as the browser shows them, written to the library off the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from archive.store.library import LibraryError
from archive.text import clean_line
from tui.widgets.article_view import ArticleState

if TYPE_CHECKING:
    from textual.app import App

    from tui.host import Host


def one_line(error: BaseException) -> str:
    """An exception as one clean line for a notification."""
    return clean_line(str(error).splitlines()[0] if str(error) else type(error).__name__)


class MarkKeeper:
    """Read, starred and own tags per article: shown at once, saved by one writer at a time.

    Settings and saved searches are saved the same way (save()).

    A write that fails (another manchette holds the library, a full disk) is reported and
    the mark is kept for this session.
    """

    def __init__(self, app: App[None], library: Callable[[], Any]) -> None:
        self.app = app  # for its workers and notices
        self._library = library  # the library the app has open now
        self._states: dict[str, ArticleState] = {}
        self.write_lock = threading.Lock()  # one library write at a time (imports take it too)

    def load(self, library: Any) -> None:
        """Take the marks the library holds (at start)."""
        self._states = {
            article_id: ArticleState(state.read, state.starred, tuple(state.tags))
            for article_id, state in library.all_user_states().items()
        }

    def state_of(self, article_id: str) -> ArticleState:
        return self._states.get(article_id) or ArticleState()

    def change(self, article_id: str, **changes: Any) -> ArticleState:
        """Apply read=, starred= or tags= to one article and save what changed."""
        old = self.state_of(article_id)
        new = ArticleState(
            changes.get("read", old.read),
            changes.get("starred", old.starred),
            tuple(changes.get("tags", old.tags)),
        )
        self._states[article_id] = new
        library = self._library()
        if new.read != old.read:
            self.save("the read mark", library.set_read, article_id, new.read, refresh=True)
        if new.starred != old.starred:
            self.save("the star", library.set_starred, article_id, new.starred, refresh=True)
        if new.tags != old.tags:
            # What changed, not the whole list: a tag another manchette added meanwhile stays.
            added = [tag for tag in new.tags if tag not in old.tags]
            removed = [tag for tag in old.tags if tag not in new.tags]
            change = partial(library.change_user_tags, article_id, added, removed)
            self.save("your tags", change, recount=True)
        return new

    def change_many(
        self,
        article_ids: list[str],
        *,
        read: bool | None = None,
        starred: bool | None = None,
        tag: str | None = None,
        add_tag: bool = True,
    ) -> None:
        """Set read= or starred=, or add (or remove) one own tag, on many articles; one write."""
        for article_id in article_ids:
            old = self.state_of(article_id)
            tags = old.tags
            if tag is not None:
                tags = (*tags, tag) if add_tag and tag not in tags else tags
                tags = tags if add_tag else tuple(t for t in tags if t != tag)
            self._states[article_id] = ArticleState(
                old.read if read is None else read,
                old.starred if starred is None else starred,
                tags,
            )

        def change(state: Any) -> Any:
            tags = list(state.tags)
            if tag is not None and add_tag and tag not in tags:
                tags.append(tag)
            elif tag is not None and not add_tag:
                tags = [t for t in tags if t != tag]
            return replace(
                state,
                read=state.read if read is None else read,
                starred=state.starred if starred is None else starred,
                tags=tags,
            )

        library = self._library()
        what = "the marks" if tag is None else "your tags"
        self.save(
            what,
            library.change_states,
            list(article_ids),
            change,
            refresh=True,
            recount=tag is not None,
        )

    def save(
        self,
        what: str,
        write: Callable[..., Any],
        *args: Any,
        refresh: bool = False,
        recount: bool = False,
    ) -> None:
        """Run write(*args) in a worker thread.

        refresh: the engine re-reads the marks before the next query. recount: the current
        query also runs again at once (the list keeps its cursor), so that the facets count
        the user's own tags as they are now.
        """
        self.app.run_worker(
            partial(self._save_now, what, write, args, refresh or recount, recount),
            thread=True,
            group="writes",
            exit_on_error=False,
        )

    def _save_now(
        self,
        what: str,
        write: Callable[..., Any],
        args: tuple[Any, ...],
        refresh: bool,
        recount: bool,
    ) -> None:
        app = self.app
        with self.write_lock:
            try:
                write(*args)
            except (LibraryError, OSError) as error:
                app.call_from_thread(self._write_failed, what, error)
                return
        if refresh:
            # The engine re-reads the marks before the next query (is:starred, own tags).
            cast("Host", app).main.query_bar.mark_stale()
        if recount:
            app.call_from_thread(cast("Host", app).main.query_bar.search_again)

    def _write_failed(self, what: str, error: BaseException) -> None:
        self.app.notify(
            f"Could not save {what}: {one_line(error)}. Another manchette may hold the library; "
            "it is kept for this session.",
            markup=False,
            severity="warning",
            timeout=6,
        )
