"""Report benchmark: `meetwatch report` on a large log, against a bare SQL pass.

Builds a log of ``--posts`` posts (default 100,000; the generator of
benchmarks/ui.py: multilingual text, 300 accounts in five categories, a post
every 0.15 s, about four hours), then fills what other parts of meetwatch
would: six agenda items over the session (posts tagged by time), two
responses paired with every official post, engagement counts on a third of
the posts, flags on 1% with some reviewed, and two connection gaps.

It times, median of ``--runs``:

* the baseline: a bare pass over the same log — posts per author category
  and posts per minute, two ``SELECT ... GROUP BY`` with the accounts join;
* the digest alone (``build_digest``) and the full report in each format
  (digest + rendering), as ``meetwatch report`` produces it.

and checks the report's totals against SQL computed here.

    python benchmarks/report.py                 # 100,000 posts
    python benchmarks/report.py --posts 20000 --runs 3 --keep /tmp/report.db
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ui import T0, make_log  # noqa: E402

from meetwatch.report import build_digest, render  # noqa: E402
from meetwatch.store.schema import open_db  # noqa: E402

ITEMS = 6


def iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(seconds))


def enrich(path: Path, posts: int) -> None:
    """What pairing, the programme, live sources and reviewers would add."""
    rng = random.Random(7)
    conn = open_db(str(path))
    conn.execute("BEGIN")
    span = posts * 0.15
    step = span / ITEMS
    for i in range(ITEMS):
        start, end = iso(T0 + i * step), iso(T0 + (i + 1) * step)
        conn.execute("INSERT INTO agenda_items (item, title, starts_at, ends_at) VALUES (?, ?, ?, ?)",
                     (str(i + 1), f"Agenda item {i + 1}", start, end))
        # the last item gets no posts by time: they stay "unscheduled"
        if i < ITEMS - 1:
            conn.execute("UPDATE posts SET agenda_item = ?, agenda_reason = 'time' "
                         "WHERE created_at >= ? AND created_at < ?", (str(i + 1), start, end))
    rows = conn.execute("SELECT p.id, p.created_at, a.category FROM posts p "
                        "JOIN accounts a ON a.id = p.account_id ORDER BY p.id").fetchall()
    civil = [(pid, at) for pid, at, cat in rows if cat == "civil_society"]
    ci = 0
    pairs = []
    for pid, at, cat in rows:
        if cat != "official":
            continue
        while ci < len(civil) and civil[ci][1] <= at:
            ci += 1
        for k, (rid, rat) in enumerate(civil[ci:ci + 2]):
            pairs.append((pid, rid, "topical", "shared words", round(0.9 - 0.3 * k, 2), rat))
    conn.execute("DELETE FROM pairs")  # the benchmark's own pairs, whatever the writer made
    conn.executemany("INSERT INTO pairs (statement_id, response_id, kind, reason, score, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", pairs)
    conn.executemany("UPDATE posts SET metrics = ? WHERE id = ?",
                     [(json.dumps({"shares": rng.randint(0, 20), "likes": rng.randint(0, 90),
                                   "replies": rng.randint(0, 5)}), pid)
                      for pid, _, _ in rows if pid % 3 == 0])
    cats = ("leak", "indiscretion", "threat", "harassment", "pii")
    sev = ("critical", "high", "medium", "low")
    conn.executemany(
        "INSERT INTO flags (post_id, category, severity, rule, evidence, created_at, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(pid, cats[pid % 5], sev[pid % 4], f"bench.{cats[pid % 5]}", f"evidence {pid}", at,
          ("open", "acknowledged", "dismissed")[pid % 3]) for pid, at, _ in rows if pid % 100 == 0])
    conn.executemany(
        "INSERT INTO connection_events (source, kind, at, detail, gap_start, gap_end, filled) "
        "VALUES (?, 'gap', ?, '', ?, ?, ?)",
        [("mastodon:ex.social", iso(T0 + span / 3 + 60), iso(T0 + span / 3), iso(T0 + span / 3 + 60), 0),
         ("jetstream:host", iso(T0 + span / 2 + 30), iso(T0 + span / 2), iso(T0 + span / 2 + 30), 1)])
    conn.execute("COMMIT")
    conn.close()


def baseline(path: Path) -> None:
    conn = open_db(str(path), readonly=True)
    conn.execute("SELECT a.category, COUNT(*) FROM posts p JOIN accounts a ON a.id = p.account_id "
                 "GROUP BY a.category").fetchall()
    conn.execute("SELECT substr(created_at, 1, 16), COUNT(*) FROM posts GROUP BY 1").fetchall()
    conn.close()


def timed(fn: object, runs: int) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def check(path: Path) -> None:
    conn = open_db(str(path), readonly=True)
    d = build_digest(conn)
    posts = conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    by_cat = dict(conn.execute("SELECT a.category, COUNT(*) FROM posts p JOIN accounts a "
                               "ON a.id = p.account_id GROUP BY 1"))
    assert d["totals"]["posts"] == posts, (d["totals"]["posts"], posts)
    assert {k: v for k, v in d["totals"]["by_category"].items() if v} == by_cat
    assert d["totals"]["pairs"] == conn.execute("SELECT COUNT(*) FROM pairs").fetchone()[0]
    assert sum(it["totals"]["posts"] for it in d["items"]) == posts
    print(f"checked: {posts:,} posts, {d['totals']['pairs']:,} pairs, {d['totals']['flags']:,} flags, "
          f"{len(d['items'])} sections; totals match SQL")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the log here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "report.db"
        if not path.exists():
            t = time.perf_counter()
            make_log(path, args.posts)
            enrich(path, args.posts)
            print(f"built {args.posts:,} posts in {time.perf_counter() - t:.1f} s")
        check(path)

        def report(fmt: str | None) -> None:
            conn = open_db(str(path), readonly=True)
            d = build_digest(conn, title="Benchmark")
            if fmt:
                render(d, fmt)
            conn.close()

        base = timed(lambda: baseline(path), args.runs)
        print(f"{'case':16} {'median s':>9} {'x baseline':>11}")
        print(f"{'baseline SQL':16} {base:9.3f} {1:11.1f}")
        for label, fmt in (("digest", None), ("report md", "md"), ("report html", "html"),
                           ("report json", "json")):
            s = timed(lambda fmt=fmt: report(fmt), args.runs)
            print(f"{label:16} {s:9.3f} {s / base:11.1f}")
        # The deck's Evidence measures: reading the whole log once (opening the
        # screen over a log nobody replays), then a batch of the last 1,000 posts.
        from meetwatch.ui.evidence_data import EvidenceFeed

        def catch_up(skip_last: int) -> EvidenceFeed:
            conn = open_db(str(path), readonly=True)
            feed = EvidenceFeed()
            top = conn.execute("SELECT MAX(id) FROM posts").fetchone()[0]
            feed.max_id = max(0, top - skip_last) if skip_last else 0
            feed.catch_up(conn, None)
            conn.close()
            return feed

        s = timed(lambda: catch_up(0), args.runs)
        print(f"{'deck: whole log':16} {s:9.3f} {s / base:11.1f}")
        s = timed(lambda: catch_up(1000), args.runs)
        print(f"{'deck: 1k batch':16} {s:9.3f} {s / base:11.1f}")


if __name__ == "__main__":
    main()
