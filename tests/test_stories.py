"""Versions and stories: found at import from pages written for these tests, kept incrementally."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive.group import stories
from archive.group.grouping import GROUPS_FILE, STATE_FILE, Groups, load_groups, load_links
from archive.group.versions import resemblance, same_dispatch, same_facts, shingles, text_facts
from archive.model import Article, Block, Source
from archive.read.importer import import_paths
from archive.search.engine import SearchEngine
from archive.store.library import Library
from tui.threads import compare_texts, thread_ids

DATA = Path(__file__).parent / "data" / "stories"
FIRST = sorted(DATA.glob("*.txt"))  # the dam (wire + republication + follow-up) and a fire
MANCHETTE = Path(sys.executable).parent / "manchette"  # the installed command, as a user runs it
LATER = sorted((DATA / "later").glob("*.txt"))  # one more article on the dam, a day later


def _by_title(library: Library) -> dict[str, Article]:
    return {a.title.split(" :")[0]: a for a in library.iter_articles()}


@pytest.fixture(name="library")
def library_fixture(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "library")
    import_paths(library, FIRST)
    return library


def test_a_republished_wire_is_a_version_and_the_follow_up_joins_its_story(
    library: Library,
) -> None:
    articles = _by_title(library)
    wire, copy = articles["Rupture d’une digue à Valmorel"], articles["Drôme"]
    follow_up, fire = articles["Digue de Valmorel"], articles["Feu de forêt près de Saint-Orcel"]
    groups = load_groups(library)
    assert groups is not None
    assert sorted(groups.versions_of(wire.id)) == sorted([wire.id, copy.id])
    assert groups.versions_of(follow_up.id) == []  # same event, its own text: not a version
    story = groups.story_of(wire.id)
    assert story is not None
    assert sorted(groups.story_members(story.id)) == sorted([wire.id, copy.id, follow_up.id])
    # A fire in the same département, the same days: another event.
    assert groups.story_of(fire.id) is None  # alone in its story: no story to a reader
    whole = load_groups(library, for_import=True)  # the import keeps it, to grow it later
    assert whole is not None and whole.story_of(fire.id) not in (None, story)
    assert story.span() == ("2025-03-12", "2025-03-14")
    assert set(story.sources) == {"Le Veilleur", "Le Courrier du Soir", "La Vigie"}


def test_one_articles_links_read_alone_equal_those_of_the_whole_groups(library: Library) -> None:
    """`show` reads one article's links from groups.json without decoding every story."""
    groups = load_groups(library)
    assert groups is not None
    ids = [a.id for a in library.iter_articles()]
    assert any(groups.links(i)["versions"] for i in ids)  # the case is there to compare
    for article_id in [*ids, "0123456789abcdef"]:
        assert load_links(library, article_id) == groups.links(article_id)
    # A view written otherwise (spaces, another key order) is decoded whole: same links.
    path = library.directory / GROUPS_FILE
    view = json.loads(path.read_bytes())
    path.write_text(json.dumps(dict(reversed(list(view.items()))), indent=1), encoding="utf-8")
    for article_id in ids:
        assert load_links(library, article_id) == groups.links(article_id)
    path.write_bytes(b'{"format": 2, "vers')  # damaged: no links rather than an error
    assert load_links(library, ids[0]) is None


def test_a_story_of_one_article_is_kept_for_imports_only_and_format_2_still_reads(
    library: Library,
) -> None:
    """groups.json (what readers decode) holds the stories of two or more articles; the state
    file keeps the lone ones, to grow them. A library written with every story in groups.json
    (format 2) reads the same and is rewritten by its next import, nothing regrouped."""
    articles = _by_title(library)
    wire, fire = (
        articles["Rupture d’une digue à Valmorel"],
        articles["Feu de forêt près de Saint-Orcel"],
    )
    whole = load_groups(library, for_import=True)
    assert whole is not None
    view = json.loads((library.directory / GROUPS_FILE).read_bytes())
    state = json.loads((library.directory / STATE_FILE).read_bytes())
    assert view["format"] == 3 and fire.id not in view["story"] and wire.id in view["story"]
    assert state["lone"][fire.id] == whole.stories.story[fire.id]
    old_view = {
        **view, "format": 2, "story": {**view["story"], **state.pop("lone")},
        "stories": {**view["stories"], **state.pop("lone_rows")},
    }  # fmt: skip
    (library.directory / GROUPS_FILE).write_text(json.dumps(old_view), encoding="utf-8")
    (library.directory / STATE_FILE).write_text(json.dumps({**state, "format": 2}), "utf-8")
    reader = load_groups(library)
    assert reader is not None and reader.story_of(fire.id) is None
    story = reader.story_of(wire.id)
    assert story is not None and story.to_row() == whole.stories.stories[story.id].to_row()
    links = load_links(library, fire.id)
    assert links is not None and links["story"] is None
    import_paths(library, LATER)
    after = load_groups(library, for_import=True)
    assert after is not None
    assert all(after.stories.story[a] == s for a, s in whole.stories.story.items())
    assert json.loads((library.directory / GROUPS_FILE).read_bytes())["format"] == 3


def test_a_later_import_joins_the_stored_story_without_regrouping(library: Library) -> None:
    before = load_groups(library, for_import=True)
    assert before is not None
    stored = dict(before.stories.story)
    import_paths(library, LATER)
    after = load_groups(library, for_import=True)
    assert after is not None and after.revision == library.revision()
    for article_id, story_id in stored.items():
        assert after.stories.story[article_id] == story_id  # nothing stored moved
    newcomer = next(a for a in library.iter_articles() if a.id not in stored)
    wire = _by_title(library)["Rupture d’une digue à Valmorel"]
    assert after.stories.story[newcomer.id] == stored[wire.id]


def test_stale_groups_are_rebuilt_from_every_article(library: Library) -> None:
    (library.directory / GROUPS_FILE).write_bytes(b"{not json")
    import_paths(library, LATER)
    groups = load_groups(library, for_import=True)
    assert groups is not None and len(groups.stories.story) == len(library)
    assert (library.directory / STATE_FILE).exists()


def test_queries_and_threading(library: Library) -> None:
    engine = SearchEngine(library)
    wire = _by_title(library)["Rupture d’une digue à Valmorel"]
    groups = engine.groups()
    assert groups is not None
    story = groups.story_of(wire.id)
    assert story is not None
    assert len(engine.search(f"story:{story.id}").ids) == 3
    assert len(engine.search(f"versions:{wire.id[:6]}").ids) == 2
    assert len(engine.search(f"digue -versions:{wire.id}").ids) == 1  # the follow-up only
    threaded = thread_ids(engine, engine.search("").ids)
    fire = _by_title(library)["Feu de forêt près de Saint-Orcel"]
    assert sorted(threaded) == sorted([f"§{story.id}", fire.id])  # alone: a row of its own


def test_shingles_tell_a_teaser_in_its_article_and_keep_unrelated_texts_apart() -> None:
    article = (DATA / "veilleur_barrage.txt").read_text(encoding="utf-8")
    teaser = "Une digue de la retenue de Valmorel a cédé dans la nuit de mardi à mercredi, " \
        "obligeant les pompiers à évacuer trois cents habitants des hameaux"  # fmt: skip
    fire = (DATA / "veilleur_incendie.txt").read_text(encoding="utf-8")
    jaccard, containment = resemblance(shingles(teaser), shingles(article))
    assert jaccard < 0.3 and containment == 1.0
    assert same_dispatch(shingles(teaser), shingles(article), close=True)
    assert not same_dispatch(shingles(fire), shingles(article), close=True)
    # Dates apart: only near-identical texts are versions.
    assert not same_dispatch(shingles(teaser), shingles(article), close=False)
    # Undated: the teaser (two dozen words) could share them by chance; the article's long
    # body republished with its last paragraph cut is still a version.
    assert not same_dispatch(shingles(teaser), shingles(article), close=None)
    cut = article[: article.rindex("Une cellule de crise")]
    assert same_dispatch(shingles(cut), shingles(article), close=None)


def _article(article_id: str, teaser: str, body: list[str], date: str = "2025-03-12") -> Article:
    return Article(
        id=article_id, title=f"Titre {article_id}", teaser=teaser,
        body=[Block("paragraph", t) for t in body], date=date,
    )  # fmt: skip


def test_a_teaser_finds_the_long_article_it_opens() -> None:
    """A long article's bottom values come mostly from its body: its opening is sketched too,
    so that the teaser listed elsewhere is a candidate, then verified by containment."""
    paragraphs = [
        p
        for name in ("veilleur_barrage.txt", "vigie_barrage_enquete.txt", "veilleur_incendie.txt")
        for p in (DATA / name).read_text(encoding="utf-8").split("\n\n")
        if len(p) > 150
    ]
    # A long body: the paragraphs, then variants of them (every third word marked).
    long_body = paragraphs + [
        " ".join(f"{w}{k}" if i % 3 == 0 else w for i, w in enumerate(p.split()))
        for k in range(1, 5)
        for p in paragraphs[1:]
    ]
    teaser = paragraphs[0]
    articles = {
        "a": _article("a", "", long_body),
        "b": _article("b", teaser, [], date="2025-03-13"),
    }
    groups = Groups()
    groups.add(articles, ["a", "b"])
    assert sorted(groups.versions_of("a")) == ["a", "b"]


def test_versions_keep_their_names_and_figures() -> None:
    told = "Le préfet de la Drôme Armand Quéruel a fait évacuer 300 habitants de Valmorel, "
    other = "Le préfet de l’Isère Jean Morvan a fait évacuer 40 habitants de Chanteloup, "
    tail = "selon un communiqué publié dans la soirée. Les habitants attendent des explications."
    assert same_facts(text_facts(told + tail), text_facts(told.replace("a fait", "fit") + tail))
    assert not same_facts(text_facts(told + tail), text_facts(other + tail))
    articles = {"a": _article("a", told + tail, []), "b": _article("b", other + tail, [])}
    groups = Groups()
    groups.add(articles, ["a", "b"])
    assert groups.versions_of("a") == []  # the same set phrases, another event


def test_words_common_in_french_never_link_a_story_in_a_small_library() -> None:
    common = stories.common_words()  # folded and cut to 8 letters like the terms
    assert {"gouverne", "royaume", "sarah", "musees"} <= common
    assert not {"szoboszl", "queruel", "valmorel"} & common
    # Three articles the same day: in so small a library every word is in one or two of them,
    # so only the French reference tells that a country and a first name make no event.
    texts = {
        "a": "Au Royaume-Uni, les musées nationaux suppriment des milliers d’emplois, a annoncé "
        "mardi Sarah Martin, porte-parole du ministère de la Culture.",
        "b": "Au Royaume-Uni, un supercalculateur sera construit pour la recherche médicale, a "
        "annoncé mardi Sarah Martin, porte-parole du groupe.",
        "c": "Le préfet Armand Quéruel a fait évacuer mardi les habitants de Valmorel, où les "
        "musées nationaux prêtent la salle des fêtes, a annoncé Sarah Martin.",
        "d": "À Valmorel, Armand Quéruel promet un retour des habitants avant la fin de la "
        "semaine, selon Sarah Martin, porte-parole de la préfecture.",
    }
    articles = {
        k: Article(id=k, title=t[:40], teaser=t, date="2025-03-12",
                   entities={"place": ["Royaume-Uni"] if k in "ab" else ["Valmorel"]})
        for k, t in texts.items()
    }  # fmt: skip
    groups = Groups()
    groups.add(articles, sorted(articles))
    assert groups.story_of("a") != groups.story_of("b")
    assert groups.story_of("c") == groups.story_of("d")  # a rare name, a rare place


def test_a_one_sentence_text_is_a_version_only_of_the_same_sentence() -> None:
    sentence = "Le conseil municipal de Valmorel a voté mardi la fermeture de la piscine."
    listed = "LE CONSEIL MUNICIPAL DE VALMOREL a voté, mardi, la fermeture de la piscine !"
    article = sentence + (
        " Les nageurs du club devront s’entraîner à Montélimar jusqu’à la fin des travaux,"
        " a précisé le maire, qui promet une réouverture avant l’été prochain."
    )
    assert same_dispatch(shingles(sentence), shingles(listed), close=True)
    assert same_dispatch(shingles(sentence), shingles(listed), close=None)  # undated
    assert not same_dispatch(shingles(sentence), shingles(listed), close=False)  # far apart
    # The sentence opens a longer text: not enough to call the two one dispatch.
    assert not same_dispatch(shingles(sentence), shingles(article), close=True)
    assert not same_dispatch(shingles("Le maire a voté."), shingles("Le maire a voté."))


def test_versions_compare_word_by_word() -> None:
    old = "Le préfet a annoncé mardi l’évacuation de trois cents habitants. Une cellule de crise."
    new = "Le préfet a fait savoir mardi l’évacuation de trois cents habitants. [bold]Alerte"
    result = compare_texts(old, new)
    assert result.reworded >= 2 and result.cut + result.reworded >= 4
    assert "[bold]Alerte" in result.text.plain  # article text stays text, never markup
    struck = [s for s in result.text.spans if "strike" in str(s.style)]
    assert struck


def test_groups_of_an_in_memory_library() -> None:
    library = Library.in_memory()
    import_paths(library, FIRST)
    groups = load_groups(library)
    assert groups is not None and len(groups.versions.group) == 2


def _manchette(*args: str, library: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MANCHETTE), "--library", str(library), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_commands_story_versions_and_show_json(tmp_path: Path) -> None:
    library = tmp_path / "library"
    done = _manchette("import", *map(str, FIRST), library=library)
    assert done.returncode == 0, done.stderr
    listed = json.loads(_manchette("list", "--json", library=library).stdout)
    wire = next(a for a in listed if a["title"].startswith("Rupture"))
    shown = json.loads(_manchette("show", wire["id"], "--json", library=library).stdout)
    assert len(shown["versions"]) == 1
    story = shown["story"]
    assert story["count"] == 3 and story["first"] == "2025-03-12" and story["last"] == "2025-03-14"
    found = _manchette("search", f"story:{story['id']}", "--json", library=library)
    assert found.returncode == 0
    assert len(json.loads(found.stdout)) == 3
    versions = _manchette("search", f"versions:{wire['id']}", library=library)
    assert versions.returncode == 0 and "Drôme : une digue cède" in versions.stdout
    bad = _manchette("search", "story:xyz", library=library)
    assert bad.returncode == 2 and "position 6" in bad.stderr and "Traceback" not in bad.stderr


_BLOG_POSTS = (
    ("Le potager municipal rouvre ses parcelles", "2025-03-12", 3,
     "Les jardiniers amateurs ont retrouvé les soixante parcelles du potager municipal, fermé"
     " tout l’hiver pour refaire les allées."),
    ("Le club de handball en demi-finales", "2025-03-13", 12,
     "Emmenés par un gardien intraitable, les cadets du club de handball ont battu leurs voisins"
     " et disputeront les demi-finales régionales."),
    ("La médiathèque prolonge ses horaires", "2025-03-13", 5,
     "À partir du mois prochain, la médiathèque ouvrira ses portes jusqu’à dix-neuf heures le"
     " samedi, a décidé le conseil municipal."),
    ("Travaux sur la route du col", "2025-03-14", 0,
     "La route du col restera fermée aux poids lourds pendant trois semaines, le temps de"
     " consolider le mur de soutènement."),
)  # fmt: skip


def _blog() -> list[Article]:
    """Four posts of one blog page on unrelated subjects, each with the blog's name and its count
    of reactions under it, among articles of other files (so that the blog's name is rare)."""
    others = [
        Article(id=f"other{i}", title=f"Note {i}", teaser=f"Texte {i} sans rapport avec le reste.",
                date=f"2024-01-{i + 1:02d}", sources=[Source(f"other{i}.txt", 1)])
        for i in range(28)
    ]  # fmt: skip
    posts = [
        Article(id=f"post{i}", title=title, teaser=text, date=day, sources=[Source("blog.txt", i)],
                body=[Block("paragraph", text),
                      Block("paragraph", f"Publié par le Carnet de Quenouillère · {n} réactions")])
        for i, (title, day, n, text) in enumerate(_BLOG_POSTS)
    ]  # fmt: skip
    return others + posts


def test_page_furniture_never_links_stories(monkeypatch: pytest.MonkeyPatch) -> None:
    found = stories.furniture_words(_blog())
    assert found["post0"] == {"publie", "carnet", "quenouil", "reaction"}
    assert "other0" not in found
    groups = stories.StoryGroups()
    groups.add(_blog(), {})
    assert len({groups.story[f"post{i}"] for i in range(4)}) == 4
    # Without the rule the blog's rare name, under every post, would make them one story.
    monkeypatch.setattr(stories, "FURNITURE_ARTICLES", 10**6)
    groups = stories.StoryGroups()
    groups.add(_blog(), {})
    assert len({groups.story[f"post{i}"] for i in range(4)}) == 1


def test_a_name_and_its_word_are_one_piece_of_evidence() -> None:
    # An undated article must share two rare terms with a story: a town's name found by the
    # gazetteer and the same name as a word are one, not two.
    assert stories._distinct(["@toulouse", "toulouse"]) == 1
    assert stories._distinct(["@jean castex", "castex", "matignon"]) == 2
    assert stories._distinct(["valmorel", "queruel"]) == 2


def test_names_are_capitalised_words_inside_a_sentence() -> None:
    text = "Le préfet Armand Quéruel a parlé. Valmorel attend (Drôme). L’ONU aussi.\n4 Comments"
    assert stories.proper_words(text) == {"armand", "queruel"}


def test_the_bench_leaves_articles_without_text_out_of_the_versions_truth() -> None:
    from archive.group.grouping import Groups
    from bench.stories import compare

    truth = [
        {"n": 1, "title": "Une digue cède à Valmorel", "dispatch": None, "event": 7},
        {"n": 2, "title": "Drôme : la digue a cédé", "dispatch": 1, "event": 7},
        {"n": 3, "title": "Valmorel : les habitants évacués", "dispatch": 1, "event": 7},
    ]
    articles = [
        Article(id="a1", title="Une digue cède à Valmorel", teaser="Une digue a cédé cette nuit."),
        Article(id="a2", title="Drôme : la digue a cédé", teaser="Une digue a cédé cette nuit."),
        Article(id="a3", title="Valmorel : les habitants évacués"),  # its title alone was read
    ]
    result = compare(truth, articles, Groups())
    assert result["without_text"] == 1
    assert result["versions"]["pairs_true"] == 1  # a1-a2; a3 has nothing to compare
    assert result["stories"]["pairs_true"] == 3  # it still covers the event
