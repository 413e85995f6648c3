"""Every table a spreadsheet user needs, as rows for ``meetwatch export
--table NAME``.  Posts are exported by ``queries.iter_posts`` (the contract's
post rows); everything else is one SELECT here that names posts by ``uid``
rather than by the log's internal row ids, in a stable order."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

_UID = "(SELECT uid FROM posts WHERE id = {col})"

TABLES: dict[str, str] = {
    "accounts": "SELECT a.network, a.key, a.handle, a.display_name, a.url, a.bio, a.category, "
                "a.category_source, a.status, a.first_seen, a.last_seen, "
                "(SELECT COUNT(*) FROM posts p WHERE p.account_id = a.id) AS posts "
                "FROM accounts a ORDER BY a.network, a.handle, a.id",
    "flags": "SELECT uid, category, severity, rule, evidence, state, review_note, reviewed_at, "
             "flagged_at, author, author_category, post_created_at, agenda_item, url, deleted_at "
             "FROM flag_outcomes ORDER BY post_created_at, flag_id",
    "flag_reviews": "SELECT uid, rule, evidence, state, at, note FROM flag_reviews ORDER BY at, id",
    "pairs": "SELECT s.uid AS statement, r.uid AS response, x.kind, x.reason, x.score, "
             "x.created_at FROM pairs x JOIN posts s ON s.id = x.statement_id "
             "JOIN posts r ON r.id = x.response_id ORDER BY s.created_at, x.score DESC, x.id",
    "agenda_items": "SELECT item, title, starts_at, ends_at, hashtags, keywords, speakers, "
                    "(SELECT COUNT(*) FROM posts p WHERE p.agenda_item = agenda_items.item) "
                    "AS posts FROM agenda_items ORDER BY starts_at IS NULL, starts_at, item",
    "connection_events": "SELECT source, kind, at, detail, gap_start, gap_end, filled "
                         "FROM connection_events ORDER BY at, id",
    "post_versions": f"SELECT {_UID.format(col='v.post_id')} AS uid, v.version, v.text, "
                     "v.edited_at, v.received_at FROM post_versions v ORDER BY v.post_id, "
                     "v.edited_at IS NOT NULL, v.edited_at, v.id",
    "deletions": "SELECT network, uid, target, local_id, server, deleted_at, received_at "
                 "FROM deletions ORDER BY deleted_at, id",
    "shares": "SELECT uid, network, (SELECT handle FROM accounts WHERE id = s.account_id) "
              "AS author, original_uid, created_at, deleted_at FROM shares s "
              "ORDER BY created_at, id",
    "hashtags": f"SELECT h.tag AS hashtag, {_UID.format(col='h.post_id')} AS uid "
                "FROM post_hashtags h ORDER BY h.tag, h.post_id",
    "statements_with_responses": "SELECT * FROM statements_with_responses "
                                 "ORDER BY statement_created_at, statement_uid, score DESC",
    "open_flags": "SELECT uid, category, severity, rule, evidence, author, post_created_at, "
                  "agenda_item, url FROM open_flags ORDER BY post_created_at, flag_id",
    "volume_per_minute": "SELECT * FROM volume_per_minute ORDER BY 1, 2, 3",
    "share_of_voice": "SELECT * FROM share_of_voice ORDER BY posts DESC, 1",
    "share_of_voice_per_item": "SELECT * FROM share_of_voice_per_item "
                               "ORDER BY agenda_item IS NULL, agenda_item, posts DESC, 2",
    "coverage_gaps": "SELECT * FROM coverage_gaps ORDER BY gap_start, source",
}
NAMES = ("posts", *TABLES)
ITEM_TABLES = frozenset({"posts", "flags", "agenda_items", "statements_with_responses", "open_flags",
                         "volume_per_minute", "share_of_voice_per_item"})


def iter_table(conn: sqlite3.Connection, name: str,
               item: str | None = None) -> tuple[list[str], Iterator[dict[str, Any]]]:
    """The columns and rows (dicts) of one exportable table or view;
    ``item``: only the rows of that agenda item (ValueError if the table
    has no agenda item)."""
    cur = conn.execute(TABLES[name])
    columns = [d[0] for d in cur.description]
    key = "item" if name == "agenda_items" else "agenda_item"
    if item is not None and key not in columns:
        cur.close()
        raise ValueError(f"{name} rows have no agenda item; --item applies to "
                         + ", ".join(n for n in NAMES if n in ITEM_TABLES))

    def rows() -> Iterator[dict[str, Any]]:
        while batch := cur.fetchmany(1000):
            for r in batch:
                row = dict(zip(columns, r, strict=True))
                if item is None or row[key] == item:
                    yield row

    return columns, rows()


def datasette_metadata(db_name: str) -> dict[str, Any]:
    """The shipped Datasette metadata (meetwatch/datasette-metadata.json),
    keyed by ``db_name`` — Datasette names a database after its file's stem."""
    import json
    from importlib.resources import files

    meta: dict[str, Any] = json.loads(
        files("meetwatch").joinpath("datasette-metadata.json").read_text(encoding="utf-8"))
    meta["databases"] = {db_name: meta["databases"]["meetwatch"]}
    return meta
