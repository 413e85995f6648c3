"""Local stand-ins that speak each network's protocol: Mastodon (REST +
streaming WebSocket on one port), Jetstream (``/subscribe`` with cursor
replay), an RSS feed (ETag / 304) and the X filtered stream with its rules.

They power ``meetwatch rehearse`` and the tests.  Every one can drop its
connections abruptly, stall (stay open, send nothing), go offline (refuse
with 503), answer the next requests with chosen errors, and send malformed
frames.  They listen on 127.0.0.1 only.
"""

from __future__ import annotations

import abc
import asyncio
import bisect
import contextlib
import hashlib
import time
from datetime import UTC, datetime
from email.utils import formatdate
from http import HTTPStatus
from typing import Any, Self
from urllib.parse import parse_qs, quote, urlsplit

import orjson
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request as WsRequest
from websockets.http11 import Response as WsResponse

from meetwatch.core.text import normalise_hashtag
from meetwatch.live.fake_http import HttpServer, Request, Responder

LOCAL = "127.0.0.1"


def _response(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> WsResponse:
    h = Headers({"Content-Type": "application/json; charset=utf-8", "Connection": "close",
                 **(headers or {})})
    h["Content-Length"] = str(len(body))
    return WsResponse(status, HTTPStatus(status).phrase, h, body)


def _abort(ws: ServerConnection) -> None:
    with contextlib.suppress(Exception):
        ws.transport.abort()


class _SocketServer(abc.ABC):
    """What the WebSocket fakes share: listen on 127.0.0.1 (an ephemeral port
    unless one is given), cut every connection abruptly, close."""

    port: int
    server: Server | None

    async def start(self) -> Self:
        self.server = await serve(self._handler, LOCAL, self.port, process_request=self._http,
                                  ping_interval=None, max_size=16 * 1024 * 1024)
        self.port = next(iter(self.server.sockets)).getsockname()[1]
        return self

    async def close(self) -> None:
        self.drop()
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 2)

    @abc.abstractmethod
    def drop(self) -> None:
        """Cut every connection (each fake knows its own)."""

    @abc.abstractmethod
    def _http(self, conn: ServerConnection, request: WsRequest) -> WsResponse | None:
        """Answer plain HTTP, or None to go on with the WebSocket upgrade."""

    @abc.abstractmethod
    async def _handler(self, ws: ServerConnection) -> None:
        """Speak the protocol on one connection."""


# -- Mastodon -----------------------------------------------------------------------


class FakeMastodon(_SocketServer):
    """REST (``/api/v2/instance``, ``/api/v1/timelines/tag/:tag``) and the
    multiplexed streaming socket (``/api/v1/streaming``) of one server."""

    def __init__(self, *, tokens: tuple[str, ...] | None = ("good-token",), port: int = 0,
                 rate_limit: int = 300, rate_window: float = 300.0, domain: str = "mastodon.example",
                 sse_streaming: bool = False, advertise_streaming: bool = True,
                 heartbeat: float = 15.0) -> None:
        self.tokens = tokens  # None: any token (or none) is accepted
        self.port = port
        # sse_streaming: streaming lives on a host of its own (``streaming`` below)
        # behind a proxy that passes Server-Sent Events but refuses WebSocket
        # upgrades.  advertise_streaming False: /api/v2/instance does not name
        # it; /api/v1/streaming on this host redirects there (as Mastodon does).
        self.sse_streaming = sse_streaming
        self.advertise_streaming = advertise_streaming
        self.heartbeat = heartbeat
        self.streaming: HttpServer | None = None
        self.sse: dict[Responder, tuple[str, asyncio.Queue[tuple[str, str]]]] = {}  # open SSE streams
        self.lists: dict[str, set[str]] = {}  # list id -> usernames on it (the token's user's lists)
        self.follows: set[str] = set()  # usernames the token's user follows (home / user stream)
        self.domain = domain
        self.server: Server | None = None
        self.statuses: dict[int, dict[str, Any]] = {}
        self.order: list[int] = []
        self.subs: dict[ServerConnection, dict[str, str]] = {}  # conn -> {normalised: as sent}
        self.offline = False
        self.stalled = False
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self._rate_left = rate_limit
        self._rate_reset = time.time() + rate_window
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.upgrades = 0
        self.refused = 0
        self.next_id = 116_000_000_000_000_000

    @property
    def url(self) -> str:
        return f"http://{LOCAL}:{self.port}"

    @property
    def streaming_url(self) -> str:
        return self.streaming.url if self.streaming is not None else self.url

    async def start(self) -> Self:
        await super().start()
        if self.sse_streaming:
            self.streaming = await HttpServer(self._sse_handle).start()
        return self

    async def close(self) -> None:
        if self.streaming is not None:
            await self.streaming.close()
        await super().close()

    def drop(self) -> None:
        """Cut every streaming connection (no close frame: the client sees 1006)."""
        for ws in list(self.subs):
            _abort(ws)
        for r, (_channel, q) in list(self.sse.items()):
            r.abort()
            q.put_nowait(("", ""))  # ends its handler
        self.sse.clear()

    @property
    def connected(self) -> int:
        return len(self.subs) + len(self.sse)

    # -- content ----------------------------------------------------------------

    def make_status(self, text: str, tags: tuple[str, ...] = ("HRC61",), *,
                    user: str = "alice") -> dict[str, Any]:
        """A new status as this server would render it (ids increase)."""
        self.next_id += 1
        sid = str(self.next_id)
        links = " ".join(f'<a href="https://{self.domain}/tags/{t}" class="mention hashtag" '
                         f'rel="tag">#<span>{t}</span></a>' for t in tags)
        return {
            "id": sid, "created_at": datetime.now(UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "in_reply_to_id": None, "in_reply_to_account_id": None, "sensitive": False,
            "spoiler_text": "", "visibility": "public", "language": "en",
            "uri": f"https://{self.domain}/users/{user}/statuses/{sid}",
            "url": f"https://{self.domain}/@{user}/{sid}",
            "replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "edited_at": None,
            "content": f"<p>{text} {links}</p>", "reblog": None,
            "account": {"id": "1", "username": user, "acct": user, "display_name": user.title(),
                        "bot": False, "note": "", "url": f"https://{self.domain}/@{user}"},
            "media_attachments": [], "mentions": [],
            "tags": [{"name": t, "url": f"https://{self.domain}/tags/{t}"} for t in tags],
            "emojis": [], "card": None, "poll": None,
        }

    async def publish(self, status: dict[str, Any], event: str = "update") -> None:
        """Store a status (new or edited) and stream it to every matching subscription."""
        sid = int(status["id"])
        if sid not in self.statuses:
            bisect.insort(self.order, sid)
        self.statuses[sid] = status
        payload = orjson.dumps(status).decode()
        for key in self._channels(status):
            await self._broadcast(key, {"event": event, "payload": payload})

    async def edit(self, status: dict[str, Any], text: str) -> dict[str, Any]:
        new = dict(status)
        new["content"] = f"<p>{text}</p>"
        new["edited_at"] = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        await self.publish(new, "status.update")
        return new

    async def delete(self, status_id: str) -> None:
        status = self.statuses.pop(int(status_id), None)
        if status is None:
            return
        self.order.remove(int(status_id))
        for key in self._channels(status):
            await self._broadcast(key, {"event": "delete", "payload": status_id})

    async def send_raw(self, text: str) -> None:
        """Any text frame to every connection (malformed frames, errors)."""
        for ws in list(self.subs):
            if not self.stalled:
                with contextlib.suppress(ConnectionClosed):
                    await ws.send(text)

    async def feed_frame(self, line: str) -> None:
        """One recorded frame: stored (for the REST timeline) and streamed as recorded."""
        try:
            frame = orjson.loads(line)
        except orjson.JSONDecodeError:
            await self.send_raw(line)
            return
        event = frame.get("event") if isinstance(frame, dict) else None
        stream = frame.get("stream") if isinstance(frame, dict) else None
        tag = normalise_hashtag(stream[1]) if isinstance(stream, list) and len(stream) > 1 \
            and isinstance(stream[1], str) else None
        if event in ("update", "status.update") and isinstance(frame.get("payload"), str):
            try:
                status = orjson.loads(frame["payload"])
                sid = int(status["id"])
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                status = None
            if isinstance(status, dict):
                if sid not in self.statuses:
                    bisect.insort(self.order, sid)
                self.statuses[sid] = status
        elif event == "delete" and isinstance(frame.get("payload"), str) \
                and frame["payload"].isdigit():
            sid = int(frame["payload"])
            if self.statuses.pop(sid, None) is not None:
                self.order.remove(sid)
        if tag is None:
            await self.send_raw(line)
            return
        for ws, subs in list(self.subs.items()):
            if tag in subs and not self.stalled:
                with contextlib.suppress(ConnectionClosed):
                    await ws.send(line)

    def _tags(self, status: dict[str, Any]) -> list[str]:
        tags = status.get("tags") or []
        return [normalise_hashtag(t["name"]) for t in tags if isinstance(t, dict)
                and isinstance(t.get("name"), str)]

    def _channels(self, status: dict[str, Any]) -> list[str]:
        """The subscription keys a status reaches: its normalised hashtags,
        ``list:ID`` for every list holding its author, ``user`` when the
        token's user follows the author."""
        keys = self._tags(status)
        account = status.get("account")
        user = account.get("acct") if isinstance(account, dict) else None
        keys += [f"list:{lid}" for lid, members in self.lists.items() if user in members]
        if user in self.follows:
            keys.append("user")
        return keys

    async def _broadcast(self, key: str, body: dict[str, Any]) -> None:
        if self.stalled:
            return
        for ws, subs in list(self.subs.items()):
            if key in subs:
                frame = orjson.dumps({"stream": _stream_name(key, subs[key]), **body}).decode()
                with contextlib.suppress(ConnectionClosed):
                    await ws.send(frame)
        for channel, q in list(self.sse.values()):
            if channel == key:
                q.put_nowait((str(body["event"]), str(body["payload"])))

    # -- HTTP -------------------------------------------------------------------

    def _token_ok(self, request: WsRequest, query: dict[str, list[str]]) -> str | None:
        """None when the token is acceptable, else the X-Error-Message."""
        if self.tokens is None:
            return None
        auth = request.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else (query.get("access_token") or [""])[0]
        if not token:
            return "Missing access token"
        return None if token in self.tokens else "Invalid access token"

    def _http(self, conn: ServerConnection, request: WsRequest) -> WsResponse | None:
        split = urlsplit(request.path)
        query = parse_qs(split.query)
        path = split.path
        self.requests.append((path, query))
        if path == "/api/v1/streaming" or path.startswith("/api/v1/streaming/"):
            if path == "/api/v1/streaming/health":
                return _response(200, b"OK", {"Content-Type": "text/plain"})
            if self.streaming is not None:  # streaming lives elsewhere: say where
                return _response(302, b"", {"Location": self.streaming.url + request.path})
            if self.offline:
                self.refused += 1
                return _response(503, b'{"error":"Service Unavailable"}')
            why = self._token_ok(request, query)
            if why is not None:
                self.refused += 1
                return _response(401, orjson.dumps({"error": why}), {"X-Error-Message": why})
            self.upgrades += 1
            return None  # on to the WebSocket handshake
        if self.offline:
            return _response(503, b'{"error":"Service Unavailable"}')
        if path == "/api/v2/instance":
            base = self.streaming.url if self.streaming is not None else f"http://{LOCAL}:{self.port}"
            urls = {"streaming": "ws" + base[4:]} if self.advertise_streaming else {}
            return _response(200, orjson.dumps({
                "domain": self.domain, "title": "Rehearsal", "version": "4.4.0",
                "configuration": {"urls": urls},
            }))
        if path.startswith("/api/v1/timelines/tag/"):
            return self._timeline(path.rsplit("/", 1)[-1], query)
        if path.startswith("/api/v1/timelines/list/") or path == "/api/v1/timelines/home":
            why = self._token_ok(request, query) if self.tokens is not None else None
            if why is not None:
                return _response(401, orjson.dumps({"error": "The access token is invalid"}))
            if path == "/api/v1/timelines/home":
                return self._timeline("user", query)
            lid = path.rsplit("/", 1)[-1]
            if lid not in self.lists:
                return _response(404, b'{"error":"Record not found"}')
            return self._timeline(f"list:{lid}", query)
        return _response(404, b'{"error":"Record not found"}')

    def _rate_headers(self) -> dict[str, str]:
        reset = datetime.fromtimestamp(self._rate_reset, UTC).isoformat(timespec="microseconds")
        return {"X-RateLimit-Limit": str(self.rate_limit),
                "X-RateLimit-Remaining": str(self._rate_left),
                "X-RateLimit-Reset": reset.replace("+00:00", "Z")}

    def _timeline(self, channel: str, q: dict[str, list[str]]) -> WsResponse:
        """A page of a timeline: ``channel`` is a hashtag (as in the URL),
        ``list:ID`` or ``user`` (the home timeline)."""
        now = time.time()
        if now >= self._rate_reset:
            self._rate_left, self._rate_reset = self.rate_limit, now + self.rate_window
        if self._rate_left <= 0:
            return _response(429, b'{"error":"Too many requests"}', self._rate_headers())
        self._rate_left -= 1

        def num(key: str) -> int | None:
            v = (q.get(key) or [""])[0]
            return int(v) if v.isdigit() else None

        limit = min(40, num("limit") or 20)
        min_id, max_id, since_id = num("min_id"), num("max_id"), num("since_id")
        want = channel if channel == "user" or channel.startswith("list:") \
            else normalise_hashtag(channel)
        ids = [i for i in self.order if (max_id is None or i < max_id)
               and want in self._channels(self.statuses[i])]
        if min_id is not None:
            chosen = [i for i in ids if i > min_id][:limit]
        else:
            floor = since_id if since_id is not None else -1
            chosen = [i for i in ids if i > floor][-limit:]
        page = [self.statuses[i] for i in reversed(chosen)]
        headers = self._rate_headers()
        if page:
            base = (f"{self.url}/api/v1/timelines/home" if channel == "user" else
                    f"{self.url}/api/v1/timelines/list/{channel[5:]}" if channel.startswith("list:")
                    else f"{self.url}/api/v1/timelines/tag/{quote(channel)}")
            # Mastodon's links keep the request's limit (pagination_params)
            lim = f"limit={limit}&" if "limit" in q else ""
            headers["Link"] = (f'<{base}?{lim}max_id={chosen[0]}>; rel="next", '
                               f'<{base}?{lim}min_id={chosen[-1]}>; rel="prev"')
        return _response(200, orjson.dumps(page), headers)

    # -- streaming ---------------------------------------------------------------

    async def _handler(self, ws: ServerConnection) -> None:
        subs: dict[str, str] = {}
        self.subs[ws] = subs
        try:
            async for msg in ws:
                if isinstance(msg, bytes):
                    await ws.close(1003, "binary frames are not accepted")
                    return
                try:
                    req = orjson.loads(msg)
                except orjson.JSONDecodeError:
                    await ws.send('{"error":"Could not parse message","status":400}')
                    continue
                if not isinstance(req, dict) or req.get("type") not in ("subscribe", "unsubscribe"):
                    continue
                stream = req.get("stream")
                if stream in ("list", "user"):
                    key = "user" if stream == "user" else f"list:{req.get('list')}"
                    if stream == "list" and str(req.get("list")) not in self.lists:
                        await ws.send('{"error":"Missing list name parameter","status":400}'
                                      if not req.get("list") else
                                      '{"error":"Permission denied","status":401}')
                        continue
                    if req["type"] == "subscribe":
                        subs.setdefault(key, str(req.get("list") or ""))
                    else:
                        subs.pop(key, None)
                    continue
                if stream not in ("hashtag", "hashtag:local"):
                    await ws.send('{"error":"Unknown stream type","status":400}')
                    continue
                tag = req.get("tag")
                if not isinstance(tag, str) or not tag:
                    await ws.send('{"error":"Missing tag name parameter","status":400}')
                    continue
                if req["type"] == "subscribe":
                    subs.setdefault(normalise_hashtag(tag), tag)
                else:
                    subs.pop(normalise_hashtag(tag), None)
        except ConnectionClosed:
            pass
        finally:
            self.subs.pop(ws, None)


    # -- Server-Sent Events (the streaming host of sse_streaming) -----------------

    async def _sse_handle(self, req: Request, resp: Responder) -> None:
        if req.headers.get("upgrade", "").lower() == "websocket":
            # The proxy in front of this host does not pass WebSocket upgrades.
            await resp.send(404, b'{"error":"Not Found"}', {"Content-Type": "application/json"})
            return
        if self.offline:
            await resp.send(503, b'{"error":"Service Unavailable"}')
            return
        channel = {"/api/v1/streaming/user": "user",
                   "/api/v1/streaming/hashtag": "hashtag",
                   "/api/v1/streaming/list": "list"}.get(req.path)
        if channel is None:
            await resp.send(404, b'{"error":"Unknown channel requested"}')
            return
        if self.tokens is not None:
            auth = req.headers.get("authorization", "")
            token = auth[7:] if auth.startswith("Bearer ") else (req.query.get("access_token") or [""])[0]
            if token not in self.tokens:
                why = "Missing access token" if not token else "Invalid access token"
                await resp.send(401, orjson.dumps({"error": why}), {"X-Error-Message": why})
                return
        if channel == "hashtag":
            tag = (req.query.get("tag") or [""])[0]
            if not tag:
                await resp.send(400, b'{"error":"Missing tag name parameter"}')
                return
            channel = normalise_hashtag(tag)
        elif channel == "list":
            lid = (req.query.get("list") or [""])[0]
            if lid not in self.lists:
                await resp.send(404, b'{"error":"Record not found"}')
                return
            channel = f"list:{lid}"
        self.upgrades += 1
        q: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self.sse[resp] = (channel, q)
        try:
            await resp.start(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
            await resp.chunk(b":)\n")
            while True:
                try:
                    event, data = await asyncio.wait_for(q.get(), self.heartbeat)
                except TimeoutError:
                    if not self.stalled:
                        await resp.chunk(b":thump\n")
                    continue
                if not event:
                    return  # dropped
                if not self.stalled:
                    await resp.chunk(f"event: {event}\ndata: {data}\n\n".encode())
        finally:
            self.sse.pop(resp, None)


def _stream_name(key: str, sent: str) -> list[str]:
    """The ``stream`` a frame names for a subscription key."""
    if key == "user":
        return ["user"]
    if key.startswith("list:"):
        return ["list", key[5:]]
    return ["hashtag", sent]


# -- Jetstream ----------------------------------------------------------------------


class FakeJetstream(_SocketServer):
    """``/subscribe`` (v1 wire): ``wantedCollections``, ``wantedDids``, ``cursor``
    (unix µs; replays from there, then tails live)."""

    def __init__(self, *, port: int = 0) -> None:
        self.port = port
        self.server: Server | None = None
        self.times: list[int] = []
        self.lines: list[str] = []
        self.meta: list[tuple[str, str | None]] = []  # (did, collection) per event
        self.conns: set[ServerConnection] = set()
        self.cursors: list[int | None] = []  # the cursor of every connection, in order
        self.wanted_dids: list[set[str]] = []  # and its wantedDids
        self.offline = False
        self.stalled = False
        self._changed = asyncio.Event()
        # com.atproto.identity.resolveHandle, as the public AppView answers it
        self.handles: dict[str, str] = {}
        self.resolves: list[str] = []

    @property
    def url(self) -> str:
        return f"ws://{LOCAL}:{self.port}/subscribe"

    def drop(self) -> None:
        for ws in list(self.conns):
            _abort(ws)
        self.conns.clear()
        self._changed.set()  # wake the senders: they find their socket gone and end
        self._changed = asyncio.Event()

    @property
    def connected(self) -> int:
        return len(self.conns)

    def publish(self, event: dict[str, Any] | str) -> None:
        """Append one event (a dict, or a recorded line) to the stream; times must not go back."""
        if isinstance(event, str):
            line = event
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                obj = None
        else:
            obj, line = event, orjson.dumps(event).decode()
        t = obj.get("time_us") if isinstance(obj, dict) else None
        t = t if isinstance(t, int) else (self.times[-1] if self.times else 0)
        did = obj.get("did") if isinstance(obj, dict) else None
        commit = obj.get("commit") if isinstance(obj, dict) else None
        coll = commit.get("collection") if isinstance(commit, dict) else None
        self.times.append(t)
        self.lines.append(line)
        self.meta.append((did if isinstance(did, str) else "", coll if isinstance(coll, str) else None))
        self._changed.set()
        self._changed = asyncio.Event()

    def _http(self, conn: ServerConnection, request: WsRequest) -> WsResponse | None:
        split = urlsplit(request.path)
        if split.path == "/xrpc/com.atproto.identity.resolveHandle":
            handle = (parse_qs(split.query).get("handle") or [""])[0].lower()
            self.resolves.append(handle)
            if not handle:
                return _response(400, b'{"error":"InvalidRequest","message":'
                                      b'"Error: Params must have the property \\"handle\\""}')
            did = self.handles.get(handle)
            if did is None:
                return _response(400, b'{"error":"InvalidRequest","message":"Unable to resolve handle"}')
            return _response(200, orjson.dumps({"did": did}))
        if split.path != "/subscribe":
            return _response(404, b'{"error":"not found"}')
        if self.offline:
            return _response(503, b'{"error":"Service Unavailable"}')
        return None

    async def _handler(self, ws: ServerConnection) -> None:
        q = parse_qs(urlsplit(ws.request.path if ws.request else "").query)
        wanted = q.get("wantedCollections") or []
        dids = set(q.get("wantedDids") or [])
        raw_cursor = (q.get("cursor") or [""])[0]
        cursor = int(raw_cursor) if raw_cursor.isdigit() else None
        self.cursors.append(cursor)
        self.wanted_dids.append(dids)
        # No cursor: the live tail.  A cursor: replay from there (one in the
        # future is the live tail too).
        pos = len(self.lines) if cursor is None else bisect.bisect_left(self.times, cursor)

        def matches(i: int) -> bool:
            did, coll = self.meta[i]
            if dids and did not in dids:
                return False
            if coll is None or not wanted:
                return True  # identity/account events ignore wantedCollections
            return any(coll == w or (w.endswith(".*") and coll.startswith(w[:-1])) for w in wanted)

        self.conns.add(ws)
        try:
            while True:
                while pos < len(self.lines):
                    while self.stalled:
                        await asyncio.sleep(0.01)
                    i, pos = pos, pos + 1
                    if matches(i):
                        await ws.send(self.lines[i])
                changed = self._changed
                if ws not in self.conns:
                    return  # dropped
                if pos >= len(self.lines):
                    await changed.wait()
        except ConnectionClosed:
            pass
        finally:
            self.conns.discard(ws)


# -- RSS --------------------------------------------------------------------------


class FakeFeed:
    """One feed URL with ``ETag`` / ``Last-Modified`` and 304 answers."""

    def __init__(self, body: bytes = b"", *, path: str = "/rss.xml", port: int = 0) -> None:
        self.path = path
        self.http = HttpServer(self._handle, port=port)
        self.fail: list[int] = []  # statuses answered to the next requests
        self.requests = 0
        self.not_modified = 0
        self.conditional = 0
        self.set_body(body)

    def set_body(self, body: bytes) -> None:
        self.body = body
        self.etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        self.modified = formatdate(time.time(), usegmt=True)

    @property
    def url(self) -> str:
        return self.http.url + self.path

    async def start(self) -> FakeFeed:
        await self.http.start()
        return self

    async def close(self) -> None:
        await self.http.close()

    async def _handle(self, req: Request, resp: Responder) -> None:
        self.requests += 1
        if req.path != self.path:
            await resp.send(404, b"not found")
            return
        if self.fail:
            await resp.send(self.fail.pop(0), b"unavailable")
            return
        if "if-none-match" in req.headers or "if-modified-since" in req.headers:
            self.conditional += 1
        if req.headers.get("if-none-match") == self.etag:
            self.not_modified += 1
            await resp.send(304, headers={"ETag": self.etag})
            return
        await resp.send(200, self.body, {"Content-Type": "application/rss+xml; charset=utf-8",
                                         "ETag": self.etag, "Last-Modified": self.modified})


# -- X --------------------------------------------------------------------------------

_DROP = object()


class FakeX:
    """``/2/tweets/search/stream`` (newline-delimited JSON, blank-line keep-alives)
    and ``/2/tweets/search/stream/rules``."""

    def __init__(self, *, token: str = "x-good-token", keepalive: float = 20.0, port: int = 0) -> None:
        self.token = token
        self.keepalive = keepalive
        self.http = HttpServer(self._handle, port=port)
        self.rules: dict[str, dict[str, str]] = {}
        self.streams: list[asyncio.Queue[object]] = []
        self.fail: list[int] = []  # statuses answered to the next stream connections
        self.stalled = False
        self.connects = 0
        self.attempts = 0
        self._rule_id = 1_930_000_000_000_000_000

    @property
    def url(self) -> str:
        return self.http.url

    async def start(self) -> FakeX:
        await self.http.start()
        return self

    async def close(self) -> None:
        await self.http.close()

    @property
    def connected(self) -> int:
        return len(self.streams)

    def publish(self, obj: dict[str, Any] | str) -> None:
        line = obj if isinstance(obj, str) else orjson.dumps(obj).decode()
        for q in self.streams:
            q.put_nowait(line)

    def drop(self) -> None:
        for q in self.streams:
            q.put_nowait(_DROP)

    async def _handle(self, req: Request, resp: Responder) -> None:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            await resp.send(401, orjson.dumps({"title": "Unauthorized", "type": "about:blank",
                                               "status": 401, "detail": "Unauthorized"}),
                            {"Content-Type": "application/problem+json"})
            return
        if req.path == "/2/tweets/search/stream/rules":
            await self._rules(req, resp)
        elif req.path == "/2/tweets/search/stream":
            await self._stream(resp)
        else:
            await resp.send(404, b'{"title":"Not Found Error"}')

    async def _rules(self, req: Request, resp: Responder) -> None:
        if req.method == "GET":
            data = list(self.rules.values())
            body: dict[str, Any] = {"meta": {"sent": "now", "result_count": len(data)}}
            if data:
                body["data"] = data
            await resp.send(200, orjson.dumps(body), {"Content-Type": "application/json"})
            return
        try:
            payload = orjson.loads(req.body)
        except orjson.JSONDecodeError:
            await resp.send(400, b'{"title":"Invalid Request"}')
            return
        created: list[dict[str, str]] = []
        for rule in payload.get("add") or []:
            self._rule_id += 1
            r = {"id": str(self._rule_id), "value": str(rule.get("value")), "tag": str(rule.get("tag", ""))}
            self.rules[r["id"]] = r
            created.append(r)
        deleted = 0
        for rid in (payload.get("delete") or {}).get("ids") or []:
            deleted += self.rules.pop(str(rid), None) is not None
        body = {"meta": {"sent": "now", "summary": {"created": len(created), "not_created": 0,
                                                     "deleted": deleted, "not_deleted": 0}}}
        if created:
            body["data"] = created
        await resp.send(201 if created else 200, orjson.dumps(body), {"Content-Type": "application/json"})

    async def _stream(self, resp: Responder) -> None:
        self.attempts += 1
        if self.fail:
            status = self.fail.pop(0)
            body: dict[str, Any] = {"title": HTTPStatus(status).phrase, "status": status,
                                    "detail": HTTPStatus(status).description}
            headers = {"Content-Type": "application/json"}
            if status == 429:
                body = {"title": "ConnectionException", "connection_issue": "TooManyConnections",
                        "detail": "This stream is currently at the maximum allowed connection limit.",
                        "type": "https://api.x.com/2/problems/streaming-connection"}
                headers["x-rate-limit-reset"] = str(int(time.time()) + 900)
            await resp.send(status, orjson.dumps(body), headers)
            return
        self.connects += 1
        q: asyncio.Queue[object] = asyncio.Queue()
        self.streams.append(q)
        try:
            await resp.start(200, {"Content-Type": "application/json"})
            while True:
                try:
                    async with asyncio.timeout(self.keepalive):
                        item = await q.get()
                except TimeoutError:
                    if not self.stalled:
                        await resp.chunk(b"\r\n")
                    continue
                if item is _DROP:
                    resp.abort()
                    return
                if not self.stalled and isinstance(item, str):
                    await resp.chunk(item.encode() + b"\r\n")
        finally:
            self.streams.remove(q)
