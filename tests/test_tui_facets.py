"""Facets that tell the truth: whole tags, and counts that stay on screen."""

from __future__ import annotations

import re
from pathlib import Path

from archive.model import Article, Tag

# pytest fixtures (registered under their names without _fixture)
from tests.tui_fixtures import (
    article,
    build_library,
    open_real_app,
    sample_library_fixture,  # noqa: F401
    sample_library_template_fixture,  # noqa: F401
    settle,
)
from tui.widgets.facet_list import FacetList

_COUNT = re.compile(r"\d+\s*$")


def facet_lines(facets: FacetList) -> list[str]:
    """The facet lines as drawn (without the scrollbar), headers and counted lines alike."""
    lines = []
    for y in range(facets.size.height):
        lines.append(facets.render_line(y).text.rstrip())
    return [line for line in lines if line]


def counted_lines_missing_a_count(facets: FacetList) -> list[str]:
    headers = {"Saved searches", "My tags", "Categories", "Sections", "Keywords", "Agencies"}
    return [
        line
        for line in facet_lines(facets)
        if line.strip() not in headers and not _COUNT.search(line)
    ]


async def test_facet_counts_stay_after_a_query_and_escape_at_80x24(sample_library: Path) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("slash", *"drones -trump", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        facets = app.main.query_one(FacetList)
        assert facet_lines(facets)
        assert counted_lines_missing_a_count(facets) == []


def many_tags() -> list[Article]:
    out = []
    for n in range(400):
        a = article(
            n, f"Article numéro {n} sur un sujet", tags=(f"Catégorie au nom long {n % 30}",)
        )
        a.tags.extend(Tag(f"mot-clé {k}", "keyword") for k in range(n % 7, n % 7 + 5))
        out.append(a)
    return out


async def test_facet_counts_show_at_once_on_a_library_with_many_tags(tmp_path: Path) -> None:
    app = open_real_app(build_library(tmp_path / "lib", many_tags()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        facets = app.main.query_one(FacetList)
        assert len(facet_lines(facets)) > 10
        assert counted_lines_missing_a_count(facets) == []


async def test_a_tag_filter_is_a_whole_tag_and_a_star_asks_for_a_word_in_tags(
    sample_library: Path,
) -> None:
    app = open_real_app(sample_library)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tag:RUSSIE")
        await settle(pilot)
        # The keyword tag "russie" (case folded), not the category "Guerre Russie – Ukraine".
        assert app.result_count == 10
        for article_id in app.main.result_list.ids:
            assert "russie" in [t.lower() for t in app.engine.row(article_id).tags]
        await pilot.press("asterisk")
        await settle(pilot)
        assert app.result_count == 18
        await pilot.press("escape", "escape")
        await settle(pilot)
        # Choosing the keyword facet lists as many articles as it counts.
        facets = app.main.query_one(FacetList)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is facets
        line = next(i for i, o in enumerate(facets._options) if str(o.prompt).startswith("russie "))
        count = int(str(facets.get_option_at_index(line).prompt).split()[-1])
        await pilot.press("home")
        for _ in range(facets.option_count):
            if facets.highlighted == line:
                break
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.query_bar.value == "tag:russie"
        assert app.result_count == count == 10
