"""meetwatch report: the digest's numbers against SQL computed here, the
three formats, escaping, determinism and the selection options."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from evidence_log import build

from meetwatch.cli import main
from meetwatch.store.schema import open_db


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rep") / "session.db"
    build(path)
    return path


def report(log: Path, tmp: Path, *args: str) -> str:
    out = tmp / "out"
    assert main(["report", "--db", str(log), "--out", str(out), *args]) == 0
    return out.read_text(encoding="utf-8")


def sql_by_category(conn: object, where: str = "1", params: tuple[object, ...] = ()) -> dict[str, int]:
    return dict(conn.execute(  # type: ignore[attr-defined]
        "SELECT a.category, COUNT(*) FROM posts p JOIN accounts a ON a.id = p.account_id "
        f"WHERE {where} GROUP BY a.category", params).fetchall())


def test_json_totals_match_sql(log: Path, tmp_path: Path) -> None:
    d = json.loads(report(log, tmp_path, "--format", "json"))
    conn = open_db(str(log), readonly=True)
    assert d["totals"]["posts"] == conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == 10
    expected = sql_by_category(conn)
    assert {k: v for k, v in d["totals"]["by_category"].items() if v} == expected
    assert d["totals"]["pairs"] == conn.execute("SELECT COUNT(*) FROM pairs").fetchone()[0]
    assert d["totals"]["flags"] == conn.execute("SELECT COUNT(*) FROM flags").fetchone()[0]
    assert sum(d["volume"]["total"]) + d["volume"]["before_start"] == 10
    for it in d["items"]:
        where, params = (("p.agenda_item IS NULL", ()) if it["item"] is None
                         else ("p.agenda_item = ?", (it["item"],)))
        assert {k: v for k, v in it["totals"]["by_category"].items() if v} == \
            sql_by_category(conn, where, params)
        assert sum(it["volume"]) == it["totals"]["posts"]
        n = conn.execute(f"SELECT COUNT(*) FROM flags f JOIN posts p ON p.id = f.post_id "
                         f"WHERE {where}", params).fetchone()[0]
        assert it["flags"]["count"] == n
    assert [it["item"] for it in d["items"]] == ["2", "4", None]
    four = d["items"][1]
    assert four["flags"]["by_category"]["threat"]["acknowledged"] == 1
    assert four["flags"]["by_category"]["pii"]["dismissed"] == 1
    assert [c["uid"] for c in four["official_changes"]] == ["s3"]
    assert d["items"][2]["title"] == "Unscheduled / no item"
    assert [g["filled"] for g in d["gaps"]] == [True, False]
    assert d["totals"]["unrecovered_gaps"] == 1


def test_markdown_is_escaped_and_complete(log: Path, tmp_path: Path) -> None:
    md = report(log, tmp_path)
    assert "<script>" not in md and r"\<script\>" in md
    assert "\x1b" not in md
    for heading in ("## Overview", "## Item 2: Annual report", "## Item 4:", "## Unscheduled / no item",
                    "### Official statements (2)", "### Flags (3)",
                    "### Edited and deleted official posts", "### Coverage gaps"):
        assert heading in md
    assert "→ **acknowledged** — reported to security" in md
    assert "as posted: Item 4 statement (draft wording)" in md
    assert "Incomplete coverage" in md


def test_html_is_self_contained_escaped_and_well_formed(log: Path, tmp_path: Path) -> None:
    html = report(log, tmp_path, "--format", "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert not re.search(r"""(src|href)=["'](?!https?://ex\.social)""", html)
    assert "<link" not in html and "@import" not in html
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) >= 4
    for svg in svgs:
        ET.fromstring(svg)  # well-formed XML


def test_report_is_deterministic(log: Path, tmp_path: Path) -> None:
    for fmt in ("md", "html", "json"):
        assert report(log, tmp_path, "--format", fmt) == report(log, tmp_path, "--format", fmt)


def test_item_and_time_selection(log: Path, tmp_path: Path) -> None:
    d = json.loads(report(log, tmp_path, "--format", "json", "--item", "4"))
    assert [it["item"] for it in d["items"]] == ["4"] and d["totals"]["posts"] == 4
    d = json.loads(report(log, tmp_path, "--format", "json", "--item", "none"))
    assert d["totals"]["posts"] == 1 and d["items"][0]["item"] is None
    d = json.loads(report(log, tmp_path, "--format", "json", "--from", "09:00", "--to",
                          "2026-03-03T09:30:00Z"))
    assert d["totals"]["posts"] == 3  # s3, o1, r3 (t1 is at 09:30: excluded)
    d = json.loads(report(log, tmp_path, "--format", "json", "--from", "+60m"))
    assert d["totals"]["posts"] == 3  # from 09:10: r3, t1, u1


def test_bad_time_and_missing_log(log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", str(log), "--from", "soon"]) == 2
    assert "--from" in capsys.readouterr().err
    assert main(["report", "--db", str(tmp_path / "nope.db")]) == 2


def test_stdout_without_out(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", str(log), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["posts"] == 10


def test_empty_log_reports_nothing_gracefully(tmp_path: Path) -> None:
    from meetwatch.store.writer import LogWriter

    LogWriter(str(tmp_path / "empty.db")).close()
    for fmt in ("md", "html", "json"):
        assert report(tmp_path / "empty.db", tmp_path, "--format", fmt)


def test_times_shown_in_the_meeting_zone(log: Path, tmp_path: Path) -> None:
    md = report(log, tmp_path, "--tz", "Europe/Geneva")
    assert "Times are Europe/Geneva." in md
    assert "Scheduled 2026-03-03 09:00–10:00." in md  # item 2: 08:00-09:00 UTC
    assert "- 09:10 **@mission@ex.social**" in md
    html = report(log, tmp_path, "--format", "html", "--tz", "Europe/Geneva")
    assert "Times are Europe/Geneva." in html and ">09:00</text>" in html
    # json stays UTC whatever --tz says; --from 09:00 is read in the zone too
    d = json.loads(report(log, tmp_path, "--format", "json", "--tz", "Europe/Geneva",
                          "--from", "10:00", "--to", "10:30"))
    assert d["span"]["first"] == "2026-03-03T09:05:00Z" and d["totals"]["posts"] == 3
    assert main(["report", "--db", str(log), "--tz", "Nowhere/Land"]) == 2


def test_item_heading_does_not_repeat_the_item() -> None:
    from meetwatch.report.markdown import heading

    assert heading({"item": "4", "title": "Item 4 — Valdoria"}) == "Item 4 — Valdoria"
    assert heading({"item": "4", "title": "Valdoria"}) == "Item 4: Valdoria"
    assert heading({"item": "4", "title": ""}) == "Item 4"
    assert heading({"item": None, "title": "Unscheduled / no item"}) == "Unscheduled / no item"


SAMPLE = Path(__file__).resolve().parent.parent / "sample_streams"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("bundled") / "hrc61.db"
    files = [str(SAMPLE / n) for n in ("hrc61.mastodon.jsonl", "hrc61.jetstream.jsonl", "hrc61.rss.xml")]
    assert main(["import", "--db", str(db), "--watch", str(SAMPLE / "hrc61.watch.toml"), *files]) == 0
    return db


def test_the_bundled_session_in_every_format(bundled: Path, tmp_path: Path) -> None:
    conn = open_db(str(bundled), readonly=True)
    d = json.loads(report(bundled, tmp_path, "--format", "json"))
    assert d["totals"]["posts"] == conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0] > 2000
    assert {k: v for k, v in d["totals"]["by_category"].items() if v} == sql_by_category(conn)
    flags = dict(conn.execute("SELECT category, COUNT(*) FROM flags GROUP BY 1").fetchall())
    listed: dict[str, int] = {}
    for it in d["items"]:
        for cat, states in it["flags"]["by_category"].items():
            listed[cat] = listed.get(cat, 0) + sum(states.values())
    assert listed == flags and d["totals"]["flags"] == sum(flags.values())
    changed = conn.execute(
        "SELECT COUNT(*) FROM posts p JOIN accounts a ON a.id = p.account_id WHERE a.category = "
        "'official' AND (p.edited_at IS NOT NULL OR p.deleted_at IS NOT NULL)").fetchone()[0]
    assert sum(len(it["official_changes"]) for it in d["items"]) == changed > 0
    assert sum(d["volume"]["total"]) + d["volume"]["before_start"] == d["totals"]["posts"]
    md = report(bundled, tmp_path)  # the meeting's name and zone, kept in the log by import --watch
    assert md.startswith("# HRC 61: session digest")
    assert "### Edited and deleted official posts" in md and "Times are Europe/Geneva." in md
    assert "Times are UTC." in report(bundled, tmp_path, "--tz", "UTC")
    html = report(bundled, tmp_path, "--format", "html")
    assert "<script" not in html and html.count("<svg") >= 3
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        ET.fromstring(svg)


def test_spike_rule_is_tunable_from_the_command_line(log: Path, tmp_path: Path) -> None:
    default = json.loads(report(log, tmp_path, "--format", "json"))
    assert default["spikes"] == []
    loose = json.loads(report(log, tmp_path, "--format", "json", "--spike-min", "1",
                              "--spike-window", "5", "--spike-baseline", "30",
                              "--spike-ratio", "1.5"))
    assert [(s["from"], s["posts"]) for s in loose["spikes"]] == [("2026-03-03T09:02:00Z", 2)]
    with pytest.raises(SystemExit):
        main(["report", "--db", str(log), "--spike-ratio", "0"])


def test_item_named_like_the_programme(log: Path, tmp_path: Path) -> None:
    d = json.loads(report(log, tmp_path, "--format", "json", "--item", "Item 4"))
    assert d["totals"]["posts"] == 4
