"""The replay engine: merge order, clock, pause, seek, --from, log re-parse.

Time is a fake clock the tests advance by hand; nothing sleeps.
"""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest

from meetwatch.core.timeutil import to_epoch_us
from meetwatch.ingest import import_file
from meetwatch.replay import (
    ReplayClock,
    ReplayEngine,
    ReplayUpdate,
    parse_speed,
    scan,
)
from meetwatch.store.queries import iter_posts
from meetwatch.store.schema import open_db
from meetwatch.store.writer import LogWriter

FIXTURES = Path(__file__).parent / "fixtures"
T0 = to_epoch_us("2026-03-02T09:00:00.000Z")


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def iso(offset_s: float) -> str:
    from meetwatch.core.timeutil import from_epoch_us

    return from_epoch_us(T0 + int(offset_s * 1e6))


def masto(n: int, offset_s: float, text: str = "statement") -> str:
    status = {
        "id": str(n), "uri": f"https://ex.social/users/a/statuses/{n}",
        "url": f"https://ex.social/@a/{n}", "created_at": iso(offset_s),
        "content": f"<p>{text} #HRC61</p>", "tags": [{"name": "hrc61"}], "edited_at": None,
        "account": {"id": "9", "username": "a", "acct": "a", "url": "https://ex.social/@a",
                    "display_name": "A"},
    }
    return orjson.dumps({"stream": ["hashtag", "HRC61"], "event": "update",
                         "payload": orjson.dumps(status).decode()}).decode()


def bsky(rkey: str, offset_s: float, text: str = "reply") -> str:
    return orjson.dumps({
        "did": "did:plc:x", "time_us": T0 + int(offset_s * 1e6), "kind": "commit",
        "commit": {"rev": "r", "operation": "create", "collection": "app.bsky.feed.post",
                   "rkey": rkey, "cid": f"c{rkey}",
                   "record": {"$type": "app.bsky.feed.post", "text": text,
                              "createdAt": iso(offset_s)}},
    }).decode()


@pytest.fixture
def two_files(tmp_path: Path) -> list[Path]:
    a = tmp_path / "a.mastodon.jsonl"
    b = tmp_path / "b.jetstream.jsonl"
    a.write_text("\n".join([masto(1, 0, "one"), masto(2, 120, "three"), masto(3, 240, "five")]))
    b.write_text("\n".join([bsky("k2", 60, "two"), bsky("k4", 180, "four")]))
    return [a, b]


def engine(paths: list[Path], tmp_path: Path, clock: FakeClock, **kw: object) -> tuple[
        ReplayEngine, list[ReplayUpdate]]:
    updates: list[ReplayUpdate] = []
    eng = ReplayEngine(paths, tmp_path / "scratch", now=clock, on_update=updates.append,
                       **kw)  # type: ignore[arg-type]
    return eng, updates


def texts(path: Path) -> list[str]:
    return [r["text"] for r in iter_posts(open_db(str(path), readonly=True))]


def test_two_files_are_merged_by_received_time(two_files: list[Path], tmp_path: Path) -> None:
    eng, updates = engine(two_files, tmp_path, FakeClock(), speed=None)
    while eng.step() is not None:
        pass
    assert [t.split(" #")[0] for t in texts(eng.log_path)] == ["one", "two", "three", "four",
                                                                "five"]
    conn = open_db(str(eng.log_path), readonly=True)
    ids = [r[0] for r in conn.execute("SELECT id FROM posts ORDER BY received_at")]
    assert ids == sorted(ids)  # applied in received order
    assert sum(len(u.new_ids) for u in updates) == 5
    assert updates[-1].status.finished


def test_speed_maps_source_time_to_wall_time(two_files: list[Path], tmp_path: Path) -> None:
    clock = FakeClock()
    eng, updates = engine(two_files, tmp_path, clock, speed=60.0)
    delay = eng.step()
    assert len(texts(eng.log_path)) == 1  # the first record is due at once
    assert delay == pytest.approx(1.0)  # next is 60 s of source time = 1 s at 60x
    clock.t += 0.5
    assert eng.step() == pytest.approx(0.5)
    assert len(texts(eng.log_path)) == 1
    clock.t += 0.5
    eng.step()
    assert len(texts(eng.log_path)) == 2
    assert updates[-1].status.time_us == T0 + 60_000_000
    eng.set_speed(120.0)
    clock.t += 0.5  # 60 s of source time at 120x
    eng.step()
    assert len(texts(eng.log_path)) == 3


def test_faster_and_slower_walk_the_speed_ladder(two_files: list[Path], tmp_path: Path) -> None:
    eng, _ = engine(two_files, tmp_path, FakeClock(), speed=60.0)
    assert eng.faster() == 120
    assert eng.slower() == 60
    eng.set_speed(45.0)
    assert eng.slower() == 30
    eng.set_speed(3600.0)
    assert eng.faster() is None  # max
    assert eng.slower() == 3600
    assert parse_speed("max") is None and parse_speed("60x") == 60.0
    with pytest.raises(ValueError):
        parse_speed("-1")


def test_pause_stops_the_clock_and_resume_continues(two_files: list[Path],
                                                     tmp_path: Path) -> None:
    clock = FakeClock()
    eng, _ = engine(two_files, tmp_path, clock, speed=60.0)
    eng.step()
    eng.pause()
    clock.t += 100.0
    assert eng.step() is None  # nothing to wait for while paused
    assert len(texts(eng.log_path)) == 1
    assert eng.status().paused and eng.status().time_us == T0
    eng.resume()
    assert eng.step() == pytest.approx(1.0)  # source time did not move while paused
    clock.t += 1.0
    eng.step()
    assert len(texts(eng.log_path)) == 2


def test_seek_forward_then_back_rebuilds_the_log(two_files: list[Path], tmp_path: Path) -> None:
    clock = FakeClock()
    eng, updates = engine(two_files, tmp_path, clock, speed=60.0)
    eng.step()
    eng.seek(T0 + 190_000_000)
    eng.step()
    assert len(texts(eng.log_path)) == 4
    assert eng.status().time_us == T0 + 190_000_000
    first_log = eng.log_path
    eng.seek_by(-150)  # back to T0 + 40 s
    eng.step()
    assert updates[-1].reset and updates[-1].log_path == eng.log_path != first_log
    assert not first_log.exists()
    assert [t.split(" #")[0] for t in texts(eng.log_path)] == ["one"]
    assert eng.status().time_us == T0 + 40_000_000
    clock.t += 20 / 60  # 20 s of source time later "two" (at 60 s) is due
    eng.step()
    assert len(texts(eng.log_path)) == 2


def test_seek_past_the_end_finishes(two_files: list[Path], tmp_path: Path) -> None:
    eng, updates = engine(two_files, tmp_path, FakeClock(), speed=60.0)
    eng.seek(T0 + 10_000_000_000)
    assert eng.step() is None
    assert updates[-1].status.finished and len(texts(eng.log_path)) == 5


def test_from_time_applies_history_then_starts_there(two_files: list[Path],
                                                     tmp_path: Path) -> None:
    clock = FakeClock()
    eng, _ = engine(two_files, tmp_path, clock, speed=60.0, start_us=T0 + 61_000_000)
    delay = eng.step()
    assert len(texts(eng.log_path)) == 2
    assert eng.status().time_us == T0 + 61_000_000
    assert delay == pytest.approx(59 / 60)


def test_pause_and_seek_while_paused_stays_paused(two_files: list[Path], tmp_path: Path) -> None:
    clock = FakeClock()
    eng, _ = engine(two_files, tmp_path, clock, speed=60.0)
    eng.pause()
    eng.seek(T0 + 130_000_000)
    assert eng.step() is None
    clock.t += 50.0
    assert eng.status().time_us == T0 + 130_000_000 and len(texts(eng.log_path)) == 3


def test_log_replay_gives_the_same_posts_as_the_import(tmp_path: Path) -> None:
    files = [FIXTURES / "mastodon" / "stream_hrc59.jsonl", FIXTURES / "bluesky" /
             "jetstream_hrc59.jsonl", FIXTURES / "rss" / "un_news.rss", FIXTURES / "x" /
             "twarc2_stream.jsonl", FIXTURES / "mastodon" / "rest_statuses.jsonl"]
    original = tmp_path / "original.db"
    with LogWriter(str(original)) as w:
        for f in files:
            assert import_file(w, f).error is None
    eng, _ = engine([original], tmp_path, FakeClock(), speed=None)
    while eng.step() is not None:
        pass
    keys = ("uid", "network", "author", "text", "created_at", "received_at", "hashtags",
            "reply_to", "quote_of", "deleted_at", "edited_at")

    def rows(path: Path) -> list[tuple[object, ...]]:
        return sorted(tuple(str(r[k]) for k in keys)
                      for r in iter_posts(open_db(str(path), readonly=True)))

    assert rows(eng.log_path) == rows(original)
    assert len(rows(original)) > 15
    conn = open_db(str(eng.log_path), readonly=True)
    versions = conn.execute("SELECT COUNT(*) FROM post_versions").fetchone()[0]
    assert versions == open_db(str(original), readonly=True).execute(
        "SELECT COUNT(*) FROM post_versions").fetchone()[0]


def test_scan_reports_span_hashtags_and_unreadable_files(two_files: list[Path],
                                                         tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n")
    summary = scan([*two_files, junk, tmp_path / "missing.jsonl"])
    assert (summary.start_us, summary.end_us) == (T0, T0 + 240_000_000)
    assert summary.records == 5 and summary.hashtags["hrc61"] == 3
    assert [Path(p).name for p, _ in summary.problems] == ["junk.txt", "missing.jsonl"]
    assert summary.usable == two_files


def test_clock_alone() -> None:
    fake = FakeClock()
    clock = ReplayClock(T0, 10.0, fake)
    fake.t += 2
    assert clock.source_us() == T0 + 20_000_000
    clock.halt()
    fake.t += 5
    assert clock.source_us() == T0 + 20_000_000 and clock.delay_until(T0 + 10**9) is None
    clock.run()
    assert clock.delay_until(T0 + 30_000_000) == pytest.approx(1.0)


def test_run_in_a_thread_stops_promptly(two_files: list[Path], tmp_path: Path) -> None:
    finished = threading.Event()

    def on_update(u: ReplayUpdate) -> None:
        if u.status.finished:
            finished.set()

    eng = ReplayEngine(two_files, tmp_path / "s", speed=None, on_update=on_update)
    thread = threading.Thread(target=eng.run)
    thread.start()
    assert finished.wait(10)
    eng.stop()
    thread.join(5)
    assert not thread.is_alive()


@pytest.mark.parametrize(("text", "expected"), [
    ("+90m", T0 + 5_400_000_000),
    ("-1h30m", T0 - 5_400_000_000),
    ("+45s", T0 + 45_000_000),
    ("11:30", to_epoch_us("2026-03-02T10:30:00Z")),  # Geneva (Europe/Zurich) is UTC+1 in March
    ("2026-03-02T12:00", to_epoch_us("2026-03-02T11:00:00Z")),
    ("2026-03-02T12:00:00Z", to_epoch_us("2026-03-02T12:00:00Z")),
])
def test_resolve_time(text: str, expected: int) -> None:
    from meetwatch.replay import resolve_time

    assert resolve_time(text, T0, "Europe/Zurich") == expected


def test_resolve_time_rejects_nonsense() -> None:
    from meetwatch.replay import resolve_time

    for bad in ("soon", "25:00", "+"):
        with pytest.raises(ValueError):
            resolve_time(bad, T0)


def test_a_timeless_first_frame_waits_for_the_next_timed_one(tmp_path: Path) -> None:
    rec = tmp_path / "a.jsonl"
    notice = orjson.dumps({"stream": ["hashtag"], "event": "filters_changed"}).decode()
    rec.write_text("\n".join([notice, masto(1, 0), masto(2, 60)]))
    summary = scan([rec])
    assert (summary.start_us, summary.end_us) == (T0, T0 + 60_000_000)  # not "now"
    eng, _ = engine([rec], tmp_path, FakeClock(), speed=60.0)
    assert eng.step() == pytest.approx(1.0)
    assert len(texts(eng.log_path)) == 1


def test_long_silences_are_skipped_when_asked(tmp_path: Path) -> None:
    rec = tmp_path / "a.jsonl"
    rec.write_text("\n".join([masto(1, 0), masto(2, 86_400), masto(3, 86_460)]))
    clock = FakeClock()
    eng, _ = engine([rec], tmp_path, clock, speed=60.0, skip_gaps=600)
    assert eng.step() == pytest.approx(2.0)  # a day of silence becomes 2 s
    clock.t += 2.0
    eng.step()
    assert len(texts(eng.log_path)) == 2
    plain, _ = engine([rec], tmp_path / "b", FakeClock(), speed=60.0)
    assert plain.step() == pytest.approx(1440.0)


def test_busy_start_skips_the_run_up(tmp_path: Path) -> None:
    rec = tmp_path / "a.jsonl"
    lines = [masto(1, -3 * 86_400)] + [masto(10 + i, 3600 + i) for i in range(20)]
    rec.write_text("\n".join(lines))
    summary = scan([rec])
    assert summary.start_us == T0 - 3 * 86_400_000_000
    assert summary.busy_start_us() == T0 + 3_600_000_000


def test_a_replayed_log_keeps_its_watch_categories(tmp_path: Path) -> None:
    from meetwatch.store.writer import apply_watch_accounts

    rec = tmp_path / "a.jsonl"
    rec.write_text("\n".join([masto(1, 0), masto(2, 60)]))
    original = tmp_path / "original.db"
    with LogWriter(str(original)) as w:
        import_file(w, rec)
        w.begin()
        apply_watch_accounts(w.conn, {"a@ex.social": "official"})
    eng, _ = engine([original], tmp_path, FakeClock(), speed=None)
    while eng.step() is not None:
        pass
    rows = list(iter_posts(open_db(str(eng.log_path), readonly=True)))
    assert {r["author_category"] for r in rows} == {"official"}
    assert eng.summary.categories == {"official"}


def test_replay_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = ("import sys, meetwatch.replay; "
            "sys.exit(1 if {'textual', 'rich'} & set(sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_a_feed_polled_live_replays_with_its_entries(tmp_path: Path) -> None:
    """`meetwatch record` stores each poll's document under the feed's URL:
    replaying the log re-parses it like a feed file."""
    from meetwatch.core.models import RawEvent
    from meetwatch.sources.rss import parse_feed

    data = (FIXTURES / "rss" / "un_news.rss").read_bytes()
    events, _ = parse_feed(data, "https://news.example/feed.xml")
    original = tmp_path / "recorded.db"
    with LogWriter(str(original)) as w:
        received = "2026-03-03T09:00:00.000Z"
        w.add_raw(RawEvent("rss:https://news.example/feed.xml", "rss", received,
                           data.decode("utf-8")))
        w.apply(events, received)
    eng, _ = engine([original], tmp_path, FakeClock(), speed=None)
    while eng.step() is not None:
        pass
    uids = {r["uid"] for r in iter_posts(open_db(str(eng.log_path), readonly=True))}
    assert uids == {e.uid for e in events} and len(uids) >= 3
    assert eng.rejected == 0
