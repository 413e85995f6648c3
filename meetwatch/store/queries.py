"""Read-side queries over the log: post rows, search, accounts, counts, the
deck's pane pages and post detail.

Readers open their own connection (WAL lets any number read while the one
writer writes).  Export and search rows come out as plain dicts with the
JSON fields the contract in DESIGN.md names; the deck gets small dataclasses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from meetwatch.core.panes import PaneSpec
from meetwatch.core.text import fts_query
from meetwatch.store.schema import FTS_ID_MASK, fts_rowid, open_db

POST_FIELDS = (
    "uid", "network", "url", "author", "author_name", "author_category", "title", "text",
    "created_at", "received_at", "lang", "hashtags", "reply_to", "quote_of", "deleted_at",
    "edited_at", "flags", "metrics", "agenda_item", "agenda_reason",
)

_SELECT = """
SELECT p.uid, p.network, p.url, a.handle, a.display_name, a.category, p.title, p.text,
       p.created_at, p.received_at, p.lang, p.hashtags, p.reply_to, p.quote_of, p.deleted_at,
       p.edited_at,
       (SELECT json_group_array(json_object('category', f.category, 'severity', f.severity,
                                            'rule', f.rule, 'evidence', f.evidence,
                                            'state', f.state, 'reviewed_at', r.at,
                                            'note', coalesce(r.note, '')))
          FROM flags f LEFT JOIN flag_reviews r
            ON r.uid = p.uid AND r.rule = f.rule AND r.evidence = f.evidence
         WHERE f.post_id = p.id) AS flags,
       p.metrics, p.agenda_item, p.agenda_reason
FROM posts p JOIN accounts a ON a.id = p.account_id
"""


def _row(r: tuple[Any, ...]) -> dict[str, Any]:
    d = dict(zip(POST_FIELDS, r, strict=True))
    d["hashtags"] = orjson.loads(d["hashtags"])
    d["flags"] = orjson.loads(d["flags"]) if d["flags"] else []
    d["metrics"] = orjson.loads(d["metrics"])
    return d


def item_key(item: str) -> str:
    """An agenda item as the log stores it: ``Item 4`` and ``4`` are ``4``."""
    item = item.strip()
    if item.lower().startswith("item") and item[4:].strip()[:1].isdigit():
        return item[4:].strip()
    return item


def iter_posts(conn: sqlite3.Connection, *, newest_first: bool = False,
               item: str | None = None) -> Iterator[dict[str, Any]]:
    """Every post (``item``: only those tagged with that agenda item)."""
    order = "DESC" if newest_first else "ASC"
    where, params = ("WHERE p.agenda_item = ? ", [item_key(item)]) if item else ("", [])
    cur = conn.execute(f"{_SELECT} {where}ORDER BY p.created_at {order}, p.id {order}", params)
    while batch := cur.fetchmany(1000):
        for r in batch:
            yield _row(r)


class SearchError(ValueError):
    """The query has nothing to search for."""


def search(conn: sqlite3.Connection, query: str, *, limit: int | None = 100,
           item: str | None = None) -> list[dict[str, Any]]:
    """Full-text search, newest first.  Works in all six UN languages.

    The index is keyed by time (see ``schema.fts_rowid``), so the newest
    ``limit`` matches are read straight off the index: the cost follows the
    page, not the size of the log or how common the term is.
    """
    match = fts_query(query)
    if match is None:
        raise SearchError(f"nothing to search for in {query!r}")
    if item:  # filtered after matching: the limit applies to the item's posts
        sql = (f"{_SELECT} WHERE p.id IN (SELECT rowid & {FTS_ID_MASK} FROM posts_fts "
               "WHERE posts_fts MATCH ?) AND p.agenda_item = ? "
               "ORDER BY p.created_at DESC, p.id DESC" + (" LIMIT ?" if limit else ""))
        args: list[Any] = [match, item_key(item)] + ([limit] if limit else [])
        return [_row(r) for r in conn.execute(sql, args)]
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
               COALESCE(c.posts, 0) AS posts, c.last_post, a.country, a.organisation
        FROM accounts a LEFT JOIN counts c ON c.account_id = a.id
        ORDER BY posts DESC, a.handle
        """
    ).fetchall()
    keys = ("network", "handle", "display_name", "category", "category_source", "status",
            "posts", "last_post", "country", "organisation")
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


# -- the deck's panes: pages of rows by keyset ------------------------------------
#
# Panes never hold history: they ask for a page of rows around what is on
# screen, keyed newest first, so the cost of a page does not depend on how
# many posts the log holds.  A pane with text to match (a search pane, or a
# text filter) is read straight off the time-keyed full-text index instead
# (see ``schema.fts_rowid``): its order is (second, id), and its key is
# ``(created_at[:19], id)``; every other pane is ordered by ``(created_at, id)``
# — but a Flags pane, which puts the most severe first: its key is
# ``(f"{rank}{created_at}", id)``, the rank (4 critical … 1 low) of the post's
# most severe flag in the pane's review states, so keys still compare as the
# pane sorts (greater: higher up) and a pane widget need not know.

Key = tuple[str, int]
PANE_TEXT_CHARS = 2_000  # of a post's text fetched for a pane; the detail view has it all


@dataclass(frozen=True, slots=True)
class Row:
    """One post as a pane shows it."""

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
    flagged: int  # FLAG_NONE, FLAG_MUTED (every flag dismissed) or FLAG_ACTIVE
    reply_author: str | None
    quote_author: str | None
    evidence: tuple[str, ...] = ()  # what the open flags matched, as posted (highlighted)
    rank: int = 0  # a Flags pane's rows: SEVERITY_RANK of the most severe flag it counts

    @property
    def key(self) -> Key:
        return (self.created_at, self.id)


_PANE_COLUMNS = f"""
SELECT p.id, p.uid, p.created_at, p.network, a.handle, a.display_name, a.category, p.title,
       substr(p.text, 1, {PANE_TEXT_CHARS}), p.url, p.reply_to, p.quote_of, p.deleted_at,
       p.edited_at, (SELECT MAX(CASE WHEN f.state IN ('dismissed', 'false_positive') THEN 1
                                      ELSE 2 END) FROM flags f WHERE f.post_id = p.id),
       (SELECT ra.handle FROM posts rp JOIN accounts ra ON ra.id = rp.account_id
         WHERE rp.uid = p.reply_to),
       (SELECT qa.handle FROM posts qp JOIN accounts qa ON qa.id = qp.account_id
         WHERE qp.uid = p.quote_of),
       (SELECT group_concat(f.evidence, char(31)) FROM flags f WHERE f.post_id = p.id
          AND f.state NOT IN ('dismissed', 'false_positive'))"""
_POSTS = " FROM posts p JOIN accounts a ON a.id = p.account_id"
_FTS = (" FROM posts_fts JOIN posts p ON p.id = (posts_fts.rowid & "
        f"{FTS_ID_MASK}) JOIN accounts a ON a.id = p.account_id")


def _pane_row(r: Sequence[Any]) -> Row:
    return Row(int(r[0]), r[1], r[2], r[3], r[4], r[5] or "", r[6] or "other", r[7], r[8] or "",
               r[9], r[10], r[11], r[12], r[13], r[14] or FLAG_NONE, r[15], r[16],
               _evidence(r[17]) if len(r) > 17 and r[17] else (), r[18] if len(r) > 18 else 0)


def _evidence(joined: str) -> tuple[str, ...]:
    """The pieces of text a post's flags matched: a flag's evidence joins its
    spans with " … "; the whole-text evidence of a fast delete or a pile-on
    is left out (it would paint the whole post)."""
    pieces: dict[str, None] = {}
    for evidence in joined.split("\x1f"):
        for piece in evidence.split(" … "):
            piece = piece.strip()
            if 2 <= len(piece) <= 120:
                pieces[piece] = None
    return tuple(pieces)


def pane_match(spec: PaneSpec) -> str | None:
    """The FTS5 expression a pane matches (search and text filter), if any;
    raises :class:`SearchError` when the text has nothing to search for."""
    terms = [t for t in ((spec.value if spec.kind == "search" else ""), spec.filter.text) if t]
    exprs = []
    for t in terms:
        m = fts_query(t)
        if m is None:
            raise SearchError(f"nothing to search for in {t!r}")
        exprs.append(f"({m})")
    return " AND ".join(exprs) or None


FLAG_NONE, FLAG_MUTED, FLAG_ACTIVE = 0, 1, 2
SEVERITY_RANK: dict[str, int] = {"critical": 4, "high": 3, "medium": 2, "low": 1}
RANK_SEVERITY: dict[int, str] = {v: k for k, v in SEVERITY_RANK.items()}
_RANK = ("CASE f.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 "
         "ELSE 1 END")
# A pane filter's ``review`` value -> the flags it counts (SQL over ``f``).
# By default dismissed flags and false positives have left the queue.
_REVIEW_STATES: dict[str, str] = {
    "": " AND f.state NOT IN ('dismissed', 'false_positive')",
    "all": "",
    "reviewed": " AND f.state != 'open'",
    **{s: f" AND f.state = '{s}'" for s in ("open", "acknowledged", "dismissed", "false_positive")},
}


class PaneQuery:
    """The rows of one pane, in pages.

    ``ceiling``: a paused pane sees nothing newer than this key (in a Flags
    pane, nothing posted after this ``(created_at, id)``, whatever its rank:
    see :meth:`pause`)."""

    def __init__(self, spec: PaneSpec, ceiling: Key | None = None) -> None:
        self.spec = spec
        self.ceiling = ceiling
        self.match = pane_match(spec)
        # Most severe first: rows come from the flags the pane counts, ranked.
        self.ranked = spec.kind == "flags"
        where: list[str] = []
        params: list[Any] = []
        if spec.kind == "category":
            where.append("a.category = ?")
            params.append(spec.value)
        elif spec.kind == "hashtag":
            where.append("EXISTS (SELECT 1 FROM post_hashtags h WHERE h.tag = ? "
                         "AND h.post_id = p.id)")
            params.append(spec.value)
        elif spec.kind == "account":  # no index on account_id: one set, probed per post
            where.append("p.account_id IN (SELECT id FROM accounts "
                         "WHERE lower(ltrim(handle, '@')) = ?)")
            params.append(spec.value.lstrip("@").lower())
        f = spec.filter
        self._flag_states = _REVIEW_STATES.get(f.review, _REVIEW_STATES[""])
        if self.ranked:  # one row per post with a flag in the states, and its rank
            self._from = (f" FROM (SELECT f.post_id, MAX({_RANK}) AS rank FROM flags f "
                          f"WHERE 1{self._flag_states} GROUP BY f.post_id) fl "
                          "CROSS JOIN posts p ON p.id = fl.post_id "
                          "JOIN accounts a ON a.id = p.account_id")
            # One post's rank, by the flags index (looking up given posts).
            self._rank_of = (f"(SELECT MAX({_RANK}) FROM flags f WHERE f.post_id = p.id"
                             f"{self._flag_states})")
            if self.match is not None:  # a text filter narrows; it does not order
                where.append(f"p.id IN (SELECT rowid & {FTS_ID_MASK} FROM posts_fts "
                             "WHERE posts_fts MATCH ?)")
                params.append(self.match)
        if f.lang:
            where.append("(p.lang = ? OR p.lang LIKE ?)")
            params += [f.lang.lower(), f"{f.lang.lower()}-%"]
        if f.network:
            where.append("p.network = ?")
            params.append(f.network.lower())
        if f.category:
            where.append("a.category = ?")
            params.append(f.category)
        if f.item:
            where.append("p.agenda_item = ?")
            params.append(item_key(f.item))
        self._where = " AND ".join(where) or "1"
        self._params = params

    @property
    def indexed(self) -> bool:
        """Read off the full-text index (its order, its keys)."""
        return self.match is not None and not self.ranked

    def key(self, row: Row) -> Key:
        if self.ranked:
            return (f"{row.rank}{row.created_at}", row.id)
        return (row.created_at[:19], row.id) if self.indexed else (row.created_at, row.id)

    # -- SQL pieces --------------------------------------------------------------

    def _cmp(self, op: str, key: Key) -> tuple[str, list[Any]]:
        if self.indexed:
            return f"posts_fts.rowid {op} ?", [fts_rowid(key[1], key[0])]
        if self.ranked:
            return f"(fl.rank || p.created_at, p.id) {op} (?, ?)", [key[0], key[1]]
        return f"(p.created_at, p.id) {op} (?, ?)", [key[0], key[1]]

    def _base(self, lookup: bool = False) -> tuple[str, list[Any]]:
        """FROM ... WHERE (the pane's selection, under the ceiling).
        ``lookup``: for a Flags pane, to look up given posts (``p.id IN``):
        each post's flags are read by index instead of ranking every flag."""
        sql = self._from if self.ranked else _FTS if self.indexed else _POSTS
        params: list[Any] = []
        conds = [self._where]
        if self.ranked and lookup:
            sql = _POSTS
            conds.insert(0, f"{self._rank_of} IS NOT NULL")
        if self.indexed:
            conds.insert(0, "posts_fts MATCH ?")
            params.append(self.match)
        params += self._params
        if self.ceiling is not None:
            if self.ranked:  # by time: a paused Flags pane takes nothing posted since
                c, cp = "(p.created_at, p.id) <= (?, ?)", list(self.ceiling)
            else:
                c, cp = self._cmp("<=", self.ceiling)
            conds.append(c)
            params += cp
        return f"{sql} WHERE {' AND '.join(conds)}", params

    def _select(self, conn: sqlite3.Connection, extra: tuple[str, list[Any]] | None, order: str,
                limit: int, offset: int = 0) -> list[Row]:
        base, params = self._base()
        if extra is not None:
            base += f" AND {extra[0]}"
            params += extra[1]
        if self.ranked:  # the order of the key: rank (one digit), then time
            # Every flagged post is sorted: pick the page's ids first, so the
            # columns (and their subqueries) are computed for the page only.
            page = (f"SELECT p.id AS id, fl.rank AS rank{base} ORDER BY fl.rank {order}, "
                    f"p.created_at {order}, p.id {order} LIMIT ? OFFSET ?")
            sql = (f"{_PANE_COLUMNS}, pg.rank FROM ({page}) pg CROSS JOIN posts p ON p.id = pg.id "
                   f"JOIN accounts a ON a.id = p.account_id "
                   f"ORDER BY pg.rank {order}, p.created_at {order}, p.id {order}")
            return [_pane_row(r) for r in conn.execute(sql, [*params, limit, offset])]
        by = (f"posts_fts.rowid {order}" if self.indexed
              else f"p.created_at {order}, p.id {order}")
        sql = f"{_PANE_COLUMNS}{base} ORDER BY {by} LIMIT ? OFFSET ?"
        return [_pane_row(r) for r in conn.execute(sql, [*params, limit, offset])]

    # -- pages ---------------------------------------------------------------------

    def page_from(self, conn: sqlite3.Connection, key: Key | None, limit: int) -> list[Row]:
        """``limit`` rows from ``key`` (included) towards the oldest."""
        extra = None if key is None else self._cmp("<=", key)
        return self._select(conn, extra, "DESC", limit)

    def page_newer(self, conn: sqlite3.Connection, key: Key, limit: int) -> list[Row]:
        """Up to ``limit`` rows just newer than ``key``, newest first."""
        rows = self._select(conn, self._cmp(">", key), "ASC", limit)
        rows.reverse()
        return rows

    def page_at(self, conn: sqlite3.Connection, index: int, limit: int) -> list[Row]:
        """Rows from position ``index`` (0 = newest): for jumps with no key known."""
        return self._select(conn, None, "DESC", limit, index)

    def oldest(self, conn: sqlite3.Connection, limit: int) -> list[Row]:
        rows = self._select(conn, None, "ASC", limit)
        rows.reverse()
        return rows

    def count(self, conn: sqlite3.Connection) -> int:
        if self.indexed and self._where == "1" and self.ceiling is None:
            sql, params = "SELECT COUNT(*) FROM posts_fts WHERE posts_fts MATCH ?", [self.match]
        else:
            base, params = self._base()
            sql = f"SELECT COUNT(*){base}"
        return int(conn.execute(sql, params).fetchone()[0])

    def index_of(self, conn: sqlite3.Connection, key: Key) -> int:
        """The position of ``key`` in the pane (how many rows are newer)."""
        base, params = self._base()
        c, cp = self._cmp(">", key)
        return int(conn.execute(f"SELECT COUNT(*){base} AND {c}", [*params, *cp]).fetchone()[0])

    def matching(self, conn: sqlite3.Connection, ids: Sequence[int],
                 *, ignore_ceiling: bool = False) -> list[Key]:
        """Keys of those of ``ids`` this pane shows."""
        ceiling, keys = self.ceiling, list[Key]()
        if ignore_ceiling:
            self.ceiling = None
        try:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start:start + 500])
                if self.indexed:  # look the ids up in the index by their rowids
                    marks = ",".join("?" * len(chunk))
                    rowids = [fts_rowid(i, c) for i, c in conn.execute(
                        f"SELECT id, created_at FROM posts WHERE id IN ({marks})", chunk)]
                    if not rowids:
                        continue
                    marks = ",".join("?" * len(rowids))
                    cond = f"posts_fts.rowid IN ({marks})"
                    sel, key_cols, params = cond, "substr(p.created_at, 1, 19), p.id", rowids
                else:
                    marks = ",".join("?" * len(chunk))
                    key_cols = f"{self._rank_of} || p.created_at, p.id" if self.ranked else \
                        "p.created_at, p.id"
                    sel, params = f"p.id IN ({marks})", chunk
                base, bp = self._base(lookup=True)
                sql = f"SELECT {key_cols}{base} AND {sel}"
                keys.extend((r[0], int(r[1])) for r in conn.execute(sql, [*bp, *params]))
        finally:
            self.ceiling = ceiling
        return keys

    def next_flagged(self, conn: sqlite3.Connection, key: Key | None, older: bool) -> Key | None:
        """The key of the nearest flagged post of this pane after ``key``
        (towards the oldest when ``older``).  Driven by the flags table: the
        cost follows the number of flags, not of posts."""
        if self.ranked:  # every row is flagged: the next row
            if key is None:
                rows = self.page_from(conn, None, 1) if older else self.oldest(conn, 1)
            else:
                rows = self._select(conn, self._cmp("<" if older else ">", key),
                                    "DESC" if older else "ASC", 1)
            return self.key(rows[0]) if rows else None
        key_cols = "substr(p.created_at, 1, 19), p.id" if self.indexed else "p.created_at, p.id"
        conds, params = [self._where], list(self._params)
        if self.indexed:
            conds.append(f"p.id IN (SELECT rowid & {FTS_ID_MASK} FROM posts_fts "
                         "WHERE posts_fts MATCH ?)")
            params.append(self.match)
        if self.ceiling is not None:
            conds.append(f"({key_cols}) <= (?, ?)")
            params += list(self.ceiling)
        if key is not None:
            conds.append(f"({key_cols}) {'<' if older else '>'} (?, ?)")
            params += list(key)
        order = "DESC" if older else "ASC"
        row = conn.execute(
            f"SELECT {key_cols} FROM (SELECT DISTINCT post_id FROM flags f "
            f"WHERE 1{self._flag_states}) fl "
            f"CROSS JOIN posts p ON p.id = fl.post_id JOIN accounts a ON a.id = p.account_id "
            f"WHERE {' AND '.join(conds)} ORDER BY 1 {order}, 2 {order} LIMIT 1", params,
        ).fetchone()
        return (row[0], int(row[1])) if row else None

    # -- slow mode -----------------------------------------------------------------

    def pause(self, conn: sqlite3.Connection) -> None:
        """Take nothing new from now on: a ceiling at the pane's newest post
        (a Flags pane's newest by time, whatever its severity, so a new flag
        of any severity waits)."""
        self.ceiling = None
        if self.ranked:
            base, params = self._base()
            row = conn.execute(f"SELECT p.created_at, p.id{base} "
                               "ORDER BY p.created_at DESC, p.id DESC LIMIT 1", params).fetchone()
            self.ceiling = (row[0], int(row[1])) if row else ("", 0)
            return
        newest = self.page_from(conn, None, 1)
        self.ceiling = self.key(newest[0]) if newest else ("", 0)

    def waits(self, key: Key) -> bool:
        """Is the row of ``key`` above the ceiling (held while paused)?"""
        if self.ceiling is None:
            return False
        return ((key[0][1:], key[1]) if self.ranked else key) > self.ceiling

    def resume(self, conn: sqlite3.Connection, held: int) -> tuple[list[Key], int]:
        """Lift the ceiling; what waited, as ``(keys, above)``: the keys of
        the rows to place, and how many rows sort above all others (the
        ``held`` rows of a time-ordered pane are simply the newest)."""
        ceiling, self.ceiling = self.ceiling, None
        if not self.ranked or ceiling is None:
            return [], held
        # Looked up even when nothing was counted: a post flagged in place
        # while paused (a fast delete) waits too, uncounted.
        base, params = self._base()
        rows = conn.execute(f"SELECT fl.rank || p.created_at, p.id{base} AND "
                            "(p.created_at, p.id) > (?, ?)", [*params, *ceiling])
        return [(r[0], int(r[1])) for r in rows], 0


def categories_present(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT DISTINCT category FROM accounts "
                        "WHERE id IN (SELECT DISTINCT account_id FROM posts)")
    return [r[0] for r in rows]


def top_hashtags(conn: sqlite3.Connection, n: int = 3) -> list[str]:
    rows = conn.execute("SELECT tag FROM post_hashtags GROUP BY tag ORDER BY COUNT(*) DESC, tag "
                        "LIMIT ?", (n,))
    return [r[0] for r in rows]


def languages(conn: sqlite3.Connection, n: int = 20) -> list[str]:
    """The most common languages of the newest posts (for the filter prompt)."""
    rows = conn.execute("SELECT lang FROM (SELECT lang FROM posts ORDER BY created_at DESC "
                        "LIMIT 5000) WHERE lang IS NOT NULL GROUP BY lang ORDER BY COUNT(*) "
                        "DESC LIMIT ?", (n,))
    return [r[0] for r in rows]


class LogReader:
    """A read-only connection to the log for one thread (re-opened when a
    replay rebuilds the log into a new file)."""

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


# -- one post in full (the detail view) --------------------------------------------


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
    """The post, its author, edit history, deletion, what it answers and what
    answers it (every lookup by an index)."""
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
    d.flags = [dict(zip(("category", "severity", "rule", "evidence", "state", "reviewed_at",
                         "note", "detail"), f, strict=True))
               for f in conn.execute(
                   "SELECT f.category, f.severity, f.rule, f.evidence, f.state, r.at, "
                   "coalesce(r.note, ''), f.detail FROM flags f LEFT JOIN flag_reviews r "
                   "ON r.uid = ? AND r.rule = f.rule AND r.evidence = f.evidence "
                   "WHERE f.post_id = ? ORDER BY f.id", (d.uid, post_id))]
    for f in d.flags:
        try:
            f["detail"] = orjson.loads(f["detail"] or "{}")
        except orjson.JSONDecodeError:
            f["detail"] = {}
    return d


def _post_text(conn: sqlite3.Connection, uid: str | None) -> tuple[str, str] | None:
    if not uid:
        return None
    row = conn.execute("SELECT a.handle, p.text FROM posts p JOIN accounts a ON "
                       "a.id = p.account_id WHERE p.uid = ?", (uid,)).fetchone()
    return (row[0], row[1]) if row else None


FEED_DOCUMENTS_SEARCHED = 50  # feed documents at or after a post's receipt searched for it


def raw_payload(conn: sqlite3.Connection, d: PostDetail) -> tuple[str, str] | None:
    """``(format, payload)`` of the frame the post came in, if the log has it.

    The writer gives a post its frame's ``received_at``, so the frame is an
    indexed time match plus a substring check.  A feed entry arrives inside
    a document received at or after it: the next few feed documents from
    that time are searched (``raw_events_feeds``, a partial index over feed
    documents only) — the cost never grows with the log's history."""
    needles = [n for n in (d.uid, d.local_id, d.uid.rsplit("/", 1)[-1]) if n]
    for needle in needles:
        row = conn.execute("SELECT format, payload FROM raw_events WHERE received_at = ? "
                           "AND instr(payload, ?) > 0 LIMIT 1", (d.received_at, needle)).fetchone()
        if row:
            return row[0], row[1]
    row = conn.execute(
        "SELECT format, payload FROM (SELECT format, payload, received_at FROM raw_events "
        "WHERE format = 'rss' AND received_at >= ? ORDER BY received_at LIMIT ?) "
        "WHERE instr(payload, ?) > 0 ORDER BY received_at LIMIT 1",
        (d.received_at, FEED_DOCUMENTS_SEARCHED, d.uid)).fetchone()
    return (row[0], row[1]) if row else None
