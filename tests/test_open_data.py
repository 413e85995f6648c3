"""Open data: the views in the log, export of every table, Datasette metadata."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from evidence_log import build

from meetwatch.cli import EXPORT_COLUMNS, main
from meetwatch.store.export import NAMES, datasette_metadata
from meetwatch.store.schema import open_db


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("od") / "hrc.db"
    build(path)
    return path


def q(log: Path, sql: str) -> list[tuple[object, ...]]:
    return open_db(str(log), readonly=True).execute(sql).fetchall()


def test_views_answer_the_common_questions(log: Path, tmp_path: Path) -> None:
    assert q(log, "SELECT SUM(posts) FROM volume_per_minute") == [(10,)]
    assert q(log, "SELECT posts FROM volume_per_minute WHERE minute = '2026-03-03T08:10:00Z'") == [(1,)]
    rows = q(log, "SELECT statement_uid, response_uid, latency_seconds FROM statements_with_responses "
                  "ORDER BY statement_uid, latency_seconds")
    assert rows == [("s1", "m1", 60), ("s1", "r1", 120), ("s2", "r2", 600), ("s3", "r3", 600)]
    assert q(log, "SELECT rule FROM open_flags ORDER BY rule") == [("harass.x",), ("leak.draft",)]
    assert q(log, "SELECT state, review_note FROM flag_outcomes WHERE rule = 'threat.regret'") == [
        ("acknowledged", "reported to security")]
    assert q(log, "SELECT COUNT(*), SUM(filled) FROM coverage_gaps") == [(2, 1)]
    # share of voice per item agrees with the report
    out = tmp_path / "r.json"
    assert main(["report", "--db", str(log), "--format", "json", "--out", str(out)]) == 0
    d = json.loads(out.read_text())
    for it in d["items"]:
        view = {c: (n, s) for c, n, s in q(
            log, "SELECT author_category, posts, share FROM share_of_voice_per_item WHERE "
            + ("agenda_item IS NULL" if it["item"] is None else f"agenda_item = '{it['item']}'"))}
        assert view == {s["category"]: (s["posts"], round(s["fraction"], 4))
                        for s in it["share_of_voice"]}
    overall = dict(q(log, "SELECT author_category, posts FROM share_of_voice"))
    assert overall == {k: v for k, v in d["totals"]["by_category"].items() if v}


def export(log: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["export", "--db", str(log), *args]) == 0
    return capsys.readouterr().out


def test_export_default_is_unchanged_posts(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = export(log, capsys, "--format", "csv")
    assert plain == export(log, capsys, "--format", "csv", "--table", "posts")
    rows = list(csv.reader(io.StringIO(plain)))
    assert tuple(rows[0]) == EXPORT_COLUMNS and len(rows) == 11
    lines = export(log, capsys).splitlines()
    assert len(lines) == 10 and {"uid", "author_category", "flags"} <= set(json.loads(lines[0]))


@pytest.mark.parametrize("table", [n for n in NAMES if n != "posts"])
def test_every_table_exports_as_csv_and_jsonl(log: Path, capsys: pytest.CaptureFixture[str],
                                             table: str) -> None:
    rows = list(csv.reader(io.StringIO(export(log, capsys, "--format", "csv", "--table", table))))
    lines = export(log, capsys, "--table", table).splitlines()
    assert len(rows) - 1 == len(lines)
    if lines:
        assert list(json.loads(lines[0])) == rows[0]


def test_exported_rows_name_posts_by_uid(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = [json.loads(x) for x in export(log, capsys, "--table", "pairs").splitlines()]
    assert pairs[0] == {"statement": "s1", "response": "r1", "kind": "reply",
                        "reason": "replies to the statement", "score": 1.0,
                        "created_at": "2026-03-03T08:12:00.000Z"}
    flags = [json.loads(x) for x in export(log, capsys, "--table", "flags").splitlines()]
    assert {f["uid"] for f in flags} == {"s3", "t1", "r2"}
    versions = [json.loads(x) for x in export(log, capsys, "--table", "post_versions").splitlines()]
    assert [v["text"] for v in versions if v["uid"] == "s3"] == [
        "Item 4 statement (draft wording)", "Item 4 statement"]


def test_datasette_metadata_describes_every_table_and_view(log: Path) -> None:
    meta = datasette_metadata("hrc")
    described = meta["databases"]["hrc"]["tables"]
    names = {n for (n,) in q(log, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                  "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'posts_fts_%' "
                                  "AND name != '_sqlite_migrations'")}
    assert names <= set(described), names - set(described)
    for name, spec in described.items():
        assert spec.get("description"), name
    conn = open_db(str(log), readonly=True)
    for query in meta["databases"]["hrc"]["queries"].values():
        conn.execute(query["sql"]).fetchall()  # every canned query runs


def test_datasette_command_writes_metadata_next_to_the_log(log: Path) -> None:
    assert main(["datasette", "--db", str(log)]) == 0
    written = json.loads(log.with_name("hrc.metadata.json").read_text())
    assert list(written["databases"]) == ["hrc"]


def test_export_tables_by_agenda_item(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [json.loads(x) for x in export(log, capsys, "--table", "flags", "--item", "Item 4")
            .splitlines()]
    assert {r["rule"] for r in rows} == {"threat.regret", "pii.phone", "leak.draft"}
    rows = [json.loads(x) for x in export(log, capsys, "--table", "agenda_items", "--item", "2")
            .splitlines()]
    assert [r["item"] for r in rows] == ["2"]
    assert main(["export", "--db", str(log), "--table", "pairs", "--item", "2"]) == 2
    assert "no agenda item" in capsys.readouterr().err
