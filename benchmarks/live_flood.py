"""Event-loop latency of the live collector in a flood, against its idle
baseline in the same run.

A local fake Jetstream (in a thread with its own event loop, so only the
collector runs on the measured loop) sends N meeting posts as fast as it can.
A probe task on the collector's loop sleeps 5 ms at a time and records how
late each wake-up is.  The SQLite writes happen in the collector's writer
thread, so the loop should stay responsive while the log absorbs the flood.

    python benchmarks/live_flood.py [--posts 20000] [--idle 2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetwatch.core.watch import parse_watch
from meetwatch.live import Collector, LiveSettings
from meetwatch.live.servers import FakeJetstream
from tests.fakes import jetstream_post

TICK = 0.005


class ServerThread:
    """The fake Jetstream on a loop of its own."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = FakeJetstream()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> FakeJetstream:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result()
        return self.server

    def call(self, fn: object, *args: object) -> None:
        self.loop.call_soon_threadsafe(fn, *args)  # type: ignore[arg-type]

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.close(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()


def describe(lags: list[float]) -> str:
    ms = sorted(x * 1000 for x in lags)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return (f"median {statistics.median(ms):.2f} ms, p99 {p99:.2f} ms, max {ms[-1]:.2f} ms "
            f"({len(ms)} wake-ups)")


async def probe(lags: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(TICK)
        lags.append(max(0.0, time.perf_counter() - t - TICK))


async def main(posts: int, idle: float) -> None:
    st = ServerThread()
    server = st.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "flood.db"
        watch = parse_watch({"meeting": {"hashtags": ["HRC61"]},
                             "sources": [{"network": "bluesky", "jetstream": server.url}]})
        collector = Collector(watch, str(db), settings=LiveSettings(trust_env=False))
        stop = asyncio.Event()
        task = asyncio.create_task(collector.run(stop=stop))
        while server.connected < 1:
            await asyncio.sleep(0.01)
        base: list[float] = []
        pstop = asyncio.Event()
        p = asyncio.create_task(probe(base, pstop))
        await asyncio.sleep(idle)
        pstop.set()
        await p
        src = collector.sources[0]
        flood: list[float] = []
        pstop = asyncio.Event()
        p = asyncio.create_task(probe(flood, pstop))
        t0 = time.time_ns() // 1000
        began = time.perf_counter()
        for n in range(posts):
            st.call(server.publish, jetstream_post(n, t0 + n))
        while src.state.imported < posts:
            await asyncio.sleep(0.01)
        took = time.perf_counter() - began
        pstop.set()
        await p
        stop.set()
        summary = await task
    st.stop()
    print(f"idle baseline: {describe(base)}")
    print(f"flood of {posts} posts: {describe(flood)}")
    print(f"flood stored in {took:.2f}s ({posts / took:,.0f} posts/s), {summary.commits} commits; "
          f"writer thread busy {collector.write_seconds:.2f}s, longest commit "
          f"{collector.longest_commit * 1000:.1f} ms (the stall a write on the loop would cause); "
          f"queue high-water {collector.queue.high_water}")
    ratio = statistics.median(flood) / max(statistics.median(base), 1e-6)
    print(f"ratio flood/idle: median {ratio:.1f}x")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=20000)
    ap.add_argument("--idle", type=float, default=2.0)
    a = ap.parse_args()
    asyncio.run(main(a.posts, a.idle))
