"""The format readers one by one: detection by content, listings by structure, grouping, exports."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from archive.read.formats.detect import detect_bytes, detect_file
from archive.read.formats.draft import FormatDraft, url_key
from archive.read.formats.exports import columns_for, read_csv
from archive.read.formats.group import group_drafts
from archive.read.formats.html import read_html
from archive.read.formats.htmltext import fragment_blocks
from archive.read.importer import article_id
from tests.conftest import DATA, SEEDS_DIR

FORMATS = DATA / "formats"


def _read(name: str) -> list[FormatDraft]:
    return read_html((FORMATS / name).read_text(encoding="utf-8"), name)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("article.html", "html"), ("listing.html", "html"), ("home.html", "html"),
     ("feed_rss2.xml", "feed"), ("feed_rss1.rdf", "feed"), ("feed_atom.xml", "feed"),
     ("export.jsonl", "jsonl"), ("export.json", "json"), ("export.csv", "csv"),
     ("article.txt", "text")],
)  # fmt: skip
def test_each_kind_is_told_by_its_content(name: str, kind: str, tmp_path: Path) -> None:
    # Renamed without an extension: only the content tells.
    copy = tmp_path / "noext"
    copy.write_bytes((FORMATS / name).read_bytes())
    assert detect_file(copy) == kind


def test_text_dumps_stay_text_and_odd_starts_are_not_taken_for_json() -> None:
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        assert detect_file(seed) == "text", seed.name
    assert detect_bytes(b"[Video] Le titre d'un reportage\n\nLe texte.") == "text"
    assert detect_bytes(b"Titre, avec une virgule\nEt du texte, encore.") == "text"
    assert detect_bytes(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n") == "warc"
    assert detect_bytes(b"\xef\xbb\xbf<?xml version='1.0'?><!-- c --><feed xmlns='x'>") == "feed"
    assert detect_bytes(b"headline;article_body\nA;B\n", {"headline", "article_body"}) == "csv"


def test_an_article_page_with_related_links_is_one_article() -> None:
    (draft,) = _read("related.html")
    assert draft.title == "Sécheresse : les agriculteurs du Sud-Ouest demandent des aides d'urgence"
    assert draft.full and draft.dates[0][0].iso() == "2025-08-12"
    assert draft.dates[0][0].text == "le 12 août 2025"  # stated in the page, in its words
    assert len(draft.blocks) == 3  # the related articles' teasers are not its text


def test_blog_posts_dated_by_their_markup() -> None:
    drafts = _read("blog.html")
    assert [d.title for d in drafts] == [
        "Les bains thermaux rouvrent leurs portes au public",
        "Un nouveau tramway longera le Danube dès l'an prochain",
        "Le marché central fête ses cent trente ans",
    ]
    assert [d.dates[0][0].iso() for d in drafts] == ["2025-03-14", "2025-03-10", "2025-03-08"]
    assert drafts[0].keywords == ["Culture"] and len(drafts[0].blocks) == 2
    assert not drafts[0].full and drafts[0].read_more  # an excerpt
    whole = drafts[2]  # a whole post inlined on the home page
    assert whole.full and [b.type for b in whole.blocks] == [
        "paragraph", "heading", "bullet", "bullet", "paragraph", "quote", "paragraph"]  # fmt: skip
    assert all(d.archive is None for d in drafts)  # the blog's name is a link, not an archive


def test_cards_without_headings_give_items_with_their_meta_line_dates() -> None:
    drafts = _read("cards.html")
    assert [d.archive for d in drafts] == [("Emploi", "category")] * 2
    assert [d.dates[0][0].iso() for d in drafts] == ["2020-09-29", "2020-09-29"]
    assert [len(d.blocks) for d in drafts] == [1, 1]  # the meta line is not a teaser
    assert "30 septembre" in drafts[1].blocks[0].text  # an event date in a teaser is not its date


def test_hostile_markup_in_html_never_becomes_text() -> None:
    page = (
        "<html><body><h1>Un titre [red]vif[/red]</h1><p onclick='x()'>Texte \x1b]0;pwn\x07 propre "
        "et assez long pour passer pour un article, avec plusieurs phrases.</p>"
        "<script>evil()</script><style>.a{}</style><template><p>caché</p></template></body></html>"
    )
    text = " ".join(b.text for d in read_html(page, "x") for b in d.blocks)
    assert "evil" not in text and "caché" not in text and "\x1b" not in text and "\x07" not in text
    blocks = fragment_blocks("<p>Un</p><script>x()</script><ul><li>deux</li></ul><h2>trois</h2>")
    assert [(b.type, b.text) for b in blocks] == [("paragraph", "Un"), ("bullet", "deux"),
                                                   ("heading", "trois")]  # fmt: skip


def test_urls_compare_without_scheme_www_slash_or_tracking() -> None:
    same = {url_key(u) for u in [
        "https://www.site.example/a/b/", "http://site.example/a/b?utm_source=rss#top",
        "HTTPS://Site.Example/a/b"]}  # fmt: skip
    assert len(same) == 1
    assert url_key("https://site.example/a/b?id=2") != url_key("https://site.example/a/b?id=3")
    assert url_key("not a url") is None


def test_grouping_joins_by_title_or_url_whatever_the_order() -> None:
    def draft(title: str, url: str | None, file: str) -> FormatDraft:
        return FormatDraft(file, 1, 1, title, url=url)

    drafts = [
        draft("Titre A", None, "a.txt"),
        draft("Titre A", "https://s.example/a", "a.html"),
        draft("Autre titre de A", "https://www.s.example/a/", "feed.xml"),
        draft("Titre B", None, "b.txt"),
    ]
    results = []
    for order in itertools.permutations(drafts):
        groups = group_drafts(order, lambda d: article_id(d.title, d.blocks))
        results.append(sorted((k, sorted(d.file for d in g)) for k, g in groups.items()))
    assert all(r == results[0] for r in results)
    assert sorted(files for _, files in results[0]) == [["a.html", "a.txt", "feed.xml"], ["b.txt"]]
    # A stored article found by URL keeps its id.
    stored = {url_key("https://s.example/a"): "0123456789abcdef"}
    groups = group_drafts(drafts, lambda d: article_id(d.title, d.blocks), stored)
    assert "0123456789abcdef" in groups and len(groups["0123456789abcdef"]) == 3


def test_export_columns_usual_names_and_map() -> None:
    cols = columns_for(["Headline", "article_body", "datePublished", "Keywords", "link"], {})
    assert cols == {"title": "Headline", "date": "datePublished", "tags": "Keywords",
                    "url": "link", "text": "article_body"}  # fmt: skip
    cols = columns_for(["t", "corps"], {"title": "t", "text": "corps"})
    assert cols == {"title": "t", "text": "corps"}
    found = read_csv('title,text\n"Un, titre","Un texte"\nbroken "quote,x\n', "f.csv", {})
    assert [d.title for d in found.drafts][0] == "Un, titre"


def test_a_page_is_decoded_as_its_meta_charset_says(tmp_path: Path) -> None:
    from archive.read.formats import read_document

    page = tmp_path / "latin.html"
    page.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
        b"</head><body><h1>Le budget de 5 \xa4 par habitant est vot\xe9</h1><p>Le conseil a vot\xe9 "
        b"un budget de cinq \xa4 par habitant pour l'\xe9t\xe9, \xe0 l'unanimit\xe9.</p></body></html>"
    )
    (draft,) = read_document("html", str(page), path=page).drafts
    assert draft.title == "Le budget de 5 € par habitant est voté"


def test_warc_resource_records_are_read_as_pages(tmp_path: Path) -> None:
    import io

    from warcio.warcwriter import WARCWriter

    from archive.read.formats.warc import read_warc

    warc = tmp_path / "local.warc"
    with open(warc, "wb") as f:
        writer = WARCWriter(f, gzip=False)
        page = io.BytesIO((FORMATS / "article.html").read_bytes())
        record = writer.create_warc_record("https://x.example/a", "resource", payload=page,
                                           warc_content_type="text/html")  # fmt: skip
        writer.write_record(record)
    found = read_warc(warc, str(warc))
    assert [d.title for d in found.drafts] == [
        "Le gouvernement présente un plan d'économies de 40 milliards"
    ]
    assert found.problems == [] and found.drafts[0].line == 1


def test_many_documents_read_on_several_processes_give_the_same_drafts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import archive.read.formats as formats

    files = [(p, detect_file(p)) for p in sorted(FORMATS.iterdir()) if detect_file(p) != "text"]
    serial = formats.read_documents(files * 3, field_map={"url": "lien"})
    monkeypatch.setattr(formats, "MIN_PARALLEL", 2)
    monkeypatch.setattr(formats.os, "cpu_count", lambda: 2)
    parallel = formats.read_documents(files * 3, field_map={"url": "lien"})
    assert [(d.file, d.title, d.url) for d in parallel.drafts] == [
        (d.file, d.title, d.url) for d in serial.drafts
    ]
    assert parallel.skipped == serial.skipped and parallel.kinds == serial.kinds


def test_a_large_json_lines_export_is_read_as_a_stream(tmp_path: Path) -> None:
    from archive.read.formats import read_document

    export = tmp_path / "big.jsonl"
    body = "Une phrase d'un long article. " * 3_300  # about 100 KB a row
    with open(export, "w", encoding="utf-8") as f:
        for i in range(170):
            f.write(f'{{"title": "Article numéro {i} de la série", "text": "{body}"}}\n')
        f.write('{"title": "' + "x" * (17 * 1024 * 1024) + '"}\n')  # one row over the limit
        f.write('{"title": "Le dernier article, après la ligne trop longue", "text": "Fin."}\n')
    assert export.stat().st_size > 16 * 1024 * 1024  # over the limit for a page, not an export
    found = read_document("jsonl", str(export), path=export)
    assert len(found.drafts) == 171 and found.drafts[-1].line == 172
    assert found.problems == ["line 171: longer than 16777216 characters; skipped"]
