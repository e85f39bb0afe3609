"""App mixin: the list threaded by story, an article's versions and story, comparing versions."""

from __future__ import annotations

from typing import Any

from tui.app_parts import AppParts
from tui.i18n import _
from tui.screens.article import ArticleScreen
from tui.screens.compare import CompareScreen
from tui.threads import LinkLine, groups_of, is_story_row, link_lines, links_for, story_query


class StoryReading(AppParts):
    """Threading by story (z), the story's articles (r, Enter on a story), versions (v)."""

    threaded: bool = False
    engine: Any

    def warm_groups(self) -> None:
        """Read the groups and their member maps now (in a worker), not at the first open."""
        groups = groups_of(self.engine)
        if groups is not None:
            groups.story_members("")
            groups.versions_of(next(iter(groups.versions.group), ""))

    def story_link_lines(self, article_id: str) -> list[LinkLine]:
        """The "Also published by" and story lines under an article's header."""
        try:
            links = links_for(self.engine, article_id)
        except KeyError:  # an article of the groups that the index does not know yet
            return []
        return link_lines(links) if links is not None else []

    def action_toggle_threads(self) -> None:
        """Fold the result list by story, or list every article again."""
        self.threaded = not self.threaded
        self.main.rethread()
        self.notify(
            _("Threaded by story: Enter opens a story")
            if self.threaded
            else _("One row per article"),
            markup=False,
            timeout=2,
        )

    def open_story(self, story_id: str) -> None:
        """List a story's articles in date order (Esc comes back to the query before)."""
        if isinstance(self.screen, ArticleScreen):
            self.pop_screen()
        self.main.show_story(story_query(story_id))

    def action_open_story(self) -> None:
        article_id = self.current_article_id()
        if article_id is None:
            return
        if is_story_row(article_id):
            self.open_story(article_id[1:])
            return
        groups = groups_of(self.engine)
        story = groups.story_of(article_id) if groups is not None else None
        if story is None or story.count < 2:
            self.notify(_("This article is the only one of its story."), markup=False, timeout=2)
            return
        self.open_story(story.id)

    def action_compare_versions(self) -> None:
        """Compare the article with its versions, word by word (v again: the next version)."""
        article_id = self.current_article_id()
        groups = groups_of(self.engine)
        if article_id is None or groups is None or is_story_row(article_id):
            return
        others = [i for i in groups.versions_of(article_id) if i != article_id]
        if not others:
            self.notify(_("No other version of this article is known."), markup=False, timeout=2)
            return
        articles = self.library.get_many([article_id, *others])
        if article_id not in articles:
            return
        versions = [articles[i] for i in others if i in articles]
        self.push_screen(CompareScreen(articles[article_id], versions))
