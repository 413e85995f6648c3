"""The measures' SQL (meetwatch.store.analytics) over a known log."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_log import at, build

from meetwatch.core.stats import SessionStats, epoch_seconds, response_latency
from meetwatch.store import analytics as an
from meetwatch.store.schema import open_db


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("ev") / "log.db"
    return path, build(path)


def test_facts_feed_the_accumulator(log: tuple[Path, dict[str, int]]) -> None:
    path, ids = log
    conn = open_db(str(path), readonly=True)
    s = SessionStats()
    s.extend(an.iter_facts(conn))
    assert s.total == 10
    assert s.by_category == {"official": 3, "civil_society": 3, "media": 1, "own": 1, "other": 2}
    assert s.by_item == {"2": 5, "4": 4, "": 1}
    assert s.engagement == {"shares": 45, "likes": 113, "replies": 3}
    assert s.most_engaged()[0] == (ids["s2"], 140)
    only4 = SessionStats()
    only4.extend(an.iter_facts(conn, an.Scope(item="4")))
    assert only4.total == 4
    late = list(an.iter_facts(conn, an.Scope(start=at("09:00"), end=at("09:30"))))
    assert sorted(f.id for f in late) == sorted(ids[u] for u in ("s3", "r3", "o1"))
    assert [f.id for f in an.iter_facts(conn, until=at("08:11"))] == [ids["s1"], ids["m1"]]
    newer = [f.id for f in an.iter_facts(conn, after_id=ids["t1"])]
    assert newer == [ids["u1"]]


def test_pairs_latency_statements_and_changes(log: tuple[Path, dict[str, int]]) -> None:
    path, ids = log
    conn = open_db(str(path), readonly=True)
    lat = response_latency(an.pair_times(conn))
    assert lat.per_statement[ids["s1"]] == (60.0, 90.0, 2)
    assert lat.per_statement[ids["s2"]][0] == 600.0
    assert response_latency(an.pair_times(conn, until=at("08:11", 30))).responses == 1
    n, st = an.statements(conn, an.Scope(item="2"), responses=1)
    assert n == 2 and an.statements(conn, limit=1)[1][0]["uid"] == "s1"
    assert [s["uid"] for s in st] == ["s1", "s2"]
    assert st[0]["response_count"] == 2 and [r["uid"] for r in st[0]["responses"]] == ["r1"]
    changes = an.official_changes(conn)
    assert [c["uid"] for c in changes] == ["s3"]
    assert [v["text"] for v in changes[0]["versions"]] == [
        "Item 4 statement (draft wording)", "Item 4 statement"]
    assert changes[0]["deleted_at"] == at("09:40")


def test_flag_outcomes_prefer_the_review(log: tuple[Path, dict[str, int]]) -> None:
    conn = open_db(str(log[0]), readonly=True)
    flags = an.flag_outcomes(conn)
    assert [f["severity"] for f in flags] == ["critical", "high", "medium", "low"]
    by_rule = {f["rule"]: f for f in flags}
    assert by_rule["threat.regret"]["state"] == "acknowledged"
    assert by_rule["threat.regret"]["note"] == "reported to security"
    assert by_rule["pii.phone"]["state"] == "dismissed"
    assert [f["rule"] for f in an.flag_outcomes(conn, an.Scope(item="2"))] == ["harass.x"]


def test_gaps_and_agenda(log: tuple[Path, dict[str, int]]) -> None:
    conn = open_db(str(log[0]), readonly=True)
    gaps = an.gaps(conn)
    assert [(g.source, g.filled) for g in gaps] == [("jetstream:host", True),
                                                    ("mastodon:ex.social", False)]
    assert [s.item for s in an.agenda(conn)] == ["2", "4"]
    assert an.items_in_log(conn) == ["2", "4"]
    first, last = an.time_span(conn)
    assert epoch_seconds(last or "") - epoch_seconds(first or "") == 110 * 60
