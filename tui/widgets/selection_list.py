"""The result list with a selection: selected rows carry a ✓ and a style, for acting on many."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.strip import Strip

from tui.widgets.result_list import ResultList

SELECTED_MARK = "✓"


class SelectableResultList(ResultList):
    """A ResultList whose rows show whether they are selected (x toggles, * selects all)."""

    DEFAULT_CSS = """
    SelectableResultList > .result-list--selected {
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = ResultList.COMPONENT_CLASSES | {"result-list--selected"}

    def __init__(
        self, *args: Any, is_selected: Callable[[str], bool] = lambda _: False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._is_selected = is_selected

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        ids = self.ids
        if not 0 <= index < len(ids) or not self._is_selected(ids[index]):
            return super().render_line(y)
        # Selected rows are few and change often: drawn afresh, never cached.
        article_id = ids[index]
        width = self.scrollable_content_region.width
        read, starred = self._marks_getter(article_id)
        own = tuple(self.tags_getter(article_id)) if self.tags_getter is not None else ()
        row = self._row_text(article_id, width, read, starred, own)
        style = self.get_component_rich_style("result-list--selected")
        text = Text(no_wrap=True, end="")
        text.append_text(row[:2])
        text.append(SELECTED_MARK, style)
        text.append_text(row[3:])
        text.stylize(style)
        if index == self.cursor:
            text.stylize(self.get_component_rich_style("result-list--cursor"))
        return self._strip(text, width, self.base_style)
