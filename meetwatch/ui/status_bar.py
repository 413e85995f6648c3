"""StatusBar: meeting, replay state and clock, posts, sources and the log."""

from __future__ import annotations

from datetime import tzinfo

from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from meetwatch.ui.safe_text import one_line
from meetwatch.ui.status import DeckStatus, clock_text, sparkline


SOURCE_STYLES = {"live": "$success bold", "gap": "$warning bold", "reconnecting": "$warning",
                 "connecting": "$text-muted", "offline": "$error bold", "off": "$text-muted"}


class StatusBar(Static):
    """One line at the bottom of the deck."""

    status: var[DeckStatus | None] = var(None)

    def __init__(self, zone: tzinfo, zone_name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.zone = zone
        self.zone_name = zone_name

    def watch_status(self, status: DeckStatus | None) -> None:
        if status is None:
            self.update("")
            return
        parts: list[str | tuple[str, str]] = [(f" {one_line(status.meeting, 60)} ", "bold")]
        if status.replay is not None:
            state_style = "$warning bold" if status.replay.paused else "$success bold"
            parts += [(f" {status.state} ", state_style), " ",
                      (clock_text(status.replay.time_us, self.zone), "bold"),
                      (f" {self.zone_name}", "$text-muted")]
        elif status.clock_us is not None:  # live: the meeting's time, to the minute
            parts += [(clock_text(status.clock_us, self.zone, seconds=False), "bold"),
                      (f" {self.zone_name}", "$text-muted")]
        if status.floor:
            parts += ["  ", (one_line(status.floor, 90), "$accent")]
        if status.alert:
            parts += ["  ", (f" {status.alert} ", "$warning bold reverse")]
        parts += ["  ", (f"{status.posts:,} posts", "")]
        if status.rate:
            last = status.rate[-2] if len(status.rate) > 1 else status.rate[-1]
            parts += ["  ", (sparkline(status.rate), "$accent"), (f" {last:,}/min", "$text-muted")]
        if status.source_states:
            for name, state in status.source_states:
                parts += ["  ", (one_line(name, 32), "$text-muted"), " ",
                          (state, SOURCE_STYLES.get(state, "$warning"))]
        elif status.sources:
            parts += ["  ", (status.sources, "$text-muted" if status.replay else "$warning")]
        parts += [("  log: ", "$text-muted"), (one_line(status.log_path, 120), "$text-muted")]
        self.update(Content.assemble(*parts))
