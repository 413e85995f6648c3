"""The single writer of the log.

:class:`LogWriter` applies parsed events to SQLite inside explicit
transactions.  New posts — the overwhelming majority of a flood — are queued
and written with ``executemany`` when the batch commits; anything that touches
a post already queued flushes the queue first, so every event sees the state
the events before it left.  A batch is atomic: a crash (even SIGKILL) loses at
most the batch in progress, and re-applying any event is a no-op, so
re-running an interrupted import completes it without duplicates.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any
from dataclasses import dataclass, field

import orjson

from meetwatch.core.models import (
    Account,
    AccountChange,
    ConnectionEvent,
    Deletion,
    Event,
    Notice,
    Post,
    RawEvent,
    Share,
    raw_digest,
)
from meetwatch.core.accounts import infer_category, infer_country
from meetwatch.core.pairing import PairingSettings
from meetwatch.core.programme import Programme
from meetwatch.core.text import post_search_text
from meetwatch.store import flags as flagstore
from meetwatch.core.watch import handle_key
from meetwatch.store.pairs import update_pairs
from meetwatch.store.schema import fts_rowid, migrate, open_db

if TYPE_CHECKING:
    from meetwatch.core.flags import FlagConfig, FlagEngine

MAX_PAYLOAD = 4 * 1024 * 1024  # bytes of one raw frame kept verbatim
ACCOUNT_CACHE = 50_000  # accounts remembered between lookups


@dataclass(slots=True)
class Outcome:
    """What one raw event did: counts by kind of effect."""

    imported: int = 0
    updated: int = 0
    duplicate: int = 0
    other: int = 0
    new_post_ids: list[int] = field(default_factory=list)
    changed_post_ids: list[int] = field(default_factory=list)


class LogWriter:
    """Owns the one writing connection to a log file.  Not thread-safe: one
    thread writes (the store's writer task, or the import loop)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn = open_db(path)
        # The writer alone gets a larger page cache and fewer, larger WAL
        # checkpoints: both bounded, both measured to matter in a flood.
        self.conn.execute("PRAGMA cache_size=-65536")
        self.conn.execute("PRAGMA wal_autocheckpoint=10000")
        migrate(self.conn)
        self._in_tx = False
        # handle_key -> category, from the watch file's [accounts]
        self.categories: dict[str, str] = {}
        # handle_key -> {"country", "organisation"}, from [accounts.details]
        self.details: dict[str, dict[str, str]] = {}
        self._accounts: dict[tuple[str, str], tuple[int, str, str, str | None, str]] = {}
        self._next_post_id = self._max_id("posts") + 1
        self._next_account_id = self._max_id("accounts") + 1
        self._q_accounts: list[tuple[object, ...]] = []
        self._next_raw_id = self._max_id("raw_events") + 1
        # queued new posts: uid -> post id; flushed at commit
        self._queued: dict[str, int] = {}
        self._q_raw: list[tuple[object, ...]] = []
        self._q_posts: list[tuple[object, ...]] = []
        # (rowid, command, search text): command None inserts, 'delete' removes
        self._q_fts: list[tuple[int, str | None, str]] = []
        self._q_tags: list[tuple[str, int]] = []
        self._q_local: list[tuple[str, str, str]] = []  # (uid, network, local_id)
        self._queued_local: dict[tuple[str, str], str] = {}  # (network, local_id) -> uid
        # prefetch(): uid -> existing row (None: known absent).  Entries are popped
        # when used, and nothing else changes the columns they hold, so they stay
        # valid until the next prefetch replaces them.
        self._known: dict[str, tuple[Any, ...] | None] = {}
        self._prefetched = False
        # Flag rules (set_flags): None computes no flags.
        self.flag_config: FlagConfig | None = None
        self.flagger: FlagEngine | None = None
        self._q_flags: list[tuple[object, ...]] = []
        # The meeting's programme (set_programme): posts are tagged with its items.
        self.programme: Programme | None = None
        # Statement/response pairing (None: off); new and edited posts wait for the commit.
        self.pairing: PairingSettings | None = PairingSettings()
        self._pair_new: list[int] = []
        self._pair_changed: list[int] = []
        self._pending_deletes: set[tuple[str, str]] = {
            (n, t) for n, t in self.conn.execute("SELECT network, target FROM deletions WHERE uid IS NULL")
        }

    def set_flags(self, config: FlagConfig | None) -> list[str]:
        """Compute flags with the rules of ``config`` (None: no flags).
        Returns the problems met loading the rules (never fatal)."""
        self.flag_config = config
        if config is None:
            self.flagger = None
            return []
        from meetwatch.core.flags import load_engine

        self.flagger, problems = load_engine(config)
        return list(problems)

    def set_programme(self, programme: Programme | None) -> int:
        """Tag posts with ``programme``'s agenda items from now on, store it
        in the log, and re-tag the posts already there if it changed (returns
        how many posts changed).  None keeps the log's programme, if any."""
        from meetwatch.store.agenda import load_agenda, retag_posts, save_agenda

        if programme is None:
            self.programme = load_agenda(self.conn)
            return 0
        self.programme = programme
        self.begin()
        changed = retag_posts(self.conn, programme) if save_agenda(self.conn, programme) else 0
        self.commit()
        return changed

    # -- transactions ------------------------------------------------------------

    def begin(self) -> None:
        if not self._in_tx:
            self.conn.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self._flush()
            if self._pair_new or self._pair_changed:
                self._pair()
            self.conn.execute("COMMIT")
            self._in_tx = False

    def _pair(self) -> None:
        new, changed = self._pair_new, self._pair_changed
        self._pair_new, self._pair_changed = [], []
        if self.pairing is not None:
            update_pairs(self.conn, new, self.pairing, changed)

    def close(self) -> None:
        self.commit()
        self.conn.close()

    def __enter__(self) -> LogWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            if self._in_tx:
                self.conn.execute("ROLLBACK")
                self._in_tx = False
            self.conn.close()

    # -- raw events --------------------------------------------------------------

    def add_raw(self, raw: RawEvent, error: str | None = None) -> None:
        """Store a raw frame unless an identical one is stored already."""
        self.begin()
        payload = raw.payload
        if len(payload) > MAX_PAYLOAD:
            payload = payload[:MAX_PAYLOAD]
        d = raw.digest if raw.digest is not None and payload is raw.payload else raw_digest(
            raw.format, payload)
        self._q_raw.append((self._next_raw_id, raw.source, raw.format, raw.received_at, raw.line_no,
                            payload, d, error))
        self._next_raw_id += 1

    def prefetch(self, uids: list[str]) -> None:
        """Look up many posts in one query before applying their events.

        Optional: it only saves the per-post lookup in a flood of new posts.
        """
        if self._queued:
            self._flush()  # the lookup must see the posts queued so far
        self._known.clear()
        for i in range(0, len(uids), 500):
            chunk = uids[i:i + 500]
            self._known.update((u, None) for u in chunk)
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT uid, id, version, edited_at, text, html, received_at, created_at, hashtags, "
                f"title FROM posts "
                f"WHERE uid IN ({marks})", chunk):
                self._known[row[0]] = row[1:]
        self._prefetched = True

    # -- events ------------------------------------------------------------------

    def apply(self, events: list[Event], received_at: str, server: str = "") -> Outcome:
        self.begin()
        out = Outcome()
        for ev in events:
            if isinstance(ev, Post):
                self._apply_post(ev, received_at, server, out)
            elif isinstance(ev, Share):
                self._apply_share(ev, received_at, server, out)
            elif isinstance(ev, Deletion):
                self._apply_deletion(ev, received_at, server, out)
            elif isinstance(ev, AccountChange):
                self._account_id(ev.account, received_at, status=ev.status)
                out.other += 1
            elif isinstance(ev, Notice):
                out.other += 1
        return out

    def add_connection_event(self, ev: ConnectionEvent) -> None:
        self.begin()
        self.conn.execute(
            "INSERT INTO connection_events (source, kind, at, detail, gap_start, gap_end, filled) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (ev.source, ev.kind, ev.at, ev.detail, ev.gap_start, ev.gap_end,
             None if ev.filled is None else int(ev.filled)),
        )

    def set_meta(self, key: str, value: str) -> None:
        """Remember a value in the log's ``meta`` table (replaces the old one)."""
        self.begin()
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # -- accounts ----------------------------------------------------------------

    def _account_id(self, acc: Account, seen: str, status: str | None = None) -> int:
        ck = (acc.network, acc.key)
        cached = self._accounts.get(ck)
        if cached is None and status is None:
            cached = self._load_account(ck)
            if cached is None:
                return self._queue_new_account(acc, seen)
        if cached is not None and status is None:
            aid, handle, name, url, bio = cached
            # Commits carry only the DID as handle: never let that overwrite a
            # real handle learnt from an identity event.
            if (acc.handle in (handle, acc.key) and (not acc.display_name or acc.display_name == name)
                    and (acc.url is None or acc.url == url) and (not acc.bio or acc.bio == bio)):
                return aid
        if self._q_accounts:
            self._flush()  # the upsert below must see queued accounts
        category, category_source = self._category(acc)
        row = self.conn.execute(
            """
            INSERT INTO accounts (network, key, handle, display_name, url, bio, category,
                                  category_source, status, first_seen, last_seen, country,
                                  organisation)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(network, key) DO UPDATE SET
                handle = CASE WHEN excluded.handle = accounts.key THEN accounts.handle
                              ELSE excluded.handle END,
                display_name = CASE WHEN excluded.display_name = '' THEN accounts.display_name
                                    ELSE excluded.display_name END,
                url = COALESCE(excluded.url, accounts.url),
                bio = CASE WHEN excluded.bio = '' THEN accounts.bio ELSE excluded.bio END,
                category = CASE WHEN excluded.category_source = 'watch'
                                  OR (COALESCE(accounts.category_source, 'inferred') = 'inferred'
                                      AND excluded.category_source IS NOT NULL)
                                THEN excluded.category ELSE accounts.category END,
                category_source = CASE WHEN excluded.category_source = 'watch'
                                  OR (COALESCE(accounts.category_source, 'inferred') = 'inferred'
                                      AND excluded.category_source IS NOT NULL)
                                THEN excluded.category_source ELSE accounts.category_source END,
                status = COALESCE(excluded.status, accounts.status),
                country = COALESCE(excluded.country, accounts.country),
                organisation = COALESCE(excluded.organisation, accounts.organisation),
                last_seen = MAX(COALESCE(accounts.last_seen, ''), excluded.last_seen)
            RETURNING id, handle, display_name, url, bio
            """,
            (acc.network, acc.key, acc.handle, acc.display_name, acc.url, acc.bio, category,
             category_source, status, seen, seen, *self._details(acc)),
        ).fetchone()
        self._remember_account(ck, (row[0], row[1], row[2], row[3], row[4]))
        return int(row[0])

    def _category(self, acc: Account) -> tuple[str, str | None]:
        watched = self.categories.get(handle_key(acc.handle)) or self.categories.get(acc.key.lower())
        if watched:
            return watched, "watch"
        if acc.category:
            return acc.category, "source"
        if acc.display_name or acc.bio:
            guess = infer_category(acc.display_name, acc.bio)
            if guess is not None:
                return guess[0], "inferred"
        return "other", None

    def _details(self, acc: Account) -> tuple[str | None, str | None]:
        """(country, organisation): the watch file's, else a mission's profile."""
        given = self.details.get(handle_key(acc.handle)) or self.details.get(acc.key.lower()) or {}
        country = given.get("country")
        if country is None and (acc.display_name or acc.bio):
            country = infer_country(acc.display_name, acc.bio)
        return country, given.get("organisation")

    def _load_account(self, ck: tuple[str, str]) -> tuple[int, str, str, str | None, str] | None:
        row = self.conn.execute(
            "SELECT id, handle, display_name, url, bio FROM accounts WHERE network = ? AND key = ?", ck
        ).fetchone()
        if row is None:
            return None
        cached = (row[0], row[1], row[2], row[3], row[4])
        self._remember_account(ck, cached)
        return cached

    def _queue_new_account(self, acc: Account, seen: str) -> int:
        aid = self._next_account_id
        self._next_account_id += 1
        category, category_source = self._category(acc)
        self._q_accounts.append((aid, acc.network, acc.key, acc.handle, acc.display_name, acc.url,
                                 acc.bio, category, category_source, seen, seen, *self._details(acc)))
        self._remember_account((acc.network, acc.key),
                               (aid, acc.handle, acc.display_name, acc.url, acc.bio))
        return aid

    def _remember_account(self, ck: tuple[str, str],
                          value: tuple[int, str, str, str | None, str]) -> None:
        if len(self._accounts) >= ACCOUNT_CACHE:
            self._accounts.clear()  # bounded memory in a firehose of strangers
        self._accounts[ck] = value

    # -- posts -------------------------------------------------------------------

    def _apply_post(self, p: Post, received_at: str, server: str, out: Outcome) -> None:
        if p.uid in self._queued:
            self._flush()
        if self._prefetched and p.uid in self._known:
            row = self._known.pop(p.uid)
        else:
            row = self.conn.execute(
                "SELECT id, version, edited_at, text, html, received_at, created_at, hashtags, title "
                "FROM posts WHERE uid = ?",
                (p.uid,),
            ).fetchone()
        account_id = self._account_id(p.author, received_at)
        if row is None:
            self._queue_new_post(p, account_id, received_at, server)
            out.imported += 1
            out.new_post_ids.append(self._queued[p.uid])
            return
        post_id, version, edited_at, text, html, first_received, created_at, old_tags, title = row
        if p.version == version:
            out.duplicate += 1
            return
        known = self.conn.execute(
            "SELECT 1 FROM post_versions WHERE post_id = ? AND version = ?", (post_id, p.version)
        ).fetchone()
        if known:
            out.duplicate += 1
            return
        has_history = self.conn.execute(
            "SELECT 1 FROM post_versions WHERE post_id = ? LIMIT 1", (post_id,)
        ).fetchone()
        ins = ("INSERT OR IGNORE INTO post_versions (post_id, version, text, html, edited_at, "
               "received_at) VALUES (?, ?, ?, ?, ?, ?)")
        if not has_history:
            self.conn.execute(ins, (post_id, version, text, html, edited_at, first_received))
        self.conn.execute(ins, (post_id, p.version, p.text, p.html, p.edited_at, received_at))
        # An older version arriving late goes into the history only.
        if p.edited_at is None or (edited_at is not None and p.edited_at < edited_at):
            out.updated += 1
            return
        self.conn.execute(
            "UPDATE posts SET text = ?, html = ?, title = ?, version = ?, edited_at = ?, lang = ?, "
            "hashtags = ?, metrics = ? WHERE id = ?",
            (p.text, p.html, p.title, p.version, p.edited_at, p.lang,
             orjson.dumps(list(p.hashtags)).decode(), orjson.dumps(p.metrics).decode(), post_id),
        )
        if self.programme is not None:  # an edit may add or drop an item's keyword
            tag = self.programme.tag(created_at, p.hashtags, p.text)
            self.conn.execute("UPDATE posts SET agenda_item = ?, agenda_reason = ? WHERE id = ?",
                              (tag[0] if tag else None, tag[1] if tag else None, post_id))
        # A contentless index forgets a row by being told exactly what it indexed.
        key = fts_rowid(post_id, created_at)
        old_tags_list = orjson.loads(old_tags)
        old_search = post_search_text(title, text, old_tags_list)
        self._q_fts.append((key, "delete", old_search))
        self._q_fts.append((key, None, _search_of(p)))
        self.conn.executemany("DELETE FROM post_hashtags WHERE tag = ? AND post_id = ?",
                              [(t, post_id) for t in old_tags_list])
        self.conn.executemany("INSERT OR IGNORE INTO post_hashtags (tag, post_id) VALUES (?, ?)",
                              [(t, post_id) for t in p.hashtags])
        if self.flagger is not None:
            self._queue_flags(p, post_id, account_id, received_at)  # the new text's flags
        self._pair_changed.append(post_id)
        out.updated += 1
        out.changed_post_ids.append(post_id)

    def _queue_new_post(self, p: Post, account_id: int, received_at: str, server: str) -> None:
        pid = self._next_post_id
        self._next_post_id += 1
        self._queued[p.uid] = pid
        reply_to, quote_of = p.reply_to, p.quote_of
        if reply_to is None and p.reply_to_local:
            reply_to = self._uid_for_local(p.network, server, p.reply_to_local)
        if quote_of is None and p.quote_of_local:
            quote_of = self._uid_for_local(p.network, server, p.quote_of_local)
        deleted_at = None
        if self._pending_deletes:
            deleted_at = self._claim_pending_delete(p, server)
        tag = self.programme.tag(p.created_at, p.hashtags, p.text) if self.programme else None
        self._q_posts.append((
            pid, p.uid, p.network, account_id, p.url, p.title, p.text, p.html, p.created_at,
            received_at, p.lang, orjson.dumps(p.hashtags).decode(), reply_to, quote_of,
            p.reply_to_local, p.quote_of_local, server, p.local_id, p.version, p.edited_at,
            deleted_at, orjson.dumps(p.metrics).decode() if p.metrics else "{}",
            tag[0] if tag else None, tag[1] if tag else None,
        ))
        self._q_fts.append((fts_rowid(pid, p.created_at), None, _search_of(p)))
        self._pair_new.append(pid)
        if self.flagger is not None and p.flag_hits != ():  # () : computed ahead, no hits
            self._queue_flags(p, pid, account_id, received_at)
        for t in p.hashtags:
            self._q_tags.append((t, pid))
        if p.local_id and p.network == "mastodon":
            self._q_local.append((p.uid, p.network, p.local_id))
            self._queued_local[(p.network, p.local_id)] = p.uid

    def _queue_flags(self, p: Post, post_id: int, account_id: int, received_at: str) -> None:
        """Queue the flags of a post's text.  Hits come precomputed from the
        parsing process of a large import; only the author adjustment (own
        accounts) is made here, and only for the few posts with hits."""
        hits = p.flag_hits
        if hits is None:
            assert self.flagger is not None
            from meetwatch.core.flags import encode_hits

            hits = encode_hits(self.flagger.scan(p.text, lang=p.lang, at=p.created_at))
        if not hits:
            return
        from meetwatch.core.flags import raise_for_author

        category, source = self._category(p.author)
        if source != "watch":
            row = self.conn.execute("SELECT category FROM accounts WHERE id = ?", (account_id,)).fetchone()
            if row is not None:
                category = row[0]
        for rule, cat, severity, evidence, detail in raise_for_author(hits, category):
            self._q_flags.append((post_id, cat, severity, rule, evidence,
                                  orjson.dumps(detail).decode(), received_at))

    def _uid_for_local(self, network: str, server: str, local_id: str) -> str | None:
        queued = self._queued_local.get((network, local_id))
        if queued is not None:
            return queued
        row = self.conn.execute(
            "SELECT uid FROM posts WHERE network = ? AND local_id = ? ORDER BY server = ? DESC LIMIT 1",
            (network, local_id, server),
        ).fetchone()
        return row[0] if row else None

    def _claim_pending_delete(self, p: Post, server: str) -> str | None:
        for target in (p.uid, f"local:{server}:{p.local_id}" if p.local_id else None):
            if target and (p.network, target) in self._pending_deletes:
                self._pending_deletes.discard((p.network, target))
                row = self.conn.execute(
                    "UPDATE deletions SET uid = ? WHERE network = ? AND target = ? RETURNING deleted_at",
                    (p.uid, p.network, target),
                ).fetchone()
                return row[0] if row else None
        return None

    def _flush(self) -> None:
        c = self.conn
        if self._q_accounts:
            c.executemany(
                "INSERT INTO accounts (id, network, key, handle, display_name, url, bio, category, "
                "category_source, first_seen, last_seen, country, organisation) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._q_accounts)
            self._q_accounts.clear()
        if self._q_raw:
            c.executemany(
                "INSERT OR IGNORE INTO raw_events (id, source, format, received_at, line_no, payload, "
                "digest, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._q_raw)
        if self._q_posts:
            # Index pages are touched once per batch when keys arrive sorted.
            self._q_posts.sort(key=_second)
            c.executemany(
                "INSERT INTO posts (id, uid, network, account_id, url, title, text, html, created_at, "
                "received_at, lang, hashtags, reply_to, quote_of, reply_to_local, quote_of_local, "
                "server, local_id, version, edited_at, deleted_at, metrics, agenda_item, agenda_reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._q_posts)
            c.executemany("INSERT OR IGNORE INTO post_hashtags (tag, post_id) VALUES (?, ?)",
                          self._q_tags)
        if self._q_fts:
            # FTS5 writes a new segment whenever a rowid is lower than the last
            # one: apply each batch in rowid order (a stable sort keeps a
            # post's delete before its re-insert).
            self._q_fts.sort(key=_first)
            c.executemany("INSERT INTO posts_fts (posts_fts, rowid, search) VALUES (?, ?, ?)",
                          [(cmd, rowid, text) for rowid, cmd, text in self._q_fts])
        if self._q_flags:
            c.executemany(flagstore.INSERT_FLAG, self._q_flags)
            self._q_flags.clear()
        if self._q_local:
            # Replies and quotes that arrived before their parent learn its uid.
            c.executemany(
                "UPDATE posts SET reply_to = ? WHERE network = ? AND reply_to_local = ? "
                "AND reply_to IS NULL AND reply_to_local IS NOT NULL", self._q_local)
            c.executemany(
                "UPDATE posts SET quote_of = ? WHERE network = ? AND quote_of_local = ? "
                "AND quote_of IS NULL AND quote_of_local IS NOT NULL", self._q_local)
        self._queued.clear()
        self._q_raw.clear()
        self._q_posts.clear()
        self._q_fts.clear()
        self._q_tags.clear()
        self._q_local.clear()
        self._queued_local.clear()

    # -- shares and deletions ----------------------------------------------------

    def _apply_share(self, s: Share, received_at: str, server: str, out: Outcome) -> None:
        account_id = self._account_id(s.author, received_at)
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO shares (uid, network, account_id, original_uid, created_at, local_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (s.uid, s.network, account_id, s.original_uid, s.created_at, s.local_id),
        )
        if cur.rowcount:
            out.imported += 1
        else:
            out.duplicate += 1

    def _apply_deletion(self, d: Deletion, received_at: str, server: str, out: Outcome) -> None:
        if d.uid is None and not d.local_id:
            out.other += 1
            return
        if d.uid in self._queued or (d.network, d.local_id) in self._queued_local:
            self._flush()  # the UPDATE below must see the queued post
        deleted_at = d.deleted_at or received_at
        uid = d.uid
        if uid is None and d.local_id:
            uid = self._uid_for_local(d.network, server, d.local_id)
            if uid is None and self._delete_share(d, deleted_at, out):
                return
        target = d.uid if d.uid is not None else f"local:{server}:{d.local_id}"
        row = self.conn.execute("SELECT id, deleted_at FROM posts WHERE uid = ?",
                                (uid,)).fetchone() if uid else None
        # A deletion of a post not (yet) in the log waits, uid NULL, until it arrives.
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO deletions (network, target, uid, local_id, server, deleted_at, "
            "received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (d.network, target, uid if row else None, d.local_id, server, deleted_at, received_at),
        )
        if row is None:
            if cur.rowcount:
                self._pending_deletes.add((d.network, target))
                out.other += 1
            else:
                out.duplicate += 1
        elif row[1] is None:
            self.conn.execute("UPDATE posts SET deleted_at = ? WHERE id = ?", (deleted_at, row[0]))
            if self.flagger is not None:
                flagstore.flag_fast_delete(self.conn, row[0], deleted_at, received_at)
            out.updated += 1
            out.changed_post_ids.append(row[0])
        else:
            out.duplicate += 1

    def _delete_share(self, d: Deletion, deleted_at: str, out: Outcome) -> bool:
        """A Mastodon delete may withdraw a boost rather than a post."""
        row = self.conn.execute("SELECT id, deleted_at FROM shares WHERE network = ? AND local_id = ?",
                                (d.network, d.local_id)).fetchone()
        if row is None:
            return False
        if row[1] is None:
            self.conn.execute("UPDATE shares SET deleted_at = ? WHERE id = ?", (deleted_at, row[0]))
            out.updated += 1
        else:
            out.duplicate += 1
        return True

    # -- helpers -------------------------------------------------------------------

    def _max_id(self, table: str) -> int:
        row = self.conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()
        return int(row[0] or 0)


def _first(item: tuple[int, str | None, str]) -> int:
    return item[0]


def _second(item: tuple[Any, ...]) -> Any:
    return item[1]


def _search_of(p: Post) -> str:
    return p.search if p.search is not None else post_search_text(p.title, p.text, p.hashtags)



def apply_watch_accounts(conn: sqlite3.Connection, categories: dict[str, str],
                         details: dict[str, dict[str, str]] | None = None) -> int:
    """Give accounts already in the log the category (and country or
    organisation) the watch file names.

    Returns the number of accounts whose category changed.  The watch file
    always wins over a category the source implied or a heuristic inferred.
    """
    changed = 0
    rows = conn.execute("SELECT id, handle, key, category, category_source FROM accounts").fetchall()
    for aid, handle, key, category, source in rows:
        given = (details or {}).get(handle_key(handle)) or (details or {}).get(key.lower())
        if given:
            conn.execute("UPDATE accounts SET country = COALESCE(?, country), "
                         "organisation = COALESCE(?, organisation) WHERE id = ?",
                         (given.get("country"), given.get("organisation"), aid))
        watched = categories.get(handle_key(handle)) or categories.get(key.lower())
        if watched and (watched != category or source != "watch"):
            conn.execute("UPDATE accounts SET category = ?, category_source = 'watch' WHERE id = ?",
                         (watched, aid))
            changed += 1
    return changed
