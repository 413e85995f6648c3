"""Statement/response pairs in the log.

:func:`update_pairs` pairs the posts of one committed batch — the writer
calls it before each commit, so pairs grow as posts arrive, live and in
replay alike; :func:`recompute_pairs` redoes a whole log (after its account
categories or programme changed).  The logic is :mod:`meetwatch.core.pairing`;
IDF comes from the full-text index's vocabulary.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

import orjson

from meetwatch.core.pairing import (
    DEFAULT,
    Doc,
    Memo,
    Pair,
    PairingSettings,
    best_topical,
    direct,
    full_text,
    is_coverage,
    idf_from,
    terms,
    topical,
)
from meetwatch.core.timeutil import iso, now_iso
from meetwatch.store.schema import FTS_ID_MASK, fts_rowid

_DOC = """
SELECT p.id, p.uid, a.handle, a.category, p.created_at, p.text, p.hashtags, p.agenda_item,
       p.reply_to, p.quote_of, a.display_name, a.country, a.organisation, p.title
FROM posts p JOIN accounts a ON a.id = p.account_id
"""
PAIRED = ("official", "civil_society")


def _doc(r: Sequence[Any]) -> Doc:
    return Doc(r[0], r[1], r[2], r[3], r[4], r[5], tuple(orjson.loads(r[6])), r[7], r[8], r[9],
               r[10] or "", r[11], r[12], r[13])


def _docs(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> list[Doc]:
    return [_doc(r) for r in conn.execute(f"{_DOC} WHERE {where}", params)]


def _shift(at: str, seconds: float) -> str:
    return iso(datetime.fromisoformat(at.replace("Z", "+00:00")) + timedelta(seconds=seconds))


class Vocabulary:
    """Document frequencies from the full-text index (fts5vocab).

    A term's frequency is the sum over the index's terms it begins (a stem
    stands for every word it cuts).  Looked up one range query per term; or,
    when a batch needs many terms and the whole vocabulary is not much
    larger (``expected`` lookups), read once in term order and summed with
    two bisections per term: the same sums, at a fraction of the cost."""

    def __init__(self, conn: sqlite3.Connection, expected: int = 0) -> None:
        self.conn = conn
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.meetwatch_vocab "
                     "USING fts5vocab(main, posts_fts, 'row')")
        self.total = int(conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0])
        self._terms: list[str] | None = None
        self._cumulative: list[int] = []
        if expected >= SCAN_MIN_LOOKUPS:
            self._scan(expected * SCAN_PER_LOOKUP)

    def _scan(self, limit: int) -> None:
        """Read the vocabulary when it has at most ``limit`` terms (never
        more than that many rows: a vocabulary too large costs no more than
        the lookups it would have saved, and is remembered)."""
        key = id(self.conn)
        if _VOCAB_SIZE.get(key, 0) > limit:
            return
        rows = self.conn.execute("SELECT term, doc FROM temp.meetwatch_vocab LIMIT ?",
                                 (limit + 1,)).fetchall()
        if len(_VOCAB_SIZE) > 64:
            _VOCAB_SIZE.clear()
        _VOCAB_SIZE[key] = len(rows)
        if len(rows) > limit:
            return
        rows.sort()  # already in term order; cheap insurance
        self._terms = [r[0] for r in rows]
        self._cumulative = list(accumulate((r[1] for r in rows), initial=0))

    def df(self, term: str) -> int:
        if len(term) == 2 and _is_han_pair(term):  # the index has single characters
            return min(self._prefix(term[0]), self._prefix(term[1]))
        return self._prefix(term)

    def _prefix(self, term: str) -> int:
        if self._terms is not None:
            lo = bisect_left(self._terms, term)
            hi = bisect_left(self._terms, term + "\U0010ffff", lo)
            return self._cumulative[hi] - self._cumulative[lo]
        row = self.conn.execute("SELECT COALESCE(SUM(doc), 0) FROM temp.meetwatch_vocab "
                                "WHERE term >= ? AND term < ?", (term, term + "\U0010ffff")
                                ).fetchone()
        return int(row[0])


SCAN_MIN_LOOKUPS = 500  # a batch's distinct terms from which reading the vocabulary may pay
SCAN_PER_LOOKUP = 8  # vocabulary terms read in the time of one range query (measured: ~8x)
_VOCAB_SIZE: dict[int, int] = {}  # connection -> its vocabulary size when last read (a hint)


_TERMS: dict[str, set[str]] = {}  # text -> terms(text), across batches (candidates recur)


def _terms_of_text(text: str) -> set[str]:
    """``terms(text)``, remembered (bounded): read-only for callers."""
    known = _TERMS.get(text)
    if known is None:
        if len(_TERMS) >= 50_000:
            _TERMS.clear()
        known = _TERMS[text] = terms(text)
    return known


def _is_han_pair(term: str) -> bool:
    return all("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in term)


def _upsert(conn: sqlite3.Connection, pairs: Iterable[Pair]) -> int:
    rows = [(p.statement_id, p.response_id, p.kind, p.reason, p.score, now_iso()) for p in pairs]
    conn.executemany(
        "INSERT INTO pairs (statement_id, response_id, kind, reason, score, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(statement_id, response_id) DO UPDATE SET "
        "kind = excluded.kind, reason = excluded.reason, score = excluded.score "
        "WHERE excluded.score >= pairs.score OR pairs.kind = 'topical'", rows)
    return len(rows)


def _prune(conn: sqlite3.Connection, response_ids: Iterable[int], keep: int) -> None:
    """Keep each answer's ``keep`` strongest topical pairs."""
    conn.executemany(
        "DELETE FROM pairs WHERE response_id = ? AND kind = 'topical' AND id NOT IN "
        "(SELECT id FROM pairs WHERE response_id = ? AND kind = 'topical' "
        "ORDER BY score DESC, statement_id LIMIT ?)",
        [(r, r, keep) for r in set(response_ids)])


def update_pairs(conn: sqlite3.Connection, post_ids: Sequence[int],
                 settings: PairingSettings = DEFAULT,
                 changed: Sequence[int] = ()) -> int:
    """Pair the posts ``post_ids`` (new) and ``changed`` (edited) with the log.
    Returns the number of pairs written."""
    if changed:
        marks = ",".join("?" * len(changed))
        conn.execute(f"DELETE FROM pairs WHERE kind = 'topical' AND (response_id IN ({marks}) "
                     f"OR statement_id IN ({marks}))", [*changed, *changed])
    ids = list(dict.fromkeys([*post_ids, *changed]))
    docs: list[Doc] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        docs += _docs(conn, f"p.id IN ({','.join('?' * len(chunk))}) AND a.category IN (?, ?)",
                      [*chunk, *PAIRED])
    if not docs:
        return 0
    cache: dict[int, set[str]] = {}

    def terms_of(doc: Doc) -> set[str]:
        known = cache.get(doc.id)
        if known is None:
            known = cache[doc.id] = _terms_of_text(full_text(doc))
        return known

    # Candidates bring about as many terms again as the batch's own posts.
    vocab = Vocabulary(conn, 2 * len({t for doc in docs for t in terms_of(doc)}))
    idf = idf_from(vocab.df, vocab.total)

    memo = Memo()
    near = _near_all(conn, [_lookup(doc, settings, terms_of(doc)) for doc in docs], idf, settings)
    found: list[Pair] = []
    for doc in docs:
        if doc.category == "civil_society":
            found += _answer_pairs(conn, doc, idf, settings, terms_of, memo, near.get(doc.id, []))
        else:
            found += _statement_pairs(conn, doc, idf, settings, terms_of, memo,
                                      near.get(doc.id, []))
    written = _upsert(conn, found)
    _prune(conn, (p.response_id for p in found if p.kind == "topical"), settings.per_response)
    return written


def _answer_pairs(conn: sqlite3.Connection, doc: Doc, idf: Any, settings: PairingSettings,
                  terms_of: Callable[[Doc], set[str]], memo: Memo,
                  candidates: list[Doc]) -> list[Pair]:
    out: list[Pair] = []
    for uid in {doc.reply_to, doc.quote_of} - {None}:
        for s in _docs(conn, "p.uid = ? AND a.category = 'official'", [uid]):
            if (p := direct(s, doc)) is not None:
                out.append(p)
    if doc.reply_to or doc.quote_of:
        return out  # a reply or quote answers what it replies to or quotes
    direct_ids = {p.statement_id for p in out}
    out += [p for p in best_topical(doc, candidates, idf, settings, terms_of, memo)
            if p.statement_id not in direct_ids]
    return out


def _statement_pairs(conn: sqlite3.Connection, doc: Doc, idf: Any, settings: PairingSettings,
                     terms_of: Callable[[Doc], set[str]], memo: Memo,
                     candidates: list[Doc]) -> list[Pair]:
    out: list[Pair] = []
    for r in _docs(conn, "a.category = 'civil_society' AND (p.reply_to = ? OR p.quote_of = ?)",
                   [doc.uid, doc.uid]):
        if (p := direct(doc, r)) is not None:
            out.append(p)
    s_terms = terms_of(doc)
    direct_ids = {p.response_id for p in out}
    for r in candidates:
        if r.id in direct_ids or r.reply_to or r.quote_of:
            continue
        if (p := topical(doc, r, idf, settings, s_terms, terms_of(r), memo)) is not None:
            out.append(p)
    return out


QUERY_TERMS = 12  # a post's most telling terms, looked up in the full-text index
CANDIDATES = 50  # posts considered per lookup, nearest in time first
# Index hits read per lookup, nearest in time first.  A flood where most of a
# three-hour window shares a post's terms would otherwise make every lookup
# read the whole window (pairing quadratic in the flood's size); with the
# bound, a lookup costs the same in a session of any size.
SCAN_MAX = 500


def _fts_term(term: str) -> str:
    if len(term) == 2 and _is_han_pair(term):
        return f'"{term[0]} {term[1]}"'  # the index holds one token per Han character
    if len(term) >= 7:
        return f'"{term}"*'  # a long word cut short: every word it begins
    return f'"{term}" OR "{term}s"'  # the word, or its plural


Lookup = tuple[Doc, str, str, str, set[str]]  # post, category sought, time range, its terms


def _lookup(doc: Doc, settings: PairingSettings, doc_terms: set[str]) -> Lookup | None:
    """What a post's topical candidates are sought among: official statements
    in the window before a civil-society post (not a reply or quote: those
    answer what they reply to or quote), civil-society posts in the window
    after a statement."""
    if doc.category == "civil_society":
        if doc.reply_to or doc.quote_of or is_coverage(doc.text):
            return None  # live coverage is never a topical answer: no candidates to score
        return doc, "official", _shift(doc.created_at, -settings.window_s), doc.created_at, doc_terms
    return doc, "civil_society", doc.created_at, _shift(doc.created_at, settings.window_s), doc_terms


def _near_all(conn: sqlite3.Connection, lookups: Iterable[Lookup | None], idf: Any,
              settings: PairingSettings) -> dict[int, list[Doc]]:
    """For each lookup (post, category, lo, hi, terms): the posts of
    ``category`` written between ``lo`` and ``hi`` that share one of the
    post's most telling terms (found with the full-text index, whose rows are
    keyed by time) and are on its agenda item or share one of its own
    hashtags, nearest in time first (at most SCAN_MAX index hits read), at
    most CANDIDATES: the only ones a topical pair
    can come from.

    One full-text query per post (the index alone, no joins); the posts it
    finds are then read once for the whole batch, with their categories and
    hashtags, and filtered here as a join per post would."""
    meeting = {t.lower() for t in settings.meeting_hashtags}
    plans: list[tuple[Doc, str, list[str], list[int]]] = []
    wanted: set[int] = set()
    for lookup in lookups:
        if lookup is None:
            continue
        doc, category, lo, hi, doc_terms = lookup
        if not doc_terms:
            continue
        tags = [t for t in doc.hashtags if t not in meeting][:20]
        if doc.agenda_item is None and not tags:
            continue
        best = sorted(doc_terms, key=lambda t: (-idf(t), t))[:QUERY_TERMS]
        # A statement looks ahead for its answers, an answer back for its
        # statement: either way the nearest come first.
        order = "ASC" if category == "civil_society" else "DESC"
        try:
            rows = conn.execute(
                "SELECT rowid FROM posts_fts WHERE posts_fts MATCH ? AND rowid BETWEEN ? AND ? "
                f"ORDER BY rowid {order} LIMIT ?",
                (" OR ".join(_fts_term(t) for t in best), fts_rowid(0, lo),
                 fts_rowid(FTS_ID_MASK, hi), SCAN_MAX)).fetchall()
        except sqlite3.OperationalError:  # a query the index refuses: no candidates, never a crash
            continue
        ids = [r[0] & FTS_ID_MASK for r in rows]
        wanted.update(ids)
        plans.append((doc, category, tags, ids))
    if not plans:
        return {}
    pool: dict[int, Doc] = {}
    ordered = sorted(wanted)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i:i + 500]
        pool.update((d.id, d) for d in _docs(
            conn, f"p.id IN ({','.join('?' * len(chunk))}) AND a.category IN (?, ?)",
            [*chunk, *PAIRED]))
    tagged: set[tuple[str, int]] = set()
    all_tags = sorted({t for _, _, tags, _ in plans for t in tags})
    if pool and all_tags:
        lo_id, hi_id = min(pool), max(pool)
        for i in range(0, len(all_tags), 200):
            chunk_t = all_tags[i:i + 200]
            tagged.update(conn.execute(
                f"SELECT tag, post_id FROM post_hashtags WHERE tag IN "
                f"({','.join('?' * len(chunk_t))}) AND post_id BETWEEN ? AND ?",
                [*chunk_t, lo_id, hi_id]))
    out: dict[int, list[Doc]] = {}
    for doc, category, tags, ids in plans:
        item = doc.agenda_item
        found: list[Doc] = []
        for pid in ids:
            d = pool.get(pid)
            if d is None or d.category != category:
                continue
            if (item is not None and d.agenda_item == item) or any((t, pid) in tagged for t in tags):
                found.append(d)
                if len(found) >= CANDIDATES:
                    break
        out[doc.id] = [d for d in found if d.id != doc.id]
    return out


def recompute_pairs(conn: sqlite3.Connection, settings: PairingSettings = DEFAULT) -> int:
    """Pair the whole log anew; returns the number of pairs."""
    conn.execute("DELETE FROM pairs")
    ids = [r[0] for r in conn.execute(
        "SELECT p.id FROM posts p JOIN accounts a ON a.id = p.account_id "
        "WHERE a.category = 'civil_society' ORDER BY p.created_at")]
    for i in range(0, len(ids), 2000):
        update_pairs(conn, ids[i:i + 2000], settings)
    return int(conn.execute("SELECT COUNT(*) FROM pairs").fetchone()[0])


PAIR_FIELDS = ("statement", "response", "reason", "score", "kind", "statement_author",
               "response_author", "statement_created_at", "response_created_at", "agenda_item",
               "statement_text", "response_text", "statement_network", "response_network",
               "statement_id", "response_id")


def list_pairs(conn: sqlite3.Connection, *, statement_id: int | None = None,
               response_id: int | None = None, item: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
    """Pairs, statement by statement (oldest first), strongest answer first."""
    where: list[str] = []
    params: list[Any] = []
    if statement_id is not None:
        where.append("pr.statement_id = ?")
        params.append(statement_id)
    if response_id is not None:
        where.append("pr.response_id = ?")
        params.append(response_id)
    if item:
        where.append("s.agenda_item = ?")
        params.append(item)
    sql = (
        "SELECT s.uid, r.uid, pr.reason, pr.score, pr.kind, sa.handle, ra.handle, s.created_at, "
        "r.created_at, s.agenda_item, s.text, r.text, s.network, r.network, s.id, r.id "
        "FROM pairs pr JOIN posts s ON s.id = pr.statement_id JOIN posts r ON r.id = pr.response_id "
        "JOIN accounts sa ON sa.id = s.account_id JOIN accounts ra ON ra.id = r.account_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY s.created_at, s.id, pr.score DESC, r.created_at"
        + (" LIMIT ?" if limit else ""))
    if limit:
        params.append(limit)
    return [dict(zip(PAIR_FIELDS, r, strict=True)) for r in conn.execute(sql, params)]


STATEMENT_FIELDS = ("id", "uid", "author", "author_name", "created_at", "text", "agenda_item",
                    "network", "deleted_at", "answers", "best")


def statements(conn: sqlite3.Connection, *, answered_only: bool = False, limit: int = 2000,
               post_id: int | None = None) -> list[dict[str, Any]]:
    """Official statements, newest first, with how many answers each has and
    the strongest answer's score (``post_id``: that statement only)."""
    having = "WHERE answers > 0" if answered_only else ""
    only = f"AND p.id = {int(post_id)}" if post_id is not None else ""
    sql = f"""
        SELECT * FROM (
            SELECT p.id, p.uid, a.handle, a.display_name, p.created_at, p.text, p.agenda_item,
                   p.network, p.deleted_at,
                   (SELECT COUNT(*) FROM pairs WHERE statement_id = p.id) AS answers,
                   (SELECT MAX(score) FROM pairs WHERE statement_id = p.id) AS best
            FROM posts p JOIN accounts a ON a.id = p.account_id
            WHERE a.category = 'official' {only}
        ) {having}
        ORDER BY created_at DESC, id DESC LIMIT ?"""
    return [dict(zip(STATEMENT_FIELDS, r, strict=True)) for r in conn.execute(sql, (limit,))]


def pair_of(conn: sqlite3.Connection, post_id: int) -> tuple[int | None, int | None]:
    """Where a post stands in the pairs: (statement, response) — the post
    itself as a statement, or as an answer with its strongest statement; or
    (None, None) when it is in no pair."""
    row = conn.execute("SELECT 1 FROM pairs WHERE statement_id = ? LIMIT 1", (post_id,)).fetchone()
    if row is not None:
        return post_id, None
    row = conn.execute("SELECT statement_id FROM pairs WHERE response_id = ? "
                       "ORDER BY score DESC LIMIT 1", (post_id,)).fetchone()
    if row is not None:
        return int(row[0]), post_id
    official = conn.execute("SELECT 1 FROM posts p JOIN accounts a ON a.id = p.account_id "
                            "WHERE p.id = ? AND a.category = 'official'", (post_id,)).fetchone()
    return (post_id, None) if official else (None, None)
