"""HelpScreen (``?``): every key binding of the deck, grouped."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

HelpGroups = list[tuple[str, list[tuple[str, str]]]]  # (group, [(keys, what it does)])


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, groups: HelpGroups) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        parts: list[str | tuple[str, str]] = []
        for title, rows in self.groups:
            parts.append((f"{title}\n", "bold $primary"))
            width = max((len(k) for k, _ in rows), default=0)
            for keys, what in rows:
                parts += [(f"  {keys:<{width}}  ", "bold $accent"), f"{what}\n"]
            parts.append("\n")
        parts.append(("Every action is also in the command palette (ctrl+p).", "$text-muted"))
        with VerticalScroll(id="help-dialog"):
            yield Static(Content.assemble(*parts))

    def action_close(self) -> None:
        self.dismiss(None)
