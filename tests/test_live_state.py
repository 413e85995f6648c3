"""What the collector keeps across restarts and floods: Bluesky handles
resolved to DIDs (and cached in the log), the Jetstream cursor, the kept
posts' later edits, and no post lost when the writer falls behind."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from meetwatch.live.jetstream import cursor_key, did_key, is_bluesky_handle
from tests.fakes import FakeJetstream, fast_settings, jetstream_post, log_rows, wait_until
from tests.test_live import jetstream, start  # noqa: F401  (fixture)

MISSION = "did:plc:missionexample000000000001"


def test_which_accounts_are_bluesky_handles() -> None:
    assert is_bluesky_handle("mission.example.bsky.social")
    assert is_bluesky_handle("ohchr.org")
    assert not is_bluesky_handle("ohchr@example.social")
    assert not is_bluesky_handle("did:plc:abc")
    assert not is_bluesky_handle("un_hrc")
    assert not is_bluesky_handle("https://news.un.org/feed")


async def test_handles_resolve_to_dids_for_wanted_dids_and_are_cached(
        tmp_path: Path, jetstream: FakeJetstream) -> None:  # noqa: F811
    jetstream.handles["mission.example.bsky.social"] = MISSION
    spec = {"network": "bluesky", "jetstream": jetstream.url,
            "resolver": jetstream.url.rsplit("/", 1)[0].replace("ws://", "http://")}
    accounts = {"official": ["mission.example.bsky.social", "nobody.invalid"]}
    run = await start(tmp_path, spec, hashtags=(), accounts=accounts)
    await wait_until(lambda: jetstream.connected == 1, what="connected")
    now = time.time_ns() // 1000
    jetstream.publish(jetstream_post(1, now, tags=("Cats",), did=MISSION))
    jetstream.publish(jetstream_post(2, now + 1, tags=("HRC61",)))  # a stranger: not sent
    await wait_until(lambda: len(run.posts()) == 1, what="the mission's post")
    await run.finish()

    assert jetstream.resolves == ["mission.example.bsky.social", "nobody.invalid"]
    assert jetstream.wanted_dids == [{MISSION}]  # only the followed accounts' events
    assert log_rows(run.db, "SELECT value FROM meta WHERE key = ?",
                    did_key("mission.example.bsky.social")) == [(MISSION,)]
    row = log_rows(run.db, "SELECT a.handle, a.category FROM posts p JOIN accounts a "
                           "ON a.id = p.account_id")
    assert row == [("mission.example.bsky.social", "official")]
    assert any("could not resolve @nobody.invalid: HTTP 400" in ln for ln in run.lines)

    # A second run takes the DID from the log; only the unresolved handle is asked again.
    jetstream.resolves.clear()
    run = await start(tmp_path, spec, hashtags=(), accounts=accounts)
    await wait_until(lambda: len(jetstream.cursors) == 2, what="connected again")
    await run.finish()
    assert jetstream.resolves == ["nobody.invalid"]


async def test_the_cursor_and_kept_posts_survive_a_restart(
        tmp_path: Path, jetstream: FakeJetstream) -> None:  # noqa: F811
    spec = {"network": "bluesky", "jetstream": jetstream.url}
    run = await start(tmp_path, spec)
    await wait_until(lambda: jetstream.connected == 1)
    t0 = time.time_ns() // 1000 - 30_000_000
    jetstream.publish(jetstream_post(1, t0))
    for n in range(2, 40):  # the network goes on: not about the meeting, but the cursor moves
        jetstream.publish(jetstream_post(n, t0 + n * 100_000, tags=("Weather",)))
    newest = t0 + 39 * 100_000
    await wait_until(lambda: run.collector.sources[0].cursor_us == newest, what="all seen")
    await run.finish()
    assert log_rows(run.db, "SELECT value FROM meta WHERE key = ?",
                    cursor_key(run.collector.sources[0].name)) == [(str(newest),)]

    # While stopped: the kept post is edited.  The restart resumes from the
    # saved cursor (not from the last *stored* event) and still knows the post.
    jetstream.publish(jetstream_post(1, newest + 1_000_000, op="update", text="post 1 edited"))
    run = await start(tmp_path, spec)
    await wait_until(lambda: any(r[3] for r in run.posts()), what="the edit after restart")
    await run.finish()
    assert jetstream.cursors[-1] == newest - 5_000_000
    assert [r[1] for r in run.posts()] == ["post 1 edited"]
    gap = log_rows(run.db, "SELECT filled, gap_start FROM connection_events WHERE kind = 'gap'")
    assert gap and gap[-1][0] == 1


async def test_a_flood_through_a_tiny_queue_loses_nothing(
        tmp_path: Path, jetstream: FakeJetstream) -> None:  # noqa: F811
    run = await start(tmp_path, {"network": "bluesky", "jetstream": jetstream.url},
                      settings=fast_settings(queue_size=4, batch_size=50))
    await wait_until(lambda: jetstream.connected == 1)
    t0 = time.time_ns() // 1000
    for n in range(1500):
        jetstream.publish(jetstream_post(n, t0 + n))
    await wait_until(lambda: run.collector.sources[0].state.frames == 1500, timeout=20)
    summary = await run.finish()
    assert len(run.posts()) == 1500
    assert summary.sources[0].imported == 1500
    assert run.collector.queue.high_water <= 4
    await asyncio.sleep(0)


async def test_a_log_that_cannot_be_written_stops_the_run_with_the_reason(
        tmp_path: Path, jetstream: FakeJetstream, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    import sqlite3

    from meetwatch.live.collector import LogUnwritable
    from meetwatch.store.writer import LogWriter

    def failing_commit(self: LogWriter) -> None:  # another process holds the log
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(LogWriter, "commit", failing_commit)
    run = await start(tmp_path, {"network": "bluesky", "jetstream": jetstream.url},
                      settings=fast_settings(queue_size=4))
    await wait_until(lambda: jetstream.connected == 1)
    t0 = time.time_ns() // 1000
    for n in range(200):  # more than the queue holds: puts must not wait forever
        jetstream.publish(jetstream_post(n, t0 + n))
    assert run.task is not None
    with pytest.raises(LogUnwritable, match=r"database is locked.*another meetwatch"):
        await asyncio.wait_for(run.task, 10)


async def test_record_says_why_when_the_log_cannot_be_opened(tmp_path: Path) -> None:
    import contextlib
    import io

    from meetwatch.live.record import run_record
    from tests.fakes import watch_file

    wf = watch_file({"network": "rss", "url": "http://127.0.0.1:9/feed.xml"})
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = await asyncio.to_thread(run_record, wf, tmp_path, 1.0, settings=fast_settings(),
                                       out=io.StringIO())
    assert code == 1 and "the log could not be written" in err.getvalue()
