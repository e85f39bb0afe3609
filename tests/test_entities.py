"""Tests of archive/read/entities.py: gazetteer data, variant folding, matching rules, token maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.read import entities as ent
from archive.read.entities import (
    DATA_FILE,
    KINDS,
    canonical_name,
    extract_entities,
    load_entities,
    surface_key,
    tokens,
    variant_phrases,
    variant_tokens,
)
from archive.text import fold

SAMPLES = Path(__file__).resolve().parents[1] / "archive" / "samples"


def names(text: str) -> list[str]:
    """Every canonical name found in text, people then places then organisations."""
    found = extract_entities(text)
    return found["person"] + found["place"] + found["org"]


# --- variants fold to one name -------------------------------------------------------------

FOLDED = {
    "Vladimir Poutine": [
        "Poutine", "Putin", "Vladimir Putin", "Putine", "Vladimir Poutine", "POUTINE",
    ],
    "Kiev": ["Kiev", "Kyiv", "Kyïv", "Kiyv"],
    "États-Unis": [
        "États-Unis", "Etats-Unis", "Etats Unis", "USA", "EUA", "U.S.A.",
        "États-Unis d’Amérique", "Etats-Unis d'Amérique", "ÉTATS-UNIS",
    ],
    "OTAN": ["OTAN", "NATO", "Otan", "Organisation du traité de l’Atlantique nord"],
    "Volodymyr Zelensky": [
        "Zelensky", "Zelenskyy", "Zelenski", "Volodymyr Zelenskyy", "Volodymyr Zelenski",
        "Volodymyr Zelensky",
    ],
    "Union européenne": ["Union européenne", "Union Européenne", "UE", "EU"],
    "ONU": ["ONU", "Nations unies", "Nations Unies", "UN"],
    "Moscou": ["Moscou", "Moscow"],
    "Pékin": ["Pékin", "Beijing", "Pekin"],
    "Royaume-Uni": ["Royaume-Uni", "UK", "Royaume Uni"],
    "Kremlin": ["Kremlin"],
    "Dmitri Peskov": ["Dmitri Peskov", "Peskov", "Peskow", "Dmitry Peskov"],
    "Maria Zakharova": ["Maria Zakharova", "Zakharova", "Sakharova"],
    "Oleksandr Syrsky": ["Oleksandr Syrsky", "Syrsky", "Syrskyi", "Oleksandr Syrskyi"],
    "Andreï Belooussov": ["Andreï Belooussov", "Belooussov", "Belousov", "Andrei Belousov"],
    "Iouri Ouchakov": ["Iouri Ouchakov", "Ouchakov", "Ushakov", "Yuri Ushakov"],
    "Rustem Oumerov": ["Rustem Oumerov", "Oumerov", "Umerov", "Rustem Umerov"],
    "Kirill Dmitriev": ["Kirill Dmitriev", "Dmitriev", "Dmitriyev"],
    "Ahmed al Charaa": ["Ahmed al Charaa", "Ahmed al-Charaa", "Al Charaa", "al-Sharaa"],
    "Talibans": ["talibans", "Talibans", "taliban"],
    "mer Noire": ["mer Noire", "Mer Noire", "Black Sea"],
}  # fmt: skip
FOLDED_CASES = [(name, surface) for name, surfaces in FOLDED.items() for surface in surfaces]


@pytest.mark.parametrize(("name", "surface"), FOLDED_CASES)
def test_variant_in_a_sentence_gives_the_canonical_name(name: str, surface: str) -> None:
    assert names(f"Hier, {surface} a réagi.") == [name]


@pytest.mark.parametrize(("name", "surface"), FOLDED_CASES)
def test_canonical_name_of_each_variant(name: str, surface: str) -> None:
    assert canonical_name(surface) == name


def test_all_variants_in_one_text_give_one_name_each() -> None:
    text = " ; ".join(surface for _, surface in FOLDED_CASES)
    found = names(text)
    assert sorted(found) == sorted(FOLDED)


def test_kinds() -> None:
    found = extract_entities("Vladimir Putin a appelé Kyiv et l’OTAN.")
    assert found == {"person": ["Vladimir Poutine"], "place": ["Kiev"], "org": ["OTAN"]}


# --- shape and order -------------------------------------------------------------------------


def test_all_kinds_are_keys_even_when_empty() -> None:
    assert extract_entities("") == {"person": [], "place": [], "org": []}
    assert extract_entities("Rien à signaler ce matin.") == {kind: [] for kind in KINDS}


def test_order_of_first_appearance_without_repeats() -> None:
    text = "Putin a parlé à Trump. Poutine et Trump, puis Moscou et Kyiv, puis Kiev et Moscow."
    found = extract_entities(text)
    assert found["person"] == ["Vladimir Poutine", "Donald Trump"]
    assert found["place"] == ["Moscou", "Kiev"]


# --- ambiguity and longest match ---------------------------------------------------------------


def test_melania_trump_is_not_donald_trump() -> None:
    assert names("Melania Trump a écrit à Vladimir Poutine.") == [
        "Melania Trump",
        "Vladimir Poutine",
    ]
    assert names("MELANIA TRUMP") == ["Melania Trump"]


def test_bare_surname_is_the_most_frequent_person() -> None:
    assert names("Trump a parlé.") == ["Donald Trump"]
    assert names("Melania Trump et Donald Trump, puis Trump seul.") == [
        "Melania Trump",
        "Donald Trump",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vladimir Putin arrive.", ["Vladimir Poutine"]),
        ("L’Union européenne décide.", ["Union européenne"]),
        ("Israel Katz répond.", ["Israel Katz"]),
        ("Selon le Washington Post, rien.", ["Washington Post"]),
        ("Donald Trump Jr. parle.", ["Donald Trump Jr."]),
        ("Le Sénat américain vote.", ["Sénat américain"]),
        ("La Commission européenne propose.", ["Commission européenne"]),
        ("Le détroit d’Ormuz est fermé.", ["détroit d'Ormuz"]),
        ("La Corée du Nord tire.", ["Corée du Nord"]),
    ],
)
def test_longest_match_wins(text: str, expected: list[str]) -> None:
    assert names(text) == expected


# --- acronyms and word boundaries -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Il a eu un accord, on verra.",
        "Un accord a eu lieu : us and them, on the way.",
        "L’USAGE veut que l’UNESCO et l’ONUSIDA, une AUE, un APRÈS-GUERRE.",
        "Les poutinistes et les trumpistes ; Kievien, Moscovite, Otanien.",
        "Queue, bleue, aveu ; il usa de son droit.",
        "UN ACCORD HISTORIQUE A EU LIEU",
        "McTrump et Zputin ne sont personne.",
    ],
)
def test_no_entity_inside_words_or_in_common_words(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'UE et l’ONU, puis les USA.", ["États-Unis", "Union européenne", "ONU"]),
        ("Le UN Security Council a voté.", ["Conseil de sécurité de l'ONU"]),
        ("The EU and the UN agreed.", ["Union européenne", "ONU"]),
        ("(Source : AP).", ["Associated Press"]),
        ("Le G7 puis le G20.", ["G7", "G20"]),
    ],
)
def test_acronyms_match_on_their_own(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_case_is_required_only_where_it_disambiguates() -> None:
    assert canonical_name("un") is None
    assert canonical_name("eu") is None
    assert canonical_name("UN") == "ONU"
    assert canonical_name("EU") == "Union européenne"
    assert canonical_name("putin") == "Vladimir Poutine"
    assert canonical_name("  kyiv ") == "Kiev"
    assert canonical_name("Personne Inconnue") is None
    assert canonical_name("") is None


# --- accents, apostrophes, separators ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("En Côte d’Ivoire.", ["Côte d'Ivoire"]),
        ("En Côte d'Ivoire.", ["Côte d'Ivoire"]),
        ("En Cote d'Ivoire.", ["Côte d'Ivoire"]),
        ("En Côte-d’Ivoire.", ["Côte d'Ivoire"]),
        ("À l’Élysée, à l'Elysée.", ["Élysée"]),
        ("Donald\u00a0Trump et Vladimir\u202fPoutine.", ["Donald Trump", "Vladimir Poutine"]),
        ("Maison Blanche, Maison-Blanche.", ["Maison-Blanche"]),
        ("Recep Tayyip Erdogan, Erdoğan.", ["Recep Tayyip Erdoğan"]),
        ("Israel, Israël.", ["Israël"]),
        ("Les États\u2013Unis.", ["États-Unis"]),
        ("Les États-\nUnis.", ["États-Unis"]),
    ],
)
def test_accents_apostrophes_and_separators_are_tolerated(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_surface_key() -> None:
    assert surface_key("États–Unis") == surface_key("etats unis") == "etats unis"
    assert surface_key("Côte d’Ivoire") == "cote d'ivoire"


# --- the real seed pages -----------------------------------------------------------------------


def test_seed_page_000() -> None:
    found = extract_entities((SAMPLES / "000_7c3dff4617ad423f.txt").read_text(encoding="utf-8"))
    people = {
        "Volodymyr Zelensky", "Donald Trump", "Dmitri Peskov", "Vladimir Poutine",
        "Iouri Ouchakov", "Friedrich Merz", "Rustem Oumerov", "Oleksandr Syrsky", "Anna Kelly",
        "Joe Biden",
    }  # fmt: skip
    places = {
        "Russie", "Ukraine", "Kiev", "Moscou", "États-Unis", "Allemagne", "Washington",
        "Crimée", "Israël", "Iran", "Gaza", "Istanbul", "Minsk", "Danemark", "Estonie",
        "Moyen-Orient", "Soumy", "Volgograd",
    }  # fmt: skip
    orgs = {"Kremlin", "OTAN", "CPI", "Wagner", "AFP", "Pentagone", "Maison-Blanche"}
    assert people <= set(found["person"])
    assert places <= set(found["place"])
    assert orgs <= set(found["org"])
    # "Vladimir Putin", "Kyiv", "Sumy" and "Cour pénale internationale" are in the page too
    assert not {"Kyiv", "Sumy", "Putin"} & set(names(str(found)))
    assert found["person"][:2] == ["Volodymyr Zelensky", "Donald Trump"]
    assert found["place"][:2] == ["Russie", "Ukraine"]


def test_seed_pages_001_002() -> None:
    page1 = extract_entities((SAMPLES / "001_005668899b61312e.txt").read_text(encoding="utf-8"))
    assert {"Ahmed al Charaa", "Scott Bessent", "Andreï Belooussov", "Dong Jun"} <= set(
        page1["person"]
    )
    assert {"Rajnath Singh", "Aleksejs Roslikovs", "Jens-Frederik Nielsen"} <= set(page1["person"])
    assert {"Union européenne", "Rosneft", "Lukoil", "OCS", "Talibans"} <= set(page1["org"])
    assert {"Pékin", "Royaume-Uni", "Lettonie", "Riga", "Groenland"} <= set(page1["place"])
    page2 = extract_entities((SAMPLES / "002_cb0a5764167c336e.txt").read_text(encoding="utf-8"))
    assert {"Kirill Dmitriev", "Maria Zakharova", "Melania Trump", "Donald Trump"} <= set(
        page2["person"]
    )


def test_seed_page_004() -> None:
    found = extract_entities((SAMPLES / "004_36cd9cbf486c6171.txt").read_text(encoding="utf-8"))
    assert {"Jake Sullivan", "Josep Borrell", "Dmitri Peskov"} <= set(found["person"])
    assert {"Washington Post", "Union européenne", "Kremlin"} <= set(found["org"])
    assert "Washington" not in found["place"]  # only "Washington Post" is in that page
    assert {"Koursk", "Donetsk", "Kiev", "Moscou"} <= set(found["place"])


# --- token maps for the search engine -----------------------------------------------------------


def test_variant_tokens() -> None:
    mapping = variant_tokens()
    expected = {
        "putin": "poutine",
        "putine": "poutine",
        "kyiv": "kiev",
        "zelenskyy": "zelensky",
        "zelenski": "zelensky",
        "nato": "otan",
        "usa": "etats-unis",
        "eua": "etats-unis",
        "moscow": "moscou",
        "beijing": "pekin",
        "uk": "royaume-uni",
        "peskow": "peskov",
        "ushakov": "ouchakov",
        "imf": "fmi",
    }
    assert {key: mapping.get(key) for key in expected} == expected
    for common in ("un", "eu", "us", "on", "ap", "trump", "poutine"):
        assert common not in mapping
    for key, value in mapping.items():
        assert tokens(key) == [key] and tokens(value) == [value], (key, value)
        assert key != value


def test_variant_phrases() -> None:
    mapping = variant_phrases()
    assert mapping["etats-unis d'amerique"] == "etats-unis"
    assert mapping["vladimir putin"] == "vladimir poutine"
    assert mapping["volodymyr zelenskyy"] == "volodymyr zelensky"
    assert mapping["etats unis"] == "etats-unis"
    assert mapping["maison blanche"] == "maison-blanche"
    assert mapping["organisation du traite de l'atlantique nord"] == "otan"
    assert mapping["ue"] == "union europeenne"
    assert "eu" not in mapping and "un" not in mapping
    for key, value in mapping.items():
        assert " ".join(tokens(key)) == key and " ".join(tokens(value)) == value
        assert key != value


def test_token_maps_are_copies() -> None:
    variant_tokens()["putin"] = "x"
    variant_phrases()["vladimir putin"] = "x"
    assert variant_tokens()["putin"] == "poutine"
    assert variant_phrases()["vladimir putin"] == "vladimir poutine"


# --- the data file -------------------------------------------------------------------------------


def test_data_file_is_readable_utf8_json() -> None:
    raw = DATA_FILE.read_bytes()
    text = raw.decode("utf-8")
    assert "\\u00" not in text and "États-Unis" in text  # ensure_ascii off
    data = json.loads(text)
    assert isinstance(data, list)
    for item in data:
        assert set(item) == {"name", "kind", "variants"}, item


def test_data_has_a_few_hundred_entries_of_each_kind() -> None:
    loaded = load_entities()
    counts = {kind: sum(e.kind == kind for e in loaded) for kind in KINDS}
    assert counts["person"] >= 250 and counts["place"] >= 250 and counts["org"] >= 150, counts


def test_no_surface_names_two_entries() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for entity in load_entities():
        assert fold(entity.name) and entity.name == entity.name.strip()
        for surface in entity.surfaces():
            key = surface_key(surface)
            if owner.setdefault(key, entity.name) != entity.name:
                clashes.append((surface, owner[key], entity.name))
    assert clashes == []
    assert len({e.name for e in load_entities()}) == len(load_entities())


def test_every_surface_finds_its_own_entry() -> None:
    missed = []
    for entity in load_entities():
        for surface in entity.surfaces():
            found = extract_entities(f"« {surface} »")
            if found[entity.kind] != [entity.name]:
                missed.append((surface, found))
    assert missed == []


def test_load_entities_rejects_bad_entries(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"name": "X", "kind": "planet"}]), encoding="utf-8")
    with pytest.raises(ValueError, match="entry 0"):
        load_entities(bad)
    bad.write_text(json.dumps([{"name": "X", "kind": "place", "variants": [1]}]), "utf-8")
    with pytest.raises(ValueError, match="variants"):
        load_entities(bad)
    bad.write_text(json.dumps({"name": "X"}), encoding="utf-8")
    with pytest.raises(ValueError, match="list"):
        load_entities(bad)


def test_compiled_once() -> None:
    assert ent._gazetteer() is ent._gazetteer()


def test_many_articles_get_the_same_names_on_several_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from archive.model import Article, Block
    from archive.read import entitypool

    texts = [
        "Vladimir Putin a rencontré Emmanuel Macron à Kyiv.",
        "L'ONU et l'OTAN se réunissent à Bruxelles.",
        "Rien à signaler ici.",
    ]
    articles = [
        Article(id=str(i), title=f"Titre {i}", body=[Block("paragraph", texts[i % 3])])
        for i in range(30)
    ]
    serial = [extract_entities(entitypool.entity_text(a)) for a in articles]
    monkeypatch.setattr(entitypool, "MIN_ARTICLES", 10)
    monkeypatch.setattr(entitypool, "CHUNK", 7)
    entitypool.fill_entities(articles, workers=2)
    assert [a.entities for a in articles] == serial
    assert serial[0]["person"] and serial[1]["org"]


def test_the_kept_variant_table_is_made_from_the_gazetteer_as_it_is() -> None:
    """data/variants.json spares every command the gazetteer's tokenizing; it must be current.

    After editing entities.json, run `python -m archive.search.analysis` to write it again.
    """
    from archive.search import analysis

    assert analysis._cached_variants() == analysis.computed_variants()
    assert analysis.load_variants() == analysis.computed_variants()
