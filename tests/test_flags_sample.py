"""Flags on the bundled HRC 61 session: the planted leaks, indiscretions,
threats, harassment and personal data are flagged with the right category;
the hard negatives are not.  Plus the log-only context (own accounts, fast
deletes, pile-ons, watchlists), the `flags` command and flag states."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from meetwatch import ingest
from meetwatch.cli import main
from meetwatch.core.flags import FlagConfig
from meetwatch.core.models import Post
from meetwatch.ingest import open_records
from meetwatch.store.flags import list_flags, set_flag_state
from meetwatch.store.writer import LogWriter

SAMPLE = Path(__file__).resolve().parent.parent / "sample_streams"
MASTODON, JETSTREAM, RSS = (SAMPLE / "hrc61.mastodon.jsonl", SAMPLE / "hrc61.jetstream.jsonl",
                            SAMPLE / "hrc61.rss.xml")
WATCH = SAMPLE / "hrc61.watch.toml"

# (file, line) -> the category the planted post must carry (sample_streams/README.md)
PLANTED = {
    (MASTODON, 211): "indiscretion",  # own delegation: closed-room position + vote intention
    (MASTODON, 269): "leak",  # embargoed content
    (MASTODON, 336): "leak",  # not for circulation
    (MASTODON, 343): "leak",  # leaked draft, file-share link (es)
    (MASTODON, 502): "threat",  # we know where you live
    (MASTODON, 639): "threat",  # es
    (MASTODON, 648): "pii",  # hotel room and phone
    (MASTODON, 695): "leak",  # closed consultations (ru)
    (MASTODON, 779): "indiscretion",  # premature outcome (fr)
    (JETSTREAM, 571): "leak",
    (JETSTREAM, 640): "leak",  # Chatham House breach
    (JETSTREAM, 673): "leak",
    (JETSTREAM, 688): "leak",
    (JETSTREAM, 692): "leak",  # 不得分发
    (JETSTREAM, 697): "leak",  # ليس للتوزيع
    (JETSTREAM, 949): "threat",
    (JETSTREAM, 1169): "threat",  # ru
    (JETSTREAM, 1187): "threat",  # ar, against an NGO
    (JETSTREAM, 1192): "threat",  # fr
    (JETSTREAM, 1209): "pii",  # phone, e-mail, hotel room
    (JETSTREAM, 1217): "threat",  # zh
    (JETSTREAM, 1226): "threat",  # veiled
    (JETSTREAM, 1275): "leak",  # ru
    (JETSTREAM, 1440): "indiscretion",  # own delegation vote count
    (JETSTREAM, 1464): "indiscretion",  # fr
}
PILE_ON = {MASTODON: [599, 616, 623, 633, 636, 645, 656, 659],
           JETSTREAM: [1128, 1139, 1152, 1158, 1167, 1174, 1176, 1183, 1197, 1200, 1205, 1221, 1226, 1247]}
HARD_NEGATIVES = [(MASTODON, 257), (JETSTREAM, 537), (MASTODON, 650), (JETSTREAM, 1202)]
FAST_DELETED = [(MASTODON, 211), (MASTODON, 336), (MASTODON, 452), (JETSTREAM, 856), (JETSTREAM, 673)]


def _uids(path: Path) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for rec in open_records(path)[1]:
        for ev in rec.events:
            if isinstance(ev, Post) and rec.raw.line_no is not None:
                out.setdefault(rec.raw.line_no, []).append(ev.uid)
    return out


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict]], dict]:
    db = tmp_path_factory.mktemp("flags") / "hrc61.db"
    rc = main(["import", "--db", str(db), "--watch", str(WATCH), str(MASTODON), str(JETSTREAM), str(RSS)])
    assert rc == 0
    conn = sqlite3.connect(db)
    by_uid: dict[str, list[dict]] = {}
    for uid, category, severity, rule, evidence, detail in conn.execute(
            "SELECT p.uid, f.category, f.severity, f.rule, f.evidence, f.detail "
            "FROM flags f JOIN posts p ON p.id = f.post_id"):
        by_uid.setdefault(uid, []).append({"category": category, "severity": severity, "rule": rule,
                                           "evidence": evidence, "detail": json.loads(detail)})
    uids = {MASTODON: _uids(MASTODON), JETSTREAM: _uids(JETSTREAM)}
    return db, by_uid, uids


def _flags_of(session: tuple, path: Path, line: int) -> list[dict]:
    _, by_uid, uids = session
    return [f for uid in uids[path][line] for f in by_uid.get(uid, [])]


@pytest.mark.parametrize(("where", "category"), list(PLANTED.items()),
                         ids=[f"{p.name.split('.')[1]}:{n}" for p, n in PLANTED])
def test_planted_items_are_flagged(session: tuple, where: tuple[Path, int], category: str) -> None:
    flags = _flags_of(session, *where)
    assert category in {f["category"] for f in flags}, flags


def test_pile_on_replies_are_flagged(session: tuple) -> None:
    for path, lines in PILE_ON.items():
        for line in lines:
            rules = {f["rule"] for f in _flags_of(session, path, line)}
            assert "harassment.pile_on" in rules, (path.name, line, rules)


@pytest.mark.parametrize("where", HARD_NEGATIVES,
                         ids=[f"{p.name.split('.')[1]}:{n}" for p, n in HARD_NEGATIVES])
def test_hard_negatives_are_not_flagged(session: tuple, where: tuple[Path, int]) -> None:
    assert _flags_of(session, *where) == []


def test_official_rss_schedule_and_embargo_notices_are_not_flagged(session: tuple) -> None:
    db = session[0]
    conn = sqlite3.connect(db)
    n = conn.execute("SELECT COUNT(*) FROM flags f JOIN posts p ON p.id = f.post_id "
                     "WHERE p.network = 'rss'").fetchone()[0]
    assert n == 0


def test_precision_on_the_session(session: tuple) -> None:
    """Every flagged post is one of the planted ones (or a pile-on reply, or a
    fast-deleted official post): no false positives in 2,139 posts."""
    _, by_uid, uids = session
    expected = {uid for (path, line) in [*PLANTED, *FAST_DELETED] for uid in uids[path][line]}
    expected |= {uid for path, lines in PILE_ON.items() for line in lines for uid in uids[path][line]}
    extra = {uid: flags for uid, flags in by_uid.items() if uid not in expected}
    # The troll filler is undirected ("Western puppets lecturing the world
    # again"), except where a troll posted it as a reply to an account: that
    # is a directed insult, and the only other thing flagged.
    conn = sqlite3.connect(session[0])
    for uid, flags in extra.items():
        text = conn.execute("SELECT text FROM posts WHERE uid = ?", (uid,)).fetchone()[0]
        assert text.startswith("@amaldefenders Western puppets"), (text, flags)
        assert {f["rule"] for f in flags} <= {"harassment.insult.directed", "harassment.insult.addressee",
                                              "harassment.pile_on"}
    assert len(extra) <= 2


def test_fast_deletes(session: tuple) -> None:
    for path, line in FAST_DELETED:
        rules = {f["rule"]: f for f in _flags_of(session, path, line)}
        assert "context.fast_delete" in rules, (path.name, line)
    official = {f["rule"]: f for f in _flags_of(session, MASTODON, 452)}["context.fast_delete"]
    # "The so-called Special Rapporteur is a paid agent of Norland": an insult
    # aimed at a person, flagged as such, and deleted within minutes
    assert official["category"] == "harassment"
    assert "harassment.insult" in official["detail"]["why"]
    assert "paid agent of Norland" in official["evidence"]  # the deleted text is kept


def test_own_accounts_raise_leak_and_indiscretion(session: tuple) -> None:
    own = {f["rule"]: f for f in _flags_of(session, MASTODON, 211)}
    assert own["leak.closed_attribution"]["severity"] == "critical"  # high, +1 own
    assert any("own" in a for a in own["leak.closed_attribution"]["detail"]["adjustments"])
    other = {f["rule"]: f for f in _flags_of(session, MASTODON, 695)}
    assert other["leak.closed_attribution"]["severity"] == "high"


def test_every_flag_explains_itself(session: tuple) -> None:
    _, by_uid, _ = session
    for flags in by_uid.values():
        for f in flags:
            d = f["detail"]
            assert f["evidence"] and d["description"]
            assert {"spans", "normalisations", "language", "adjustments"} <= set(d)


def test_flags_command_json_and_table(session: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    db = session[0]
    assert main(["flags", "--db", str(db), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows
    for key in ("uid", "category", "severity", "rule", "evidence", "description", "state", "spans",
                "author", "created_at"):
        assert key in rows[0]
    order = {"critical": 4, "high": 3, "medium": 2, "low": 1}
    ranks = [order[r["severity"]] for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    assert main(["flags", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "threat.doxx" in out and "flags:" in out


def test_export_rows_carry_flags(session: tuple, capsys: pytest.CaptureFixture[str]) -> None:
    db = session[0]
    assert main(["search", "--db", str(db), "--json", "know where you live"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(any(f["rule"] == "threat.doxx" for f in r["flags"]) for r in rows)


def test_flag_states_and_reimport_keep_them(session: tuple, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    src = sqlite3.connect(session[0])
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    first = list_flags(dst)[0]
    assert set_flag_state(dst, first["id"], "acknowledged")
    dst.commit()
    with pytest.raises(ValueError):
        set_flag_state(dst, first["id"], "nope")
    before = dst.execute("SELECT COUNT(*) FROM flags").fetchone()[0]
    dst.close()
    assert main(["import", "--db", str(db), "--watch", str(WATCH), str(MASTODON), str(JETSTREAM)]) == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM flags").fetchone()[0] == before  # idempotent
    state = conn.execute("SELECT state FROM flags WHERE id = ?", (first["id"],)).fetchone()[0]
    assert state == "acknowledged"
    assert first["id"] not in {r["id"] for r in list_flags(conn, states=("open",))}


def test_parallel_parse_computes_the_same_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large file's flags are computed in the parsing process: same result."""
    results = []
    for parallel in (False, True):
        monkeypatch.setattr(ingest, "PARALLEL_BYTES", 0 if parallel else 1 << 40)
        db = tmp_path / f"p{parallel}.db"
        with LogWriter(str(db)) as writer:
            writer.set_flags(FlagConfig.make())
            ingest.import_file(writer, JETSTREAM, parallel=parallel)
        conn = sqlite3.connect(db)
        results.append(sorted(conn.execute(
            "SELECT p.uid, f.rule, f.severity, f.evidence, f.detail FROM flags f "
            "JOIN posts p ON p.id = f.post_id")))
    assert results[0] and results[0] == results[1]


def test_watch_file_watchlists(tmp_path: Path) -> None:
    watch = tmp_path / "w.toml"
    watch.write_text(WATCH.read_text(encoding="utf-8") + '''
[flags]
draft_symbols = ["L.12/Rev.2"]
facilitators = ["Ingrid Sølvberg"]
pile_on = { replies = 30, minutes = 10 }
[[flags.embargo]]
terms = ["212 cases"]
until = "2026-03-03T14:00:00+01:00"
''', encoding="utf-8")
    posts = tmp_path / "posts.jsonl"
    lines = []
    for i, (text, minutes) in enumerate([
        ("Rev.2 is out: L.12/Rev.2 drops para 7", 0),
        ("Ingrid Solvberg said the text is final", 10),
        ("The report lists 212 cases of detention", 20),
        ("The report lists 212 cases of detention", 360),
    ]):
        t = f"2026-03-03T{9 + minutes // 60:02d}:{minutes % 60:02d}:00.000Z"
        record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": t, "langs": ["en"]}
        lines.append(json.dumps({"did": "did:plc:w", "time_us": 1772528400000000 + minutes * 60_000_000,
                                 "kind": "commit", "commit": {"rev": "r", "operation": "create",
                                 "collection": "app.bsky.feed.post", "rkey": f"k{i}", "cid": f"c{i}",
                                 "record": record}}))
    posts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "w.db"
    assert main(["import", "--db", str(db), "--watch", str(watch), str(posts), str(JETSTREAM)]) == 0
    conn = sqlite3.connect(db)
    rules = dict(conn.execute("SELECT p.text || p.created_at, f.rule FROM flags f JOIN posts p "
                              "ON p.id = f.post_id WHERE f.rule LIKE '%watch%'"))
    texts = " | ".join(rules)
    assert "L.12/Rev.2 drops" in texts and "Ingrid Solvberg said" in texts
    assert "212 cases of detention2026-03-03T09:20" in texts
    assert "212 cases of detention2026-03-03T15:00" not in texts  # after the embargo lifted
    # pile_on threshold from the watch file: 30 replies needed, so none
    assert conn.execute("SELECT COUNT(*) FROM flags WHERE rule = 'harassment.pile_on'").fetchone()[0] == 0
