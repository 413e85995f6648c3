"""The detail view's thread: the chain a post answers, the replies and quotes
it drew, each opened from the list; the parent with ``p``."""

from __future__ import annotations

from pathlib import Path

from meetwatch.core.models import Account, Post
from meetwatch.store.schema import open_db
from meetwatch.store.thread import ANSWERS_MAX, load_thread
from meetwatch.store.writer import LogWriter
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.post_screen import PostScreen

MISSION = Account("mastodon", "https://ex.social/@mission", "@mission@ex.social", "Mission",
                  category="official")
NGO = Account("mastodon", "https://ex.social/@ngo", "@ngo@ex.social", "NGO",
              category="civil_society")


def _at(minute: int) -> str:
    return f"2026-03-02T09:{minute:02d}:00.000Z"


def thread_log(path: Path, extra_replies: int = 0) -> None:
    posts = [
        Post("root", "mastodon", MISSION, "[b]Statement[/b] on item 4", _at(0)),
        Post("r1", "mastodon", NGO, "We answer the statement", _at(1), reply_to="root"),
        Post("r2", "mastodon", MISSION, "And we answer the answer", _at(2), reply_to="r1"),
        Post("r3", "mastodon", NGO, "A third word", _at(3), reply_to="r2"),
        Post("q1", "mastodon", NGO, "Quoting the statement", _at(4), quote_of="root"),
        Post("orphan", "mastodon", NGO, "Answers a post we never saw", _at(5),
             reply_to="https://elsewhere/1"),
        Post("loop-a", "mastodon", NGO, "a", _at(6), reply_to="loop-b"),
        Post("loop-b", "mastodon", NGO, "b", _at(7), reply_to="loop-a"),
    ]
    posts += [Post(f"x{i}", "mastodon", NGO, f"reply {i}", _at(10 + i % 40), reply_to="root")
              for i in range(extra_replies)]
    with LogWriter(str(path)) as w:
        w.apply(posts, "2026-03-02T10:00:00.000Z")


def test_load_thread_walks_up_and_lists_answers(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    thread_log(log)
    conn = open_db(str(log), readonly=True)
    t = load_thread(conn, "r3", "r2")
    assert [a.uid for a in t.ancestors] == ["root", "r1", "r2"]  # root first
    assert t.replies == [] and t.missing_parent is None
    root = load_thread(conn, "root", None)
    assert [r.uid for r in root.replies] == ["r1"] and [q.uid for q in root.quotes] == ["q1"]
    assert root.replies[0].answers == 1  # r1 drew r2
    assert not root.ancestors and not root.empty
    orphan = load_thread(conn, "orphan", "https://elsewhere/1")
    assert orphan.missing_parent == "https://elsewhere/1" and not orphan.ancestors
    loop = load_thread(conn, "loop-a", "loop-b")  # a cycle ends, it does not spin
    assert [a.uid for a in loop.ancestors] == ["loop-b"]


def test_a_crowded_thread_is_cut_and_counted(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    thread_log(log, extra_replies=ANSWERS_MAX + 30)
    t = load_thread(open_db(str(log), readonly=True), "root", None)
    assert len(t.replies) == ANSWERS_MAX and t.more_replies == 31  # r1 + 230 - 200


async def _detail(pilot, app, uid: str) -> PostScreen:  # type: ignore[no-untyped-def]
    for _ in range(100):
        screen = app.screen
        if isinstance(screen, PostScreen) and screen.detail is not None \
                and screen.detail.uid == uid:
            await pilot.pause()
            return screen
        await pilot.pause(0.05)
    raise AssertionError(f"detail of {uid} never loaded")


async def test_thread_in_the_detail_view(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    thread_log(log)
    app = make_app(DeckConfig(log, [PaneSpec("All posts")], user_themes=False, theme=None))
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        r2 = open_db(str(log), readonly=True).execute(
            "SELECT id FROM posts WHERE uid = 'r2'").fetchone()[0]
        app.push_screen(PostScreen(str(log), r2, app.zone, "UTC"))
        screen = await _detail(pilot, app, "r2")
        listing = screen.query_one("#post-thread")
        text = "\n".join(listing.render_line(y).text for y in range(listing.size.height))
        assert "what this post answers" in text and "[b]Statement[/b] on item 4" in text
        assert "▶ this post" in text and "Replies (1)" in text and "A third word" in text
        await pilot.press("p")  # the parent
        await _detail(pilot, app, "r1")
        await pilot.press("escape")
        screen = await _detail(pilot, app, "r2")
        screen.query_one("#post-thread").focus()
        # the only enabled entries are the ancestors and the reply; the last is r3
        await pilot.press("end", "enter")
        await _detail(pilot, app, "r3")
