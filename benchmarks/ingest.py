"""Ingest benchmark: `meetwatch import` against a bare json + sqlite3 + FTS5 loader.

Generates N Jetstream post events with the sample-session generator, then, in
the same run and on the same file, times

* the *bare* loader: ``json.loads`` per line, one INSERT of the line into a
  table and, for a post, one into an FTS5 index, committed every 5,000 lines
  (WAL, synchronous=NORMAL, like meetwatch) — the least a loader can do that
  keeps every line and makes posts searchable;
* ``meetwatch import`` — raw frame kept verbatim, parsing into core models,
  accounts, hashtags, versions/deletions, folded multilingual search text.

Each runs as its own process (so peak memory is each one's own), ``--runs``
times, alternating; the medians and their ratio are printed, and the peak
RSS at N and at 4N shows whether memory grows with file size.

    python benchmarks/ingest.py                 # 100,000 posts, 3 runs
    python benchmarks/ingest.py --posts 20000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The same commit cadence as `meetwatch import` (--batch), so commits cost both alike.
BARE_BATCH = int(os.environ.get("BARE_BATCH", "5000"))
POST = "app.bsky.feed.post"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bare_load(path: str, db: str) -> int:
    """The baseline: the least work that keeps every line and makes posts searchable.

    Every line goes into one table with its payload (posts keyed by at-URI so
    a repeated post is not stored twice); the text of each post create goes
    into an FTS5 index.  No normalisation, no accounts, edits or deletions.
    """
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE lines (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, did TEXT, "
                 "created_at TEXT, text TEXT, payload TEXT)")
    conn.execute("CREATE VIRTUAL TABLE posts_fts USING fts5(text)")
    n = 0
    rows: list[tuple[object, ...]] = []
    fts: list[tuple[object, ...]] = []

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany("INSERT OR IGNORE INTO lines VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO posts_fts (rowid, text) VALUES (?, ?)", fts)
        conn.execute("COMMIT")
        rows.clear()
        fts.clear()

    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            n += 1
            uid = did = created = text = None
            try:
                evt = json.loads(line)
                did = evt.get("did")
                commit = evt.get("commit") or {}
                if commit.get("operation") == "create" and commit.get("collection") == POST:
                    record = commit["record"]
                    uid = f"at://{did}/{POST}/{commit['rkey']}"
                    created, text = record.get("createdAt"), record.get("text", "")
            except (ValueError, KeyError, TypeError, AttributeError):
                pass
            rows.append((n, uid, did, created, text, line))
            if text is not None:
                fts.append((n, text))
            if len(rows) >= BARE_BATCH:
                flush()
    flush()
    conn.close()
    return n


def _run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({status}):\n{err}")
    return elapsed, usage.ru_maxrss


IMPORT_ARGS: list[str] = []  # extra `meetwatch import` flags (--import-args)


def _meetwatch(file: str, db: str) -> list[str]:
    return [sys.executable, "-m", "meetwatch", "import", *IMPORT_ARGS, "--db", db, file]


def _bare(file: str, db: str) -> list[str]:
    return [sys.executable, __file__, "--bare", file, db]


def measure(posts: int, runs: int, workdir: Path) -> dict[str, float]:
    from sample_streams.generate import write_jetstream

    file = workdir / f"jetstream-{posts}.jsonl"
    if not file.exists():
        write_jetstream(str(file), posts, seed=61)
    with open(file, "rb") as fh:
        lines = sum(1 for _ in fh)
    size_mb = file.stat().st_size / 1e6
    times: dict[str, list[float]] = {"bare": [], "meetwatch": []}
    rss: dict[str, list[int]] = {"bare": [], "meetwatch": []}
    for i in range(runs):
        for name, make in (("bare", _bare), ("meetwatch", _meetwatch)):
            db = workdir / f"{name}-{posts}-{i}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            elapsed, peak = _run(make(str(file), str(db)))
            times[name].append(elapsed)
            rss[name].append(peak)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    bare_t = statistics.median(times["bare"])
    mw_t = statistics.median(times["meetwatch"])
    result = {
        "lines": lines, "size_mb": size_mb,
        "bare_rate": lines / bare_t, "meetwatch_rate": lines / mw_t,
        "ratio": bare_t / mw_t,
        "bare_rss_mb": max(rss["bare"]) / 1024, "meetwatch_rss_mb": max(rss["meetwatch"]) / 1024,
    }
    print(f"{lines:>9,} lines ({size_mb:.1f} MB), median of {runs}: "
          f"bare {result['bare_rate']:,.0f} lines/s, meetwatch {result['meetwatch_rate']:,.0f} "
          f"lines/s, ratio {result['ratio']:.2f}; peak RSS bare {result['bare_rss_mb']:.0f} MiB, "
          f"meetwatch {result['meetwatch_rss_mb']:.0f} MiB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-scale", action="store_true", help="skip the 4x memory run")
    parser.add_argument("--import-args", default="", metavar="ARGS",
                        help='extra flags for meetwatch import, e.g. "--no-flags"')
    parser.add_argument("--bare", nargs=2, metavar=("FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    IMPORT_ARGS.extend(args.import_args.split())
    if args.bare:
        bare_load(*args.bare)
        return
    with tempfile.TemporaryDirectory(prefix="meetwatch-bench-") as tmp:
        small = measure(args.posts, args.runs, Path(tmp))
        summary = {"ratio": round(small["ratio"], 3)}
        if not args.no_scale:
            big = measure(args.posts * 4, 1, Path(tmp))
            growth = big["meetwatch_rss_mb"] / small["meetwatch_rss_mb"]
            print(f"memory: meetwatch peak RSS at {args.posts * 4:,} posts is {growth:.2f}x "
                  f"its peak at {args.posts:,} (1.00 = flat)")
            summary["rss_growth_4x"] = round(growth, 3)
        print(f"ratio (meetwatch rate / bare rate): {small['ratio']:.2f}  "
              f"(target >= 0.5, aim 0.8)")
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
