"""Mastodon live: one multiplexed WebSocket per server, REST refill of every gap.

The streaming host is discovered from ``/api/v2/instance``.  After each
(re)connect the socket subscribes to every meeting hashtag first and then
pages ``/api/v1/timelines/tag/:tag?min_id=<newest id seen>`` forward along
``Link: rel="prev"`` until a page comes back empty, so a post published while
the socket was down is fetched, and one published during the refill arrives on
the socket (the writer de-duplicates what comes both ways).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from meetwatch.core.models import Event, ParseError, Post, RawEvent, Share
from meetwatch.core.text import normalise_hashtag
from meetwatch.core.timeutil import parse_time
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
from meetwatch.sources import mastodon as parser

PAGE = 40  # the API's maximum page size
MAX_FRAME = 16 * 1024 * 1024
DEFAULT_TOKEN_ENV = "MEETWATCH_MASTODON_TOKEN"


def status_id(value: str | None) -> int | None:
    """A server-local status id as a number (ids are snowflakes: they sort by time)."""
    return int(value) if value and value.isdigit() and len(value) < 30 else None


def host_of(server: str) -> str:
    """What deletes are matched by: the server's host (and port, when not default)."""
    return (urlsplit(server).netloc or server).lower()


class MastodonSource(LiveSource):
    network = "mastodon"

    def __init__(self, spec: SourceSpec, watch: WatchFile, ctx: Context, *,
                 resume_id: str | None = None, resume_at: str | None = None) -> None:
        super().__init__(spec, watch, ctx)
        self.server = (spec.server or "").rstrip("/")
        self.host = host_of(self.server)
        tags = self.option("hashtags", None)
        self.tags: tuple[str, ...] = (tuple(normalise_hashtag(t) for t in tags if isinstance(t, str))
                                      if isinstance(tags, list) else watch.hashtags)
        seed = status_id(resume_id)
        self.newest: dict[str, int | None] = {t: seed for t in self.tags}
        # The start of a gap not refilled yet (None: nothing missing).
        self.open_gap = resume_at if seed is not None else None
        # Tags whose refill has not completed -> the id it has safely reached.
        # A refill cut short resumes from here, not from ids the socket saw since.
        self.fill_from: dict[str, int | None] = {}
        self.stall = self.number("stall", self.settings.mastodon_stall)
        self.refilled = 0  # statuses fetched over REST, all gaps together
        self.last_fill_seconds: float | None = None

    def label(self) -> str:
        return host_of(self.spec.server or "")

    def newest_known(self) -> int | None:
        return max((n for n in self.newest.values() if n is not None), default=None)

    # -- the loop ----------------------------------------------------------------

    async def run(self) -> None:
        token, env = self.token(DEFAULT_TOKEN_ENV)
        if not token:
            await self.log("error", f"${env} is not set: Mastodon 4.2+ needs a user token to stream; "
                                    "trying without one")
        headers = {"User-Agent": USER_AGENT}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        backoff = Backoff(self.number("backoff_initial", self.settings.backoff_initial),
                          self.number("backoff_max", self.settings.backoff_max))
        first = True
        async with httpx.AsyncClient(headers=headers, timeout=self.settings.http_timeout,
                                     trust_env=self.settings.trust_env) as http:
            while True:
                fill: asyncio.Task[None] | None = None
                try:
                    url = await self._discover(http)
                    async with connect(
                        url.rstrip("/") + "/api/v1/streaming",
                        additional_headers=headers,
                        user_agent_header=USER_AGENT,
                        open_timeout=self.settings.http_timeout,
                        max_size=MAX_FRAME,
                        proxy=True if self.settings.trust_env else None,
                    ) as ws:
                        for tag in self.tags:
                            await ws.send(orjson.dumps(
                                {"type": "subscribe", "stream": "hashtag", "tag": tag}).decode())
                        await self.log("connect" if first else "reconnect",
                                       f"streaming #{' #'.join(self.tags)} from {url}")
                        first = False
                        backoff.reset()
                        # Where each tag's refill starts is fixed *before* any frame is read.
                        starts = {t: self.fill_from[t] if t in self.fill_from else self.newest[t]
                                  for t in self.tags}
                        self.fill_from = dict(starts)
                        fill = asyncio.create_task(self._fill(http, starts))
                        try:
                            await self._read(ws)
                        except asyncio.CancelledError:
                            ws.transport.abort()  # stopping: no close handshake with a peer that may not read
                            raise
                except asyncio.CancelledError:
                    raise
                except Stalled as exc:
                    await self.log("stall", str(exc))
                except InvalidStatus as exc:
                    await self.log("error", self._refused(exc, env))
                except ConnectionClosed as exc:
                    code = exc.rcvd.code if exc.rcvd else 1006
                    why = exc.rcvd.reason if exc.rcvd and exc.rcvd.reason else "no close frame"
                    await self.log("drop", f"connection closed ({code}: {why})")
                except (InvalidURI, InvalidHandshake) as exc:
                    await self.log("error", f"streaming handshake failed: {disconnect_reason(exc)}")
                except (OSError, TimeoutError, httpx.HTTPError) as exc:
                    await self.log("drop" if not first else "error",
                                   f"{self.server} unreachable: {disconnect_reason(exc)}")
                except _Unusable as exc:
                    await self.log("error", str(exc))
                finally:
                    if fill is not None and not fill.done():
                        fill.cancel()
                if self.open_gap is None and not (first and self.newest_known() is None):
                    self.open_gap = now_iso()
                await self.wait_retry(backoff.next())

    def _refused(self, exc: InvalidStatus, env: str | None) -> str:
        status = exc.response.status_code
        why = exc.response.headers.get("X-Error-Message") or exc.response.reason_phrase
        if status in (401, 403):
            return (f"streaming refused: HTTP {status} {why} — check the user token in ${env} "
                    f"(Mastodon 4.2+ needs a user token, not an app token)")
        return f"streaming refused: HTTP {status} {why}"

    async def _discover(self, http: httpx.AsyncClient) -> str:
        """The streaming base URL (ws:// or wss://) from ``/api/v2/instance``."""
        try:
            resp = await http.get(f"{self.server}/api/v2/instance")
        except httpx.HTTPError:
            raise
        streaming: Any = None
        if resp.status_code == 200:
            try:
                streaming = resp.json().get("configuration", {}).get("urls", {}).get("streaming")
            except (ValueError, AttributeError):
                streaming = None
        elif resp.status_code >= 500:
            raise _Unusable(f"{self.server}/api/v2/instance answered HTTP {resp.status_code}")
        if not isinstance(streaming, str) or not streaming:
            streaming = self.server
        if streaming.startswith("https://"):
            streaming = "wss://" + streaming[8:]
        elif streaming.startswith("http://"):
            streaming = "ws://" + streaming[7:]
        return str(streaming)

    async def _read(self, ws: ClientConnection) -> None:
        while True:
            msg = await receive(ws, self.stall)
            text = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else msg
            raw = RawEvent(self.name, "mastodon-stream", now_iso(), text)
            try:
                obj = orjson.loads(text)
                if not isinstance(obj, dict):
                    raise ParseError("frame is not a JSON object")
                events = parser.parse_stream_frame(obj)
            except orjson.JSONDecodeError:
                await self.deliver(raw, [], self.host, "not valid JSON")
                continue
            except ParseError as exc:
                await self.deliver(raw, [], self.host, str(exc))
                continue
            if "error" in obj and "event" not in obj:
                await self.log("error", f"server says: {str(obj.get('error'))[:200]}")
            stream = obj.get("stream")
            tag = (normalise_hashtag(stream[1]) if isinstance(stream, list) and len(stream) > 1
                   and isinstance(stream[1], str) else None)
            self._seen(tag, events)
            await self.deliver(raw, events, self.host)

    def _seen(self, tag: str | None, events: list[Event]) -> None:
        best = max((n for ev in events if isinstance(ev, (Post, Share))
                    if (n := status_id(ev.local_id)) is not None), default=None)
        if best is None:
            return
        for t in ([tag] if tag in self.newest else self.tags):
            current = self.newest.get(t)
            if current is None or best > current:
                self.newest[t] = best

    # -- the REST refill ---------------------------------------------------------

    async def _fill(self, http: httpx.AsyncClient, starts: dict[str, int | None]) -> None:
        gap_start = self.open_gap
        began = time.monotonic()
        fetched = 0
        problems: list[str] = []
        for tag in self.tags:
            since = starts.get(tag)
            try:
                n, problem = await self._page(http, tag, since)
            except httpx.HTTPError as exc:
                n, problem = 0, f"#{tag}: {disconnect_reason(exc)}"
            fetched += n
            if problem:
                problems.append(problem)
            else:
                self.fill_from.pop(tag, None)
        self.refilled += fetched
        self.last_fill_seconds = time.monotonic() - began
        if gap_start is None:
            if problems:
                await self.log("error", "could not fetch recent posts: " + "; ".join(problems))
            return
        self.open_gap = None
        took = f"{self.last_fill_seconds:.2f}s"
        if problems:
            detail = f"refilled {fetched} posts over REST in {took}, incomplete: " + "; ".join(problems)
        else:
            detail = f"refilled {fetched} posts over REST (min_id paging) in {took}"
        await self.log("gap", detail, gap_start=gap_start, gap_end=now_iso(), filled=not problems)

    async def _page(self, http: httpx.AsyncClient, tag: str, since: int | None) -> tuple[int, str]:
        """Page one tag forward from ``since`` (or fetch its newest page when
        nothing was seen yet).  Returns (statuses fetched, problem or '')."""
        url: str | None = f"{self.server}/api/v1/timelines/tag/{quote(tag, safe='')}"
        params: dict[str, str] | None = {"limit": str(PAGE)}
        if since is not None:
            assert params is not None
            params["min_id"] = str(since)
        fetched = 0
        while url:
            resp = await http.get(url, params=params)
            if resp.status_code == 429:
                wait = _reset_wait(resp)
                if wait is None or wait > self.settings.rate_limit_max_wait:
                    return fetched, f"#{tag}: rate-limited (HTTP 429) until {_reset(resp)}"
                self.say(f"rate limit reached; waiting {wait:.1f}s for its reset")
                await asyncio.sleep(wait)
                continue
            if resp.status_code == 404:
                return fetched, ""  # the tag does not exist on this server yet: nothing missed
            if resp.status_code >= 400:
                return fetched, f"#{tag}: HTTP {resp.status_code} {_error_text(resp)}"
            try:
                statuses = resp.json()
            except ValueError:
                return fetched, f"#{tag}: the timeline is not JSON"
            if not isinstance(statuses, list):
                return fetched, f"#{tag}: the timeline is not a list"
            if not statuses:
                break
            page_max: int | None = None
            for st in reversed(statuses):  # pages come newest first
                n = await self._deliver_status(tag, st)
                if n is not None and (page_max is None or n > page_max):
                    page_max = n
            fetched += len(statuses)
            if since is None:
                break  # a first look, not a refill: one page of context
            if page_max is not None:
                self.fill_from[tag] = page_max  # safely reached
            prev = resp.links.get("prev", {}).get("url")
            if prev:
                url, params = prev, None
            elif page_max is not None:
                params = {"limit": str(PAGE), "min_id": str(page_max)}
            else:
                break
            remaining = resp.headers.get("X-RateLimit-Remaining")
            if remaining is not None and remaining.isdigit() and int(remaining) <= 1:
                wait = _reset_wait(resp)
                if wait is not None and wait > self.settings.rate_limit_max_wait:
                    return fetched, f"#{tag}: rate limit exhausted until {_reset(resp)}"
                if wait:
                    self.say(f"rate limit nearly used up; waiting {wait:.1f}s for its reset")
                    await asyncio.sleep(wait)
        return fetched, ""

    async def _deliver_status(self, tag: str, st: Any) -> int | None:
        """Hand one REST status to the writer; returns its id."""
        payload = orjson.dumps(st).decode()
        raw = RawEvent(self.name, "mastodon-rest", now_iso(), payload)
        if not isinstance(st, dict):
            await self.deliver(raw, [], self.host, "status is not a JSON object")
            return None
        sid = st.get("id")
        n = status_id(sid) if isinstance(sid, str) else None
        try:
            events = parser.parse_status(st)
        except ParseError as exc:
            await self.deliver(raw, [], self.host, str(exc))
            return n
        self._seen(tag, events)
        await self.deliver(raw, events, self.host)
        return n


class _Unusable(Exception):
    """The server answered, but not usefully (e.g. 5xx on discovery)."""


def _reset(resp: httpx.Response) -> str:
    return str(resp.headers.get("X-RateLimit-Reset", "an unknown time"))


def _reset_wait(resp: httpx.Response) -> float | None:
    """Seconds until ``X-RateLimit-Reset`` (an ISO 8601 time on Mastodon)."""
    value = resp.headers.get("X-RateLimit-Reset")
    if not value:
        return None
    try:
        at = parse_time(value).timestamp()
    except ValueError:
        return None
    return max(0.0, at - time.time())


def _error_text(resp: httpx.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return str(resp.reason_phrase)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])[:200]
    return str(resp.reason_phrase)
