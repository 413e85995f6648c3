"""Everything the log knows about one post, for the detail view (no Textual).

``load_detail`` reads the post, its author, its edit history, its deletion,
what it answers and what answers it.  ``raw_payload`` finds the frame it came
in: the writer gives a post its raw event's ``received_at``, so the lookup is
an indexed time match plus a substring check, with a scan of feeds as the
fallback (RSS entries arrive inside one document).
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import orjson


@dataclass(slots=True)
class Version:
    version: str
    text: str
    edited_at: str | None
    received_at: str


@dataclass(slots=True)
class PostDetail:
    id: int
    uid: str
    network: str
    url: str | None
    title: str | None
    text: str
    created_at: str
    received_at: str
    lang: str | None
    hashtags: list[str]
    reply_to: str | None
    quote_of: str | None
    deleted_at: str | None
    edited_at: str | None
    local_id: str | None
    author: str
    author_name: str
    author_url: str | None
    author_bio: str
    category: str
    category_source: str | None
    versions: list[Version] = field(default_factory=list)
    deletion_received_at: str | None = None
    parent: tuple[str, str] | None = None  # (author handle, text)
    quoted: tuple[str, str] | None = None
    replies: int = 0
    quotes: int = 0
    flags: list[dict[str, Any]] = field(default_factory=list)


def load_detail(conn: sqlite3.Connection, post_id: int) -> PostDetail | None:
    r = conn.execute(
        """SELECT p.id, p.uid, p.network, p.url, p.title, p.text, p.created_at, p.received_at,
                  p.lang, p.hashtags, p.reply_to, p.quote_of, p.deleted_at, p.edited_at,
                  p.local_id, a.handle, a.display_name, a.url, a.bio, a.category,
                  a.category_source
           FROM posts p JOIN accounts a ON a.id = p.account_id WHERE p.id = ?""",
        (post_id,),
    ).fetchone()
    if r is None:
        return None
    d = PostDetail(
        id=r[0], uid=r[1], network=r[2], url=r[3], title=r[4], text=r[5], created_at=r[6],
        received_at=r[7], lang=r[8], hashtags=orjson.loads(r[9]), reply_to=r[10],
        quote_of=r[11], deleted_at=r[12], edited_at=r[13], local_id=r[14], author=r[15],
        author_name=r[16] or "", author_url=r[17], author_bio=r[18] or "",
        category=r[19] or "other", category_source=r[20])
    d.versions = [Version(*v) for v in conn.execute(
        "SELECT version, text, edited_at, received_at FROM post_versions WHERE post_id = ? "
        "ORDER BY edited_at IS NOT NULL, edited_at, id", (post_id,))]
    row = conn.execute("SELECT received_at FROM deletions WHERE uid = ? ORDER BY received_at "
                       "LIMIT 1", (d.uid,)).fetchone()
    d.deletion_received_at = row[0] if row else None
    d.parent = _post_text(conn, d.reply_to)
    d.quoted = _post_text(conn, d.quote_of)
    d.replies = int(conn.execute("SELECT COUNT(*) FROM posts WHERE reply_to = ?",
                                 (d.uid,)).fetchone()[0])
    d.quotes = int(conn.execute("SELECT COUNT(*) FROM posts WHERE quote_of = ?",
                                (d.uid,)).fetchone()[0])
    d.flags = [dict(zip(("category", "severity", "rule", "evidence", "state"), f, strict=True))
               for f in conn.execute("SELECT category, severity, rule, evidence, state FROM flags "
                                     "WHERE post_id = ? ORDER BY id", (post_id,))]
    return d


def _post_text(conn: sqlite3.Connection, uid: str | None) -> tuple[str, str] | None:
    if not uid:
        return None
    row = conn.execute("SELECT a.handle, p.text FROM posts p JOIN accounts a ON "
                       "a.id = p.account_id WHERE p.uid = ?", (uid,)).fetchone()
    return (row[0], row[1]) if row else None


def raw_payload(conn: sqlite3.Connection, d: PostDetail) -> tuple[str, str] | None:
    """``(format, payload)`` of the frame the post came in, if the log has it."""
    needles = [n for n in (d.uid, d.local_id, d.uid.rsplit("/", 1)[-1]) if n]
    for needle in needles:
        row = conn.execute("SELECT format, payload FROM raw_events WHERE received_at = ? "
                           "AND instr(payload, ?) > 0 LIMIT 1", (d.received_at, needle)).fetchone()
        if row:
            return row[0], row[1]
    row = conn.execute("SELECT format, payload FROM raw_events WHERE format = 'rss' AND "
                       "instr(payload, ?) > 0 ORDER BY received_at LIMIT 1", (d.uid,)).fetchone()
    return (row[0], row[1]) if row else None


def pretty_payload(fmt: str, payload: str, limit: int = 200_000) -> str:
    """JSON indented for reading; feeds as they are.  Capped at ``limit``."""
    text = payload
    if fmt != "rss":
        try:
            obj = orjson.loads(payload)
            if isinstance(obj, dict) and isinstance(obj.get("payload"), str):
                obj["payload"] = orjson.loads(obj["payload"])  # Mastodon frames nest JSON
            text = orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode()
        except orjson.JSONDecodeError:
            pass
    return text if len(text) <= limit else text[:limit] + f"\n… ({len(text) - limit:,} more)"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op ``=``, ``-`` (removed) or ``+`` (added), by words."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out
