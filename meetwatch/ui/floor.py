"""What is on the floor: the log's programme at the deck's clock, for the
status bar ("now on the floor: Item 4 – Interactive dialogue on Valdoria")."""

from __future__ import annotations

from meetwatch.core.programme import AgendaSlot, Programme
from meetwatch.core.timeutil import from_epoch_us
from meetwatch.store.agenda import load_agenda
from meetwatch.store.queries import LogReader


class Floor:
    """The programme stored in the log the deck reads (cached per log file)."""

    def __init__(self) -> None:
        self._path: str | None = None
        self.programme: Programme | None = None

    def programme_of(self, reader: LogReader) -> Programme | None:
        # A replay stores the programme when it opens its log: until then, look again.
        if reader.path != self._path or self.programme is None:
            self._path = reader.path
            self.programme = load_agenda(reader.conn)
        return self.programme

    def slot_at(self, reader: LogReader, time_us: int) -> AgendaSlot | None:
        programme = self.programme_of(reader)
        return programme.on_floor(from_epoch_us(time_us)) if programme else None

    def text(self, reader: LogReader, time_us: int) -> str:
        programme = self.programme_of(reader)
        if programme is None:
            return ""
        slot = programme.on_floor(from_epoch_us(time_us))
        if slot is None:
            return "no item on the floor"
        return f"now on the floor: {slot.heading}"
