"""The log's schema, as sqlite-utils migrations.

One SQLite file, WAL mode, one writer.  Every change to the schema is a new
migration appended below; migrations that ran are recorded in
``_sqlite_migrations`` and never run twice.  Tables are plain SQL so that
sqlite3, Datasette and pandas read them without meetwatch.
"""

from __future__ import annotations

import functools
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "meetwatch"


def m001_session_log(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE raw_events (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,          -- 'file:NAME', 'mastodon:HOST', ...
            format TEXT NOT NULL,          -- 'mastodon-stream', 'jetstream', ...
            received_at TEXT NOT NULL,     -- ISO 8601 UTC
            line_no INTEGER,               -- line (or entry) number in a file
            payload TEXT NOT NULL,         -- the frame/line exactly as received
            digest BLOB NOT NULL,          -- blake2b(format, payload)
            error TEXT                     -- why it was rejected, NULL if parsed
        )"""
    )
    # One index serves both replay (received order) and idempotent re-import
    # (the same line at the same time is stored once).
    db.execute("CREATE UNIQUE INDEX raw_events_received ON raw_events(received_at, digest)")
    db.execute(
        """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            network TEXT NOT NULL,
            key TEXT NOT NULL,             -- account URL (Mastodon), DID, X user id, feed URL
            handle TEXT NOT NULL,
            display_name TEXT NOT NULL DEFAULT '',
            url TEXT,
            bio TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT 'other',
            category_source TEXT,          -- 'watch', 'source', 'inferred' or NULL
            status TEXT,                   -- 'active', 'deactivated', ...
            first_seen TEXT,
            last_seen TEXT,
            UNIQUE(network, key)
        )"""
    )
    db.execute("CREATE INDEX accounts_handle ON accounts(network, handle)")
    db.execute(
        """
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            network TEXT NOT NULL,
            account_id INTEGER NOT NULL REFERENCES accounts(id),
            url TEXT,
            title TEXT,
            text TEXT NOT NULL,
            html TEXT,
            created_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            lang TEXT,
            hashtags TEXT NOT NULL DEFAULT '[]',   -- JSON array, lower-case, no '#'
            reply_to TEXT,                          -- uid
            quote_of TEXT,                          -- uid
            reply_to_local TEXT,                    -- server-local id awaiting its uid
            quote_of_local TEXT,
            server TEXT NOT NULL DEFAULT '',        -- where local_id is valid
            local_id TEXT,
            version TEXT NOT NULL DEFAULT '',
            edited_at TEXT,
            deleted_at TEXT,
            metrics TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute("CREATE INDEX posts_created ON posts(created_at)")
    # No index on account_id: one more randomly-ordered index costs every
    # insert of a flood; per-account questions are answered by one scan.
    db.execute("CREATE INDEX posts_local ON posts(network, local_id) WHERE local_id IS NOT NULL")
    db.execute("CREATE INDEX posts_reply ON posts(reply_to) WHERE reply_to IS NOT NULL")
    db.execute("CREATE INDEX posts_quote ON posts(quote_of) WHERE quote_of IS NOT NULL")
    db.execute(
        "CREATE INDEX posts_reply_local ON posts(network, reply_to_local) "
        "WHERE reply_to_local IS NOT NULL AND reply_to IS NULL"
    )
    db.execute(
        "CREATE INDEX posts_quote_local ON posts(network, quote_of_local) "
        "WHERE quote_of_local IS NOT NULL AND quote_of IS NULL"
    )
    db.execute(
        """
        CREATE TABLE post_hashtags (
            tag TEXT NOT NULL,
            post_id INTEGER NOT NULL REFERENCES posts(id),
            PRIMARY KEY (tag, post_id)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE post_versions (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id),
            version TEXT NOT NULL,
            text TEXT NOT NULL,
            html TEXT,
            edited_at TEXT,                 -- NULL for the original
            received_at TEXT NOT NULL,
            UNIQUE(post_id, version)
        )"""
    )
    db.execute(
        """
        CREATE TABLE shares (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            network TEXT NOT NULL,
            account_id INTEGER NOT NULL REFERENCES accounts(id),
            original_uid TEXT NOT NULL,
            created_at TEXT NOT NULL,
            local_id TEXT,
            deleted_at TEXT
        )"""
    )
    db.execute("CREATE INDEX shares_original ON shares(original_uid)")
    db.execute(
        """
        CREATE TABLE deletions (
            id INTEGER PRIMARY KEY,
            network TEXT NOT NULL,
            target TEXT NOT NULL,           -- uid, or 'local:SERVER:ID' until resolved
            uid TEXT,                       -- the deleted post, once known
            local_id TEXT,
            server TEXT NOT NULL DEFAULT '',
            deleted_at TEXT NOT NULL,
            received_at TEXT NOT NULL,
            UNIQUE(network, target)
        )"""
    )
    db.execute("CREATE INDEX deletions_uid ON deletions(uid)")
    db.execute(
        """
        CREATE TABLE flags (
            id INTEGER PRIMARY KEY,
            post_id INTEGER NOT NULL REFERENCES posts(id),
            category TEXT NOT NULL,         -- leak, indiscretion, threat, harassment, pii
            severity TEXT NOT NULL,         -- critical, high, medium, low
            rule TEXT NOT NULL,
            evidence TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'open',
            UNIQUE(post_id, rule, evidence)
        )"""
    )
    db.execute(
        """
        CREATE TABLE connection_events (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,             -- connect, drop, reconnect, gap, error, stall
            at TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            gap_start TEXT,
            gap_end TEXT,
            filled INTEGER
        )"""
    )
    db.execute("CREATE INDEX connection_events_at ON connection_events(at)")
    db.execute(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
    )
    # Search text is folded by meetwatch.core.text.search_text (accents,
    # Arabic diacritics, one token per Han character), so the stock unicode61
    # tokenizer handles all six UN languages.  Rows are keyed by fts_rowid().
    # Contentless, without column sizes: the text lives in posts; the index
    # keeps only what MATCH needs (newest first, no bm25 ranking).
    db.execute(
        "CREATE VIRTUAL TABLE posts_fts USING fts5("
        "search, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.execute(
        """
        CREATE VIEW post_rows AS
        SELECT p.id, p.uid, p.network, p.url, a.handle AS author,
               a.display_name AS author_name, a.category AS author_category,
               p.title, p.text, p.created_at, p.received_at, p.lang, p.hashtags,
               p.reply_to, p.quote_of, p.deleted_at, p.edited_at, p.metrics
        FROM posts p JOIN accounts a ON a.id = p.account_id"""
    )


# The full-text index is keyed by time, so "newest first" is the index's own
# order and a page of results costs the same in a log of any size:
# rowid = (created_at in epoch seconds) << 29 | posts.id.  Injective while the
# log holds fewer than 2**29 (536 million) posts.
FTS_ID_BITS = 29
FTS_ID_MASK = (1 << FTS_ID_BITS) - 1
_MAX_SECONDS = (1 << (63 - FTS_ID_BITS)) - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@functools.lru_cache(maxsize=4096)
def _day_seconds(day: str) -> int:
    return int((datetime.fromisoformat(day).replace(tzinfo=UTC) - _EPOCH).total_seconds())


def fts_rowid(post_id: int, created_at: str) -> int:
    """The full-text index row of a post (see FTS_ID_BITS).  ``created_at`` is
    meetwatch's canonical ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""
    try:
        seconds = (_day_seconds(created_at[:10]) + int(created_at[11:13]) * 3600
                   + int(created_at[14:16]) * 60 + int(created_at[17:19]))
    except (ValueError, TypeError, OverflowError):
        seconds = 0
    return (min(max(seconds, 0), _MAX_SECONDS) << FTS_ID_BITS) | (post_id & FTS_ID_MASK)


def open_db(path: str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the pragmas every meetwatch connection uses."""
    if readonly:
        uri = Path(path).resolve().as_uri()  # quotes '?', '#', '%' and spaces
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
        # Only takes effect on a new file (before the first table).
        conn.execute("PRAGMA page_size=8192")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA foreign_keys=OFF")
    return conn


def m002_raw_feed_index(db: Database) -> None:
    """Feed documents by time, for the detail view's raw payload of a feed
    entry.  Partial: only feed documents (a few per poll) are indexed, so a
    flood of Mastodon or Jetstream frames costs nothing more."""
    db.execute("CREATE INDEX IF NOT EXISTS raw_events_feeds ON raw_events(received_at) "
               "WHERE format = 'rss'")


def m003_programme_pairs_reviews(db: Database) -> None:
    """Agenda items, statement/response pairs and flag reviews.

    ``agenda_items`` holds one row per scheduled slot of an item (an item may
    be on the floor more than once).  Posts carry the item they were tagged
    with and why.  ``pairs`` links an official statement to a post answering
    it.  ``flag_reviews`` keeps what a person decided about a flag, keyed by
    (uid, rule, evidence) rather than by flag id, so a decision survives
    re-computing the flags (replay, re-import) and is never lost.
    """
    db.execute(
        """
        CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            item TEXT NOT NULL,             -- as the programme names it: '4', '2.1'
            title TEXT NOT NULL DEFAULT '',
            starts_at TEXT,                 -- ISO 8601 UTC, NULL if unscheduled
            ends_at TEXT,
            hashtags TEXT NOT NULL DEFAULT '[]',   -- JSON arrays
            keywords TEXT NOT NULL DEFAULT '[]',
            speakers TEXT NOT NULL DEFAULT '[]',
            UNIQUE(item, starts_at)
        )"""
    )
    db.execute("ALTER TABLE posts ADD COLUMN agenda_item TEXT")
    db.execute("ALTER TABLE posts ADD COLUMN agenda_reason TEXT")
    db.execute("CREATE INDEX posts_agenda ON posts(agenda_item) WHERE agenda_item IS NOT NULL")
    db.execute(
        """
        CREATE TABLE pairs (
            id INTEGER PRIMARY KEY,
            statement_id INTEGER NOT NULL REFERENCES posts(id),
            response_id INTEGER NOT NULL REFERENCES posts(id),
            kind TEXT NOT NULL,             -- reply, quote, topical
            reason TEXT NOT NULL,
            score REAL NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE(statement_id, response_id)
        )"""
    )
    db.execute("CREATE INDEX pairs_response ON pairs(response_id)")
    db.execute(
        """
        CREATE TABLE flag_reviews (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL,
            rule TEXT NOT NULL,
            evidence TEXT NOT NULL,
            state TEXT NOT NULL,            -- acknowledged, dismissed, false_positive, open
            at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            UNIQUE(uid, rule, evidence)
        )"""
    )
    db.execute("DROP VIEW post_rows")
    db.execute(
        """
        CREATE VIEW post_rows AS
        SELECT p.id, p.uid, p.network, p.url, a.handle AS author,
               a.display_name AS author_name, a.category AS author_category,
               p.title, p.text, p.created_at, p.received_at, p.lang, p.hashtags,
               p.reply_to, p.quote_of, p.deleted_at, p.edited_at, p.metrics,
               p.agenda_item, p.agenda_reason
        FROM posts p JOIN accounts a ON a.id = p.account_id"""
    )


def m004_pairing_account_details(db: Database) -> None:
    """The country or organisation an account speaks for (from the watch
    file's ``[accounts.details]``, or read from a mission's profile), which
    pairing looks for in answers; pairs by statement, strongest first."""
    db.execute("ALTER TABLE accounts ADD COLUMN country TEXT")
    db.execute("ALTER TABLE accounts ADD COLUMN organisation TEXT")
    db.execute("CREATE INDEX pairs_statement ON pairs(statement_id, score DESC)")


def m005_evidence_views(db: Database) -> None:
    """Views for the common questions, so sqlite3, Datasette and pandas users
    need no join of their own: official statements with their responses and
    latency, flags with what was done about them (the review wins over the
    flag's own state), open flags, volume per minute, share of voice overall
    and per agenda item, and the connection log's coverage gaps."""
    db.execute(
        """
        CREATE VIEW statements_with_responses AS
        SELECT s.uid AS statement_uid, sa.handle AS statement_author,
               s.created_at AS statement_created_at, s.agenda_item,
               s.text AS statement_text, s.url AS statement_url,
               s.edited_at AS statement_edited_at, s.deleted_at AS statement_deleted_at,
               r.uid AS response_uid, ra.handle AS response_author,
               ra.category AS response_category, r.created_at AS response_created_at,
               r.text AS response_text, r.url AS response_url, x.kind, x.reason, x.score,
               CAST(round((julianday(r.created_at) - julianday(s.created_at)) * 86400)
                    AS INTEGER) AS latency_seconds
        FROM posts s JOIN accounts sa ON sa.id = s.account_id
        LEFT JOIN pairs x ON x.statement_id = s.id
        LEFT JOIN posts r ON r.id = x.response_id
        LEFT JOIN accounts ra ON ra.id = r.account_id
        WHERE sa.category = 'official'"""
    )
    db.execute(
        """
        CREATE VIEW flag_outcomes AS
        SELECT f.id AS flag_id, p.uid, p.url, a.handle AS author, a.category AS author_category,
               p.created_at AS post_created_at, p.agenda_item, f.category, f.severity, f.rule,
               f.evidence, COALESCE(r.state, f.state) AS state, r.note AS review_note,
               r.at AS reviewed_at, f.created_at AS flagged_at, p.deleted_at, p.text
        FROM flags f JOIN posts p ON p.id = f.post_id JOIN accounts a ON a.id = p.account_id
        LEFT JOIN flag_reviews r ON r.uid = p.uid AND r.rule = f.rule AND r.evidence = f.evidence"""
    )
    db.execute("CREATE VIEW open_flags AS SELECT * FROM flag_outcomes WHERE state = 'open'")
    db.execute(
        """
        CREATE VIEW volume_per_minute AS
        SELECT substr(p.created_at, 1, 16) || ':00Z' AS minute, p.agenda_item,
               a.category AS author_category, COUNT(*) AS posts
        FROM posts p JOIN accounts a ON a.id = p.account_id
        GROUP BY 1, 2, 3"""
    )
    db.execute(
        """
        CREATE VIEW share_of_voice_per_item AS
        SELECT p.agenda_item, a.category AS author_category, COUNT(*) AS posts,
               round(COUNT(*) * 1.0 / SUM(COUNT(*)) OVER (PARTITION BY p.agenda_item), 4) AS share
        FROM posts p JOIN accounts a ON a.id = p.account_id
        GROUP BY p.agenda_item, a.category"""
    )
    db.execute(
        """
        CREATE VIEW share_of_voice AS
        SELECT a.category AS author_category, COUNT(*) AS posts,
               round(COUNT(*) * 1.0 / SUM(COUNT(*)) OVER (), 4) AS share
        FROM posts p JOIN accounts a ON a.id = p.account_id
        GROUP BY a.category"""
    )
    db.execute(
        """
        CREATE VIEW coverage_gaps AS
        SELECT source, gap_start, gap_end, filled, detail, at AS noticed_at
        FROM connection_events WHERE kind = 'gap'"""
    )


def m007_flags_review_triggers(db: Database) -> None:
    """Reviews decide flag states, whichever arrives first.

    A review written (or copied from another log) sets the state of the
    matching flags; a flag computed later (replay, re-import, an edit, a
    fast delete) starts in the state a review already gave it.  Both go
    through ``flag_reviews``' unique (uid, rule, evidence) index and the
    posts' uid index: two lookups per flag, and flags are few."""
    db.execute(
        """
        CREATE TRIGGER flag_reviews_apply_insert AFTER INSERT ON flag_reviews BEGIN
            UPDATE flags SET state = NEW.state
            WHERE post_id = (SELECT id FROM posts WHERE uid = NEW.uid)
              AND rule = NEW.rule AND evidence = NEW.evidence;
        END""")
    db.execute(
        """
        CREATE TRIGGER flag_reviews_apply_update AFTER UPDATE OF state ON flag_reviews BEGIN
            UPDATE flags SET state = NEW.state
            WHERE post_id = (SELECT id FROM posts WHERE uid = NEW.uid)
              AND rule = NEW.rule AND evidence = NEW.evidence;
        END""")
    db.execute(
        """
        CREATE TRIGGER flags_reviewed_state AFTER INSERT ON flags
        WHEN EXISTS (SELECT 1 FROM flag_reviews r
                     WHERE r.uid = (SELECT uid FROM posts WHERE id = NEW.post_id)
                       AND r.rule = NEW.rule AND r.evidence = NEW.evidence)
        BEGIN
            UPDATE flags SET state = (
                SELECT r.state FROM flag_reviews r
                WHERE r.uid = (SELECT uid FROM posts WHERE id = NEW.post_id)
                  AND r.rule = NEW.rule AND r.evidence = NEW.evidence)
            WHERE id = NEW.id;
        END""")
    # Reviews written before the triggers existed.
    db.execute(
        """
        UPDATE flags SET state = (
            SELECT r.state FROM flag_reviews r JOIN posts p ON p.uid = r.uid
            WHERE p.id = flags.post_id AND r.rule = flags.rule AND r.evidence = flags.evidence)
        WHERE EXISTS (
            SELECT 1 FROM flag_reviews r JOIN posts p ON p.uid = r.uid
            WHERE p.id = flags.post_id AND r.rule = flags.rule AND r.evidence = flags.evidence)""")


# Every migration, in order.  Append; never edit one that has shipped.
MIGRATIONS = (m001_session_log, m002_raw_feed_index, m003_programme_pairs_reviews,
              m004_pairing_account_details, m005_evidence_views,
              m007_flags_review_triggers)


def migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations (sqlite-utils ``Migrations``).

    An up-to-date log is recognised from ``_sqlite_migrations`` directly, so
    opening it does not pay for importing sqlite-utils (and its numpy).
    """
    try:
        applied = {name for (name,) in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))}
    except sqlite3.OperationalError:
        applied = set()
    if all(m.__name__ in applied for m in MIGRATIONS):
        return
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations()(fn)
    migrations.apply(Database(conn))
