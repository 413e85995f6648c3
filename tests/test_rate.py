"""Posts per minute for the status bar's sparkline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from meetwatch.core.models import Account, Post
from meetwatch.store.rate import latest_post_us, per_minute
from meetwatch.store.schema import open_db
from meetwatch.store.writer import LogWriter
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.status import sparkline
from meetwatch.ui.status_bar import StatusBar

A = Account("mastodon", "https://ex.social/@a", "@a@ex.social")


def _us(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1_000_000)


def rate_log(path: Path) -> None:
    # minute 09:00 one post, 09:02 three, 09:04 two (the last at 09:04:59.999)
    times = ["09:00:30.000", "09:02:00.000", "09:02:10.000", "09:02:59.999", "09:04:00.000",
             "09:04:59.999", "08:40:00.000", "09:05:00.000"]
    with LogWriter(str(path)) as w:
        w.apply([Post(f"u{i}", "mastodon", A, "x", f"2026-03-02T{t}Z")
                 for i, t in enumerate(times)], "2026-03-02T10:00:00.000Z")


def test_per_minute_counts_whole_minutes_up_to_the_clock(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    rate_log(log)
    conn = open_db(str(log), readonly=True)
    assert per_minute(conn, _us("2026-03-02T09:04:30.000Z"), 5) == [1, 0, 3, 0, 2]
    assert per_minute(conn, _us("2026-03-02T09:05:00.000Z"), 3) == [0, 2, 1]
    assert per_minute(conn, _us("2026-03-02T12:00:00.000Z"), 4) == [0, 0, 0, 0]
    assert latest_post_us(conn) == _us("2026-03-02T09:05:00.000Z")
    empty = tmp_path / "empty.db"
    LogWriter(str(empty)).close()
    assert latest_post_us(open_db(str(empty), readonly=True)) is None


def test_sparkline_scales_to_the_busiest_minute() -> None:
    assert sparkline([0, 1, 4, 8]) == " ▁▄█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([1, 1000]) == "▁█"  # one post still shows
    assert sparkline([]) == ""


async def test_status_bar_shows_posts_per_minute(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    rate_log(log)
    app = make_app(DeckConfig(log, [PaneSpec("All posts")], user_themes=False, theme=None))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert app.deck_status.rate[-6:] == (1, 0, 3, 0, 2, 1)
        bar = str(app.query_one(StatusBar).render())
        assert "2/min" in bar  # the last whole minute
