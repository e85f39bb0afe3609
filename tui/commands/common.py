"""What the sub-commands share: opening the library, the sample library, safe console output."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from archive.model import Article
from archive.names import show_name, terminal_line
from archive.store.library import Library, resolve_library_dir

if TYPE_CHECKING:
    from rich.console import Console

    from archive.search.query import QueryError

# rich is imported where output is made: `search --json` never needs it (tens of ms of start).

SAMPLE_NOTICE = (
    "Your library is empty: showing the bundled sample archive. "
    "Import your own pages with: manchette import PATH"
)


def add_library_option(parser: argparse.ArgumentParser) -> None:
    """--library DIR on a parser (the sub-command one does not override the main one's value)."""
    parser.add_argument(
        "--library",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="library folder (default: $MANCHETTE_LIBRARY, else the platform's data folder)",
    )


def library_dir(args: argparse.Namespace) -> Path:
    return resolve_library_dir(getattr(args, "library", None))


def open_library(args: argparse.Namespace, *, readonly: bool = False) -> Library:
    """The library the command line names (--sample: the sample's); LibraryError says why not."""
    if getattr(args, "sample", False):
        return sample_library()
    return noted(Library.open(library_dir(args), readonly=readonly))


def noted(library: Library) -> Library:
    """The library, after saying on stderr that it was converted, when open() just did that."""
    if library.conversion_note:
        from rich.text import Text

        stderr().print(Text(f"manchette: {terminal_line(library.conversion_note)}"), soft_wrap=True)
    return library


def sample_library() -> Library:
    """A library holding the bundled sample archive, kept in the cache folder, built once."""
    # The importer (and the entity gazetteer it compiles) only when the sample must be built.
    from platformdirs import user_cache_dir

    from archive.read.importer import import_paths, sample_archive_dir

    directory = Path(user_cache_dir("manchette")) / "sample-library"
    library = Library.open(directory)
    if len(library) == 0:
        import_paths(library, [sample_archive_dir()])
    return library


def stdout() -> Console:
    """A console for results: Text objects only, so article text is never read as markup."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, emoji=False)


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def announce(message: str) -> None:
    """A one-line note on stderr about work that takes a while (stdout stays for results)."""
    from rich.text import Text

    stderr().print(Text(f"manchette: {terminal_line(message)}…", style="dim"), soft_wrap=True)


def positive(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("expected 0 or more")
    return value


def query_failed(query: str, error: QueryError) -> int:
    """Say what is wrong with a query and where (a caret under it); exit code 2."""
    from rich.text import Text

    fail(f"bad query: {error}")
    # The query around the position, on one line: a long query is not echoed whole.
    position = min(error.position, len(query))
    start = max(0, position - 40)
    shown = terminal_line(query[start : start + 70])
    caret = len(terminal_line(query[start:position]))
    err = stderr()
    err.print(Text("  " + ("…" if start else "") + shown, style="dim"), soft_wrap=True)
    err.print(Text("  " + (" " if start else "") + " " * caret + "^", style="bold red"))
    return 2


def fail(message: str, code: int = 1) -> int:
    """Print a one-line error on stderr and return the exit code."""
    from rich.text import Text

    stderr().print(Text(f"manchette: {terminal_line(message)}", style="bold red"), soft_wrap=True)
    return code


def date_label(article: Article) -> str:
    """The date shown for an article: stated, or ≈ with its estimated interval, compactly."""
    if article.date:
        return article.date
    est = article.date_estimate
    if est is None or not (est.earliest or est.latest):
        return "—"
    if est.earliest and est.latest:
        same_year = est.earliest[:4] == est.latest[:4]
        return f"≈{est.earliest}…{est.latest[5:] if same_year else est.latest}"
    return f"≈≥{est.earliest}" if est.earliest else f"≈≤{est.latest}"


def find_article(library: Library, wanted: str) -> Article | None:
    """An article by id, or by a unique id prefix of at least 4 characters."""
    article = library.get(wanted)
    if article is not None or len(wanted) < 4:
        return article
    matches = library.ids_starting_with(wanted, limit=2)
    return library.get(matches[0]) if len(matches) == 1 else None


def source_label(file: str) -> str:
    """A stored source file name as shown: stored names are escaped already, old ones are not."""
    return show_name(file)
