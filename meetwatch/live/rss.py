"""RSS/Atom live: polite polling with ETag / If-Modified-Since.

A feed lists only its latest entries, so a gap (an outage, a long poll
interval) is *filled* only when the next document reaches back to the last
successful poll; the connection log says which.
"""

from __future__ import annotations

import asyncio

import httpx

from meetwatch.core.models import ParseError, Post, RawEvent
from meetwatch.core.watch import SourceSpec, WatchFile
from meetwatch.ingest import event_time
from meetwatch.live.backoff import Backoff
from meetwatch.live.base import USER_AGENT, Context, LiveSource, disconnect_reason, now_iso
from meetwatch.sources import rss as parser


class RssSource(LiveSource):
    network = "rss"

    def __init__(self, spec: SourceSpec, watch: WatchFile, ctx: Context) -> None:
        super().__init__(spec, watch, ctx)
        self.url = spec.url or ""
        self.interval = self.number("interval", self.settings.rss_interval)
        self.etag: str | None = None
        self.modified: str | None = None
        self.last_ok: str | None = None  # when the feed was last read completely
        self.not_modified = 0
        self.polls = 0
        self._gap: tuple[str, str, bool] | None = None

    def label(self) -> str:
        return self.spec.url or "rss"

    async def run(self) -> None:
        backoff = Backoff(self.number("backoff_initial", self.settings.backoff_initial),
                          min(self.interval, self.number("backoff_max", self.settings.backoff_max)))
        failing = False
        ever = False
        async with httpx.AsyncClient(timeout=self.settings.http_timeout, follow_redirects=True,
                                     headers={"User-Agent": USER_AGENT},
                                     trust_env=self.settings.trust_env) as http:
            while True:
                problem = await self._poll(http)
                if problem is None:
                    if failing or not ever:
                        await self.log("reconnect" if ever else "connect",
                                       f"polling every {self.interval:g}s")
                    failing, ever = False, True
                    if self._gap is not None:
                        start, end, filled = self._gap
                        self._gap = None
                        await self.log("gap", "the feed reaches back to the last good poll" if filled
                                       else "the feed no longer reaches back to the last good poll: "
                                            "entries in between may be lost",
                                       gap_start=start, gap_end=end, filled=filled)
                    backoff.reset()
                    await asyncio.sleep(self.interval)
                    continue
                if not failing:
                    await self.log("error" if not ever else "drop", problem)
                else:
                    await self.log("error", problem)
                failing = True
                await self.wait_retry(backoff.next())

    async def _poll(self, http: httpx.AsyncClient) -> str | None:
        """One request; None when the feed was read (or unchanged), else why not."""
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.modified:
            headers["If-Modified-Since"] = self.modified
        self.polls += 1
        try:
            resp = await http.get(self.url, headers=headers)
        except httpx.HTTPError as exc:
            return f"{self.url} unreachable: {disconnect_reason(exc)}"
        if resp.status_code == 304:
            self.not_modified += 1
            previous, self.last_ok = self.last_ok, now_iso()
            if previous is not None and self.state.status in ("dropped", "error", "retrying"):
                self._gap = (previous, self.last_ok, True)  # unchanged since: nothing missed
            return None
        if resp.status_code >= 400:
            return f"{self.url} answered HTTP {resp.status_code} {resp.reason_phrase}"
        received = now_iso()
        body = resp.content
        try:
            events, problems = parser.parse_feed(body, str(resp.url))
        except ParseError as exc:
            raw = RawEvent(self.name, "rss", received, resp.text)
            await self.deliver(raw, [], error=str(exc))
            return f"{self.url}: {exc}"
        if self.spec.category:
            for ev in events:
                if isinstance(ev, Post):
                    ev.author.category = self.spec.category
        self.etag = resp.headers.get("ETag") or self.etag
        self.modified = resp.headers.get("Last-Modified") or self.modified
        oldest = min((t for ev in events if (t := event_time([ev]))), default=None)
        previous, self.last_ok = self.last_ok, received
        raw = RawEvent(self.name, "rss", received, resp.text)
        await self.deliver(raw, events, error="; ".join(r for _, r in problems) or None
                           if not events else None)
        if previous is not None and self.state.status in ("dropped", "error", "retrying"):
            self._gap = (previous, received, oldest is not None and oldest <= previous)
        return None
