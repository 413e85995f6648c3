"""The Evidence screen and the measures the deck keeps as posts land."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_log import at, build
from test_ui_deck import SIZE, replay_app, until

from meetwatch.core.stats import PostFact, SpikeRule, epoch_seconds
from meetwatch.store import analytics as an
from meetwatch.store.schema import open_db
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.evidence_data import EvidenceFeed, volume_chart
from meetwatch.ui.evidence_screen import EvidenceScreen
from meetwatch.ui.factory import DeckConfig, make_app


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("evd") / "log.db"
    build(path)
    return path


def test_feed_counts_only_what_the_replay_clock_has_reached(log: Path) -> None:
    conn = open_db(str(log), readonly=True)
    feed = EvidenceFeed()
    feed.catch_up(conn, epoch_seconds(at("08:30")))
    assert feed.stats.total == 5  # s1, m1, r1, s2, r2
    feed.catch_up(conn, epoch_seconds(at("09:10")))  # nothing new in the log: held posts released
    assert feed.stats.total == 7  # + s3 09:05, o1 09:06
    feed.catch_up(conn, None)
    assert feed.stats.total == 10 and feed.max_id == max(f.id for f in an.iter_facts(conn))
    feed.reset()
    assert feed.stats.total == 0 and feed.max_id == 0


def test_feed_alert_lasts_one_window_of_session_time() -> None:
    feed = EvidenceFeed(SpikeRule(min_posts=5, min_history=600))
    t0 = epoch_seconds(at("08:00"))
    for i in range(20):
        feed.stats.add(PostFact(i, t0 + i * 60, "other", "@a"))
    for i in range(20, 40):
        feed.stats.add(PostFact(i, t0 + 20 * 60 + (i - 20) * 10, "other", "@a"))
    feed.now = t0 + 24 * 60
    assert feed.spikes.check(feed.now) is not None
    assert feed.alert().startswith("▲ spike")
    feed.now += 6 * 60
    assert feed.alert() == ""


def test_volume_chart_marks_agenda_items_and_unrecovered_gaps(log: Path) -> None:
    conn = open_db(str(log), readonly=True)
    feed = EvidenceFeed()
    feed.catch_up(conn, None)
    chart = volume_chart(feed.stats, 120, an.agenda(conn), an.gaps(conn), ["official"],
                         epoch_seconds(at("10:00")))
    assert chart is not None
    assert chart.minutes_per_column == 2 and chart.start == epoch_seconds(at("08:00"))
    assert chart.agenda[0:2] == "│2" and chart.agenda[30:32] == "│4"
    assert chart.gaps.index("░") == (45 // 2) + 30 and "░" not in chart.gaps[:50]  # 09:45, not 08:35
    assert [label for label, _ in chart.rows] == ["all", "official"]
    assert all(len(line) == len(chart.agenda) for _, line in chart.rows)


async def test_evidence_screen_over_a_log(log: Path) -> None:
    panes = [PaneSpec("All posts"), PaneSpec("#civicspace", "hashtag", "civicspace"),
             PaneSpec("/draft", "search", "draft")]
    app = make_app(DeckConfig(log, panes, user_themes=False, theme=None))
    async with app.run_test(size=SIZE) as pilot:
        assert any(c.title.startswith("Evidence") for c in app.get_system_commands(app.screen))
        await pilot.press("e")
        screen = app.screen
        assert isinstance(screen, EvidenceScreen)
        await pilot.pause()

        def text(selector: str) -> str:
            return str(screen.query_one(selector).render())

        assert "10 posts" in text("#ev-title") and "not recovered" in text("#ev-title")
        share = text("#ev-share")
        assert "official" in share and "30.0%" in share and "civil soc." in share
        assert "First response (median) 10 min 00 s" in text("#ev-latency")
        items = text("#ev-items").splitlines()
        assert [line.split()[0] for line in items] == ["2", "4", "none"]
        assert [int(line.split()[-1]) for line in items] == [5, 4, 1]
        volume = text("#ev-volume")
        assert "│4" in volume and "#civicspa…" in volume and "All posts" not in volume
        assert "not charted (need the text or flags): /draft" in volume
        assert sum(app.evidence.stats.pane_volume["#civicspace"].values()) == 2
        assert "@mission@ex.social" in text("#ev-accounts") and "#hrc61" in text("#ev-hashtags")
        assert "mastodon:ex.social" in text("#ev-notes")
        assert {t.name for t in screen._timers} <= {"screen_update"}  # only Textual's own: no polling
        await pilot.press("escape")
        assert not isinstance(app.screen, EvidenceScreen)


async def test_evidence_follows_a_replay(tmp_path: Path) -> None:
    app = replay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.deck_status.replay and app.deck_status.replay.finished
                    and app.deck_status.posts == 18)
        await pilot.pause(0.3)
        assert app.evidence.stats.total <= 18
        await pilot.press("e")
        assert isinstance(app.screen, EvidenceScreen)
        title = str(app.screen.query_one("#ev-title").render())
        assert "replay clock" in title and f"{app.evidence.stats.total} posts" in title
        assert app._ticker is None


async def test_hostile_names_show_verbatim(tmp_path: Path) -> None:
    from meetwatch.core.models import Account, Post
    from meetwatch.store.writer import LogWriter

    evil = Account("mastodon", "https://ex.social/@x", "[bold red]@x[/]\x1b[2J", "x", category="other")
    with LogWriter(str(tmp_path / "h.db")) as w:
        w.apply([Post("h1", "mastodon", evil, "hi", at("08:00"), hashtags=("[blink]tag",),
                      lang="[i]")], at("08:00"))
    app = make_app(DeckConfig(tmp_path / "h.db", [PaneSpec("All posts")], user_themes=False,
                              theme=None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        screen = app.screen
        assert "[bold red]@x[/]" in str(screen.query_one("#ev-accounts").render())
        assert "\x1b" not in str(screen.query_one("#ev-accounts").render())
        assert "#[blink]tag" in str(screen.query_one("#ev-hashtags").render())
        assert "[i]" in str(screen.query_one("#ev-langs").render())
