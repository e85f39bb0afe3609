"""A virtual list of articles that draws only the rows on screen, so 100k results cost nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from archive.text import clean_line
from tui.i18n import N_, _
from tui.widgets.line_view import LineView

RowGetter = Callable[[str], Any]
MarksGetter = Callable[[str], tuple[bool, bool]]

_DATE_WIDTH = 11
_ROW_CACHE_LIMIT = 4096
_SIDE_WIDTH = 24
_TITLE_FIRST = 56  # the title keeps this many cells before the side column gets any
_SIDE_MIN = 10  # a side column narrower than this is left out
_OWN_TAGS_WIDTH = 24
UNDATED = "—"  # the date column of an article with no date, stated or estimated


class ResultList(LineView, can_focus=True):
    """The filtered articles, one line each: marks, date (≈ when estimated), title, tags or agency."""

    BINDINGS = [
        Binding("j", "cursor_down", N_("Down"), id="list.down", show=False),
        Binding("down", "cursor_down", N_("Down"), id="list.down_arrow", show=False),
        Binding("k", "cursor_up", N_("Up"), id="list.up", show=False),
        Binding("up", "cursor_up", N_("Up"), id="list.up_arrow", show=False),
        Binding("g", "first", N_("First"), id="list.first", show=False),
        Binding("home", "first", N_("First"), id="list.home", show=False),
        Binding("G", "last", N_("Last"), id="list.last", show=False),
        Binding("end", "last", N_("Last"), id="list.end", show=False),
        Binding("pagedown", "page_down", N_("Page down"), id="list.page_down", show=False),
        Binding("space", "page_down", N_("Page down"), id="list.space", show=False),
        Binding("pageup", "page_up", N_("Page up"), id="list.page_up", show=False),
        Binding("b", "page_up", N_("Page up"), id="list.b", show=False),
        Binding("enter", "select", N_("Open"), id="list.open"),
        Binding("l", "select", N_("Open"), id="list.l", show=False),
    ]

    COMPONENT_CLASSES = {
        "result-list--cursor",
        "result-list--date",
        "result-list--estimated",
        "result-list--unread",
        "result-list--read",
        "result-list--star",
        "result-list--side",
        "result-list--own",
        "result-list--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another article."""

        result_list: ResultList
        index: int
        article_id: str

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ResultList.Highlighted)

    @dataclass
    class Selected(Message):
        """The user chose an article (Enter or a double click)."""

        result_list: ResultList
        index: int
        article_id: str

    def __init__(
        self,
        row_getter: RowGetter,
        marks_getter: MarksGetter,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._row_getter = row_getter
        self._marks_getter = marks_getter
        self._ids: Sequence[str] = ()
        self._rows: dict[str, Any] = {}
        self._strips: dict[tuple[Any, ...], Strip] = {}
        self.empty_message: list[Text] = []
        # The user's own tags of an article, shown on its row (set by the screen).
        self.tags_getter: Callable[[str], Sequence[str]] | None = None

    @property
    def ids(self) -> Sequence[str]:
        """The article ids shown, in order."""
        return self._ids

    @property
    def current_id(self) -> str | None:
        """The id under the cursor, if any."""
        if 0 <= self.cursor < len(self._ids):
            return self._ids[self.cursor]
        return None

    def set_ids(self, ids: Sequence[str], *, keep: str | None = None) -> None:
        """Show these ids; keep the cursor on `keep` if it is still there, else go to the top."""
        self._ids = ids
        if len(self._rows) > _ROW_CACHE_LIMIT:
            self._rows.clear()
        if len(self._strips) > _ROW_CACHE_LIMIT:
            self._strips.clear()
        index = 0
        if keep is not None and len(ids) < 50_000:
            # A linear search is cheap at this size and keeps the reader's place.
            try:
                index = ids.index(keep) if isinstance(ids, list) else list(ids).index(keep)
            except ValueError:
                index = 0
        self._set_row_count(len(ids))
        self.set_cursor(index, scroll=True)
        if index == 0:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def _set_row_count(self, count: int) -> None:
        """Change the scrollable height without a layout pass of the whole screen.

        The vertical scrollbar is always shown (app.tcss), so a new row count changes only this
        widget's drawing: a layout per keystroke would redraw every pane.
        """
        size = Size(self.scrollable_content_region.width, count)
        if not self.is_mounted or not self.container_size or self.styles.overflow_y != "scroll":
            self.virtual_size = size
            return
        self.set_reactive(ResultList.virtual_size, size)
        bar = self.vertical_scrollbar
        bar.window_virtual_size = count
        bar.window_size = self.scrollable_content_region.height
        bar.position = self.scroll_y

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def forget_row(self, article_id: str) -> None:
        """Drop a cached row (after the article changed) and redraw."""
        self._rows.pop(article_id, None)
        self._strips.clear()
        self.refresh()

    def clear_row_cache(self) -> None:
        """Drop every cached row (after an import)."""
        self._rows.clear()
        self._strips.clear()
        self.refresh()

    def set_cursor(self, index: int, *, scroll: bool = True) -> None:
        """Move the cursor, clamped to the rows, and bring it into view."""
        index = max(0, min(index, len(self._ids) - 1)) if self._ids else 0
        self.cursor = index
        if scroll:
            self._scroll_cursor_into_view()

    def _scroll_cursor_into_view(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        article_id = self.current_id
        if article_id is not None:
            self.post_message(self.Highlighted(self, new, article_id))

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._ids))
        self._scroll_cursor_into_view()

    def action_cursor_down(self) -> None:
        self.set_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.set_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self.set_cursor(0)

    def action_last(self) -> None:
        self.set_cursor(len(self._ids) - 1)

    def action_page_down(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=self.scroll_y + height, animate=False)
        self.set_cursor(self.cursor + height)

    def action_page_up(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=self.scroll_y - height, animate=False)
        self.set_cursor(self.cursor - height)

    def action_select(self) -> None:
        article_id = self.current_id
        if article_id is not None:
            self.post_message(self.Selected(self, self.cursor, article_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if index < len(self._ids):
            self.set_cursor(index)
            if event.chain >= 2:
                self.action_select()

    def _row(self, article_id: str) -> Any:
        row = self._rows.get(article_id)
        if row is None:
            try:
                row = self._row_getter(article_id)
            except KeyError:
                return None
            self._rows[article_id] = row
        return row

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.base_style
        index = round(self.scroll_y) + y
        if not self._ids:
            if y < len(self.empty_message):
                style = self.get_component_rich_style("result-list--empty")
                text = self.empty_message[y].copy()
                text.stylize(style)
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        article_id = self._ids[index]
        read, starred = self._marks_getter(article_id)
        own = tuple(self.tags_getter(article_id)) if self.tags_getter is not None else ()
        key = (article_id, width, read, starred, own, index == self.cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            text = self._row_text(article_id, width, read, starred, own)
            if index == self.cursor:
                text.stylize(self.get_component_rich_style("result-list--cursor"))
            strip = self._strips[key] = self._strip(text, width, base)
        return strip

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        # Text.render leaves unstyled runs without a style: give every segment the widget's
        # style (colour filters such as NO_COLOR need one, and the background must show).
        segments = list(text.render(self.app.console))
        strip = Strip(segments, cell_len(text.plain)).apply_style(base)
        return strip.crop_extend(0, width, base)

    def _row_text(
        self, article_id: str, width: int, read: bool, starred: bool, own: Sequence[str] = ()
    ) -> Text:
        row = self._row(article_id)
        if row is None:
            return Text("  " + _("(missing article)"))
        star = self.get_component_rich_style("result-list--star")
        title_style = self.get_component_rich_style(
            "result-list--read" if read else "result-list--unread"
        )
        date_style = self.get_component_rich_style(
            "result-list--estimated" if row.date_estimated else "result-list--date"
        )
        side_style = self.get_component_rich_style("result-list--side")
        label = clean_line(row.date_label or "") or UNDATED
        if row.date_estimated and not label.startswith("≈"):
            label = "≈" + label
        text = Text(no_wrap=True, end="")
        text.append("★" if starred else " ", star)
        text.append(" " if read else "•", title_style)
        text.append(" ")
        text.append(label.ljust(_DATE_WIDTH)[:_DATE_WIDTH], date_style)
        text.append(" ")
        side = self._side_text(row)
        title = clean_line(row.title) or _("(untitled)")
        room = width - text.cell_len - 1
        # The title gets the width; a side column (tags, agency) only what is left beyond
        # _TITLE_FIRST cells, at a fixed width so that titles stay aligned.
        side_room = min(_SIDE_WIDTH, room - _TITLE_FIRST - 2)
        side_room = side_room if side_room >= _SIDE_MIN else 0
        title_room = max(1, room - (side_room + 2 if side_room else 0))
        # The user's own tags, after the title, never more than a third of its room.
        names = " ".join("#" + clean_line(tag) for tag in own if clean_line(tag))
        mine = Text(names, self.get_component_rich_style("result-list--own"), no_wrap=True)
        mine.truncate(min(_OWN_TAGS_WIDTH, title_room // 3), overflow="ellipsis")
        title_text = Text(title, title_style, no_wrap=True, end="")
        title_text.truncate(title_room - (mine.cell_len + 1 if mine else 0), overflow="ellipsis")
        if mine:
            title_text.append(" ")
            title_text.append_text(mine)
        if side_room:
            title_text.truncate(title_room, pad=True)
        text.append_text(title_text)
        if side_room and side:
            side_text = Text(side, side_style, no_wrap=True, end="")
            side_text.truncate(side_room, overflow="ellipsis")
            text.append("  ")
            text.append_text(side_text)
        return text

    @staticmethod
    def _side_text(row: Any) -> str:
        parts = [clean_line(t) for t in (row.tags or [])[:2]]
        if row.agency:
            parts.append(clean_line(row.agency))
        return " · ".join(p for p in parts if p)
