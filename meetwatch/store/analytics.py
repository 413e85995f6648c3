"""Read-side SQL for the session measures (meetwatch.core.stats) and the
report: one pass over posts for the counters, and small targeted queries for
pairs, flags, edits, deletions, the programme and connection gaps.

Time bounds are canonical ISO strings (``created_at >= start AND created_at <
end``), which sort as times, so the ``posts_created`` index serves them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from meetwatch.core.stats import Gap, PostFact, coverage_gaps, epoch_seconds


@dataclass(frozen=True, slots=True)
class Scope:
    """Which posts a question is about: an agenda item ('' for posts without
    one) and a time range [start, end) of created_at; None: no limit."""

    item: str | None = None
    start: str | None = None
    end: str | None = None

    def where(self, alias: str = "p") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.item == "":
            clauses.append(f"{alias}.agenda_item IS NULL")
        elif self.item is not None:
            clauses.append(f"{alias}.agenda_item = ?")
            params.append(self.item)
        if self.start:
            clauses.append(f"{alias}.created_at >= ?")
            params.append(self.start)
        if self.end:
            clauses.append(f"{alias}.created_at < ?")
            params.append(self.end)
        return (" AND ".join(clauses) or "1"), params


def iter_facts(conn: sqlite3.Connection, scope: Scope = Scope(), *, after_id: int = 0,
               until: str | None = None) -> Iterator[PostFact]:
    """Every post in scope as a PostFact, in id order (``after_id``: only
    newer rows, for a deck catching up; ``until``: created no later)."""
    where, params = scope.where()
    if after_id:
        where += " AND p.id > ?"
        params.append(after_id)
    if until:
        where += " AND p.created_at <= ?"
        params.append(until)
    cur = conn.execute(
        "SELECT p.id, p.created_at, a.category, a.handle, p.hashtags, p.lang, p.agenda_item, "
        f"p.metrics, p.network FROM posts p JOIN accounts a ON a.id = p.account_id WHERE {where} "
        "ORDER BY p.id", params)
    loads = orjson.loads
    while batch := cur.fetchmany(2000):
        for pid, created, cat, handle, tags, lang, item, metrics, network in batch:
            yield PostFact(pid, epoch_seconds(created), cat or "other", handle,
                           tuple(loads(tags)) if tags and tags != "[]" else (), lang, item,
                           loads(metrics) if metrics and metrics != "{}" else {}, network)


@dataclass(frozen=True, slots=True)
class Slot:
    """One scheduled slot of an agenda item."""

    item: str
    title: str
    starts_at: str | None
    ends_at: str | None


def agenda(conn: sqlite3.Connection) -> list[Slot]:
    """The programme, in time order (unscheduled slots last)."""
    return [Slot(*r) for r in conn.execute(
        "SELECT item, title, starts_at, ends_at FROM agenda_items "
        "ORDER BY starts_at IS NULL, starts_at, item")]


def items_in_log(conn: sqlite3.Connection) -> list[str]:
    """Agenda items posts were tagged with (''-free), by name."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT agenda_item FROM posts WHERE agenda_item IS NOT NULL ORDER BY 1")]


def pair_times(conn: sqlite3.Connection, scope: Scope = Scope(),
               until: str | None = None) -> list[tuple[int, int, int]]:
    """(statement id, statement time, response time) of every pair whose
    statement is in scope (and, with ``until``, whose response was posted by then)."""
    return [(sid, sa, ra) for sid, sa, ra, _ in pair_rows(conn, scope, until)]


def pair_rows(conn: sqlite3.Connection, scope: Scope = Scope(),
              until: str | None = None) -> list[tuple[int, int, int, str]]:
    """As pair_times, with the statement's agenda item ('' for none)."""
    where, params = scope.where("s")
    if until:
        where += " AND r.created_at <= ?"
        params.append(until)
    rows = conn.execute(
        "SELECT s.id, s.created_at, r.created_at, s.agenda_item FROM pairs x "
        "JOIN posts s ON s.id = x.statement_id JOIN posts r ON r.id = x.response_id "
        f"WHERE {where} ORDER BY s.id, r.created_at", params)
    return [(sid, epoch_seconds(sa), epoch_seconds(ra), item or "") for sid, sa, ra, item in rows]


_POST = ("p.id, p.uid, p.url, a.handle, a.display_name, a.category, p.created_at, p.text, "
         "p.lang, p.edited_at, p.deleted_at, p.agenda_item")
_POST_KEYS = ("id", "uid", "url", "author", "author_name", "author_category", "created_at",
              "text", "lang", "edited_at", "deleted_at", "item")


def _post(row: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(_POST_KEYS, row, strict=True))


def statements(conn: sqlite3.Connection, scope: Scope = Scope(), *, limit: int | None = None,
               responses: int = 3) -> tuple[int, list[dict[str, Any]]]:
    """Official posts in scope: how many there are, and (the ``limit`` most
    answered, ties to the earliest) oldest first, each with its strongest
    ``responses`` answers (highest pair score, then earliest) and the number
    of answers it drew."""
    where, params = scope.where()
    count = conn.execute(
        "SELECT COUNT(*) FROM posts p JOIN accounts a ON a.id = p.account_id "
        f"WHERE a.category = 'official' AND {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {_POST}, (SELECT COUNT(*) FROM pairs x WHERE x.statement_id = p.id) AS n "
        "FROM posts p JOIN accounts a ON a.id = p.account_id "
        f"WHERE a.category = 'official' AND {where} ORDER BY n DESC, p.created_at, p.id"
        + (" LIMIT ?" if limit else ""), [*params, limit] if limit else params).fetchall()
    out = []
    for row in sorted(rows, key=lambda r: (r[6], r[0])):
        post = _post(row[:-1])
        post["response_count"] = row[-1]
        answers = conn.execute(
            f"SELECT {_POST}, x.kind, x.reason, x.score FROM pairs x "
            "JOIN posts p ON p.id = x.response_id JOIN accounts a ON a.id = p.account_id "
            "WHERE x.statement_id = ? ORDER BY x.score DESC, p.created_at, p.id LIMIT ?",
            (post["id"], responses))
        post["responses"] = [{**_post(r[:-3]), "kind": r[-3], "reason": r[-2], "score": r[-1]}
                             for r in answers]
        out.append(post)
    return int(count), out


def flag_outcomes(conn: sqlite3.Connection, scope: Scope = Scope()) -> list[dict[str, Any]]:
    """Flags on posts in scope with what was done about them: the review
    (``flag_reviews``, which survives re-computing flags) when there is one,
    else the flag's own state.  Most severe first, then by time."""
    where, params = scope.where()
    rows = conn.execute(
        "SELECT f.category, f.severity, f.rule, f.evidence, COALESCE(r.state, f.state), "
        "COALESCE(r.note, ''), r.at, p.uid, p.url, a.handle, a.category, p.created_at "
        "FROM flags f JOIN posts p ON p.id = f.post_id JOIN accounts a ON a.id = p.account_id "
        "LEFT JOIN flag_reviews r ON r.uid = p.uid AND r.rule = f.rule AND r.evidence = f.evidence "
        f"WHERE {where} ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 "
        "WHEN 'medium' THEN 2 ELSE 3 END, p.created_at, f.id", params)
    keys = ("category", "severity", "rule", "evidence", "state", "note", "reviewed_at", "uid",
            "url", "author", "author_category", "created_at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def official_changes(conn: sqlite3.Connection, scope: Scope = Scope()) -> list[dict[str, Any]]:
    """Official posts in scope that were edited or deleted, with every
    version's text (oldest first) — what was said, then what it became."""
    where, params = scope.where()
    out = []
    for row in conn.execute(
            f"SELECT {_POST} FROM posts p JOIN accounts a ON a.id = p.account_id "
            "WHERE a.category = 'official' AND (p.edited_at IS NOT NULL OR p.deleted_at IS NOT NULL) "
            f"AND {where} ORDER BY p.created_at, p.id", params):
        post = _post(row)
        post["versions"] = [{"text": t, "edited_at": e} for t, e in conn.execute(
            "SELECT text, edited_at FROM post_versions WHERE post_id = ? "
            "ORDER BY edited_at IS NOT NULL, edited_at, id", (post["id"],))]
        out.append(post)
    return out


def gaps(conn: sqlite3.Connection) -> list[Gap]:
    return coverage_gaps(conn.execute(
        "SELECT source, kind, at, detail, gap_start, gap_end, filled FROM connection_events "
        "ORDER BY at, id"))


def post_texts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """A few posts by id (for top lists)."""
    if not ids:
        return {}
    rows = conn.execute(f"SELECT {_POST} FROM posts p JOIN accounts a ON a.id = p.account_id "
                        f"WHERE p.id IN ({','.join('?' * len(ids))})", ids)
    return {r[0]: _post(r) for r in rows}


def time_span(conn: sqlite3.Connection, scope: Scope = Scope()) -> tuple[str | None, str | None]:
    where, params = scope.where()
    first, last = conn.execute(
        f"SELECT MIN(p.created_at), MAX(p.created_at) FROM posts p WHERE {where}", params).fetchone()
    return first, last
