"""The key bar: the keys that work here, one line of text at the bottom of each screen."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui.i18n import _

ALWAYS_SHOWN = frozenset({"app.help", "app.quit"})  # binding ids kept on the bar


class KeyBar(Widget):
    """Like Textual's Footer, drawn as one line of text.

    The Footer rebuilds a widget per key whenever the focus moves, which doubled the time to
    open an article; this bar redraws one line. The keys come from the same bindings.
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[tuple[Binding, bool]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        items: list[tuple[Binding, bool]] = []
        actions: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.show and binding.description and binding.action not in actions:
                actions.add(binding.action)
                items.append((binding, active.enabled))
        self._items = items
        self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        disabled = self.get_component_rich_style("key-bar--disabled")
        palette = f" {self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, ''))} {_('palette')} "
        room = self.size.width - cell_len(palette) - 1
        items = []
        for binding, enabled in self._items:
            item = Text.assemble(
                (f" {self.app.get_key_display(binding)} ", key_style), f"{_(binding.description)} "
            )
            if not enabled:
                item.stylize(disabled)
            items.append((binding.id in ALWAYS_SHOWN, item))
        # Help and Quit stay on the bar however narrow: the screen's own keys give way first.
        room -= sum(item.cell_len for kept, item in items if kept)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for kept, item in items:
            if kept:
                continue
            if text.cell_len + item.cell_len > room:
                break
            text.append_text(item)
        for kept, item in items:
            if kept:
                text.append_text(item)
        room += sum(item.cell_len for kept, item in items if kept)
        text.pad_right(max(0, room - text.cell_len + 1))
        text.append(palette, key_style)
        return text
