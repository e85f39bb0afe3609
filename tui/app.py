"""The manchette browser: the App that wires the library and the search engine to the screens."""

from __future__ import annotations

import gc
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from archive.names import show_path
from archive.shown import bounded
from archive.store.library import LibraryError
from archive.text import clean_line
from tui.config import Config, date_formatter
from tui.habits import ReaderHabits
from tui.handoff import HandOff
from tui.i18n import N_, _
from tui.marks import MarkKeeper, one_line
from tui.messages import FacetsReady, QueryFailed, ResultsReady
from tui.palette import ManchetteCommands
from tui.screens.article import ArticleScreen
from tui.screens.help import HelpScreen, help_sections
from tui.screens.main import MainScreen
from tui.screens.prompt import PromptScreen
from tui.settings import HABIT_ACTIONS, apply_keymap, binding_ids
from tui.story_reading import StoryReading
from tui.view_engine import ViewEngine
from tui.widgets.article_view import ArticleState, ArticleView
from tui.widgets.import_progress import ImportProgress

ANSI_THEME = "ansi-dark"  # the terminal's own 16 colours
COLLECT_EVERY_S = 5.0  # full garbage collections happen on this timer, between keystrokes
FULL_COLLECTION_NEVER = 1_000_000  # gen2 threshold that leaves full collections to the timer


class ManchetteApp(ReaderHabits, HandOff, StoryReading, App[None]):
    """A keyboard-driven browser for a library of French news articles.

    Driving it from tests and benchmarks: `make_app(library, engine).run_test()`. After a
    query is typed, `shown_query` becomes that query once the list shows its results
    (`result_count` is their total); `answered_query` becomes it once either its results or
    its error are on screen; `search_idle` is True when no query (or facet count) is pending;
    `shown_article_id` is the article last drawn in the preview or the article screen.
    """

    CSS_PATH = "app.tcss"
    TITLE = "manchette"
    COMMANDS = {ManchetteCommands}  # its own theme, help and quit commands replace Textual's
    BINDINGS = [
        Binding("question_mark", "help", N_("Help"), id="app.help", tooltip=N_("All keys")),
        Binding("f1", "help", N_("Help"), show=False, id="app.f1"),
        Binding(
            "ctrl+p",
            "command_palette",
            N_("Palette"),
            show=False,
            id="app.palette",
            tooltip=N_("Command palette: tags, months, saved searches, export, theme, import"),
        ),
        Binding("colon", "command_palette", N_("Palette"), show=False, id="app.colon"),
        Binding("tab", "focus_next", N_("Next pane"), show=False, id="app.next_pane"),
        Binding("shift+tab", "focus_previous", N_("Previous pane"), show=False, id="app.prev_pane"),
        Binding("q", "quit", N_("Quit"), id="app.quit"),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, id="app.ctrl_q"),
    ]

    def __init__(
        self,
        library: Any,
        engine: Any,
        *,
        notice: str | None = None,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.config = config if config is not None else Config()
        self.init_habits(self.config.sort)
        # Searches take the sort chosen for the query; rows show the configured date format.
        self.engine = ViewEngine(engine, self.sort_for, date_formatter(self.config.date_format))
        self.notice = notice
        self.result: Any = None
        self.facets: Any = None
        self.saved_searches: dict[str, str] = {}
        self.shown_query: str | None = None
        self.answered_query: str | None = None
        self.result_count = 0
        self.shown_article_id: str | None = None
        self.library_size = 0
        self.marks_keeper = MarkKeeper(self, lambda: self.library)
        self._shown_generation = 0
        self._collect_timer: Timer | None = None
        self._gc_threshold: tuple[int, int, int] | None = None
        self.failure: str | None = None  # why the app stopped, when the library failed it
        self._auto_theme = False

    # Startup ------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """A damaged or unreadable library ends the app with its one-line message, not a traceback.

        The command line prints `failure` after the screen is restored (tui/cli.py).
        """
        cause = getattr(error, "error", error)  # a WorkerFailed carries the worker's error
        if isinstance(cause, LibraryError | OSError):
            self.failure = library_failure(cause)
            self.exit(return_code=1)
            return
        super()._handle_exception(error)

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen(self.engine, self.marks, show_path(self.library.directory))

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        config = self.config
        config.check_theme(self.available_themes)
        config.check_keys(binding_ids(help_sections(self.BINDINGS)))
        # The config file's theme is the user's standing choice; else the last one picked;
        # else, on a 16-colour terminal, the terminal's own colours (an RGB accent brought
        # down to 16 colours reads as red, like an error).
        theme = config.theme or self.library.get_setting("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        elif sixteen_colours(self):
            self._auto_theme = True
            self.theme = ANSI_THEME
        if config.keymap:
            self.set_keymap(config.keymap)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    @on(MainScreen.Ready)
    def _main_ready(self) -> None:
        self._load_library_state()
        self.main.show_saved_searches(self.saved_searches)
        last_query = self.library.get_setting("last_query") or ""
        if isinstance(last_query, str) and last_query:
            self.main.query_bar.set_query(last_query, as_typed=True)
        else:
            self.request_search("")
        # Versions and stories are read (or built, once) off the UI thread: opening the first
        # article or threading the list then finds them ready.
        self.run_worker(self._warm_groups, thread=True, group="warm", exit_on_error=False)
        if self.notice:
            self.notify(clean_line(self.notice), markup=False, severity="warning", timeout=8)
        for error in self.config.errors:  # the app starts all the same, without that setting
            self.notify(error, markup=False, severity="error", timeout=12)

    def _warm_groups(self) -> None:
        self.warm_groups()
        # The groups live as long as the app: kept out of the collector's walks like the index
        # (a full collection over them took 110 ms at 100k, enough to delay an opening).
        self.call_from_thread(self._tame_collector)

    def _load_library_state(self) -> None:
        self.marks_keeper.load(self.library)
        self.saved_searches = dict(self.library.saved_searches())
        self.load_habits()
        history = self.library.get_setting("query_history") or []
        if isinstance(history, list):
            self.main.query_bar.history = [q for q in history if isinstance(q, str)]

    def remember_query(self, query: str) -> None:
        """Keep a query in the history (↑ in the query bar), saved with the user's state."""
        bar = self.main.query_bar
        if bar.remember(query):
            history = list(bar.history)
            self.marks_keeper.save(N_("the query history"), self.library.set_setting,
                                   "query_history", history)  # fmt: skip

    def _tame_collector(self) -> None:
        """Keep full garbage collections out of keystrokes.

        The library and the index live as long as the app: freezing them keeps the collector
        from walking their million objects again; the remaining full collections run on a
        timer when no query is running instead of in the middle of a keystroke (50-100 ms).
        """
        gc.freeze()
        if self._collect_timer is None:
            self._gc_threshold = gc.get_threshold()
            gen0, gen1, _ = self._gc_threshold
            gc.set_threshold(gen0, gen1, FULL_COLLECTION_NEVER)
            self._collect_timer = self.set_interval(COLLECT_EVERY_S, self._collect_when_idle)

    def on_unmount(self) -> None:
        if self._gc_threshold is not None:  # leave the process as we found it
            gc.set_threshold(*self._gc_threshold)
            gc.unfreeze()

    def _collect_when_idle(self) -> None:
        if self.closing:  # the timer can fire while the screens are being taken down
            return
        if self.search_idle and not self.main.import_progress.running:
            gc.collect()

    def _theme_changed(self, theme: Theme) -> None:
        if self._auto_theme:  # chosen for this terminal, not by the user: not remembered
            self._auto_theme = False
            return
        self.marks_keeper.save(N_("the theme"), self.library.set_setting, "theme", theme.name)

    # Searching (one worker thread at a time; the newest query wins) ---------------
    @property
    def search_idle(self) -> bool:
        """True when no query (or facet count) is waiting or running."""
        return self.main.query_bar.search_idle

    def request_search(self, query: str) -> None:
        """Search for `query` off the input path (the query bar runs it)."""
        self.main.query_bar.search(query)

    @property
    def closing(self) -> bool:
        """True once the screens are gone (a worker's late answer has nowhere to go)."""
        return not self.is_running or not self.screen_stack

    @on(ResultsReady)
    def _results_ready(self, message: ResultsReady) -> None:
        if message.generation < self._shown_generation or self.closing:
            return
        self._shown_generation = message.generation
        self.result = message.result
        if message.library_total is not None:
            self._tame_collector()
            self.library_size = message.library_total
            self.main.set_library_empty(self.library_size == 0)
            self.refresh_bindings()
        self.main.show_results(message.result, self.library_size)
        self.shown_query = self.answered_query = message.query
        self.result_count = message.result.total

    @on(FacetsReady)
    def _facets_ready(self, message: FacetsReady) -> None:
        if message.generation < self._shown_generation or self.closing:
            return
        self.facets = message.facets
        self.main.show_facets(message.facets)

    @on(QueryFailed)
    def _query_failed(self, message: QueryFailed) -> None:
        if message.generation >= self._shown_generation and not self.closing:
            self.main.show_query_error(message.query, message.message, message.position)
            self.answered_query = message.query

    def set_query(self, query: str) -> None:
        """Replace the query (a saved search, the palette)."""
        self.main.query_bar.set_query(query)

    def add_query_term(self, term: str) -> None:
        """Add a term (a tag, a month) to the query, or remove it if it is there."""
        self.main.query_bar.add_term(term)

    # Articles -----------------------------------------------------------------
    def marks(self, article_id: str) -> tuple[bool, bool]:
        """(read, starred) for the list."""
        state = self.marks_keeper.state_of(article_id)
        return state.read, state.starred

    def state_of(self, article_id: str) -> ArticleState:
        return self.marks_keeper.state_of(article_id)

    def load_article(self, article_id: str) -> tuple[Any, Any] | None:
        """The article and the current query's highlights in it (None if it is gone)."""
        article = self.library.get(article_id)
        if article is None:
            self.notify(
                _("That article is no longer in the library."), markup=False, severity="warning"
            )
            return None
        source = self.result if self.result is not None else (self.shown_query or "")
        try:
            # Only what is shown is searched for matches: a huge article stays quick to open.
            highlights = self.engine.highlights(bounded(article), source)
        except Exception as error:  # a highlighting bug must not stop reading
            self.log.error("highlights failed", error)
            highlights = None
        return article, highlights

    def mark_opened(self, article_id: str) -> ArticleState:
        """Opening an article marks it read; returns its marks."""
        if not self.state_of(article_id).read:
            return self._set_state(article_id, read=True)
        return self.state_of(article_id)

    @on(ArticleView.Shown)
    def _article_shown(self, message: ArticleView.Shown) -> None:
        self.shown_article_id = message.article_id

    def current_article_id(self) -> str | None:
        """The article the user is looking at: the open one, or the one under the cursor."""
        if isinstance(self.screen, ArticleScreen):
            return self.screen.view.article_id
        if isinstance(self.focused, ArticleView):
            return self.focused.article_id
        if isinstance(self.screen, MainScreen):
            return self.main.result_list.current_id
        return None

    # User state -----------------------------------------------------------------
    def _set_state(self, article_id: str, **changes: Any) -> ArticleState:
        state = self.marks_keeper.change(article_id, **changes)
        for screen in self.screen_stack:
            for view in screen.query(ArticleView):
                if view.article_id == article_id:
                    view.update_state(state)
        self.main.result_list.refresh()
        return state

    def refresh_results(self) -> None:
        """Reload the engine and recount the library (after an import), then search again."""
        self.main.result_list.clear_row_cache()
        self.main.query_bar.reload()

    # Saved searches and imports ------------------------------------------------------
    def save_search(self, name: str, query: str) -> None:
        """Keep a query under a name (listed in the sidebar and the palette)."""
        self.saved_searches[name] = query
        self.remember_sort(name)
        self.main.show_saved_searches(self.saved_searches)
        self.marks_keeper.save(N_("the saved search"), self.library.save_search, name, query)
        self.notify(_("Saved search: {name}").format(name=name), markup=False, timeout=2)

    def action_import_sample(self) -> None:
        from archive.read.importer import sample_archive_dir

        self._import([sample_archive_dir()])

    def action_import_files(self) -> None:
        def done(answer: str | None) -> None:
            if answer:
                try:
                    paths = [Path(p).expanduser() for p in shlex.split(answer)]
                except ValueError as error:
                    self.notify(
                        _("Could not read the paths: {error}").format(error=one_line(error)),
                        markup=False,
                    )
                    return
                self._import(paths)

        hint = Text(_("Files or folders to import, separated by spaces (quote names with spaces)."))
        self.push_screen(PromptScreen(_("Import files"), hint, placeholder="~/archives"), done)

    def _import(self, paths: list[Path]) -> None:
        bar = self.main.import_progress
        if bar.running:
            self.notify(_("An import is already running."), markup=False)
            return
        bar.start(self.library, paths, self.marks_keeper.write_lock)
        self.refresh_bindings()

    @on(ImportProgress.Finished)
    def _import_finished(self, message: ImportProgress.Finished) -> None:
        self.notify(
            message.summary, markup=False, severity="information" if message.ok else "error"
        )
        self._load_library_state()
        self.refresh_results()
        self.refresh_bindings()

    # Screens and keys ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import_sample":
            return self.library_size == 0 and not self.main.import_progress.running
        if action in ("toggle_star", "toggle_read", "edit_tag") or action in HABIT_ACTIONS:
            return self.library_size > 0
        return True

    def action_command_palette(self) -> None:
        """Textual's command palette, its prompt in the chosen language."""
        open_already = any(isinstance(s, CommandPalette) for s in self.screen_stack)
        if self.use_command_palette and not open_already:
            placeholder = _("Search for commands…")
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            sections = apply_keymap(help_sections(self.BINDINGS), self.config.keymap)
            self.push_screen(HelpScreen(sections))

    def action_toggle_facets(self) -> None:
        if isinstance(self.screen, MainScreen):
            self.screen.action_toggle_facets()

    async def action_quit(self) -> None:
        self._save_last_query()
        self.exit()

    def _save_last_query(self) -> None:
        if self.shown_query is None:
            return
        bar = self.main.query_bar
        try:
            if bar.remember(self.shown_query):
                self.library.set_setting("query_history", list(bar.history))
            # The last query that was answered: a bad one in the bar would greet the next
            # start with an error and no results.
            self.library.set_setting("last_query", self.shown_query)
        except (LibraryError, OSError) as error:
            self.log.warning("could not save the last query", error)


def sixteen_colours(app: App[Any]) -> bool:
    """True on a terminal that shows 16 colours (TERM=xterm, the Linux console)."""
    return not app.is_headless and app.console.color_system in ("standard", "windows")


def library_failure(error: BaseException) -> str:
    """One line for a library error, or for an OS error no layer explained (a folder's rights)."""
    if isinstance(error, OSError) and not isinstance(error, LibraryError):
        where = f"{show_path(error.filename)}: " if error.filename is not None else ""
        return f"{where}{error.strerror or error}"
    return str(error)


def make_app(
    library: Any, engine: Any, *, notice: str | None = None, config: Config | None = None
) -> ManchetteApp:
    """The browser over an open Library and its SearchEngine; `notice` is shown once at start.

    `config` is the user's config file as read by tui.config.load_config (None: defaults).
    """
    return ManchetteApp(library, engine, notice=notice, config=config)


if TYPE_CHECKING:
    from tui.host import Host

    # The type checker holds the app to the shape its screens and palette rely on (tui/host.py).
    _AS_HOST: type[Host] = ManchetteApp
