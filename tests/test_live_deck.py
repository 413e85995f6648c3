"""`meetwatch watch`: the deck over a live collector (local fake servers only).

Posts appear in the panes as they arrive, each source's state shows in the
status bar, a dead source says why while the others carry on, and quitting
commits everything received."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from meetwatch.live.feed import LiveFeed
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app
from tests.fakes import FakeJetstream, FakeMastodon, fast_settings, jetstream_post, log_rows, watch_file

TOKEN = "deck-test-token-0123456789"
SIZE = (200, 40)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def until(pilot: object, condition: object, timeout: float = 8.0) -> None:
    end = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > end:
            raise AssertionError("condition not reached")
        await pilot.pause(0.05)  # type: ignore[attr-defined]


async def test_the_deck_shows_live_posts_and_each_sources_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_DECK_TOKEN", TOKEN)
    mastodon = await FakeMastodon(tokens=(TOKEN,)).start()
    jetstream = await FakeJetstream().start()
    dead = closed_port()
    db = tmp_path / "live.db"
    wf = watch_file({"network": "mastodon", "server": mastodon.url, "token_env": "MW_DECK_TOKEN"},
                    {"network": "bluesky", "jetstream": jetstream.url},
                    {"network": "rss", "url": f"http://127.0.0.1:{dead}/feed.xml"})
    live = LiveFeed(wf, db, settings=fast_settings(backoff_initial=0.05, backoff_max=0.2))
    config = DeckConfig(db, [PaneSpec("All posts")], meeting="Live test", user_themes=False,
                        theme=None, sources_note="")
    app = make_app(config, live=live)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await until(pilot, lambda: dict(app.deck_status.source_states).get("mastodon") == "live"
                        and dict(app.deck_status.source_states).get("bluesky") == "live")
            await mastodon.publish(mastodon.make_status("statement on item 4"))
            jetstream.publish(jetstream_post(1, time.time_ns() // 1000))
            pane = app.panes[0]
            await until(pilot, lambda: pane.count == 2)
            assert app.deck_status.posts == 2
            states = dict(app.deck_status.source_states)
            assert states["rss"] == "offline"
            bar = str(app.query_one("#status").render())
            assert "mastodon live" in bar and "bluesky live" in bar and "rss offline" in bar
            # the meeting's time, to the minute (UTC here), moved on by one timer a minute
            assert app.deck_status.clock_us is not None
            assert time.strftime("%H:%M", time.gmtime(app.deck_status.clock_us / 1e6)) in bar
            assert [t for t in app._timers if t.name == "minute"]
            assert any("rss" in str(n.message) and "unreachable" in str(n.message)
                       for n in app._notifications)
            assert app._ticker is None  # live: no clock timer at all
            # Sources cannot pause, but a pane can: it counts what it holds back.
            await pilot.press("p")
            assert pane.paused
            await mastodon.publish(mastodon.make_status("newer than the pause"))
            await until(pilot, lambda: pane.held == 1)
            assert pane.count == 2 and app.deck_status.posts == 3
            await pilot.press("p")
            await until(pilot, lambda: pane.count == 3)
            # A drop shows as reconnecting, then live again once refilled.
            mastodon.offline = True
            mastodon.drop()
            await until(pilot, lambda: dict(app.deck_status.source_states)["mastodon"]
                        in ("reconnecting", "offline"))
            for i in range(3):
                await mastodon.publish(mastodon.make_status(f"missed {i}"))
            mastodon.offline = False
            await until(pilot, lambda: pane.count == 6
                        and dict(app.deck_status.source_states)["mastodon"] == "live")
            await pilot.press("q")
        live.join(10)
        assert not live.running
        assert log_rows(db, "SELECT count(*) FROM posts") == [(6,)]
        kinds = {k for (k,) in log_rows(db, "SELECT kind FROM connection_events")}
        assert {"connect", "drop", "reconnect", "gap", "error"} <= kinds
        assert live.summary is not None and live.summary.imported == 6
    finally:
        live.stop()
        live.join(10)
        await mastodon.close()
        await jetstream.close()
