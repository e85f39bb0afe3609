"""The article view: header, styled body and the query's matches, which n / N step through."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from archive.names import show_name
from archive.shown import shown_blocks
from archive.text import clean_line, sanitize
from tui.i18n import N_, _, long_date, ngettext, tag_kind
from tui.widgets.line_view import LineView

_MATCH_KEY = "manchette-match"
_MAX_SOURCES = 5


@dataclass
class ArticleState:
    """The user's marks on the article shown."""

    read: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()


def date_line(article: Any) -> str:
    """The date and the words it was read from, or the estimated interval."""
    if article.date:
        day = long_date(str(article.date))
        if article.date_text:
            return _("{date} — read from « {words} »").format(
                date=day, words=clean_line(article.date_text)
            )
        return day
    estimate = article.date_estimate
    why = _("(estimated from the listings it appears in)")
    if estimate and estimate.earliest and estimate.latest:
        start, end = long_date(estimate.earliest), long_date(estimate.latest)
        if start == end:  # the listings pin it to one day
            return f"≈ {start} {why}"
        return "≈ " + _("between {start} and {end}").format(start=start, end=end) + f" {why}"
    if estimate and estimate.earliest:
        return "≈ " + _("after {date}").format(date=long_date(estimate.earliest)) + f" {why}"
    if estimate and estimate.latest:
        return "≈ " + _("before {date}").format(date=long_date(estimate.latest)) + f" {why}"
    return _("date unknown")


def short_path(file: str) -> str:
    """A source file as its folder and name: enough to find it, short enough for one line."""
    path = PurePath(show_name(file))  # unprintables visible, as everywhere names are shown
    return str(PurePath(path.parent.name, path.name)) if path.parent.name else path.name


def _spans_for(text: str, spans: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """The highlight spans that still fit the displayed text (none if display cleaning moved it)."""
    if not spans:
        return []
    return [(s, e) for s, e in spans if 0 <= s < e <= len(text)]


class ArticleView(LineView, can_focus=True):
    """One article, drawn line by line; matches of the query are highlighted accent-insensitively."""

    BINDINGS = [
        Binding(
            "n",
            "next_match",
            N_("Match"),
            id="article.next_match",
            tooltip=N_("Next match of the query"),
        ),
        Binding(
            "N",
            "previous_match",
            N_("Prev match"),
            id="article.previous_match",
            show=False,
            tooltip=N_("Previous match of the query"),
        ),
        Binding("j", "scroll_down", N_("Scroll down"), id="article.down", show=False),
        Binding("down", "scroll_down", N_("Scroll down"), id="article.down_arrow", show=False),
        Binding("k", "scroll_up", N_("Scroll up"), id="article.up", show=False),
        Binding("up", "scroll_up", N_("Scroll up"), id="article.up_arrow", show=False),
        Binding("g", "scroll_home", N_("Top"), id="article.top", show=False),
        Binding("home", "scroll_home", N_("Top"), id="article.home", show=False),
        Binding("G", "scroll_end", N_("Bottom"), id="article.bottom", show=False),
        Binding("end", "scroll_end", N_("Bottom"), id="article.end", show=False),
        Binding("space", "page_down", N_("Page down"), id="article.space", show=False),
        Binding("pagedown", "page_down", N_("Page down"), id="article.page_down", show=False),
        Binding("b", "page_up", N_("Page up"), id="article.b", show=False),
        Binding("pageup", "page_up", N_("Page up"), id="article.page_up", show=False),
    ]

    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--meta",
        "article-view--label",
        "article-view--heading",
        "article-view--quote",
        "article-view--bullet",
        "article-view--match",
        "article-view--match-current",
        "article-view--rule",
        "article-view--placeholder",
    }

    @dataclass
    class Shown(Message):
        """An article was laid out and is drawn on the next refresh."""

        article_id: str

    @dataclass
    class MatchMoved(Message):
        """The current match changed (index is 0-based, count the total)."""

        index: int
        count: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Any = None
        self._highlights: Any = None
        self._state = ArticleState()
        self._texts: list[Text] = []
        self._styles: dict[str, Style] = {}
        self._strips: list[Strip | None] = []
        # The body's lines still to lay out (after the first frame), and how far matches are known.
        self._rest: Iterator[None] | None = None
        self._scanned = 0
        self._seen_matches: set[int] = set()
        self._match_lines: list[int] = []
        self._built_width = 0
        self.current_match = -1
        self.placeholder = _("No article selected.")

    @property
    def article_id(self) -> str | None:
        """The id of the article shown, if any."""
        return self.article.id if self.article is not None else None

    @property
    def match_count(self) -> int:
        """How many matches are highlighted."""
        self._complete()
        return len(self._match_lines)

    def show_article(
        self, article: Any, highlights: Any = None, state: ArticleState | None = None
    ) -> None:
        """Show an article from the top, with the query's matches highlighted."""
        self.article = article
        self._highlights = highlights
        self._state = state or ArticleState()
        self.current_match = -1
        self.border_subtitle = ""
        self.scroll_to(y=0, animate=False)  # first: the new article is laid out from its top
        self._rebuild()
        shown = self.Shown(article.id)
        # Sent from this view even when its screen is mounting it, so that it reaches the app.
        shown.set_sender(self)
        self.post_message(shown)

    def update_state(self, state: ArticleState) -> None:
        """Redraw the marks (read, starred, own tags) without moving."""
        self._state = state
        self._rebuild()

    def clear(self, placeholder: str | None = None) -> None:
        """Show nothing (or a placeholder line)."""
        self.article = None
        if placeholder is not None:
            self.placeholder = placeholder
        self._rebuild()

    def on_mount(self) -> None:
        # The lines keep the colours they were drawn with: draw them again for a new theme.
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def _theme_changed(self, _theme: object) -> None:
        self._styles = {}
        self._rebuild()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._built_width:
            self._rebuild()

    def notify_style_update(self) -> None:
        self._styles = {}
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        # Kept until the styles change (Textual forgets its own copy at every refresh, and
        # every paragraph of every article opened asks for them).
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"article-view--{name}")
        return style

    def _rebuild(self) -> None:
        width = max(10, self.scrollable_content_region.width)
        self._built_width = self.scrollable_content_region.width
        # Lines become strips when they are first drawn, and the body is laid out as far as the
        # first screen needs: a long article opens at the cost of its first screen, the rest
        # is laid out right after that screen is drawn (or at once when something needs it).
        self._texts = []
        self._strips = []
        self._match_lines = []
        self._scanned = 0
        self._seen_matches = set()
        self._rest = self._lay_out(width, self._texts)
        # Before its first layout the view has no size: the terminal's height stands for it
        # (the resize that follows lays it out again at its width).
        height = self.scrollable_content_region.height or self.app.size.height
        if round(self.scroll_y) > 0:  # a place to keep: lay out everything
            self._complete()
            return
        for _block in self._rest:
            if len(self._texts) > height:
                break
        else:
            self._rest = None
        self._lines_added(width)
        if self._rest is not None:
            self.call_after_refresh(self._complete)

    def _complete(self) -> None:
        """Lay out the rest of the body now (the scrollbar, the matches and tests need it)."""
        if self._rest is None:
            return
        rest, self._rest = self._rest, None
        for _block in rest:
            pass
        self._lines_added(max(10, self._built_width))

    def _lines_added(self, width: int) -> None:
        texts = self._texts
        self._strips.extend([None] * (len(texts) - len(self._strips)))
        # The matches are found from the spans, without drawing.
        seen = self._seen_matches
        for y in range(self._scanned, len(texts)):
            for span in texts[y].spans:
                meta = span.style.meta if isinstance(span.style, Style) else None
                if meta and _MATCH_KEY in meta and meta[_MATCH_KEY] not in seen:
                    seen.add(meta[_MATCH_KEY])
                    self._match_lines.append(y)
        self._scanned = len(texts)
        self._set_line_count(width, len(texts))
        self.refresh()

    def drawn_text(self) -> str:
        """Every line as it is drawn, without styles (what a screen reader or a test sees)."""
        self._complete()
        return "\n".join(self._strip(i).text for i in range(len(self._texts)))

    def _strip(self, index: int) -> Strip:
        strip = self._strips[index]
        if strip is None:
            line = self._texts[index]
            console = self.app.console
            # The fast path of Text.render drops the text's own style when it has no spans.
            own = console.get_style(line.style) if line.style else None
            segments = list(Segment.apply_style(line.render(console), own))
            strip = self._strips[index] = Strip(segments, line.cell_len)
        return strip

    def _set_line_count(self, width: int, count: int) -> None:
        """Change the scrollable height without a layout pass when the scrollbar is always shown."""
        size = Size(width, count)
        if not self.is_mounted or not self.container_size or self.styles.overflow_y != "scroll":
            self.virtual_size = size
            return
        self.set_reactive(ArticleView.virtual_size, size)
        bar = self.vertical_scrollbar
        bar.window_virtual_size = count
        bar.window_size = self.scrollable_content_region.height
        bar.position = self.scroll_y

    def _marked(
        self, text: str, spans: list[tuple[int, int]] | None, style: Style, counter: list[int]
    ) -> Text:
        """Text with each match span styled and tagged with its running number."""
        out = Text(text, style)
        for start, end in _spans_for(text, spans):
            out.stylize(
                self._style("match") + Style.from_meta({_MATCH_KEY: counter[0]}), start, end
            )
            counter[0] += 1
        return out

    def _lay_out(self, width: int, lines: list[Text]) -> Iterator[None]:
        """Append the article's lines to `lines`, pausing after the header and each block."""
        article = self.article
        if article is None:
            lines.append(Text(self.placeholder, self._style("placeholder")))
            return
        console = self.app.console
        hl = self._highlights
        counter = [0]

        def wrap(
            text: Text, first: str = "", rest: str = "", prefix_style: Style | None = None
        ) -> None:
            room = max(5, width - len(first))
            for i, piece in enumerate(text.wrap(console, room, overflow="fold")):
                piece.end = ""
                lead = Text(first if i == 0 else rest, prefix_style or Style())
                lines.append(lead + piece)

        title = sanitize(article.title)
        title_spans = hl.title if hl is not None and title == article.title else None
        wrap(self._marked(title, title_spans, self._style("title"), counter))
        meta = self._style("meta")
        label = self._style("label")
        wrap(Text(date_line(article), meta))
        source = " · ".join(clean_line(x) for x in (article.agency, article.site) if x)
        if source:
            wrap(Text.assemble((_("From") + " ", label), (source, meta)))
        if article.author:
            wrap(Text.assemble((_("By") + " ", label), (clean_line(article.author), meta)))
        if article.url:
            wrap(Text.assemble((_("URL") + " ", label), (clean_line(article.url), meta)))
        if article.tags:
            tags = Text(_("Tags") + " ", label)
            for i, tag in enumerate(article.tags):
                if i:
                    tags.append(" · ", meta)
                tags.append(clean_line(tag.name), meta)
                tags.append(f" ({tag_kind(tag.kind)})", label)
            wrap(tags)
        marks = []
        if self._state.starred:
            marks.append("★ " + _("starred"))
        marks.append(_("read") if self._state.read else _("unread"))
        if self._state.tags:
            marks.append(_("my tags:") + " " + ", ".join(clean_line(t) for t in self._state.tags))
        wrap(Text(" · ".join(marks), meta))
        for source_ref in article.sources[:_MAX_SOURCES]:
            where = f"{short_path(source_ref.file)}:{source_ref.line}"
            if source_ref.position is not None:
                where += f" (#{source_ref.position}"
                where += f", {clean_line(source_ref.archive)})" if source_ref.archive else ")"
            wrap(Text.assemble((_("Found in") + " ", label), (where, meta)))
        if len(article.sources) > _MAX_SOURCES:
            wrap(
                Text(
                    _("… and {count} more places").format(
                        count=len(article.sources) - _MAX_SOURCES
                    ),
                    label,
                )
            )
        count = getattr(hl, "count", 0) if hl is not None else 0
        if count:
            wrap(
                Text(
                    ngettext(
                        "{count} match — n / N to step through",
                        "{count} matches — n / N to step through",
                        count,
                    ).format(count=count),
                    label,
                )
            )
        if not article.is_full:
            wrap(Text(_("Only the teaser is known for this article."), label))
        # Its versions and its story (tui/threads.py), when the app knows them.
        links = getattr(self.app, "story_link_lines", None)
        for line, item in links(article.id) if links is not None else ():
            wrap(line, "  ", "    ") if item else wrap(line)
        lines.append(Text("─" * width, self._style("rule")))
        yield
        body_spans = list(getattr(hl, "body", []) or []) if hl is not None else []
        # A bounded body: laying out a 10 MB paragraph would hold the screen for a minute.
        blocks, cut = shown_blocks(article.text_blocks)
        for i, block in enumerate(blocks):
            if article.body:
                spans = body_spans[i] if i < len(body_spans) else None
            else:
                spans = getattr(hl, "teaser", None) if hl is not None else None
            text = sanitize(block.text)
            if text != block.text:
                spans = None
            lines.append(Text(""))
            if block.type == "heading":
                wrap(self._marked(text, spans, self._style("heading"), counter))
            elif block.type == "bullet":
                body = text.lstrip("•-*–· ").lstrip()
                offset = len(text) - len(body)
                shifted = [(s - offset, e - offset) for s, e in (spans or []) if s >= offset]
                style = self._style("bullet")
                wrap(self._marked(body, shifted, Style(), counter), "  • ", "    ", style)
            elif block.type == "quote":
                style = self._style("quote")
                wrap(self._marked(text, spans, style, counter), "  │ ", "  │ ", style)
            else:
                wrap(self._marked(text, spans, Style(), counter))
            yield
        if cut:
            lines.append(Text(""))
            wrap(
                Text(
                    _(
                        "{count} more characters not shown (the whole text stays in the library)"
                    ).format(count=f"{cut:,}".replace(",", " ")),
                    label,
                )
            )
        lines.append(Text(""))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        base = self.base_style
        if index >= len(self._strips) and self._rest is not None:
            self._complete()
        if index >= len(self._strips):
            return Strip.blank(width, base)
        strip = self._strip(index)
        if (
            0 <= self.current_match < len(self._match_lines)
            and self._match_lines[self.current_match] <= index
        ):
            strip = self._restyle_current(strip)
        # Text.render leaves unstyled runs without a style: the widget's style fills them in.
        return strip.apply_style(base).crop_extend(0, width, base)

    def _restyle_current(self, strip: Strip) -> Strip:
        current = self._style("match-current")
        changed = False
        segments = []
        for segment in strip:
            meta = segment.style.meta if segment.style else None
            if segment.style and meta and meta.get(_MATCH_KEY) == self.current_match:
                segments.append(Segment(segment.text, segment.style + current))
                changed = True
            else:
                segments.append(segment)
        return Strip(segments, strip.cell_length) if changed else strip

    def _go_to_match(self, index: int) -> None:
        self._complete()
        count = len(self._match_lines)
        if not count:
            self.notify(_("No matches of the query in this article."), markup=False, timeout=2)
            return
        self.current_match = index % count
        line = self._match_lines[self.current_match]
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False)
        self.refresh()
        self.border_subtitle = _("match {index} of {count}").format(
            index=self.current_match + 1, count=count
        )
        self.post_message(self.MatchMoved(self.current_match, count))

    # A key that moves down reaches the end of the whole article, not of its first screen.
    def action_scroll_down(self) -> None:
        self._complete()
        super().action_scroll_down()

    def action_page_down(self) -> None:
        self._complete()
        super().action_page_down()

    def action_scroll_end(self) -> None:
        self._complete()
        super().action_scroll_end()

    def action_next_match(self) -> None:
        self._go_to_match(self.current_match + 1)

    def action_previous_match(self) -> None:
        self._go_to_match(self.current_match - 1 if self.current_match >= 0 else -1)
