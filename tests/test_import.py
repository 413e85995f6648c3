"""`meetwatch import` end to end: formats, counts, bad lines, idempotence,
edits and deletions on Mastodon and Bluesky, and surviving SIGKILL."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from meetwatch.cli import main
from meetwatch.ingest import detect

FIX = Path(__file__).parent / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def import_json(capsys: pytest.CaptureFixture[str], db: Path, *files: Path) -> list[dict]:
    rc, out, _ = run(capsys, "import", "--db", str(db), "--json", *map(str, files))
    assert rc == 0
    return [json.loads(line) for line in out.splitlines()]


def export(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, dict]:
    rc, out, _ = run(capsys, "export", "--db", str(db), "--format", "jsonl")
    assert rc == 0
    return {r["uid"]: r for r in map(json.loads, out.splitlines())}


def jetstream_line(i: int, text: str = "", op: str = "create", **extra: object) -> str:
    evt: dict[str, object] = {
        "did": f"did:plc:author{i % 7:04d}", "time_us": 1772524800000000 + i * 1000,
        "kind": "commit",
        "commit": {"rev": f"3l{i:011d}", "operation": op, "collection": "app.bsky.feed.post",
                   "rkey": f"3k{i:011d}", "cid": f"bafy{i}{op}"},
    }
    if op != "delete":
        evt["commit"]["record"] = {  # type: ignore[index]
            "$type": "app.bsky.feed.post", "text": text or f"post {i} #HRC61",
            "createdAt": "2026-03-03T08:00:00.000Z", "langs": ["en"], **extra}
    return json.dumps(evt)


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [
        ("mastodon/stream_hrc59.jsonl", "mastodon-stream"),
        ("mastodon/rest_statuses.jsonl", "mastodon-rest"),
        ("bluesky/jetstream_hrc59.jsonl", "jetstream"),
        ("x/twarc2_search.jsonl", "twarc2"),
        ("x/twarc2_stream.jsonl", "twarc2"),
        ("x/twarc2_flat.jsonl", "twarc2"),
        ("x/twarc1.jsonl", "twarc1"),
        ("rss/un_news.rss", "rss"),
        ("rss/atom.xml", "rss"),
    ],
)
def test_every_format_is_detected(fixture: str, fmt: str) -> None:
    assert detect((FIX / fixture).read_bytes()[:65536]) == fmt


def test_reimport_changes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    files = sorted(p for p in FIX.glob("*/*") if p.suffix in (".jsonl", ".rss", ".xml")
                   and "broken" not in p.name)
    first = import_json(capsys, db, *files)
    before = export(capsys, db)
    conn = sqlite3.connect(db)
    raw_before = conn.execute("SELECT COUNT(*) FROM raw_events").fetchone()[0]
    versions_before = conn.execute("SELECT COUNT(*) FROM post_versions").fetchone()[0]
    conn.close()
    second = import_json(capsys, db, *files)
    assert sum(r["imported"] for r in first) > 30
    assert all(r["imported"] == 0 and r["updated"] == 0 for r in second), second
    assert export(capsys, db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM raw_events").fetchone()[0] == raw_before
    assert conn.execute("SELECT COUNT(*) FROM post_versions").fetchone()[0] == versions_before


def test_bad_lines_are_reported_and_the_rest_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = tmp_path / "mixed.jsonl"
    lines = [jetstream_line(1), '{"did": "did:plc:x", "time_us": "soon", "kind": "commit"}',
             jetstream_line(2)[:40], jetstream_line(3), "\x00\x1b[31mgarbage\x07", "[1, 2]",
             "", jetstream_line(4), "{}"]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "log.db"
    rc, out, err = run(capsys, "import", "--db", str(db), str(src))
    assert rc == 0
    assert f"log: {db}" in err
    assert "3 imported, 0 updated, 0 duplicate, 5 rejected" in out
    for n in (2, 3, 5, 6, 9):
        assert f"{src}:line {n}: " in out
    assert "\x1b" not in out and "\x07" not in out
    assert "not valid JSON" in out and "not a JSON object" in out
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM raw_events WHERE error IS NOT NULL").fetchone()[0] == 5


def test_unreadable_input_fails_only_when_nothing_could_be_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "log.db"
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\nworld\n")
    rc, out, _ = run(capsys, "import", "--db", str(db), str(junk), str(tmp_path / "missing.jsonl"))
    assert rc == 1
    assert "format not recognised" in out and "cannot read" in out
    rc, out, _ = run(capsys, "import", "--db", str(db), str(junk),
                     str(FIX / "bluesky/jetstream_hrc59.jsonl"))
    assert rc == 0


def test_mastodon_edit_and_delete(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status = {
        "id": "1001", "uri": "https://norland.example/users/mission/statuses/1001",
        "url": "https://norland.example/@mission/1001", "created_at": "2026-03-03T09:00:00.000Z",
        "edited_at": None, "language": "en", "content": "<p>Norland rejects the report</p>",
        "account": {"id": "7", "username": "mission", "acct": "mission",
                    "url": "https://norland.example/@mission", "display_name": "Norland"},
        "tags": [{"name": "HRC61"}], "in_reply_to_id": None, "reblog": None,
    }
    edited = dict(status, content="<p>Norland firmly rejects the report</p>",
                  edited_at="2026-03-03T09:04:00.000Z")
    reply = dict(status, id="1002", uri="https://ngo.example/statuses/1002", in_reply_to_id="1001",
                 content="<p>The report is accurate.</p>", created_at="2026-03-03T09:05:00.000Z",
                 account={"id": "8", "username": "ngo", "acct": "ngo@ngo.example",
                          "url": "https://ngo.example/@ngo"})

    def frame(event: str, payload: object) -> str:
        return json.dumps({"stream": ["hashtag", "HRC61"], "event": event,
                           "payload": payload if isinstance(payload, str) else json.dumps(payload)})

    src = tmp_path / "frames.jsonl"
    src.write_text("\n".join([frame("update", status), frame("update", reply),
                              frame("status.update", edited), frame("delete", "1001")]) + "\n")
    db = tmp_path / "log.db"
    (report,) = import_json(capsys, db, src)
    assert (report["imported"], report["updated"], report["rejected"]) == (2, 2, 0)
    rows = export(capsys, db)
    post = rows[status["uri"]]
    assert post["text"] == "Norland firmly rejects the report"
    assert post["edited_at"] == "2026-03-03T09:04:00.000Z"
    assert post["deleted_at"] == "2026-03-03T09:05:00.000Z"  # stamped when the frame arrived
    assert post["author"] == "@mission@norland.example" and post["hashtags"] == ["hrc61"]
    assert rows[reply["uri"]]["reply_to"] == status["uri"]
    history = sqlite3.connect(db).execute(
        "SELECT text FROM post_versions ORDER BY id").fetchall()
    assert history == [("Norland rejects the report",), ("Norland firmly rejects the report",)]


def test_bluesky_edit_and_delete(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "js.jsonl"
    src.write_text("\n".join([
        jetstream_line(1, "Estmark will vote no"),
        jetstream_line(1, "Estmark will abstain", op="update"),
        jetstream_line(1, op="delete"),
    ]) + "\n")
    db = tmp_path / "log.db"
    (report,) = import_json(capsys, db, src)
    assert (report["imported"], report["updated"]) == (1, 2)
    (post,) = export(capsys, db).values()
    assert post["text"] == "Estmark will abstain"
    assert post["deleted_at"] is not None and post["edited_at"] is not None


def test_rest_arrays_and_gzip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    statuses = [json.loads(line) for line in (FIX / "mastodon/rest_statuses.jsonl").read_text()
                .splitlines() if line.strip()]
    array = tmp_path / "page.json"
    array.write_text(json.dumps(list(reversed(statuses))))
    gz = tmp_path / "js.jsonl.gz"
    gz.write_bytes(gzip.compress((FIX / "bluesky/jetstream_hrc59.jsonl").read_bytes()))
    reports = import_json(capsys, tmp_path / "log.db", array, gz)
    assert reports[0]["format"] == "mastodon-rest" and reports[0]["imported"] > 0
    assert reports[1]["format"] == "jetstream" and reports[1]["imported"] > 0


def test_export_csv_and_search(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "log.db"
    import_json(capsys, db, *FIX.glob("mastodon/*.jsonl"), FIX / "rss/un_news.rss")
    rc, out, _ = run(capsys, "export", "--db", str(db), "--format", "csv")
    assert rc == 0
    header = out.splitlines()[0].split(",")
    for field in ("uid", "network", "url", "author", "author_category", "text", "created_at",
                  "lang", "hashtags", "reply_to", "deleted_at", "edited_at", "flags"):
        assert field in header
    rc, out, _ = run(capsys, "search", "--db", str(db), "--json", "HRC59")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all("hrc59" in r["hashtags"] or "HRC59" in r["text"] for r in rows)
    assert [r["created_at"] for r in rows] == sorted((r["created_at"] for r in rows), reverse=True)
    rc, out, _ = run(capsys, "search", "--db", str(db), "HRC59")
    assert rc == 0 and "author" in out.splitlines()[0]


def _proc_state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def test_sigkill_mid_import_loses_no_committed_batch(tmp_path: Path) -> None:
    n = 60_000
    src = tmp_path / "big.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(jetstream_line(i, f"statement {i} on item 4 #HRC61") + "\n")
    db = tmp_path / "log.db"
    cmd = [sys.executable, "-m", "meetwatch", "import", "--db", str(db), "--batch", "500", str(src)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    committed = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
        if not db.exists():
            continue
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            committed = conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:
            continue
        if committed >= 2000:
            break
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    workers = [int(c) for c in children.read_text().split()] if children.exists() else []
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    # The parsing child does not outlive its parent (it would wait forever on the pipe).
    end = time.monotonic() + 10
    while time.monotonic() < end and any(Path(f"/proc/{w}").exists() and "Z" not in
                                         _proc_state(w) for w in workers):
        time.sleep(0.05)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _proc_state(w)]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    survived = conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    assert committed <= survived < n
    # Every surviving post came with its raw event and index entry: batches are whole.
    assert conn.execute("SELECT COUNT(*) FROM raw_events").fetchone()[0] == survived
    assert conn.execute(
        "SELECT COUNT(*) FROM posts_fts WHERE posts_fts MATCH 'statement'").fetchone()[0] == survived
    conn.close()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{n - survived} imported, 0 updated, {survived} duplicate, 0 rejected" in done.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT uid) FROM posts").fetchone() == (n, n)
    assert conn.execute("SELECT COUNT(*) FROM raw_events").fetchone()[0] == n
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_hostile_bytes_never_crash_the_import(tmp_path: Path) -> None:
    """Random bytes, deep nesting, huge numbers and lines with NULs are counted
    and skipped; well-formed lines around them still land."""
    import random

    from meetwatch.ingest import import_file
    from meetwatch.store.writer import LogWriter

    rng = random.Random(7)
    good = [jetstream_line(i) for i in range(20)]
    hostile = [
        bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))).replace(b"\n", b" ")
        for _ in range(40)
    ] + [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"did": "did:plc:x", "time_us": 1e400, "kind": "commit"}',
        b'{"did": "did:plc:x", "time_us": 99999999999999999999999999, "kind": "commit"}',
        b'{"did": "\\ud800", "time_us": 1, "kind": "identity", "identity": {}}',
        b'{"did": "did:plc:x", "time_us": 1, "kind": "commit", "commit": {"operation": "create",'
        b' "collection": "app.bsky.feed.post", "rkey": "a", "record": {"text": "\\u0000\\u001b[2J",'
        b' "facets": [{"index": {"byteStart": -5, "byteEnd": 99999}}]}}}',
    ]
    lines = good[:10] + [h.decode("latin-1") for h in hostile] + good[10:]
    src = tmp_path / "hostile.jsonl"
    src.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
    with LogWriter(str(tmp_path / "log.db")) as writer:
        report = import_file(writer, src)
    assert report.error is None
    assert report.counts.imported >= 20
    assert report.counts.rejected >= 40
    conn = sqlite3.connect(tmp_path / "log.db")
    texts = [t for (t,) in conn.execute("SELECT text FROM posts")]
    assert not any("\x00" in t or "\x1b" in t for t in texts)


def test_watch_file_categories_apply_on_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    watch = tmp_path / "w.toml"
    watch.write_text(
        '[meeting]\nname = "HRC 59"\nhashtags = ["HRC59"]\ntimezone = "Europe/Geneva"\n'
        "[accounts]\n"
        'official = ["@ohchr@example.social"]\n'
        'civil_society = ["@rightswatch@example.social"]\n'
    )
    db = tmp_path / "log.db"
    rc, _, _ = run(capsys, "import", "--db", str(db), "--watch", str(watch),
                   str(FIX / "mastodon/stream_hrc59.jsonl"))
    assert rc == 0
    rc, out, _ = run(capsys, "accounts", "--db", str(db), "--json")
    accs = list(map(json.loads, out.splitlines()))
    cats = {r["handle"]: r["category"] for r in accs}
    assert cats["@rightswatch@example.social"] == "civil_society"
    # unlisted accounts are other, unless their profile suggests a category (marked inferred)
    assert {r["category"] for r in accs if r["category_source"] != "inferred"} <= {
        "official", "civil_society", "other"}
    assert cats["@pressdesk@news.example.com"] == "media"  # "Press Desk": inferred
    rows = export(capsys, db)
    assert {r["author_category"] for r in rows.values()
            if r["author"] == "@rightswatch@example.social"} == {"civil_society"}


def test_a_broken_watch_file_lists_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    watch = tmp_path / "w.toml"
    watch.write_text('[meeting]\nhashtags = "HRC59"\ntimezone = "Mars/Olympus"\n'
                     '[[sources]]\nnetwork = "myspace"\n[accounts]\nvillains = ["x"]\n')
    rc, _, err = run(capsys, "import", "--db", str(tmp_path / "l.db"), "--watch", str(watch),
                     str(FIX / "mastodon/stream_hrc59.jsonl"))
    assert rc == 2
    for problem in ("hashtags", "timezone", "network", "villains"):
        assert problem in err


def test_watch_file_takes_several_jetstream_hosts() -> None:
    from meetwatch.core.watch import parse_watch
    from meetwatch.live.jetstream import jetstream_hosts

    wf = parse_watch({"meeting": {"name": "x"}, "sources": [
        {"network": "bluesky", "jetstream": ["wss://a.example/subscribe", "wss://b.example/subscribe"]},
    ]})
    assert jetstream_hosts(wf.sources[0]) == ["wss://a.example/subscribe", "wss://b.example/subscribe"]
