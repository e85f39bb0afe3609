"""Bindings that several screens and widgets share: marks on the article, vim keys in lists."""

from __future__ import annotations

from textual.binding import Binding

from tui.i18n import N_


def mark_bindings(screen: str) -> list[Binding]:
    """Star, read/unread and own-tag keys, with ids under the screen's prefix."""
    return [
        Binding(
            "s",
            "app.toggle_star",
            N_("Star"),
            id=f"{screen}.star",
            tooltip=N_("Star or unstar the article (or every selected one)"),
        ),
        Binding(
            "m",
            "app.toggle_read",
            N_("Read"),
            id=f"{screen}.read",
            tooltip=N_("Mark read or unread (opening marks read; or every selected one)"),
        ),
        Binding(
            "t",
            "app.edit_tag",
            N_("Tag"),
            id=f"{screen}.tag",
            tooltip=N_("Add or remove one of your own tags (or on every selected one)"),
        ),
    ]


def option_list_bindings(widget: str) -> list[Binding]:
    """j, k, g and G in an OptionList (facets, timeline), with ids under the widget's prefix."""
    return [
        Binding(
            "enter",
            "select",
            N_("Choose"),
            id=f"{widget}.choose",
            tooltip=N_("Add it to the query"),
        ),
        Binding("j", "cursor_down", N_("Down"), id=f"{widget}.down", show=False),
        Binding("k", "cursor_up", N_("Up"), id=f"{widget}.up", show=False),
        Binding("g", "first", N_("First"), id=f"{widget}.first", show=False),
        Binding("G", "last", N_("Last"), id=f"{widget}.last", show=False),
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
            N_("Next unread"),
            f"{screen}.next_unread",
            N_("Next unread article (opens it from inside an article)"),
        ),
        _hidden(
            "U",
            "app.previous_unread",
            N_("Prev unread"),
            f"{screen}.previous_unread",
            N_("Previous unread article"),
        ),
        _hidden(
            "A",
            "app.mark_all_read",
            N_("All read"),
            f"{screen}.all_read",
            N_("Mark every result of the query read (asks first)"),
        ),
        _hidden(
            "p",
            "app.open_pager",
            N_("Pager"),
            f"{screen}.pager",
            N_("Open the article's text in $PAGER"),
        ),
        _hidden(
            "E",
            "app.open_editor",
            N_("Edit source"),
            f"{screen}.editor",
            N_("Open the source file at the article's line in $EDITOR"),
        ),
        _hidden(
            "vertical_line",
            "app.pipe",
            N_("Pipe"),
            f"{screen}.pipe",
            N_("Pipe the article's text to a shell command"),
        ),
        _hidden(
            "y",
            "app.copy_title",
            N_("Copy title"),
            f"{screen}.copy_title",
            N_("Copy the title to the clipboard (OSC 52, works over SSH)"),
        ),
        _hidden(
            "Y",
            "app.copy_text",
            N_("Copy text"),
            f"{screen}.copy_text",
            N_("Copy the article's text to the clipboard (OSC 52)"),
        ),
    ]


def list_habit_bindings() -> list[Binding]:
    """Keys of the result list's screen: read up to here, sort, select."""
    return [
        _hidden(
            "M",
            "app.mark_read_to_here",
            N_("Read to here"),
            "main.read_to_here",
            N_("Mark read every article from the top of the list down to the cursor"),
        ),
        _hidden(
            "O",
            "app.cycle_sort",
            N_("Sort"),
            "main.sort",
            N_("Sort: newest first, oldest first, relevance, title (kept per saved search)"),
        ),
        _hidden(
            "x",
            "app.toggle_select",
            N_("Select"),
            "main.select",
            N_("Select or unselect the article (s, m, t and e then act on the selection)"),
        ),
        _hidden(
            "asterisk",
            "app.select_all",
            N_("Select all"),
            "main.select_all",
            N_("Select every result (again: clear the selection); Esc clears it too"),
        ),
    ]
