"""What seasoned readers expect (newsboat, neomutt): unread jumps, read all, sort, act on many."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from archive.text import clean_line
from tui.app_parts import AppParts
from tui.config import SORT_LABELS
from tui.i18n import N_, _, ngettext
from tui.screens.article import ArticleScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.prompt import PromptScreen
from tui.widgets.article_view import ArticleView

SORT_SETTING = "saved_search_sorts"  # library setting: saved search name -> sort


def _plural(count: int, singular: str, plural: str) -> str:
    """ngettext for a message with a {count}, the count grouped by thin spaces."""
    return ngettext(singular, plural, count).format(count=f"{count:,}".replace(",", " "))


class ReaderHabits(AppParts):
    """App mixin: next/previous unread, mark read in bulk, the sort key and the selection."""

    selection: dict[str, None]  # ordered set of selected article ids
    session_sort: str | None  # the sort key's choice outside saved searches
    search_sorts: dict[str, str]  # sort remembered per saved search name

    def init_habits(self, default_sort: str | None) -> None:
        self.selection = {}
        self.session_sort = default_sort
        self.search_sorts = {}

    def load_habits(self) -> None:
        """Read the sorts remembered per saved search (at start and after an import)."""
        stored = self.library.get_setting(SORT_SETTING) or {}
        if isinstance(stored, dict):
            self.search_sorts = {str(k): str(v) for k, v in stored.items() if v in SORT_LABELS}

    # Unread -----------------------------------------------------------------------
    def _reading(self) -> bool:
        """True when an article is open (full screen or focused preview), not the list."""
        return isinstance(self.screen, ArticleScreen) or isinstance(self.focused, ArticleView)

    def action_next_unread(self) -> None:
        self._jump_unread(1)

    def action_previous_unread(self) -> None:
        self._jump_unread(-1)

    def _jump_unread(self, delta: int) -> None:
        result_list = self.main.result_list
        ids = result_list.ids
        index = result_list.cursor + delta
        while 0 <= index < len(ids) and self.state_of(ids[index]).read:
            index += delta
        if not 0 <= index < len(ids):
            if delta > 0:
                message = _("No unread article below in this list.")
            else:
                message = _("No unread article above in this list.")
            self.notify(message, markup=False, timeout=2)
            return
        result_list.set_cursor(index)
        if self._reading():
            self.main.open_article(ids[index])

    def action_mark_all_read(self) -> None:
        ids = list(self.result.ids) if self.result is not None else []
        unread = [i for i in ids if not self.state_of(i).read]
        if not unread:
            self.notify(_("Every article of this list is already read."), markup=False, timeout=2)
            return
        question = Text(
            _plural(
                len(unread),
                "Mark {count} unread article of this list read?",
                "Mark {count} unread articles of this list read?",
            )
        )

        def done(yes: bool | None) -> None:
            if yes:
                self.change_marks(unread, read=True)
                self.notify(
                    _plural(
                        len(unread), "Marked {count} article read", "Marked {count} articles read"
                    ),
                    markup=False,
                )

        self.push_screen(ConfirmScreen(_("Mark all read"), question), done)

    def action_mark_read_to_here(self) -> None:
        result_list = self.main.result_list
        ids = result_list.ids[: result_list.cursor + 1]
        unread = [i for i in ids if not self.state_of(i).read]
        if unread:
            self.change_marks(unread, read=True)
        self.notify(
            _plural(
                len(unread),
                "Marked {count} article read, down to the cursor",
                "Marked {count} articles read, down to the cursor",
            ),
            markup=False,
            timeout=2,
        )

    def change_marks(self, ids: list[str], **changes: Any) -> None:
        """Change read=, starred= or tag= on many articles and redraw what shows them."""
        self.marks_keeper.change_many(ids, **changes)
        changed = set(ids)
        for screen in self.screen_stack:
            for view in screen.query(ArticleView):
                if view.article_id in changed:
                    view.update_state(self.state_of(view.article_id))
        self.main.result_list.refresh()

    # Sort ----------------------------------------------------------------------------
    def saved_search_named_by(self, query: str) -> str | None:
        """The saved search whose query this is, if any."""
        query = query.strip()
        return next((n for n, q in self.saved_searches.items() if q.strip() == query), None)

    def sort_for(self, query: str) -> str | None:
        """The sort a query runs with: its saved search's, else the session's (None: automatic)."""
        name = self.saved_search_named_by(query)
        if name is not None and name in self.search_sorts:
            return self.search_sorts[name]
        return self.session_sort

    def remember_sort(self, name: str) -> None:
        """A search saved after the sort key was used keeps that sort."""
        if self.session_sort is not None and self.session_sort != self.config.sort:
            self.search_sorts[name] = self.session_sort
            self.marks_keeper.save(
                N_("the sort"), self.library.set_setting, SORT_SETTING, dict(self.search_sorts)
            )

    def action_cycle_sort(self) -> None:
        query = self.main.query_bar.value
        order = list(SORT_LABELS)
        current = self.sort_for(query) or getattr(self.result, "sort", None)
        new = order[(order.index(current) + 1) % len(order)] if current in order else order[0]
        name = self.saved_search_named_by(query)
        note = ""
        if name is not None:
            self.search_sorts[name] = new
            self.marks_keeper.save(
                N_("the sort"), self.library.set_setting, SORT_SETTING, dict(self.search_sorts)
            )
            note = " " + _("(kept for the saved search “{name}”)").format(name=clean_line(name))
        else:
            self.session_sort = new
        self.notify(
            _("Sorted by {order}").format(order=_(SORT_LABELS[new])) + note, markup=False, timeout=2
        )
        self.main.query_bar.search(query)

    # Selection -----------------------------------------------------------------------
    def is_selected(self, article_id: str) -> bool:
        return article_id in self.selection

    def selected_ids(self) -> list[str]:
        """The selection, in the order of the list (then any no longer listed)."""
        if not self.selection:
            return []
        listed = [i for i in self.main.result_list.ids if i in self.selection]
        seen = set(listed)
        return listed + [i for i in self.selection if i not in seen]

    def targets(self) -> list[str]:
        """What s, m, t act on: the selection, else the article being looked at."""
        if self.selection:
            return self.selected_ids()
        current = self.current_article_id()
        return [current] if current is not None else []

    def _selection_changed(self, *, say: bool = True) -> None:
        self.main.result_list.refresh()
        if not say:  # the row's ✓ says it
            return
        count = len(self.selection)
        message = (
            _plural(count, "{count} article selected", "{count} articles selected")
            if count
            else _("Selection cleared")
        )
        self.notify(message, markup=False, timeout=1.5)

    def action_toggle_select(self) -> None:
        result_list = self.main.result_list
        article_id = result_list.current_id
        if article_id is None:
            return
        if article_id in self.selection:
            del self.selection[article_id]
        else:
            self.selection[article_id] = None
        result_list.set_cursor(result_list.cursor + 1)
        self._selection_changed(say=False)

    def action_select_all(self) -> None:
        ids = list(self.result.ids) if self.result is not None else []
        if ids and all(i in self.selection for i in ids):
            self.selection.clear()
        else:
            self.selection.update(dict.fromkeys(ids))
        self._selection_changed()

    def drop_selection(self) -> bool:
        """Forget the selection (Esc); False if there was none."""
        if not self.selection:
            return False
        self.selection.clear()
        self._selection_changed()
        return True

    # Marks on the article or the selection ---------------------------------------------
    def action_toggle_star(self) -> None:
        ids = self.targets()
        if len(ids) == 1 and not self.selection:
            state = self._set_state(ids[0], starred=not self.state_of(ids[0]).starred)
            self.notify(
                "★ " + _("Starred") if state.starred else _("Star removed"),
                markup=False,
                timeout=1.5,
            )
        elif ids:
            star = not all(self.state_of(i).starred for i in ids)
            self.change_marks(ids, starred=star)
            if star:
                done = _plural(
                    len(ids),
                    "Starred {count} selected article",
                    "Starred {count} selected articles",
                )
            else:
                done = _plural(
                    len(ids),
                    "Star removed from {count} selected article",
                    "Star removed from {count} selected articles",
                )
            self.notify(done, markup=False)

    def action_toggle_read(self) -> None:
        ids = self.targets()
        if len(ids) == 1 and not self.selection:
            state = self._set_state(ids[0], read=not self.state_of(ids[0]).read)
            self.notify(
                _("Marked read") if state.read else _("Marked unread"), markup=False, timeout=1.5
            )
        elif ids:
            read = not all(self.state_of(i).read for i in ids)
            self.change_marks(ids, read=read)
            if read:
                done = _plural(
                    len(ids),
                    "Marked {count} selected article read",
                    "Marked {count} selected articles read",
                )
            else:
                done = _plural(
                    len(ids),
                    "Marked {count} selected article unread",
                    "Marked {count} selected articles unread",
                )
            self.notify(done, markup=False)

    def action_edit_tag(self) -> None:
        ids = self.targets()
        if not ids:
            return
        mine = sorted({t for i in ids for t in self.state_of(i).tags}, key=str.casefold)
        if self.selection:
            hint = Text(
                _plural(
                    len(ids),
                    "A tag for the {count} selected article: typed, it is added to all; "
                    "one that all of them have is removed.",
                    "A tag for the {count} selected articles: typed, it is added to all; "
                    "one that all of them have is removed.",
                )
            )
        else:
            hint = Text(_("Type a tag to add it, or one of yours to remove it."))
        if mine:
            hint.append("\n" + _("Your tags:") + " " + ", ".join(clean_line(t) for t in mine))

        def done(tag: str | None) -> None:
            if not tag:
                return
            tag = clean_line(tag)
            remove = all(tag in self.state_of(i).tags for i in ids)
            if len(ids) == 1 and not self.selection:
                tags = [t for t in self.state_of(ids[0]).tags if t != tag]
                self._set_state(ids[0], tags=tags if remove else [*tags, tag])
            else:
                self.change_marks(ids, tag=tag, add_tag=not remove)
            what = _("Tag removed") if remove else _("Tagged")
            many = (
                f" ({_plural(len(ids), '{count} article', '{count} articles')})"
                if self.selection
                else ""
            )
            self.notify(f"{what}: {tag}{many}", markup=False, timeout=2)

        self.push_screen(PromptScreen(_("Own tag"), hint, placeholder=_("tag")), done)

    # Saved searches --------------------------------------------------------------------
    def rename_saved_search(self, old: str) -> None:
        """Ask for a new name for a saved search (its query and sort move with it)."""

        def done(new: str | None) -> None:
            new = clean_line(new or "")
            if not new or new == old or old not in self.saved_searches:
                return
            query = self.saved_searches.pop(old)
            self.saved_searches[new] = query
            if old in self.search_sorts:
                self.search_sorts[new] = self.search_sorts.pop(old)
            self.main.show_saved_searches(self.saved_searches)
            self.marks_keeper.save(N_("the renamed search"), self._write_rename, old, new, query)
            self.notify(
                _("Renamed {old} → {new}").format(old=old, new=new), markup=False, timeout=2
            )

        hint = Text.assemble(
            _("Query:") + " ", (clean_line(self.saved_searches.get(old, "")), "bold")
        )
        self.push_screen(
            PromptScreen(
                _("Rename “{name}”").format(name=clean_line(old)),
                hint,
                value=old,
                placeholder=_("name"),
            ),
            done,
        )

    def _write_rename(self, old: str, new: str, query: str) -> None:
        """One worker writes both halves, in order (a new name, then the old one gone)."""
        self.library.save_search(new, query)
        self.library.delete_search(old)
        self.library.set_setting(SORT_SETTING, dict(self.search_sorts))

    def delete_saved_search(self, name: str) -> None:
        """Delete a saved search after asking."""

        def done(yes: bool | None) -> None:
            if not yes or name not in self.saved_searches:
                return
            del self.saved_searches[name]
            self.search_sorts.pop(name, None)
            self.main.show_saved_searches(self.saved_searches)
            self.marks_keeper.save(N_("the deleted search"), self._write_delete, name)
            self.notify(
                _("Deleted the saved search {name}").format(name=name), markup=False, timeout=2
            )

        question = Text.assemble(
            _("Delete the saved search") + " ",
            (clean_line(name), "bold"),
            _("? Its query is not kept."),
        )
        self.push_screen(ConfirmScreen(_("Delete saved search"), question), done)

    def _write_delete(self, name: str) -> None:
        self.library.delete_search(name)
        self.library.set_setting(SORT_SETTING, dict(self.search_sorts))
