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
from tests.test_ui_deck import until

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


async def test_review_keys_in_the_flags_pane_and_the_detail_screen(log: Path) -> None:
    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        everything, flags = app.query(FeedPane)
        assert flags.count == 2
        await pilot.press("l")  # the Flags pane: the critical threat above the newer leak
        assert flags.has_focus and flags.selected_post().uid == uid(0)
        await pilot.press("D")
        await until(pilot, lambda: flags.count == 1)
        assert flags.selected_post().uid == uid(1)
        states = {s for (s,) in log_rows(log, "SELECT state FROM flag_reviews")}
        assert states == {"dismissed"}
        markers = {r.uid: r.flagged for r in (everything._row(i) for i in range(3)) if r}
        assert markers == {uid(0): FLAG_MUTED, uid(1): FLAG_ACTIVE, uid(2): 0}
        # In the detail screen: keys, a note, and the palette.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PostScreen))
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Acknowledge flags", "Dismiss flags", "Mark flags as false positive"} <= titles
        await pilot.press("F")
        await until(pilot, lambda: "false positive" in str(
            app.screen.query_one("#post-detail").render()))
        await pilot.press("E")
        app.screen.query_one("#prompt-input").value = "from a film"
        await pilot.press("enter")
        await until(pilot, lambda: "note: from a film" in str(
            app.screen.query_one("#post-detail").render()))
        assert {s for (s,) in log_rows(log, "SELECT state FROM flag_reviews WHERE uid = ?",
                                       uid(1))} == {"false_positive"}
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


async def test_check_my_draft_flags_as_you_type_and_keeps_the_draft(log: Path) -> None:
    from meetwatch.ui.draft_screen import DraftScreen

    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Check my draft" in titles
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, DraftScreen))
        screen = app.screen
        screen.query_one("#draft-text").insert("Informals will be hel")
        await pilot.press("d")
        await until(pilot, lambda: "Nothing flagged" in str(screen.query_one("#draft-verdict").render()))
        await pilot.press("ctrl+l")
        assert screen.query_one("#draft-text").text == ""
        screen.query_one("#draft-text").insert("Zero draft attached, not for circulation. Call me "
                                               "+41 79 555 12 3")
        await pilot.press("4")
        await until(pilot, lambda: "pii.phone" in {h.rule for h in screen.hits}, tries=200)
        rules = [h.rule for h in screen.hits]
        assert {"leak.draft", "leak.marking", "pii.phone"} <= set(rules)
        assert rules[-1] == "pii.phone" and all(r.startswith("leak.") for r in rules[:-1])  # most severe first
        assert screen.hits[0].severity == "critical"  # own post: one level up
        hits = str(screen.query_one("#draft-hits").render())
        assert "leak.marking" in hits and "Confidentiality marking" in hits
        preview = screen.query_one("#draft-preview")
        assert preview.display
        content = preview.visual  # the highlighted evidence spans
        marked = [content.plain[s.start:s.end] for s in content.spans]
        assert "not for circulation" in marked and "+41 79 555 12 34" in marked
        await pilot.press("escape")
        assert not isinstance(app.screen, DraftScreen)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, DraftScreen))
        assert "not for circulation" in app.screen.query_one("#draft-text").text


async def test_reviews_during_a_replay_go_through_the_engine(log: Path, tmp_path: Path) -> None:
    from meetwatch.core.flags import FlagConfig
    from meetwatch.replay import ReplayEngine

    engine = ReplayEngine([log], tmp_path / "scratch", speed=None, flags=FlagConfig.make())
    config = DeckConfig(engine.log_path, [PaneSpec("Flags", "flags")], user_themes=False, theme=None,
                        alerts="off")
    app = make_app(config, engine)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        flags = app.query_one(FeedPane)
        await until(pilot, lambda: flags.count == 2)
        await pilot.press("F")
        await until(pilot, lambda: flags.count == 1)
        assert [r.state for r in engine.reviews] == ["false_positive"] * len(engine.reviews)
        # kept in the replayed log too
        assert {s for (s,) in log_rows(log, "SELECT state FROM flag_reviews")} == {"false_positive"}


async def test_one_flag_of_several_can_be_reviewed_in_the_detail_screen(log: Path) -> None:
    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        _, flags = app.query(FeedPane)
        await pilot.press("l", "enter")  # a post with several flags
        await until(pilot, lambda: isinstance(app.screen, PostScreen) and app.screen.detail)
        detail = app.screen.detail
        assert len(detail.flags) >= 2
        await pilot.press("2")
        assert "the selected flag" in str(app.screen.query_one("#post-detail").render())
        await pilot.press("D")
        second = detail.flags[1]["rule"]
        await until(pilot, lambda: log_rows(log, "SELECT rule, state FROM flag_reviews")
                    == [(second, "dismissed")])
        await pilot.press("escape")
        assert flags.count == 2  # the other flag is still open: the post stays in the queue


async def test_panes_highlight_the_evidence_of_open_flags(log: Path) -> None:
    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        everything = app.query(FeedPane).first()
        rows = {r.uid: r for r in (everything._row(i) for i in range(3)) if r}
        assert {"LEAKED", "zero draft", "not for circulation"} <= set(rows[uid(1)].evidence)
        assert rows[uid(2)].evidence == ()
        strips = everything.render_lines(everything.scrollable_content_region.reset_offset)
        # the leak post is second (row height 5): its evidence is styled apart from the text
        styled = {seg.text for strip in strips[5:10] for seg in strip
                  if seg.style and seg.style.underline}
        assert any("not for circulation" in s or "LEAKED" in s for s in styled), styled
        await pilot.press("j", "D")  # dismissed: no more highlight
        await until(pilot, lambda: (r := everything._row(1)) is not None and r.evidence == ())
