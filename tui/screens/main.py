"""The main screen: query bar, facets and timeline, the result list, a preview and the status line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from archive.text import clean_line
from tui.bindings import list_habit_bindings, mark_bindings, reader_bindings
from tui.i18n import N_, _
from tui.screens.article import ArticleScreen
from tui.screens.export import ExportScreen
from tui.screens.prompt import PromptScreen
from tui.threads import STORY_PREFIX, is_story_row, thread_ids
from tui.widgets.article_view import ArticleView
from tui.widgets.empty_state import EmptyState
from tui.widgets.facet_list import FacetList
from tui.widgets.import_progress import ImportProgress
from tui.widgets.key_bar import KeyBar
from tui.widgets.query_bar import QueryBar
from tui.widgets.result_list import MarksGetter, ResultList
from tui.widgets.selection_list import SelectableResultList
from tui.widgets.status_line import StatusLine
from tui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui.host import Host

WIDE = 100  # columns from which the sidebar is shown by default
PREVIEW = 120  # columns from which the preview pane is shown (below, articles open full screen)
_PREVIEW_DELAY = 0.04  # seconds the cursor must rest before the preview follows it


def no_results_message(query: str) -> list[Text]:
    """What the list says when nothing matches: the query, and a shorter one to try."""
    shown = clean_line(query)
    lines = [
        Text(""),
        Text.assemble("  " + _("No article matches") + " ", (f"“{shown}”", "bold"), "."),
    ]
    terms = shown.split()
    if len(terms) > 1:
        lines.append(
            Text.assemble(
                "  " + _("Try removing a term, e.g.") + " ", (f"“{' '.join(terms[:-1])}”", "bold")
            )
        )
    lines.append(Text("  " + _("/ types a new query (↑ an older one); Esc on the list clears it.")))
    return lines


class Sidebar(Vertical):
    """The facets above the timeline; the screen shares its height between them."""

    class Resized(Message):
        """The sidebar's height changed (shown, hidden, the terminal resized)."""

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())


class MainScreen(Screen[None]):
    """Browse the library: type to filter, move with j/k, Enter to read."""

    # The query bar keys are priority bindings so that they act before the next key is
    # dispatched: "/kremlin" typed fast lands in the bar, "Enter" then "j" moves the list.
    BINDINGS = [
        Binding(
            "slash",
            "focus_query",
            N_("Search"),
            id="main.search",
            tooltip=N_("A new query: the old one is selected, typing replaces it (→ edits it)"),
            priority=True,
        ),
        Binding(
            "enter",
            "leave_query",
            N_("To the list"),
            id="main.query_enter",
            priority=True,
            tooltip=N_("In the query bar: go to the list"),
        ),
        Binding(
            "down",
            "query_down",
            N_("To the list"),
            id="main.query_down",
            show=False,
            priority=True,
            tooltip=N_("In the query bar: a newer query of the history, else go to the list"),
        ),
        Binding(
            "up",
            "query_up",
            N_("Older query"),
            id="main.query_up",
            show=False,
            priority=True,
            tooltip=N_("In the query bar: the previous query of the history (kept across runs)"),
        ),
        Binding(
            "escape",
            "back",
            N_("Back/clear"),
            id="main.back",
            show=False,
            priority=True,
            tooltip=N_(
                "Back to the list (the query stays); on the list, clear the query (↑ in the bar brings it back)"
            ),
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            N_("Next"),
            id="main.next",
            show=False,
            tooltip=N_("Open the next article of the filtered list"),
        ),
        Binding(
            "left_square_bracket",
            "step(-1)",
            N_("Prev"),
            id="main.previous",
            show=False,
            tooltip=N_("Open the previous article of the filtered list"),
        ),
        Binding(
            "o",
            "open_full",
            N_("Full screen"),
            id="main.full",
            show=False,
            tooltip=N_("Open the article over the whole terminal"),
        ),
        *mark_bindings("main"),
        *reader_bindings("main"),
        *list_habit_bindings(),
        Binding(
            "S",
            "save_search",
            N_("Save search"),
            id="main.save",
            show=False,
            tooltip=N_("Save the query under a name"),
        ),
        Binding(
            "e",
            "export",
            N_("Export"),
            id="main.export",
            show=False,
            tooltip=N_("Export the results: Markdown, JSON or CSV"),
        ),
        Binding(
            "f",
            "toggle_facets",
            N_("Facets"),
            id="main.facets",
            tooltip=N_("Show or hide the facets and the timeline"),
        ),
        Binding(
            "z",
            "app.toggle_threads",
            N_("Stories"),
            id="main.threads",
            tooltip=N_("Thread the list by story (one row per story), or list every article"),
        ),
        Binding(
            "r",
            "app.open_story",
            N_("Story"),
            id="main.story",
            show=False,
            tooltip=N_("List the article's story (its articles in date order)"),
        ),
        Binding(
            "v",
            "app.compare_versions",
            N_("Versions"),
            id="main.versions",
            show=False,
            tooltip=N_("Compare the article with its other versions, word by word"),
        ),
        Binding(
            "i",
            "app.import_sample",
            N_("Import sample"),
            id="main.import_sample",
            tooltip=N_("Import the bundled sample archive (empty library)"),
        ),
    ]

    def __init__(self, engine: Any, marks_getter: MarksGetter, library_dir: str) -> None:
        super().__init__(id="main")
        self._engine = engine
        self._marks_getter = marks_getter
        self._library_dir = library_dir
        self._sidebar_choice: bool | None = None
        self._preview_timer: Timer | None = None
        self.library_empty = False
        self._listed_query: str | None = None
        self._listed: Any = None  # the result shown, kept to thread or unthread it
        self._story_return: tuple[str, str] | None = None  # (story query, the query before)

    def compose(self) -> ComposeResult:
        yield QueryBar(self._engine, id="query-bar")
        with Horizontal(id="panes"):
            with Sidebar(id="sidebar"):
                yield FacetList(id="facets")
                yield Timeline(id="timeline")
            with Vertical(id="results"):
                yield SelectableResultList(
                    self._engine.row,
                    self._marks_getter,
                    is_selected=self.manchette.is_selected,
                    id="result-list",
                )
                yield EmptyState(self._library_dir, id="empty-state")
            yield ArticleView(id="preview")
        yield ImportProgress(id="import-progress")
        yield StatusLine(id="status")
        yield KeyBar()

    # Widgets -----------------------------------------------------------------
    @property
    def manchette(self) -> Host:
        return cast("Host", self.app)

    @property
    def query_bar(self) -> QueryBar:
        return self.query_one("#query-bar", QueryBar)

    @property
    def result_list(self) -> ResultList:
        return self.query_one("#result-list", ResultList)

    @property
    def preview(self) -> ArticleView:
        return self.query_one("#preview", ArticleView)

    @property
    def import_progress(self) -> ImportProgress:
        return self.query_one("#import-progress", ImportProgress)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def is_narrow(self) -> bool:
        """True when the article opens as a full screen (no preview pane)."""
        return self.has_class("-narrow")

    class Ready(Message):
        """The screen is composed: the app can fill it."""

    def on_mount(self) -> None:
        self.result_list.tags_getter = lambda article_id: self.manchette.state_of(article_id).tags
        self.preview.border_title = _("Article")
        self.query_one("#facets", FacetList).border_title = _("Facets")
        self.query_one("#timeline", Timeline).border_title = _("Timeline")
        self._apply_layout(self.app.size.width)
        self.result_list.focus()
        self.post_message(self.Ready())

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        self.set_class(width < PREVIEW, "-narrow")
        show_sidebar = self._sidebar_choice if self._sidebar_choice is not None else width >= WIDE
        self.set_class(not show_sidebar, "-no-sidebar")
        self.call_after_refresh(self._keep_focus_visible)

    def _keep_focus_visible(self) -> None:
        """A pane that a resize hid must not keep the keyboard."""
        focused = self.focused
        if (focused is None or not focused.is_on_screen) and not self.library_empty:
            self.set_focus(self.result_list)

    def set_library_empty(self, empty: bool) -> None:
        """Show how to import (empty library) or the list."""
        self.library_empty = empty
        self.set_class(empty, "-empty")
        self.refresh_bindings()
        if empty:
            self.query_one("#empty-state", EmptyState).focus()
        elif self.focused is None or self.focused.id == "empty-state":
            self.result_list.focus()

    # Called by the app when workers report -------------------------------------
    def show_results(self, result: Any, total: int) -> None:
        """Show a new result set: a new query starts at the top, the same one keeps the cursor."""
        self.query_bar.clear_error()
        result_list = self.result_list
        result_list.empty_message = no_results_message(result.query)
        same_query = result.query == self._listed_query
        self._listed_query = result.query
        self._listed = result
        ids = thread_ids(self._engine, result.ids) if self.manchette.threaded else result.ids
        result_list.set_ids(ids, keep=result_list.current_id if same_query else None)
        status = self.status
        status.shown = result.total
        status.total = total
        status.elapsed_ms = result.elapsed_ms
        parsed = getattr(result, "parsed", None)
        status.period = clean_line(" · ".join(parsed.periods())) if parsed is not None else ""
        status.pending = False
        if not result.ids:
            self.preview.clear(_("No article to show."))

    def rethread(self) -> None:
        """Show the same results threaded by story or not (after the z key)."""
        result = self._listed
        if result is not None:
            ids = thread_ids(self._engine, result.ids) if self.manchette.threaded else result.ids
            current = self.result_list.current_id
            self.result_list.set_ids(ids, keep=current)

    def show_story(self, query: str) -> None:
        """List a story's articles; Esc on the list goes back to the query before."""
        before = self.query_bar.value
        if before != query:
            self._story_return = (query, before)
        self.query_bar.set_query(query)
        self.set_focus(self.result_list)

    def show_facets(self, facets: Any) -> None:
        """Redraw the sidebar counts for the current results."""
        self.query_one("#facets", FacetList).show(facets=facets)
        estimated = getattr(facets, "months_estimated", {})
        self.query_one("#timeline", Timeline).show(list(facets.months), estimated)
        self._size_sidebar()

    @on(Sidebar.Resized)
    def _size_sidebar(self) -> None:
        """The timeline as tall as its months, unless the facets need that room: then a third."""
        height = self.query_one("#sidebar").size.height
        timeline = self.query_one("#timeline", Timeline)
        if not height or not timeline.option_count:  # hidden, or no counts yet
            return
        wanted = max(1, timeline.option_count) + 2  # and its border
        facets = self.query_one("#facets", FacetList).option_count + 2
        rows = max(min(wanted, height - facets), min(wanted, height // 3), 3)
        if timeline.styles.height is None or timeline.styles.height.value != rows:
            timeline.styles.height = rows

    def show_saved_searches(self, saved: dict[str, str]) -> None:
        """List the saved searches in the sidebar."""
        self.query_one("#facets", FacetList).show(saved=saved)

    def show_query_error(self, query: str, message: str, position: int) -> None:
        """Show a bad query inline; the last good results stay."""
        self.query_bar.show_error(query, message, position)
        self.status.pending = False

    # Events from the widgets --------------------------------------------------
    @on(QueryBar.Changed)
    def _query_changed(self, event: QueryBar.Changed) -> None:
        self.status.pending = True

    @on(ResultList.Highlighted)
    def _highlighted(self, event: ResultList.Highlighted) -> None:
        if self.is_narrow:
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(_PREVIEW_DELAY, self._follow_cursor)

    def _follow_cursor(self) -> None:
        article_id = self.result_list.current_id
        if article_id is not None and article_id != self.preview.article_id:
            self.preview_article(article_id)

    @on(ResultList.Selected)
    def _selected(self, event: ResultList.Selected) -> None:
        if is_story_row(event.article_id):
            self.manchette.open_story(event.article_id[len(STORY_PREFIX) :])
            return
        self.open_article(event.article_id)

    @on(FacetList.Chosen)
    def _facet_chosen(self, event: FacetList.Chosen) -> None:
        if event.choice.kind == "saved":
            self.query_bar.set_query(event.choice.value)
        else:
            self.query_bar.add_term(event.choice.value)

    @on(Timeline.Chosen)
    def _month_chosen(self, event: Timeline.Chosen) -> None:
        self.query_bar.add_term(event.term)

    # Actions ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "save_search", "toggle_facets"):
            return not self.library_empty
        in_query = self.focused is self.query_bar.input
        if action in ("leave_query", "query_down", "query_up"):
            return in_query
        if action == "focus_query":
            return not in_query and not isinstance(self.focused, Input)
        return True

    def action_focus_query(self) -> None:
        """A new query: the old one is selected, so typing replaces it (→ keeps it to edit)."""
        self.set_focus(self.query_bar.input)
        self.query_bar.select_query()

    def action_leave_query(self) -> None:
        self.manchette.remember_query(self.query_bar.value)
        self.set_focus(self.result_list)

    def action_query_up(self) -> None:
        self.query_bar.history_step(-1)

    def action_query_down(self) -> None:
        if not self.query_bar.history_step(1):
            self.action_leave_query()

    def action_back(self) -> None:
        focused: Widget | None = self.focused
        if self.library_empty:
            return
        if focused is self.query_bar.input:
            self.action_leave_query()
        elif focused is not self.result_list:
            self.set_focus(self.result_list)
        elif self.manchette.drop_selection():
            return
        elif self._story_return is not None and self._story_return[0] == self.query_bar.value:
            self.query_bar.set_query(self._story_return[1])  # back from a story's articles
            self._story_return = None
        elif self.query_bar.value:
            self.manchette.remember_query(self.query_bar.value)
            self.query_bar.set_query("")
            self.notify(_("Query cleared: / then ↑ brings it back."), markup=False, timeout=3)

    def action_open_full(self) -> None:
        article_id = self.manchette.current_article_id()
        if article_id is not None:
            self.open_article(article_id, full_screen=True)

    def action_step(self, delta: int) -> None:
        self.step_article(delta)

    def action_toggle_facets(self) -> None:
        self._sidebar_choice = self.has_class("-no-sidebar")
        self._apply_layout(self.size.width or self.app.size.width)
        if self._sidebar_choice:
            self.query_one("#facets", FacetList).focus()
        elif self.focused is not None and self.focused.id in ("facets", "timeline"):
            self.result_list.focus()

    # Reading --------------------------------------------------------------------
    def preview_article(self, article_id: str) -> None:
        """Show an article in the preview pane without marking it read."""
        if is_story_row(article_id):
            self.preview.clear(_("A story: Enter lists its articles in date order."))
            return
        loaded = self.manchette.load_article(article_id)
        if loaded is not None:
            self.preview.show_article(*loaded, self.manchette.state_of(article_id))

    def open_article(self, article_id: str, *, full_screen: bool = False) -> None:
        """Open an article (full screen when narrow or asked, else the preview pane); mark it read."""
        app, host = self.app, self.manchette
        if is_story_row(article_id):
            host.open_story(article_id[len(STORY_PREFIX) :])
            return
        loaded = host.load_article(article_id)
        if loaded is None:
            return
        state = host.mark_opened(article_id)
        if isinstance(app.screen, ArticleScreen):
            app.screen.view.show_article(*loaded, state)
        elif self.is_narrow or full_screen:
            screen = self._article_screen()
            screen.show(*loaded, state)
            app.push_screen(screen)
        else:
            self.preview.show_article(*loaded, state)
            self.preview.focus()

    def _article_screen(self) -> ArticleScreen:
        """The full-screen article, composed once and reused (opening stays fast)."""
        app = self.app
        if not app.is_screen_installed("article"):
            app.install_screen(ArticleScreen(self.step_article), "article")
        screen = app.get_screen("article")
        assert isinstance(screen, ArticleScreen)
        return screen

    def step_article(self, delta: int) -> None:
        """Open the next (1) or previous (-1) article of the filtered list."""
        result_list = self.result_list
        target = result_list.cursor + delta
        if not 0 <= target < len(result_list.ids):
            self.notify(_("No more articles in this direction."), markup=False, timeout=2)
            return
        result_list.set_cursor(target)
        article_id = result_list.current_id
        if article_id is not None:
            self.open_article(article_id)

    # Saving the query, exporting the results ---------------------------------------
    def action_save_search(self) -> None:
        query = self.query_bar.value.strip()
        if not query:
            self.notify(_("Type a query first, then S saves it."), markup=False, severity="warning")
            return

        def done(name: str | None) -> None:
            if name:
                self.manchette.save_search(clean_line(name), query)

        hint = Text.assemble(_("Query:") + " ", (clean_line(query), "bold"))
        self.app.push_screen(PromptScreen(_("Save this search"), hint, placeholder=_("name")), done)

    def action_export(self) -> None:
        result = self.manchette.result
        if result is None or not result.ids:
            self.notify(
                _("Nothing to export: the list is empty."), markup=False, severity="warning"
            )
            return
        ids = self.manchette.selected_ids() or list(result.ids)  # the selection, if any
        self.app.push_screen(ExportScreen(self.manchette.library, ids, result.query))
