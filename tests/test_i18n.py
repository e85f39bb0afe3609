"""One language at a time: the French catalog covers every interface string; --lang and the
locale choose the language of the app and of every command; article text is never translated."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from tests.i18n_strings import extract, render_po
from tests.tui_fixtures import (
    article,
    open_real_app,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.i18n import (
    LanguageError,
    choose_language,
    long_date,
    ngettext,
    parse_po,
    po_file,
    set_language,
)
from tui.screens.help import HelpScreen, help_table
from tui.widgets.article_view import date_line
from tui.widgets.key_bar import KeyBar
from tui.widgets.timeline import Timeline

MANCHETTE = Path(sys.executable).parent / "manchette"
_FIELD = re.compile(r"\{[^}]*\}")


def catalog() -> dict[str | tuple[str, int], str]:
    return parse_po(po_file("fr").read_text(encoding="utf-8"))


# The catalog ---------------------------------------------------------------------------
def test_every_interface_string_has_a_french_translation_and_none_is_stale() -> None:
    messages = extract()
    assert len(messages) > 300  # the extraction found the interface (key bar to query errors)
    entries = catalog()
    wanted: set[str | tuple[str, int]] = {""}
    for message in messages:
        if isinstance(message, tuple):
            wanted |= {(message[0], 0), (message[0], 1)}
        else:
            wanted.add(message)
    missing = sorted(map(str, wanted - set(entries)))
    stale = sorted(map(str, set(entries) - wanted))
    assert not missing, f"not in the catalog (run python -m tests.i18n_strings): {missing[:5]}"
    assert not stale, f"in the catalog, no longer in the code: {stale[:5]}"
    empty = [key for key, value in entries.items() if key != "" and not value.strip()]
    assert not empty, f"no French for: {empty[:5]}"


def test_translations_keep_the_placeholders_of_the_english() -> None:
    for key, french in catalog().items():
        if key == "":
            continue
        english = key[0] if isinstance(key, tuple) else key
        assert sorted(_FIELD.findall(french)) == sorted(_FIELD.findall(english)), (key, french)


def test_the_catalog_file_is_as_the_tool_writes_it() -> None:
    """python -m tests.i18n_strings leaves the file unchanged: no hand-made drift in it."""
    text = po_file("fr").read_text(encoding="utf-8")
    assert render_po(extract(), parse_po(text)) == text


def test_po_parser_reads_continued_strings_escapes_and_plurals() -> None:
    text = (
        'msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        '# a comment\nmsgid "a \\"b\\"\\n"\n"c"\nmsgstr "x "\n"y"\n\n'
        'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} fichier"\nmsgstr[1] "{n} fichiers"\n'
    )
    entries = parse_po(text)
    assert entries['a "b"\nc'] == "x y"
    assert entries[("{n} file", 0)] == "{n} fichier"
    assert entries[("{n} file", 1)] == "{n} fichiers"


def test_french_plural_takes_the_singular_for_zero_and_one() -> None:
    set_language("fr")
    one = ngettext("{total} article matches", "{total} articles match", 1)
    assert one == "{total} article correspond"
    assert ngettext("{total} article matches", "{total} articles match", 0) == one
    assert ngettext("{total} article matches", "{total} articles match", 2).endswith(
        "correspondent"
    )
    set_language("en")
    assert ngettext("{total} article matches", "{total} articles match", 0).endswith("match")


# Choosing the language -------------------------------------------------------------------
def test_lang_option_wins_over_the_locale_and_lc_all_over_lang() -> None:
    fr_env = {"LANG": "fr_FR.UTF-8"}
    assert choose_language(None, fr_env) == "fr"
    assert choose_language("en", fr_env) == "en"
    assert choose_language(None, {"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}) == "en"
    assert choose_language(None, {"LANG": "en_GB.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"}) == "fr"
    assert choose_language(None, {}) == "en"
    assert choose_language("FR", {}) == "fr"
    with pytest.raises(LanguageError):
        choose_language("de", {})


def test_dates_are_written_in_the_chosen_language() -> None:
    piece = article(1, "Zelensky menace le Kremlin")  # dated 2025-09-23, read from French words
    assert date_line(piece).startswith("23 September 2025 — read from « Mardi 23 septembre")
    assert long_date("2025-06") == "June 2025"
    set_language("fr")
    assert date_line(piece).startswith("23 septembre 2025 — lu dans « Mardi 23 septembre")
    assert long_date("2025-06") == "juin 2025"
    assert long_date("2025-08-01") == "1er août 2025"
    assert long_date("not a date") == "not a date"


def test_query_errors_from_archive_speak_the_chosen_language() -> None:
    from archive.search.query import QueryError, parse

    with pytest.raises(QueryError) as english:
        parse("drones date:2025-13")
    set_language("fr")
    with pytest.raises(QueryError) as french:
        parse("drones date:2025-13")
    assert "there is no month 13" in str(english.value)
    assert "il n'y a pas de mois 13" in str(french.value)
    assert french.value.position == english.value.position


# The app -----------------------------------------------------------------------------------
async def _screen_texts(library: Path, lang: str) -> dict[str, str]:
    set_language(lang)
    app = open_real_app(library)
    texts: dict[str, str] = {}
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        texts["keys"] = app.screen.query_one(KeyBar).render().plain
        texts["status"] = app.main.status.render().plain
        timeline = app.main.query_one(Timeline)
        texts["timeline"] = "\n".join(
            str(timeline.get_option_at_index(i).prompt) for i in range(timeline.option_count)
        )
        await pilot.press("slash", *"drones has:date", "enter")
        await settle(pilot)
        texts["status_query"] = app.main.status.render().plain
        await pilot.press("enter")  # the first result, in the preview
        await settle(pilot)
        texts["preview_title"] = str(app.main.preview.border_title)
        texts["preview"] = "\n".join(
            app.main.preview.render_line(y).text for y in range(app.main.preview.size.height)
        )
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=140, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(help_table(app.screen.sections, app.get_key_display))
        texts["help"] = console.export_text()
        texts["help_title"] = str(app.screen.query_one("#help-body").border_title)
        texts["help_keys"] = app.screen.query_one(KeyBar).render().plain
    return texts


async def test_the_app_in_french_key_bar_help_status_and_dates(sample_library: Path) -> None:
    texts = await _screen_texts(sample_library, "fr")
    assert "Aide" in texts["keys"] and "Quitter" in texts["keys"]
    assert "Chercher" in texts["keys"] and "palette" in texts["keys"]
    assert not re.search(r"\b(Help|Quit|Search)\b", texts["keys"]), texts["keys"]
    assert re.search(r"\d+ sur 26 articles", texts["status_query"]), texts["status_query"]
    assert "26 sur 26 articles" in texts["status"]
    assert "juin 2025" in texts["timeline"] and "sept. 2025" in texts["timeline"]
    assert texts["help_title"] == "Touches — échap pour fermer"
    assert "Partout" in texts["help"] and "Écran principal" in texts["help"]
    assert "Occurrence suivante de la requête" in texts["help"]
    assert "Fermer l'aide" in texts["help_keys"]
    # Dates in French; the article's own words are not translated.
    assert re.search(r"\d+ (juin|juillet|août|septembre|octobre) 2025", texts["preview"])
    assert "drones" in texts["preview"].lower()
    assert "occurrences — n / N pour les parcourir" in texts["preview"]


async def test_the_app_in_english_key_bar_help_status_and_dates(sample_library: Path) -> None:
    texts = await _screen_texts(sample_library, "en")
    assert "Help" in texts["keys"] and "Quit" in texts["keys"] and "Search" in texts["keys"]
    assert "26 of 26 articles" in texts["status"]
    assert "Jun 2025" in texts["timeline"] and "Sep 2025" in texts["timeline"]
    assert texts["help_title"] == "Keys — esc to close"
    assert "Everywhere" in texts["help"] and "Next match of the query" in texts["help"]
    assert re.search(r"\d+ (June|July|August|September|October) 2025", texts["preview"])
    assert "matches — n / N to step through" in texts["preview"]


# The commands ------------------------------------------------------------------------------
def run(*args: str, lang_env: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(name, None)
    env["LANG"] = lang_env or "C.UTF-8"
    return subprocess.run(
        [str(MANCHETTE), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_search_from_a_french_locale_speaks_french() -> None:
    done = run("--sample", "search", "drones", lang_env="fr_FR.UTF-8")
    assert done.returncode == 0, done.stderr
    assert re.search(r"\d+ articles correspondent, en [\d.]+ ms", done.stdout), done.stdout
    assert "match" not in done.stdout.splitlines()[-1]


def test_lang_option_overrides_the_locale_for_every_command() -> None:
    english = run("--lang", "en", "--sample", "search", "drones", lang_env="fr_FR.UTF-8")
    assert re.search(r"\d+ articles match, in [\d.]+ ms", english.stdout), english.stdout
    after = run("--sample", "list", "--limit", "3", "--lang", "fr")  # after the command too
    assert after.returncode == 0, after.stderr
    assert "sur 26 articles dans" in after.stdout, after.stdout


def test_a_bad_query_is_explained_in_french() -> None:
    done = run("--sample", "search", "date:2025-13", lang_env="fr_FR.UTF-8")
    assert done.returncode == 2
    first = done.stderr.splitlines()[0]
    assert first.startswith("manchette: requête invalide :") and "pas de mois 13" in first


def test_an_unknown_language_is_a_one_line_error() -> None:
    done = run("--lang", "klingon", "--sample", "list")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "unknown language 'klingon' for --lang" in done.stderr
    assert done.stdout == ""


def test_show_keeps_the_article_text_and_translates_the_labels(tmp_path: Path) -> None:
    listed = run("--sample", "list", "--limit", "1")
    article_id = listed.stdout.split()[0]
    french = run("--sample", "show", article_id, lang_env="fr_FR.UTF-8")
    english = run("--sample", "show", article_id)
    assert french.returncode == english.returncode == 0, french.stderr
    assert "trouvé dans" in french.stdout and "found in" in english.stdout
    # The title and the body are the same words in both languages.
    assert french.stdout.splitlines()[0] == english.stdout.splitlines()[0]
    body = english.stdout.split("\n\n", 1)[1].splitlines()[:3]  # after the header's blank line
    assert body and all(line in french.stdout for line in body), body


def test_the_date_column_names_months_in_the_chosen_language() -> None:
    from tui.config import date_format_problem, date_formatter

    fmt = date_formatter("%d %b %y")
    assert fmt is not None
    assert fmt("2025-06-14") == "14 Jun 25"
    set_language("fr")
    assert fmt("2025-06-14") == "14 juin 25"
    assert fmt("2025-02-03") == "03 févr. 25"
    assert date_formatter("%A %%B")("2025-06-14") == "samedi %B"  # type: ignore[misc]
    assert date_format_problem("%d %B %Y") is not None  # "30 septembre 2025" is too wide


def test_a_config_mistake_is_reported_in_french(tmp_path: Path) -> None:
    from tui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nsort = "sideways"\n', encoding="utf-8")
    set_language("fr")
    errors = load_config(path).errors
    assert len(errors) == 1 and ", ligne 2 : sort doit valoir" in errors[0], errors
