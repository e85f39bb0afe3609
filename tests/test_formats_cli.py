"""The real `manchette import` then `list --json` on HTML pages, WARC files, feeds and exports."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.store.library import Library
from tests.conftest import DATA
from tests.test_cli import run

FORMATS = DATA / "formats"
PLAN = "Le gouvernement présente un plan d'économies de 40 milliards"
PLAN_URL = "https://www.journalduval.example/economie/plan-economies-40-milliards/"
MAP = ("--map", "url=lien", "--map", "date=date_publication")


def _by_title(library: Path) -> dict[str, dict]:
    data = json.loads(run("list", "--json", library=library, check=True).stdout)
    return {a["title"]: a for a in data}


def _names(article: dict) -> set[str]:
    return {Path(s["file"]).name for s in article["sources"]}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    folder = tmp_path_factory.mktemp("in") / "formats"
    shutil.copytree(FORMATS, folder)
    library = tmp_path_factory.mktemp("lib")
    done = run("import", str(folder), *MAP, library=library)
    return library, done.stdout, done.stderr


def test_summary_counts_each_kind_and_names_bad_rows(imported: tuple[Path, str, str]) -> None:
    _, out, err = imported
    for count, label in [(13, "files read"), (1, "text dumps"), (6, "HTML pages"), (3, "feeds"),
                         (1, "JSON Lines exports"), (1, "JSON exports"), (1, "CSV exports")]:  # fmt: skip
        assert f"{count}" in out and label in out, out
        line = next(x for x in out.splitlines() if x.strip().endswith(label))
        assert line.split()[0] == str(count), line
    assert "export.csv: line 5: no title and no text" in err
    assert "export.jsonl: line 3: not JSON" in " ".join(err.split())
    assert "export.json: item 2: not an object" in err


def test_one_article_from_five_forms_keeps_the_fullest_text(
    imported: tuple[Path, str, str],
) -> None:
    library, _, _ = imported
    articles = _by_title(library)
    plan = articles[PLAN]
    assert _names(plan) == {"article.html", "article.txt", "listing.html", "feed_rss2.xml",
                            "export.jsonl"}  # fmt: skip
    assert not any(
        "économies" in t and t != PLAN for t in articles
    )  # the feed's title merged by URL
    assert plan["date"] == "2025-06-03" and plan["date_text"] == "le 3 juin 2025"
    assert [b["type"] for b in plan["body"]] == [
        "paragraph", "heading", "paragraph", "bullet", "bullet", "quote", "paragraph"]  # fmt: skip
    assert plan["body"][1]["text"] == "Des mesures contestées"
    tags = {(t["name"], t["kind"]) for t in plan["tags"]}
    assert {("Économie", "category"), ("Budget", "keyword"), ("Impôts", "keyword")} <= tags
    assert [t["name"] for t in plan["tags"]].count("Économie") == 1  # one name, one tag
    assert plan["url"] == PLAN_URL and plan["author"] == "Claire Martin"
    assert plan["site"] == "Le Journal du Val"
    # Scripts, styles, iframes and event attributes never become text; markup stays literal.
    text = json.dumps(list(articles.values()), ensure_ascii=False)
    for never in ("Ceci ne doit jamais", "alert", "steal", "evil()", "javascript", "pwned", "<p"):
        assert never not in text
    assert "[bold]Rien de spécial[/bold]" in plan["body"][2]["text"]


def test_listing_pages_give_one_article_per_item(imported: tuple[Path, str, str]) -> None:
    library, _, _ = imported
    articles = _by_title(library)
    inflation = articles["L'inflation ralentit encore en mai selon l'Insee"]
    assert inflation["date"] == "2025-05-30" and inflation["date_text"] == "30 mai 2025"
    assert {"name": "Économie", "kind": "category"} in inflation["tags"]
    assert inflation["teaser"].startswith("La hausse des prix") and inflation["body"] == []
    port = articles["Le port de commerce lance son chantier d'agrandissement"]
    assert port["date"] == "2025-05-28" and port["sources"][0]["position"] == 3
    # A home page without any class names or article elements: headings with links.
    home = [a for a in articles.values() if _names(a) == {"home.html"}]
    assert [
        a["sources"][0]["position"] for a in sorted(home, key=lambda a: a["sources"][0]["position"])
    ] == [1, 2, 3]
    piscine = articles["La piscine municipale rouvre après six mois de travaux"]
    assert piscine["date"] == "2025-06-01" and piscine["url"].endswith("/piscine")
    assert piscine["teaser"].startswith("Le bassin olympique")
    assert not any(a["title"].startswith("Le match de la semaine") for a in articles.values())


def test_feeds_rss2_rss1_and_atom(imported: tuple[Path, str, str]) -> None:
    articles = _by_title(imported[0])
    vin = articles["Les exportations de vin atteignent un record historique"]
    assert vin["date"] == "2025-06-02" and vin["date_text"] == "2025-06-02 (feed)"
    assert [b["type"] for b in vin["body"]] == ["paragraph", "heading", "bullet", "bullet", "quote"]
    assert {"name": "Agriculture", "kind": "keyword"} in vin["tags"]
    lisbonne = articles["Trois jours à Lisbonne sans voiture"]
    assert lisbonne["date"] == "2025-04-18" and lisbonne["teaser"].startswith("Tramways")
    libellule = articles["Une nouvelle espèce de libellule découverte en Guyane"]
    assert libellule["date"] == "2025-05-19" and libellule["author"] == "Paul Leroy"
    assert (
        len(libellule["body"]) == 2
        and {"name": "Biodiversité", "kind": "keyword"} in libellule["tags"]
    )


def test_exports_map_usual_and_mapped_columns(imported: tuple[Path, str, str]) -> None:
    articles = _by_title(imported[0])
    greve = articles["Grève à la SNCF : le trafic perturbé jeudi"]
    assert greve["date"] == "2025-06-04" and greve["author"] == "Luc Bernard"
    assert [b["text"] for b in greve["body"]][1] == "La direction prévoit un train sur trois."
    assert {"name": "Social", "kind": "section"} in greve["tags"]
    media = articles["La médiathèque ouvre le dimanche dès septembre"]
    assert media["url"] == "https://ville.example/mediatheque" and len(media["body"]) == 2
    assert {t["name"] for t in media["tags"]} == {"Culture", "Ville"}
    noel = articles["Le marché de Noël s'installe place Gambetta"]  # CSV, columns given by --map
    assert noel["date"] == "2024-11-29" and noel["url"] == "https://ville.example/marche-noel"
    formula = articles['=HYPERLINK("http://evil.example","cliquez")']  # kept as text, never run
    assert formula["body"][0]["text"] == "+cmd|' /C calc'!A0"


def test_reimport_is_idempotent_and_keeps_user_state(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    run("import", str(FORMATS), *MAP, library=library)
    before = run("list", "--json", library=library, check=True).stdout
    lib = Library.open(library)
    plan_id = next(a.id for a in lib.all_articles() if a.title == PLAN)
    lib.set_starred(plan_id, True)
    lib.set_user_tags(plan_id, ["à lire"])
    lib.close()
    again = run("import", str(FORMATS), *MAP, library=library)
    assert " 0  articles new" in again.stdout or "0  articles new" in again.stdout, again.stdout
    assert run("list", "--json", library=library, check=True).stdout == before
    lib = Library.open(library)
    state = lib.user_state(plan_id)
    assert state.starred and state.tags == ["à lire"]


def _warc(path: Path, records: list[tuple[str, str, bytes, str]], tail: bytes = b"") -> None:
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=path.suffix == ".gz")
        for url, content_type, body, date in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                               http_headers=http, warc_headers_dict={"WARC-Date": date})  # fmt: skip
            writer.write_record(record)
        f.write(tail)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_pages_duplicates_and_damaged_records(tmp_path: Path, name: str) -> None:
    page = (FORMATS / "article.html").read_bytes()
    listing = (FORMATS / "listing.html").read_bytes()
    warc = tmp_path / "in" / name
    warc.parent.mkdir()
    _warc(warc, [
        (PLAN_URL, "text/html; charset=utf-8", page, "2025-06-04T10:00:00Z"),
        ("https://www.journalduval.example/economie/", "text/html", listing, "2025-06-04T10:01:00Z"),
        ("https://www.journalduval.example/logo.png", "image/png", b"\x89PNG....", "2025-06-04T10:02:00Z"),
        (PLAN_URL, "text/html; charset=utf-8", page, "2025-06-05T10:00:00Z"),
    ], tail=b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\ntruncated")  # fmt: skip
    library = tmp_path / "lib"
    done = run("import", str(warc.parent), library=library)
    assert next(x for x in done.stdout.splitlines() if "WARC files" in x).split()[0] == "1"
    articles = _by_title(library)
    plan = articles[PLAN]
    assert plan["url"] == PLAN_URL and plan["date"] == "2025-06-03" and len(plan["body"]) == 7
    assert {s["line"] for s in plan["sources"]} == {1, 2, 4}  # two captures and the listing item
    inflation = articles["L'inflation ralentit encore en mai selon l'Insee"]
    assert inflation["url"] == "https://www.journalduval.example/economie/inflation-ralentit-mai/"
    assert len(articles) == 3
    print(done.stderr)
    assert done.returncode == 1 and "damaged or truncated" in done.stderr
    assert len([line for line in done.stderr.splitlines() if line.startswith("skipped")]) == 1


def test_a_saved_page_folder_ignores_its_scripts_and_styles(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    (saved / "page_files").mkdir(parents=True)
    shutil.copy(FORMATS / "article.html", saved / "page.html")
    (saved / "page_files" / "style.css").write_text("body { color: red }\n")
    (saved / "page_files" / "app.js").write_text("var titre = 'Un faux article';\n")
    (saved / "page_files" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    done = run("import", str(saved), library=tmp_path / "lib")
    assert done.returncode == 0, done.stderr
    assert "3  page assets ignored" in done.stdout
    assert list(_by_title(tmp_path / "lib")) == [PLAN]


def test_bad_map_unreachable_url_and_no_feeds_say_so_in_one_line(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    bad = run("import", str(FORMATS / "export.csv"), "--map", "nope=x", library=library)
    assert bad.returncode == 2 and "--map 'nope=x'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    down = run("import", "http://127.0.0.1:9/feed.xml", library=library)  # the discard port
    assert down.returncode == 1
    assert "skipped http://127.0.0.1:9/feed.xml: cannot connect" in down.stderr
    none = run("update", library=library)
    assert none.returncode == 0 and "No feeds to update" in none.stderr


def test_show_gives_the_author_and_the_address(imported: tuple[Path, str, str]) -> None:
    library, _, _ = imported
    plan = _by_title(library)[PLAN]
    shown = run("show", plan["id"], library=library, check=True).stdout
    assert "by Claire Martin" in shown
    assert PLAN_URL in shown


async def test_the_article_view_gives_the_author_and_the_address(
    imported: tuple[Path, str, str], tmp_path: Path
) -> None:
    from tests.tui_fixtures import open_real_app, settle
    from tui.widgets.article_view import ArticleView

    library = tmp_path / "library"
    shutil.copytree(imported[0], library, ignore=shutil.ignore_patterns(".lock"))
    app = open_real_app(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"économies milliards", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        lines = [view.render_line(y).text for y in range(view.size.height)]
        shown = "\n".join(lines)
        assert "By Claire Martin" in shown, shown
        assert "URL https://www.journalduval.example/" in shown, shown
