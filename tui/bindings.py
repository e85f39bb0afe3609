"""Bindings that several screens share: the marks a reader puts on the current article."""

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
