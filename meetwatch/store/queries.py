"""Read-side queries over the log: post rows, search, accounts, counts.

Readers open their own connection (WAL lets any number read while the one
writer writes).  Rows come out as plain dicts with the JSON fields the
contract in DESIGN.md names.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import orjson

from meetwatch.core.text import fts_query
from meetwatch.store.schema import FTS_ID_MASK

POST_FIELDS = (
    "uid", "network", "url", "author", "author_name", "author_category", "title", "text",
    "created_at", "received_at", "lang", "hashtags", "reply_to", "quote_of", "deleted_at",
    "edited_at", "flags", "metrics",
)

_SELECT = """
SELECT p.uid, p.network, p.url, a.handle, a.display_name, a.category, p.title, p.text,
       p.created_at, p.received_at, p.lang, p.hashtags, p.reply_to, p.quote_of, p.deleted_at,
       p.edited_at,
       (SELECT json_group_array(json_object('category', f.category, 'severity', f.severity,
                                            'rule', f.rule, 'evidence', f.evidence,
                                            'state', f.state))
          FROM flags f WHERE f.post_id = p.id) AS flags,
       p.metrics
FROM posts p JOIN accounts a ON a.id = p.account_id
"""


def _row(r: tuple[Any, ...]) -> dict[str, Any]:
    d = dict(zip(POST_FIELDS, r, strict=True))
    d["hashtags"] = orjson.loads(d["hashtags"])
    d["flags"] = orjson.loads(d["flags"]) if d["flags"] else []
    d["metrics"] = orjson.loads(d["metrics"])
    return d


def iter_posts(conn: sqlite3.Connection, *, newest_first: bool = False) -> Iterator[dict[str, Any]]:
    order = "DESC" if newest_first else "ASC"
    cur = conn.execute(f"{_SELECT} ORDER BY p.created_at {order}, p.id {order}")
    while batch := cur.fetchmany(1000):
        for r in batch:
            yield _row(r)


class SearchError(ValueError):
    """The query has nothing to search for."""


def search(conn: sqlite3.Connection, query: str, *, limit: int | None = 100) -> list[dict[str, Any]]:
    """Full-text search, newest first.  Works in all six UN languages.

    The index is keyed by time (see ``schema.fts_rowid``), so the newest
    ``limit`` matches are read straight off the index: the cost follows the
    page, not the size of the log or how common the term is.
    """
    match = fts_query(query)
    if match is None:
        raise SearchError(f"nothing to search for in {query!r}")
    sql = (f"{_SELECT} WHERE p.id IN (SELECT rowid & {FTS_ID_MASK} FROM posts_fts "
           "WHERE posts_fts MATCH ? ORDER BY rowid DESC" + (" LIMIT ?" if limit else "") + ") "
           "ORDER BY p.created_at DESC, p.id DESC")
    params: list[Any] = [match, limit] if limit else [match]
    return [_row(r) for r in conn.execute(sql, params)]


def accounts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        """
        WITH counts AS (
            SELECT account_id, COUNT(*) AS posts, MAX(created_at) AS last_post
            FROM posts GROUP BY account_id
        )
        SELECT a.network, a.handle, a.display_name, a.category, a.category_source, a.status,
               COALESCE(c.posts, 0) AS posts, c.last_post
        FROM accounts a LEFT JOIN counts c ON c.account_id = a.id
        ORDER BY posts DESC, a.handle
        """
    ).fetchall()
    keys = ("network", "handle", "display_name", "category", "category_source", "status",
            "posts", "last_post")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def totals(conn: sqlite3.Connection) -> dict[str, int]:
    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return {
        "posts": one("SELECT COUNT(*) FROM posts"),
        "edited": one("SELECT COUNT(*) FROM posts WHERE edited_at IS NOT NULL"),
        "deleted": one("SELECT COUNT(*) FROM posts WHERE deleted_at IS NOT NULL"),
        "shares": one("SELECT COUNT(*) FROM shares"),
        "accounts": one("SELECT COUNT(*) FROM accounts"),
        "raw_events": one("SELECT COUNT(*) FROM raw_events"),
        "rejected": one("SELECT COUNT(*) FROM raw_events WHERE error IS NOT NULL"),
    }
