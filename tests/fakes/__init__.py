"""Local fake servers for the live tests (127.0.0.1, ephemeral ports only).

The servers themselves ship with the package (``meetwatch.live.servers``,
which also powers ``meetwatch rehearse``); this module adds what tests need
around them: recorded sample data, watch files, fast settings and polling.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from meetwatch.core.watch import WatchFile, parse_watch
from meetwatch.live.base import LiveSettings
from meetwatch.live.servers import FakeFeed, FakeJetstream, FakeMastodon, FakeX

__all__ = [
    "SAMPLES", "FakeFeed", "FakeJetstream", "FakeMastodon", "FakeX", "fast_settings",
    "jetstream_post", "log_rows", "sample_lines", "wait_until", "watch_file",
]

SAMPLES = Path(__file__).resolve().parents[2] / "sample_streams"


def fast_settings(**over: Any) -> LiveSettings:
    """Timings small enough for a test: retries in milliseconds, no proxies."""
    base: dict[str, Any] = dict(backoff_initial=0.02, backoff_max=0.1, mastodon_stall=5.0,
                                jetstream_stall=5.0, x_stall=5.0, x_backoff_scale=0.002,
                                rss_interval=0.1, batch_seconds=0.02, http_timeout=3.0,
                                rate_limit_max_wait=2.0, trust_env=False)
    base.update(over)
    return LiveSettings(**base)


def watch_file(*sources: dict[str, Any], hashtags: tuple[str, ...] = ("HRC61", "ItemFour"),
               accounts: dict[str, list[str]] | None = None) -> WatchFile:
    data: dict[str, Any] = {"meeting": {"name": "Test", "hashtags": list(hashtags)},
                            "sources": list(sources)}
    if accounts:
        data["accounts"] = accounts
    return parse_watch(data)


def sample_lines(name: str) -> list[str]:
    text = (SAMPLES / name).read_text(encoding="utf-8", errors="replace")
    return [ln for ln in text.splitlines() if ln.strip()]


def jetstream_post(n: int, time_us: int, *, tags: tuple[str, ...] = ("HRC61",),
                   did: str = "did:plc:testauthor000000000000001", op: str = "create",
                   text: str | None = None) -> dict[str, Any]:
    body = text if text is not None else f"post {n} " + " ".join(f"#{t}" for t in tags)
    facets = []
    raw = body.encode()
    for t in tags:
        start = raw.find(f"#{t}".encode())
        if start >= 0:
            facets.append({"index": {"byteStart": start, "byteEnd": start + len(t) + 1},
                           "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": t}]})
    commit: dict[str, Any] = {"rev": f"rev{n:09d}{op[0]}", "operation": op,
                              "collection": "app.bsky.feed.post", "rkey": f"3ltest{n:07d}"}
    if op != "delete":
        commit["cid"] = f"bafytest{n}{op}{len(body)}"
        commit["record"] = {"$type": "app.bsky.feed.post", "text": body,
                            "createdAt": "2026-03-03T08:00:00.000Z", "langs": ["en"],
                            "facets": facets}
    return {"did": did, "time_us": time_us, "kind": "commit", "commit": commit}


async def wait_until(check: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
    """Poll ``check`` every 10 ms; fail the test after ``timeout`` seconds (generous:
    a bound for a loaded machine, not a speed expectation)."""
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what or check}")
        await asyncio.sleep(0.01)


def log_rows(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """Read the log with a separate connection (as the deck does)."""
    if not db.exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def dumps(obj: Any) -> str:
    return orjson.dumps(obj).decode()
