"""App-wide messages: what background workers report back to the widgets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class ResultsReady(Message):
    """A query finished; `result` is the engine's SearchResult for `query`.

    `library_total` is the number of articles in the library when it was (re)counted.
    """

    generation: int
    query: str
    result: Any
    library_total: int | None = None


@dataclass
class FacetsReady(Message):
    """Facet counts for the results of `generation` are ready."""

    generation: int
    facets: Any


@dataclass
class QueryFailed(Message):
    """The query could not be parsed; the last good results stay on screen."""

    generation: int
    query: str
    message: str
    position: int
