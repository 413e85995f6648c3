"""Timeline: where the replay is between the first and last record.

A click on the bar asks the app to jump there (``Timeline.Seek``)."""

from __future__ import annotations

from datetime import tzinfo

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

from meetwatch.replay import ReplayStatus
from meetwatch.ui.status import clock_text


class Timeline(Widget):
    """One line: start time, a bar with the current position, end time."""

    status: var[ReplayStatus | None] = var(None)

    class Seek(Message):
        def __init__(self, time_us: int) -> None:
            super().__init__()
            self.time_us = time_us

    def __init__(self, zone: tzinfo, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.zone = zone

    def watch_status(self) -> None:
        self.refresh()

    def _bar(self) -> tuple[str, str, int] | None:
        s = self.status
        if s is None or s.start_us is None or s.end_us is None:
            return None
        days = s.end_us - s.start_us > 20 * 3600 * 1_000_000
        left = f" {clock_text(s.start_us, self.zone, with_date=days)} "
        right = f" {clock_text(s.end_us, self.zone, with_date=days)} "
        return left, right, max(4, self.size.width - len(left) - len(right))

    def render(self) -> Content:
        bar = self._bar()
        s = self.status
        if bar is None or s is None or s.start_us is None or s.end_us is None:
            return Content("")
        left, right, width = bar
        span = max(1, s.end_us - s.start_us)
        pos = round((min(max(s.time_us, s.start_us), s.end_us) - s.start_us) / span * (width - 1))
        return Content.assemble((left, "$text-muted"), ("━" * pos, "$primary"),
                                ("●", "$accent bold"), ("─" * (width - pos - 1), "$text-muted"),
                                (right, "$text-muted"))

    def on_click(self, event: events.Click) -> None:
        bar = self._bar()
        s = self.status
        if bar is None or s is None or s.start_us is None or s.end_us is None:
            return
        left, _right, width = bar
        x = event.x - len(left)
        if 0 <= x < width:
            self.post_message(self.Seek(s.start_us + (s.end_us - s.start_us) * x // (width - 1)))
