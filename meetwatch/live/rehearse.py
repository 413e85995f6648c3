"""``meetwatch rehearse``: recorded sessions served as a local live network.

Mastodon streaming frames are served by a local Mastodon (REST timeline +
streaming socket), Jetstream events by a local Jetstream (with cursor
replay), RSS/Atom files by a local feed, all on 127.0.0.1, paced like the
recording (``speed`` times faster).  Jetstream times are shifted onto the
live clock so cursors behave as on the real service.  A watch-file snippet
pointing at them is printed so ``meetwatch record`` or ``meetwatch watch``
can run against it without the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import heapq
import re
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import orjson

from meetwatch.core.models import ParseError
from meetwatch.ingest import detect, event_time
from meetwatch.core.timeutil import parse_time
from meetwatch.live.servers import FakeFeed, FakeJetstream, FakeMastodon
from meetwatch.sources import mastodon as mparser

TOKEN_ENV = "MEETWATCH_REHEARSE_TOKEN"


_ITEM = re.compile(rb"<(item|entry)[\s>].*?</\1\s*>", re.S)
_DATE = re.compile(rb"<(pubDate|published|updated|dc:date)>\s*([^<]+?)\s*</\1>")


@dataclass(slots=True)
class FeedPlan:
    """A recorded feed revealed entry by entry as the rehearsal clock passes
    each entry's date (entries without one are there from the start)."""

    feed: FakeFeed
    head: bytes
    tail: bytes
    items: list[tuple[float | None, bytes]]
    shown: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, data: bytes) -> tuple[bytes, bytes, list[tuple[float | None, bytes]]] | None:
        found = list(_ITEM.finditer(data))
        if not found:
            return None
        items = [(_item_time(m.group(0)), m.group(0)) for m in found]
        return data[:found[0].start()], data[found[-1].end():], items

    def body(self) -> bytes:
        keep = [raw for i, (t, raw) in enumerate(self.items) if t is None or i in self.shown]
        return self.head + b"\n".join(keep) + self.tail

    def reveal(self, index: int) -> None:
        self.shown.add(index)
        self.feed.set_body(self.body())


def _item_time(item: bytes) -> float | None:
    m = _DATE.search(item)
    if not m:
        return None
    text = m.group(2).decode("utf-8", "replace")
    with contextlib.suppress(TypeError, ValueError, IndexError):
        return email.utils.parsedate_to_datetime(text).timestamp()
    with contextlib.suppress(ValueError):
        return parse_time(text).timestamp()
    return None


@dataclass(slots=True)
class Rehearsal:
    mastodon: FakeMastodon | None = None
    jetstream: FakeJetstream | None = None
    feeds: list[FakeFeed] = field(default_factory=list)
    pending: list[tuple[float, int, str, str]] = field(default_factory=list)  # (at_s, seq, kind, line)
    plans: dict[int, FeedPlan] = field(default_factory=dict)  # recording index -> paced feed
    hashtags: list[str] = field(default_factory=list)  # as the recorded Mastodon frames name them

    def snippet(self, hashtags: list[str]) -> str:
        out = ["[meeting]", 'name = "Rehearsal"',
               f"hashtags = [{', '.join(orjson.dumps(t).decode() for t in hashtags)}]", ""]
        if self.mastodon:
            out += ["[[sources]]", 'network = "mastodon"', f'server = "{self.mastodon.url}"',
                    f'token_env = "{TOKEN_ENV}"  # any value: the rehearsal accepts every token', ""]
        if self.jetstream:
            out += ["[[sources]]", 'network = "bluesky"', f'jetstream = "{self.jetstream.url}"', ""]
        for feed in self.feeds:
            out += ["[[sources]]", 'network = "rss"', f'url = "{feed.url}"', "interval = 5", ""]
        return "\n".join(out)

    async def close(self) -> None:
        for server in (self.mastodon, self.jetstream, *self.feeds):
            if server is not None:
                await server.close()


def _mastodon_times(lines: list[str]) -> Iterator[tuple[float, str]]:
    last = 0.0
    for line in lines:
        try:
            events = mparser.parse_stream_frame(orjson.loads(line))
            t = event_time(events)
            if t:
                last = parse_time(t).timestamp()
        except (orjson.JSONDecodeError, ParseError, ValueError, TypeError):
            pass
        yield last, line


def _jetstream_times(lines: list[str]) -> Iterator[tuple[float, str]]:
    last = 0.0
    for line in lines:
        try:
            t = orjson.loads(line).get("time_us")
            if isinstance(t, int):
                last = t / 1e6
        except (orjson.JSONDecodeError, AttributeError):
            pass
        yield last, line


async def start_rehearsal(files: list[Path], *, port: int = 0) -> tuple[Rehearsal, list[str]]:
    """Start the servers the recordings need; returns them and the problems met."""
    r = Rehearsal()
    problems: list[str] = []
    streams: list[Iterator[tuple[float, int, str, str]]] = []
    for n, path in enumerate(files):
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(f"{path}: cannot read: {exc.strerror}")
            continue
        fmt = detect(data[:65536])
        if fmt == "rss":
            feed = await FakeFeed(data, path=f"/{path.name}",
                                  port=port + 2 + len(r.feeds) if port else 0).start()
            r.feeds.append(feed)
            parts = FeedPlan.of(data)
            if parts is not None and any(t is not None for t, _ in parts[2]):
                plan = FeedPlan(feed, *parts)
                feed.set_body(plan.body())  # entries appear as the clock reaches them
                r.plans[n] = plan
                streams.append(iter(sorted((t, n, "rss", str(i)) for i, (t, _) in
                                           enumerate(plan.items) if t is not None)))
            continue
        lines = [ln for ln in data.decode("utf-8", "replace").splitlines() if ln.strip()]
        if fmt == "mastodon-stream":
            r.hashtags += _frame_tags(lines)
            if r.mastodon is None:
                r.mastodon = await FakeMastodon(tokens=None, port=port).start()
            streams.append(((t, n, "mastodon", ln) for t, ln in _mastodon_times(lines)))
        elif fmt == "jetstream":
            if r.jetstream is None:
                r.jetstream = await FakeJetstream(port=port + 1 if port else 0).start()
            streams.append(((t, n, "jetstream", ln) for t, ln in _jetstream_times(lines)))
        else:
            problems.append(f"{path}: {fmt or 'unknown format'}: rehearse serves Mastodon "
                            "streaming frames, Jetstream events and RSS/Atom feeds")
    pending = list(heapq.merge(*streams))
    # The session starts with its first frame; feed entries older than that
    # (a feed reaches back days) are in the feed from the start.
    start = next((t for t, _n, kind, _ in pending if t > 0 and kind != "rss"), None)
    if start is not None:
        for plan in r.plans.values():
            plan.shown = {i for i, (t, _) in enumerate(plan.items) if t is not None and t <= start}
            plan.feed.set_body(plan.body())
        pending = [p for p in pending if p[2] != "rss" or p[0] > start]
    r.pending = pending
    r.hashtags = list(dict.fromkeys(r.hashtags))
    return r, problems


def _frame_tags(lines: list[str]) -> list[str]:
    tags: dict[str, str] = {}
    for line in lines[:5000]:
        try:
            stream = orjson.loads(line).get("stream")
        except (orjson.JSONDecodeError, AttributeError):
            continue
        if isinstance(stream, list) and len(stream) > 1 and isinstance(stream[1], str):
            tags.setdefault(stream[1].lower(), stream[1])
    return list(tags.values())


async def play(r: Rehearsal, speed: float) -> None:
    """Send the recorded frames at their recorded pace, ``speed`` times faster."""
    if not r.pending:
        return
    first = next((t for t, *_ in r.pending if t > 0), 0.0)
    wall0 = time.time()
    for t, n, kind, line in r.pending:
        due = wall0 + max(0.0, t - first) / speed
        delay = due - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if kind == "rss" and n in r.plans:
            r.plans[n].reveal(int(line))
        elif kind == "mastodon" and r.mastodon is not None:
            await r.mastodon.feed_frame(line)
        elif kind == "jetstream" and r.jetstream is not None:
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                r.jetstream.publish(line)
                continue
            if isinstance(obj, dict) and isinstance(obj.get("time_us"), int):
                obj["time_us"] = int(due * 1e6)  # onto the live clock: cursors work as live
            r.jetstream.publish(obj)


def run_rehearse(files: list[Path], *, port: int = 0, speed: float = 60.0,
                 hashtags: list[str] | None = None, out: TextIO | None = None) -> int:
    stream = out or sys.stdout

    async def main() -> int:
        r, problems = await start_rehearsal(files, port=port)
        for p in problems:
            print(p, file=sys.stderr)
        if r.mastodon is None and r.jetstream is None and not r.feeds:
            print("meetwatch: nothing to rehearse", file=sys.stderr)
            return 1
        print("# Rehearsal servers are up (127.0.0.1 only). A watch file for them:\n", file=stream)
        print(r.snippet(hashtags or r.hashtags or ["HRC61"]), file=stream)
        print(f"# playing {len(r.pending)} recorded frames at {speed:g}x; Ctrl+C stops", file=stream,
              flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        player = asyncio.create_task(play(r, speed))
        try:
            await stop.wait()
        finally:
            player.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await player
            await r.close()
        return 0

    return asyncio.run(main())
