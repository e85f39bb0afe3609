"""The French date grammar and the listing-order estimates."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from archive.model import Block, DateEstimate
from archive.read.datelines import date_line
from archive.read.dates import find_dates, infer_year, lead_date
from archive.read.dating import DateRules, settle_dates
from archive.read.entry import EntryDraft
from archive.read.estimate import estimate_dates_from_listing_order, open_end_ceilings


def test_forms_are_found_with_their_words() -> None:
    text = "la nuit du vendredi 19 au samedi 20 septembre 2025, puis le 03/07/2025 et août 15, 2020"
    found = find_dates(text)
    assert [m.text for m in found] == [
        "la nuit du vendredi 19 au samedi 20 septembre 2025",
        "03/07/2025",
        "août 15, 2020",
    ]
    assert (found[0].first_day, found[0].day, found[0].weekday) == (19, 20, 5)
    assert [m.iso() for m in found] == ["2025-09-20", "2025-07-03", "2020-08-15"]


def test_other_events_and_bare_years_are_not_the_article_date() -> None:
    assert lead_date("Avec la présidence de Trump prévue pour le 20 janvier, la suite.") is None
    assert lead_date("La Crimée annexée en 2014 reste au cœur du conflit.") is None
    assert lead_date("Le président a déclaré vendredi que Moscou était prêt.") is None
    assert lead_date("Une enquête a été ouverte ce vendredi 27 juin par la police.") is not None


def test_date_lines() -> None:
    mention, verb = date_line("Publié le 02/11/23 à 16h33") or (None, "")
    assert mention is not None and mention.iso() == "2023-11-02" and verb == "publie"
    assert date_line("Mis à jour le 3 mars 2024 à 10:12") is not None
    assert date_line("Le 12 mai 2023 le président a dit") is None


def test_year_comes_from_weekday_and_corpus_never_today() -> None:
    mention = find_dates("mercredi 22 octobre")[0]
    assert infer_year(mention, [2025, 2025]) == 2025
    assert infer_year(mention, [2014]) == 2014
    assert infer_year(mention, []) is None  # no corpus year: unknown, not this year
    # Bounds from the listing pick between candidates (22 October: Wednesday in 2014 and 2025).
    assert infer_year(mention, [2020], (None, "2016-01-01")) == 2014


def test_estimates_are_transitive_across_listings() -> None:
    listings = [["a", "x", "b"], ["b", "y", "c"], ["z", "a"]]
    stated = {"a": "2025-10-01", "b": "2025-09-01", "c": "2025-08-01"}
    est = estimate_dates_from_listing_order(listings, stated)
    assert est["x"] == DateEstimate("2025-09-01", "2025-10-01")
    assert est["y"] == DateEstimate("2025-08-01", "2025-09-01")
    assert est["z"] == DateEstimate("2025-10-01", None)


def test_contradictory_orders_never_crash_or_give_an_empty_interval() -> None:
    listings = [["a", "x", "b"], ["b", "x", "a"], ["x", "x"]]
    stated = {"a": "2025-10-01", "b": "2025-09-01"}
    est = estimate_dates_from_listing_order(listings, stated)
    assert est["x"].earliest is not None and est["x"].latest is not None
    assert est["x"].earliest <= est["x"].latest


def _iso(line: str) -> str | None:
    found = date_line(line)
    return found[0].iso() if found else None


def test_meta_lines_in_every_common_form() -> None:
    assert _iso("septembre 4, 2021") == "2021-09-04"  # month first
    assert _iso("12 Mars 2019 à 08h15") == "2019-03-12"  # capitalised month, time
    assert _iso("Publié le 05/06/22 à 07h40") == "2022-06-05"  # two-digit year
    assert _iso("Publié le 14 Fév 21 à 7:05") == "2021-02-14"  # abbreviated month, short year
    assert _iso("Posté le 3 avril 2021 à 9:12 Marc Lenoir") == "2021-04-03"  # author after
    assert _iso("redaction 30 janvier 2022") == "2022-01-30"  # a user name before
    assert _iso("Par Rédaction Locale 02/03/2021 Non") == "2021-03-02"
    assert _iso("mai 3, 2018mai 4, 2018 Josiane3 commentaires") == "2018-05-03"  # glued update
    assert _iso("mars 9, 2016 PaulLaisser un commentaire") == "2016-03-09"
    assert _iso("Published 05/04/2019") == "2019-04-05"  # day first
    assert _iso("Mis en ligne le 2 juin 2021") == "2021-06-02"
    assert _iso("| Le 8 mars 2017") == "2017-03-08"
    assert _iso("* **Date** 11.12.2019") == "2019-12-11"
    assert _iso("le lundi 6 avril 2020 à 18h 05 par Yves Martin") == "2020-04-06"
    assert _iso("Agence Ouest avec AFP, publié le samedi 4 avril 2020 à 11h00") == "2020-04-04"
    found = date_line("Par Léa Dupont Publié le 03 mars 2021 à 10h02 - Mis à jour le 04 mars 2021")
    assert found is not None and found[0].iso() == "2021-03-03" and found[1] == "publie"
    found = date_line("Publié le : 01/02/2021 - 08:30Modifié le : 02/02/2021 - 09:45")
    assert found is not None and found[0].iso() == "2021-02-01"


def test_titles_and_captions_with_dates_are_not_meta_lines() -> None:
    for text in (
        "3 mai 2021 : la mairie ouvre ses portes au public",
        "Concert de printemps samedi 12 juin 2021 à 20h salle des fêtes",
        "Le maire, à Lyon, le 4 mai. JEAN DUPONT / AFP",
        "Conférence de presse à Paris le 2 mars 2021 avec les élus",
        "Total des dons reçus depuis le 5 déc. 2019",
        "Le 12 mai 2023 le président a dit",
    ):
        assert date_line(text) is None, text


def test_relative_dates_are_words_never_dates() -> None:
    for text in ("Publié hier à 12h55", "Publié aujourd’hui à 06h45, mis à jour à 11h53 Marie Roux",
                 "5 heures passé (e) (s)", "il y a 3 jours"):  # fmt: skip
        found = date_line(text)
        assert found is not None and found[0].relative and found[0].iso() is None, text
    found = date_line("Il y a 2 jours, le 4 mai 2021")  # an absolute date beside it wins
    assert found is not None and found[0].iso() == "2021-05-04"


def test_split_dates_and_bylines_are_joined() -> None:
    from archive.read.pages import prepare

    def kinds(text: str) -> list[tuple[str, str]]:
        return [(ln.kind, ln.text) for ln in prepare(text).lines]

    assert kinds("Un titre\nLe\n14 Mars 2018\nLe texte.")[1] == ("date", "Le 14 Mars 2018")
    assert kinds("Un titre\nIl y a\n3 jours,\nle\n2 mai 2021\nPar\nJean Roc\nTexte.")[1:3] == [
        ("date", "Il y a 3 jours, le 2 mai 2021"),
        ("byline", "Par Jean Roc"),
    ]
    assert kinds("T\nPar\nJean Roc\n-\n2 mai 2021\nx.")[1] == ("date", "Par Jean Roc - 2 mai 2021")
    assert kinds("Date\n9 juin 2020\nSuite.")[0] == ("date", "Date 9 juin 2020")
    # A short title above a date line stays a title.
    assert kinds("Podcast du soir\n9 juin 2020\nSuite.")[0] == ("text", "Podcast du soir")


def test_a_year_from_a_weekday_never_lands_after_the_file_was_written() -> None:
    mention = find_dates("mercredi 22 octobre")[0]  # a Wednesday in 2014, 2025 and 2031
    assert infer_year(mention, [2031]) == 2031
    assert infer_year(mention, [2031], not_after="2026-12-01") == 2025


def test_an_estimate_open_on_top_is_closed_by_its_ceiling() -> None:
    listings = [["x", "a", "b"]]
    stated = {"a": "2025-10-01", "b": "2025-09-01"}
    assert estimate_dates_from_listing_order(listings, stated, {"x": "2025-10-03"})["x"] == (
        DateEstimate("2025-10-01", "2025-10-03")
    )
    ceilings = open_end_ceilings({"f": ["x", "a"], "g": ["y", "c"]}, {"a": "2025-10-01",
                                 "c": "2025-12-24"}, {"x": "S", "c": "S"}, {"x": "2025-11-30"})  # fmt: skip
    assert ceilings["x"] == "2025-11-30"  # the site's newest date, but not past the file's day
    assert ceilings["y"] == "2025-12-24"


def _import_and_list(folder: Path, library: Path) -> dict[str, dict]:
    manchette = Path(sys.executable).parent / "manchette"
    subprocess.run([manchette, "import", "--library", library, folder], check=True,
                   capture_output=True)  # fmt: skip
    done = subprocess.run([manchette, "list", "--library", library, "--json"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return {a["title"]: a for a in json.loads(done.stdout)}


def test_cli_dates_lines_to_their_items_and_never_after_the_file(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "blog.txt").write_text(
        "Archives pour la catégorie Vie locale\n\n"
        "Le marché couvert rouvre ses portes\n\nLes commerçants reviennent.\n\n"
        "Lire la suite Le marché couvert rouvre ses portes\n\nmai 17, 2021 Josiane2 commentaires\n\n"
        "La fanfare répète au kiosque\n\nLes musiciens s’entraînent ce mercredi 22 octobre.\n\n"
        "Lire la suite La fanfare répète au kiosque\n\nmai 12, 2020 JosianeLaisser un commentaire\n",
        encoding="utf-8",
    )
    (pages / "river.txt").write_text(
        "Archives pour la catégorie Fêtes\n\nLa brocante attire les foules\n\n"
        "Ce mercredi 22 octobre, les chineurs étaient au rendez-vous.\n\n"
        "Lire la suite La brocante attire les foules\n\nLe bal des pompiers est annulé\n\n"
        "Le 3 juin 2020, la mairie a renoncé.\n\nLire la suite Le bal des pompiers est annulé\n",
        encoding="utf-8",
    )
    written = dt.datetime(2021, 6, 1, 12).timestamp()
    for page in pages.iterdir():
        os.utime(page, (written, written))
    got = _import_and_list(pages, tmp_path / "lib")
    # The meta line under a read-more line dates the item it closes, not the next one.
    assert got["Le marché couvert rouvre ses portes"]["date"] == "2021-05-17"
    assert got["La fanfare répète au kiosque"]["date"] == "2020-05-12"  # not its teaser's
    # 22 October is a Wednesday in 2014 and 2025: 2025 is after the file was written.
    assert got["La brocante attire les foules"]["date"] == "2014-10-22"


def test_cli_open_estimates_end_at_the_listing_newest_date(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "list.txt").write_text(
        "Archives pour la catégorie Monde\n\nLe premier sujet sans date\n\nUn chapeau.\n\n"
        "Lire la suite Le premier sujet sans date\n\nLe second sujet daté\n\n"
        "Publié le 05/10/2020 à 10h00\n\nUn autre chapeau.\n\nLire la suite Le second sujet daté\n",
        encoding="utf-8",
    )
    got = _import_and_list(pages, tmp_path / "lib")
    assert got["Le premier sujet sans date"]["date_estimate"] == {
        "earliest": "2020-10-05", "latest": "2020-10-05"}  # fmt: skip
    manchette = Path(sys.executable).parent / "manchette"
    found = subprocess.run([manchette, "search", "--library", tmp_path / "lib", "--json",
                            "date:7j!"], check=True, capture_output=True, text=True)  # fmt: skip
    assert json.loads(found.stdout) == []  # an old undated item is not "of the last 7 days"
    # Without "!", the last 7 days are the library's: both items end on its newest day.
    found = subprocess.run([manchette, "search", "--library", tmp_path / "lib", "--json",
                            "date:7j"], check=True, capture_output=True, text=True)  # fmt: skip
    assert len(json.loads(found.stdout)) == 2


def _draft(title: str | None, position: int, dates: list[str], *, text: str = "Un texte.",
           read_more: bool = False, trailing: int = 0, leading: int = 0) -> EntryDraft:  # fmt: skip
    found = [date_line(d) for d in dates]
    draft = EntryDraft("/nowhere/page.txt", position, position, title, read_more=read_more,
                       dates=[f for f in found if f], trailing_dates=trailing,
                       leading_dates=leading)  # fmt: skip
    if text:
        draft.blocks.append(Block("paragraph", text))
    return draft


def test_day_headers_date_every_post_under_them() -> None:
    drafts = [
        _draft(None, 1, ["mercredi 14 octobre 2020"], text="", leading=1),
        _draft("Premier billet", 2, []),
        _draft("Deuxième billet", 3, ["mardi 13 octobre 2020"], trailing=1),
        _draft("Troisième billet", 4, []),
        _draft("Quatrième billet", 5, []),
    ]
    settled = settle_dates(drafts)
    assert [d.title for d in settled] == [
        "Premier billet", "Deuxième billet", "Troisième billet", "Quatrième billet"]  # fmt: skip
    assert [d.dates[0][0].iso() for d in settled] == [
        "2020-10-14", "2020-10-14", "2020-10-13", "2020-10-13"]  # fmt: skip


def test_meta_lines_above_titles_date_the_next_item_and_never_fill_gaps() -> None:
    drafts = [
        _draft(None, 1, ["Par Luc Roy 05/03/2022"], text="", leading=1),
        _draft("Premier", 2, ["Léa Noir il y a 3 jours"], trailing=1),
        _draft("Second", 3, ["Par Luc Roy 01/03/2022"], trailing=1),
        _draft("Troisième", 4, []),
    ]
    settled = settle_dates(drafts)
    got = [(d.title, [m.iso() or m.text for m, _ in d.dates]) for d in settled]
    assert got == [("Premier", ["2022-03-05"]), ("Second", ["il y a 3 jours"]),
                   ("Troisième", ["2022-03-01"])]  # fmt: skip


def test_a_published_line_wins_over_a_bare_date_and_an_update() -> None:
    draft = _draft("Un titre", 1, ["Mis à jour le 9 mai 2021", "12 avril 2021",
                                   "Agence Sud, publié le lundi 10 mai 2021 à 09h00"])  # fmt: skip
    mention = DateRules().date_of(draft)
    assert mention is not None and mention.iso() == "2021-05-10"
    assert date_line("BERLIN, 8 octobre (Reuters) --") is None  # a dispatch's dateline, no year
