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
            tooltip="Star or unstar the article (or every selected one)",
        ),
        Binding(
            "m",
            "app.toggle_read",
            "Read",
            id=f"{screen}.read",
            tooltip="Mark read or unread (opening marks read; or every selected one)",
        ),
        Binding(
            "t",
            "app.edit_tag",
            "Tag",
            id=f"{screen}.tag",
            tooltip="Add or remove one of your own tags (or on every selected one)",
        ),
    ]


def option_list_bindings(widget: str) -> list[Binding]:
    """j, k, g and G in an OptionList (facets, timeline), with ids under the widget's prefix."""
    return [
        Binding("enter", "select", "Choose", id=f"{widget}.choose", tooltip="Add it to the query"),
        Binding("j", "cursor_down", "Down", id=f"{widget}.down", show=False),
        Binding("k", "cursor_up", "Up", id=f"{widget}.up", show=False),
        Binding("g", "first", "First", id=f"{widget}.first", show=False),
        Binding("G", "last", "Last", id=f"{widget}.last", show=False),
    ]


def _hidden(key: str, action: str, description: str, binding_id: str, tooltip: str) -> Binding:
    """A secondary key: listed in help (from its tooltip), kept out of the key bar."""
    return Binding(key, action, description, id=binding_id, show=False, tooltip=tooltip)


def reader_bindings(screen: str) -> list[Binding]:
    """Keys that work on the list and inside an article: unread, read all, pager, pipe, copy."""
    return [
        _hidden(
            "u",
            "app.next_unread",
            "Next unread",
            f"{screen}.next_unread",
            "Next unread article (opens it from inside an article)",
        ),
        _hidden(
            "U",
            "app.previous_unread",
            "Prev unread",
            f"{screen}.previous_unread",
            "Previous unread article",
        ),
        _hidden(
            "A",
            "app.mark_all_read",
            "All read",
            f"{screen}.all_read",
            "Mark every result of the query read (asks first)",
        ),
        _hidden(
            "p", "app.open_pager", "Pager", f"{screen}.pager", "Open the article's text in $PAGER"
        ),
        _hidden(
            "E",
            "app.open_editor",
            "Edit source",
            f"{screen}.editor",
            "Open the source file at the article's line in $EDITOR",
        ),
        _hidden(
            "vertical_line",
            "app.pipe",
            "Pipe",
            f"{screen}.pipe",
            "Pipe the article's text to a shell command",
        ),
        _hidden(
            "y",
            "app.copy_title",
            "Copy title",
            f"{screen}.copy_title",
            "Copy the title to the clipboard (OSC 52, works over SSH)",
        ),
        _hidden(
            "Y",
            "app.copy_text",
            "Copy text",
            f"{screen}.copy_text",
            "Copy the article's text to the clipboard (OSC 52)",
        ),
    ]


def list_habit_bindings() -> list[Binding]:
    """Keys of the result list's screen: read up to here, sort, select."""
    return [
        _hidden(
            "M",
            "app.mark_read_to_here",
            "Read to here",
            "main.read_to_here",
            "Mark read every article from the top of the list down to the cursor",
        ),
        _hidden(
            "O",
            "app.cycle_sort",
            "Sort",
            "main.sort",
            "Sort: newest first, oldest first, relevance, title (kept per saved search)",
        ),
        _hidden(
            "x",
            "app.toggle_select",
            "Select",
            "main.select",
            "Select or unselect the article (s, m, t and e then act on the selection)",
        ),
        _hidden(
            "asterisk",
            "app.select_all",
            "Select all",
            "main.select_all",
            "Select every result (again: clear the selection); Esc clears it too",
        ),
    ]
