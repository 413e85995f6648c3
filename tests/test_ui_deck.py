"""The deck, driven as a person would (App.run_test): replay, panes, detail,
pause/resume, seeking, help, palette, themes, "N new"."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetwatch.core.models import Account, Post
from meetwatch.replay import ReplayEngine, scan
from meetwatch.store.writer import LogWriter
from meetwatch.ui.app import DeckApp
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app, panes_for_replay
from meetwatch.ui.feed_pane import FeedPane
from meetwatch.ui.help_screen import HelpScreen
from meetwatch.ui.post_screen import PostScreen

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = [FIXTURES / "mastodon" / "stream_hrc59.jsonl", FIXTURES / "bluesky" /
           "jetstream_hrc59.jsonl", FIXTURES / "rss" / "un_news.rss",
           FIXTURES / "x" / "twarc2_stream.jsonl"]
SIZE = (160, 48)


def replay_app(tmp_path: Path, speed: float | None = None, **kw: object) -> DeckApp:
    summary = scan(SOURCES)
    engine = ReplayEngine(SOURCES, tmp_path / "scratch", speed=speed, summary=summary)
    config = DeckConfig(engine.log_path, panes_for_replay(summary, None), meeting="HRC test",
                        timezone="Europe/Zurich", theme=None, user_themes=False,
                        **kw)  # type: ignore[arg-type]
    return make_app(config, engine)


async def until(pilot: object, condition: object, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("condition not reached")


async def test_replay_at_max_fills_the_panes(tmp_path: Path) -> None:
    app = replay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.deck_status.replay and app.deck_status.replay.finished
                    and app.deck_status.posts == 18)
        panes = app.panes
        assert [p.spec.title for p in panes][:2] == ["All posts", "Official"]
        assert panes[0].count == 18 and panes[0].has_focus
        assert panes[1].count == 4  # the RSS feed is an official source
        assert str(panes[0].border_title).startswith("All posts · 18")
        assert app._ticker is None  # finished: no timer left running
        status = str(app.query_one("#status").render())
        assert "■ end" in status and "18 posts" in status


async def test_moving_between_panes_and_posts(tmp_path: Path) -> None:
    app = replay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.deck_status.posts == 18)
        await pilot.pause(0.3)
        panes = app.panes
        await pilot.press("l")
        assert app.focused is panes[1]
        await pilot.press("h", "h")
        assert app.focused is panes[-1]  # wraps around
        await pilot.press("l")
        await pilot.press("j", "j")
        assert panes[0].cursor == 2
        await pilot.press("G")
        assert panes[0].cursor == 17
        await pilot.press("k", "g")
        assert panes[0].cursor == 0


async def test_enter_opens_the_post_detail(tmp_path: Path) -> None:
    app = replay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.deck_status.posts == 18)
        await pilot.pause(0.3)
        selected = app.panes[0].selected_post()
        assert selected is not None
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PostScreen)
                    and app.screen.detail is not None)
        screen = app.screen
        assert isinstance(screen, PostScreen) and screen.detail is not None
        assert screen.detail.uid == selected.uid
        await pilot.press("r")
        await until(pilot, lambda: "as received" in str(screen.query_one("#post-raw").render()))
        await pilot.press("escape")
        assert not isinstance(app.screen, PostScreen)


async def test_pause_resume_and_speed_keys(tmp_path: Path) -> None:
    app = replay_app(tmp_path, speed=60.0)  # months of fixtures: it will not finish
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.deck_status.posts >= 1)
        assert app._ticker is not None  # the clock ticks while playing
        await pilot.press("space")
        assert app.engine is not None and app.engine.paused
        assert app._ticker is None  # ...and not while paused
        assert "paused" in str(app.query_one("#status").render())
        before = app.engine.status().time_us
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: app.engine is not None
                    and app.engine.status().time_us >= before + 300_000_000)
        assert app.engine.paused  # seeking does not resume
        await pilot.press("space")
        assert not app.engine.paused and app._ticker is not None
        await pilot.press("plus")
        assert app.engine.clock.speed == 120
        await pilot.press("minus", "minus")
        assert app.engine.clock.speed == 30


async def test_jump_to_time_prompt(tmp_path: Path) -> None:
    app = replay_app(tmp_path, speed=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "t")
        await pilot.press(*"+2h", "enter")
        assert app.engine is not None
        start = app.engine.summary.start_us or 0
        await until(pilot, lambda: app.engine is not None
                    and app.engine.status().time_us >= start + 2 * 3600 * 1_000_000)


async def test_help_and_command_palette_list_the_actions(tmp_path: Path) -> None:
    app = replay_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Static").render())
        for what in ("Pause/resume", "Next post", "Open post", "Jump to time", "Raw payload"):
            assert what in text
        await pilot.press("escape")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Pause/resume", "Faster", "Back 5 min", "Next post", "Open post"} <= titles


async def test_a_broken_theme_file_is_one_notice_and_a_fallback(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "broken.toml").write_text('name = "x"\n[colors]\nprimary = "not a colour"\n')
    (themes / "mine.toml").write_text('name = "meetwatch-dark"\ndark = true\n'
                                      '[colors]\nprimary = "#ff0000"\n')
    app = replay_app(tmp_path, extra_theme_dirs=[themes])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "meetwatch-dark"
        assert app.current_theme.primary == "#ff0000"  # same name: the later file wins
        notes = [n.message for n in app._notifications]
        assert len(notes) == 1 and "broken.toml" in notes[0]
        for name in ("meetwatch-light", "meetwatch-high-contrast"):
            app.theme = name
            await pilot.pause()


def _log_with_posts(path: Path, n: int) -> list[int]:
    author = Account("mastodon", "https://ex.social/@a", "@a@ex.social", "A", category="official")
    with LogWriter(str(path)) as w:
        out = w.apply([Post(f"u{i}", "mastodon", author, f"post {i}",
                            f"2026-03-02T09:{i // 60:02d}:{i % 60:02d}.000Z")
                       for i in range(n)], "2026-03-02T10:00:00.000Z")
    return out.new_post_ids


async def test_new_posts_do_not_yank_a_reader_who_scrolled_away(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    _log_with_posts(log, 40)
    config = DeckConfig(log, [PaneSpec("All posts")], user_themes=False, theme=None,
                        sources_note="live sources not connected")
    app = make_app(config)
    async with app.run_test(size=SIZE) as pilot:
        app._follower = None  # the test hands batches over itself, as an engine would
        pane = app.query_one(FeedPane)
        await pilot.press(*"jjjjjjjjjj")
        await pilot.pause()
        reading = pane.selected_post()
        assert reading is not None and reading.text == "post 29"
        author = Account("mastodon", "https://ex.social/@a", "@a@ex.social", "A")
        with LogWriter(str(log)) as w:
            new = w.apply([Post(f"n{i}", "mastodon", author, f"new {i}",
                                f"2026-03-02T11:00:0{i}.000Z") for i in range(3)],
                          "2026-03-02T11:00:00.000Z").new_post_ids
        pane.absorb(new, set())
        await pilot.pause()
        assert pane.count == 43 and pane.unread == 3
        assert pane.selected_post() is not None and pane.selected_post().text == "post 29"
        assert "▲ 3 new" in str(pane.border_subtitle)
        await pilot.press("g")
        assert pane.unread == 0 and pane.selected_post().text == "new 2"
        # Following the top: new posts simply appear there.
        with LogWriter(str(log)) as w:
            new = w.apply([Post("n9", "mastodon", author, "newest", "2026-03-02T12:00:00.000Z")],
                          "2026-03-02T12:00:00.000Z").new_post_ids
        pane.absorb(new, set())
        await pilot.pause()
        assert pane.unread == 0 and pane.selected_post().text == "newest"


@pytest.mark.parametrize("rows", [1, 5])
def test_plan_without_a_watch_file(rows: int) -> None:
    from collections import Counter

    from meetwatch.replay import SessionSummary

    summary = SessionSummary(hashtags=Counter({f"t{i}": 10 - i for i in range(rows)}),
                             categories={"official", "other", "media"})
    titles = [p.title for p in panes_for_replay(summary, None)]
    assert titles[:3] == ["All posts", "Official", "Media"]
    assert titles[3:] == [f"#t{i}" for i in range(min(rows, 3))]
