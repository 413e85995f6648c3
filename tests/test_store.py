"""The log's single writer: upserts, edits, deletions, shares, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from meetwatch.core.models import Account, AccountChange, Deletion, Post, RawEvent, Share
from meetwatch.store.queries import SearchError, accounts, iter_posts, search, totals
from meetwatch.store.schema import open_db
from meetwatch.store.writer import LogWriter, apply_watch_accounts

T0 = "2026-03-03T08:00:00.000Z"
ALICE = Account("mastodon", "https://ex.social/@alice", "@alice@ex.social", "Alice")
NORLAND = Account("bluesky", "did:plc:norland", "did:plc:norland")


def post(uid: str, text: str = "hello", *, account: Account = ALICE, **kw: object) -> Post:
    kw.setdefault("created_at", T0)
    return Post(uid, account.network, account, text, **kw)  # type: ignore[arg-type]


@pytest.fixture
def log(tmp_path: Path) -> tuple[LogWriter, Path]:
    path = tmp_path / "log.db"
    return LogWriter(str(path)), path


def rows(path: Path) -> dict[str, dict[str, object]]:
    return {r["uid"]: r for r in iter_posts(open_db(str(path), readonly=True))}


def test_new_post_then_same_post_again_is_a_duplicate(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    assert w.apply([post("u1", hashtags=("hrc61",))], T0).imported == 1
    assert w.apply([post("u1", hashtags=("hrc61",))], T0).duplicate == 1
    w.commit()
    w.commit()  # committing twice is harmless
    assert w.apply([post("u1")], T0).duplicate == 1
    w.close()
    r = rows(path)["u1"]
    assert r["author"] == "@alice@ex.social" and r["hashtags"] == ["hrc61"]
    assert r["flags"] == [] and r["deleted_at"] is None and r["edited_at"] is None
    assert totals(open_db(str(path)))["posts"] == 1


def test_edit_keeps_every_version_and_updates_text(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    w.apply([post("u1", "Statment on item 4", local_id="1")], T0)
    e1 = post("u1", "Statement on item 4", version="e1", edited_at="2026-03-03T08:05:00.000Z")
    e2 = post("u1", "Statement on item 4 (corrected)", version="e2",
              edited_at="2026-03-03T08:09:00.000Z")
    assert w.apply([e2], T0).updated == 1
    # The first edit arrives late: history only, the text stays the newest.
    assert w.apply([e1], T0).updated == 1
    assert w.apply([e1], T0).duplicate == 1
    w.close()
    r = rows(path)["u1"]
    assert r["text"] == "Statement on item 4 (corrected)"
    assert r["edited_at"] == "2026-03-03T08:09:00.000Z"
    conn = open_db(str(path))
    versions = conn.execute("SELECT version, text FROM post_versions ORDER BY edited_at IS NOT NULL, "
                            "edited_at").fetchall()
    assert versions == [("", "Statment on item 4"), ("e1", "Statement on item 4"),
                        ("e2", "Statement on item 4 (corrected)")]
    assert search(conn, "corrected")[0]["uid"] == "u1"
    assert search(conn, "statment") == []  # the index follows the current text


def test_mastodon_delete_by_local_id_keeps_the_text(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    w.apply([post("u1", "leaked draft", local_id="111")], T0)
    out = w.apply([Deletion("mastodon", local_id="111")], "2026-03-03T08:02:00.000Z")
    assert out.updated == 1
    assert w.apply([Deletion("mastodon", local_id="111")], T0).duplicate == 1
    w.close()
    r = rows(path)["u1"]
    assert r["text"] == "leaked draft"
    assert r["deleted_at"] == "2026-03-03T08:02:00.000Z"


def test_delete_before_post_is_applied_when_the_post_arrives(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    assert w.apply([Deletion("bluesky", uid="at://x/p/1", deleted_at=T0)], T0).other == 1
    assert w.apply([Deletion("mastodon", local_id="7")], T0).other == 1
    w.close()
    w = LogWriter(str(path))  # pending deletions survive a restart
    w.apply([post("at://x/p/1", account=NORLAND), post("u7", local_id="7")], T0)
    w.close()
    r = rows(path)
    assert r["at://x/p/1"]["deleted_at"] == T0
    assert r["u7"]["deleted_at"] == T0


def test_replies_by_local_id_resolve_in_either_order(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    w.apply([post("parent", local_id="1")], T0)
    w.apply([post("child", local_id="2", reply_to_local="1")], T0)
    w.commit()
    w.apply([post("orphan", local_id="4", reply_to_local="3", quote_of_local="3")], T0)
    w.apply([post("late-parent", local_id="3")], T0)
    w.close()
    r = rows(path)
    assert r["child"]["reply_to"] == "parent"
    assert r["orphan"]["reply_to"] == "late-parent"
    assert r["orphan"]["quote_of"] == "late-parent"


def test_shares_are_not_statements(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    original = post("orig")
    share = Share("boost1", "mastodon", ALICE, "orig", T0, original=original, local_id="9")
    out = w.apply([original, share], T0)
    assert out.imported == 2
    assert w.apply([original, share], T0).duplicate == 2
    assert w.apply([Deletion("mastodon", local_id="9")], T0).updated == 1
    w.close()
    conn = open_db(str(path))
    assert totals(conn)["posts"] == 1 and totals(conn)["shares"] == 1
    assert conn.execute("SELECT deleted_at FROM shares").fetchone()[0] == T0


def test_raw_events_are_stored_once(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    raw = RawEvent("file:a", "jetstream", T0, '{"did": "x"}', 1)
    w.add_raw(raw)
    w.add_raw(raw)
    w.commit()
    w.add_raw(raw)
    w.add_raw(RawEvent("file:a", "jetstream", T0, "bad", 2), error="not JSON")
    w.close()
    assert open_db(str(path)).execute(
        "SELECT line_no, error FROM raw_events ORDER BY id").fetchall() == [(1, None), (2, "not JSON")]


def test_identity_handle_survives_later_commits(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    w.categories = {"norland.bsky.example": "official"}
    w.apply([AccountChange(Account("bluesky", "did:plc:norland", "norland.bsky.example"))], T0)
    w.apply([post("at://n/1", account=NORLAND)], T0)
    w.close()
    r = rows(path)["at://n/1"]
    assert r["author"] == "norland.bsky.example"
    assert r["author_category"] == "official"


def test_watch_categories_override_source_categories(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    feed = Account("rss", "https://un.example/feed", "UN Rights", category="official")
    w.apply([post("rss1", account=feed), post("m1")], T0)
    w.close()
    conn = open_db(str(path))
    assert {r["handle"]: r["category"] for r in accounts(conn)} == {
        "UN Rights": "official", "@alice@ex.social": "other"}
    assert apply_watch_accounts(conn, {"alice@ex.social": "civil_society", "un rights": "media"}) == 2
    assert {r["handle"]: r["category"] for r in accounts(conn)} == {
        "UN Rights": "media", "@alice@ex.social": "civil_society"}


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("The Council adopted the resolution on freedom of expression", "freedom expression"),
        ("Le Conseil des droits de l'homme a adopté la déclaration", "adopte declaration"),
        ("La delegación de Valdoria rechaza el informe", "delegacion"),
        ("Постоянное представительство выступило с заявлением", "заявлением"),
        ("ندين بشدة انتهاكات حقوق الإنسان في نورلاند", "حقوق الانسان"),
        ("人权理事会第六十一届会议今天开幕", "人权理事会"),
        ("人权理事会第六十一届会议今天开幕", "开幕"),
    ],
)
def test_search_in_all_six_un_languages(log: tuple[LogWriter, Path], text: str, query: str) -> None:
    w, path = log
    w.apply([post("hit", text), post("miss", "unrelated words entirely")], T0)
    w.close()
    found = search(open_db(str(path), readonly=True), query)
    assert [r["uid"] for r in found] == ["hit"]


def test_search_is_newest_first_and_rejects_empty_queries(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    # Arrival order is not time order: a backfilled post arrives last.
    w.apply([post("new", "item four debate", created_at="2026-03-03T09:00:00.000Z"),
             post("old", "item four debate", created_at="2026-03-03T08:00:00.000Z")], T0)
    w.commit()
    w.apply([post("oldest", "debate backfilled", created_at="2026-03-02T08:00:00.000Z")], T0)
    w.apply([post("newest", "debate again", created_at="2026-03-03T10:00:00.000Z")], T0)
    w.close()
    conn = open_db(str(path), readonly=True)
    assert [r["uid"] for r in search(conn, "debate")] == ["newest", "new", "old", "oldest"]
    assert [r["uid"] for r in search(conn, "debate", limit=2)] == ["newest", "new"]
    assert [r["uid"] for r in search(conn, 'debate -"item four"')] == ["newest", "oldest"]
    assert [r["uid"] for r in search(conn, "deb*")] == ["newest", "new", "old", "oldest"]
    with pytest.raises(SearchError):
        search(conn, '"" -- ***')
    # Hostile FTS syntax is never a crash.
    for q in ['NEAR(', 'a AND', '"unbalanced', "col:umn", "^start", "x OR"]:
        search(conn, q)


def test_a_crashed_batch_leaves_no_partial_state(log: tuple[LogWriter, Path]) -> None:
    w, path = log
    w.apply([post("kept")], T0)
    w.commit()
    w.apply([post("lost")], T0)
    w.conn.close()  # the process dies before the batch commits
    assert set(rows(path)) == {"kept"}
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
