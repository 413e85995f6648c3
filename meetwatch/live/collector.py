"""The collector: one task per source, one writer task, one queue between.

Sources never touch SQLite; the writer task alone owns the
:class:`~meetwatch.store.writer.LogWriter` and commits every
``batch_seconds`` or ``batch_size`` items, whichever comes first.  Stopping
(after a duration, or when ``stop`` is set) cancels the sources, drains the
queue and commits, so everything received is in the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import orjson

from meetwatch.core.models import ConnectionEvent
from meetwatch.core.watch import WatchFile
from meetwatch.live.base import Context, Delivery, LiveSettings, LiveSource, SourceState, StatusCallback
from meetwatch.live.jetstream import JetstreamSource
from meetwatch.live.mastodon import MastodonSource, host_of
from meetwatch.live.rss import RssSource
from meetwatch.live.x import XSource
from meetwatch.core.pairing import settings_from
from meetwatch.core.programme import programme_of
from meetwatch.store.writer import LogWriter, apply_watch_accounts


@dataclass(slots=True)
class Summary:
    seconds: float = 0.0
    sources: list[SourceState] = field(default_factory=list)
    commits: int = 0

    @property
    def imported(self) -> int:
        return sum(s.imported for s in self.sources)

    def lines(self) -> list[str]:
        out = [f"recorded for {self.seconds:.1f}s: {self.imported} new posts, "
               f"{sum(s.updated for s in self.sources)} updated, "
               f"{sum(s.duplicate for s in self.sources)} duplicate, "
               f"{sum(s.rejected for s in self.sources)} rejected"]
        for s in self.sources:
            gaps = f"{s.gaps} gap{'s' if s.gaps != 1 else ''}"
            if s.gaps:
                gaps += f" ({s.gaps_filled} filled)"
            line = (f"  {s.name}: {s.status}; {s.frames} frames, {s.imported} new, "
                    f"{s.updated} updated, {s.duplicate} duplicate, {s.rejected} rejected; "
                    f"{s.connects} connects, {s.drops} drops, {gaps}, {s.errors} errors")
            if s.last_error and s.status != "connected":
                line += f"; last error: {s.last_error}"
            out.append(line)
        return out


class Collector:
    def __init__(self, watch: WatchFile, db_path: str, *, settings: LiveSettings | None = None,
                 on_status: StatusCallback | None = None, flags: Any = None) -> None:
        self.watch = watch
        self.flags = flags  # a FlagConfig: live posts are flagged as imported ones are
        self.db_path = db_path
        self.settings = settings or LiveSettings()
        self.queue: asyncio.Queue[Delivery | ConnectionEvent | None] = asyncio.Queue(maxsize=10_000)
        self.ctx = Context(self.queue, self.settings, on_status)
        self.sources: list[LiveSource] = []
        self.commits = 0

    def _build(self, writer: LogWriter) -> list[LiveSource]:
        out: list[LiveSource] = []
        for spec in self.watch.sources:
            src: LiveSource
            if spec.network == "mastodon":
                rid, rat = _mastodon_resume(writer, host_of(spec.server or ""))
                src = MastodonSource(spec, self.watch, self.ctx, resume_id=rid, resume_at=rat)
            elif spec.network == "bluesky":
                probe = JetstreamSource(spec, self.watch, self.ctx)
                tus, at = _jetstream_resume(writer, probe.name)
                src = JetstreamSource(spec, self.watch, self.ctx, resume_time_us=tus, resume_at=at)
            elif spec.network == "rss":
                src = RssSource(spec, self.watch, self.ctx)
            elif spec.network == "x":
                src = XSource(spec, self.watch, self.ctx)
            else:  # pragma: no cover - the watch file validates networks
                continue
            out.append(src)
        return out

    async def run(self, duration: float | None = None, stop: asyncio.Event | None = None) -> Summary:
        """Collect until ``duration`` seconds have passed or ``stop`` is set."""
        began = time.monotonic()
        stop = stop or asyncio.Event()
        writer = LogWriter(self.db_path)
        try:
            writer.categories = dict(self.watch.accounts)
            writer.details = dict(self.watch.details)
            writer.pairing = settings_from(self.watch.raw.get("pairing"), self.watch.hashtags)[0]
            if self.flags is not None:
                for problem in writer.set_flags(self.flags):
                    if self.ctx.on_status is not None:
                        self.ctx.on_status(SourceState("flags", ""), f"flag rules: {problem}")
            if self.watch.accounts or self.watch.details:
                writer.begin()
                apply_watch_accounts(writer.conn, self.watch.accounts, self.watch.details)
                writer.commit()
            programme, problems = programme_of(self.watch.programme, self.watch.timezone,
                                               self.watch.hashtags)
            for problem in problems:
                if self.ctx.on_status is not None:
                    self.ctx.on_status(SourceState("programme", ""), problem)
            writer.set_programme(programme)
            self.sources = self._build(writer)
            by_name = {s.name: s.state for s in self.sources}
            writing = asyncio.create_task(self._write(writer, by_name), name="meetwatch-writer")
            tasks = [asyncio.create_task(self._guard(s), name=s.name) for s in self.sources]
            try:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(duration):
                        await stop.wait()
            finally:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                await self.queue.put(None)
                await writing
        finally:
            writer.close()
        return Summary(time.monotonic() - began, [s.state for s in self.sources], self.commits)

    async def _guard(self, src: LiveSource) -> None:
        """Run a source; a bug in one never stops the others (it is logged, then retried)."""
        while True:
            try:
                await src.run()
                return
            except asyncio.CancelledError:
                src.on_stop()
                raise
            except Exception as exc:  # reported, then the source restarts
                await src.log("error", f"internal error: {type(exc).__name__}: {exc}")
                await asyncio.sleep(max(0.01, self.settings.backoff_initial))

    async def _write(self, writer: LogWriter, states: dict[str, SourceState]) -> None:
        s = self.settings
        pending = 0
        deadline = time.monotonic() + s.batch_seconds
        while True:
            timeout = max(0.0, deadline - time.monotonic()) if pending else None
            item: Delivery | ConnectionEvent | object | None
            try:
                async with asyncio.timeout(timeout):
                    item = await self.queue.get()
            except TimeoutError:
                item = _TICK
            if item is None:
                writer.commit()
                self.commits += 1
                return
            if isinstance(item, Delivery):
                _apply(writer, item, states.get(item.raw.source))
                pending += 1
            elif isinstance(item, ConnectionEvent):
                writer.add_connection_event(item)
                pending += 1
            if pending and (pending >= s.batch_size or time.monotonic() >= deadline):
                writer.commit()
                self.commits += 1
                pending = 0
            if pending == 1:
                deadline = time.monotonic() + s.batch_seconds


_TICK = object()


def _apply(writer: LogWriter, d: Delivery, state: SourceState | None) -> None:
    writer.add_raw(d.raw, d.error)
    if d.error is not None:
        if state:
            state.rejected += 1
        return
    out = writer.apply(d.events, d.raw.received_at, d.server)
    if state:
        state.imported += out.imported
        state.updated += out.updated
        state.duplicate += out.duplicate


def _mastodon_resume(writer: LogWriter, host: str) -> tuple[str | None, str | None]:
    """The newest status id the log holds from this server, and when it came."""
    row = writer.conn.execute(
        "SELECT local_id, received_at FROM posts WHERE network = 'mastodon' AND server = ? "
        "AND local_id IS NOT NULL ORDER BY length(local_id) DESC, local_id DESC LIMIT 1",
        (host,)).fetchone()
    return (str(row[0]), str(row[1])) if row else (None, None)


def _jetstream_resume(writer: LogWriter, source: str) -> tuple[int | None, str | None]:
    """The newest ``time_us`` among the last events this source stored."""
    best: int | None = None
    at: str | None = None
    for payload, received in writer.conn.execute(
            "SELECT payload, received_at FROM raw_events WHERE source = ? AND error IS NULL "
            "ORDER BY id DESC LIMIT 200", (source,)):
        try:
            t = orjson.loads(payload).get("time_us")
        except (orjson.JSONDecodeError, AttributeError):
            continue
        if isinstance(t, int) and (best is None or t > best):
            best, at = t, at or str(received)
    return best, at
