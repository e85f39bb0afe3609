"""`manchette serve`: the same browser in a web page, served by textual-serve on this machine."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from tui.commands.common import add_library_option, announce, fail, library_dir
from tui.i18n import _, language

NAME = "serve"
LOOPBACK = "127.0.0.1"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        NAME, help=_("open the browser in a web page (http://127.0.0.1:8000 by default)")
    )
    parser.add_argument("--port", type=int, default=8000, help=_("TCP port (default 8000)"))
    parser.add_argument(
        "--host",
        default=LOOPBACK,
        help=_(
            "address to listen on (default 127.0.0.1: this machine only; anything else lets "
            "whoever reaches it read and mark your library)"
        ),
    )
    add_library_option(parser)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each page opened: this manchette, same library."""
    argv = [sys.executable, "-m", "tui.cli", "--lang", language()]  # the language chosen here
    if getattr(args, "sample", False):
        argv.append("--sample")
    else:
        argv += ["--library", str(library_dir(args).resolve())]
        if getattr(args, "no_sample", False):
            argv.append("--no-sample")
    return shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        return fail(_("--port must be between 1 and 65535, not {port}").format(port=args.port), 2)
    from textual_serve.server import Server  # only this command needs the web server

    if not is_loopback(args.host):
        announce(
            _("listening on {host}: anyone who can reach it can read your library").format(
                host=args.host
            )
        )
    server = Server(app_command(args), host=args.host, port=args.port, title="manchette")
    announce(_("serving on {url} (Ctrl+C stops)").format(url=f"http://{args.host}:{args.port}"))
    try:
        server.serve()
    except OSError as error:
        return fail(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    return 0
