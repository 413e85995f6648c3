"""The live collector end to end against local fake servers (127.0.0.1 only):
posts arrive, drops lose nothing and duplicate nothing, bad credentials are
reported clearly while the other sources carry on, gaps are logged honestly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from meetwatch.live import Collector, LiveSettings, Summary
from meetwatch.live.backoff import Backoff, XBackoff
from tests.fakes import (
    SAMPLES,
    FakeFeed,
    FakeJetstream,
    FakeMastodon,
    FakeX,
    fast_settings,
    jetstream_post,
    log_rows,
    sample_lines,
    wait_until,
    watch_file,
)

TOKEN = "s3cret-mastodon-token-0123456789"
X_TOKEN = "x-bearer-AAAAAAAAAAAAAAAAAAAAAAAA"


class Running:
    """A collector running in the background of a test."""

    def __init__(self, collector: Collector, db: Path) -> None:
        self.collector = collector
        self.db = db
        self.stop = asyncio.Event()
        self.lines: list[str] = []
        self.task: asyncio.Task[Summary] | None = None

    def posts(self, network: str | None = None) -> list[tuple[Any, ...]]:
        sql = "SELECT uid, text, deleted_at, edited_at FROM posts"
        return log_rows(self.db, sql + (" WHERE network = ?" if network else ""),
                        *([network] if network else []))

    def gaps(self) -> list[tuple[Any, ...]]:
        return log_rows(self.db, "SELECT source, gap_start, gap_end, filled, detail "
                                 "FROM connection_events WHERE kind = 'gap' ORDER BY id")

    def events(self, kind: str) -> list[tuple[Any, ...]]:
        return log_rows(self.db, "SELECT source, detail FROM connection_events WHERE kind = ? "
                                 "ORDER BY id", kind)

    async def finish(self) -> Summary:
        self.stop.set()
        assert self.task is not None
        return await asyncio.wait_for(self.task, 30)  # a bound for a loaded machine


async def start(tmp_path: Path, *sources: dict[str, Any], settings: LiveSettings | None = None,
                **kw: Any) -> Running:
    db = tmp_path / "live.db"
    wf = watch_file(*sources, **kw)
    run = Running(Collector(wf, str(db), settings=settings or fast_settings(),
                            on_status=lambda st, text: run.lines.append(f"{st.name}: {text}")), db)
    run.task = asyncio.create_task(run.collector.run(stop=run.stop))
    return run


@pytest.fixture
async def mastodon(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeMastodon]:
    monkeypatch.setenv("MW_TEST_MASTODON", TOKEN)
    server = await FakeMastodon(tokens=(TOKEN,)).start()
    yield server
    await server.close()


@pytest.fixture
async def jetstream() -> AsyncIterator[FakeJetstream]:
    server = await FakeJetstream().start()
    yield server
    await server.close()


def subscribed(m: FakeMastodon, n: int = 2) -> bool:
    return m.connected == 1 and all(len(s) == n for s in m.subs.values())


# -- backoff ---------------------------------------------------------------------


def test_the_live_package_loads_without_textual() -> None:
    import subprocess
    import sys

    # Only textual: httpx's own __init__ loads rich (its CLI) when rich is installed.
    code = ("import sys, meetwatch.live, meetwatch.live.servers, meetwatch.live.rehearse, "
            "meetwatch.live.record; print('textual' if 'textual' in sys.modules else '')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_backoff_grows_with_jitter_and_caps() -> None:
    b = Backoff(1.0, 8.0, jitter=0.5)
    delays = [b.next() for _ in range(6)]
    assert 0.5 <= delays[0] <= 1.0 and 1.0 <= delays[1] <= 2.0 and 2.0 <= delays[2] <= 4.0
    assert all(4.0 <= d <= 8.0 for d in delays[3:])
    b.reset()
    assert b.next() <= 1.0


def test_x_backoff_follows_the_documented_policy() -> None:
    b = XBackoff()
    assert b.next("network") == 0.0  # once immediately
    assert [b.next("network") for _ in range(3)] == [0.25, 0.5, 0.75]
    assert [b.next("http") for _ in range(3)] == [5.0, 10.0, 20.0]
    assert [b.next("429") for _ in range(2)] == [60.0, 120.0]
    assert max(b.next("network") for _ in range(100)) == 16.0
    assert max(b.next("http") for _ in range(20)) == 320.0


# -- Mastodon ----------------------------------------------------------------------


async def test_mastodon_drop_is_refilled_with_min_id_and_loses_nothing(
        tmp_path: Path, mastodon: FakeMastodon) -> None:
    run = await start(tmp_path, {"network": "mastodon", "server": mastodon.url,
                                 "token_env": "MW_TEST_MASTODON"})
    await wait_until(lambda: subscribed(mastodon), what="subscriptions")
    published = []
    for i in range(20):
        st = mastodon.make_status(f"live {i}", ("HRC61", "ItemFour") if i % 2 else ("HRC61",))
        published.append(st)
        await mastodon.publish(st)
    await wait_until(lambda: len(run.posts()) == 20, what="20 live posts")
    newest_before_drop = published[-1]["id"]

    mastodon.offline = True
    mastodon.drop()
    await wait_until(lambda: mastodon.connected == 0)
    for i in range(150):  # missed by the socket: only REST can bring them
        st = mastodon.make_status(f"missed {i}")
        published.append(st)
        await mastodon.publish(st)
    mastodon.offline = False
    await wait_until(lambda: len(run.posts()) == 170, timeout=20, what="all 170 posts")
    await wait_until(lambda: len(run.gaps()) == 1, what="the gap row")

    # an edit and a delete arrive over the socket
    await wait_until(lambda: subscribed(mastodon))
    await mastodon.edit(published[3], "live 3, corrected")
    await mastodon.delete(published[5]["id"])
    await wait_until(lambda: any(r[3] for r in run.posts()) and any(r[2] for r in run.posts()),
                     what="edit and delete")
    summary = await run.finish()

    uids = {r[0] for r in run.posts()}
    assert uids == {st["uri"] for st in published}  # none lost, none extra
    assert len(run.posts()) == 170  # none duplicated
    refills = [q for path, q in mastodon.requests if path.startswith("/api/v1/timelines/tag/hrc61")
               and "min_id" in q]
    assert refills and refills[0]["min_id"] == [newest_before_drop]
    _source, gap_start, gap_end, filled, detail = run.gaps()[0]
    # 150 missed on #HRC61 (plus any #ItemFour frames still in flight at the drop)
    assert filled == 1 and gap_start < gap_end and "refilled 1" in detail
    edited = [r for r in run.posts() if r[3]]
    assert edited[0][1].startswith("live 3, corrected")
    assert {r[0] for r in run.posts() if r[2]} == {published[5]["uri"]}
    state = summary.sources[0]
    assert state.drops == 1 and state.gaps_filled == 1 and state.imported == 170


async def test_mastodon_stall_reconnects_and_refills(tmp_path: Path, mastodon: FakeMastodon) -> None:
    run = await start(tmp_path, {"network": "mastodon", "server": mastodon.url,
                                 "token_env": "MW_TEST_MASTODON", "stall": 0.3})
    await wait_until(lambda: subscribed(mastodon))
    await mastodon.publish(mastodon.make_status("before"))
    await wait_until(lambda: len(run.posts()) == 1)
    mastodon.stalled = True  # the socket stays open; nothing more comes through
    for i in range(5):
        await mastodon.publish(mastodon.make_status(f"during stall {i}"))
    await wait_until(lambda: run.events("stall") != [], what="stall detected")
    mastodon.stalled = False
    await wait_until(lambda: len(run.posts()) == 6, what="refilled after the stall")
    await wait_until(lambda: len(run.gaps()) == 1, what="the gap row")
    await run.finish()
    assert "nothing received for 0.3s" in run.events("stall")[0][1]
    assert run.gaps()[0][3] == 1


async def test_mastodon_rate_limit_is_respected_during_refill(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_TEST_MASTODON", TOKEN)
    m = await FakeMastodon(tokens=(TOKEN,), rate_limit=4, rate_window=0.5).start()
    try:
        run = await start(tmp_path, {"network": "mastodon", "server": m.url,
                                     "token_env": "MW_TEST_MASTODON"}, hashtags=("HRC61",))
        await wait_until(lambda: subscribed(m, 1))
        await m.publish(m.make_status("seed"))
        await wait_until(lambda: len(run.posts()) == 1)
        m.offline = True
        m.drop()
        for i in range(200):  # 5 pages of 40, plus the empty one: more than 4 requests a window
            await m.publish(m.make_status(f"missed {i}"))
        m.offline = False
        await wait_until(lambda: len(run.posts()) == 201, timeout=20, what="refill across windows")
        await wait_until(lambda: len(run.gaps()) == 1, what="the gap row")
        await run.finish()
        assert run.gaps()[-1][3] == 1
        assert any("rate limit" in line for line in run.lines)
    finally:
        await m.close()


async def test_bad_token_is_reported_and_retried_while_bluesky_carries_on(
        tmp_path: Path, jetstream: FakeJetstream, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    m = await FakeMastodon(tokens=("the-right-one",)).start()
    monkeypatch.setenv("MW_TEST_MASTODON", TOKEN)
    try:
        run = await start(tmp_path,
                          {"network": "mastodon", "server": m.url, "token_env": "MW_TEST_MASTODON"},
                          {"network": "bluesky", "jetstream": jetstream.url})
        await wait_until(lambda: jetstream.connected == 1)
        t0 = time.time_ns() // 1000
        for i in range(10):
            jetstream.publish(jetstream_post(i, t0 + i))
        await wait_until(lambda: len(run.posts("bluesky")) == 10, what="bluesky posts")
        await wait_until(lambda: m.refused >= 3, what="mastodon retries")
        # the server counts a refusal before the client has recorded it
        await wait_until(lambda: any(s.state.network == "mastodon" and s.state.errors >= 3
                                     for s in run.collector.sources), what="errors recorded")
        summary = await run.finish()
        errors = [d for s, d in run.events("error") if s.startswith("mastodon")]
        assert errors and "HTTP 401 Invalid access token" in errors[0]
        assert "$MW_TEST_MASTODON" in errors[0]
        mstate = next(s for s in summary.sources if s.network == "mastodon")
        assert mstate.errors >= 3 and mstate.connects == 0
        # the secret never reaches the log file or any output
        out = capsys.readouterr()
        blob = b"".join(p.read_bytes() for p in tmp_path.glob("live.db*"))
        assert TOKEN.encode() not in blob
        assert TOKEN not in out.out + out.err + "\n".join(run.lines) + "\n".join(summary.lines())
    finally:
        await m.close()


# -- Bluesky Jetstream -------------------------------------------------------------------


async def test_jetstream_drop_resumes_with_rewound_cursor_without_duplicates(
        tmp_path: Path, jetstream: FakeJetstream) -> None:
    follow = "did:plc:followedaccount0000000001"
    run = await start(tmp_path, {"network": "bluesky", "jetstream": jetstream.url},
                      accounts={"official": [follow]})
    await wait_until(lambda: jetstream.connected == 1)
    t0 = time.time_ns() // 1000 - 60_000_000
    step = 100_000  # 0.1 s apart: the 5 s rewind replays the last 50
    n = 0
    expected: set[str] = set()

    def emit(count: int) -> None:
        nonlocal n
        for _ in range(count):
            ev = jetstream_post(n, t0 + n * step, tags=("hrc61",) if n % 3 else ("Weather",))
            if n % 7 == 0:
                ev = jetstream_post(n, t0 + n * step, tags=("Cats",), did=follow)
            if n % 3 or n % 7 == 0:
                expected.add(f"at://{ev['did']}/app.bsky.feed.post/{ev['commit']['rkey']}")
            jetstream.publish(ev)
            n += 1

    emit(120)
    await wait_until(lambda: len(run.posts()) == len(expected), what="first posts")
    newest = t0 + (n - 1) * step
    jetstream.offline = True
    jetstream.drop()
    await wait_until(lambda: jetstream.connected == 0)
    emit(80)
    # an update and a delete of kept posts, during the outage
    jetstream.publish(jetstream_post(1, t0 + n * step, op="update", text="post 1 #HRC61 edited"))
    jetstream.publish(jetstream_post(2, t0 + n * step + 1, op="delete"))
    jetstream.offline = False
    await wait_until(lambda: len(run.posts()) == len(expected), what="resumed posts")
    await wait_until(lambda: any(r[2] for r in run.posts()) and any(r[3] for r in run.posts()),
                     what="update and delete")
    summary = await run.finish()

    assert {r[0] for r in run.posts()} == expected
    assert jetstream.cursors[0] is None and jetstream.cursors[-1] == newest - 5_000_000
    state = summary.sources[0]
    assert state.duplicate > 0  # the rewind overlapped what was stored...
    assert len(run.posts()) == len(expected)  # ...and nothing was stored twice
    assert run.gaps()[0][3] == 1 and "rewound 5s" in run.gaps()[0][4]
    assert not any("Weather" in (r[1] or "") for r in run.posts())


async def test_jetstream_fails_over_to_the_next_host(tmp_path: Path, jetstream: FakeJetstream) -> None:
    dead = await FakeJetstream().start()
    dead.offline = True
    try:
        run = await start(tmp_path, {"network": "bluesky",
                                     "jetstream": f"{dead.url} {jetstream.url}"})
        await wait_until(lambda: jetstream.connected == 1, what="failover")
        jetstream.publish(jetstream_post(1, time.time_ns() // 1000))
        await wait_until(lambda: len(run.posts()) == 1)
        await run.finish()
        assert "HTTP 503" in run.events("error")[0][1]
    finally:
        await dead.close()


async def test_jetstream_recorded_session_and_malformed_frames(
        tmp_path: Path, jetstream: FakeJetstream) -> None:
    run = await start(tmp_path, {"network": "bluesky", "jetstream": jetstream.url})
    await wait_until(lambda: jetstream.connected == 1)
    lines = sample_lines("hrc61.jetstream.jsonl")
    for line in lines:
        jetstream.publish(line)
    jetstream.publish("{not json")
    await wait_until(lambda: run.collector.sources[0].state.frames > 100
                     and run.collector.queue.empty(), what="recorded events")
    await asyncio.sleep(0.1)
    summary = await run.finish()
    tagged = [r for r in run.posts()]
    assert len(tagged) > 100
    assert summary.sources[0].rejected >= 1


# -- RSS -----------------------------------------------------------------------------


async def test_rss_polls_with_etag_and_handles_304_and_errors(tmp_path: Path) -> None:
    body = (SAMPLES / "hrc61.rss.xml").read_bytes()
    feed = await FakeFeed(body).start()
    try:
        run = await start(tmp_path, {"network": "rss", "url": feed.url, "interval": 0.05})
        await wait_until(lambda: feed.not_modified >= 3, what="304 answers")
        assert len(run.posts("rss")) == 30
        feed.fail = [503, 503]
        await wait_until(lambda: run.events("drop") != [] and feed.requests > 8)
        newer = body.replace(b"<item>", b"<item><guid>urn:new-item</guid><title>New statement</title>"
                             b"<link>https://un-rights.example/new</link>"
                             b"<pubDate>Tue, 03 Mar 2026 13:00:00 +0100</pubDate></item><item>", 1)
        feed.set_body(newer)
        await wait_until(lambda: len(run.posts("rss")) == 31, what="the new entry")
        await run.finish()
        assert feed.conditional >= 3
        assert "HTTP 503" in run.events("drop")[0][1]
        gap = run.gaps()[0]
        assert gap[3] == 1  # the feed still reaches back past the outage
        cats = log_rows(run.db, "SELECT DISTINCT a.category FROM posts p JOIN accounts a "
                                "ON a.id = p.account_id WHERE p.network = 'rss'")
        assert cats == [("official",)]
    finally:
        await feed.close()


# -- X -----------------------------------------------------------------------------------


def tweet(n: int) -> dict[str, Any]:
    return {"data": {"id": str(1934000000000000000 + n), "text": f"tweet {n} #HRC61",
                     "author_id": "2000000001", "created_at": "2026-03-03T09:02:11.000Z",
                     "edit_history_tweet_ids": [str(1934000000000000000 + n)],
                     "entities": {"hashtags": [{"start": 8, "end": 14, "tag": "HRC61"}]}},
            "includes": {"users": [{"id": "2000000001", "username": "example_geneva",
                                    "name": "Example Geneva"}]},
            "matching_rules": [{"id": "1", "tag": "meetwatch:hrc61"}]}


async def test_x_stream_keepalives_stall_rules_and_honest_gaps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_TEST_X", X_TOKEN)
    x = await FakeX(token=X_TOKEN, keepalive=0.05).start()
    x.rules = {"1": {"id": "1", "value": "#OldMeeting", "tag": "meetwatch:oldmeeting"},
               "2": {"id": "2", "value": "from:someone", "tag": "another-tool"}}
    try:
        run = await start(tmp_path, {"network": "x", "api": x.url, "token_env": "MW_TEST_X",
                                     "stall": 0.6})
        await wait_until(lambda: x.connected == 1)
        assert sorted(r["value"] for r in x.rules.values()) == ["#hrc61", "#itemfour", "from:someone"]
        x.publish(tweet(1))
        x.publish("{broken")
        await wait_until(lambda: len(run.posts("x")) == 1)
        await asyncio.sleep(0.8)  # keep-alives only (every 0.05 s): no stall
        assert run.events("stall") == []
        x.stalled = True
        await wait_until(lambda: run.events("stall") != [], what="stall")
        x.stalled = False
        await wait_until(lambda: x.connected == 1 and len(run.gaps()) == 1, what="reconnect")
        x.fail = [503, 429]
        x.drop()
        await wait_until(lambda: len(run.gaps()) == 2, timeout=20, what="second reconnect")
        x.publish(tweet(2))
        await wait_until(lambda: len(run.posts("x")) == 2)
        summary = await run.finish()
        assert all(g[3] == 0 for g in run.gaps())  # never claimed filled
        assert "no recovery" in run.gaps()[0][4]
        errors = [d for _, d in run.events("error")]
        assert any("HTTP 503" in e for e in errors) and any("HTTP 429" in e for e in errors)
        assert summary.sources[0].rejected == 1
        assert x.connects == 3 and x.attempts == 5
    finally:
        await x.close()


async def test_x_bad_token_and_missing_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_TEST_X", "wrong-token-value")
    monkeypatch.delenv("MW_TEST_NOPE", raising=False)
    x = await FakeX(token=X_TOKEN).start()
    try:
        run = await start(tmp_path, {"network": "x", "api": x.url, "token_env": "MW_TEST_X"},
                          {"network": "x", "api": x.url + "/", "token_env": "MW_TEST_NOPE"},
                          settings=fast_settings(x_backoff_scale=0.001))
        await wait_until(lambda: len(run.events("error")) >= 3, what="errors")
        summary = await run.finish()
        details = [d for _, d in run.events("error")]
        assert any("HTTP 401" in d and "bearer token" in d for d in details)
        assert any("$MW_TEST_NOPE is not set" in d for d in details)
        assert "disabled" in {s.status for s in summary.sources}
        assert "wrong-token-value" not in "\n".join(details + run.lines)
    finally:
        await x.close()


# -- restart ------------------------------------------------------------------------------


async def test_a_second_run_resumes_from_the_log(tmp_path: Path, mastodon: FakeMastodon) -> None:
    spec = {"network": "mastodon", "server": mastodon.url, "token_env": "MW_TEST_MASTODON"}
    run = await start(tmp_path, spec)
    await wait_until(lambda: subscribed(mastodon))
    for i in range(3):
        await mastodon.publish(mastodon.make_status(f"first run {i}"))
    await wait_until(lambda: len(run.posts()) == 3)
    await run.finish()
    for i in range(60):  # while nothing was recording
        await mastodon.publish(mastodon.make_status(f"between runs {i}"))
    run = await start(tmp_path, spec)
    await wait_until(lambda: len(run.posts()) == 63, what="refill from the log's newest id")
    await wait_until(lambda: len(run.gaps()) == 1, what="the gap row")
    await run.finish()
    assert run.gaps()[-1][3] == 1


async def test_a_gap_still_open_at_exit_is_logged_as_not_filled(
        tmp_path: Path, mastodon: FakeMastodon) -> None:
    run = await start(tmp_path, {"network": "mastodon", "server": mastodon.url,
                                 "token_env": "MW_TEST_MASTODON"})
    await wait_until(lambda: subscribed(mastodon))
    mastodon.offline = True
    mastodon.drop()
    await wait_until(lambda: len(run.events("error")) >= 1, what="a failed reconnect")
    await run.finish()
    gap = run.gaps()[-1]
    assert gap[3] == 0 and "stopped before the gap could be filled" in gap[4]
    assert any("NOT filled" in line for line in run.lines)
