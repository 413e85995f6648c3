"""How a post's time is written in a pane: the time on the deck's day, the
date too on any other day."""

from __future__ import annotations

from meetwatch.core.timeutil import zone
from meetwatch.ui.post_render import local_time

GENEVA = zone("Europe/Geneva")


def test_time_alone_on_the_decks_day_and_with_the_date_otherwise() -> None:
    assert local_time("2026-03-03T09:00:00.000Z", GENEVA, "2026-03-03") == "10:00"
    assert local_time("2026-03-02T15:05:00.000Z", GENEVA, "2026-03-03") == "02 Mar 16:05"
    # 23:30 UTC is already the next day in Geneva
    assert local_time("2026-03-02T23:30:00.000Z", GENEVA, "2026-03-03") == "00:30"
    assert local_time("2026-03-02T15:05:00.000Z", GENEVA) == "16:05"  # no day known
    assert local_time("garbage", GENEVA, "2026-03-03") == "--:--"
