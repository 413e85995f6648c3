"""Working the flag queue in the deck (App.run_test): review keys in the Flags
pane and in the post detail screen, muted markers, the review filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetwatch.cli import main
from meetwatch.store.queries import FLAG_ACTIVE, FLAG_MUTED
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.feed_pane import FeedPane
from meetwatch.ui.post_screen import PostScreen
from tests.fakes import log_rows
from tests.test_flag_reviews import TEXTS, jetstream_line, uid

SIZE = (160, 48)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    f = tmp_path / "posts.jsonl"
    f.write_text("\n".join(jetstream_line(n, t) for n, t in enumerate(TEXTS)) + "\n", encoding="utf-8")
    db = tmp_path / "log.db"
    assert main(["import", "--db", str(db), str(f)]) == 0
    return db


def deck(log: Path) -> object:
    config = DeckConfig(log, [PaneSpec("All posts"), PaneSpec("Flags", "flags")], user_themes=False,
                        theme=None, sources_note="log")
    return make_app(config)


async def until(pilot: object, condition: object, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("condition not reached")


async def test_review_keys_in_the_flags_pane_and_the_detail_screen(log: Path) -> None:
    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        everything, flags = app.query(FeedPane)
        assert flags.count == 2
        await pilot.press("l")  # the Flags pane
        assert flags.has_focus and flags.selected_post().uid == uid(1)
        await pilot.press("D")
        await until(pilot, lambda: flags.count == 1)
        assert flags.selected_post().uid == uid(0)
        states = {s for (s,) in log_rows(log, "SELECT state FROM flag_reviews")}
        assert states == {"dismissed"}
        markers = {r.uid: r.flagged for r in (everything._row(i) for i in range(3)) if r}
        assert markers == {uid(1): FLAG_MUTED, uid(0): FLAG_ACTIVE, uid(2): 0}
        # In the detail screen: keys, a note, and the palette.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PostScreen))
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Acknowledge flags", "Dismiss flags", "Mark flags as false positive"} <= titles
        await pilot.press("F")
        await until(pilot, lambda: "false positive" in str(
            app.screen.query_one("#post-detail").render()))
        await pilot.press("E")
        await pilot.press(*"from a film")
        await pilot.press("enter")
        await until(pilot, lambda: "note: from a film" in str(
            app.screen.query_one("#post-detail").render()))
        assert {s for (s,) in log_rows(log, "SELECT state FROM flag_reviews WHERE uid = ?",
                                       uid(0))} == {"false_positive"}
        await pilot.press("escape")
        await until(pilot, lambda: flags.count == 0)
        # The filter brings reviewed flags back; U reopens.
        app._set_filter(flags, "review:all")
        await until(pilot, lambda: flags.count == 2)
        assert "review all" in str(flags.border_title)
        await pilot.press("U")
        await until(pilot, lambda: {s for (s,) in log_rows(
            log, "SELECT state FROM flags f JOIN posts p ON p.id = f.post_id WHERE p.uid = ?",
            flags.selected_post().uid)} == {"open"})


async def test_reviewing_an_unflagged_post_says_so(log: Path) -> None:
    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        pane = app.query(FeedPane).first()
        await pilot.press("g")  # the newest: k2, not flagged
        assert pane.selected_post().uid == uid(2)
        await pilot.press("A")
        await until(pilot, lambda: any("no flags" in str(n.message) for n in app._notifications))
        assert log_rows(log, "SELECT * FROM flag_reviews") == []
