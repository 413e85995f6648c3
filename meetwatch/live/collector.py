"""The collector: one task per source, one writer thread, one bounded queue between.

Sources never touch SQLite; the writer thread alone owns the
:class:`~meetwatch.store.writer.LogWriter` and commits every
``batch_seconds`` or ``batch_size`` items, whichever comes first, so a flood
never blocks the event loop on a commit.  Stopping (after a duration, or
when ``stop`` is set) cancels the sources, drains the queue and commits, so
everything received is in the log.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from meetwatch.core.models import AccountChange, ConnectionEvent
from meetwatch.core.watch import WatchFile
from meetwatch.live.base import (
    EMPTY,
    Context,
    Delivery,
    LiveSettings,
    LiveSource,
    MetaWrite,
    SourceState,
    StatusCallback,
    WriteQueue,
    now_iso,
)
from meetwatch.live.jetstream import JetstreamSource
from meetwatch.live.mastodon import MastodonSource, host_of
from meetwatch.live.rss import RssSource
from meetwatch.live.x import XSource
from meetwatch.core.pairing import settings_from
from meetwatch.core.programme import programme_of
from meetwatch.store.agenda import remember_meeting
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


CommitCallback = Callable[[list[int], list[int]], None]


class LogUnwritable(Exception):
    """The log could not be opened or written (the run stops; this says why)."""

    def __init__(self, cause: BaseException) -> None:
        hint = ""
        if "locked" in str(cause) or "busy" in str(cause):
            hint = " (is another meetwatch record or watch writing this log?)"
        super().__init__(f"the log could not be written: {cause}{hint}")


class Collector:
    """Runs the watch file's sources on the running event loop and one
    writer thread that alone owns the :class:`LogWriter`.

    The loop never waits on SQLite: sources hand items to a bounded
    :class:`WriteQueue` (back-pressure, never loss); the writer thread
    commits every ``batch_seconds`` or ``batch_size`` items and then tells
    ``on_commit`` which posts are new and which changed (from its thread).
    """

    def __init__(self, watch: WatchFile, db_path: str, *, settings: LiveSettings | None = None,
                 on_status: StatusCallback | None = None, flags: Any = None,
                 on_commit: CommitCallback | None = None) -> None:
        self.watch = watch
        self.flags = flags  # a FlagConfig: live posts are flagged as imported ones are
        self.db_path = db_path
        self.settings = settings or LiveSettings()
        self.queue = WriteQueue(self.settings.queue_size)
        self.ctx = Context(self.queue, self.settings, on_status)
        self.sources: list[LiveSource] = []
        self.commits = 0
        self.on_commit = on_commit
        self.write_seconds = 0.0  # time the writer thread spent applying and committing
        self.longest_commit = 0.0  # seconds: what the event loop would have stalled for
        self.writer_error: Exception | None = None

    def _build(self, writer: LogWriter) -> list[LiveSource]:
        out: list[LiveSource] = []
        for spec in self.watch.sources:
            src: LiveSource
            if spec.network == "mastodon":
                rid, rat = _mastodon_resume(writer, host_of(spec.server or ""))
                src = MastodonSource(spec, self.watch, self.ctx, resume_id=rid, resume_at=rat)
            elif spec.network == "bluesky":
                src = JetstreamSource(spec, self.watch, self.ctx)
                src.restore(writer)
            elif spec.network == "rss":
                src = RssSource(spec, self.watch, self.ctx)
            elif spec.network == "x":
                src = XSource(spec, self.watch, self.ctx)
            else:  # pragma: no cover - the watch file validates networks
                continue
            out.append(src)
        return out

    def _setup(self, writer: LogWriter) -> list[LiveSource]:
        """Writer thread, before anything runs: the watch file's accounts and
        rules, and each source's resume point read from the log."""
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
        remember_meeting(writer.conn, self.watch.name, self.watch.timezone)  # autocommits
        programme, problems = programme_of(self.watch.programme, self.watch.timezone,
                                           self.watch.hashtags)
        for problem in problems:
            if self.ctx.on_status is not None:
                self.ctx.on_status(SourceState("programme", ""), problem)
        writer.set_programme(programme)
        return self._build(writer)

    async def run(self, duration: float | None = None, stop: asyncio.Event | None = None) -> Summary:
        """Collect until ``duration`` seconds have passed or ``stop`` is set."""
        began = time.monotonic()
        stop = stop or asyncio.Event()
        ready: concurrent.futures.Future[list[LiveSource]] = concurrent.futures.Future()
        loop = asyncio.get_running_loop()
        thread = threading.Thread(target=self._writer_thread, args=(ready, loop, stop),
                                  name="meetwatch-writer", daemon=True)
        thread.start()
        try:
            self.sources = await asyncio.wrap_future(ready)
        except BaseException:
            await asyncio.to_thread(thread.join)
            raise
        tasks = [asyncio.create_task(self._guard(s), name=s.name) for s in self.sources]
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(duration):
                    await stop.wait()
        finally:
            # Cancel until every source has ended: on Python 3.11 a cancellation
            # that lands just as an awaited call completes can be lost (the
            # wait_for race fixed in 3.12), and one lost cancel hung the stop.
            running = set(tasks)
            while running:
                for t in running:
                    t.cancel()
                _done, running = await asyncio.wait(running, timeout=1.0)
            await asyncio.gather(*tasks, return_exceptions=True)
            # Puts that were waiting for room still land — unless the writer has
            # failed and closed the queue: then nothing lands, and none is waited for.
            while self.queue.waiting and not self.queue.closed:
                await asyncio.sleep(0.005)
            await self.queue.put(None)
            await asyncio.to_thread(thread.join)
        if self.writer_error is not None:
            raise LogUnwritable(self.writer_error) from self.writer_error
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

    # -- the writer thread -------------------------------------------------------

    def _writer_thread(self, ready: concurrent.futures.Future[list[LiveSource]],
                       loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
        try:
            writer = LogWriter(self.db_path)
        except BaseException as exc:
            ready.set_exception(LogUnwritable(exc))
            return
        try:
            try:
                sources = self._setup(writer)
            except BaseException as exc:
                ready.set_exception(LogUnwritable(exc))
                return
            ready.set_result(sources)
            self._write(writer, {s.name: s.state for s in sources})
        except Exception as exc:  # the log cannot be written: stop, and say why
            self.writer_error = exc
            self.queue.close()
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    def _write(self, writer: LogWriter, states: dict[str, SourceState]) -> None:
        """Apply items until the ``None`` that ends the run, committing in batches."""
        s = self.settings
        pending = 0
        new: list[int] = []
        changed: list[int] = []
        deadline = time.monotonic()
        while True:
            # Blocks without a timeout when nothing is pending: no CPU at rest.
            item = self.queue.get(max(0.0, deadline - time.monotonic()) if pending else None)
            if item is None:
                self._commit(writer, new, changed)
                return
            t0 = time.perf_counter()
            if item is not EMPTY:
                if pending == 0:
                    deadline = time.monotonic() + s.batch_seconds
                pending += 1
                if isinstance(item, Delivery):
                    _apply(writer, item, states.get(item.raw.source), new, changed)
                elif isinstance(item, ConnectionEvent):
                    writer.add_connection_event(item)
                elif isinstance(item, MetaWrite):
                    _remember(writer, item)
            if pending and (pending >= s.batch_size or time.monotonic() >= deadline):
                self._commit(writer, new, changed)
                new, changed = [], []
                pending = 0
            self.write_seconds += time.perf_counter() - t0

    def _commit(self, writer: LogWriter, new: list[int], changed: list[int]) -> None:
        t0 = time.perf_counter()
        writer.commit()
        self.longest_commit = max(self.longest_commit, time.perf_counter() - t0)
        self.commits += 1
        if self.on_commit is not None and (new or changed):
            self.on_commit(new, changed)


def _apply(writer: LogWriter, d: Delivery, state: SourceState | None, new: list[int],
           changed: list[int]) -> None:
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
    new.extend(out.new_post_ids)
    changed.extend(out.changed_post_ids)


def _remember(writer: LogWriter, item: MetaWrite) -> None:
    writer.set_meta(item.key, item.value)
    if item.account is None:
        return
    category = writer.categories.get(item.watched or "")
    if category:
        writer.categories.setdefault(item.account.key.lower(), category)
    writer.apply([AccountChange(item.account)], now_iso())


def _mastodon_resume(writer: LogWriter, host: str) -> tuple[str | None, str | None]:
    """The newest status id the log holds from this server, and when it came."""
    row = writer.conn.execute(
        "SELECT local_id, received_at FROM posts WHERE network = 'mastodon' AND server = ? "
        "AND local_id IS NOT NULL ORDER BY length(local_id) DESC, local_id DESC LIMIT 1",
        (host,)).fetchone()
    return (str(row[0]), str(row[1])) if row else (None, None)
