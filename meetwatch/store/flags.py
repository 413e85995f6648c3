"""Flags in the log: insertion, the flags only the log can see (fast
deletes, pile-ons), the flag queue most severe first, and flag states.

Rows of the ``flags`` table: ``post_id``, ``category``, ``severity``,
``rule``, ``evidence`` (the matched original text), ``detail`` (JSON: the
rule's description, spans, normalisations, language, adjustments),
``created_at`` (when the post that raised it was received, so a replay
reproduces it) and ``state`` (see :data:`STATES`).  A flag is unique per
post, rule and evidence: re-importing or replaying never duplicates it.
"""

from __future__ import annotations

import fnmatch
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

STATES: tuple[str, ...] = ("open", "acknowledged", "dismissed", "false_positive")
SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}

INSERT_FLAG = ("INSERT OR IGNORE INTO flags (post_id, category, severity, rule, evidence, detail, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")

FAST_DELETE_FLAGGED_S = 30 * 60  # a flagged post deleted within this is a fast delete
FAST_DELETE_OFFICIAL_S = 10 * 60  # an official or own post deleted within this
FAST_DELETE_RULE = "context.fast_delete"
PILE_ON_RULE = "harassment.pile_on"
PILE_ON_REPLIES = 8
PILE_ON_MINUTES = 10
_SEVERITY_ORDER = ("CASE f.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 "
                   "WHEN 'low' THEN 1 ELSE 0 END")


def _seconds_between(start: str, end: str) -> float | None:
    try:
        a = datetime.fromisoformat(start.replace("Z", "+00:00"))
        b = datetime.fromisoformat(end.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return (b - a).total_seconds()


def flag_fast_delete(conn: sqlite3.Connection, post_id: int, deleted_at: str, received_at: str) -> bool:
    """Flag a post deleted soon after it was flagged, or an official (or own)
    account's post deleted within minutes of posting.  The deleted text stays
    in the log; the flag's evidence quotes it.  Returns whether it flagged."""
    row = conn.execute(
        "SELECT p.created_at, p.text, a.category FROM posts p JOIN accounts a ON a.id = p.account_id "
        "WHERE p.id = ?", (post_id,)).fetchone()
    if row is None:
        return False
    created_at, text, author_category = row
    after = _seconds_between(created_at, deleted_at)
    if after is None or after < 0:
        return False
    flags = conn.execute(
        f"SELECT f.category, f.severity, f.rule FROM flags f WHERE f.post_id = ? AND f.rule != ? "
        f"ORDER BY {_SEVERITY_ORDER} DESC", (post_id, FAST_DELETE_RULE)).fetchall()
    if flags and after <= FAST_DELETE_FLAGGED_S:
        category, severity, _ = flags[0]
        why = f"deleted {after / 60:.1f} min after posting, flagged {', '.join(f[2] for f in flags)}"
    elif author_category in ("official", "own") and after <= FAST_DELETE_OFFICIAL_S:
        category, severity = "indiscretion", "high" if author_category == "own" else "medium"
        why = f"{author_category} account deleted its post {after / 60:.1f} min after posting"
    else:
        return False
    evidence = text if len(text) <= 300 else text[:299] + "…"
    detail = {"description": "Deleted soon after posting (a withdrawn leak, indiscretion or attack)",
              "why": why, "deleted_after_s": after, "deleted_at": deleted_at,
              "author_category": author_category, "spans": [[0, len(evidence)]],
              "normalisations": [], "language": None, "adjustments": []}
    cur = conn.execute(INSERT_FLAG, (post_id, category, severity, FAST_DELETE_RULE, evidence,
                                     orjson.dumps(detail).decode(), received_at))
    return bool(cur.rowcount)


def detect_pile_ons(conn: sqlite3.Connection, *, replies: int = PILE_ON_REPLIES,
                    minutes: float = PILE_ON_MINUTES) -> int:
    """Flag bursts of hostile replies aimed at one account: at least
    ``replies`` replies flagged as harassment or threat, to posts of the same
    author, within ``minutes``.  Every reply in a burst gets a
    ``harassment.pile_on`` flag.  Idempotent; returns the flags added.

    Reads only flagged replies (a handful), so it is cheap after any import.
    """
    rows = conn.execute(
        """
        SELECT DISTINCT p.id, p.created_at, parent.account_id, a.handle
        FROM flags f
        JOIN posts p ON p.id = f.post_id
        JOIN posts parent ON parent.uid = p.reply_to
        JOIN accounts a ON a.id = parent.account_id
        WHERE f.category IN ('harassment', 'threat') AND f.rule != ? AND p.reply_to IS NOT NULL
        ORDER BY parent.account_id, p.created_at
        """, (PILE_ON_RULE,)).fetchall()
    by_target: dict[int, list[tuple[int, str, str]]] = {}
    for pid, created, target, handle in rows:
        by_target.setdefault(target, []).append((pid, created, handle))
    added = 0
    window = minutes * 60
    for posts in by_target.values():
        burst: set[int] = set()
        lo = 0
        for hi in range(len(posts)):
            while (gap := _seconds_between(posts[lo][1], posts[hi][1])) is not None and gap > window:
                lo += 1
            if hi - lo + 1 >= replies:
                burst.update(p[0] for p in posts[lo:hi + 1])
        if not burst:
            continue
        members = [p for p in posts if p[0] in burst]
        handle = members[0][2]
        detail = {"description": f"One of {len(members)} hostile replies to {handle} "
                                 f"(at least {replies} within {minutes:g} min): a pile-on",
                  "target": handle, "replies": len(members), "first": members[0][1],
                  "last": members[-1][1], "spans": [], "normalisations": [], "language": None,
                  "adjustments": []}
        encoded = orjson.dumps(detail).decode()
        for pid, created, _ in members:
            cur = conn.execute(INSERT_FLAG, (pid, "harassment", "high", PILE_ON_RULE,
                                             f"reply to {handle}", encoded, created))
            added += cur.rowcount
    return added


def list_flags(conn: sqlite3.Connection, *, states: tuple[str, ...] | None = None,
               min_severity: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Flags, most severe first (then newest first), with their post."""
    where: list[str] = []
    params: list[Any] = []
    if states:
        where.append(f"f.state IN ({','.join('?' * len(states))})")
        params.extend(states)
    if min_severity:
        where.append(f"{_SEVERITY_ORDER} >= ?")
        params.append(SEVERITY_RANK[min_severity])
    sql = ("SELECT f.id, p.uid, f.category, f.severity, f.rule, f.evidence, f.detail, f.state, "
           "f.created_at, a.handle, a.category, p.created_at, p.deleted_at, p.url, p.text, "
           "r.at, r.note FROM flags f JOIN posts p ON p.id = f.post_id "
           "JOIN accounts a ON a.id = p.account_id LEFT JOIN flag_reviews r "
           "ON r.uid = p.uid AND r.rule = f.rule AND r.evidence = f.evidence"
           + (f" WHERE {' AND '.join(where)}" if where else "")
           + f" ORDER BY {_SEVERITY_ORDER} DESC, f.created_at DESC, f.id DESC"
           + (" LIMIT ?" if limit else ""))
    if limit:
        params.append(limit)
    out: list[dict[str, Any]] = []
    for (fid, uid, category, severity, rule, evidence, detail, state, created, author, author_cat,
         post_created, deleted, url, text, reviewed_at, note) in conn.execute(sql, params):
        d = orjson.loads(detail) if detail else {}
        out.append({
            "id": fid, "uid": uid, "category": category, "severity": severity, "rule": rule,
            "evidence": evidence, "description": d.get("description", ""), "state": state,
            "spans": d.get("spans", []), "normalisations": d.get("normalisations", []),
            "language": d.get("language"), "adjustments": d.get("adjustments", []),
            "author": author, "author_category": author_cat, "created_at": created,
            "post_created_at": post_created, "deleted_at": deleted, "url": url, "text": text,
            "reviewed_at": reviewed_at, "note": note or "",
        })
    return out


def set_flag_state(conn: sqlite3.Connection, flag_id: int, state: str, note: str = "",
                   at: str | None = None) -> bool:
    """Acknowledge, dismiss, mark as false positive or reopen one flag (a
    review, so it outlives re-computing the flags)."""
    _check_state(state)
    row = conn.execute("SELECT p.uid, f.rule, f.evidence FROM flags f JOIN posts p "
                       "ON p.id = f.post_id WHERE f.id = ?", (flag_id,)).fetchone()
    if row is None:
        return False
    save_reviews(conn, [Review(row[0], row[1], row[2], state, at or now_iso(), note)])
    return True


# -- reviews --------------------------------------------------------------------------

REVIEWED_AWAY: tuple[str, ...] = ("dismissed", "false_positive")  # leave the default queue
REVIEW_COLUMNS = ("uid", "rule", "evidence", "state", "at", "note")
MAX_NOTE = 500


@dataclass(frozen=True, slots=True)
class Review:
    """What a person decided about one flag, keyed as it is stored."""

    uid: str
    rule: str
    evidence: str
    state: str
    at: str
    note: str = ""


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _check_state(state: str) -> None:
    if state not in STATES:
        raise ValueError(f"unknown flag state {state!r} (use {', '.join(STATES)})")


def save_reviews(conn: sqlite3.Connection, reviews: list[Review]) -> int:
    """Store reviews (a newer decision about the same flag replaces an older
    one; an older one never overwrites a newer).  The log's triggers set the
    matching flags' state now and for flags computed later."""
    for r in reviews:
        _check_state(r.state)
    cur = conn.executemany(
        "INSERT INTO flag_reviews (uid, rule, evidence, state, at, note) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(uid, rule, evidence) DO UPDATE SET state = excluded.state, at = excluded.at, "
        "note = excluded.note WHERE excluded.at >= flag_reviews.at",
        [(r.uid, r.rule, r.evidence, r.state, r.at, r.note[:MAX_NOTE]) for r in reviews])
    return cur.rowcount


def review_post(conn: sqlite3.Connection, uid: str, state: str, *, rule: str | None = None,
                evidence: str | None = None, note: str = "", at: str | None = None
                ) -> list[Review]:
    """Review the flags of one post: all of them, or those of ``rule`` (a
    glob such as ``leak.*``) and ``evidence``.  Returns the reviews stored
    (none when no flag matches)."""
    reviews = plan_reviews(conn, uid, state, rule=rule, evidence=evidence, note=note, at=at)
    if reviews:
        save_reviews(conn, reviews)
    return reviews


def plan_reviews(conn: sqlite3.Connection, uid: str, state: str, *, rule: str | None = None,
                 evidence: str | None = None, note: str = "", at: str | None = None
                 ) -> list[Review]:
    """The reviews :func:`review_post` would store (read only)."""
    _check_state(state)
    at = at or now_iso()
    rows = conn.execute("SELECT f.rule, f.evidence FROM flags f JOIN posts p ON p.id = f.post_id "
                        "WHERE p.uid = ? ORDER BY f.id", (uid,)).fetchall()
    return [Review(uid, r, e, state, at, note) for r, e in rows
            if (rule is None or fnmatch.fnmatchcase(r, rule))
            and (evidence is None or e == evidence)]


def post_uid(conn: sqlite3.Connection, post_id: int) -> str | None:
    row = conn.execute("SELECT uid FROM posts WHERE id = ?", (post_id,)).fetchone()
    return row[0] if row else None


def load_reviews(conn: sqlite3.Connection) -> list[Review]:
    """Every review in a log (none in a log older than reviews)."""
    try:
        rows = conn.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM flag_reviews ORDER BY at, id")
        return [Review(*r) for r in rows]
    except sqlite3.OperationalError:
        return []


def flag_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Open flags per severity (for a status bar or a bell)."""
    counts = dict.fromkeys(SEVERITY_RANK, 0)
    for severity, n in conn.execute(
            "SELECT severity, COUNT(*) FROM flags WHERE state = 'open' GROUP BY severity"):
        counts[severity] = n
    return counts


def last_flag_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(MAX(id), 0) FROM flags").fetchone()[0])


def flags_after(conn: sqlite3.Connection, after_id: int, severities: tuple[str, ...],
                limit: int = 100) -> list[dict[str, Any]]:
    """Open flags added after ``after_id`` with one of ``severities``,
    oldest first (what an alert announces).  By the primary key: the cost
    follows the new flags only."""
    marks = ",".join("?" * len(severities))
    rows = conn.execute(
        f"SELECT f.id, f.severity, f.category, f.rule, f.evidence, a.handle FROM flags f "
        f"JOIN posts p ON p.id = f.post_id JOIN accounts a ON a.id = p.account_id "
        f"WHERE f.id > ? AND f.state = 'open' AND f.severity IN ({marks}) ORDER BY f.id LIMIT ?",
        (after_id, *severities, limit))
    return [dict(zip(("id", "severity", "category", "rule", "evidence", "author"), r, strict=True))
            for r in rows]
