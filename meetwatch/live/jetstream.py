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
from urllib.parse import urlencode

import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from meetwatch.core.models import AccountChange, Deletion, Event, ParseError, Post, RawEvent, Share
from meetwatch.core.text import normalise_hashtag
from meetwatch.core.timeutil import from_epoch_us
from meetwatch.core.watch import SourceSpec, WatchFile
from meetwatch.live.backoff import Backoff
from meetwatch.live.base import (
    USER_AGENT,
    Context,
    LiveSource,
    Stalled,
    disconnect_reason,
    now_iso,
    receive,
)
from meetwatch.sources import bluesky as parser

COLLECTIONS = (parser.POST, parser.REPOST)
MAX_FRAME = 16 * 1024 * 1024
RETENTION_US = 24 * 3600 * 1_000_000  # legacy hosts keep about a day


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

    def url(self) -> str:
        host = self.hosts[self.host_index % len(self.hosts)]
        query: list[tuple[str, str]] = [("wantedCollections", c) for c in COLLECTIONS]
        if self.option("accounts_only", False) and self.dids:
            query += [("wantedDids", d) for d in sorted(self.dids)]
        if self.cursor_us is not None:
            query.append(("cursor", str(max(0, self.cursor_us - self.rewind_us))))
        return host + ("&" if "?" in host else "?") + urlencode(query)

    async def run(self) -> None:
        backoff = Backoff(self.number("backoff_initial", self.settings.backoff_initial),
                          self.number("backoff_max", self.settings.backoff_max))
        first = True
        while True:
            url = self.url()
            host = url.split("?", 1)[0]
            try:
                async with connect(url, user_agent_header=USER_AGENT, max_size=MAX_FRAME,
                                   open_timeout=self.settings.http_timeout,
                                   proxy=True if self.settings.trust_env else None) as ws:
                    await self._connected(host, first)
                    first = False
                    backoff.reset()
                    try:
                        await self._read(ws)
                    except asyncio.CancelledError:
                        ws.transport.abort()  # stopping: no close handshake with a peer that may not read
                        raise
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
