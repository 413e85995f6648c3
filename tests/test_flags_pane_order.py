"""The Flags pane, most severe first: posts ordered by their most severe flag
in the pane's review states (critical, high, medium, low), newest first
within a severity — in every page, count, jump and arrival (store.queries
PaneQuery and the FeedPane over it)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from meetwatch.core.panes import PaneFilter, PaneSpec, parse_filter
from meetwatch.store.flags import review_post
from meetwatch.store.queries import PaneQuery, Row
from meetwatch.store.schema import open_db
from meetwatch.ui.feed_pane import FeedPane
from tests.test_ui_deck import until
from tests.test_ui_panes import add_posts, deck, make_log

RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
FLAGS = PaneSpec("Flags", "flags")
SIZE = (160, 48)


def flag_as(path: Path, marks: dict[int, tuple[str, ...]]) -> None:
    """Give posts flags of these severities (one rule per severity)."""
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO flags (post_id, category, severity, rule, evidence, created_at) "
        "VALUES (?, 'threat', ?, ?, ?, '2026-03-02T12:00:00.000Z')",
        [(pid, sev, f"test.{sev}", f"said {sev}") for pid, sevs in marks.items() for sev in sevs])
    conn.commit()
    conn.close()


def expected(path: Path, states: tuple[str, ...] = ("open", "acknowledged")) -> list[int]:
    """The pane's order, computed the slow way."""
    conn = sqlite3.connect(path)
    best: dict[int, int] = {}
    for pid, sev, state in conn.execute("SELECT post_id, severity, state FROM flags"):
        if state in states:
            best[pid] = max(best.get(pid, 0), RANK[sev])
    created = dict(conn.execute("SELECT id, created_at FROM posts"))
    conn.close()
    return sorted(best, key=lambda p: (best[p], created[p], p), reverse=True)


def uid_of(path: Path, post_id: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT uid FROM posts WHERE id = ?", (post_id,)).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def flagged(tmp_path: Path) -> tuple[Path, list[int]]:
    log = tmp_path / "log.db"
    ids = make_log(log, 40)
    rng = random.Random(5)
    marks = {ids[i]: tuple(rng.sample(list(RANK), rng.randint(1, 2)))
             for i in sorted(rng.sample(range(40), 16))}
    marks[ids[39]] = ("low",)  # the newest post: at the bottom
    marks[ids[0]] = ("critical",)  # the oldest: the first of the pane's order... among criticals
    flag_as(log, marks)
    return log, ids


def test_rows_keys_and_every_page_follow_the_severity_order(
        flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    order = expected(log)
    conn = open_db(str(log), readonly=True)
    q = PaneQuery(FLAGS)
    rows = q.page_from(conn, None, 100)
    assert [r.id for r in rows] == order
    assert rows[-1].rank == 1 and rows[0].rank == 4
    assert [r.rank for r in rows] == sorted((r.rank for r in rows), reverse=True)
    keys = [q.key(r) for r in rows]
    assert keys == sorted(keys, reverse=True)  # a key sorts as the pane does
    assert q.count(conn) == len(order)
    # Keyset pages both ways, pages by position, the oldest end.
    walked: list[Row] = q.page_from(conn, None, 3)
    while len(walked) < len(order):
        walked += q.page_from(conn, q.key(walked[-1]), 4)[1:]
    assert [r.id for r in walked] == order
    up = [rows[-1]]
    while len(up) < len(order):
        up = q.page_newer(conn, q.key(up[0]), 3) + up
    assert [r.id for r in up] == order
    for i in range(len(order)):
        assert [r.id for r in q.page_at(conn, i, 2)] == order[i:i + 2]
        assert q.index_of(conn, keys[i]) == i
    assert [r.id for r in q.oldest(conn, 3)] == order[-3:]
    # New posts are placed by these keys.
    assert sorted(q.matching(conn, list(reversed(order))), reverse=True) == keys
    # n/N: every row is flagged, so the next flagged post is the next row.
    seen, key = [], None
    while (key := q.next_flagged(conn, key, True)) is not None:
        seen.append(key)
    assert seen == keys
    assert q.next_flagged(conn, None, False) == keys[-1]
    assert q.next_flagged(conn, keys[-1], False) == keys[-2]
    # Other panes keep time order and time keys.
    every = PaneQuery(PaneSpec("All"))
    assert not every.ranked and all(r.rank == 0 for r in every.page_from(conn, None, 5))
    assert every.key(every.page_from(conn, None, 1)[0])[0].startswith("2026-03-02T09")
    conn.close()


def test_filters_narrow_the_ranked_order(flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    conn = open_db(str(log), readonly=True)
    order = expected(log)
    words = {i: t for i, t in conn.execute("SELECT id, text FROM posts")}
    langs = {i: t for i, t in conn.execute("SELECT id, lang FROM posts")}
    text = PaneQuery(FLAGS.with_filter(text="vote"))
    assert not text.indexed  # a text filter narrows; the order stays by severity
    assert [r.id for r in text.page_from(conn, None, 100)] == [
        i for i in order if "vote" in words[i]]
    assert text.count(conn) == sum(1 for i in order if "vote" in words[i])
    fr = PaneQuery(PaneSpec("Flags", "flags", filter=PaneFilter(lang="fr")))
    assert [r.id for r in fr.page_from(conn, None, 100)] == [i for i in order if langs[i] == "fr"]
    conn.close()


def test_reviews_move_a_post_between_severities(flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    # The newest post, with a critical and a low flag: dismissing the critical one moves it down.
    post = add_posts(log, 1, minute=10)[0]
    flag_as(log, {post: ("critical", "low")})
    assert expected(log)[0] == post
    conn = open_db(str(log))
    review_post(conn, uid_of(log, post), "dismissed", rule="test.critical")
    q = PaneQuery(FLAGS)
    rows = q.page_from(conn, None, 100)
    assert [r.id for r in rows] == expected(log)
    moved = next(r for r in rows if r.id == post)
    assert moved.rank == 1
    # review:all ranks by every flag, dismissed or not; review:dismissed by the dismissed ones.
    every = PaneQuery(FLAGS.with_filter(review="all"))
    assert every.page_from(conn, None, 1)[0].id == post
    assert [r.id for r in every.page_from(conn, None, 100)] == expected(
        log, ("open", "acknowledged", "dismissed", "false_positive"))
    gone = PaneQuery(PaneSpec("Flags", "flags", filter=parse_filter("review:dismissed")))
    assert [(r.id, r.rank) for r in gone.page_from(conn, None, 100)] == [(post, 4)]
    # Dismissing its last flag takes it out.
    review_post(conn, uid_of(log, post), "dismissed")
    assert post not in [r.id for r in q.page_from(conn, None, 100)]
    conn.close()


def test_a_paused_flags_pane_holds_new_flags_of_any_severity(
        flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    conn = open_db(str(log), readonly=True)
    q = PaneQuery(FLAGS)
    before = q.count(conn)
    q.pause(conn)
    newest = conn.execute("SELECT p.created_at, p.id FROM flags f JOIN posts p ON p.id = f.post_id "
                          "ORDER BY p.created_at DESC, p.id DESC LIMIT 1").fetchone()
    assert q.ceiling == (newest[0], newest[1])
    new = add_posts(log, 3, minute=11)
    flag_as(log, {new[0]: ("critical",), new[1]: ("low",)})
    keys = q.matching(conn, new, ignore_ceiling=True)
    assert len(keys) == 2 and all(q.waits(k) for k in keys)
    assert not q.waits(q.key(q.page_from(conn, None, 1)[0]))  # an old critical is no news
    assert q.count(conn) == before
    assert [r.id for r in q.page_from(conn, None, 100)] == [i for i in expected(log)
                                                              if i not in new]
    placed, above = q.resume(conn, 2)
    assert sorted(placed) == sorted(keys) and above == 0 and q.ceiling is None
    assert q.count(conn) == before + 2
    conn.close()


# -- the deck ------------------------------------------------------------------------
# New posts and flags reach the panes as they do when another process writes
# the log: ``app._follow()`` is the deck's once-a-second look, called at once.


@asynccontextmanager
async def reading_flags(log: Path) -> AsyncIterator[tuple[Any, Any, FeedPane]]:
    """The deck over ``log`` with an All and a Flags pane, the Flags pane focused."""
    app = deck(log, [PaneSpec("All posts"), FLAGS])
    async with app.run_test(size=SIZE) as pilot:
        pane = app.panes[1]
        await pilot.press("l")
        assert pane.has_focus
        yield app, pilot, pane


def pane_ids(pane: FeedPane) -> list[int]:
    return [r.id for r in (pane._row(i) for i in range(pane.count)) if r is not None]


async def test_the_flags_pane_pages_and_jumps_most_severe_first(
        flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    order = expected(log)
    async with reading_flags(log) as (_app, pilot, pane):
        assert pane.count == len(order)
        assert pane.selected_post().id == order[0]
        assert pane_ids(pane) == order
        await pilot.press("G")
        assert pane.selected_post().id == order[-1] and pane.selected_post().rank == 1
        await pilot.press("N")  # the previous flagged post: the row above
        assert pane.cursor == len(order) - 2 and pane.selected_post().id == order[-2]
        await pilot.press("g", "n", "n")
        assert pane.cursor == 2 and pane.selected_post().id == order[2]
        header = "".join(s.text for s in pane.render_line(0)._segments)
        assert "⚑CRIT" in header


async def test_new_flags_arrive_in_their_severity_without_yanking_the_reader(
        flagged: tuple[Path, list[int]]) -> None:
    log, ids = flagged
    async with reading_flags(log) as (app, pilot, pane):
        order = expected(log)
        await pilot.press("G", "k")
        reading = pane.selected_post()
        assert reading.id == order[-2] and pane.scroll_y > 0
        top = int(pane.scroll_y)
        # A new critical flag: at the top, above the reader, who stays put.
        new = add_posts(log, 2, minute=11)
        flag_as(log, {new[0]: ("critical",)})
        app._follow()
        await pilot.pause()
        assert pane.count == len(order) + 1
        assert pane.selected_post().id == reading.id
        assert pane.unread == 1 and "▲ 1 new" in str(pane.border_subtitle)
        assert int(pane.scroll_y) == top + pane.row_height
        assert pane_ids(pane)[0] == new[0]
        # A new low flag: the newest of the low group, above the reader, below the view's top.
        more = add_posts(log, 1, minute=12)
        flag_as(log, {more[0]: ("low",)})
        app._follow()
        await pilot.pause()
        assert pane.selected_post().id == reading.id
        assert pane_ids(pane) == expected(log)
        first_low = next(i for i, r in enumerate(pane_ids(pane)) if r == more[0])
        assert pane._row(first_low + 1).rank == 1 and pane._row(first_low - 1).rank > 1
        assert pane_ids(pane)[-1] == order[-1]  # the oldest low stays last
        # A post already in the log is flagged in place (an edit, a fast delete): it comes in
        # above the reader, counted as new; then a new critical flag on a low post moves it up.
        fresh = next(i for i in ids if i not in expected(log))
        cursor, unread = pane.cursor, pane.unread
        flag_as(log, {fresh: ("critical",)})
        app._follow()
        await pilot.pause()
        assert pane.selected_post().id == reading.id and pane.cursor == cursor + 1
        assert pane_ids(pane) == expected(log) and pane.count == len(expected(log))
        assert pane.unread == unread + 1
        flag_as(log, {more[0]: ("critical",)})
        app._follow()
        await pilot.pause()
        assert pane.selected_post().id == reading.id and pane.cursor == cursor + 1
        assert pane_ids(pane) == expected(log) and pane.unread == unread + 2
        # g: the newest critical flag is first.
        await pilot.press("g")
        assert pane.selected_post().id == more[0] and pane.unread == 0


async def test_following_the_top_shows_a_new_critical_flag(
        flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    async with reading_flags(log) as (app, pilot, pane):
        new = add_posts(log, 2, minute=11)
        flag_as(log, {new[0]: ("low",), new[1]: ("critical",)})
        app._follow()
        await pilot.pause()
        assert pane.cursor == 0 and pane.selected_post().id == new[1]
        assert pane_ids(pane) == expected(log)


async def test_a_review_moves_the_post_and_brings_up_the_next(
        flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    post = add_posts(log, 1, minute=10)[0]
    flag_as(log, {post: ("critical", "low")})
    async with reading_flags(log) as (app, pilot, pane):
        order = expected(log)
        assert pane.selected_post().id == post
        # Dismiss only its critical flag (the first, picked in the detail screen).
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is not app.screen_stack[0])
        await pilot.press("1", "D")
        await until(pilot, lambda: pane_ids(pane) != order)
        await pilot.press("escape")
        assert pane.count == len(order)
        assert pane_ids(pane) == expected(log)
        assert pane.selected_post().id == order[1]  # the next flag came up under the cursor
        low = pane_ids(pane).index(post)
        assert pane._row(low).rank == 1
        # Dismissing the rest of a post's flags takes it out of the pane.
        await pilot.press("D")
        await until(pilot, lambda: pane.count == len(order) - 1)
        assert order[1] not in pane_ids(pane) and pane.selected_post().id == order[2]


async def test_a_paused_flags_pane_waits_then_places_by_severity(
        flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    async with reading_flags(log) as (app, pilot, pane):
        await pilot.press("j", "p")
        assert pane.paused
        before, reading = pane.count, pane.selected_post().id
        new = add_posts(log, 3, minute=11)
        flag_as(log, {new[0]: ("critical",), new[1]: ("low",), new[2]: ("medium",)})
        app._follow()
        await pilot.pause()
        assert pane.count == before and pane.held == 3
        assert "3 waiting" in str(pane.border_subtitle)
        assert not set(new) & set(pane_ids(pane))
        await pilot.press("p")
        assert not pane.paused and pane.count == before + 3
        assert pane.selected_post().id == reading  # placed around the reader, not over them
        assert pane_ids(pane) == expected(log)
        assert pane.unread == 1  # the critical one, above the view


async def test_a_post_flagged_in_place_while_paused_waits_too(
        flagged: tuple[Path, list[int]]) -> None:
    log, _ids = flagged
    async with reading_flags(log) as (app, pilot, pane):
        await pilot.press("p")
        before = pane.count
        late = add_posts(log, 1, minute=12)  # comes in unflagged: not this pane's
        app._follow()
        flag_as(log, {late[0]: ("high",)})  # then flagged (a fast delete, an edit)
        app._follow()
        await pilot.pause()
        assert pane.count == before and late[0] not in pane_ids(pane)
        await pilot.press("p")
        assert pane.count == before + 1 and pane_ids(pane) == expected(log)
