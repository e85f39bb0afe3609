"""An OptionList for the sidebar: a cursor as soon as it has the focus, and a hint that Enter chooses."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList


class ChoiceList(OptionList):
    """A sidebar list (facets, timeline) whose line under the cursor Enter adds to the query."""

    HINT = "⏎ choose"

    def on_focus(self, event: events.Focus) -> None:
        if self.highlighted is None and self.option_count:
            self.action_first()  # the first line that can be chosen, not a header
        self.border_subtitle = self.HINT

    def on_blur(self, event: events.Blur) -> None:
        self.border_subtitle = ""
