"""The shared vocabulary of the generated corpus: the Topic shape, common sentence pools, agencies.

Template slots: {name} draws from the topic's pool of that name, then from COMMON; {@key} writes a
spelling variant of a named entity (bench/entities.py); {n:A-B} a number; {W} where a lead
sentence states (or does not state) its date.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    """A subject area: its weight in the corpus, its archives and its sentence pools."""

    name: str
    weight: int
    categories: tuple[tuple[str, float], ...]  # (category, probability an article is filed there)
    keywords: tuple[str, ...]
    pools: dict[str, tuple[str, ...]] = field(default_factory=dict)


# fmt: off
COMMON: dict[str, tuple[str, ...]] = {
    "selon": (
        "selon un communiqué publié dans la soirée",
        "selon les premières estimations",
        "selon plusieurs sources concordantes",
        "selon nos informations",
        "selon un responsable qui a requis l’anonymat",
        "selon les chiffres officiels",
        "selon un porte-parole",
    ),
    "mais": (
        "Les détails n’ont pas été rendus publics",
        "Aucune date n’a encore été fixée",
        "La décision sera réexaminée dans les prochaines semaines",
        "Plusieurs questions restent en suspens",
        "Le calendrier reste incertain",
        "Les réactions ne se sont pas fait attendre",
    ),
    "context": (
        "Cette annonce intervient dans un contexte tendu",
        "Le dossier est suivi de près par les observateurs",
        "La question divise depuis plusieurs mois",
        "Le sujet s’est invité au cœur des débats",
        "L’affaire suscite de nombreuses interrogations",
        "Le contexte reste marqué par une forte incertitude",
    ),
    "distractor": (
        "La crise avait commencé en {year_past}",
        "Un premier accord avait été signé en {year_past}",
        "Une réunion est prévue pour le {n:2-28} {month}",
        "Le texte avait déjà été examiné le {n:2-28} {month} {year_past}",
        "Le précédent rapport remontait à {year_past}",
    ),
    "month": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "year_past": ("2008", "2012", "2014", "2016", "2017", "2019", "2020"),
    "quote_tail": ("a déclaré", "a affirmé", "a assuré", "a estimé", "a souligné"),
    "quote_short": ("{quote}",),
    "title_tail": (
        " après {event}", ", {selon}", " à {place}", " malgré les critiques",
        " pour la {n:2-5}e fois", " face à {n:2-90} opposants",
        " dès {month}", " avant l’hiver", " sous la pression de la rue",
    ),
}

AGENCIES: tuple[tuple[str, int], ...] = (("AFP", 12), ("Reuters", 5), ("AP", 2), ("Belga", 1))

SITES: tuple[str, ...] = ("Le Veilleur.info",)

# Chrome lines seen around single article pages.
PAGE_CHROME: tuple[tuple[str, ...], ...] = (
    ("Retour en haut",),
    ("Partager", "Retour en haut"),
    ("Laisser un commentaire", "Retour en haut"),
    ("Partager",),
)
# fmt: on
