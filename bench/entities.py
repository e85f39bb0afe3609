"""Named people, places and organisations with the spelling variants the generator writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Entity:
    """One name: its kind, its canonical form and the weighted surface forms a text may use."""

    kind: str
    canonical: str
    surfaces: tuple[tuple[str, int], ...]


def _e(kind: str, canonical: str, *surfaces: tuple[str, int]) -> Entity:
    return Entity(kind, canonical, surfaces or ((canonical, 1),))


# Keys are what templates write as {@key}; several keys may share one canonical name when the
# grammar needs another form ("les États-Unis" as a subject, "des États-Unis" after "de").
# fmt: off
ENTITIES: dict[str, Entity] = {
    "poutine": _e(
        "person", "Vladimir Poutine",
        ("Vladimir Poutine", 5), ("Poutine", 3), ("Vladimir Putin", 2), ("Putin", 1),
    ),
    "zelensky": _e(
        "person", "Volodymyr Zelensky",
        ("Volodymyr Zelensky", 5), ("Zelensky", 3), ("Volodymyr Zelenskyy", 1),
        ("Zelenskyy", 1), ("Volodymyr Zelenski", 1),
    ),
    "trump": _e("person", "Donald Trump", ("Donald Trump", 5), ("Trump", 3)),
    "biden": _e("person", "Joe Biden"),
    "peskov": _e("person", "Dmitri Peskov", ("Dmitri Peskov", 4), ("Dmitry Peskov", 1)),
    "lavrov": _e("person", "Sergueï Lavrov", ("Sergueï Lavrov", 4), ("Sergei Lavrov", 1)),
    "syrsky": _e("person", "Oleksandr Syrsky", ("Oleksandr Syrsky", 3), ("Oleksandr Syrskyi", 1)),
    "rutte": _e("person", "Mark Rutte"),
    "orban": _e("person", "Viktor Orban", ("Viktor Orban", 3), ("Viktor Orbán", 2)),
    "erdogan": _e(
        "person", "Recep Tayyip Erdogan", ("Recep Tayyip Erdogan", 3), ("Recep Tayyip Erdoğan", 1)
    ),
    "netanyahou": _e(
        "person", "Benyamin Netanyahou",
        ("Benyamin Netanyahou", 4), ("Netanyahou", 2), ("Benjamin Netanyahu", 2),
    ),
    "xi": _e("person", "Xi Jinping"),
    "vdl": _e("person", "Ursula von der Leyen"),
    "merz": _e("person", "Friedrich Merz"),
    "macron": _e("person", "Emmanuel Macron", ("Emmanuel Macron", 5), ("Macron", 2)),
    "lepen": _e("person", "Marine Le Pen"),
    "bardella": _e("person", "Jordan Bardella"),
    "melenchon": _e(
        "person", "Jean-Luc Mélenchon", ("Jean-Luc Mélenchon", 4), ("Jean-Luc Melenchon", 1)
    ),
    "bayrou": _e("person", "François Bayrou"),
    "barnier": _e("person", "Michel Barnier"),
    "attal": _e("person", "Gabriel Attal"),
    "philippe": _e("person", "Édouard Philippe", ("Édouard Philippe", 3), ("Edouard Philippe", 1)),
    "borne": _e("person", "Élisabeth Borne", ("Élisabeth Borne", 3), ("Elisabeth Borne", 1)),
    "lagarde": _e("person", "Christine Lagarde"),
    "powell": _e("person", "Jerome Powell"),
    "mbappe": _e("person", "Kylian Mbappé", ("Kylian Mbappé", 5), ("Mbappé", 2), ("Kylian Mbappe", 1)),
    "dupont": _e("person", "Antoine Dupont"),
    "marchand": _e("person", "Léon Marchand"),
    "riner": _e("person", "Teddy Riner"),
    "deschamps": _e("person", "Didier Deschamps"),
    "wembanyama": _e("person", "Victor Wembanyama", ("Victor Wembanyama", 4), ("Wembanyama", 2)),
    "pogacar": _e("person", "Tadej Pogačar", ("Tadej Pogačar", 2), ("Tadej Pogacar", 2)),
    "binoche": _e("person", "Juliette Binoche"),
    "seydoux": _e("person", "Léa Seydoux"),
    "triet": _e("person", "Justine Triet"),
    "nakamura": _e("person", "Aya Nakamura"),
    "ernaux": _e("person", "Annie Ernaux"),
    "kiev": _e("place", "Kiev", ("Kiev", 5), ("Kyiv", 4), ("Kyïv", 1)),
    "moscou": _e("place", "Moscou"),
    "kharkiv": _e("place", "Kharkiv", ("Kharkiv", 3), ("Kharkov", 2)),
    "odessa": _e("place", "Odessa", ("Odessa", 3), ("Odesa", 1)),
    "zaporijia": _e(
        "place", "Zaporijia", ("Zaporijia", 3), ("Zaporijjia", 1), ("Zaporizhzhia", 1)
    ),
    "donetsk": _e("place", "Donetsk"),
    "koursk": _e("place", "Koursk", ("Koursk", 3), ("Kursk", 1)),
    "soumy": _e("place", "Soumy", ("Soumy", 2), ("Sumy", 2)),
    "kherson": _e("place", "Kherson"),
    "crimee": _e("place", "Crimée"),
    "washington": _e("place", "Washington"),
    "bruxelles": _e("place", "Bruxelles"),
    "pekin": _e("place", "Pékin", ("Pékin", 4), ("Beijing", 1)),
    "teheran": _e("place", "Téhéran", ("Téhéran", 4), ("Teheran", 1)),
    "gaza": _e("place", "Gaza"),
    "israel": _e("place", "Israël", ("Israël", 5), ("Israel", 1)),
    "beyrouth": _e("place", "Beyrouth"),
    "paris": _e("place", "Paris"),
    "marseille": _e("place", "Marseille"),
    "lyon": _e("place", "Lyon"),
    "berlin": _e("place", "Berlin"),
    "istanbul": _e("place", "Istanbul"),
    "usa": _e(
        "place", "États-Unis",
        ("les États-Unis", 6), ("les Etats-Unis", 2), ("les USA", 1), ("les EUA", 1),
    ),
    "usa_de": _e(
        "place", "États-Unis",
        ("des États-Unis", 6), ("des Etats-Unis", 2), ("des USA", 1), ("des EUA", 1),
    ),
    "usa_a": _e("place", "États-Unis", ("aux États-Unis", 6), ("aux Etats-Unis", 2), ("aux USA", 1)),
    "otan": _e("org", "OTAN", ("l’OTAN", 6), ("l’Otan", 3), ("l’Alliance atlantique", 2)),
    "onu": _e("org", "ONU", ("l’ONU", 5), ("les Nations unies", 2)),
    "ue": _e("org", "Union européenne", ("l’Union européenne", 5), ("l’UE", 3)),
    "bce": _e("org", "Banque centrale européenne", ("la BCE", 4), ("la Banque centrale européenne", 2)),
    "fmi": _e("org", "FMI", ("le FMI", 4), ("le Fonds monétaire international", 1)),
    "fed": _e("org", "Réserve fédérale", ("la Fed", 3), ("la Réserve fédérale", 2)),
    "wagner": _e("org", "Wagner", ("le groupe Wagner", 3), ("Wagner", 1)),
    "hamas": _e("org", "Hamas", ("le Hamas", 1)),
    "psg": _e("org", "Paris Saint-Germain", ("le PSG", 4), ("le Paris Saint-Germain", 2)),
    "om": _e("org", "Olympique de Marseille", ("l’OM", 4), ("l’Olympique de Marseille", 2)),
    "edf": _e("org", "EDF"),
    "sncf": _e("org", "SNCF", ("la SNCF", 1)),
}
# fmt: on


def load_project_variants(path: Path) -> dict[str, list[str]]:
    """Extra surface forms of the people above, from the importer's entities file if present.

    The file is a list of {"name", "kind", "variants"}; anything else adds nothing, so the
    generator still runs (with its own variants) before or without that file.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    people = {e.canonical for e in ENTITIES.values() if e.kind == "person"}
    found: dict[str, list[str]] = {}
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or item.get("name") not in people:
            continue
        variants = item.get("variants")
        if isinstance(variants, list):
            found[item["name"]] = sorted({v for v in variants if isinstance(v, str) and v})
    return dict(sorted(found.items()))
