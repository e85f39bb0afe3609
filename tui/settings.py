"""Key bindings as the config file changes them: ids the file may name, and the help it shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from textual.binding import Binding, BindingType

# Actions of the reader habits that need articles in the library.
HABIT_ACTIONS = frozenset(
    {
        "next_unread",
        "previous_unread",
        "mark_all_read",
        "mark_read_to_here",
        "cycle_sort",
        "toggle_select",
        "select_all",
        "open_pager",
        "open_editor",
        "pipe",
        "copy_title",
        "copy_text",
    }
)

Section = tuple[str, Sequence[BindingType]]


def binding_ids(sections: Iterable[Section]) -> set[str]:
    """Every binding id the help screen lists (the ids a config file may rebind)."""
    return {b.id for _, bindings in sections for b in bindings if isinstance(b, Binding) and b.id}


def apply_keymap(sections: Sequence[Section], keymap: Mapping[str, str]) -> list[Section]:
    """The help sections with the keys the config file gave (each key of "a,b" on its own)."""
    out: list[Section] = []
    for title, bindings in sections:
        changed: list[BindingType] = []
        for binding in bindings:
            keys = keymap.get(binding.id or "") if isinstance(binding, Binding) else None
            if isinstance(binding, Binding) and keys:
                changed += [dataclasses.replace(binding, key=k) for k in keys.split(",") if k]
            else:
                changed.append(binding)
        out.append((title, changed))
    return out
