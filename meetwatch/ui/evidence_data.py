"""The deck's running session measures, fed as posts land (no Textual here).

``EvidenceFeed`` keeps a :class:`~meetwatch.core.stats.SessionStats` up to
date from the log: after each committed batch the app calls ``catch_up``,
which reads only rows newer than any it has seen (a primary-key range) and
counts the posts created by the replay clock, holding back the rest until the
clock passes them.  Nothing runs between batches.  The text charts the
Evidence screen draws are built here too, as plain strings.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from meetwatch.core.stats import (
    DEFAULT_SPIKES, Gap, Latency, PanePredicate, PostFact, SessionStats, Spike, SpikeRule,
    SpikeWatch, epoch_seconds, pane_predicate, spike_at,
    iso_seconds, response_latency, sparkline,
)
from meetwatch.core.panes import PaneSpec
from meetwatch.store.rate import per_minute
from meetwatch.store import analytics as an


class EvidenceFeed:
    def __init__(self, rule: SpikeRule = DEFAULT_SPIKES) -> None:
        self.rule = rule
        self.panes: dict[str, PanePredicate] = {}
        self.uncharted: list[str] = []  # panes the measures cannot chart (search, flags)
        self._specs: tuple[PaneSpec, ...] = ()
        self.reset()

    def set_panes(self, specs: list[PaneSpec]) -> None:
        """Chart the deck's panes; when they changed, count again from the
        start (the next ``catch_up`` re-reads the log)."""
        if tuple(specs) == self._specs:
            return
        self._specs = tuple(specs)
        self.panes, self.uncharted = {}, []
        for spec in specs:
            if spec.kind in ("all", "category") and not spec.filter.active():
                continue  # the chart's own rows already show it
            keep = pane_predicate(spec)
            name = spec.title
            while name in self.panes:
                name += "'"
            if keep is None:
                self.uncharted.append(spec.title)
            else:
                self.panes[name] = keep
        self.reset()

    def reset(self) -> None:
        """Forget everything (the replay rebuilt the log)."""
        self.stats = SessionStats(panes=self.panes)
        self.spikes = SpikeWatch(self.stats, self.rule)
        self.max_id = 0
        self._held: list[PostFact] = []
        self.now: int | None = None
        self.partial = False  # counting only the recent past (see begin_recent)

    def begin_recent(self, conn: sqlite3.Connection, now: int | None) -> None:
        """Over a log that already holds a session (opened, or live on an old
        log), count nothing yet: until the Evidence screen asks for
        everything (:meth:`ensure_full`), :meth:`watch_spikes` keeps the
        spike alert from per-minute counts the index gives — so no batch
        reads the log's history on the UI thread."""
        if now is not None and not self.max_id and conn.execute(
                "SELECT 1 FROM posts LIMIT 1").fetchone():
            self.partial = True

    def watch_spikes(self, conn: sqlite3.Connection, now: int | None) -> None:
        """While :attr:`partial`: the spike alert at ``now`` (epoch seconds)
        from one index range scan of the last window and baseline."""
        if now is None:
            return
        rule, bucket = self.rule, self.stats.bucket
        first_at = conn.execute("SELECT MIN(created_at) FROM posts").fetchone()[0]
        if not first_at:
            return
        minutes = (rule.window + rule.baseline) // bucket + 2
        series = per_minute(conn, now * 1_000_000, minutes)
        top = now - now % bucket
        counts = {top - (minutes - 1 - i) * bucket: n for i, n in enumerate(series) if n}
        self.now = now
        last = self.spikes.last
        if last is not None and now < last.at + rule.cooldown:
            return
        first = int(datetime.fromisoformat(first_at.replace("Z", "+00:00")).timestamp())
        spike = spike_at(counts, bucket, now, first, rule)
        if spike is not None:
            self.spikes.last = spike

    def ensure_full(self, conn: sqlite3.Connection, now: int | None) -> None:
        """Count the whole log (once) if only the recent past was counted."""
        if self.partial:
            self.reset()
            self.catch_up(conn, now)

    def catch_up(self, conn: sqlite3.Connection, now: int | None) -> Spike | None:
        """Count what landed since the last call, up to ``now`` (the replay
        clock, epoch seconds; None: live, everything).  Returns a new spike."""
        new = list(an.iter_facts(conn, after_id=self.max_id))
        if new:
            self.max_id = new[-1].id
            self._held.extend(new)
        if now is None:
            ready, self._held = self._held, []
        else:
            ready = [f for f in self._held if f.at <= now]
            self._held = [f for f in self._held if f.at > now]
        self.stats.extend(ready)
        self.now = now if now is not None else self.stats.last
        if ready and self.now is not None:
            return self.spikes.check(self.now)
        return None

    def alert(self) -> str:
        """The status bar's spike alert while the spike is recent (one
        window of session time), else ''."""
        spike = self.spikes.last
        if spike is None or self.now is None or self.now > spike.at + self.rule.window:
            return ""
        times = f" ×{spike.ratio:.1f}" if spike.expected else ""
        return f"▲ spike {spike.posts} posts/{self.rule.window // 60} min{times}"


@dataclass(frozen=True, slots=True)
class Chart:
    """A volume chart over ``width`` columns: one sparkline per row label,
    a row marking agenda items, one marking unrecovered gaps, and an axis."""

    rows: list[tuple[str, str]]   # (label, sparkline)
    agenda: str
    gaps: str
    start: int                    # epoch seconds of the first column
    last: int                     # ... and of the last column's start
    minutes_per_column: int


def volume_chart(stats: SessionStats, width: int, slots: list[an.Slot], gaps: list[Gap],
                 categories: list[str], end: int | None = None,
                 panes: list[str] | None = None) -> Chart | None:
    """Posts from the first minute to ``end`` (default: the last post)."""
    if stats.first is None or width < 10:
        return None
    b = stats.bucket
    scheduled = [epoch_seconds(s.starts_at) for s in slots if s.starts_at]
    first = stats.busy_start(min(scheduled) if scheduled else None)
    start = first - first % b
    last = end if end is not None else stats.last or start
    minutes = max(1, (last - start) // b + 1)
    step = -(-minutes // width)
    cols = -(-minutes // step)
    span = step * b

    def col(t: int) -> int:
        return (t - start) // span

    def line(**key: str) -> str:
        values = stats.series(start, start + cols * span, **key)
        return sparkline([sum(values[i:i + step]) for i in range(0, len(values), step)], cols)

    rows = [("all", line())] + [(c, line(category=c)) for c in categories]
    rows += [(f"pane:{p}", line(pane=p)) for p in panes or ()]
    agenda = [" "] * cols
    for s in slots:
        if not s.starts_at:
            continue
        c = col(epoch_seconds(s.starts_at))
        if 0 <= c < cols:
            label = f"│{s.item}"
            for i, ch in enumerate(label):
                if c + i < cols and (i == 0 or agenda[c + i] == " "):
                    agenda[c + i] = ch
    marks = [" "] * cols
    for g in gaps:
        if g.filled:
            continue
        g0 = max(0, col(epoch_seconds(g.start)))
        g1 = min(cols - 1, col(epoch_seconds(g.end)) if g.end else cols - 1)
        for i in range(g0, g1 + 1):
            marks[i] = "░"
    return Chart(rows, "".join(agenda), "".join(marks), start, start + (cols - 1) * span,
                 step * b // 60)


def latency(conn: sqlite3.Connection, now: int | None) -> Latency:
    """Statement-to-response latency over the pairs whose response was
    posted by ``now``."""
    until = iso_seconds(now).replace("Z", ".999Z") if now is not None else None
    return response_latency(an.pair_times(conn, until=until))
