"""The deck's read model: what a pane shows, paged from the log by keyset.

Panes never hold history: they ask for a page of rows around what is on
screen, keyed by ``(created_at, id)`` (newest first), so the cost of a page
does not depend on how many posts the log holds.  No Textual here; this is
plain SQL over a read-only connection owned by the UI thread.

(Read-side SQL belongs in ``meetwatch.store.queries``; it lives here until
the deck's queries settle, so the store's API is changed once.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from meetwatch.core.watch import WatchFile
from meetwatch.store.schema import open_db

PaneKind = Literal["all", "category", "hashtag", "flags"]
Key = tuple[str, int]  # (created_at, id): the order of every pane, newest first

CATEGORY_TITLES: dict[str, str] = {
    "official": "Official",
    "civil_society": "Civil society",
    "media": "Media",
    "own": "Own delegation",
    "other": "Other",
}
PANE_TEXT_CHARS = 2_000  # of a post's text fetched for a pane; the detail view has it all


@dataclass(frozen=True, slots=True)
class PaneSpec:
    title: str
    kind: PaneKind = "all"
    value: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    uid: str
    created_at: str
    network: str
    author: str
    author_name: str
    category: str
    title: str | None
    text: str
    url: str | None
    reply_to: str | None
    quote_of: str | None
    deleted_at: str | None
    edited_at: str | None
    flagged: bool
    reply_author: str | None
    quote_author: str | None

    @property
    def key(self) -> Key:
        return (self.created_at, self.id)


_COLUMNS = f"""
SELECT p.id, p.uid, p.created_at, p.network, a.handle, a.display_name, a.category, p.title,
       substr(p.text, 1, {PANE_TEXT_CHARS}), p.url, p.reply_to, p.quote_of, p.deleted_at,
       p.edited_at, EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id),
       (SELECT ra.handle FROM posts rp JOIN accounts ra ON ra.id = rp.account_id
         WHERE rp.uid = p.reply_to),
       (SELECT qa.handle FROM posts qp JOIN accounts qa ON qa.id = qp.account_id
         WHERE qp.uid = p.quote_of)
FROM posts p JOIN accounts a ON a.id = p.account_id
"""


def _row(r: Sequence[Any]) -> Row:
    return Row(int(r[0]), r[1], r[2], r[3], r[4], r[5] or "", r[6] or "other", r[7], r[8] or "",
               r[9], r[10], r[11], r[12], r[13], bool(r[14]), r[15], r[16])


class PaneQuery:
    """The rows of one pane, in pages."""

    def __init__(self, spec: PaneSpec) -> None:
        self.spec = spec
        if spec.kind == "category":
            self._where, self._params = "a.category = ?", [spec.value]
        elif spec.kind == "hashtag":
            self._where = ("EXISTS (SELECT 1 FROM post_hashtags h WHERE h.tag = ? "
                           "AND h.post_id = p.id)")
            self._params = [spec.value]
        elif spec.kind == "flags":
            self._where, self._params = "EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id)", []
        else:
            self._where, self._params = "1", []

    def _select(self, conn: sqlite3.Connection, extra: str, params: list[Any], order: str,
                limit: int, offset: int = 0) -> list[Row]:
        sql = (f"{_COLUMNS} WHERE {self._where} {extra} ORDER BY p.created_at {order}, "
               f"p.id {order} LIMIT ? OFFSET ?")
        return [_row(r) for r in conn.execute(sql, [*self._params, *params, limit, offset])]

    def page_from(self, conn: sqlite3.Connection, key: Key | None, limit: int) -> list[Row]:
        """``limit`` rows from ``key`` (included) towards the oldest."""
        if key is None:
            return self._select(conn, "", [], "DESC", limit)
        return self._select(conn, "AND (p.created_at, p.id) <= (?, ?)", list(key), "DESC", limit)

    def page_newer(self, conn: sqlite3.Connection, key: Key, limit: int) -> list[Row]:
        """Up to ``limit`` rows just newer than ``key``, newest first."""
        rows = self._select(conn, "AND (p.created_at, p.id) > (?, ?)", list(key), "ASC", limit)
        rows.reverse()
        return rows

    def page_at(self, conn: sqlite3.Connection, index: int, limit: int) -> list[Row]:
        """Rows from position ``index`` (0 = newest): for jumps with no key known."""
        return self._select(conn, "", [], "DESC", limit, index)

    def oldest(self, conn: sqlite3.Connection, limit: int) -> list[Row]:
        rows = self._select(conn, "", [], "ASC", limit)
        rows.reverse()
        return rows

    def count(self, conn: sqlite3.Connection) -> int:
        sql = (f"SELECT COUNT(*) FROM posts p JOIN accounts a ON a.id = p.account_id "
               f"WHERE {self._where}")
        return int(conn.execute(sql, self._params).fetchone()[0])

    def matching(self, conn: sqlite3.Connection, ids: Sequence[int]) -> list[Key]:
        """Keys of those of ``ids`` this pane shows."""
        keys: list[Key] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            sql = (f"SELECT p.created_at, p.id FROM posts p JOIN accounts a ON a.id = "
                   f"p.account_id WHERE p.id IN ({marks}) AND {self._where}")
            keys.extend((r[0], int(r[1])) for r in conn.execute(sql, [*chunk, *self._params]))
        return keys


# -- what panes to open ------------------------------------------------------------


def categories_present(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT DISTINCT category FROM accounts "
                        "WHERE id IN (SELECT DISTINCT account_id FROM posts)")
    return [r[0] for r in rows]


def top_hashtags(conn: sqlite3.Connection, n: int = 3) -> list[str]:
    rows = conn.execute("SELECT tag FROM post_hashtags GROUP BY tag ORDER BY COUNT(*) DESC, tag "
                        "LIMIT ?", (n,))
    return [r[0] for r in rows]


def plan_panes(watch: WatchFile | None, categories: Iterable[str],
               hashtags: Sequence[str]) -> list[PaneSpec]:
    """Panes for a watch file (its categories and hashtags) or, without one,
    "All posts" beside each account category present and the busiest hashtags."""
    if watch is not None:
        panes = [PaneSpec("Official", "category", "official"),
                 PaneSpec("Civil society", "category", "civil_society")]
        panes += [PaneSpec(f"#{t}", "hashtag", t) for t in watch.hashtags]
        panes.append(PaneSpec("Flags", "flags"))
        return panes
    present = set(categories)
    panes = [PaneSpec("All posts")]
    panes += [PaneSpec(title, "category", c) for c, title in CATEGORY_TITLES.items()
              if c in present and c != "other"]
    panes += [PaneSpec(f"#{t}", "hashtag", t) for t in hashtags]
    return panes


class LogReader:
    """The UI thread's read-only connection to the log (re-opened when a replay
    rebuilds the log into a new file)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn = open_db(path, readonly=True)

    def reopen(self, path: str) -> None:
        self.conn.close()
        self.path = path
        self.conn = open_db(path, readonly=True)

    def close(self) -> None:
        self.conn.close()

    def count_posts(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0])
