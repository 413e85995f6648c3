"""Flags pane benchmark: the most-severe-first pane against the time-ordered
one it replaced and the All pane, on one log, in one run.

Builds a log of ``--posts`` posts (default 100,000; rows written straight
into the schema, no pipeline) of which ``--flagged`` (default 5%) carry one
to three flags of random severity, then times, median of ``--runs``:

* the first page (60 rows), a page a third of the way down by key (what
  scrolling does), the count, the position of a key (n/N) and placing 100
  new ids (``matching``) — for the ranked Flags pane;
* the first page and the count of a Flags pane ordered by time the way it
  was before (``EXISTS`` over the flags, newest first): the baseline;
* the first page and the count of the All pane (unchanged SQL).

    python benchmarks/flags_pane.py
    python benchmarks/flags_pane.py --posts 20000 --flagged 0.2
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetwatch.core.panes import PaneSpec  # noqa: E402
from meetwatch.store.queries import _PANE_COLUMNS, _POSTS, PaneQuery  # noqa: E402
from meetwatch.store.schema import migrate, open_db  # noqa: E402

T0 = 1_772_524_800  # 2026-03-03T08:00:00Z
SEVERITIES = ("critical", "high", "medium", "low")
PAGE = 60


def build(path: Path, posts: int, share: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    conn = open_db(str(path))
    migrate(conn)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO accounts (id, network, key, handle, category) VALUES "
                     "(?, 'mastodon', ?, ?, 'other')",
                     [(a, f"k{a}", f"@u{a}@ex.social") for a in range(1, 301)])
    conn.executemany(
        "INSERT INTO posts (id, uid, network, account_id, text, created_at, received_at) "
        "VALUES (?, ?, 'mastodon', ?, ?, ?, ?)",
        ((i, f"u{i}", 1 + i % 300, f"post {i} about the draft resolution",
          time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(T0 + i * 0.15)) + f".{i % 1000:03d}Z",
          "2026-03-03T12:00:00.000Z") for i in range(1, posts + 1)))
    flagged = rng.sample(range(1, posts + 1), int(posts * share))
    rows = []
    for pid in flagged:
        for n in range(rng.randint(1, 3)):
            rows.append((pid, rng.choice(SEVERITIES), f"rule.{n}", f"evidence {n}",
                         rng.choice(("open", "open", "open", "acknowledged", "dismissed"))))
    conn.executemany("INSERT INTO flags (post_id, category, severity, rule, evidence, created_at, "
                     "state) VALUES (?, 'leak', ?, ?, ?, '2026-03-03T12:00:00.000Z', ?)", rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return len(rows)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm the cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--flagged", type=float, default=0.05, help="share of posts with flags")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "flags.db"
        t = time.perf_counter()
        nflags = build(path, args.posts, args.flagged)
        print(f"log of {args.posts:,} posts, {int(args.posts * args.flagged):,} flagged "
              f"({nflags:,} flags) built in {time.perf_counter() - t:.1f} s")
        conn = open_db(str(path), readonly=True)
        flags, every = PaneQuery(PaneSpec("Flags", "flags")), PaneQuery(PaneSpec("All"))
        count = flags.count(conn)
        third = flags.page_at(conn, count // 3, 1)[0]
        key = flags.key(third)
        ids = [r[0] for r in conn.execute("SELECT id FROM posts ORDER BY random() LIMIT 100")]
        old = (f"{_PANE_COLUMNS}{_POSTS} WHERE EXISTS (SELECT 1 FROM flags f WHERE "
               "f.post_id = p.id AND f.state NOT IN ('dismissed', 'false_positive')) "
               "ORDER BY p.created_at DESC, p.id DESC LIMIT ?")
        old_count = ("SELECT COUNT(*)" + _POSTS + " WHERE EXISTS (SELECT 1 FROM flags f WHERE "
                     "f.post_id = p.id AND f.state NOT IN ('dismissed', 'false_positive'))")
        r = args.runs
        m = {
            "flags (severity) first page": median_ms(lambda: flags.page_from(conn, None, PAGE), r),
            "flags (severity) page by key, 1/3 down": median_ms(
                lambda: flags.page_from(conn, key, PAGE), r),
            "flags (severity) count": median_ms(lambda: flags.count(conn), r),
            "flags (severity) index_of (n/N)": median_ms(lambda: flags.index_of(conn, key), r),
            "flags (severity) matching 100 new ids": median_ms(
                lambda: flags.matching(conn, ids), r),
            "flags (by time, before) first page": median_ms(
                lambda: conn.execute(old, (PAGE,)).fetchall(), r),
            "flags (by time, before) count": median_ms(
                lambda: conn.execute(old_count).fetchone(), r),
            "all posts first page": median_ms(lambda: every.page_from(conn, None, PAGE), r),
            "all posts count": median_ms(lambda: every.count(conn), r),
        }
        conn.close()
    width = max(map(len, m))
    for name, ms in m.items():
        print(f"  {name:<{width}}  {ms:8.2f} ms")
    base_page = m["flags (by time, before) first page"]
    base_count = m["flags (by time, before) count"]
    print("ratios (same run)")
    print(f"  first page, by severity vs by time: {m['flags (severity) first page'] / base_page:.2f}x")
    print(f"  count, by severity vs by time: {m['flags (severity) count'] / base_count:.2f}x")
    print(f"  page 1/3 down vs first page: "
          f"{m['flags (severity) page by key, 1/3 down'] / m['flags (severity) first page']:.2f}x")


if __name__ == "__main__":
    main()
