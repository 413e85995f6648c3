"""TimePrompt: ask where to jump (``t``)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class TimePrompt(ModalScreen[str | None]):
    """Returns what was typed, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, zone_name: str, current: str) -> None:
        super().__init__()
        self.zone_name = zone_name
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="time-dialog"):
            yield Label(f"Jump to a time ({self.zone_name}); now {self.current}")
            yield Input(placeholder="14:30 · +15m · -1h · 2026-03-02T14:30", id="time-input")
            yield Label("Enter to jump · Esc to cancel", classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
