"""Property-based tests: the page and date readers never raise, and reading is idempotent."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.read.datelines import date_line
from archive.read.dates import find_dates, lead_date
from archive.read.decode import SkipFile, decode_bytes
from archive.read.importer import read_articles
from archive.read.pages import read_pages
from archive.text import sanitize

# Lines built from the pieces real pages are made of, so the reader's branches are reached.
PIECES = st.sampled_from(
    [
        "Archives du mot-clé guerre", "Archives pour la catégorie Monde", "Lire la suite ",
        "Lire la suite: ", "Continuer la lecture »", "Site » Section » Titre", "Accueil » Politique",
        "Retour en haut", "• un point", "Guerre en Ukraine : ", "Publié le 02/11/23 à 16h33",
        "mardi 23 septembre", "du vendredi 19 au samedi 20 septembre 2025", "(Source : AFP).",
        "[bold]", "[/]", "\x1b]0;x\x07", "œ", "«\u00a0", "\u00a0»", ".", ":", "\u202e", "",
    ]
)  # fmt: skip
LINES = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=6).map("".join)
PAGES = st.lists(LINES, max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PAGES, min_size=1, max_size=3))
def test_page_reader_never_raises(texts: list[str]) -> None:
    for draft in read_pages((f"f{i}.txt", t) for i, t in enumerate(texts)):
        assert draft.position >= 1


@settings(max_examples=500, deadline=None)
@given(st.one_of(LINES, st.text()))
def test_date_reader_never_raises(text: str) -> None:
    for mention in find_dates(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
    date_line(text)
    lead_date(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decoder_gives_text_or_a_reason(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except SkipFile as reason:
        assert str(reason) and "\n" not in str(reason)
    else:
        assert isinstance(text, str)
        assert sanitize(sanitize(text)) == sanitize(text)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(PAGES, min_size=1, max_size=3))
def test_reading_is_idempotent_and_order_free(tmp_path: Path, texts: list[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    files = []
    for i, text in enumerate(texts):
        path = folder / f"p{i}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    first = sorted((a.to_dict() for a in read_articles(files).articles), key=lambda d: d["id"])
    again = sorted(
        (a.to_dict() for a in read_articles(list(reversed(files))).articles), key=lambda d: d["id"]
    )
    assert first == again
