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
        lists = self.option("lists", [])
        self.lists: tuple[str, ...] = tuple(dict.fromkeys(
            str(x) for x in (lists if isinstance(lists, list) else [lists])
            if isinstance(x, (str, int)) and not isinstance(x, bool) and str(x).isdigit()))
        self.user = self.option("user", False) is True
        # Every channel followed: hashtags by name, "list:ID", "user" (the home timeline).
        self.channels: tuple[str, ...] = (*self.tags, *(f"list:{n}" for n in self.lists),
                                          *(("user",) if self.user else ()))
        self.transport = "websocket"  # "sse" once the WebSocket was refused
        seed = status_id(resume_id)
        self.newest: dict[str, int | None] = {t: seed for t in self.channels}
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
                    if self.transport == "sse":
                        await self._sse(http, url, first)
                        continue
                    async with connect(
                        url.rstrip("/") + "/api/v1/streaming",
                        additional_headers=headers,
                        user_agent_header=USER_AGENT,
                        open_timeout=self.settings.http_timeout,
                        max_size=MAX_FRAME,
                        proxy=True if self.settings.trust_env else None,
                    ) as ws:
                        for frame in self._subscriptions():
                            await ws.send(orjson.dumps(frame).decode())
                        await self.log("connect" if first else "reconnect",
                                       f"streaming {self.describe()} from {url}")
                        first = False
                        backoff.reset()
                        fill = self._start_fill(http)
                        await self.read_socket(ws, self._read)
                except asyncio.CancelledError:
                    raise
                except _SseEnded as exc:
                    first = first and not exc.connected
                    if exc.connected:
                        backoff.reset()
                    await self.log("drop" if exc.connected else "error", str(exc))
                except Stalled as exc:
                    await self.log("stall", str(exc))
                except InvalidStatus as exc:
                    status = exc.response.status_code
                    if status not in (401, 403, 429) and status < 500 and self.transport != "sse":
                        # A proxy that does not pass WebSocket upgrades: the same
                        # channels are served as Server-Sent Events.
                        self.transport = "sse"
                        await self.log("error", f"WebSocket refused (HTTP {status}); "
                                                "falling back to Server-Sent Events")
                        continue
                    await self.log("error", self._refused(exc, env))
                except ConnectionClosed as exc:
                    code = exc.rcvd.code if exc.rcvd else 1006
                    why = exc.rcvd.reason if exc.rcvd and exc.rcvd.reason else "no close frame"
                    await self.log("drop", f"connection closed ({code}: {why})")
                except (InvalidURI, InvalidHandshake) as exc:
                    if self.transport != "sse" and not isinstance(exc, InvalidURI):
                        self.transport = "sse"
                        await self.log("error", f"WebSocket handshake failed "
                                                f"({disconnect_reason(exc)}); falling back to "
                                                "Server-Sent Events")
                        continue
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

    def describe(self) -> str:
        parts = [f"#{t}" for t in self.tags] + [f"list {n}" for n in self.lists]
        return " ".join(parts + (["home (user stream)"] if self.user else []))

    def _subscriptions(self) -> list[dict[str, str]]:
        out = [{"type": "subscribe", "stream": "hashtag", "tag": t} for t in self.tags]
        out += [{"type": "subscribe", "stream": "list", "list": n} for n in self.lists]
        if self.user:
            out.append({"type": "subscribe", "stream": "user"})
        return out

    def _start_fill(self, http: httpx.AsyncClient) -> asyncio.Task[None]:
        # Where each channel's refill starts is fixed *before* any frame is read.
        starts = {c: self.fill_from[c] if c in self.fill_from else self.newest[c]
                  for c in self.channels}
        self.fill_from = dict(starts)
        return asyncio.create_task(self._fill(http, starts))

    # -- Server-Sent Events (when the WebSocket is refused) -----------------------

    async def _sse(self, http: httpx.AsyncClient, url: str, first: bool) -> None:
        """One SSE connection per channel; returns never, raises _SseEnded."""
        base = "http" + url[2:] if url.startswith("ws") else url
        base = base.rstrip("/")
        streams: list[tuple[str, str, dict[str, str]]] = []
        for t in self.tags:
            streams.append((t, f"{base}/api/v1/streaming/hashtag", {"tag": t}))
        for n in self.lists:
            streams.append((f"list:{n}", f"{base}/api/v1/streaming/list", {"list": n}))
        if self.user:
            streams.append(("user", f"{base}/api/v1/streaming/user", {}))
        opened: list[asyncio.Event] = [asyncio.Event() for _ in streams]
        tasks: list[asyncio.Task[None]] = [
            asyncio.create_task(self._sse_channel(http, ch, u, q, ev))
            for (ch, u, q), ev in zip(streams, opened, strict=True)]
        all_open = asyncio.create_task(_all_set(opened))
        fill: asyncio.Task[None] | None = None
        try:
            done, _ = await asyncio.wait([*tasks, all_open], return_when=asyncio.FIRST_COMPLETED)
            for task in tasks:
                if task in done:
                    task.result()  # raises why the channel ended
            await self.log("connect" if first else "reconnect",
                           f"streaming {self.describe()} from {base} (Server-Sent Events)")
            fill = self._start_fill(http)
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
            raise _SseEnded("a Server-Sent Events stream ended", connected=True)
        finally:
            all_open.cancel()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, all_open, return_exceptions=True)
            if fill is not None and not fill.done():
                fill.cancel()

    async def _sse_channel(self, http: httpx.AsyncClient, channel: str, url: str,
                           params: dict[str, str], opened: asyncio.Event) -> None:
        timeout = httpx.Timeout(self.settings.http_timeout, read=self.stall)
        try:
            async with http.stream("GET", url, params=params, timeout=timeout,
                                   headers={"Accept": "text/event-stream"}) as resp:
                if resp.status_code != 200:
                    await resp.aread()
                    why = resp.headers.get("X-Error-Message") or _error_text(resp)
                    hint = (" — check the user token (Mastodon 4.2+ needs a user token)"
                            if resp.status_code in (401, 403) else "")
                    raise _SseEnded(f"Server-Sent Events refused: HTTP {resp.status_code} {why}{hint}",
                                    connected=opened.is_set())
                opened.set()
                event, data = "", list[str]()
                async for line in resp.aiter_lines():
                    if line.startswith(":"):
                        continue  # ":)" at the start, ":thump" heartbeats
                    if line == "":
                        if event:
                            await self._sse_event(channel, event, "\n".join(data))
                        event, data = "", []
                    elif line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:"):
                        data.append(line[5:].removeprefix(" "))
        except httpx.ReadTimeout:
            raise Stalled(f"nothing received for {self.stall:g}s (Server-Sent Events)") from None
        except (httpx.HTTPError, OSError) as exc:
            raise _SseEnded(f"{url} unreachable: {disconnect_reason(exc)}",
                            connected=opened.is_set()) from None
        raise _SseEnded("the Server-Sent Events stream ended", connected=True)

    async def _sse_event(self, channel: str, event: str, data: str) -> None:
        """An SSE event, stored as the WebSocket frame it stands for (so import
        and replay read it the same way)."""
        stream = (["user"] if channel == "user" else ["list", channel[5:]]
                  if channel.startswith("list:") else ["hashtag", channel])
        frame = orjson.dumps({"stream": stream, "event": event, "payload": data}).decode()
        await self._frame(frame)

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
            streaming = await self._redirected(http)
        if streaming.startswith("https://"):
            streaming = "wss://" + streaming[8:]
        elif streaming.startswith("http://"):
            streaming = "ws://" + streaming[7:]
        return str(streaming)

    async def _redirected(self, http: httpx.AsyncClient) -> str:
        """Where ``/api/v1/streaming`` on the main host redirects to (the
        streaming host), or the main host itself when it does not redirect."""
        resp = await http.get(f"{self.server}/api/v1/streaming", follow_redirects=False)
        location = resp.headers.get("Location") if resp.is_redirect else None
        if location:
            target = urlsplit(str(resp.url.join(location)))
            if target.scheme in ("http", "https", "ws", "wss") and target.netloc:
                return f"{target.scheme}://{target.netloc}"
        return self.server

    async def _read(self, ws: ClientConnection) -> None:
        while True:
            msg = await receive(ws, self.stall)
            await self._frame(msg.decode("utf-8", "replace") if isinstance(msg, bytes) else msg)

    async def _frame(self, text: str) -> None:
        raw = RawEvent(self.name, "mastodon-stream", now_iso(), text)
        try:
            obj = orjson.loads(text)
            if not isinstance(obj, dict):
                raise ParseError("frame is not a JSON object")
            events = parser.parse_stream_frame(obj)
        except orjson.JSONDecodeError:
            await self.deliver(raw, [], self.host, "not valid JSON")
            return
        except ParseError as exc:
            await self.deliver(raw, [], self.host, str(exc))
            return
        if "error" in obj and "event" not in obj:
            await self.log("error", f"server says: {str(obj.get('error'))[:200]}")
        self._seen(_channel_of(obj.get("stream")), events)
        await self.deliver(raw, events, self.host)

    def _seen(self, tag: str | None, events: list[Event]) -> None:
        best = max((n for ev in events if isinstance(ev, (Post, Share))
                    if (n := status_id(ev.local_id)) is not None), default=None)
        if best is None:
            return
        for t in ([tag] if tag in self.newest else self.channels):
            current = self.newest.get(t)
            if current is None or best > current:
                self.newest[t] = best

    # -- the REST refill ---------------------------------------------------------

    async def _fill(self, http: httpx.AsyncClient, starts: dict[str, int | None]) -> None:
        gap_start = self.open_gap
        began = time.monotonic()
        fetched = 0
        problems: list[str] = []
        for tag in self.channels:
            since = starts.get(tag)
            try:
                n, problem = await self._page(http, tag, since)
            except httpx.HTTPError as exc:
                n, problem = 0, f"{_label(tag)}: {disconnect_reason(exc)}"
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
        url: str | None = f"{self.server}/api/v1/timelines/" + (
            "home" if tag == "user" else f"list/{tag[5:]}" if tag.startswith("list:")
            else f"tag/{quote(tag, safe='')}")
        name = _label(tag)
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
                    return fetched, f"{name}: rate-limited (HTTP 429) until {_reset(resp)}"
                self.say(f"rate limit reached; waiting {wait:.1f}s for its reset")
                await asyncio.sleep(wait)
                continue
            if resp.status_code == 404 and not tag.startswith("list:"):
                return fetched, ""  # the tag does not exist on this server yet: nothing missed
            if resp.status_code >= 400:
                return fetched, f"{name}: HTTP {resp.status_code} {_error_text(resp)}"
            try:
                statuses = resp.json()
            except ValueError:
                return fetched, f"{name}: the timeline is not JSON"
            if not isinstance(statuses, list):
                return fetched, f"{name}: the timeline is not a list"
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
                    return fetched, f"{name}: rate limit exhausted until {_reset(resp)}"
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


async def _all_set(events: list[asyncio.Event]) -> None:
    for ev in events:
        await ev.wait()


def _channel_of(stream: Any) -> str | None:
    """The channel key a frame's ``stream`` names: a normalised hashtag,
    ``list:ID`` or ``user``."""
    if not isinstance(stream, list) or not stream:
        return None
    if stream[0] == "user":
        return "user"
    if stream[0] == "list" and len(stream) > 1:
        return f"list:{stream[1]}"
    if len(stream) > 1 and isinstance(stream[1], str):
        return normalise_hashtag(stream[1])
    return None


def _label(channel: str) -> str:
    if channel == "user":
        return "home timeline"
    if channel.startswith("list:"):
        return f"list {channel[5:]}"
    return f"#{channel}"


class _SseEnded(Exception):
    """A Server-Sent Events channel could not open (``connected`` False) or ended."""

    def __init__(self, reason: str, *, connected: bool) -> None:
        super().__init__(reason)
        self.connected = connected


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
