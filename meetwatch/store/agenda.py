"""The programme in the log: ``agenda_items`` rows, and posts' agenda tags.

The programme a log was tagged with is kept in ``agenda_items`` (one row per
scheduled slot) with its time zone in ``meta``, so a replay of the log, the
deck's "now on the floor" and ``--item`` filters work without the watch file.
"""

from __future__ import annotations

import sqlite3

import orjson

from meetwatch.core.programme import AgendaSlot, Programme

TZ_KEY = "programme_timezone"
MEETING_KEYS = ("meeting_name", "meeting_timezone")


def remember_meeting(conn: sqlite3.Connection, name: str, timezone: str) -> None:
    """The watch file's meeting name and time zone, so the log alone can
    title a report and show its times in the meeting's zone."""
    for key, value in zip(MEETING_KEYS, (name, timezone), strict=True):
        if value:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                         "SET value = excluded.value", (key, value))


def meeting_of(conn: sqlite3.Connection) -> tuple[str, str]:
    """``(name, timezone)`` the log was recorded for ('' when unknown); the
    programme's zone stands in for a missing meeting zone."""
    found = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?, ?)",
                              (*MEETING_KEYS, TZ_KEY)).fetchall())
    return (found.get("meeting_name", ""),
            found.get("meeting_timezone") or found.get(TZ_KEY, ""))


def _rows(programme: Programme) -> list[tuple[object, ...]]:
    return [(s.item, s.title, s.starts_at, s.ends_at, orjson.dumps(list(s.hashtags)).decode(),
             orjson.dumps(list(s.keywords)).decode(), orjson.dumps(list(s.speakers)).decode())
            for s in programme.slots]


def load_agenda(conn: sqlite3.Connection) -> Programme | None:
    """The programme stored in the log, or None."""
    try:
        rows = conn.execute("SELECT item, title, starts_at, ends_at, hashtags, keywords, speakers "
                            "FROM agenda_items ORDER BY COALESCE(starts_at, ''), id").fetchall()
    except sqlite3.OperationalError:
        return None
    if not rows:
        return None
    tz = conn.execute("SELECT value FROM meta WHERE key = ?", (TZ_KEY,)).fetchone()
    slots = [AgendaSlot(r[0], r[1], r[2], r[3], tuple(orjson.loads(r[4])), tuple(orjson.loads(r[5])),
                        tuple(orjson.loads(r[6]))) for r in rows]
    try:
        return Programme(slots, tz[0] if tz else "UTC")
    except ValueError:
        return Programme(slots, "UTC")


def save_agenda(conn: sqlite3.Connection, programme: Programme) -> bool:
    """Store ``programme`` in place of the log's; returns True when it
    differs from the one stored (posts then need re-tagging)."""
    new = _rows(programme)
    old = conn.execute("SELECT item, title, starts_at, ends_at, hashtags, keywords, speakers "
                       "FROM agenda_items ORDER BY id").fetchall()
    tz = conn.execute("SELECT value FROM meta WHERE key = ?", (TZ_KEY,)).fetchone()
    if [tuple(r) for r in old] == new and tz is not None and tz[0] == programme.timezone:
        return False
    conn.execute("DELETE FROM agenda_items")
    conn.executemany("INSERT OR IGNORE INTO agenda_items (item, title, starts_at, ends_at, hashtags, "
                     "keywords, speakers) VALUES (?, ?, ?, ?, ?, ?, ?)", new)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                 "value = excluded.value", (TZ_KEY, programme.timezone))
    return True


def retag_posts(conn: sqlite3.Connection, programme: Programme | None) -> int:
    """Tag every post in the log anew; returns how many changed."""
    changed: list[tuple[str | None, str | None, int]] = []
    cur = conn.execute("SELECT id, created_at, hashtags, text, agenda_item, agenda_reason FROM posts")
    while batch := cur.fetchmany(2000):
        for pid, created_at, tags, text, item, reason in batch:
            tag = programme.tag(created_at, orjson.loads(tags), text) if programme else None
            new = tag if tag is not None else (None, None)
            if new != (item, reason):
                changed.append((new[0], new[1], pid))
    conn.executemany("UPDATE posts SET agenda_item = ?, agenda_reason = ? WHERE id = ?", changed)
    return len(changed)


def agenda_rows(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """The stored slots with how many posts each item has (for listings)."""
    counts = dict(conn.execute("SELECT agenda_item, COUNT(*) FROM posts WHERE agenda_item IS NOT "
                               "NULL GROUP BY agenda_item").fetchall())
    out: list[dict[str, object]] = []
    for item, title, start, end in conn.execute(
            "SELECT item, title, starts_at, ends_at FROM agenda_items "
            "ORDER BY COALESCE(starts_at, ''), id"):
        out.append({"item": item, "title": title, "starts_at": start, "ends_at": end,
                    "posts": counts.get(item, 0)})
    return out
