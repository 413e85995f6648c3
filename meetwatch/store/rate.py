"""Posts per minute over the last few minutes, for the status bar's sparkline.

One range scan of the ``posts_created`` index: the cost follows the posts in
the window, never the log's history."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from meetwatch.core.timeutil import iso


def latest_post_us(conn: sqlite3.Connection) -> int | None:
    """The newest post's time (µs since the epoch), or None for an empty log."""
    row = conn.execute("SELECT MAX(created_at) FROM posts").fetchone()
    if not row or not row[0]:
        return None
    try:
        dt = datetime.fromisoformat(row[0].replace("Z", "+00:00"))
    except ValueError:
        return None
    return int(dt.timestamp() * 1_000_000)


def per_minute(conn: sqlite3.Connection, end_us: int, minutes: int = 20) -> list[int]:
    """Posts created in each of the ``minutes`` whole minutes up to and
    including the one holding ``end_us``, oldest first."""
    end = datetime.fromtimestamp(end_us / 1e6, tz=UTC).replace(second=0, microsecond=0)
    start = end - timedelta(minutes=minutes - 1)
    counts = [0] * minutes
    rows = conn.execute(
        "SELECT substr(created_at, 1, 16), COUNT(*) FROM posts "
        "WHERE created_at >= ? AND created_at < ? GROUP BY 1",
        (iso(start), iso(end + timedelta(minutes=1))))
    first = start.strftime("%Y-%m-%dT%H:%M")
    for minute, n in rows:
        try:
            at = datetime.fromisoformat(minute + ":00+00:00")
        except ValueError:
            continue
        i = int((at - start).total_seconds() // 60)
        if 0 <= i < minutes and minute >= first:
            counts[i] = int(n)
    return counts
