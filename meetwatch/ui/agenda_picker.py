"""AgendaPicker (``i``): choose an agenda item of the programme to jump to."""

from __future__ import annotations

from datetime import tzinfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from meetwatch.core.programme import AgendaSlot, Programme
from meetwatch.core.timeutil import to_epoch_us
from meetwatch.ui.safe_text import one_line
from meetwatch.ui.status import clock_text


def slot_prompt(slot: AgendaSlot, zone: tzinfo) -> Content:
    when = "unscheduled"
    if slot.starts_at and slot.ends_at:
        when = (f"{clock_text(to_epoch_us(slot.starts_at), zone, with_date=False)}–"
                f"{clock_text(to_epoch_us(slot.ends_at), zone, with_date=False)}")
    title = one_line(slot.title, 100)
    if title.lower().startswith(slot.label.lower()):  # "Item 4 — Interactive dialogue…"
        title = title[len(slot.label):].lstrip(" —–-:")
    return Content.assemble((f"{when:11}", "$text-muted"), " ", (f"{slot.label:8}", "bold $accent"),
                            " ", title)


class AgendaPicker(ModalScreen[AgendaSlot | None]):
    """Returns the chosen slot, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, programme: Programme, zone: tzinfo, current: AgendaSlot | None) -> None:
        super().__init__()
        self.programme = programme
        self.zone = zone
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="agenda-dialog"):
            yield Label("Jump to an agenda item")
            yield OptionList(*(Option(slot_prompt(s, self.zone), id=str(i))
                               for i, s in enumerate(self.programme.slots)), id="agenda-items")
            yield Label("Enter to jump · Esc to cancel", classes="hint")

    def on_mount(self) -> None:
        items = self.query_one(OptionList)
        if self.current is not None and self.current in self.programme.slots:
            items.highlighted = self.programme.slots.index(self.current)
        items.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.programme.slots[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
