"""Listings and single pages in layouts and scraper styles the seeds lack, on pages written here."""

from __future__ import annotations

from archive.model import Article
from archive.read.importer import read_articles
from archive.read.lines import Line
from archive.read.pages import prepare
from archive.read.template import find_template
from tests.conftest import DATA

PAGES = DATA / "pages"


def _read(name: str) -> list[Article]:
    result = read_articles([PAGES / name])
    assert result.skipped == []
    return sorted(result.articles, key=lambda a: a.sources[0].position)


def _tags(a: Article, kind: str) -> list[str]:
    return [t.name for t in a.tags if t.kind == kind]


def test_items_with_labels_meta_lines_and_no_read_more() -> None:
    """Label, title, "date author", teaser cut with "…": one article per item, labels as sections."""
    arts = _read("listing_etiquettes.txt")
    assert [a.title for a in arts] == [
        "Le club de la ville renverse le leader au bout du temps additionnel",
        "Une étape de montagne redessinée pour le tour régional de printemps",
        "Les supporters réclament la rénovation de la tribune nord avant l’été",
        "Un jeune espoir de la ligue qualifié pour son premier tournoi international",
    ]
    assert [a.date for a in arts] == ["2024-03-12", "2024-03-11", "2024-03-09", "2024-03-08"]
    assert all(_tags(a, "category") == ["Sport"] for a in arts)  # "Catégorie: Sport"
    assert [_tags(a, "section") for a in arts] == [
        ["Football"],
        ["Cyclisme"],
        ["Football"],
        ["Tennis"],
    ]
    assert arts[2].teaser.startswith("Une pétition")  # "le 2 avril" in it is not its date


def test_meta_lines_are_not_articles_and_dates_after_read_more() -> None:
    """ "admin 0 Commentaires" before each title, the date after its "Lire la suite", a hero item."""
    arts = _read("listing_meta.txt")
    assert [a.title for a in arts] == [
        "Le marché couvert rouvre ses portes après huit mois de travaux",
        "La médiathèque prolonge ses horaires le samedi soir",
        "Un nouveau sentier de randonnée relie les deux villages de la vallée",
        "Les travaux du pont de la gare perturberont la circulation en mars",
    ]
    assert [a.date for a in arts] == ["2025-02-14", "2025-02-13", "2025-02-12", "2025-02-10"]
    assert all("Commentaires" not in a.teaser and "admin" not in a.teaser for a in arts)


def test_markdown_listing_names_its_tag_archive() -> None:
    """html2text: "Étiquette" / "# name", "## title" items, emphasis and links unmarked."""
    arts = _read("listing_markdown.txt")
    assert [a.title for a in arts] == [
        "Un parc solaire flottant installé sur l’ancienne carrière",
        "La coopérative éolienne des habitants lève deux millions d’euros",
        "Chauffage au bois : la chaufferie du quartier nord passe aux granulés locaux",
    ]
    assert all(_tags(a, "keyword") == ["énergies renouvelables"] for a in arts)
    assert [_tags(a, "section") for a in arts] == [
        ["Environnement"],
        ["Économie"],
        ["Environnement"],
    ]
    assert [a.date for a in arts] == ["2025-06-04", "2025-06-02", "2025-05-28"]  # not 15 septembre
    text = " ".join(a.teaser for a in arts)
    assert "**" not in text and "_exemplaire_" not in text and "](" not in text
    assert "trente pour cent sur la facture" in text


def test_day_headers_date_every_post_under_them() -> None:
    """Blog posts grouped under "lundi 3 février 2025"; a date in a title is an event's."""
    arts = _read("listing_jours.txt")
    assert [(a.title.split()[0], a.date) for a in arts] == [
        ("Concert", "2025-02-03"),
        ("La", "2025-02-03"),
        ("Rencontre", "2025-02-01"),
        ("Atelier", "2025-02-01"),
    ]
    assert _tags(arts[1], "keyword") == ["Archives", "Presse"]  # "Libellés : …"


def test_indented_listing_with_english_theme_strings() -> None:
    """inscriptis: indented lines, "Continue reading <title>", "Published 03/08/2021" after it."""
    arts = _read("listing_inscriptis.txt")
    assert [a.title for a in arts] == [
        "Cartographier les pistes cyclables de la métropole en trois semaines",
        "Les prénoms les plus donnés dans la région depuis cinquante ans",
        "Que disent les relevés de température des stations rurales ?",
    ]
    assert [a.date for a in arts] == ["2021-08-03", "2021-03-21", "2021-02-24"]
    # "Categorized as Données , Transport Tagged cartes , vélo , open data"
    assert _tags(arts[0], "keyword") == ["Données", "Transport", "cartes", "vélo", "open data"]


def test_single_page_section_labels_and_meta_line_are_not_the_title() -> None:
    (art,) = _read("page_rubrique_kicker.txt")
    assert art.title == (
        "Sécheresse : les nappes phréatiques au plus bas dans la moitié des départements"
    )
    assert art.date == "2025-03-21"
    assert _tags(art, "section") == ["Planète", "Climat"]
    assert [b.text for b in art.body if b.type == "heading"] == ["Des restrictions anticipées"]


def test_markdown_article_with_sub_headings_is_one_article() -> None:
    """ "#### rubric", "# title", "## sections": an article, not a listing of its sections."""
    (art,) = _read("page_markdown_sections.txt")
    assert art.title == "Les bibliothèques municipales prêtent désormais des liseuses"
    assert art.date == "2025-04-05"
    assert [b.text for b in art.body if b.type == "heading"] == [
        "Un catalogue de quatre mille titres",
        "Une formation pour les seniors",
        "Des retours encore rares",
    ]


def test_breadcrumb_cut_short_gives_way_to_the_full_title() -> None:
    (art,) = _read("page_ariane_coupee.txt")
    assert art.title == (
        "Le département ouvre un centre d’accueil pour les jeunes sortant de l’aide sociale "
        "à l’enfance"
    )
    assert _tags(art, "section") == ["Société"] and art.date == "2025-01-18"


def test_no_template_in_an_article_or_a_short_list() -> None:
    """Repetition alone is not a listing: sub-headings, or two lines alike, make no template."""
    article = [Line(1, "Un titre d’article assez long pour en être un", level=1)]
    for n in range(3):
        article.append(Line(2 + 2 * n, f"Une partie numéro {n} de l’article", level=2))
        article.append(Line(3 + 2 * n, "Un paragraphe. " * 20))
    assert find_template(article) is None
    assert find_template([Line(1, "Actualité"), Line(2, "Un titre seul ici")]) is None


def test_date_lines_opening_each_item_belong_to_it() -> None:
    """ "12 septembre 2022" / title / "par X" / teaser / "Lire la suite →": the date opens its item,
    and the author archive's heading is no article."""
    arts = _read("listing_date_en_tete.txt")
    assert [(a.title.split()[1], a.date) for a in arts] == [
        ("vendanges", "2022-09-12"),
        ("coopérative", "2022-09-05"),
        ("fête", "2022-08-29"),
    ]


def test_single_page_below_a_long_menu() -> None:
    """A scraped menu of one-word links above the article does not hide its title."""
    (art,) = _read("page_menu.txt")
    assert art.title == "La réforme du collège unique divise les syndicats enseignants"
    assert art.date == "2024-03-04"
    assert _tags(art, "section")[-1] == "Éducation"
    assert [b.text for b in art.body if b.type == "heading"] == ["Une mesure contestée"]


def test_dates_glued_to_titles_by_get_text() -> None:
    """get_text() with no separator: "…à la rentrée7 juin 2023" is a title and its date line."""
    arts = _read("listing_colle_dates.txt")
    assert [(a.title, a.date) for a in arts] == [
        ("Le conservatoire ouvre une classe de musiques actuelles à la rentrée", "2023-06-07"),
        ("La fanfare de la ville invitée au carnaval de Dunkerque", "2023-06-06"),
        ("Un orgue du XVIIIe siècle restauré dans l’église Saint-Pierre", "2023-06-02"),
    ]
    assert all(_tags(a, "category") == ["Musique"] for a in arts)
    lines = prepare("2 juin 2023Un orgue restauré\nUn orgue restauré en 2023\n").lines
    assert [(ln.kind, ln.text) for ln in lines] == [
        ("date", "2 juin 2023"),
        ("text", "Un orgue restauré"),
        ("text", "Un orgue restauré en 2023"),
    ]


def test_a_page_of_titles_only_is_a_list_of_articles() -> None:
    """ "Les plus lus" and four titles, no body text anywhere: four articles, not one."""
    arts = _read("liste_titres.txt")
    assert [a.title.split()[0] for a in arts] == ["Incendie", "Le", "Un", "La"]
    assert all(a.teaser == "" for a in arts)


def test_tag_name_over_its_description_names_the_archive() -> None:
    """A tag archive's head: the tag in lower case, then a line describing it."""
    arts = _read("listing_tag_description.txt")
    assert [a.date for a in arts] == ["2024-10-14", "2024-10-10", "2024-10-03"]
    assert all(_tags(a, "keyword") == ["transition énergétique"] for a in arts)
