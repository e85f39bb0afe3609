"""The `manchette` command: open the browser, or import, list, show and search from the shell."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from archive.names import show_path, terminal_line
from archive.store.library import LibraryError
from tui.commands import common

COMMAND_MODULES = ("import_", "list_", "show", "search", "update", "serve", "keys")


def _commands() -> list[ModuleType]:
    return [importlib.import_module(f"tui.commands.{name}") for name in COMMAND_MODULES]


class _Parser(argparse.ArgumentParser):
    """argparse, with the arguments it quotes in its errors made safe for a terminal."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {terminal_line(message)}\n")


def build_parser(commands: Sequence[ModuleType]) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="manchette",
        description="Browse archives of scraped news articles in the terminal. "
        "Without a command, opens the browser on your library.",
    )
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="library folder (default: $MANCHETTE_LIBRARY, else the platform's data folder)",
    )
    parser.add_argument(
        "--sample", action="store_true", help="open the bundled sample archive instead"
    )
    parser.add_argument(
        "--no-sample",
        action="store_true",
        help="show an empty library as empty instead of opening the sample archive",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands:
        module.add_parser(sub)
    return parser


def open_app(args: argparse.Namespace) -> int:
    """Open the browser on the library (or on the sample archive, with a notice)."""
    from archive.search.engine import SearchEngine
    from tui.app import make_app
    from tui.config import load_config

    notice = None
    if args.sample:
        library = common.sample_library()
        notice = "Showing the bundled sample archive."
    else:
        library = common.open_library(args)
    # The index counts the articles without parsing the library file (cold start).
    engine = SearchEngine(library, announce=common.announce)
    if not args.sample and not args.no_sample and engine.index.count == 0:
        library = common.sample_library()
        engine = SearchEngine(library, announce=common.announce)
        notice = common.SAMPLE_NOTICE
    app = make_app(library, engine, notice=notice, config=load_config())
    app.run()
    if app.failure is not None:
        return common.fail(app.failure)
    return app.return_code or 0


QUERY_COMMANDS = {"search": ("--limit", "--sort", "--library"), "list": ("--limit", "--library")}
_NEGATED_TERM = re.compile(r"^-[^-\d]")


def query_terms_apart(argv: Sequence[str]) -> list[str]:
    """argv where a query's negated terms ("-trump", "-has:date") cannot be taken for options.

    After `search` or `list`, the options (and their values) are moved before a "--" and
    the query's words after it, in their order: `search drones -trump --json` works.
    """
    argv = list(argv)
    command_at = next((i for i, a in enumerate(argv) if a in QUERY_COMMANDS), None)
    if command_at is None or "-h" in argv or "--help" in argv:
        return argv
    with_value = QUERY_COMMANDS[argv[command_at]]
    rest = argv[command_at + 1 :]
    if not any(_NEGATED_TERM.match(a) for a in rest):
        return argv
    options: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            words += rest[i + 1 :]
            break
        if arg.startswith("--"):
            options.append(arg)
            if arg in with_value and i + 1 < len(rest):
                options.append(rest[i + 1])
                i += 1
        else:
            words.append(arg)
        i += 1
    return [*argv[: command_at + 1], *options, "--", *words]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: one-line errors on stderr, never a traceback, for anything the user gave."""
    commands = _commands()
    parser = build_parser(commands)
    args = parser.parse_args(query_terms_apart(sys.argv[1:] if argv is None else argv))
    try:
        if args.command is None:
            return open_app(args)
        module = next(m for m in commands if args.command == m.NAME)
        return int(module.run(args))
    except LibraryError as error:
        return common.fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `manchette list | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:
        # A folder the user cannot read or write that no layer turned into a LibraryError.
        where = f"{show_path(error.filename)}: " if error.filename is not None else ""
        return common.fail(f"{where}{error.strerror or error}")


if __name__ == "__main__":
    sys.exit(main())
