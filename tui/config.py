"""The per-user config file (TOML): key bindings, default sort, theme and the date column's format."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from archive.names import show_name
from archive.text import clean_line
from tui.i18n import N_, _, strftime

# Names a person writes in the config and the sort the search engine takes for each.
SORT_NAMES: dict[str, str] = {
    "newest": "-date",
    "oldest": "date",
    "relevance": N_("relevance"),
    "title": N_("title"),
}
# What the sort key shows for each engine sort (also the order the key cycles through).
SORT_LABELS: dict[str, str] = {
    "-date": N_("newest first"),
    "date": N_("oldest first"),
    "relevance": "relevance",
    "title": "title",
}
DATE_WIDTH = 11  # the list's date column, in characters
_KNOWN = {"theme", "sort", "date_format", "keys"}
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")

EXAMPLE = """\
# manchette config (TOML). Every setting is optional.
theme = "textual-dark"        # any theme of the palette's "Change theme…"
sort = "newest"               # newest, oldest, relevance or title
date_format = "%d/%m/%Y"      # strftime codes; at most 11 characters wide

[keys]                        # binding id = "key" or "key1,key2" (ids: see the help screen)
"main.next_unread" = "u"
"""


@dataclass
class Config:
    """What the config file asks for; errors are one line each, naming the file and line."""

    path: Path | None = None
    theme: str | None = None
    sort: str | None = None  # an engine sort: "-date", "date", "relevance", "title"
    date_format: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    _lines: list[str] = field(default_factory=list, repr=False)

    def error(self, message: str, key: str | None = None) -> None:
        """Record a one-line error, naming the line where `key` is set if it can be found."""
        line = self.line_of(key) if key else None
        where = shown_path(self.path) + (_(", line {line}").format(line=line) if line else "")
        self.errors.append(
            clean_line(_("config {where}: {message}").format(where=where, message=message))
        )

    def line_of(self, key: str) -> int | None:
        """The line number where `key` is assigned (quoted or bare), if any."""
        pattern = re.compile(r"^\s*(?:\"" + re.escape(key) + r"\"|" + re.escape(key) + r")\s*=")
        for number, text in enumerate(self._lines, start=1):
            if pattern.match(text):
                return number
        return None

    def check_keys(self, known_ids: Iterable[str]) -> None:
        """Drop key bindings whose id no binding has (each one is an error)."""
        known = set(known_ids)
        for binding_id in list(self.keymap):
            if binding_id not in known:
                del self.keymap[binding_id]
                self.error(
                    _("no binding has the id {id!r} (see the help screen)").format(id=binding_id),
                    binding_id,
                )

    def check_theme(self, themes: Iterable[str]) -> None:
        """Forget a theme that does not exist (an error)."""
        if self.theme is not None and self.theme not in set(themes):
            self.error(_("unknown theme {theme!r}").format(theme=self.theme), "theme")
            self.theme = None


def shown_path(path: Path | None) -> str:
    """A path as a person reads it: the home folder as ~."""
    if path is None:
        return "(no file)"
    try:
        shown = "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        shown = str(path)
    return show_name(shown)  # $MANCHETTE_CONFIG may hold anything: unprintables made visible


def config_path() -> Path:
    """$MANCHETTE_CONFIG, else config.toml in the platform's config folder."""
    explicit = os.environ.get("MANCHETTE_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    return Path(user_config_dir("manchette")) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is an empty config, a bad one a list of errors."""
    path = config_path() if path is None else path
    config = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as error:
        config.error(_("cannot be read ({error})").format(error=error.strerror or error))
        return config
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        config.error(_("is not UTF-8 text"))
        return config
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        line = _(", line {line}").format(line=found.group(1)) if found else ""
        reason = _TOML_LINE.sub("", message).strip()
        config.errors.append(
            clean_line(
                _("config {where}: {message}; the file is ignored").format(
                    where=shown_path(path) + line, message=reason
                )
            )
        )
        return config
    config._lines = text.splitlines()
    _read(config, data)
    return config


def _read(config: Config, data: dict[str, Any]) -> None:
    for key in data:
        if key not in _KNOWN:
            config.error(
                _("unknown setting {key!r} (known: {known})").format(
                    key=key, known=", ".join(sorted(_KNOWN))
                ),
                key,
            )
    config.theme = _string(config, data, "theme")
    sort = _string(config, data, "sort")
    if sort is not None:
        if sort in SORT_NAMES:
            config.sort = SORT_NAMES[sort]
        else:
            config.error(
                _("sort must be one of {names}, not {sort!r}").format(
                    names=", ".join(SORT_NAMES), sort=sort
                ),
                "sort",
            )
    date_format = _string(config, data, "date_format")
    if date_format is not None:
        problem = date_format_problem(date_format)
        if problem:
            config.error(problem, "date_format")
        else:
            config.date_format = date_format
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        config.error(_("keys must be a table: [keys]"), "keys")
        return
    for binding_id, value in keys.items():
        if isinstance(value, str) and value.strip() and value.isprintable():
            config.keymap[binding_id] = value.replace(" ", "")
        else:
            config.error(
                _('{id!r} must be a key such as "u" or "u,ctrl+n"').format(id=binding_id),
                binding_id,
            )


def _string(config: Config, data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        config.error(_("{key} must be a string in quotes").format(key=key), key)
        return None
    if not value.isprintable():
        # TOML lets "\u001b" through: a config value is shown, so it obeys the one rule too.
        config.error(
            _("{key} holds a control character ({shown})").format(key=key, shown=show_name(value)),
            key,
        )
        return None
    return value


def date_format_problem(date_format: str) -> str | None:
    """Why a strftime format cannot be the date column's, or None if it can."""
    try:
        shown = strftime(dt.date(2025, 9, 30), date_format)  # the longest month names
    except ValueError as error:
        return _("date_format {format!r} is not a valid strftime format ({error})").format(
            format=date_format, error=error
        )
    if not shown.strip():
        return _("date_format {format!r} shows nothing").format(format=date_format)
    if len(shown) > DATE_WIDTH:
        return _("date_format {format!r} is wider than {width} characters ({shown!r})").format(
            format=date_format, width=DATE_WIDTH, shown=shown
        )
    return None


def date_formatter(date_format: str | None) -> Callable[[str], str] | None:
    """A function turning "YYYY-MM-DD" into the configured form (None: keep ISO dates)."""
    if not date_format:
        return None

    def fmt(iso: str) -> str:
        try:
            return strftime(dt.date.fromisoformat(iso), date_format)
        except ValueError:
            return iso

    return fmt
