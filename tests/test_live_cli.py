"""`meetwatch record` and `meetwatch rehearse` as a user runs them: real
subprocesses against local fake servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from pathlib import Path

from tests.fakes import SAMPLES, FakeFeed, FakeJetstream, FakeMastodon, jetstream_post, log_rows

TOKEN = "cli-secret-token-abcdef0123456789"
ROOT = Path(__file__).resolve().parent.parent


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(extra)
    return env


def _watch(path: Path, m: FakeMastodon, bad: FakeMastodon, js: FakeJetstream, feed: FakeFeed) -> Path:
    fast = "stall = 5\nbackoff_initial = 0.05\nbackoff_max = 0.2\n"
    path.write_text(f"""
[meeting]
name = "CLI test"
hashtags = ["HRC61"]

[[sources]]
network = "mastodon"
server = "{m.url}"
token_env = "MW_CLI_TOKEN"
{fast}
[[sources]]
network = "mastodon"
server = "{bad.url}"
token_env = "MW_CLI_TOKEN"
{fast}
[[sources]]
network = "bluesky"
jetstream = "{js.url}"
{fast}
[[sources]]
network = "rss"
url = "{feed.url}"
interval = 0.2
""", encoding="utf-8")
    return path


async def test_record_runs_for_duration_and_summarises(tmp_path: Path) -> None:
    m = await FakeMastodon(tokens=(TOKEN,)).start()
    bad = await FakeMastodon(tokens=("someone-else",)).start()
    js = await FakeJetstream().start()
    feed = await FakeFeed((SAMPLES / "hrc61.rss.xml").read_bytes()).start()
    db = tmp_path / "rec.db"
    try:
        watch = _watch(tmp_path / "w.toml", m, bad, js, feed)
        began = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "meetwatch", "record", str(watch), "--db", str(db),
            "--duration", "6", cwd=ROOT, env=_env(MW_CLI_TOKEN=TOKEN),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        deadline = time.monotonic() + 5  # a loaded machine starts Python slowly
        while not (m.connected and js.connected) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        for i in range(5):
            await m.publish(m.make_status(f"cli {i}"))
            js.publish(jetstream_post(i, time.time_ns() // 1000))
        out, err = await asyncio.wait_for(proc.communicate(), 15)
        took = time.monotonic() - began
    finally:
        for s in (m, bad, js, feed):
            await s.close()
    text, errors = out.decode(), err.decode()
    assert proc.returncode == 0, errors
    assert 5.5 < took < 20
    assert "recording 4 source(s) for 6s" in text
    assert "connected: streaming #hrc61" in text
    assert "HTTP 401 Invalid access token" in text and "reconnecting in" in text
    recorded = re.search(r"recorded for (\d+\.\d)s", text)
    assert recorded and 5.9 <= float(recorded.group(1)) < 20
    assert f"mastodon:127.0.0.1:{m.port}: connected; " in text
    networks = dict(log_rows(db, "SELECT network, count(*) FROM posts GROUP BY network"))
    assert networks == {"mastodon": 5, "bluesky": 5, "rss": 30}
    assert TOKEN not in text + errors
    assert not any(TOKEN.encode() in p.read_bytes() for p in tmp_path.glob("rec.db*"))


async def test_record_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    m = await FakeMastodon(tokens=(TOKEN,)).start()
    bad = await FakeMastodon(tokens=(TOKEN,)).start()
    js = await FakeJetstream().start()
    feed = await FakeFeed((SAMPLES / "hrc61.rss.xml").read_bytes()).start()
    db = tmp_path / "rec.db"
    try:
        watch = _watch(tmp_path / "w.toml", m, bad, js, feed)
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "meetwatch", "record", str(watch), "--db", str(db),
            cwd=ROOT, env=_env(MW_CLI_TOKEN=TOKEN),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        deadline = time.monotonic() + 5
        while not (m.connected and js.connected) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        await m.publish(m.make_status("just before the signal"))
        await asyncio.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), 10)
    finally:
        for s in (m, bad, js, feed):
            await s.close()
    assert proc.returncode == 0, err.decode()
    assert "recorded for" in out.decode()
    assert log_rows(db, "SELECT count(*) FROM posts WHERE network = 'mastodon'") == [(1,)]


async def test_rehearse_serves_the_sample_session_to_record(tmp_path: Path) -> None:
    from meetwatch.live.rehearse import play, start_rehearsal

    r, problems = await start_rehearsal([SAMPLES / "hrc61.mastodon.jsonl",
                                         SAMPLES / "hrc61.jetstream.jsonl",
                                         SAMPLES / "hrc61.rss.xml"])
    assert problems == [] and r.mastodon and r.jetstream and len(r.feeds) == 1
    watch = tmp_path / "rehearsal.toml"
    # The feed is revealed entry by entry: poll it often during this short run.
    watch.write_text(r.snippet(r.hashtags).replace("interval = 5", "interval = 0.3"),
                     encoding="utf-8")
    plan = r.plans[2]
    assert 0 < len(plan.shown) < len(plan.items)  # what the feed held before the session
    assert 'hashtags = ["HRC61"' in watch.read_text()
    db = tmp_path / "rehearsal.db"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "meetwatch", "record", str(watch), "--db", str(db), "--duration", "60",
        cwd=ROOT, env=_env(MEETWATCH_REHEARSE_TOKEN="anything"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    player: asyncio.Task[None] | None = None
    try:
        # A loaded machine starts Python slowly: wait for both sockets, however long.
        deadline = time.monotonic() + 30
        while not (r.mastodon.connected and r.jetstream.connected) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        player = asyncio.create_task(play(r, speed=100_000.0))  # four hours in well under a second
        await asyncio.wait_for(player, 30)
        # The feed is polled every 0.3 s; stop once its last entry is in (or 20 s).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if db.exists() and log_rows(db, "SELECT count(*) FROM posts WHERE network = 'rss'")[0][0] >= 30:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)  # the last socket frames
        proc.send_signal(signal.SIGINT)
        _out, err = await asyncio.wait_for(proc.communicate(), 15)
    finally:
        if player:
            player.cancel()
        await r.close()
    assert proc.returncode == 0, err.decode()
    counts = dict(log_rows(db, "SELECT network, count(*) FROM posts GROUP BY network"))
    assert counts["mastodon"] > 300 and counts["bluesky"] > 300 and counts["rss"] == 30
    deleted = log_rows(db, "SELECT count(*) FROM posts WHERE deleted_at IS NOT NULL")[0][0]
    edited = log_rows(db, "SELECT count(*) FROM posts WHERE edited_at IS NOT NULL")[0][0]
    assert deleted > 0 and edited > 0
