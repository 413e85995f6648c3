"""Prompt: one line of input in a small dialog (search, add pane, filter, rename)."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label


class Prompt(ModalScreen[str | None]):
    """Returns what was typed (stripped; may be empty), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "", hint: str = "",
                 suggestions: Iterable[str] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.suggestions = list(suggestions)

    def compose(self) -> ComposeResult:
        suggester = SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions \
            else None
        with Vertical(id="prompt-dialog"):
            yield Label(Content(self.title_text), classes="title")  # never markup
            yield Input(self.value, placeholder=self.placeholder, suggester=suggester,
                        id="prompt-input")
            yield Label(Content(self.hint or "Enter to confirm · Esc to cancel"),
                        classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
