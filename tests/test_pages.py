"""The page reader on small pages written for the shapes the seeds lack."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.model import Article
from archive.read.importer import read_articles
from tests.conftest import DATA

PAGES = DATA / "pages"


@pytest.fixture(scope="module")
def by_title() -> dict[str, Article]:
    result = read_articles([PAGES])
    assert result.skipped == []
    return {a.title: a for a in result.articles}


def _tags(a: Article) -> list[tuple[str, str]]:
    return [(t.name, t.kind) for t in a.tags]


def test_read_more_forms_and_date_lines(by_title: dict[str, Article]) -> None:
    bce = by_title["La BCE maintient ses taux directeurs malgré le ralentissement"]
    sncf = by_title["Grève à la SNCF : le trafic perturbé sur les lignes régionales"]
    vin = by_title["Les exportations de vin français atteignent un niveau record"]
    assert (bce.date, sncf.date, vin.date) == ("2023-11-02", "2022-09-29", "2020-08-15")
    assert bce.date_text == "Publié le 02/11/23 à 16h33"
    assert _tags(bce) == [("Économie", "category")]
    assert vin.agency == "Reuters"
    assert [Path(a.sources[0].file).name for a in (bce, sncf, vin)] == ["listing_formes.txt"] * 3
    assert [a.sources[0].position for a in (bce, sncf, vin)] == [1, 2, 3]
    assert not bce.is_full and bce.teaser.startswith("La Banque centrale européenne")


def test_breadcrumb_header_names_the_archive(by_title: dict[str, Article]) -> None:
    reforme = by_title["Réforme des retraites : le gouvernement recourt au 49.3"]
    assert _tags(reforme) == [("Politique", "category")]
    assert reforme.date == "2023-03-14" and reforme.date_text == "Ce mardi 14 mars 2023"
    assert reforme.agency == "AFP"
    assert "Municipales : la majorité cherche des candidats dans les grandes villes" in by_title
    assert len([a for a in by_title.values() if "listing_fil" in a.sources[0].file]) == 2


def test_single_page_with_chevrons_chrome_and_keywords(by_title: dict[str, Article]) -> None:
    chili = by_title["Le Chili vote pour une nouvelle Constitution"]
    assert chili.site == "L'Écho du Port"
    assert ("International", "section") in _tags(chili)
    assert {("Chili", "keyword"), ("référendum", "keyword")} <= set(_tags(chili))
    assert chili.date == "2022-09-04" and chili.date_text.startswith("Publié le")
    types = [b.type for b in chili.body]
    assert types == ["paragraph", "heading", "paragraph", "bullet", "bullet", "bullet", "quote"]
    text = " ".join(b.text for b in chili.body)
    for chrome in ("Partager", "Retour en haut", "Laisser un commentaire", "Menu", "Par Marie"):
        assert chrome not in text


def test_single_page_with_bars(by_title: dict[str, Article]) -> None:
    losc = by_title["Le Losc s’impose face à Lens dans le derby"]
    assert losc.site == "Le Journal du Nord" and _tags(losc) == [("Sport", "section")]
    assert [b.text[:10] for b in losc.body] == ["Les Dogues"]


def test_no_blank_lines_and_glued_titles(by_title: dict[str, Article]) -> None:
    titles = [t for t, a in by_title.items() if "sans_lignes" in a.sources[0].file]
    assert sorted(titles) == sorted(
        [
            "Canicule : des records de chaleur battus dans le Sud-Ouest",
            "Sécheresse : des restrictions d’eau dans quarante départements",
            "Ouragan : la Floride se prépare à l’arrivée de la tempête",
        ]
    )
    canicule = by_title["Canicule : des records de chaleur battus dans le Sud-Ouest"]
    assert canicule.date_text == "ce lundi 12 août" and canicule.date is not None
    assert canicule.date.endswith("-08-12")  # a Monday: the year comes from the weekday
    secheresse = by_title["Sécheresse : des restrictions d’eau dans quarante départements"]
    assert secheresse.date_estimate is not None
    assert secheresse.date_estimate.latest == canicule.date


def test_bare_category_name_header(by_title: dict[str, Article]) -> None:
    avignon = by_title["Le festival d’Avignon dévoile sa programmation"]
    assert _tags(avignon) == [("Culture", "category")]
    assert "Culture" not in by_title


def test_bare_body_gets_a_derived_title(by_title: dict[str, Article]) -> None:
    derived = [a for a in by_title.values() if a.title_derived]
    assert len(derived) == 1
    body = derived[0]
    assert body.title.startswith("Les agriculteurs ont de nouveau bloqué")
    assert len(body.title) <= 91
    assert [b.type for b in body.body] == ["paragraph", "heading", "paragraph"]


def test_windows_1252_and_latin_1_pages(by_title: dict[str, Article]) -> None:
    prix = by_title["Le prix de l’électricité va baisser en février"]
    assert "« de 15 % »" in prix.teaser
    assert _tags(prix) == [("énergie", "keyword")]
    assert "Les éoliennes en mer progressent à Saint-Nazaire" in by_title


def test_ids_are_stable_and_whitespace_insensitive(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Archives du mot-clé x\n\nLa paix « durable » en vue\n\nTexte.\n\nLire la suite\n")
    b.write_text(
        "Archives du mot-clé y\n\nLa paix\u00a0«\u00a0durable\u00a0» en vue\n\nTexte.\n\nLire la suite\n"
    )
    articles = read_articles([tmp_path]).articles
    assert len(articles) == 1
    assert sorted(t.name for t in articles[0].tags) == ["x", "y"]
    assert read_articles([b]).articles[0].id == articles[0].id


def test_mixed_listing_shapes(by_title: dict[str, Article]) -> None:
    plan = by_title["Le gouvernement dévoile son plan pour l’hôpital public"]
    assert plan.date == "2024-04-10" and plan.is_full
    assert [b.type for b in plan.body] == ["paragraph", "heading", "paragraph", "quote"]
    profs = by_title["Les enseignants appellent à une nouvelle journée de mobilisation"]
    assert not profs.is_full and profs.teaser.startswith("Les syndicats réclament")
    assert _tags(profs) == [("Société", "category")]


def test_title_glued_after_a_percent_sign(by_title: dict[str, Article]) -> None:
    assert "Inflation : les prix reculent de 1,2 %" in by_title
    bourse = by_title["Marchés : la Bourse de Paris termine en hausse"]
    assert bourse.teaser.startswith("Le CAC 40") and bourse.sources[0].position == 2


def test_breadcrumb_title_with_guillemets(by_title: dict[str, Article]) -> None:
    title = "Guerre en Ukraine : l’armée réclame « Chaque jour coûte des vies » après des combats"
    article = by_title[title]
    assert article.site == "Le Veilleur.info" and _tags(article) == [("International", "section")]
