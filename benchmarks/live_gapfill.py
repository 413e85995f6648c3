"""How long the Mastodon REST refill takes after an outage (issue 4's question).

A local fake Mastodon (meetwatch.live.servers) publishes N statuses while the
collector's socket is down for OUTAGE seconds; we time from the server coming
back to the last missed status being committed to the log.

    python benchmarks/live_gapfill.py [--posts 1000] [--outage 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetwatch.core.watch import parse_watch
from meetwatch.live import Collector, LiveSettings
from meetwatch.live.servers import FakeMastodon


def count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM posts").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


async def main(posts: int, outage: float) -> None:
    os.environ["MW_BENCH_TOKEN"] = "bench-token"
    m = await FakeMastodon(tokens=("bench-token",)).start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        watch = parse_watch({"meeting": {"hashtags": ["HRC61"]}, "sources": [
            {"network": "mastodon", "server": m.url, "token_env": "MW_BENCH_TOKEN"}]})
        # Real defaults except the first retry delay, so reconnect time is the outage itself.
        settings = LiveSettings(backoff_initial=0.1, backoff_max=0.5, trust_env=False)
        collector = Collector(watch, str(db), settings=settings)
        stop = asyncio.Event()
        task = asyncio.create_task(collector.run(stop=stop))
        while not (m.connected and all(m.subs.values())):
            await asyncio.sleep(0.01)
        await m.publish(m.make_status("before the outage"))
        while count(db) < 1:
            await asyncio.sleep(0.01)
        m.offline = True
        m.drop()
        t_down = time.monotonic()
        for i in range(posts):
            await m.publish(m.make_status(f"missed {i}"))
        await asyncio.sleep(max(0.0, outage - (time.monotonic() - t_down)))
        upgrades = m.upgrades
        m.offline = False
        t_up = time.monotonic()
        while m.upgrades == upgrades:
            await asyncio.sleep(0.001)
        t_conn = time.monotonic()
        while count(db) < posts + 1:
            await asyncio.sleep(0.005)
        t_done = time.monotonic()
        await asyncio.sleep(0.3)  # let the gap row be written
        stop.set()
        summary = await task
        await m.close()
        gap = sqlite3.connect(str(db)).execute(
            "SELECT detail FROM connection_events WHERE kind = 'gap'").fetchall()
        print("gap rows:", gap)
        pages = sum(1 for p, q in m.requests if p.startswith("/api/v1/timelines/tag/") and "min_id" in q)
        print(f"outage {outage:g}s, {posts} posts missed: {count(db) - 1} in the log "
              f"{t_done - t_up:.2f}s after the server came back (reconnect after "
              f"{t_conn - t_up:.2f}s of backoff, refill committed {t_done - t_conn:.2f}s later; "
              f"{pages} REST pages of 40); lost: {posts + 1 - count(db)}; "
              f"drops {summary.sources[0].drops}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--outage", type=float, default=5.0)
    a = ap.parse_args()
    asyncio.run(main(a.posts, a.outage))
