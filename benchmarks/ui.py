"""UI benchmark: the deck over a big log, against a small log and against RichLog.

In one run, on generated posts (multilingual text, 300 accounts in five
categories, hashtags), it measures for

* the deck (three FeedPanes: All posts, Official, #hrc61) over a log of
  ``--posts`` posts (default 100,000) and over a baseline log of 1,000 posts;
* the same deck built the obvious way — three Textual ``RichLog`` panes
  holding every post of their filter (header line + text), a status line and
  a footer — at both sizes: the "keep everything in the widget" baseline;

the time to open, the key-press latency (``j``/up: from the key to the
screen updated, 40 presses, median and p95; an unbound key in the same app
gives the pilot's own floor, reported so the net cost can be read), the time
to jump to the oldest
post, the time to absorb a 1,000-post burst and the key latency right after
one (the first key waits for the burst), and resident memory after opening.
Each case runs in its own process so memory is its own.  Then the replay
engine: a max-speed replay of ``--records`` Jetstream events and the cost of
seeking back (the scratch log is rebuilt from the start) and forward.

    python benchmarks/ui.py                  # 100,000 posts
    python benchmarks/ui.py --posts 20000 --records 5000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetwatch.core.models import Account, Post  # noqa: E402
from meetwatch.store.writer import LogWriter  # noqa: E402

SIZE = (160, 48)
T0 = 1_772_524_800  # 2026-03-03T08:00:00Z
VOCABULARY = """council resolution draft delegation statement rapporteur dialogue vote item
agenda human rights defenders report session Geneva civil society consultation résolution
délégation déclaration droits humains société civile резолюция делегация заявление права
человека гражданское общество قرار وفد بيان حقوق الإنسان المجتمع المدني 决议 代表团 发言 人权
公民社会 resolución delegación declaración derechos humanos sociedad civil"""
WORDS = tuple(VOCABULARY.split())
CATEGORIES = ["official"] * 3 + ["civil_society"] * 3 + ["media"] * 2 + ["own"] + ["other"] * 11


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_posts(n: int, first: int, rng: random.Random) -> list[Post]:
    posts = []
    for i in range(first, first + n):
        a = i * 7919 % 300
        author = Account("mastodon", f"https://ex.social/@u{a}", f"@u{a}@ex.social", f"User {a}",
                         category=CATEGORIES[a % len(CATEGORIES)])
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 45)))
        tags = ("hrc61",) if rng.random() < 0.6 else ("itemfour",)
        t = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(T0 + i * 0.15))
        posts.append(Post(f"https://ex.social/s/{i}", "mastodon", author,
                          f"{text} #{tags[0]}", f"{t}.{i % 1000:03d}Z", hashtags=tags,
                          local_id=str(i)))
    return posts


def make_log(path: Path, n: int) -> None:
    rng = random.Random(61)
    with LogWriter(str(path)) as w:
        w.pairing = None  # the deck is measured here; pairing has benchmarks/pairing*.py
        for start in range(0, n, 5000):
            w.apply(make_posts(min(5000, n - start), start, rng), "2026-03-03T12:00:00.000Z")
            w.commit()


def add_burst(path: Path, n: int, first: int) -> list[int]:
    with LogWriter(str(path)) as w:
        w.pairing = None
        out = w.apply(make_posts(n, first, random.Random(first)), "2026-03-03T13:00:00.000Z")
    return out.new_post_ids


async def _keys(pilot: Any, key: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        out.append((time.perf_counter() - t) * 1000)
    return out


IDLE_S = 5.0  # seconds of rest over which CPU use is measured


async def _idle_cpu(pilot: Any) -> float:
    """CPU used (percent of one core) while nothing arrives and nobody types."""
    await pilot.pause(1.0)  # let the last drain and refresh settle
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.sleep(IDLE_S)
    return (time.process_time() - cpu) / (time.perf_counter() - wall) * 100


async def deck_case(log: Path, posts: int) -> dict[str, Any]:
    from meetwatch.replay import ReplayStatus, ReplayUpdate
    from meetwatch.ui.data import PaneSpec
    from meetwatch.ui.factory import DeckConfig, make_app

    panes = [PaneSpec("All posts"), PaneSpec("Official", "category", "official"),
             PaneSpec("#hrc61", "hashtag", "hrc61")]
    app = make_app(DeckConfig(log, panes, user_themes=False, theme=None))
    r: dict[str, Any] = {}
    t = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        app._follower = None  # the bursts are handed over as a replay engine would
        await pilot.pause()
        r["open_s"] = time.perf_counter() - t
        r["rss_open_mb"] = rss_mb()
        r["noop_ms"] = await _keys(pilot, "f19", 20)  # an unbound key: the pilot's own floor
        r["key_ms"] = await _keys(pilot, "j", 40)
        r["oldest_ms"] = (await _keys(pilot, "G", 1))[0]
        await pilot.press("g")
        status = ReplayStatus(0, None, False, False, None, None, 0, 0)
        for label in ("burst", "burst_keys"):
            ids = add_burst(log, 1000, posts + (0 if label == "burst" else 1000))
            t = time.perf_counter()
            app._engine_update(ReplayUpdate(tuple(ids), (), status, log))
            if label == "burst":
                while app.panes[0].count < posts + 1000:
                    await pilot.pause()
                r["burst_s"] = time.perf_counter() - t
                await pilot.pause(0.3)  # let the drain throttle lapse
            else:
                r["burst_key_ms"] = await _keys(pilot, "j", 10)
        r["rss_end_mb"] = rss_mb()
        r["idle_cpu_pct"] = await _idle_cpu(pilot)
    return r


async def richlog_case(log: Path, posts: int) -> dict[str, Any]:
    """The same deck built the obvious way: three RichLog panes holding every
    post of their filter, a status line and a footer."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Footer, RichLog, Static

    from meetwatch.store.queries import iter_posts
    from meetwatch.store.schema import open_db

    filters = (lambda r: True, lambda r: r["author_category"] == "official",
               lambda r: "hrc61" in r["hashtags"])

    class LogApp(App[None]):
        CSS = "RichLog { width: 1fr; border: round $panel; } #status { height: 1; }"

        def compose(self) -> ComposeResult:
            with Horizontal():
                for _ in filters:
                    yield RichLog(wrap=True, markup=False, highlight=False)
            yield Static("status", id="status")
            yield Footer()

    def post_text(row: dict[str, Any]) -> Text:
        return Text.assemble((f"{row['author_name']} {row['author']}", "bold"), "  ",
                             (row["created_at"][11:16], "dim"), "\n", row["text"], "\n")

    def write(widgets: list[Any], rows: Any) -> None:
        for row in rows:
            text = post_text(row)
            for widget, keep in zip(widgets, filters, strict=True):
                if keep(row):
                    widget.write(text)

    app = LogApp()
    r: dict[str, Any] = {}
    t = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        widgets = list(app.query(RichLog))
        widgets[0].focus()
        write(widgets, iter_posts(open_db(str(log), readonly=True)))
        await pilot.pause()
        r["open_s"] = time.perf_counter() - t
        r["rss_open_mb"] = rss_mb()
        r["noop_ms"] = await _keys(pilot, "f19", 20)
        r["key_ms"] = await _keys(pilot, "up", 40)  # it sits at the end: up moves
        r["oldest_ms"] = (await _keys(pilot, "home", 1))[0]
        await pilot.press("end")
        for label, first in (("burst", posts), ("burst_keys", posts + 1000)):
            rows = [{"author_name": p.author.display_name, "author": p.author.handle,
                     "created_at": p.created_at, "text": p.text, "hashtags": list(p.hashtags),
                     "author_category": p.author.category}
                    for p in make_posts(1000, first, random.Random(first))]
            t = time.perf_counter()
            write(widgets, rows)
            if label == "burst":
                await pilot.pause()
                r["burst_s"] = time.perf_counter() - t
            else:
                r["burst_key_ms"] = await _keys(pilot, "up", 10)
        r["rss_end_mb"] = rss_mb()
        r["idle_cpu_pct"] = await _idle_cpu(pilot)
    return r


def replay_case(records: int, workdir: Path) -> dict[str, float]:
    from meetwatch.replay import ReplayEngine, scan

    path = workdir / "bench.jetstream.jsonl"
    rng = random.Random(3)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(records):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 45)))
            fh.write(json.dumps({
                "did": f"did:plc:u{i % 300}", "time_us": (T0 + i) * 1_000_000, "kind": "commit",
                "commit": {"rev": "r", "operation": "create", "collection": "app.bsky.feed.post",
                           "rkey": f"k{i}", "cid": f"c{i}", "record": {
                               "$type": "app.bsky.feed.post", "text": text,
                               "createdAt": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                          time.gmtime(T0 + i))}}}) + "\n")
    t = time.perf_counter()
    summary = scan([path])
    r = {"scan_s": time.perf_counter() - t}
    engine = ReplayEngine([path], workdir / "scratch", speed=None, summary=summary)
    t = time.perf_counter()
    while engine.step() is not None:
        pass
    r["replay_max_s"] = time.perf_counter() - t
    for label, target in (("seek_back_middle_s", T0 + records // 2),
                          ("seek_forward_end_s", T0 + records)):
        t = time.perf_counter()
        engine.seek(target * 1_000_000)
        engine.step()
        r[label] = time.perf_counter() - t
    engine.close()
    return r


def _subprocess(case: str, log: Path, posts: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--case", case, str(log), str(posts)],
                         capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _net(r: dict[str, Any]) -> float:
    return _median(r["key_ms"]) - _median(r["noop_ms"])


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def report(results: dict[str, dict[str, Any]], big: int, small: int) -> None:
    names = list(results)
    print(f"\n{'':34}" + "".join(f"{n:>16}" for n in names))
    rows = [("open (s)", lambda r: r["open_s"]),
            ("unbound key (pilot floor, ms)", lambda r: _median(r["noop_ms"])),
            ("key latency median (ms)", lambda r: _median(r["key_ms"])),
            ("  net of the floor (ms)", lambda r: _median(r["key_ms"]) - _median(r["noop_ms"])),
            ("key latency p95 (ms)", lambda r: _p95(r["key_ms"])),
            ("jump to oldest (ms)", lambda r: r["oldest_ms"]),
            ("absorb 1,000-post burst (ms)", lambda r: r["burst_s"] * 1000),
            ("first key after burst (ms)", lambda r: r["burst_key_ms"][0]),
            ("key after burst median (ms)", lambda r: _median(r["burst_key_ms"])),
            ("RSS after open (MB)", lambda r: r["rss_open_mb"]),
            ("RSS at end (MB)", lambda r: r["rss_end_mb"]),
            (f"CPU at rest over {IDLE_S:.0f} s (%)", lambda r: r["idle_cpu_pct"])]
    for label, get in rows:
        print(f"{label:34}" + "".join(f"{get(results[n]):>16.1f}" for n in names))
    d_big, d_small = results[f"deck {big:,}"], results[f"deck {small:,}"]
    l_big, l_small = results[f"richlog {big:,}"], results[f"richlog {small:,}"]
    per = 100_000 / (big - small)
    print("\nratios")
    print(f"  deck key latency, {big:,} vs {small:,} posts: "
          f"{_median(d_big['key_ms']) / _median(d_small['key_ms']):.2f}x")
    print(f"  deck jump to oldest, {big:,} vs {small:,}: "
          f"{d_big['oldest_ms'] / d_small['oldest_ms']:.2f}x")
    print(f"  key latency at {big:,}, deck vs RichLog: "
          f"{_median(d_big['key_ms']) / _median(l_big['key_ms']):.2f}x (net of the pilot floor: "
          f"{_net(d_big) / max(_net(l_big), 0.1):.2f}x)")
    print(f"  jump to oldest at {big:,}, deck vs RichLog: "
          f"{d_big['oldest_ms'] / l_big['oldest_ms']:.2f}x")
    print(f"  burst absorb at {big:,}, deck vs RichLog: "
          f"{d_big['burst_s'] / l_big['burst_s']:.2f}x")
    print(f"  open at {big:,}, deck vs RichLog: {d_big['open_s'] / l_big['open_s']:.3f}x")
    print(f"  CPU at rest at {big:,}: deck {d_big['idle_cpu_pct']:.2f}% of a core, RichLog "
          f"{l_big['idle_cpu_pct']:.2f}% (a static RichLog app is the floor)")
    print(f"  memory growth per 100,000 posts: deck "
          f"{(d_big['rss_open_mb'] - d_small['rss_open_mb']) * per:.1f} MB, RichLog "
          f"{(l_big['rss_open_mb'] - l_small['rss_open_mb']) * per:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--records", type=int, default=20_000, help="events for the replay part")
    parser.add_argument("--no-richlog", action="store_true", help="skip the RichLog baseline")
    parser.add_argument("--case", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        case, log, posts = args.case
        fn = deck_case if case == "deck" else richlog_case
        print(json.dumps(asyncio.run(fn(Path(log), int(posts)))))
        return
    with tempfile.TemporaryDirectory(prefix="meetwatch-bench-ui-") as tmp:
        work = Path(tmp)
        results: dict[str, dict[str, Any]] = {}
        for n in (args.baseline, args.posts):
            log = work / f"log-{n}.db"
            t = time.perf_counter()
            make_log(log, n)
            print(f"generated a log of {n:,} posts in {time.perf_counter() - t:.1f} s",
                  flush=True)
            for case in ("deck",) + (() if args.no_richlog else ("richlog",)):
                copy = work / f"{case}-{n}.db"
                copy.write_bytes(log.read_bytes())
                results[f"{case} {n:,}"] = _subprocess(case, copy, n)
                print(f"  {case} {n:,}: done", flush=True)
        if args.no_richlog:
            for n in (args.baseline, args.posts):
                results[f"richlog {n:,}"] = results[f"deck {n:,}"]
        report(results, args.posts, args.baseline)
        r = replay_case(args.records, work)
        print(f"\nreplay of {args.records:,} Jetstream events: scan {r['scan_s']:.2f} s, "
              f"max speed {r['replay_max_s']:.2f} s "
              f"({args.records / r['replay_max_s']:,.0f} events/s); seek back to the middle "
              f"(rebuild) {r['seek_back_middle_s']:.2f} s; seek forward to the end "
              f"{r['seek_forward_end_s']:.2f} s")


if __name__ == "__main__":
    main()
