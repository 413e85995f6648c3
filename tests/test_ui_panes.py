"""Panes at run time: search, filters, add/remove/rename/move, saving the
layout, narrow terminals with tabs, per-pane pause, unread counts, flags,
the remembered theme — and the read-side SQL they use (store.queries)."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

from meetwatch.core.models import Account, Post, RawEvent
from meetwatch.core.panes import PaneFilter, PaneSpec, parse_filter, parse_pane_request
from meetwatch.core.watch import load_watch
from meetwatch.store.queries import PaneQuery, load_detail, raw_payload, search
from meetwatch.store.schema import open_db
from meetwatch.store.writer import LogWriter
from meetwatch.ui.app import DeckApp
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.pane_tabs import PaneTabs
from meetwatch.ui.prompt import Prompt

SIZE = (160, 48)
NETS = ("mastodon", "bluesky")
LANGS = ("en", "fr", "es")
CATS = ("official", "civil_society", "media")
WATCH = """# my meeting
[meeting]
name = "Test"   # kept
hashtags = ["HRC61"]
timezone = "Europe/Zurich"

[[panes]]
title = "Old"
kind = "all"

[accounts]
official = ["@a0@ex.social"]
"""


def _author(i: int) -> Account:
    n = i % 3
    return Account(NETS[i % 2], f"https://ex.social/@a{n}", f"@a{n}@ex.social", f"A{n}",
                   category=CATS[n])


def _post(i: int, minute: int = 9) -> Post:
    words = "vote résolution council" if i % 4 == 0 else "agenda statement"
    return Post(f"u{minute}-{i}", NETS[i % 2], _author(i), f"post {i} {words}",
                f"2026-03-02T{minute:02d}:{i // 60:02d}:{i % 60:02d}.000Z", lang=LANGS[i % 3],
                hashtags=("hrc61",) if i % 2 else ())


def make_log(path: Path, n: int = 40) -> list[int]:
    with LogWriter(str(path)) as w:
        return w.apply([_post(i) for i in range(n)], "2026-03-02T10:00:00.000Z").new_post_ids


def add_posts(path: Path, n: int, minute: int) -> list[int]:
    with LogWriter(str(path)) as w:
        return w.apply([_post(i, minute) for i in range(n)],
                       f"2026-03-02T{minute:02d}:30:00.000Z").new_post_ids


def flag(path: Path, post_ids: list[int]) -> None:
    conn = sqlite3.connect(path)
    conn.executemany("INSERT OR IGNORE INTO flags (post_id, category, severity, rule, evidence, "
                     "created_at) VALUES (?, 'leak', 'high', 'test', 'x', '2026-03-02')",
                     [(i,) for i in post_ids])
    conn.commit()
    conn.close()


def deck(log: Path, panes: list[PaneSpec] | None = None, **kw: object) -> DeckApp:
    config = DeckConfig(log, panes or [PaneSpec("All posts"),
                                       PaneSpec("Official", "category", "official")],
                        user_themes=False, theme=None, **kw)  # type: ignore[arg-type]
    return make_app(config)


async def answer(pilot: object, app: DeckApp, text: str) -> None:
    """Type into the open prompt and press Enter."""
    for _ in range(40):
        if isinstance(app.screen, Prompt):
            break
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    assert isinstance(app.screen, Prompt)
    app.screen.query_one("#prompt-input").value = text  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


# -- store ------------------------------------------------------------------------


def test_pane_filters_and_kinds(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    make_log(log, 60)
    conn = open_db(str(log), readonly=True)
    counts = {}
    for name, spec in {
        "fr": PaneSpec("x", filter=PaneFilter(lang="fr")),
        "bsky": PaneSpec("x", filter=PaneFilter(network="bluesky")),
        "media": PaneSpec("x", filter=PaneFilter(category="media")),
        "vote": PaneSpec("x", filter=PaneFilter(text="vote")),
        "search": PaneSpec("x", "search", "résolution"),
        "search+fr": PaneSpec("x", "search", "resolution", PaneFilter(lang="fr")),
        "account": PaneSpec("x", "account", "A1@EX.social"),
        "tag+es": PaneSpec("x", "hashtag", "hrc61", PaneFilter(lang="es")),
    }.items():
        q = PaneQuery(spec)
        counts[name] = q.count(conn)
        rows = q.page_from(conn, None, 100)
        assert len(rows) == counts[name]
        keys = [q.key(r) for r in rows]
        assert keys == sorted(keys, reverse=True)  # newest first, in the pane's own order
        if len(rows) > 5:  # keyset paging agrees with one big page
            page = q.page_from(conn, keys[4], 3)
            assert [r.id for r in page] == [r.id for r in rows[4:7]]
            assert [r.id for r in q.page_newer(conn, keys[4], 2)] == [r.id for r in rows[2:4]]
            assert q.index_of(conn, keys[4]) == 4
    assert counts == {"fr": 20, "bsky": 30, "media": 20, "vote": 15, "search": 15,
                      "search+fr": 5, "account": 20, "tag+es": 10}
    # The search pane shows what `meetwatch search` finds.
    q = PaneQuery(PaneSpec("x", "search", "council"))
    assert {r.uid for r in q.page_from(conn, None, 100)} == {r["uid"] for r in
                                                            search(conn, "council", limit=None)}


def test_raw_payload_of_a_feed_entry_uses_the_feed_index(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    feed = Account("rss", "https://un.example/rss", "UN News", category="official")
    doc = "<rss><item><guid>https://un.example/n/1</guid></item></rss>"
    with LogWriter(str(log)) as w:
        w.add_raw(RawEvent("file:x", "rss", "2026-03-02T12:00:00.000Z", doc))
        w.apply([Post("https://un.example/n/1", "rss", feed, "entry",
                      "2026-03-02T09:00:00.000Z")], "2026-03-02T09:00:00.000Z")
    conn = open_db(str(log), readonly=True)
    detail = load_detail(conn, 1)
    assert detail is not None and raw_payload(conn, detail) == ("rss", doc)
    plan = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT payload FROM raw_events WHERE format = 'rss' "
        "AND received_at >= ? ORDER BY received_at LIMIT 5", ("x",)))
    assert "raw_events_feeds" in plan


def test_next_flagged_follows_the_pane(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    ids = make_log(log, 40)
    flag(log, [ids[3], ids[10], ids[20]])
    conn = open_db(str(log), readonly=True)
    q = PaneQuery(PaneSpec("x"))
    first = q.next_flagged(conn, None, True)
    assert first is not None and first[1] == ids[20]
    second = q.next_flagged(conn, first, True)
    assert second is not None and second[1] == ids[10]
    assert q.next_flagged(conn, second, False) == first
    only_fr = PaneQuery(PaneSpec("x", filter=PaneFilter(lang="fr")))  # ids[10] is fr
    assert [k[1] for k in [only_fr.next_flagged(conn, None, True)] if k] == [ids[10]]


def test_pane_requests_and_filters_parse() -> None:
    assert parse_pane_request("#HRC61") == PaneSpec("#hrc61", "hashtag", "hrc61")
    assert parse_pane_request("civil society").value == "civil_society"
    assert parse_pane_request("/vote L.12").kind == "search"
    assert parse_pane_request("@Ohchr@ex.social").value == "ohchr@ex.social"
    assert parse_filter("lang:FR cat:media vote now") == PaneFilter("fr", "", "media", "vote now")


# -- the deck ---------------------------------------------------------------------------


async def test_slash_searches_into_a_results_pane_and_esc_closes_it(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    make_log(log, 40)
    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await answer(pilot, app, "résolution")
        results = app.results_pane
        assert results is not None and app.panes[0] is results and results.has_focus
        assert results.count == 10
        text = "\n".join(results.render_line(y).text for y in range(20))
        assert "résolution" in text
        await pilot.press("slash")
        await answer(pilot, app, "[bold]")  # markup is text; nothing to search: a notice
        assert app.results_pane is results
        await pilot.press("escape")
        await pilot.pause()
        assert app.results_pane is None and len(app.panes) == 2


async def test_filter_add_rename_move_remove_and_save(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    make_log(log, 40)
    watch = tmp_path / "meeting.toml"
    watch.write_text(WATCH, encoding="utf-8")
    app = deck(log, watch_path=watch)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.panes[0]
        await pilot.press("f")
        await answer(pilot, app, "network:bluesky vote")
        assert pane.spec.filter == PaneFilter(network="bluesky", text="vote")
        assert pane.count == 0  # votes are every 4th post, bluesky every odd one
        await pilot.press("f")
        await answer(pilot, app, "lang:fr")
        assert pane.count == 13 and "lang fr" in pane.label().plain
        await pilot.press("a")
        await answer(pilot, app, "#hrc61")
        added = app.panes[1]
        assert added.spec.kind == "hashtag" and added.count == 20 and added.has_focus
        await pilot.press("r")
        await answer(pilot, app, "Tag [b]")
        assert added.spec.title == "Tag [b]" and "Tag [b]" in added.label().plain
        await pilot.press("less_than_sign")
        assert app.panes[0] is added
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert [p.spec.title for p in app.panes] == ["All posts", "Official", "Tag [b]"]
        await pilot.press("x")
        await pilot.pause()
        assert [p.spec.title for p in app.panes] == ["All posts", "Official"]
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
    saved = load_watch(watch)
    assert [p.title for p in saved.panes] == ["All posts", "Official"]
    assert saved.panes[0].filter == PaneFilter(lang="fr")
    text = watch.read_text(encoding="utf-8")
    assert text.startswith("# my meeting\n[meeting]\nname = \"Test\"   # kept\n")
    data = tomllib.loads(text)
    assert data["accounts"] == {"official": ["@a0@ex.social"]} and "Old" not in text


async def test_save_without_a_watch_file_says_so(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    make_log(log, 5)
    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("No watch file" in n.message for n in app._notifications)


async def test_narrow_terminal_shows_one_pane_with_tabs(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    make_log(log, 20)
    panes = [PaneSpec("All posts"), PaneSpec("Official", "category", "official"),
             PaneSpec("#hrc61", "hashtag", "hrc61")]
    app = deck(log, panes)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = [p for p in app.panes if p.display]
        assert shown == [app.panes[0]] and app.narrow
        tabs = app.query_one(PaneTabs)
        assert tabs.display and tabs.labels[0].plain.startswith("All posts")
        await pilot.press("l")
        assert [p for p in app.panes if p.display] == [app.panes[1]] and tabs.active == 1
        await pilot.press("tab")
        assert app.focused is app.panes[2] and tabs.active == 2
        await pilot.press("shift+tab", "h")
        assert app.focused is app.panes[0]
        await pilot.click(PaneTabs, offset=(tabs._spans()[2][0] + 1, 0))
        await pilot.pause()
        assert app.focused is app.panes[2]
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert all(p.display for p in app.panes) and not app.narrow


async def test_paused_pane_holds_new_posts_and_counts_unread(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    make_log(log, 20)
    app = deck(log)
    async with app.run_test(size=(90, 30)) as pilot:  # narrow: Official is another tab
        all_posts, official = app.panes
        await pilot.press("p")
        assert all_posts.paused
        new = add_posts(log, 6, minute=11)
        for pane in app.panes:
            pane.absorb(new, set())
        await pilot.pause()
        assert all_posts.count == 20 and all_posts.held == 6
        assert "6 waiting" in str(all_posts.border_subtitle)
        top = all_posts.selected_post()
        assert top is not None and top.created_at.startswith("2026-03-02T09")
        # The hidden pane took its posts and counts them as unread (title and tab).
        assert official.count == 7 + 2 and official.unread == 2
        assert "+2" in official.label().plain
        assert "+2" in app.query_one(PaneTabs).labels[1].plain
        await pilot.press("p")
        assert not all_posts.paused and all_posts.count == 26
        row = all_posts.selected_post()
        assert row is not None and row.created_at.startswith("2026-03-02T11")
        await pilot.press("l")
        assert official.unread == 0


async def test_n_jumps_to_the_next_flagged_post(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    ids = make_log(log, 200)
    flag(log, [ids[5], ids[150]])
    app = deck(log)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.panes[0]
        await pilot.press("n")
        row = pane.selected_post()
        assert row is not None and row.id == ids[150] and pane.cursor == 49
        await pilot.press("n")
        row = pane.selected_post()
        assert row is not None and row.id == ids[5] and pane.cursor == 194
        await pilot.press("n")  # none below: stays, says so
        assert pane.cursor == 194
        await pilot.press("N")
        assert pane.cursor == 49


async def test_help_and_palette_list_the_pane_actions(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    make_log(log, 5)
    app = deck(log)
    async with app.run_test(size=SIZE):
        listed = {d for _g, rows in app.help_groups() for _k, d in rows}
        wanted = {"Search", "Add pane", "Remove pane", "Rename pane", "Filter pane",
                  "Move pane left", "Move pane right", "Save layout", "Next flagged post",
                  "Pause pane (slow mode)"}
        assert wanted <= listed
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert wanted <= titles
        assert {"Add pane: hashtag", "Add pane: account category", "Add pane: search",
                "Add pane: account handle", "Filter pane: language", "Filter pane: network",
                "Filter pane: account category", "Filter pane: text"} <= titles


async def test_the_chosen_theme_is_remembered(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    make_log(log, 3)
    settings = tmp_path / "config"
    app = deck(log, settings_dir=settings)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "meetwatch-dark"
        app.theme = "meetwatch-light"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert tomllib.loads((settings / "config.toml").read_text())["theme"] == "meetwatch-light"
    again = deck(log, settings_dir=settings)
    async with again.run_test(size=SIZE):
        assert again.theme == "meetwatch-light"
