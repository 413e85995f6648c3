"""Event-loop latency of the live collector in a flood, against its idle
baseline in the same run.

A local fake Jetstream (in a process of its own, so only the collector runs
on the measured loop) sends N meeting posts as fast as it can.
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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetwatch.core.watch import parse_watch
from meetwatch.live import Collector, LiveSettings
from meetwatch.live.servers import FakeJetstream
from tests.fakes import jetstream_post

TICK = 0.005


async def serve() -> None:
    """``--serve``: the fake Jetstream in a process of its own; prints its URL,
    then publishes N posts on each ``N`` line read from stdin."""
    server = await FakeJetstream().start()
    print(server.url, flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        n = int(line)
        t0 = time.time_ns() // 1000
        for i in range(n):
            server.publish(jetstream_post(i, t0 + i))
        await asyncio.sleep(0)
    await server.close()


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
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    url = (await proc.stdout.readline()).decode().strip()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "flood.db"
        watch = parse_watch({"meeting": {"hashtags": ["HRC61"]},
                             "sources": [{"network": "bluesky", "jetstream": url}]})
        collector = Collector(watch, str(db), settings=LiveSettings(trust_env=False))
        stop = asyncio.Event()
        task = asyncio.create_task(collector.run(stop=stop))
        while not collector.sources or collector.sources[0].state.connects < 1:
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
        began = time.perf_counter()
        proc.stdin.write(f"{posts}\n".encode())
        await proc.stdin.drain()
        while src.state.imported < posts:
            await asyncio.sleep(0.01)
        took = time.perf_counter() - began
        pstop.set()
        await p
        stop.set()
        summary = await task
    proc.stdin.close()
    await proc.wait()
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
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    asyncio.run(serve() if a.serve else main(a.posts, a.idle))
