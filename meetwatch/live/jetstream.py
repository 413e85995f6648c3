"""Bluesky live: Jetstream ``/subscribe`` (v1 wire), filtered here, resumed by cursor.

Jetstream sends every post on the network (~25–40/s); only posts carrying a
meeting hashtag (facet tags or record ``tags``, case-insensitively) or written
by a followed account (a DID in the watch file's ``[accounts]``) are kept,
with later updates and deletes of posts kept.  After any disconnect the next
connection asks for ``cursor`` = the newest ``time_us`` seen minus a few
seconds, on the next configured host: the replay overlaps what was stored and
the writer drops the duplicates.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from meetwatch.core.models import Account, AccountChange, Deletion, Event, ParseError, Post, RawEvent, Share
from meetwatch.core.text import normalise_hashtag
from meetwatch.core.timeutil import from_epoch_us
from meetwatch.core.watch import SourceSpec, WatchFile
from meetwatch.live.backoff import Backoff
from meetwatch.live.base import (
    USER_AGENT,
    Context,
    LiveSource,
    MetaWrite,
    Stalled,
    disconnect_reason,
    now_iso,
    receive,
)
from meetwatch.sources import bluesky as parser
from meetwatch.store.writer import LogWriter

COLLECTIONS = (parser.POST, parser.REPOST)
MAX_FRAME = 16 * 1024 * 1024
RETENTION_US = 24 * 3600 * 1_000_000  # legacy hosts keep about a day
DEFAULT_RESOLVER = "https://public.api.bsky.app"  # serves com.atproto.identity.resolveHandle
CURSOR_EVERY = 1.0  # seconds between saves of the cursor to the log
KEPT_MAX = 50_000  # posts remembered from the log for their later updates and deletes
MAX_WANTED_DIDS = 10_000  # Jetstream's own limit
_HANDLE = re.compile(r"^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
                     r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def is_bluesky_handle(key: str) -> bool:
    """A watch-file account that names a Bluesky handle (``name.bsky.social``,
    a domain): no ``@`` inside, no scheme, not a DID."""
    return bool(_HANDLE.match(key)) and not key.startswith("did:")


def cursor_key(source: str) -> str:
    return f"jetstream.cursor:{source}"


def did_key(handle: str) -> str:
    return f"bluesky.did:{handle}"


def jetstream_hosts(spec: SourceSpec) -> list[str]:
    """``jetstream`` (one URL, or several separated by spaces or commas) plus
    the ``jetstream_hosts`` option (a list), in order, without repeats."""
    hosts: list[str] = re.split(r"[\s,]+", spec.jetstream or "")
    extra = spec.options.get("jetstream_hosts")
    if isinstance(extra, str):
        hosts += re.split(r"[\s,]+", extra)
    elif isinstance(extra, list):
        hosts += [h for h in extra if isinstance(h, str)]
    hosts = [h for h in hosts if h]
    return list(dict.fromkeys(hosts)) or ["wss://jetstream2.us-east.bsky.network/subscribe"]


class JetstreamSource(LiveSource):
    network = "bluesky"

    def __init__(self, spec: SourceSpec, watch: WatchFile, ctx: Context, *,
                 resume_time_us: int | None = None, resume_at: str | None = None) -> None:
        self.hosts = jetstream_hosts(spec)
        super().__init__(spec, watch, ctx)
        tags = self.option("hashtags", None)
        self.tags = frozenset(normalise_hashtag(t) for t in tags if isinstance(t, str)) \
            if isinstance(tags, list) else frozenset(watch.hashtags)
        self.dids = frozenset(k for k in watch.accounts if k.startswith("did:"))
        # Handles in [accounts] -> their DID (None: not resolved yet).
        self.handles: dict[str, str | None] = {k: None for k in watch.accounts
                                              if is_bluesky_handle(k)}
        self.resolver = str(self.option("resolver", DEFAULT_RESOLVER)).rstrip("/")
        self._saved_cursor: int | None = None
        self._saved_at = 0.0
        self.kept: set[str] = set()  # uids of posts kept, for their updates and deletes
        self.kept_authors: set[str] = set()
        self.cursor_us: int | None = resume_time_us  # newest time_us seen
        self.open_gap: str | None = resume_at if resume_time_us is not None else None
        self.stall = self.number("stall", self.settings.jetstream_stall)
        self.rewind_us = int(self.number("rewind", self.settings.rewind_us / 1e6) * 1_000_000)
        self.host_index = 0
        self.skipped = 0  # events of the network not about the meeting

    def label(self) -> str:
        return self.hosts[0].split("://", 1)[-1].split("/", 1)[0]

    @property
    def accounts_only(self) -> bool:
        """Only followed accounts matter: no hashtag to follow, or the
        ``accounts_only`` option.  Jetstream then sends only their events."""
        return bool(self.dids) and (not self.tags or bool(self.option("accounts_only", False)))

    def url(self) -> str:
        host = self.hosts[self.host_index % len(self.hosts)]
        query: list[tuple[str, str]] = [("wantedCollections", c) for c in COLLECTIONS]
        if self.accounts_only and len(self.dids) <= MAX_WANTED_DIDS:
            query += [("wantedDids", d) for d in sorted(self.dids)]
        if self.cursor_us is not None:
            query.append(("cursor", str(max(0, self.cursor_us - self.rewind_us))))
        return host + ("&" if "?" in host else "?") + urlencode(query)

    # -- state kept in the log (read by the writer thread before the run) -------

    def restore(self, writer: LogWriter) -> None:
        """Resume where the last run stopped: the saved cursor (else the newest
        stored event), the posts kept (their updates and deletes still
        count) and the handles already resolved."""
        conn = writer.conn
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (cursor_key(self.name),)).fetchone()
        saved = int(row[0]) if row and str(row[0]).isdigit() else None
        stored = _newest_stored(conn, self.name)
        best = max((t for t in (saved, stored) if t is not None), default=None)
        if best is not None:
            self.cursor_us = self._saved_cursor = best
            self.open_gap = from_epoch_us(best)
        for uid, did in conn.execute(
                "SELECT p.uid, a.key FROM posts p JOIN accounts a ON a.id = p.account_id "
                "WHERE p.network = 'bluesky' ORDER BY p.id DESC LIMIT ?", (KEPT_MAX,)):
            self.kept.add(str(uid))
            self.kept_authors.add(str(did))
        for handle in self.handles:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (did_key(handle),)).fetchone()
            if row and str(row[0]).startswith("did:"):
                self._resolved(handle, str(row[0]), writer)

    def _resolved(self, handle: str, did: str, writer: LogWriter | None = None) -> None:
        self.handles[handle] = did
        self.dids = self.dids | {did}
        if writer is not None:  # from the log: the writer learns the category now
            category = writer.categories.get(handle)
            if category:
                writer.categories.setdefault(did, category)

    async def resolve_handles(self, http: httpx.AsyncClient) -> None:
        """Resolve the followed handles not known yet, through the public
        ``com.atproto.identity.resolveHandle``; each result is kept in the log."""
        for handle, did in list(self.handles.items()):
            if did is not None:
                continue
            url = f"{self.resolver}/xrpc/com.atproto.identity.resolveHandle"
            try:
                resp = await http.get(url, params={"handle": handle})
                body = resp.json() if resp.status_code == 200 else None
            except (httpx.HTTPError, ValueError) as exc:
                self.say(f"could not resolve @{handle}: {disconnect_reason(exc)}; "
                         "will try again at the next reconnect")
                continue
            found = body.get("did") if isinstance(body, dict) else None
            if not isinstance(found, str) or not found.startswith("did:"):
                why = (f"HTTP {resp.status_code}" if resp.status_code != 200
                       else "the answer has no DID")
                self.say(f"could not resolve @{handle}: {why}; will try again at the next reconnect")
                continue
            found = found[:200]
            self._resolved(handle, found)
            await self.ctx.queue.put(MetaWrite(did_key(handle), found,
                                               Account(network="bluesky", key=found, handle=handle),
                                               watched=handle))
            self.say(f"@{handle} is {found}")

    async def save_cursor(self, force: bool = False) -> None:
        """Keep the newest ``time_us`` in the log (at most once a second)."""
        now = time.monotonic()
        if self.cursor_us is None or self.cursor_us == self._saved_cursor:
            return
        if not force and now - self._saved_at < CURSOR_EVERY:
            return
        self._saved_cursor, self._saved_at = self.cursor_us, now
        await self.ctx.queue.put(MetaWrite(cursor_key(self.name), str(self.cursor_us)))

    def on_stop(self) -> None:
        if self.cursor_us is not None and self.cursor_us != self._saved_cursor:
            self.ctx.queue.put_soon(MetaWrite(cursor_key(self.name), str(self.cursor_us)))
            self._saved_cursor = self.cursor_us
        super().on_stop()

    # -- the loop ----------------------------------------------------------------

    async def run(self) -> None:
        async with httpx.AsyncClient(headers={"User-Agent": USER_AGENT},
                                     timeout=self.settings.http_timeout,
                                     trust_env=self.settings.trust_env) as http:
            await self._run(http)

    async def _run(self, http: httpx.AsyncClient) -> None:
        backoff = Backoff(self.number("backoff_initial", self.settings.backoff_initial),
                          self.number("backoff_max", self.settings.backoff_max))
        first = True
        while True:
            await self.resolve_handles(http)
            url = self.url()
            host = url.split("?", 1)[0]
            try:
                async with connect(url, user_agent_header=USER_AGENT, max_size=MAX_FRAME,
                                   open_timeout=self.settings.http_timeout,
                                   proxy=True if self.settings.trust_env else None) as ws:
                    await self._connected(host, first)
                    first = False
                    backoff.reset()
                    await self.read_socket(ws, self._read)
            except asyncio.CancelledError:
                raise
            except Stalled as exc:
                await self.log("stall", f"{host}: {exc}")
            except InvalidStatus as exc:
                r = exc.response
                await self.log("error", f"{host} refused the connection: HTTP {r.status_code} "
                                        f"{r.reason_phrase}")
            except ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd else 1006
                await self.log("drop", f"{host} closed the connection ({code})")
            except (InvalidURI, InvalidHandshake) as exc:
                await self.log("error", f"{host}: handshake failed: {disconnect_reason(exc)}")
            except (OSError, TimeoutError) as exc:
                await self.log("drop" if not first else "error",
                               f"{host} unreachable: {disconnect_reason(exc)}")
            if self.open_gap is None and not first:
                self.open_gap = now_iso()
            if len(self.hosts) > 1:
                self.host_index += 1  # fail over: cursors are times, valid on every host
            await self.wait_retry(backoff.next())

    async def _connected(self, host: str, first: bool) -> None:
        await self.log("connect" if first else "reconnect", f"{host}")
        gap_start, self.open_gap = self.open_gap, None
        if gap_start is None:
            return
        if self.cursor_us is None:
            await self.log("gap", "nothing seen before the drop: no cursor to resume from",
                           gap_start=gap_start, gap_end=now_iso(), filled=False)
            return
        cursor = max(0, self.cursor_us - self.rewind_us)
        too_old = time.time_ns() // 1000 - cursor > RETENTION_US
        detail = (f"resumed from cursor {cursor} ({from_epoch_us(cursor)}, "
                  f"rewound {self.rewind_us / 1e6:g}s)")
        if too_old:
            detail += "; older than the host keeps (~24 h): the start of the gap is lost"
        await self.log("gap", detail, gap_start=gap_start, gap_end=now_iso(), filled=not too_old)

    async def _read(self, ws: ClientConnection) -> None:
        while True:
            msg = await receive(ws, self.stall)
            received = now_iso()
            if isinstance(msg, bytes):
                raw = RawEvent(self.name, "jetstream", received, msg[:200].hex())
                await self.deliver(raw, [], error="binary frame (compressed?); not understood")
                continue
            try:
                obj = orjson.loads(msg)
            except orjson.JSONDecodeError:
                await self.deliver(RawEvent(self.name, "jetstream", received, msg), [],
                                   error="not valid JSON")
                continue
            t = parser.event_time_us(obj)
            if t is not None and (self.cursor_us is None or t > self.cursor_us):
                self.cursor_us = t  # the max, not the last: replays reorder
                await self.save_cursor()
            try:
                events = parser.parse_jetstream(obj)
            except ParseError as exc:
                if self._mentions_meeting(msg):
                    await self.deliver(RawEvent(self.name, "jetstream", received, msg), [],
                                       error=str(exc))
                continue
            if self._keep(events):
                await self.deliver(RawEvent(self.name, "jetstream", received, msg), events)
            else:
                self.skipped += 1

    def _mentions_meeting(self, msg: str) -> bool:
        low = msg.lower()
        return any(t in low for t in self.tags)

    def _keep(self, events: list[Event]) -> bool:
        keep = False
        for ev in events:
            if isinstance(ev, Post):
                did = ev.author.key
                if ev.uid in self.kept or did in self.dids or not self.tags.isdisjoint(ev.hashtags):
                    self.kept.add(ev.uid)
                    self.kept_authors.add(did)
                    keep = True
            elif isinstance(ev, Deletion):
                keep = keep or ev.uid in self.kept
            elif isinstance(ev, Share):
                if ev.original_uid in self.kept or ev.author.key in self.dids:
                    keep = True
            elif isinstance(ev, AccountChange):
                did = ev.account.key
                keep = keep or did in self.dids or did in self.kept_authors
        return keep


def _newest_stored(conn: Any, source: str) -> int | None:
    """The newest ``time_us`` among the last events this source stored (logs
    written before the cursor was saved in ``meta``)."""
    best: int | None = None
    for (payload,) in conn.execute(
            "SELECT payload FROM raw_events WHERE source = ? AND error IS NULL "
            "ORDER BY id DESC LIMIT 200", (source,)):
        try:
            t = orjson.loads(payload).get("time_us")
        except (orjson.JSONDecodeError, AttributeError):
            continue
        if isinstance(t, int) and (best is None or t > best):
            best = t
    return best
