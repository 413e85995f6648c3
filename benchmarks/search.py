"""Search benchmark: `meetwatch search` latency on a large log.

Builds a log of N Jetstream posts (default 1,000,000) with the sample-session
generator and `meetwatch import`, then times queries of every kind — a rare
word, a common one, a phrase, a prefix, a Chinese term, a term in every post —
against a baseline measured in the same run on the same log: a bare FTS5
``MATCH`` with no join, no ordering and no limit beyond the first 100 rows.
Prints the median of ``--runs`` for each and the ratio to the baseline.

    python benchmarks/search.py                # 1,000,000 posts (~1 min to build)
    python benchmarks/search.py --posts 200000 --keep /tmp/search.db
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "rapporteur",
    "resolution",
    '"draft resolution"',
    "deleg*",
    "人权",
    "hrc61",
    "делегации",
    "حقوق",
    "droits de l*",
]


def build(posts: int, db: Path, workdir: Path) -> None:
    from sample_streams.generate import write_jetstream

    src = workdir / f"jetstream-{posts}.jsonl"
    write_jetstream(str(src), posts, seed=61)
    subprocess.run([sys.executable, "-m", "meetwatch", "import", "--db", str(db), str(src)],
                   check=True, stdout=subprocess.DEVNULL)
    src.unlink()


def timed(fn: object, runs: int) -> tuple[float, int]:
    times = []
    n = 0
    for _ in range(runs):
        start = time.perf_counter()
        n = len(fn())  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", metavar="DB", help="build (or reuse) the log here")
    args = parser.parse_args()

    from meetwatch.core.text import fts_query
    from meetwatch.store.queries import search
    from meetwatch.store.schema import open_db

    with tempfile.TemporaryDirectory(prefix="meetwatch-search-") as tmp:
        db = Path(args.keep) if args.keep else Path(tmp) / "log.db"
        if not db.exists():
            print(f"building a log of {args.posts:,} posts…", flush=True)
            build(args.posts, db, Path(tmp))
        conn = open_db(str(db), readonly=True)
        total = conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
        print(f"log: {total:,} posts; median of {args.runs} runs")
        print(f"{'query':24} {'hits':>5} {'meetwatch ms':>13} {'bare ms':>8} {'ratio':>6}")
        worst = 0.0
        for q in QUERIES:
            match = fts_query(q)

            def bare(match: str | None = match) -> list[object]:
                return conn.execute("SELECT rowid FROM posts_fts WHERE posts_fts MATCH ? LIMIT 100",
                                    (match,)).fetchall()

            def ours(q: str = q) -> list[object]:
                return search(conn, q, limit=100)

            ms, hits = timed(ours, args.runs)
            base, _ = timed(bare, args.runs)
            worst = max(worst, ms)
            print(f"{q:24} {hits:5} {ms:13.1f} {base:8.1f} {ms / base if base else 0:6.1f}")
        print(f"slowest query: {worst:.1f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
