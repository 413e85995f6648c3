"""Following a log that another process writes (``meetwatch record`` in one
terminal, the deck in another; an import running while the deck is open).

``PRAGMA data_version`` changes only when another connection commits, and
reading it touches no page, so the check costs next to nothing; only then
are the new rows looked up, each by its table's primary key."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field


@dataclass(slots=True)
class LogChanges:
    new_ids: list[int] = field(default_factory=list)
    changed_ids: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.new_ids or self.changed_ids)


class LogFollower:
    """Remembers the newest row of each table seen; :meth:`poll` says what
    other writers added since.  Edits (post_versions), deletions and flags
    mark their posts changed."""

    LIMIT = 5000  # rows taken per poll and table; the rest come next time

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.version = self._data_version()
        self.marks = {t: self._max(t) for t in ("posts", "post_versions", "deletions", "flags")}

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _max(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0])

    def rebase(self, conn: sqlite3.Connection) -> None:
        """Follow another connection (the reader was reopened)."""
        self.__init__(conn)  # type: ignore[misc]

    def poll(self) -> LogChanges:
        out = LogChanges()
        version = self._data_version()
        if version == self.version:
            return out
        self.version = version
        c, m = self.conn, self.marks
        rows = c.execute("SELECT id FROM posts WHERE id > ? ORDER BY id LIMIT ?",
                         (m["posts"], self.LIMIT)).fetchall()
        if rows:
            out.new_ids = [r[0] for r in rows]
            m["posts"] = out.new_ids[-1]
        for table, sql in (
                ("post_versions", "SELECT id, post_id FROM post_versions WHERE id > ?"),
                ("flags", "SELECT id, post_id FROM flags WHERE id > ?"),
                ("deletions", "SELECT d.id, p.id FROM deletions d LEFT JOIN posts p "
                              "ON p.uid = d.uid WHERE d.id > ?")):
            for row_id, post_id in c.execute(f"{sql} ORDER BY 1 LIMIT ?", (m[table], self.LIMIT)):
                m[table] = row_id
                if post_id is not None:
                    out.changed_ids.add(post_id)
        if len(rows) == self.LIMIT:
            self.version = -1  # more to take: the next poll looks again
        out.changed_ids.difference_update(out.new_ids)
        return out
