"""`manchette keys`: every key binding with the id a config file uses to change it."""

from __future__ import annotations

import argparse

from tui.commands.common import fail, stdout

NAME = "keys"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser(
        NAME, help="list the key bindings and their ids (for the [keys] table of config.toml)"
    )


def _shown_key(key: str) -> str:
    """A key as one types it in the config: "?" rather than "question_mark"."""
    from textual.keys import key_to_character

    character = key_to_character(key)
    return character if character and character.isprintable() and character != "," else key


def run(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text
    from textual.binding import Binding  # Textual is only needed for this command

    from tui.app import ManchetteApp
    from tui.config import load_config, shown_path
    from tui.screens.help import help_sections
    from tui.settings import apply_keymap, binding_ids

    config = load_config()
    sections = help_sections(ManchetteApp.BINDINGS)
    config.check_keys(binding_ids(sections))
    for error in config.errors:
        fail(error)
    table = Table(box=None, pad_edge=False, show_edge=False)
    for column in ("id", "keys", "what it does"):
        table.add_column(column, no_wrap=column != "what it does")
    seen: set[str] = set()
    for title, bindings in apply_keymap(sections, config.keymap):
        rows: dict[str, tuple[list[str], str]] = {}
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.id or binding.id in seen:
                continue
            binding_id = binding.id
            keys, what = rows.setdefault(binding_id, ([], binding.tooltip or binding.description))
            keys.append(_shown_key(binding.key))
        if rows:
            table.add_row(Text(title, style="bold"), "", "")
        for binding_id, (keys, what) in rows.items():
            seen.add(binding_id)
            table.add_row(Text(binding_id), Text(",".join(keys)), Text(what))
    out = stdout()
    out.print(Text(f"Change a key in {shown_path(config.path)}, e.g.:", style="dim"))
    out.print(Text('[keys]\n"main.next_unread" = "n"\n', style="dim"))
    out.print(table)
    return 0
