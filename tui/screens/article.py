"""The article as a full screen (narrow terminals): read, step through matches and articles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from tui.bindings import mark_bindings, reader_bindings
from tui.i18n import N_
from tui.widgets.article_view import ArticleState, ArticleView
from tui.widgets.key_bar import KeyBar

Stepper = Callable[[int], None]


class ArticleScreen(Screen[None]):
    """One article over the whole terminal; Esc goes back to the list."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="article.back", tooltip=N_("Back to the list")),
        Binding("backspace", "back", N_("Back"), show=False, id="article.back_bs"),
        Binding("h", "back", N_("Back"), show=False, id="article.back_h"),
        Binding(
            "right_square_bracket",
            "step(1)",
            N_("Next"),
            id="article.next",
            tooltip=N_("Next article of the filtered list"),
        ),
        Binding(
            "left_square_bracket",
            "step(-1)",
            N_("Prev"),
            id="article.previous",
            show=False,
            tooltip=N_("Previous article of the filtered list"),
        ),
        Binding(
            "v",
            "app.compare_versions",
            N_("Versions"),
            id="article.versions",
            tooltip=N_("Compare the article with its other versions, word by word"),
        ),
        Binding(
            "r",
            "app.open_story",
            N_("Story"),
            id="article.story",
            show=False,
            tooltip=N_("List the article's story (its articles in date order)"),
        ),
        *mark_bindings("article"),
        *reader_bindings("article"),
    ]

    def __init__(self, step: Stepper) -> None:
        super().__init__(id="article-screen")
        self._step = step
        self._pending: tuple[Any, Any, ArticleState] | None = None
        # Made here, not in compose: the view exists as soon as the screen does.
        self._view = ArticleView(id="article-full")

    def compose(self) -> ComposeResult:
        yield self._view
        yield KeyBar()

    @property
    def view(self) -> ArticleView:
        return self._view

    def show(self, article: Any, highlights: Any, state: ArticleState) -> None:
        """Show this article now, or as soon as the screen is composed (it is reused)."""
        if self.is_mounted:
            self.view.show_article(article, highlights, state)
        else:
            self._pending = (article, highlights, state)

    def on_mount(self) -> None:
        if self._pending is not None:
            self.view.show_article(*self._pending)
            self._pending = None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        self._step(delta)
