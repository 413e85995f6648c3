"""LiveFeed: the collector running behind the deck.

The deck (``meetwatch watch``) drives a :class:`LiveFeed` the way it drives a
replay engine: ``on_update`` hears, from another thread, which posts each
commit added or changed (a :class:`~meetwatch.replay.ReplayUpdate` without a
replay status) and that a source changed state.  The collector runs on an
asyncio loop in a thread of its own; its writer thread commits.  At rest
nothing runs: the loop waits on its sockets and the writer on its queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetwatch.core.watch import WatchFile
from meetwatch.live.base import LiveSettings, LiveSource, SourceState
from meetwatch.live.collector import Collector, Summary
from meetwatch.replay import ReplayUpdate
from meetwatch.store.writer import LogWriter

# What the status bar calls a source's state.
LIVE, GAP, RECONNECTING, OFFLINE, CONNECTING, OFF = (
    "live", "gap", "reconnecting", "offline", "connecting", "off")


def condition(src: LiveSource) -> str:
    """One word for a source's state: live, gap (connected, refilling what
    was missed), reconnecting, offline (never connected, or failing), off."""
    st = src.state
    if st.status == "disabled":
        return OFF
    if st.status == "connected":
        # Connected with a gap still open: its refill is running.
        return GAP if getattr(src, "open_gap", None) else LIVE
    if st.status == "starting":
        return CONNECTING
    if st.status == "error" or not st.connects:
        return OFFLINE
    return RECONNECTING


@dataclass(frozen=True, slots=True)
class SourceView:
    """One source as the deck shows it."""

    name: str  # short: the network, with its host when there are several of it
    state: str
    reason: str = ""  # the last error, while offline or reconnecting


class LiveFeed:
    """Runs a :class:`Collector` in a background thread for the deck."""

    def __init__(self, watch: WatchFile, db_path: str | Path, *, settings: LiveSettings | None = None,
                 flags: Any = None) -> None:
        self.log_path = Path(db_path)
        LogWriter(str(db_path)).close()  # created and migrated before the deck reads it
        self.on_update: Callable[[ReplayUpdate], None] | None = None
        self.collector = Collector(watch, str(db_path), settings=settings, flags=flags,
                                   on_status=self._status, on_commit=self._committed)
        self.summary: Summary | None = None
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None

    # -- control (any thread) ------------------------------------------------------

    def start(self) -> None:
        """Start collecting in a thread of its own (not a daemon: its last
        commit must land before the process ends)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self.run, name="meetwatch-live")
            self._thread.start()

    def run(self) -> None:
        """Collect until :meth:`stop` (blocks; ``start`` runs it in a thread)."""
        try:
            self.summary = asyncio.run(self._main())
        except BaseException as exc:  # reported to the deck, never raised into a thread's void
            self.error = exc
            self._notify()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has finished already
                loop.call_soon_threadsafe(stop.set)

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def sources(self) -> tuple[SourceView, ...]:
        srcs = list(self.collector.sources)
        networks = [s.network for s in srcs]
        out = []
        for s in srcs:
            name = s.network if networks.count(s.network) == 1 else f"{s.network}:{s.label()}"
            state = condition(s)
            reason = s.state.last_error if state in (OFFLINE, RECONNECTING) else ""
            out.append(SourceView(name, state, reason))
        return tuple(out)

    # -- the thread ------------------------------------------------------------------

    async def _main(self) -> Summary:
        with self._lock:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            if self._stopping:
                self._stop.set()
        try:
            return await self.collector.run(stop=self._stop)
        finally:
            with self._lock:
                self._loop = None

    def _status(self, state: SourceState, text: str) -> None:
        self._notify()

    def _committed(self, new: list[int], changed: list[int]) -> None:
        self._notify(new, changed)

    def _notify(self, new: list[int] | None = None, changed: list[int] | None = None) -> None:
        if self.on_update is not None:
            self.on_update(ReplayUpdate(tuple(new or ()), tuple(changed or ()), None,
                                        self.log_path))
