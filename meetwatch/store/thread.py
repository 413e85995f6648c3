"""A post's thread in the log: the chain of posts it answers, and the replies
and quotes it drew.  Every lookup is by an index (posts.uid, posts_reply,
posts_quote), so the cost follows the thread, never the log's size."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

ANCESTORS_MAX = 50   # a reply chain longer than this is cut at the top
ANSWERS_MAX = 200    # replies (and quotes) listed; the count says how many more

_COLUMNS = ("SELECT p.id, p.uid, a.handle, a.category, p.created_at, p.text, p.deleted_at, "
            "p.reply_to FROM posts p JOIN accounts a ON a.id = p.account_id ")


@dataclass(frozen=True, slots=True)
class ThreadPost:
    id: int
    uid: str
    author: str
    category: str
    created_at: str
    text: str
    deleted_at: str | None
    answers: int = 0  # replies this post drew in turn


@dataclass(slots=True)
class Thread:
    ancestors: list[ThreadPost] = field(default_factory=list)  # oldest (the root) first
    missing_parent: str | None = None  # uid of a post answered but not in the log
    replies: list[ThreadPost] = field(default_factory=list)    # oldest first
    quotes: list[ThreadPost] = field(default_factory=list)
    more_replies: int = 0
    more_quotes: int = 0

    @property
    def empty(self) -> bool:
        return not (self.ancestors or self.missing_parent or self.replies or self.quotes)


def _row(r: tuple[Any, ...], answers: int = 0) -> ThreadPost:
    return ThreadPost(r[0], r[1], r[2], r[3] or "other", r[4], r[5], r[6], answers)


def _answers(conn: sqlite3.Connection, column: str, uid: str) -> tuple[list[ThreadPost], int]:
    rows = conn.execute(f"{_COLUMNS}WHERE p.{column} = ? ORDER BY p.created_at, p.id LIMIT ?",
                        (uid, ANSWERS_MAX + 1)).fetchall()
    more = 0
    if len(rows) > ANSWERS_MAX:
        rows = rows[:ANSWERS_MAX]
        more = int(conn.execute(f"SELECT COUNT(*) FROM posts WHERE {column} = ?",
                                (uid,)).fetchone()[0]) - ANSWERS_MAX
    out = []
    for r in rows:
        n = conn.execute("SELECT COUNT(*) FROM posts WHERE reply_to = ?", (r[1],)).fetchone()[0]
        out.append(_row(r, int(n)))
    return out, more


def load_thread(conn: sqlite3.Connection, uid: str, reply_to: str | None) -> Thread:
    """The thread around the post ``uid`` (which replies to ``reply_to``)."""
    t = Thread()
    seen = {uid}
    parent = reply_to
    while parent and parent not in seen and len(t.ancestors) < ANCESTORS_MAX:
        seen.add(parent)
        r = conn.execute(f"{_COLUMNS}WHERE p.uid = ?", (parent,)).fetchone()
        if r is None:
            t.missing_parent = parent
            break
        t.ancestors.append(_row(r))
        parent = r[7]
    t.ancestors.reverse()
    t.replies, t.more_replies = _answers(conn, "reply_to", uid)
    t.quotes, t.more_quotes = _answers(conn, "quote_of", uid)
    return t
