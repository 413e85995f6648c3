"""The programme: loading TOML and CSV (bad rows with line numbers), tagging
posts on the floor or by keyword, storing it in the log, export/search filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetwatch.cli import main
from meetwatch.core.programme import Programme, ProgrammeError, load_programme, parse_csv, parse_toml
from meetwatch.store.agenda import load_agenda
from meetwatch.store.schema import open_db
from tests.sessionkit import WATCH_ACCOUNTS, status, write

SAMPLE = Path(__file__).parent.parent / "sample_streams"

TOML = """
[meeting]
date = "2026-03-03"

[[items]]
item = 3
title = "Freedom of expression"
start = "10:00"
end = "11:00"
keywords = ["journalists", "SLAPP"]

[[items]]
agenda_item = 4
title = "Valdoria"
start = "2026-03-03T11:00:00+01:00"
end = "2026-03-03T12:30"
hashtags = ["#ItemFour", "HRC61"]
keywords = ["arbitrary detention", "journalists"]

[[items]]
item = "4"
title = "Action on L.12"
start = "14:00"
end = "13:00"

[[items]]
title = "no item"
start = "15:00"
end = "16:00"
"""


def test_toml_slots_times_and_bad_rows_with_line_numbers() -> None:
    prog, problems = parse_toml(TOML, "Europe/Geneva", name="p.toml")
    assert [(s.item, s.starts_at, s.ends_at) for s in prog.slots] == [
        ("3", "2026-03-03T09:00:00.000Z", "2026-03-03T10:00:00.000Z"),
        ("4", "2026-03-03T10:00:00.000Z", "2026-03-03T11:30:00.000Z"),
    ]
    assert prog.slots[1].hashtags == ("itemfour", "hrc61")
    assert len(problems) == 2
    assert problems[0].startswith("p.toml:20:") and "not after" in problems[0]
    assert problems[1].startswith("p.toml:26:") and "`item`" in problems[1]


def test_tag_on_the_floor_else_by_unambiguous_keyword_or_hashtag() -> None:
    slots = parse_toml(TOML, "Europe/Geneva")[0].slots
    prog = Programme(slots, "Europe/Geneva", meeting_hashtags=("HRC61",))
    assert prog.tag("2026-03-03T09:30:00.000Z", (), "") == ("3", "on the floor 10:00–11:00 (Item 3)")
    assert prog.tag("2026-03-03T10:59:59.999Z", (), "")[0] == "4"
    # outside: a hashtag only item 4 has; the meeting-wide one decides nothing
    assert prog.tag("2026-03-03T14:00:00.000Z", ("hrc61",), "x") is None
    item, reason = prog.tag("2026-03-03T14:00:00.000Z", ("itemfour",), "x")
    assert item == "4" and "#itemfour" in reason and "outside" in reason
    # "journalists" belongs to two items: ignored; "SLAPP" to one
    assert prog.tag("2026-03-03T14:00:00.000Z", (), "journalists at risk") is None
    item, reason = prog.tag("2026-03-03T14:00:00.000Z", (), "the slapp suits")
    assert item == "3" and "\u201cslapp\u201d" in reason
    assert prog.tag("2026-03-03T14:00:00.000Z", (), "ARBITRARY DETENTION of lawyers")[0] == "4"
    assert prog.tag("2026-03-03T14:00:00.000Z", (), "slapped") is None  # whole words only


def test_csv_with_bad_rows() -> None:
    text = ("# HRC 61\nitem,title,date,start,end,keywords\n"
            "4,Valdoria,2026-03-03,10:55,12:05,arbitrary detention; Valdoria\n"
            "5,Bad,2026-03-03,noon,13:00,\n"
            "6,UPR,2026-03-03,12:15,12:35,UPR\n"
            "7,Too,many,fields,here,x,y\n")
    prog, problems = parse_csv(text, "Europe/Geneva", name="p.csv")
    assert [s.item for s in prog.slots] == ["4", "6"]
    assert prog.slots[0].keywords == ("arbitrary detention", "Valdoria")
    assert prog.slots[0].starts_at == "2026-03-03T09:55:00.000Z"
    assert problems[0].startswith("p.csv:4:") and "noon" in problems[0]
    assert problems[1].startswith("p.csv:6:")
    with pytest.raises(ProgrammeError, match="header"):
        parse_csv("title,start\nx,10:00\n", "UTC", name="p.csv")


def test_unusable_files_raise_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProgrammeError, match="cannot read"):
        load_programme(tmp_path / "missing.toml")
    bad = tmp_path / "p.toml"
    bad.write_text("[[items]\n")
    with pytest.raises(ProgrammeError, match="not valid TOML"):
        load_programme(bad)


def test_sample_programme_covers_the_recorded_session() -> None:
    prog, problems = load_programme(SAMPLE / "hrc61.programme.toml", "Europe/Geneva")
    assert problems == []
    assert prog.items == ["1", "2", "3", "4", "6", "10"]
    assert prog.on_floor("2026-03-03T10:30:00.000Z").item == "4"  # 11:30 in Geneva


def _watch(tmp_path: Path, programme: str) -> Path:
    (tmp_path / "prog.toml").write_text(programme, encoding="utf-8")
    w = tmp_path / "w.toml"
    w.write_text('[meeting]\nname = "T"\nhashtags = ["HRC61"]\ntimezone = "Europe/Geneva"\n'
                 'programme = "prog.toml"\n'
                 + WATCH_ACCOUNTS, encoding="utf-8")
    return w


def test_import_tags_posts_and_export_search_filter_by_item(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    watch = _watch(tmp_path, TOML)
    session = write(tmp_path / "s.jsonl", [
        status(1, "valdoria", -30, "Opening remarks on journalists"),  # 09:30Z: item 3
        status(2, "rwc", 30, "Arbitrary detention continues"),  # 10:30Z: item 4
        status(3, "amal", 200, "Evening: arbitrary detention again"),  # 13:20Z: keyword
        status(4, "anon", 210, "lunch"),  # untagged
    ])
    db = tmp_path / "log.db"
    assert main(["import", "--db", str(db), "--watch", str(watch), str(session)]) == 0
    err = capsys.readouterr().err
    assert "prog.toml:20" in err  # the bad rows are reported, the rest used
    assert main(["export", "--db", str(db)]) == 0
    rows = {r["text"].split()[0]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["Opening"]["agenda_item"] == "3"
    assert rows["Opening"]["agenda_reason"] == "on the floor 10:00–11:00 (Item 3)"
    assert rows["Arbitrary"]["agenda_item"] == "4"
    assert rows["Evening:"]["agenda_item"] == "4"
    assert "arbitrary detention" in rows["Evening:"]["agenda_reason"]
    assert rows["lunch"]["agenda_item"] is None
    assert main(["export", "--db", str(db), "--item", "Item 4"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["search", "--db", str(db), "--json", "--item", "4", "detention"]) == 0
    assert {json.loads(r)["agenda_item"] for r in capsys.readouterr().out.splitlines()} == {"4"}
    assert main(["search", "--db", str(db), "--json", "--item", "3", "detention"]) == 0
    assert capsys.readouterr().out == ""
    # stored in the log, with its time zone
    prog = load_agenda(open_db(str(db), readonly=True))
    assert prog is not None and prog.timezone == "Europe/Geneva" and prog.items == ["3", "4"]


def test_a_changed_programme_retags_the_log(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    watch = _watch(tmp_path, TOML)
    session = write(tmp_path / "s.jsonl", [status(2, "rwc", 30, "Arbitrary detention")])
    db = tmp_path / "log.db"
    assert main(["import", "--db", str(db), str(session)]) == 0  # no programme yet
    assert main(["import", "--db", str(db), "--watch", str(watch), str(session)]) == 0
    assert "1 posts already in the log re-tagged" in capsys.readouterr().err
    conn = open_db(str(db), readonly=True)
    assert conn.execute("SELECT agenda_item FROM posts").fetchone()[0] == "4"


def test_replay_tags_posts_like_import(tmp_path: Path) -> None:
    from meetwatch.replay import ReplayEngine
    from meetwatch.store.queries import iter_posts

    prog, _ = parse_toml(TOML, "Europe/Geneva")
    session = write(tmp_path / "s.jsonl", [status(2, "rwc", 30, "Arbitrary detention")])
    eng = ReplayEngine([session], tmp_path / "scratch", speed=None, programme=prog)
    while eng.step() is not None or not eng.status().finished:
        pass
    eng.close()
    rows = list(iter_posts(open_db(str(eng.log_path), readonly=True)))
    assert [(r["agenda_item"], r["agenda_reason"]) for r in rows] == [
        ("4", "on the floor 11:00–12:30 (Item 4)")]


def test_pane_filter_by_item(tmp_path: Path) -> None:
    from meetwatch.core.panes import PaneSpec, filter_text, parse_filter, parse_panes
    from meetwatch.store.queries import PaneQuery

    f = parse_filter("item:4 lang:en detention")
    assert (f.item, f.lang, f.text) == ("4", "en", "detention")
    assert filter_text(f) == "lang:en item:4 detention"
    assert parse_panes([{"title": "Item 4", "kind": "all", "filter": {"item": "4"}}])[0][0] \
        .filter.item == "4"
    watch = _watch(tmp_path, TOML)
    session = write(tmp_path / "s.jsonl", [status(1, "valdoria", -30, "journalists"),
                                           status(2, "rwc", 30, "Arbitrary detention")])
    db = tmp_path / "log.db"
    assert main(["import", "--db", str(db), "--watch", str(watch), str(session)]) == 0
    conn = open_db(str(db), readonly=True)
    rows = PaneQuery(PaneSpec("Item 4", "all").with_filter(item="Item 4")).page_from(conn, None, 10)
    assert [r.text.split()[0] for r in rows] == ["Arbitrary"]
