"""Flag reviews (acknowledge, dismiss, false positive, reopen): stored in the
log keyed by (uid, rule, evidence), reflected in the flags' state, shown by
`flags` and `export`, kept by re-import and carried across replays."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from meetwatch.cli import main
from meetwatch.core.flags import FlagConfig
from meetwatch.replay import ReplayEngine
from meetwatch.store.flags import INSERT_FLAG, Review, list_flags, load_reviews, review_post, save_reviews
from meetwatch.store.schema import open_db

T0 = 1772528400000000  # 2026-03-03T09:00:00Z
TEXTS = [
    "We know where you live, @ngo_watch. Watch your back.",  # threat
    "LEAKED: the zero draft of L.12, not for circulation, attached",  # leak
    "Informals on the Valdoria resolution will be held Tuesday in Room XXII",  # nothing
]


def jetstream_line(n: int, text: str, minutes: int = 0, did: str = "did:plc:rev") -> str:
    t = T0 + (n * 60 + minutes * 60) * 1_000_000
    created = f"2026-03-03T09:{n + minutes:02d}:00.000Z"
    return json.dumps({"did": did, "time_us": t, "kind": "commit", "commit": {
        "rev": f"r{n}", "operation": "create", "collection": "app.bsky.feed.post", "rkey": f"k{n}",
        "cid": f"c{n}", "record": {"$type": "app.bsky.feed.post", "text": text,
                                   "createdAt": created, "langs": ["en"]}}})


def uid(n: int, did: str = "did:plc:rev") -> str:
    return f"at://{did}/app.bsky.feed.post/k{n}"


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    f = tmp_path / "posts.jsonl"
    f.write_text("\n".join(jetstream_line(n, t) for n, t in enumerate(TEXTS)) + "\n", encoding="utf-8")
    return f


@pytest.fixture
def log(tmp_path: Path, posts: Path) -> Path:
    db = tmp_path / "log.db"
    assert main(["import", "--db", str(db), str(posts)]) == 0
    return db


def states(db: Path) -> dict[tuple[str, str], str]:
    conn = open_db(str(db), readonly=True)
    try:
        return {(u, r): s for u, r, s in conn.execute(
            "SELECT p.uid, f.rule, f.state FROM flags f JOIN posts p ON p.id = f.post_id")}
    finally:
        conn.close()


def test_review_sets_state_and_survives_reimport(log: Path, posts: Path) -> None:
    before = states(log)
    threat_rules = [r for (u, r) in before if u == uid(0)]
    assert threat_rules and all(s == "open" for s in before.values())
    conn = open_db(str(log))
    stored = review_post(conn, uid(0), "dismissed", note="quoted from a film")
    assert {r.rule for r in stored} == set(threat_rules)
    assert review_post(conn, uid(2), "dismissed") == []  # nothing flagged there
    with pytest.raises(ValueError):
        review_post(conn, uid(0), "maybe")
    conn.close()
    after = states(log)
    assert all(after[(uid(0), r)] == "dismissed" for r in threat_rules)
    # Re-import keeps the decision; a flag computed again (a replay, an edit)
    # starts in the state its review gave it.
    assert main(["import", "--db", str(log), str(posts)]) == 0
    assert states(log) == after
    conn = open_db(str(log))
    rows = conn.execute("SELECT post_id, category, severity, rule, evidence, detail, created_at "
                        "FROM flags").fetchall()
    conn.execute("DELETE FROM flags")
    conn.executemany(INSERT_FLAG, rows)
    conn.close()
    assert states(log) == after


def test_older_review_never_overwrites_a_newer(log: Path) -> None:
    conn = open_db(str(log))
    rule, evidence = conn.execute("SELECT f.rule, f.evidence FROM flags f JOIN posts p ON "
                                  "p.id = f.post_id WHERE p.uid = ?", (uid(1),)).fetchone()
    save_reviews(conn, [Review(uid(1), rule, evidence, "acknowledged", "2026-03-03T10:00:00.000Z")])
    save_reviews(conn, [Review(uid(1), rule, evidence, "dismissed", "2026-03-03T09:00:00.000Z")])
    assert [r.state for r in load_reviews(conn)] == ["acknowledged"]
    conn.close()


def test_flags_command_reviews_and_shows_them(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flags", "--db", str(log), "--review", uid(1), "leak.*", "fp",
                 "--note", "a public draft"]) == 0
    assert "false_positive" in capsys.readouterr().out
    assert main(["flags", "--db", str(log), "--review", uid(2), "*", "dismissed"]) == 1
    assert main(["flags", "--db", str(log), "--review", uid(1), "*", "sideways"]) == 2
    capsys.readouterr()
    assert main(["flags", "--db", str(log), "--json"]) == 0  # open only: the leak has gone
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["uid"] != uid(1) for r in rows)
    assert all(r["state"] == "open" and r["reviewed_at"] is None and r["note"] == "" for r in rows)
    assert main(["flags", "--db", str(log), "--json", "--state", "false_positive"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["uid"] for r in rows} == {uid(1)}
    assert all(r["note"] == "a public draft" and r["reviewed_at"].startswith("20") for r in rows)
    assert main(["flags", "--db", str(log), "--all"]) == 0
    assert "[false_positive: a public draft]" in capsys.readouterr().out
    assert main(["export", "--db", str(log), "--format", "jsonl"]) == 0
    exported = {r["uid"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    leak_flags = exported[uid(1)]["flags"]
    assert leak_flags and all(f["state"] == "false_positive" and f["note"] == "a public draft"
                              and f["reviewed_at"] for f in leak_flags)
    assert all(f["state"] == "open" and f["reviewed_at"] is None for f in exported[uid(0)]["flags"])
    assert main(["export", "--db", str(log), "--format", "csv"]) == 0
    assert "[false_positive]" in capsys.readouterr().out


def run_to_end(eng: ReplayEngine) -> None:
    for _ in range(1000):
        if eng.step() is None and eng.status().finished:
            return
    raise AssertionError("the replay did not finish")


def test_replay_of_a_log_carries_its_reviews_and_keeps_new_ones(log: Path, tmp_path: Path) -> None:
    conn = open_db(str(log))
    review_post(conn, uid(0), "acknowledged", note="seen")
    conn.close()
    eng = ReplayEngine([log], tmp_path / "scratch", speed=None, flags=FlagConfig.make())
    run_to_end(eng)
    scratch = states(eng.log_path)
    assert scratch == states(log) and any(s == "acknowledged" for s in scratch.values())
    # A review made while replaying: in the scratch log, after a seek back, and in the source.
    sconn = open_db(str(eng.log_path), readonly=True)
    rule, evidence = sconn.execute("SELECT f.rule, f.evidence FROM flags f JOIN posts p ON "
                                   "p.id = f.post_id WHERE p.uid = ?", (uid(1),)).fetchone()
    sconn.close()
    review = Review(uid(1), rule, evidence, "dismissed", "2026-11-27T10:00:00.000Z", "fine")
    assert eng.record_reviews([review]) == []
    assert states(eng.log_path)[(uid(1), rule)] == "dismissed"
    first = eng.log_path
    eng.seek(T0)
    run_to_end(eng)
    assert eng.log_path != first  # rebuilt from the start
    assert states(eng.log_path)[(uid(1), rule)] == "dismissed"
    assert states(eng.log_path)[(uid(0), next(r for u, r in scratch if u == uid(0)))] == "acknowledged"
    assert states(log)[(uid(1), rule)] == "dismissed"
    eng.close()


def test_replay_of_recordings_keeps_reviews_across_a_rebuild(posts: Path, tmp_path: Path) -> None:
    eng = ReplayEngine([posts], tmp_path / "scratch", speed=None, flags=FlagConfig.make())
    run_to_end(eng)
    conn = sqlite3.connect(eng.log_path)
    rule, evidence = conn.execute("SELECT f.rule, f.evidence FROM flags f JOIN posts p ON "
                                  "p.id = f.post_id WHERE p.uid = ?", (uid(0),)).fetchone()
    conn.close()
    assert eng.record_reviews([Review(uid(0), rule, evidence, "false_positive",
                                      "2026-11-27T10:00:00.000Z")]) == []
    eng.seek(T0)
    run_to_end(eng)
    assert states(eng.log_path)[(uid(0), rule)] == "false_positive"
    assert list_flags(open_db(str(eng.log_path), readonly=True), states=("open",))
    eng.close()


def test_dismissed_flags_leave_the_flags_pane_unless_filtered(log: Path) -> None:
    from meetwatch.core.panes import PaneSpec, parse_filter
    from meetwatch.store.queries import FLAG_ACTIVE, FLAG_MUTED, PaneQuery

    conn = open_db(str(log))
    review_post(conn, uid(0), "dismissed")
    review_post(conn, uid(1), "acknowledged")
    conn.close()
    conn = open_db(str(log), readonly=True)
    flags = PaneQuery(PaneSpec("Flags", "flags"))
    assert [r.uid for r in flags.page_from(conn, None, 10)] == [uid(1)]
    every = PaneQuery(PaneSpec("Flags", "flags", filter=parse_filter("review:all")))
    # Most severe first: the (dismissed) critical threat above the newer high leak.
    assert [r.uid for r in every.page_from(conn, None, 10)] == [uid(0), uid(1)]
    gone = PaneQuery(PaneSpec("Flags", "flags", filter=parse_filter("state:dismissed")))
    assert [r.uid for r in gone.page_from(conn, None, 10)] == [uid(0)]
    rows = {r.uid: r.flagged for r in PaneQuery(PaneSpec("All")).page_from(conn, None, 10)}
    assert rows == {uid(0): FLAG_MUTED, uid(1): FLAG_ACTIVE, uid(2): 0}
    everything = PaneQuery(PaneSpec("All"))
    assert everything.next_flagged(conn, None, True) == everything.key(
        next(r for r in everything.page_from(conn, None, 10) if r.uid == uid(1)))
    with pytest.raises(ValueError):
        parse_filter("review:maybe")
