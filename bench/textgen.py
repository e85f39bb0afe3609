"""French news text from the lexicon: titles, teasers, bodies and the date phrases they state."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate

from bench.entities import ENTITIES, Entity
from bench.lexicon import COMMON, Topic

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = COMMON["month"]

_SLOT = re.compile(r"\{([^{}]+)\}")
_DETERMINER = re.compile(r"^(Le|La|Les|L’|Un|Une|Des|Du|Ce|Cette) ?")

# How a dated article states its date, with weights; "line_*" forms are a line of their own.
DATED_FORMS: tuple[tuple[str, int], ...] = (
    ("inline_comma", 15),
    ("inline_ce", 20),
    ("inline_ce_year", 10),
    ("lead_weekday", 15),
    ("lead_ce_year", 8),
    ("night", 3),
    ("line_long", 12),
    ("line_published", 12),
    ("line_us", 5),
)
# What an undated lead says where a date could be: a bare weekday is not a date.
UNDATED_WHEN: tuple[str, ...] = ("", "", " jeudi", " ce mardi", " mercredi soir", " vendredi")


@dataclass(slots=True)
class DateStatement:
    """Where and how the text states its date, and the date a careful reader takes from it."""

    iso: str | None = None
    text: str | None = None
    also: list[str] = field(default_factory=list)
    prefix: str = ""  # written before the lead clause
    inline: str = ""  # written in the lead clause, after its verb
    line: str | None = None  # a date line between the title and the text


@dataclass(slots=True)
class ArticleText:
    """The words of one generated article."""

    title: str
    teaser: str
    body: list[tuple[str, str]]  # blocks after the teaser paragraph: (type, text)
    stated: DateStatement
    agency: str | None
    byline: str | None  # "Par AFP", written on single pages only
    entities: dict[str, str]  # canonical name -> kind


def day_text(day: date) -> str:
    """The day of the month as French writes it: "1er", "2", … "31"."""
    return "1er" if day.day == 1 else str(day.day)


def long_date(day: date, *, weekday: bool = True, year: bool = True) -> str:
    """ "mardi 23 septembre 2025", optionally without weekday or year."""
    parts = [WEEKDAYS[day.weekday()]] if weekday else []
    parts += [day_text(day), MONTHS[day.month - 1]]
    if year:
        parts.append(str(day.year))
    return " ".join(parts)


def state_date(published: datetime, form: str | None, rng: random.Random) -> DateStatement:
    """Build how an article states its publication date in the given form (None: undated)."""
    day = published.date()
    if form is None:
        return DateStatement(inline=rng.choice(UNDATED_WHEN))
    iso = day.isoformat()
    if form == "inline_comma":
        text = long_date(day, year=False)
        return DateStatement(iso, text, inline=f", {text},")
    if form in ("inline_ce", "inline_ce_year"):
        text = "ce " + long_date(day, year=form == "inline_ce_year")
        return DateStatement(iso, text, inline=" " + text)
    if form == "lead_weekday":
        text = long_date(day, year=False).capitalize()
        return DateStatement(iso, text, prefix=text + ", ")
    if form == "lead_ce_year":
        text = "Ce " + long_date(day).capitalize()
        return DateStatement(iso, text, prefix=text + ", ")
    if form == "night":
        before = day - timedelta(days=1)
        same_month = before.month == day.month
        first = f"{WEEKDAYS[before.weekday()]} {day_text(before)}"
        if not same_month:
            first += " " + MONTHS[before.month - 1]
        text = f"la nuit du {first} au {long_date(day)}"
        return DateStatement(iso, text, [before.isoformat()], prefix=f"Dans {text}, ")
    if form == "line_long":
        text = long_date(day, weekday=False)
        return DateStatement(iso, text, line=text)
    if form == "line_published":
        text = f"Publié le {day:%d/%m/%y} à {published:%H}h{published:%M}"
        line = text
        if rng.random() < 0.3:
            later = published + timedelta(hours=rng.randint(1, 30))
            line += f", mis à jour le {later:%d/%m/%y} à {later:%H}h{later:%M}"
        return DateStatement(iso, text, line=line)
    if form == "line_us":
        text = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        return DateStatement(iso, text, line=text)
    raise ValueError(f"unknown date form {form!r}")


def _weights(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [p[0] for p in pairs], list(accumulate(p[1] for p in pairs))


_ELISIONS = (
    (re.compile(r"\b([Dd])e (?=[aeiouyéèêâîôœAEIOUYÉÈÊÂÎÔŒ])"), r"\1’"),
    (re.compile(r"\b([Qq])ue (?=[aeiouyéèêâîôAEIOUYÉÈÊÂÎÔ])"), r"\1u’"),
    (re.compile(r"\bde les\b"), "des"),
    (re.compile(r"\bde le\b"), "du"),
    (re.compile(r"\bà les\b"), "aux"),
    (re.compile(r"\bà le\b"), "au"),
)


def elide(text: str) -> str:
    """French contractions the templates cannot know in advance: "de obtenir" -> "d’obtenir"."""
    for pattern, repl in _ELISIONS:
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=1 << 16)
def _sentence(text: str) -> str:
    text = elide(text.strip())
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


class TextWriter:
    """Expands the lexicon's templates with one seeded random generator."""

    def __init__(self, rng: random.Random, extra_surfaces: dict[str, list[str]] | None = None):
        self.rng = rng
        self._surfaces: dict[str, tuple[list[str], list[int]]] = {}
        extra = extra_surfaces or {}
        for key, entity in ENTITIES.items():
            pairs = list(entity.surfaces)
            if entity.kind == "person":
                known = {s for s, _ in pairs}
                pairs += [(s, 1) for s in extra.get(entity.canonical, []) if s not in known]
            self._surfaces[key] = _weights(tuple(pairs))
        self._dated = _weights(DATED_FORMS)
        self.mentions: dict[str, str] = {}
        self._used: set[str] = set()

    def surface(self, key: str) -> str:
        """A weighted spelling variant of entity key; records the mention."""
        entity: Entity = ENTITIES[key]
        self.mentions[entity.canonical] = entity.kind
        names, cum = self._surfaces[key]
        return self.rng.choices(names, cum_weights=cum)[0]

    def expand(self, template: str, topic: Topic, when: str = "") -> str:
        """Fill every slot of template, recursively."""

        def fill(match: re.Match[str]) -> str:
            key = match.group(1)
            if key == "W":
                return when
            if key[0] == "@":
                return self.surface(key[1:])
            if key.startswith("n:"):
                low, high = key[2:].split("-")
                return str(self.rng.randint(int(low), int(high)))
            pool = topic.pools.get(key) or COMMON[key]
            return self.expand(self.rng.choice(pool), topic, when)

        return _SLOT.sub(fill, template)

    def pick(self, topic: Topic, pool: str) -> str:
        """One expanded entry of a pool."""
        return self.expand(self.rng.choice(topic.pools.get(pool) or COMMON[pool]), topic)

    def dated_form(self) -> str:
        """Draw how a dated article states its date."""
        names, cum = self._dated
        return self.rng.choices(names, cum_weights=cum)[0]

    def title(self, topic: Topic) -> str:
        """A news title, sometimes with a tail."""
        text = self.pick(topic, "title")
        if self.rng.random() < 0.6:
            text += self.pick(topic, "title_tail")
        text = elide(text)
        return text[0].upper() + text[1:]

    def lead(self, topic: Topic, stated: DateStatement) -> str:
        """The first sentence, carrying the date statement if any."""
        clause = self.expand(self.rng.choice(topic.pools["lead"]), topic, stated.inline)
        if "selon" not in clause and self.rng.random() < 0.5:
            clause += ", " + self.pick(topic, "selon")
        if stated.prefix:
            clause = _DETERMINER.sub(lambda m: m.group(0).lower(), clause[0].upper() + clause[1:])
            return _sentence(stated.prefix + clause)
        return _sentence(clause)

    def plain(self, topic: Topic) -> str:
        """A sentence of the topic or a general one, not yet used in this article if possible."""
        for _ in range(4):
            roll = self.rng.random()
            pool = "sentence" if roll < 0.7 else ("context" if roll < 0.85 else "mais")
            text = _sentence(self.pick(topic, pool))
            if text not in self._used:
                break
        self._used.add(text)
        return text

    def paragraph(self, topic: Topic, sentences: int) -> str:
        return " ".join(self.plain(topic) for _ in range(sentences))

    def quote(self, topic: Topic) -> str:
        words = self.pick(topic, "quote")
        return f"« {words} », {self.pick(topic, 'quote_tail')} {self.pick(topic, 'actor')}."

    def body(self, topic: Topic) -> list[tuple[str, str]]:
        """Blocks after the teaser: paragraphs, sub-headings, bullet lines and quotes."""
        rng = self.rng
        blocks: list[tuple[str, str]] = [("paragraph", self.paragraph(topic, rng.randint(2, 4)))]
        headings = rng.sample(topic.pools["heading"], k=min(len(topic.pools["heading"]), 3))
        for heading in headings[: rng.randint(1, 3)]:
            blocks.append(("heading", self.expand(heading, topic)))
            for _ in range(rng.randint(1, 3)):
                roll = rng.random()
                if roll < 0.15:
                    blocks.append(("quote", self.quote(topic)))
                elif roll < 0.25:
                    blocks.extend(self.bullets(topic))
                else:
                    blocks.append(("paragraph", self.paragraph(topic, rng.randint(2, 4))))
        if rng.random() < 0.2:
            blocks.append(("paragraph", _sentence(self.pick(topic, "distractor"))))
        return blocks

    def bullets(self, topic: Topic) -> list[tuple[str, str]]:
        intro = _sentence(
            self.pick(topic, "actor") + " a posé plusieurs conditions, parmi lesquelles :"
        )
        items = self.rng.sample(topic.pools["bullet"], k=min(3, len(topic.pools["bullet"])))
        lines = [("paragraph", intro.rstrip("."))]
        for i, item in enumerate(items):
            end = "." if i == len(items) - 1 else " ;"
            lines.append(("bullet", "• " + self.expand(item, topic) + end))
        return lines

    def article(
        self,
        topic: Topic,
        published: datetime,
        *,
        dated: bool,
        agency: str | None,
        agency_form: str,
        full: bool,
    ) -> ArticleText:
        """Write one article: title, teaser (first paragraph), and a body when full."""
        rng = self.rng
        self.mentions = {}
        self._used = set()
        title = self.title(topic)
        stated = state_date(published, self.dated_form() if dated else None, rng)
        sentences = [self.lead(topic, stated)]
        sentences += [self.plain(topic) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.08:
            sentences.append(_sentence(self.pick(topic, "distractor")))
        teaser = " ".join(sentences)
        byline = None
        if agency and agency_form == "byline":
            byline = f"Par {agency}"
        elif agency:
            glue = "" if rng.random() < 0.4 else " "
            word = "Source" if agency_form == "source" else "Avec"
            teaser = f"{teaser}{glue}({word} : {agency})."
        body = self.body(topic) if full else []
        return ArticleText(title, teaser, body, stated, agency, byline, dict(self.mentions))
