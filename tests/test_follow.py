"""A deck over a log that another process writes follows it: new posts,
edits, deletions and flags show up without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetwatch.core.models import Account, Deletion, Post
from meetwatch.store.follow import LogFollower
from meetwatch.store.schema import open_db
from meetwatch.store.writer import LogWriter
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.feed_pane import FeedPane

A = Account("mastodon", "https://ex.social/@a", "@a@ex.social", category="official")


def _post(i: int, text: str = "hello", **kw: object) -> Post:
    return Post(f"u{i}", "mastodon", A, text, f"2026-03-02T09:{i:02d}:00.000Z", **kw)  # type: ignore[arg-type]


def test_follower_reports_what_other_writers_added(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    with LogWriter(str(log)) as w:
        w.apply([_post(0), _post(1)], "2026-03-02T10:00:00.000Z")
    conn = open_db(str(log), readonly=True)
    f = LogFollower(conn)
    assert not f.poll()  # nothing new: one PRAGMA, no query
    with LogWriter(str(log)) as w:
        w.apply([_post(2), _post(3)], "2026-03-02T10:01:00.000Z")
        w.apply([_post(0, "hello, edited", version="2", edited_at="2026-03-02T09:30:00.000Z")],
                "2026-03-02T10:02:00.000Z")
        w.apply([Deletion("mastodon", uid="u1", deleted_at="2026-03-02T10:03:00.000Z")],
                "2026-03-02T10:03:00.000Z")
    ids = dict(conn.execute("SELECT uid, id FROM posts"))
    changes = f.poll()
    assert changes.new_ids == [ids["u2"], ids["u3"]]
    assert changes.changed_ids == {ids["u0"], ids["u1"]}
    assert not f.poll()


def test_follower_takes_a_flood_in_slices(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    LogWriter(str(log)).close()
    f = LogFollower(open_db(str(log), readonly=True))
    f.LIMIT = 10
    with LogWriter(str(log)) as w:
        w.apply([_post(i) for i in range(25)], "2026-03-02T10:00:00.000Z")
    sizes = [len(f.poll().new_ids) for _ in range(4)]
    assert sizes == [10, 10, 5, 0]


async def test_the_deck_follows_another_writer(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    with LogWriter(str(log)) as w:
        w.apply([_post(0)], "2026-03-02T10:00:00.000Z")
    app = make_app(DeckConfig(log, [PaneSpec("All posts")], user_themes=False, theme=None))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        pane = app.query_one(FeedPane)
        assert pane.count == 1
        with LogWriter(str(log)) as w:
            w.apply([_post(i, f"new {i}") for i in range(1, 4)], "2026-03-02T10:01:00.000Z")
        for _ in range(60):
            if pane.count == 4:
                break
            await pilot.pause(0.05)
        assert pane.count == 4 and app.deck_status.posts == 4


async def test_the_first_batch_does_not_read_the_whole_history(tmp_path: Path) -> None:
    """The spike alert needs the last hour; the Evidence screen, opened on
    purpose, counts everything."""
    log = tmp_path / "log.db"
    old = [Post(f"old{i}", "mastodon", A, "x", f"2026-03-01T{8 + i // 3600:02d}:{i // 60 % 60:02d}:"
                f"{i % 60:02d}.000Z") for i in range(3000)]
    recent = [Post(f"new{i}", "mastodon", A, "x", f"2026-03-02T09:{i:02d}:00.000Z")
              for i in range(10)]
    with LogWriter(str(log)) as w:
        w.apply(old + recent, "2026-03-02T10:00:00.000Z")
    app = make_app(DeckConfig(log, [PaneSpec("All posts")], user_themes=False, theme=None))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.evidence.partial
        with LogWriter(str(log)) as w:
            w.apply([_post(30, "a new one")], "2026-03-02T10:01:00.000Z")
        pane = app.query_one(FeedPane)
        for _ in range(60):
            if pane.count == 3011:
                break
            await pilot.pause(0.05)
        assert app.evidence.stats.total == 0  # nothing read: the spike alert asks the index
        await pilot.press("e")
        await pilot.pause()
        assert app.evidence.stats.total == 3011 and not app.evidence.partial


async def test_the_spike_alert_over_a_log_comes_from_the_index(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    calm = [Post(f"c{i}", "mastodon", A, "x", f"2026-03-02T08:{i:02d}:30.000Z") for i in range(60)]
    burst = [Post(f"b{i}", "mastodon", A, "x", f"2026-03-02T09:0{i % 4}:{i:02d}.000Z")
             for i in range(40)]
    with LogWriter(str(log)) as w:
        w.apply(calm + burst, "2026-03-02T09:05:00.000Z")
    app = make_app(DeckConfig(log, [PaneSpec("All posts")], user_themes=False, theme=None))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert app.evidence.partial and app.evidence.stats.total == 0
        bar = str(app.query_one("#status").render())
        assert "▲ spike 4" in bar and " posts/5 min ×" in bar  # the burst (and a calm post)


async def test_a_big_log_is_counted_for_the_evidence_screen_in_a_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import meetwatch.ui.app as deck
    from meetwatch.ui.evidence_screen import EvidenceScreen

    monkeypatch.setattr(deck, "EVIDENCE_INLINE_POSTS", 100)
    log = tmp_path / "log.db"
    with LogWriter(str(log)) as w:
        w.apply([Post(f"p{i}", "mastodon", A, "x", f"2026-03-02T09:{i // 60:02d}:{i % 60:02d}.000Z")
                 for i in range(1200)], "2026-03-02T10:00:00.000Z")
    app = make_app(DeckConfig(log, [PaneSpec("All posts")], user_themes=False, theme=None))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        for _ in range(100):
            if isinstance(app.screen, EvidenceScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, EvidenceScreen)
        assert app.evidence.stats.total == 1200 and not app.evidence.partial
        assert any("Counting the session" in str(n.message) for n in app._notifications)
