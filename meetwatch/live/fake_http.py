"""A very small HTTP/1.1 server on asyncio streams, for the local stand-ins of
X and RSS feeds (:mod:`meetwatch.live.rehearse`).  One request per
connection (``Connection: close``); responses are whole or chunked.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

MAX_HEAD = 64 * 1024
MAX_BODY = 4 * 1024 * 1024


@dataclass(slots=True)
class Request:
    method: str
    target: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes = b""


@dataclass(slots=True, eq=False)
class Responder:
    writer: asyncio.StreamWriter
    sent_head: bool = False
    chunked: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def _head(self, status: int, headers: dict[str, str]) -> bytes:
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Status"
        lines = [f"HTTP/1.1 {status} {reason}", "Connection: close", "Server: meetwatch-rehearse"]
        lines += [f"{k}: {v}" for k, v in {**self.extra, **headers}.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        head = dict(headers or {})
        if status not in (204, 304):
            head["Content-Length"] = str(len(body))
        self.writer.write(self._head(status, head) + (body if status not in (204, 304) else b""))
        self.sent_head = True
        await self.writer.drain()

    async def start(self, status: int, headers: dict[str, str] | None = None) -> None:
        head = dict(headers or {})
        head["Transfer-Encoding"] = "chunked"
        self.writer.write(self._head(status, head))
        self.sent_head = self.chunked = True
        await self.writer.drain()

    async def chunk(self, data: bytes) -> None:
        if data:
            self.writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            await self.writer.drain()

    async def end(self) -> None:
        self.writer.write(b"0\r\n\r\n")
        await self.writer.drain()

    def abort(self) -> None:
        """Drop the connection without a goodbye (a network failure, seen from the client)."""
        transport = self.writer.transport
        if transport is not None:
            transport.abort()


Handler = Callable[[Request, Responder], Awaitable[None]]


class HttpServer:
    def __init__(self, handler: Handler, host: str = "127.0.0.1", port: int = 0) -> None:
        self.handler = handler
        self.host = host
        self.port = port
        self.server: asyncio.Server | None = None
        self.open: set[Responder] = set()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> HttpServer:
        self.server = await asyncio.start_server(self._serve, self.host, self.port, limit=MAX_HEAD)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        for r in list(self.open):
            r.abort()
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 2)

    def drop_all(self) -> None:
        for r in list(self.open):
            r.abort()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        responder = Responder(writer)
        self.open.add(responder)
        try:
            request = await _read_request(reader)
            if request is None:
                await responder.send(400, b"bad request")
                return
            await self.handler(request, responder)
            if not responder.sent_head:
                await responder.send(500, b"no response")
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            self.open.discard(responder)
            with contextlib.suppress(Exception):
                writer.close()


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return None
    method, target, _version = parts
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    body = b""
    length = headers.get("content-length", "0")
    if length.isdigit() and 0 < int(length) <= MAX_BODY:
        body = await reader.readexactly(int(length))
    split = urlsplit(target)
    return Request(method.upper(), target, split.path, parse_qs(split.query), headers, body)
