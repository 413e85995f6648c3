"""Replay recorded sessions into a scratch log under a replay clock.

Sources are recording files (anything :func:`meetwatch.ingest.open_records`
reads) or meetwatch logs (``.db``: their raw events are re-parsed, so a replay
is exact).  Records of all sources are merged by the time they were received
and applied through the one writer (:class:`~meetwatch.store.writer.LogWriter`)
in small committed batches; after each commit ``on_update`` hears which posts
are new or changed and where the replay is.

:class:`ReplayEngine` runs in a thread of its own (``run``) and never touches
the UI; the UI steers it with the thread-safe methods ``pause``, ``resume``,
``set_speed``, ``seek`` and friends.  Tests drive ``step`` with a fake clock.
Seeking back rebuilds the scratch log from the start into a new file (the
path is in every update): simple, exact, and fast enough — see
``benchmarks/ui.py``.

Flag reviews are never lost on replay: those of a replayed log are copied
into every scratch log before its first flag, and reviews made while
replaying (:meth:`ReplayEngine.record_reviews`) go into the scratch log,
survive a seek back, and are written back to each replayed log that holds
the post.
"""

from __future__ import annotations

import contextlib
import heapq
import re
import sqlite3
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from meetwatch.core.models import ParseError, Post, RawEvent
from meetwatch.core.programme import Programme
from meetwatch.core.timeutil import from_epoch_us, to_epoch_us
from meetwatch.core.timeutil import zone as meeting_zone
from meetwatch.core.watch import handle_key
from meetwatch.ingest import LINE_PARSERS, Record, UnreadableFile, event_time, open_records
from meetwatch.sources import rss
from meetwatch.store.flags import Review, load_reviews, save_reviews
from meetwatch.store.schema import migrate, open_db
from meetwatch.store.writer import LogWriter

# Speeds offered by faster/slower; None is "max": apply as fast as possible.
SPEEDS: tuple[float | None, ...] = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, None)
SQLITE_MAGIC = b"SQLite format 3\x00"


class Scheduled(NamedTuple):
    """A record and the source time (µs) at which the replay applies it.

    ``timed``: the time is the record's own (or its source's clock); False
    for frames that carry no time and came before any that did."""

    at_us: int
    source: int
    seq: int
    timed: bool
    record: Record


def parse_speed(text: str) -> float | None:
    """``"max"`` → None; ``"60"`` or ``"60x"`` → 60.0.  Raises ValueError."""
    value = text.strip().lower()
    if value == "max":
        return None
    speed = float(value.rstrip("x×"))
    if not 0 < speed <= 1_000_000:
        raise ValueError(f"speed must be above 0 and at most 1000000, or max: {text!r}")
    return speed


def speed_label(speed: float | None) -> str:
    return "max" if speed is None else f"{speed:g}×"


_OFFSET = re.compile(r"^([+-])\s*(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?\s*(?:(\d+)s)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def resolve_time(text: str, base_us: int, timezone: str = "UTC") -> int:
    """A time a person types, as µs since the epoch.

    ``14:30`` or ``14:30:15``: that time of day, in the meeting's time zone, on
    the day of ``base_us``; ``+90m``, ``-1h30m``, ``+45s``: relative to
    ``base_us``; anything else is ISO 8601 (a time without an offset is in the
    meeting's time zone).  Raises ValueError with the text when nothing fits.
    """
    value = text.strip()
    zone = meeting_zone(timezone)
    if (m := _OFFSET.match(value)) and any(m.group(i) for i in (2, 3, 4)):
        h, mi, sec = (int(m.group(i) or 0) for i in (2, 3, 4))
        delta = (h * 3600 + mi * 60 + sec) * 1_000_000
        return base_us + (delta if m.group(1) == "+" else -delta)
    if m := _CLOCK.match(value):
        day = datetime.fromtimestamp(base_us / 1e6, tz=zone)
        try:
            local = day.replace(hour=int(m.group(1)), minute=int(m.group(2)),
                                second=int(m.group(3) or 0), microsecond=0)
        except ValueError as exc:
            raise ValueError(f"not a time of day: {text!r}") from exc
        return int(local.timestamp() * 1_000_000)
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"not a time: {text!r} (use HH:MM, +30m or an ISO date)") from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone)
    return int(dt.timestamp() * 1_000_000)


def is_log(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


# -- sources -------------------------------------------------------------------


def _timed(rec: Record) -> bool:
    """Whether a record's time is its own (else it is a fallback or a clock)."""
    return rec.raw.format == "jetstream" or event_time(rec.events) is not None


def _file_records(path: Path, index: int) -> Iterator[Scheduled]:
    fmt, records = open_records(path)
    if fmt == "rss":
        # A feed lists entries in any order and its first record carries the
        # whole document at the latest time: schedule each entry at its own time.
        keyed = [(_us(event_time(r.events) or r.raw.received_at), r) for r in records]
        keyed.sort(key=lambda kr: kr[0])
        yield from (Scheduled(at, index, n, _timed(r), r) for n, (at, r) in enumerate(keyed))
        return
    last: int | None = None
    waiting: list[tuple[int, Record]] = []  # timeless frames before the first timed one
    for n, rec in enumerate(records):
        if not _timed(rec):
            if last is None:
                waiting.append((n, rec))
            else:
                yield Scheduled(last, index, n, False, rec)
            continue
        last = max(last or 0, _us(rec.raw.received_at))  # never earlier than before
        for m, held in waiting:
            yield Scheduled(last, index, m, False, held)
        waiting.clear()
        yield Scheduled(last, index, n, True, rec)
    for m, held in waiting:  # a file with no time at all: its own fallback
        yield Scheduled(_us(held.raw.received_at), index, m, False, held)


def _log_records(path: Path, index: int) -> Iterator[Scheduled]:
    """Raw events of a log, re-parsed, in received order."""
    conn = open_db(str(path), readonly=True)
    cols = "id, source, format, received_at, line_no, payload, error"
    feeds: list[Scheduled] = []
    for row in conn.execute(f"SELECT {cols} FROM raw_events WHERE format = 'rss' "
                            "AND source LIKE 'file:%' ORDER BY received_at, id"):
        feeds.extend(Scheduled(_us(event_time(r.events) or r.raw.received_at), index, -1, True, r)
                     for r in _feed_split(_raw(row)))
    feeds.sort(key=lambda s: s.at_us)
    feeds = [s._replace(seq=-len(feeds) + n) for n, s in enumerate(feeds)]

    def rest() -> Iterator[Scheduled]:
        cur = conn.execute(f"SELECT {cols} FROM raw_events WHERE NOT (format = 'rss' "
                           "AND source LIKE 'file:%') ORDER BY received_at, id")
        while batch := cur.fetchmany(500):
            for row in batch:
                raw = _raw(row)
                seq = int(row[0]) << 20  # room for the entries of a polled feed
                if raw.format == "rss":
                    # A feed polled live: its entries arrived with the document.
                    for n, entry in enumerate(_feed_split(raw)):
                        yield Scheduled(_us(raw.received_at), index, seq + n, True, entry)
                    continue
                rec = _reparse(raw)
                # A frame without a time of its own was stored at the import's
                # clock or fallback: it does not make the span.
                yield Scheduled(_us(raw.received_at), index, seq, _timed(rec), rec)

    try:
        yield from heapq.merge(feeds, rest())
    finally:
        conn.close()


def _raw(row: tuple[object, ...]) -> RawEvent:
    _id, source, fmt, received_at, line_no, payload, _error = row
    return RawEvent(str(source), str(fmt), str(received_at), str(payload),
                    line_no if isinstance(line_no, int) else None)


def _reparse(raw: RawEvent) -> Record:
    """One stored line through its network's parser, as ``import`` did."""
    parse = LINE_PARSERS.get(raw.format)
    if parse is None:
        return Record(raw, [], f"no parser for format {raw.format!r}")
    if not raw.payload:
        return Record(raw, [], "empty payload")
    try:
        obj = orjson.loads(raw.payload)
    except orjson.JSONDecodeError as exc:
        return Record(raw, [], f"not valid JSON ({exc})")
    if not isinstance(obj, dict):
        return Record(raw, [], "not a JSON object")
    try:
        return Record(raw, parse(obj))
    except ParseError as exc:
        return Record(raw, [], str(exc))


def _feed_split(raw: RawEvent) -> list[Record]:
    """A stored feed document as ``open_records`` yields a feed file: the
    document with the first entry, then one record per entry at its time."""
    try:
        events, _problems = rss.parse_feed(raw.payload)
    except ParseError as exc:
        return [Record(raw, [], str(exc))]
    ordered = sorted(events, key=lambda e: event_time([e]) or "")
    out: list[Record] = []
    for i, ev in enumerate(ordered):
        t = event_time([ev]) or raw.received_at
        out.append(Record(RawEvent(raw.source, "rss", raw.received_at if i == 0 else t,
                                   raw.payload if i == 0 else "", raw.line_no), [ev]))
    return out


def iter_source(path: Path, index: int = 0) -> Iterator[Scheduled]:
    return _log_records(path, index) if is_log(path) else _file_records(path, index)


def merge_sources(paths: Sequence[Path]) -> Iterator[Scheduled]:
    """All records of all sources, merged by replay time (stable per source)."""
    return heapq.merge(*(iter_source(p, i) for i, p in enumerate(paths)))


def _us(iso_time: str) -> int:
    try:
        return to_epoch_us(iso_time)
    except ValueError:
        return 0


# -- summary ---------------------------------------------------------------------


@dataclass(slots=True)
class SessionSummary:
    """What a set of sources holds: time span, record count, categories, hashtags."""

    start_us: int | None = None
    end_us: int | None = None
    records: int = 0
    hours: Counter[int] = field(default_factory=Counter)  # records per hour (µs of its start)
    hashtags: Counter[str] = field(default_factory=Counter)
    categories: set[str] = field(default_factory=set)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (source, why unusable)
    usable: list[Path] = field(default_factory=list)
    # Account categories a replayed log had from its watch file (handle key -> category).
    watched: dict[str, str] = field(default_factory=dict)

    def add_time(self, at_us: int) -> None:
        if self.start_us is None or at_us < self.start_us:
            self.start_us = at_us
        if self.end_us is None or at_us > self.end_us:
            self.end_us = at_us
        self.hours[at_us - at_us % 3_600_000_000] += 1

    def busy_start_us(self, share: float = 0.1) -> int | None:
        """The first hour with at least ``share`` of the busiest hour's records:
        where a replay should start to show the meeting rather than the run-up."""
        if not self.hours:
            return self.start_us
        peak = max(self.hours.values())
        hour = min(h for h, n in self.hours.items() if n >= peak * share)
        return max(hour, self.start_us or hour)


def scan(paths: Sequence[Path], categories: dict[str, str] | None = None) -> SessionSummary:
    """Read every source once; unreadable ones are listed in ``problems``."""
    summary = SessionSummary()
    for path in paths:
        if is_log(path):
            summary.watched.update(_watched_accounts(path))
    watched = {**summary.watched, **(categories or {})}
    for i, path in enumerate(paths):
        try:
            for item in iter_source(path, i):
                summary.records += 1
                if item.timed:
                    summary.add_time(item.at_us)
                for ev in item.record.events:
                    if isinstance(ev, Post):
                        summary.hashtags.update(ev.hashtags)
                        summary.categories.add(watched.get(handle_key(ev.author.handle))
                                               or ev.author.category or "other")
        except UnreadableFile as exc:
            summary.problems.append((str(path), str(exc)))
            continue
        except OSError as exc:
            summary.problems.append((str(path), f"cannot read: {exc}"))
            continue
        summary.usable.append(path)
    return summary


def _watched_accounts(path: Path) -> dict[str, str]:
    conn = open_db(str(path), readonly=True)
    try:
        rows = conn.execute("SELECT handle, key, category FROM accounts "
                            "WHERE category_source = 'watch'").fetchall()
    finally:
        conn.close()
    out: dict[str, str] = {}
    for handle, key, category in rows:
        out[handle_key(handle)] = category
        out[str(key).lower()] = category
    return out


# -- clock -----------------------------------------------------------------------


class ReplayClock:
    """Source time (µs since the epoch) as a function of wall time.

    While running, source time advances ``speed`` times as fast as ``now``;
    while halted it stands still.  At max speed (``speed is None``) the clock
    is wherever the engine last put it with :meth:`jump`.  Not thread-safe on
    its own: the engine guards it with its lock.
    """

    def __init__(self, start_us: int, speed: float | None = 60.0,
                 now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self.speed = speed
        self.halted = False
        self._anchor_us = start_us
        self._anchor_wall = now()

    def source_us(self) -> int:
        if self.halted or self.speed is None:
            return self._anchor_us
        return self._anchor_us + int((self._now() - self._anchor_wall) * self.speed * 1e6)

    def set_speed(self, speed: float | None) -> None:
        self.jump(self.source_us())
        self.speed = speed

    def halt(self) -> None:
        self.jump(self.source_us())
        self.halted = True

    def run(self) -> None:
        if self.halted:
            self._anchor_wall = self._now()
            self.halted = False

    def jump(self, source_us: int) -> None:
        self._anchor_us = source_us
        self._anchor_wall = self._now()

    def delay_until(self, at_us: int) -> float | None:
        """Wall seconds until source time reaches ``at_us``; None while halted."""
        if self.halted:
            return None
        if self.speed is None:
            return 0.0
        return max(0.0, (at_us - self.source_us()) / self.speed / 1e6)


# -- engine ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplayStatus:
    time_us: int
    speed: float | None
    paused: bool
    finished: bool
    start_us: int | None
    end_us: int | None
    applied: int
    rejected: int

    @property
    def time(self) -> str:
        return from_epoch_us(self.time_us)


@dataclass(frozen=True, slots=True)
class ReplayUpdate:
    """What one committed batch changed.  ``reset``: the log was rebuilt
    into ``log_path`` (post ids start again); drop everything cached.
    ``status`` is None when the batch came live (no replay clock)."""

    new_ids: tuple[int, ...]
    changed_ids: tuple[int, ...]
    status: ReplayStatus | None
    log_path: Path
    reset: bool = False
    seek: bool = False  # applied by a seek (history, not news: no alerts)


class ReplayEngine:
    """Applies merged sources to a scratch log in ``scratch_dir`` on a clock."""

    def __init__(
        self,
        sources: Sequence[str | Path],
        scratch_dir: str | Path,
        *,
        speed: float | None = 60.0,
        start_us: int | None = None,
        summary: SessionSummary | None = None,
        categories: dict[str, str] | None = None,
        on_update: Callable[[ReplayUpdate], None] | None = None,
        now: Callable[[], float] = time.monotonic,
        batch_records: int = 500,
        batch_seconds: float = 0.1,
        skip_gaps: float | None = None,
        flags: Any | None = None,
        programme: Programme | None = None,
        details: dict[str, dict[str, str]] | None = None,
        pairing: Any | None = None,
    ) -> None:
        paths = [Path(s) for s in sources]
        # The meeting's programme: replayed posts are tagged with its items.
        self.programme = programme
        self.details = details or {}
        self.pairing = pairing  # PairingSettings; None: the writer's defaults
        # Flag rules (meetwatch.core.flags.FlagConfig) run on every replayed post.
        self.flags = flags
        self.summary = summary if summary is not None else scan(paths, categories)
        self.categories = {**self.summary.watched, **(categories or {})}
        self.sources = list(self.summary.usable)
        self.on_update = on_update
        self.batch_records = batch_records
        self.batch_seconds = batch_seconds
        # Silences longer than this many seconds of source time are skipped.
        self.skip_gaps_us = None if skip_gaps is None else int(skip_gaps * 1e6)
        self._now = now
        self._dir = Path(scratch_dir)
        self._dir.mkdir(parents=True, exist_ok=True)
        self._generation = 0
        # Every review known: the replayed logs' own, then those made here.
        self._reviews_lock = threading.RLock()  # also held while the scratch log changes
        self._reviews: dict[tuple[str, str, str], Review] = {}
        for path in self.sources:
            if is_log(Path(path)):
                self._remember(self._read_reviews(Path(path)))
        self.log_path = self._fresh_log()
        start, end = self.summary.start_us, self.summary.end_us
        if start_us is not None and start is not None and end is not None:
            start_us = min(max(start_us, start), end)
        self.origin_us = start_us if start_us is not None else (start or 0)
        self.clock = ReplayClock(self.origin_us, speed, now)
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._commands: deque[int] = deque()  # seek targets
        self._pending_target: int | None = None
        self._paused = False
        self._finished = False
        self._stopped = False
        self._writer: LogWriter | None = None
        self._records: Iterator[Scheduled] = iter(())
        self._next: Scheduled | None = None
        self._last_applied_us: int | None = None
        self.applied = 0
        self.rejected = 0
        if start_us is not None:
            self.seek(start_us)

    # -- control (any thread) ------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        with self._lock:
            self._paused = True
            self.clock.halt()
        self._wake.set()

    def resume(self) -> None:
        with self._lock:
            self._paused = False
            if not self._finished:
                self.clock.run()
        self._wake.set()

    def toggle_pause(self) -> bool:
        """Pause or resume; returns the new paused state."""
        (self.resume if self._paused else self.pause)()
        return self._paused

    def set_speed(self, speed: float | None) -> None:
        with self._lock:
            self.clock.set_speed(speed)
        self._wake.set()

    def faster(self) -> float | None:
        return self._step_speed(+1)

    def slower(self) -> float | None:
        return self._step_speed(-1)

    def _step_speed(self, direction: int) -> float | None:
        current = self.clock.speed
        rank = [float("inf") if s is None else s for s in SPEEDS]
        here = float("inf") if current is None else current
        if direction > 0:
            choice = next((s for s, r in zip(SPEEDS, rank, strict=True) if r > here), None)
        else:
            lower = [s for s, r in zip(SPEEDS, rank, strict=True) if r < here]
            choice = lower[-1] if lower else SPEEDS[0]
        self.set_speed(choice)
        return choice

    def seek(self, target_us: int) -> None:
        """Show the log as it was at ``target_us`` (applied in the engine's thread)."""
        with self._lock:
            start, end = self.summary.start_us, self.summary.end_us
            if start is not None and end is not None:
                target_us = min(max(target_us, start), end)
            self._commands.append(target_us)
            self._pending_target = target_us
        self._wake.set()

    def seek_by(self, seconds: float) -> None:
        with self._lock:
            base = self._pending_target
            if base is None:
                base = self.clock.source_us()
        self.seek(base + int(seconds * 1e6))

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()

    def status(self) -> ReplayStatus:
        with self._lock:
            t = self.clock.source_us()
            if self.summary.end_us is not None:
                t = min(t, self.summary.end_us)
            start = self.summary.start_us
            if start is not None:
                start = max(start, min(self.origin_us, t))  # the timeline starts at --from
            return ReplayStatus(t, self.clock.speed, self._paused, self._finished,
                                start, self.summary.end_us, self.applied, self.rejected)

    # -- the loop (engine thread) ----------------------------------------------------

    def run(self) -> None:
        """Replay until :meth:`stop`; waits without spinning while paused or done."""
        try:
            while not self._stopped:
                delay = self.step()
                if not self._stopped:
                    self._wake.wait(delay)
        finally:
            self.close()

    def step(self) -> float | None:
        """Apply what is due now; returns seconds until more is due (None: wait
        for a command)."""
        self._wake.clear()
        self._open()
        while self._commands and not self._stopped:
            with self._lock:
                target = self._commands.popleft()
                if not self._commands:
                    self._pending_target = None
            self._seek_now(target)
        if self._paused or self._finished or self._stopped:
            return None
        new: list[int] = []
        changed: list[int] = []
        deadline = self._now() + self.batch_seconds
        for _ in range(self.batch_records):
            item = self._peek()
            if item is None:
                break
            with self._lock:
                due = self.clock.speed is None or item.at_us <= self.clock.source_us()
            if not due:
                break
            self._apply(item, new, changed)
            if self._now() >= deadline:
                break
        if self._peek() is None:
            self._finish()
        if new or changed or self._finished:
            self._commit(new, changed)
        nxt = self._peek()
        if nxt is None or self._paused:
            return None
        with self._lock:
            self._skip_gap(nxt.at_us)
            return self.clock.delay_until(nxt.at_us)

    def _skip_gap(self, next_us: int) -> None:
        """Jump over a long silence, arriving a moment (2 s of wall time) before
        the next record.  Caller holds the lock."""
        speed = self.clock.speed
        if self.skip_gaps_us is None or speed is None or self.clock.halted:
            return
        if next_us - self.clock.source_us() > self.skip_gaps_us:
            self.clock.jump(next_us - min(self.skip_gaps_us, int(2e6 * speed)))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    # -- internals -------------------------------------------------------------------

    def _fresh_log(self) -> Path:
        self._generation += 1
        name = "replay.db" if self._generation == 1 else f"replay-{self._generation}.db"
        path = self._dir / name
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        LogWriter(str(path)).close()  # created and migrated before any reader opens it
        with self._reviews_lock:
            reviews = list(self._reviews.values())
        if reviews:  # before any flag: the log's triggers give new flags their state
            self._save_reviews(path, reviews)
        return path

    @staticmethod
    def _save_reviews(path: Path, reviews: list[Review]) -> None:
        conn = open_db(str(path))
        try:
            save_reviews(conn, reviews)
        finally:
            conn.close()

    # -- flag reviews (any thread) -------------------------------------------------

    @staticmethod
    def _read_reviews(path: Path) -> list[Review]:
        try:
            conn = open_db(str(path), readonly=True)
        except sqlite3.Error:
            return []
        try:
            return load_reviews(conn)
        finally:
            conn.close()

    def _remember(self, reviews: list[Review]) -> None:
        with self._reviews_lock:
            for r in reviews:
                key = (r.uid, r.rule, r.evidence)
                old = self._reviews.get(key)
                if old is None or r.at >= old.at:
                    self._reviews[key] = r

    @property
    def reviews(self) -> list[Review]:
        with self._reviews_lock:
            return list(self._reviews.values())

    def record_reviews(self, reviews: list[Review]) -> list[str]:
        """Keep reviews made during the replay: in the scratch log (now and
        after any rebuild) and in each replayed log holding the post.
        Returns the problems met writing them back (the replay goes on)."""
        problems: list[str] = []
        with self._reviews_lock:  # a rebuild copies them, or they go into its new log
            self._remember(reviews)
            try:
                self._save_reviews(self.log_path, reviews)
            except sqlite3.Error as exc:
                problems.append(f"replay log: {exc}")
        uids = sorted({r.uid for r in reviews})
        for source in self.sources:
            path = Path(source)
            if not is_log(path):
                continue
            try:
                conn = open_db(str(path))
                try:
                    marks = ",".join("?" * len(uids))
                    held = {u for (u,) in conn.execute(
                        f"SELECT uid FROM posts WHERE uid IN ({marks})", uids)}
                    mine = [r for r in reviews if r.uid in held]
                    if mine:
                        migrate(conn)
                        save_reviews(conn, mine)
                finally:
                    conn.close()
            except sqlite3.Error as exc:
                problems.append(f"{path.name}: review kept in the replay only ({exc})")
        return problems

    def _open(self) -> None:
        if self._writer is None:
            self._writer = LogWriter(str(self.log_path))
            self._writer.categories = self.categories
            self._writer.details = self.details
            if self.pairing is not None:
                self._writer.pairing = self.pairing
            if self.flags is not None:
                self._writer.set_flags(self.flags)
            if self.programme is not None:
                self._writer.set_programme(self.programme)
            self._records = merge_sources(self.sources)
            self._next = None

    def _peek(self) -> Scheduled | None:
        if self._next is None:
            item = next(self._records, None)
            end = self.summary.end_us
            if item is not None and end is not None and item.at_us > end:
                item = item._replace(at_us=end)  # an untimed straggler: at the end
            self._next = item
        return self._next

    def _apply(self, item: Scheduled, new: list[int], changed: list[int]) -> None:
        assert self._writer is not None
        self._next = None
        rec = item.record
        if rec.raw.payload:
            self._writer.add_raw(rec.raw, rec.error)
        if rec.error is not None:
            self.rejected += 1
        else:
            out = self._writer.apply(rec.events, rec.raw.received_at)
            new.extend(out.new_post_ids)
            changed.extend(out.changed_post_ids)
        self.applied += 1
        self._last_applied_us = item.at_us
        if self.clock.speed is None:
            with self._lock:
                self.clock.jump(item.at_us)

    def _commit(self, new: list[int], changed: list[int], reset: bool = False,
                seek: bool = False) -> None:
        assert self._writer is not None
        self._writer.commit()
        if self.on_update is not None:
            self.on_update(ReplayUpdate(tuple(new), tuple(changed), self.status(),
                                        self.log_path, reset, seek))

    def _finish(self) -> None:
        with self._lock:
            self._finished = True
            if self.summary.end_us is not None:
                self.clock.jump(self.summary.end_us)
            self.clock.halt()

    def _seek_now(self, target: int) -> None:
        reset = self._last_applied_us is not None and target < self._last_applied_us
        if reset:
            self._rebuild()
        new: list[int] = []
        changed: list[int] = []
        since_commit = 0
        while not self._stopped:
            item = self._peek()
            if item is None or item.at_us > target:
                break
            self._apply(item, new, changed)
            since_commit += 1
            if since_commit >= self.batch_records:
                if reset:  # nobody reads the new log yet: just keep transactions small
                    assert self._writer is not None
                    self._writer.commit()
                else:
                    self._commit(new, changed, seek=True)
                    new, changed = [], []
                since_commit = 0
        with self._lock:
            self.clock.jump(target)
            self._finished = self._peek() is None
            if self._paused or self._finished:
                self.clock.halt()
            else:
                self.clock.run()
        self._commit(new, changed, reset, seek=True)

    def _rebuild(self) -> None:
        """Start again from an empty log in a new file (readers of the old one
        keep a consistent view until they switch)."""
        old = self.log_path
        self.close()
        with self._reviews_lock:
            self.log_path = self._fresh_log()
        self.applied = self.rejected = 0
        self._last_applied_us = None
        self._open()
        for suffix in ("", "-wal", "-shm"):
            # Still open elsewhere (Windows)?  The temp dir goes later.
            with contextlib.suppress(OSError):
                Path(f"{old}{suffix}").unlink(missing_ok=True)
