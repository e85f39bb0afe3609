"""Planted versions and events for the stories benchmark, with their ground truth.

- versions: a dispatch republished on other sites a few hours to two days later, under a new
  title, with reworded sentences, a paragraph cut, sometimes a paragraph added, or only its
  (edited) teaser listed;
- events: three to six articles over up to three days about one event (an actor, a place, a
  rare place name and an affair name of its own, a figure), each written with its own title
  and text; a third of the events have a twin: another event of the same topic, actor and
  place within two days, with names of its own (a distractor only its rare terms tell apart).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from bench.lexicon import Topic
from bench.textgen import ArticleText, TextWriter

OTHER_SITES = ("Le Courrier du Matin", "Ouest Dépêches", "La Vigie numérique", "Info Réseau 24")
SHARE_EVENTS = 1 / 45  # events per article of the corpus
SHARE_DISPATCHES = 1 / 30  # republished dispatches per article
SHARE_TWINS = 0.35
MAX_EVENT_DAYS = 3.0
MAX_COPY_DAYS = 2.0

_SYLLABLES = ("var", "lo", "kes", "tri", "mon", "dal", "vor", "ni", "sa", "bre", "quel", "zan",
              "ro", "pel", "ti", "gour", "ma", "vel", "dor", "ka", "lis", "mar", "ven", "tol")  # fmt: skip
_PLACE_ENDS = ("ville", "ac", "ka", "ovo", "ignan", "heim", "iers", "ivka")

_EVENT_LINES = (
    "{actor} a réagi aux événements de {rare}, où {n} personnes ont dû être évacuées",
    "À {rare}, près de {place}, les autorités font état de {n} victimes",
    "L’affaire, que la presse appelle déjà {affair}, a pris une ampleur nationale",
    "{affair} : {actor} promet des réponses rapides aux habitants de {rare}",
    "Les enquêteurs dépêchés à {rare} ont remis leurs premières conclusions sur {affair}",
    "À {rare}, les habitants attendent toujours des explications après {affair}",
    "Le bilan de {affair} s’établit désormais à {n} victimes, selon les secours de {rare}",
)

# Rewordings a desk applies to a wire: (pattern, replacement).
_REWORD = (
    (r"\ba annoncé\b", "a fait savoir"), (r"\bselon\b", "d’après"), (r"\bmais\b", "cependant"),
    (r"\ba déclaré\b", "a affirmé"), (r"\ba indiqué\b", "a précisé"), (r"\bplusieurs\b", "de nombreux"),
    (r"\bdésormais\b", "à présent"), (r"\bnouvelles?\b", "récentes"), (r"\baprès\b", "à la suite de"),
    (r"\ble président\b", "le chef de l’État"), (r"\bpendant\b", "durant"), (r"\bdepuis\b", "dès"),
)  # fmt: skip


@dataclass
class Event:
    """One planted event: its names and the articles' numbers (1-based) that cover it."""

    id: int
    topic: Topic
    actor: str
    place: str
    rare: str
    affair: str
    figure: int
    written: list[int] = field(default_factory=list)


@dataclass
class Schedule:
    """Which moment (index) is an event article or a copy of an earlier article."""

    event_of: dict[int, Event] = field(default_factory=dict)
    copy_of: dict[int, int] = field(default_factory=dict)  # index -> original index
    teaser_copy: set[int] = field(default_factory=set)
    site_of: dict[int, str] = field(default_factory=dict)


def _name(rng: random.Random) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return (word + rng.choice(_PLACE_ENDS)).capitalize()


def schedule(
    moments: list[float], topics: list[Topic], writer: TextWriter, rng: random.Random
) -> Schedule:
    """Pick the moments that are event articles and republished copies (seconds, sorted)."""
    out = Schedule()
    size = len(moments)
    taken: set[int] = set()
    day = 86400.0

    def after(start: int, days: float, k: int) -> list[int]:
        window = []
        j = start + 1
        while j < size and moments[j] - moments[start] <= days * day:
            if j not in taken:
                window.append(j)
            j += 1
        return sorted(rng.sample(window, min(k, len(window))))

    events = max(2, round(size * SHARE_EVENTS))
    for eid in range(events):
        start = rng.randrange(size)
        if start in taken:
            continue
        topic = rng.choice(topics)
        twin = out.event_of.get(start - 1) if rng.random() < SHARE_TWINS else None
        actor = twin.actor if twin else writer.pick(topic, "actor")
        place = twin.place if twin else _place(writer, topic, rng)
        event = Event(eid, twin.topic if twin else topic, actor, place, _name(rng),
                      f"l’affaire {_name(rng)}", rng.randint(3, 400))  # fmt: skip
        members = [start, *after(start, MAX_EVENT_DAYS, rng.randint(2, 5))]
        for j in members:
            taken.add(j)
            out.event_of[j] = event
    dispatches = max(2, round(size * SHARE_DISPATCHES))
    for _ in range(dispatches):
        start = rng.randrange(size)
        if start in out.copy_of:
            continue
        for j in after(start, MAX_COPY_DAYS, rng.choice((1, 1, 2, 3))):
            taken.add(j)
            out.event_of.pop(j, None)
            out.copy_of[j] = start
            out.site_of[j] = rng.choice(OTHER_SITES)
            if rng.random() < 0.25:
                out.teaser_copy.add(j)
        taken.add(start)
    return out


def _place(writer: TextWriter, topic: Topic, rng: random.Random) -> str:
    if "place" in topic.pools:
        return writer.pick(topic, "place")
    return _name(rng)


def event_text(text: ArticleText, event: Event, rng: random.Random) -> None:
    """Write the event into a freshly written article: its lead, a line in the body, the title.

    Each article of an event opens with another of its lines, reworded its own way: articles
    about one event share names, not sentences (they are not versions of each other).
    """
    k = len(event.written)
    event.written.append(k)
    order = [(k + i) % len(_EVENT_LINES) for i in range(len(_EVENT_LINES))]
    lines = [order[0], *rng.sample(order[1:], 2)]

    def line(index: int) -> str:
        words = _EVENT_LINES[index].format(actor=event.actor, place=event.place, rare=event.rare,
                                           affair=event.affair, n=event.figure)  # fmt: skip
        return reword(words[0].upper() + words[1:] + ".", rng)

    text.teaser = line(lines[0]) + " " + text.teaser
    if text.body:
        text.body.insert(1, ("paragraph", line(lines[1]) + " " + line(lines[2])))
    else:
        text.teaser += " " + line(lines[1])
    if rng.random() < 0.5:
        text.title = f"{event.rare} : {text.title}"


def reword(sentence: str, rng: random.Random) -> str:
    """A desk's rewording of one sentence: synonyms, or its two halves swapped at a comma."""
    changed = sentence
    for pattern, repl in rng.sample(_REWORD, len(_REWORD)):
        changed = re.sub(pattern, repl, changed, count=1)
    if changed == sentence and ", " in sentence[:-1]:
        head, tail = sentence.rstrip(".").split(", ", 1)
        changed = tail[0].upper() + tail[1:] + ", " + head[0].lower() + head[1:] + "."
    return changed


def _edit(paragraph: str, rng: random.Random, share: float) -> str:
    sentences = re.split(r"(?<=[.!?»])\s+(?=[A-ZÀ-Ý«])", paragraph)
    return " ".join(reword(s, rng) if rng.random() < share else s for s in sentences)


def copy_text(
    original: ArticleText, writer: TextWriter, topic: Topic, rng: random.Random, teaser_only: bool
) -> ArticleText:
    """An edited republication: new title, reworded sentences, a paragraph cut or added."""
    body = [(kind, _edit(t, rng, 0.3) if kind == "paragraph" else t) for kind, t in original.body]
    paragraphs = [i for i, (kind, _) in enumerate(body) if kind == "paragraph"]
    if len(paragraphs) >= 3 and rng.random() < 0.7:
        del body[rng.choice(paragraphs[1:])]
    if body and rng.random() < 0.4:
        body.append(("paragraph", writer.paragraph(topic, 2)))
    title = writer.title(topic)
    return ArticleText(
        title=title,
        teaser=_edit(original.teaser, rng, 0.3),
        body=[] if teaser_only else body,
        stated=original.stated,
        agency=original.agency,
        byline=original.byline,
        entities=dict(original.entities),
    )
