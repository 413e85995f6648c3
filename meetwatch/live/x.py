"""X live: the v2 filtered stream, rules synced from the watch file.

The stream is one long HTTP response of newline-delimited JSON; a blank line
is a keep-alive (every 20 s), so silence longer than ``stall`` seconds means a
dead connection.  Reconnects follow X's documented policy
(:class:`~meetwatch.live.backoff.XBackoff`).  X offers no recovery outside
Enterprise: every gap is recorded as *not* filled.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import orjson

from meetwatch.core.models import Notice, ParseError, RawEvent
from meetwatch.core.watch import SourceSpec, WatchFile
from meetwatch.live.backoff import XBackoff
from meetwatch.live.base import USER_AGENT, Context, LiveSource, disconnect_reason, now_iso
from meetwatch.sources import x as parser

DEFAULT_API = "https://api.x.com"
DEFAULT_TOKEN_ENV = "MEETWATCH_X_TOKEN"
RULE_TAG = "meetwatch"  # rules we own carry tags starting with this; others are left alone
STREAM_PARAMS = {
    "tweet.fields": "created_at,lang,author_id,conversation_id,entities,referenced_tweets,"
                    "edit_history_tweet_ids,public_metrics,note_tweet",
    "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id",
    "user.fields": "username,name,description,url",
}


class _HttpProblem(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind


class XSource(LiveSource):
    network = "x"

    def __init__(self, spec: SourceSpec, watch: WatchFile, ctx: Context) -> None:
        super().__init__(spec, watch, ctx)
        self.api = str(self.option("api", DEFAULT_API)).rstrip("/")
        self.stall = self.number("stall", self.settings.x_stall)
        self.keepalives = 0
        self.open_gap: str | None = None
        extra = self.option("rules", [])
        self.wanted: dict[str, str] = {f"#{t}": f"{RULE_TAG}:{t}" for t in watch.hashtags}
        if isinstance(extra, list):
            self.wanted.update({r: f"{RULE_TAG}:rule" for r in extra if isinstance(r, str)})

    def label(self) -> str:
        return str(self.spec.options.get("api") or DEFAULT_API).split("://", 1)[-1].rstrip("/")

    async def run(self) -> None:
        token, env = self.token(DEFAULT_TOKEN_ENV)
        if not token:
            await self.log("error", f"${env} is not set: the X filtered stream needs your app's "
                                    "bearer token; X is not followed", status="disabled")
            return
        backoff = XBackoff(self.settings.x_backoff_scale)
        headers = {"Authorization": f"Bearer {token}", "User-Agent": USER_AGENT}
        connected_once = False
        rules_synced = False
        async with httpx.AsyncClient(headers=headers, trust_env=self.settings.trust_env,
                                     timeout=self.settings.http_timeout) as http:
            while True:
                kind = "network"
                try:
                    if not rules_synced:
                        await self._sync_rules(http)
                        rules_synced = True
                    await self._stream(http, backoff, connected_once)
                    connected_once = True
                except asyncio.CancelledError:
                    raise
                except _Connected:
                    connected_once = True
                    await self.log("drop", "the stream ended (EOF)")
                except _ConnectedThenStalled:
                    connected_once = True
                    await self.log("stall", f"no data or keep-alive for {self.stall:g}s")
                except _ConnectedThenFailed as exc:
                    connected_once = True
                    await self.log("drop", f"connection lost: {exc}")
                except _HttpProblem as exc:
                    kind = exc.kind
                    await self.log("error", str(exc))
                except httpx.TimeoutException:
                    await self.log("error" if not connected_once else "drop", f"{self.api} timed out")
                except (httpx.HTTPError, OSError) as exc:
                    await self.log("error" if not connected_once else "drop",
                                   f"{self.api} unreachable: {disconnect_reason(exc)}")
                if connected_once and self.open_gap is None:
                    self.open_gap = now_iso()
                await self.wait_retry(backoff.next(kind))

    async def _stream(self, http: httpx.AsyncClient, backoff: XBackoff, again: bool) -> None:
        timeout = httpx.Timeout(self.settings.http_timeout, read=self.stall)
        async with http.stream("GET", f"{self.api}/2/tweets/search/stream", params=STREAM_PARAMS,
                               timeout=timeout) as resp:
            if resp.status_code != 200:
                await resp.aread()
                raise _HttpProblem("429" if resp.status_code == 429 else "http",
                                   _problem(resp, "the stream"))
            await self.log("reconnect" if again else "connect",
                           f"{self.api} filtered stream, {len(self.wanted)} rule(s)")
            backoff.reset()
            if self.open_gap is not None:
                start, self.open_gap = self.open_gap, None
                await self.log("gap", "X has no recovery outside Enterprise: posts in the gap are lost",
                               gap_start=start, gap_end=now_iso(), filled=False)
            try:
                async for line in resp.aiter_lines():
                    if not line.strip():
                        self.keepalives += 1
                        continue
                    await self._line(line)
            except httpx.ReadTimeout:
                raise _ConnectedThenStalled() from None
            except (httpx.HTTPError, OSError) as exc:
                raise _ConnectedThenFailed(disconnect_reason(exc)) from None
        raise _Connected()

    async def _line(self, line: str) -> None:
        raw = RawEvent(self.name, "twarc2", now_iso(), line)
        try:
            obj = orjson.loads(line)
            if not isinstance(obj, dict):
                raise ParseError("not a JSON object")
            events = parser.parse_x_stream_line(obj)
        except orjson.JSONDecodeError:
            await self.deliver(raw, [], error="not valid JSON")
            return
        except ParseError as exc:
            await self.deliver(raw, [], error=str(exc))
            return
        await self.deliver(raw, events)
        for ev in events:
            if isinstance(ev, Notice) and ev.kind == "error":
                self.say(f"X says: {ev.detail[:200]}")

    async def _sync_rules(self, http: httpx.AsyncClient) -> None:
        url = f"{self.api}/2/tweets/search/stream/rules"
        resp = await http.get(url)
        if resp.status_code != 200:
            raise _HttpProblem("429" if resp.status_code == 429 else "http", _problem(resp, "rules"))
        existing = _json(resp).get("data") or []
        have = {r.get("value"): r for r in existing if isinstance(r, dict)}
        stale = [str(r.get("id")) for v, r in have.items()
                 if v not in self.wanted and str(r.get("tag") or "").startswith(RULE_TAG)]
        missing = [{"value": v, "tag": t} for v, t in self.wanted.items() if v not in have]
        if stale:
            resp = await http.post(url, json={"delete": {"ids": stale}})
            if resp.status_code >= 300:
                raise _HttpProblem("429" if resp.status_code == 429 else "http",
                                   _problem(resp, "deleting stale rules"))
        if missing:
            resp = await http.post(url, json={"add": missing})
            if resp.status_code >= 300:
                raise _HttpProblem("429" if resp.status_code == 429 else "http",
                                   _problem(resp, "adding rules"))
        if stale or missing:
            self.say(f"rules synced: {len(missing)} added, {len(stale)} deleted")


class _Connected(Exception):
    """The stream was open and ended normally (EOF)."""


class _ConnectedThenStalled(Exception):
    pass


class _ConnectedThenFailed(Exception):
    pass


def _json(resp: httpx.Response) -> dict[str, Any]:
    try:
        body = resp.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _problem(resp: httpx.Response, what: str) -> str:
    body = _json(resp)
    detail = body.get("detail") or body.get("title") or resp.reason_phrase
    issue = body.get("connection_issue")
    text = f"{what}: HTTP {resp.status_code} {detail}"
    if issue:
        text += f" ({issue})"
    if resp.status_code in (401, 403):
        text += " — check the bearer token (and that your plan includes the filtered stream)"
    elif resp.status_code == 429:
        reset = resp.headers.get("x-rate-limit-reset")
        text += f" — rate-limited{f' until epoch {reset}' if reset else ''}"
    return text[:500]
