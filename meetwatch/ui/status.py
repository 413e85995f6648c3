"""What the status bar and timeline show (plain data, no Textual)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from meetwatch.replay import ReplayStatus, speed_label


@dataclass(frozen=True, slots=True)
class DeckStatus:
    meeting: str
    log_path: str
    posts: int = 0
    replay: ReplayStatus | None = None
    sources: str = "replay"  # what feeds the log: "replay" or a live-state note
    rate: tuple[int, ...] = ()  # posts per minute, oldest first, the last one running
    # Live: (source, state) with state live / gap / reconnecting / offline / connecting / off.
    source_states: tuple[tuple[str, str], ...] = ()
    alert: str = ""  # a spike alert while it is recent
    floor: str = ""  # "now on the floor: Item 4 – ..." when the log has a programme
    clock_us: int | None = None  # live: the wall clock, to the minute

    @property
    def state(self) -> str:
        r = self.replay
        if r is None:
            return ""
        if r.finished:
            return "■ end"
        if r.paused:
            return "⏸ paused"
        return f"▶ {speed_label(r.speed)}"


def clock_text(time_us: int | None, zone: tzinfo, with_date: bool = True,
               seconds: bool = True) -> str:
    if time_us is None:
        return "--:--:--"
    dt = datetime.fromtimestamp(time_us / 1e6, tz=UTC).astimezone(zone)
    if not with_date:
        return dt.strftime("%H:%M")
    return dt.strftime("%a %d %b %H:%M:%S" if seconds else "%a %d %b %H:%M")


SPARK = " ▁▂▃▄▅▆▇█"


def sparkline(values: tuple[int, ...] | list[int]) -> str:
    """One character per value, scaled to the largest; nothing is blank, any
    post at all shows at least the lowest bar."""
    top = max(values, default=0)
    if top <= 0:
        return SPARK[1] * len(values)
    steps = len(SPARK) - 1
    return "".join(SPARK[0] if v <= 0 else SPARK[max(1, -(-v * steps // top))] for v in values)
