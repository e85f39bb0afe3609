"""Bindings that several screens and widgets share: marks on the article, vim keys in lists."""

from __future__ import annotations

from textual.binding import Binding


def mark_bindings(screen: str) -> list[Binding]:
    """Star, read/unread and own-tag keys, with ids under the screen's prefix."""
    return [
        Binding(
            "s",
            "app.toggle_star",
            "Star",
            id=f"{screen}.star",
            tooltip="Star or unstar the article",
        ),
        Binding(
            "m",
            "app.toggle_read",
            "Read",
            id=f"{screen}.read",
            tooltip="Mark read or unread (opening marks read)",
        ),
        Binding(
            "t",
            "app.edit_tag",
            "Tag",
            id=f"{screen}.tag",
            tooltip="Add or remove one of your own tags",
        ),
    ]


def option_list_bindings(widget: str) -> list[Binding]:
    """j, k, g and G in an OptionList (facets, timeline), with ids under the widget's prefix."""
    return [
        Binding("j", "cursor_down", "Down", id=f"{widget}.down", show=False),
        Binding("k", "cursor_up", "Up", id=f"{widget}.up", show=False),
        Binding("g", "first", "First", id=f"{widget}.first", show=False),
        Binding("G", "last", "Last", id=f"{widget}.last", show=False),
    ]
