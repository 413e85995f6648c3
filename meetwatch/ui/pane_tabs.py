"""PaneTabs: one line of tabs, one per pane, for terminals too narrow for
columns.  The app sets ``labels`` and ``active``; a click asks for a pane
(``PaneTabs.Selected``)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

SEPARATOR = " │ "


class PaneTabs(Widget):
    labels: var[tuple[Text, ...]] = var((), always_update=True)
    active: var[int] = var(0)

    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def watch_labels(self) -> None:
        self.refresh()

    def watch_active(self) -> None:
        self.refresh()

    def _spans(self) -> list[tuple[int, int]]:
        """(start, end) cell offsets of each tab, before any scrolling."""
        spans, x = [], 1
        for label in self.labels:
            spans.append((x, x + label.cell_len + 2))
            x += label.cell_len + 2 + len(SEPARATOR)
        return spans

    def _shift(self) -> int:
        """Columns cut on the left so the active tab is on screen."""
        spans = self._spans()
        if not spans or not 0 <= self.active < len(spans):
            return 0
        end = spans[self.active][1]
        return max(0, end - self.size.width + 2)

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = [" "]
        for n, label in enumerate(self.labels):
            if n:
                parts.append((SEPARATOR, "$text-muted"))
            style = "reverse bold $primary" if n == self.active else "$text-muted"
            parts.append((f" {label.plain} ", style))  # plain: untrusted titles stay text
        content = Content.assemble(*parts)
        shift = self._shift()
        return content[shift:] if shift else content

    def on_click(self, event: events.Click) -> None:
        x = event.x + self._shift()
        for n, (start, end) in enumerate(self._spans()):
            if start <= x < end:
                self.post_message(self.Selected(n))
                return
