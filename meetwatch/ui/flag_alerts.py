"""Alerts for new ``critical`` and ``high`` flags: a terminal bell and a
notification as they arrive, live or replayed.

A flood never becomes a wall of toasts: at most ``MAX_TOASTS`` notifications
(and one bell) per ``WINDOW`` seconds; the rest are counted and announced in
one summary when the window closes ("12 more high flags in 5 s").  Flags a
seek brings in are history, not news: they move the watermark silently.

Modes (``B`` cycles them; ``MEETWATCH_ALERTS`` or ``DeckConfig.alerts`` set
the first): ``on`` (bell and notifications), ``quiet`` (notifications only),
``off``.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from meetwatch.store.flags import flags_after, last_flag_id
from meetwatch.ui.safe_text import one_line

if TYPE_CHECKING:
    from textual.app import App

    from meetwatch.replay import ReplayUpdate

MODES: tuple[str, ...] = ("on", "quiet", "off")
MODE_LABELS = {"on": "bell and notifications", "quiet": "notifications only, no bell",
               "off": "off"}
ALERT_SEVERITIES: tuple[str, ...] = ("critical", "high")
WINDOW = 5.0  # seconds
MAX_TOASTS = 3  # notifications per window; the rest go into one summary
FETCH = 500  # new flags read per batch at most


def parse_mode(value: str | None) -> str:
    v = (value or "on").strip().lower()
    return {"1": "on", "yes": "on", "true": "on", "0": "off", "no": "off", "false": "off",
            "mute": "off", "muted": "off", "nobell": "quiet"}.get(v, v if v in MODES else "on")


class FlagAlerts:
    """Watches the log's flags table from a watermark (flag ids only grow)."""

    def __init__(self, app: App[Any], mode: str = "on",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.mode = parse_mode(mode)
        self.clock = clock
        self.watermark = 0
        self._shown: deque[float] = deque()  # when each recent notification went up
        self._last_bell = float("-inf")
        self._held: Counter[str] = Counter()  # severity -> flags waiting for the summary
        self._held_since = 0.0
        self._summary_due = False

    def start(self, conn: sqlite3.Connection) -> None:
        """Flags already in the log are not news."""
        self.watermark = last_flag_id(conn)

    def cycle(self) -> str:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        return self.mode

    def absorb(self, conn: sqlite3.Connection, updates: Sequence[ReplayUpdate]) -> None:
        """After a drained batch: announce what is new, unless a seek brought it."""
        if updates and updates[0].reset:
            self.watermark = 0
        if self.mode == "off" or any(u.seek for u in updates):
            self.watermark = last_flag_id(conn)
            return
        self.check(conn)

    def check(self, conn: sqlite3.Connection) -> int:
        """Announce open critical/high flags added since the last check;
        returns how many there were."""
        top = last_flag_id(conn)
        if top <= self.watermark:
            self.watermark = top  # a rebuilt log starts again from 1
            return 0
        rows = flags_after(conn, self.watermark, ALERT_SEVERITIES, FETCH)
        self.watermark = top
        if rows and self.mode != "off":
            self._announce(rows)
        return len(rows)

    def _announce(self, rows: list[dict[str, Any]]) -> None:
        now = self.clock()
        while self._shown and now - self._shown[0] >= WINDOW:
            self._shown.popleft()
        for row in rows:
            if len(self._shown) < MAX_TOASTS and not self._held:
                self._shown.append(now)
                self._toast(row)
            else:
                if not self._held:
                    self._held_since = now
                self._held[row["severity"]] += 1
        if self.mode == "on" and now - self._last_bell >= WINDOW:
            self._last_bell = now
            self.app.bell()
        if self._held and not self._summary_due:
            self._summary_due = True
            wait = WINDOW - (now - self._shown[0]) if self._shown else WINDOW
            self.app.set_timer(max(0.5, wait), self.flush)

    def _toast(self, row: dict[str, Any]) -> None:
        severity = row["severity"]
        title = f"⚑ {severity.upper()} {row['category']}"
        message = f"{one_line(row['author'], 60)}: {one_line(row['evidence'], 160)}\n{row['rule']}"
        self.app.notify(message, title=title, markup=False, timeout=8,
                        severity="error" if severity == "critical" else "warning")

    def flush(self) -> None:
        """The summary of what the rate limit held back."""
        self._summary_due = False
        if not self._held:
            return
        held, self._held = self._held, Counter()
        seconds = max(1, round(self.clock() - self._held_since))
        total = sum(held.values())
        noun = "flag" if total == 1 else "flags"
        kinds = [s for s in ALERT_SEVERITIES if held[s]]
        what = (f"{total} more {kinds[0]} {noun}" if len(kinds) == 1 else
                f"{total} more {noun} ({', '.join(f'{held[s]} {s}' for s in kinds)})")
        self.app.notify(f"{what} in {seconds} s — all in the Flags pane (n / N jump between "
                        f"flagged posts; B mutes alerts)", title=f"⚑ {what}", markup=False,
                        timeout=10, severity="error" if held["critical"] else "warning")
        self._shown.clear()
        self._shown.append(self.clock())
