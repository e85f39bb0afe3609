"""What the App's mixins (habits, hand-off) may use of ManchetteApp, spelled out for the type checker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from tui.config import Config
    from tui.marks import MarkKeeper
    from tui.screens.main import MainScreen
    from tui.widgets.article_view import ArticleState

    _AppBase = App[None]
else:
    _AppBase = object


class AppParts(_AppBase):
    """A base for the App's mixins: at run time nothing; for mypy, ManchetteApp's parts they use."""

    if TYPE_CHECKING:
        library: Any
        result: Any
        config: Config
        saved_searches: dict[str, str]
        marks_keeper: MarkKeeper
        threaded: bool

        @property
        def main(self) -> MainScreen:
            raise NotImplementedError

        def state_of(self, article_id: str) -> ArticleState:
            raise NotImplementedError

        def _set_state(self, article_id: str, **changes: Any) -> ArticleState:
            raise NotImplementedError

        def open_story(self, story_id: str) -> None:
            raise NotImplementedError

        def current_article_id(self) -> str | None:
            raise NotImplementedError

        def mark_opened(self, article_id: str) -> ArticleState:
            raise NotImplementedError
