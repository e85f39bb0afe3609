"""The search engine as the browser uses it: the chosen sort and the configured date column."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from tui.threads import is_story_row, story_row

# A query that says its own order (sort:…) keeps it: the sort key never overrides the query.
_SORT_TERM = re.compile(r"(?:^|[\s(])-?sort:", re.IGNORECASE)


class ViewEngine:
    """Wraps a SearchEngine: searches use the sort chosen for the query; rows use the date format."""

    def __init__(
        self,
        engine: Any,
        sort_for: Callable[[str], str | None],
        date_format: Callable[[str], str] | None = None,
    ) -> None:
        self._engine = engine
        self._sort_for = sort_for
        self._date_format = date_format

    @property
    def wrapped(self) -> Any:
        """The engine underneath."""
        return self._engine

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def search(self, query: str, *, sort: str | None = None, limit: int | None = None) -> Any:
        if sort is None and not _SORT_TERM.search(query):
            sort = self._sort_for(query)
        if sort is None:
            return self._engine.search(query, limit=limit)
        return self._engine.search(query, sort=sort, limit=limit)

    def row(self, article_id: str) -> Any:
        if is_story_row(article_id):
            return story_row(self._engine, article_id)  # a threaded list's story
        row = self._engine.row(article_id)
        if self._date_format is None or not row.date or row.date_estimated:
            return row
        return dataclasses.replace(row, date_label=self._date_format(row.date))
