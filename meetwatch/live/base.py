"""What every live source shares: settings, the hand-off to the writer, the
connection log, secrets kept out of both.

A source task never touches SQLite.  It hands :class:`Delivery` items (a raw
frame and what it parsed into) and :class:`ConnectionEvent` rows to one
``asyncio.Queue``; the collector's single writer task applies them.
"""

from __future__ import annotations

import abc
import asyncio
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from meetwatch.core.models import Account, ConnectionEvent, Event, RawEvent
from meetwatch.core.timeutil import from_epoch_us
from meetwatch.core.watch import SourceSpec, WatchFile

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

Kind = Literal["connect", "drop", "reconnect", "gap", "error", "stall"]
MIN_SECRET = 6  # shorter values are not redacted (see Context.redact)
USER_AGENT = "meetwatch/0.1 (+https://github.com/meetwatch)"


@dataclass(slots=True)
class LiveSettings:
    """Timings of the live side.  Defaults suit real networks; tests shrink them.
    A source's own watch-file options (``stall``, ``interval``, ``backoff_initial``,
    ``backoff_max``) win over these."""

    backoff_initial: float = 1.0
    backoff_max: float = 120.0
    mastodon_stall: float = 300.0  # a quiet hashtag is normal; the REST refill makes reconnects cheap
    jetstream_stall: float = 30.0  # ~25 posts/s network-wide: silence means a dead host
    x_stall: float = 30.0  # X sends a keep-alive every 20 s
    x_backoff_scale: float = 1.0
    rss_interval: float = 600.0
    batch_seconds: float = 0.25
    batch_size: int = 500
    queue_size: int = 10_000  # items between the event loop and the writer thread
    rewind_us: int = 5_000_000  # Jetstream resume: newest time_us seen minus this
    http_timeout: float = 20.0
    rate_limit_max_wait: float = 300.0  # longest wait for a Mastodon rate-limit reset
    trust_env: bool = True  # honour HTTP(S)_PROXY; tests turn it off


@dataclass(slots=True)
class Delivery:
    """One raw frame, line or document and what it parsed into (or why not)."""

    raw: RawEvent
    events: list[Event]
    server: str = ""
    error: str | None = None


@dataclass(slots=True)
class MetaWrite:
    """A value a source keeps across restarts (a cursor, a resolved handle),
    written by the writer thread to the log's ``meta`` table (idempotent)."""

    key: str
    value: str
    # An account learnt with the value (a handle resolved to its DID): stored,
    # and given the category the watch file gives ``watched`` (its handle).
    account: Account | None = None
    watched: str | None = None


Item = Delivery | ConnectionEvent | MetaWrite | None


class WriteQueue:
    """The bounded hand-off from the event loop to the writer thread.

    ``put`` never drops: when the queue is full it waits (in a helper thread,
    so the event loop keeps running) until the writer has made room.
    """

    def __init__(self, maxsize: int = 10_000) -> None:
        self._q: queue.Queue[Item] = queue.Queue(maxsize)
        self._lock = threading.Lock()
        self.waiting = 0  # puts blocked on a full queue (they still land)
        self.closed = False
        self.high_water = 0

    async def put(self, item: Item) -> None:
        if self.closed:
            return  # the writer has failed; the run is ending with its error
        try:
            self._q.put_nowait(item)
        except queue.Full:
            with self._lock:
                self.waiting += 1
            # Shielded: a source stopped while its put waits for room does not
            # cancel the put (the item still lands, and `waiting` always comes
            # down again, so the stop that waits for it cannot hang).
            put = asyncio.get_running_loop().run_in_executor(None, self._put_blocking, item)
            await asyncio.shield(put)
        size = self._q.qsize()
        if size > self.high_water:
            self.high_water = size

    def _put_blocking(self, item: Item) -> None:
        try:
            while not self.closed:
                try:
                    self._q.put(item, timeout=0.5)
                    return
                except queue.Full:
                    continue
        finally:
            with self._lock:
                self.waiting -= 1

    def close(self) -> None:
        """The writer is gone: puts return at once instead of waiting for room."""
        self.closed = True

    def put_soon(self, item: Item, timeout: float = 5.0) -> bool:
        """From synchronous code (a source being cancelled): wait briefly for room."""
        if self.closed:
            return False
        try:
            self._q.put(item, timeout=timeout)
        except queue.Full:
            return False
        return True

    def get(self, timeout: float | None) -> Item | object:
        """The next item, or :data:`EMPTY` after ``timeout`` seconds."""
        try:
            return self._q.get(timeout=timeout)
        except queue.Empty:
            return EMPTY

    def get_nowait(self) -> Item | object:
        try:
            return self._q.get_nowait()
        except queue.Empty:
            return EMPTY

    def empty(self) -> bool:
        return self._q.empty() and not self.waiting

    def qsize(self) -> int:
        return self._q.qsize()


EMPTY = object()


@dataclass(slots=True)
class SourceState:
    """What the collector reports about one source (status line, summary)."""

    name: str
    network: str
    status: str = "starting"
    connects: int = 0
    drops: int = 0
    gaps: int = 0
    gaps_filled: int = 0
    errors: int = 0
    frames: int = 0
    last_error: str = ""
    # filled in by the writer task from its outcomes
    imported: int = 0
    updated: int = 0
    duplicate: int = 0
    rejected: int = 0


StatusCallback = Callable[[SourceState, str], None]


def now_iso() -> str:
    return from_epoch_us(time.time_ns() // 1000)


@dataclass(slots=True)
class Context:
    """A source's window on the collector."""

    queue: WriteQueue
    settings: LiveSettings
    on_status: StatusCallback | None = None
    secrets: list[str] = field(default_factory=list)

    def redact(self, text: str) -> str:
        # A "secret" of a few characters is no real token (the rehearsal takes
        # any value); redacting it would mangle every message that contains it.
        for s in self.secrets:
            if len(s) >= MIN_SECRET:
                text = text.replace(s, "***")
        return text


class LiveSource(abc.ABC):
    """Base of the per-network loops: naming, state, the connection log."""

    network = ""

    def __init__(self, spec: SourceSpec, watch: WatchFile, ctx: Context) -> None:
        self.spec = spec
        self.watch = watch
        self.ctx = ctx
        self.settings = ctx.settings
        self.name = f"{self.network}:{self.label()}"
        self.state = SourceState(self.name, self.network)
        self.stopping = False

    def label(self) -> str:
        return self.spec.server or self.spec.jetstream or self.spec.url or self.network

    def option(self, key: str, default: Any) -> Any:
        value = self.spec.options.get(key, default)
        return value if value is not None else default

    def number(self, key: str, default: float) -> float:
        value = self.spec.options.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            return float(value)
        return default

    def token(self, default_env: str | None = None) -> tuple[str | None, str | None]:
        """(token, name of its environment variable); the token is remembered
        as a secret so it is redacted from every message."""
        env = self.spec.token_env or default_env
        if not env:
            return None, None
        value = os.environ.get(env) or None
        if value and value not in self.ctx.secrets:
            self.ctx.secrets.append(value)
        return value, env

    async def deliver(self, raw: RawEvent, events: list[Event], server: str = "",
                      error: str | None = None) -> None:
        self.state.frames += 1
        await self.ctx.queue.put(Delivery(raw, events, server, error))

    async def log(self, kind: Kind, detail: str = "", *, gap_start: str | None = None,
                  gap_end: str | None = None, filled: bool | None = None,
                  status: str | None = None) -> None:
        """Record a connection event and report it as a state change."""
        detail = self.ctx.redact(detail)
        st = self.state
        if kind in ("connect", "reconnect"):
            st.connects += 1
            st.status = "connected"
        elif kind in ("drop", "stall"):
            st.drops += 1
            st.status = "dropped"
        elif kind == "error":
            st.errors += 1
            st.last_error = detail
            st.status = "error"
        elif kind == "gap":
            st.gaps += 1
            st.gaps_filled += bool(filled)
        if status:
            st.status = status
        await self.ctx.queue.put(ConnectionEvent(self.name, kind, now_iso(), detail,
                                                 gap_start, gap_end, filled))
        self.say(_line(kind, detail, gap_start, gap_end, filled))

    async def read_socket(self, ws: Any, read: Callable[[Any], Any]) -> None:
        """``await read(ws)`` until the socket ends; when the source is being
        stopped, abort the socket rather than wait for a close handshake
        with a peer that may not read."""
        try:
            await read(ws)
        except asyncio.CancelledError:
            ws.transport.abort()
            raise

    def on_stop(self) -> None:
        """Recording stops: a gap still open (disconnected, or its refill not
        finished) is logged as not filled, and an open connection as closed
        by the stop.  Synchronous: runs while cancelled."""
        if self.state.status == "connected":
            self.ctx.queue.put_soon(ConnectionEvent(self.name, "drop", now_iso(),
                                                    "closed: recording stopped"))
        start = getattr(self, "open_gap", None)
        if not start:
            return
        ev = ConnectionEvent(self.name, "gap", now_iso(), "recording stopped before the gap "
                             "could be filled", start, now_iso(), False)
        if self.ctx.queue.put_soon(ev):
            self.state.gaps += 1
        self.say("gap open at exit: recorded as NOT filled")

    def say(self, text: str) -> None:
        """A state change that is reported but not logged (e.g. the wait before a retry)."""
        if self.ctx.on_status is not None:
            self.ctx.on_status(self.state, self.ctx.redact(text))

    async def wait_retry(self, delay: float) -> None:
        self.state.status = "retrying"
        self.say(f"reconnecting in {delay:.1f}s")
        await asyncio.sleep(delay)

    @abc.abstractmethod
    async def run(self) -> None:
        """Connect, receive, reconnect, until cancelled (each network its own)."""


class Stalled(Exception):
    """Nothing arrived on an open connection for too long."""


YIELD_EVERY = 32  # frames handled between turns given to the rest of the event loop
_received = 0


async def receive(ws: ClientConnection, stall: float) -> str | bytes:
    """The next frame, or Stalled after ``stall`` seconds of silence.

    Frames already buffered come back without a pause, so a flood would keep
    the event loop busy with one source; every ``YIELD_EVERY`` frames the
    others (and the deck's clock) get a turn."""
    global _received
    _received += 1
    if _received % YIELD_EVERY == 0:
        await asyncio.sleep(0)
    try:
        # asyncio.timeout, not wait_for: 3.11's wait_for can swallow a
        # cancellation that races with a frame arriving.
        async with asyncio.timeout(stall):
            return await ws.recv()
    except TimeoutError:
        raise Stalled(f"nothing received for {stall:g}s") from None


def _line(kind: str, detail: str, gap_start: str | None, gap_end: str | None,
          filled: bool | None) -> str:
    words = {"connect": "connected", "reconnect": "reconnected", "drop": "dropped",
             "stall": "stalled", "error": "error", "gap": "gap"}
    text = words.get(kind, kind)
    if kind == "gap":
        span = f" {gap_start or '?'} → {gap_end or '?'}"
        text += span + (" filled" if filled else " NOT filled")
    return f"{text}: {detail}" if detail else text


def disconnect_reason(exc: BaseException) -> str:
    """A short, human reason for a connection ending (never includes headers)."""
    name = type(exc).__name__
    text = str(exc).strip()
    # httpx wraps the socket's own error (refused, no route, DNS) a layer or two down.
    cause: BaseException | None = exc
    for _ in range(4):
        cause = cause.__cause__ or cause.__context__ if cause is not None else None
        if isinstance(cause, (ConnectionRefusedError, OSError)) and not isinstance(cause, TimeoutError):
            return disconnect_reason(cause)
    if name == "ConnectError" and "All connection attempts failed" in text:
        return "connection refused (server down or wrong port)"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (server down or wrong port)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{name}: {text}" if text else name
