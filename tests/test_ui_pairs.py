"""The Statement ↔ Response screen, jump to a post's pair, "now on the
floor" and jump to an agenda item, driven as a person would (pilot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from meetwatch.core.pairing import PairingSettings
from meetwatch.core.programme import parse_toml
from meetwatch.core.watch import parse_watch
from meetwatch.replay import ReplayEngine, scan
from meetwatch.ui.agenda_picker import AgendaPicker
from meetwatch.ui.app import DeckApp
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.feed_pane import FeedPane
from meetwatch.ui.pairs_screen import PairsScreen
from meetwatch.ui.post_screen import PostScreen
from tests.pairing_labels import POSTS, PROGRAMME
from tests.sessionkit import WATCH_ACCOUNTS, write
from tests.test_ui_deck import SIZE, until

HOSTILE = "[bold red]markup[/] \x1b[31m"


def pairs_app(tmp_path: Path, speed: float | None = None) -> DeckApp:
    import tomllib

    posts = [dict(p) for p in POSTS]
    answer = next(p for p in posts if p["id"] == "34")  # a stranger's text, shown on the right
    answer["content"] = str(answer["content"]).replace("<p>", f"<p>{HOSTILE} ", 1)
    session = write(tmp_path / "s.jsonl", posts)
    watch = parse_watch(tomllib.loads('[meeting]\nhashtags = ["HRC61"]\n' + WATCH_ACCOUNTS))
    summary = scan([session], watch.accounts)
    engine = ReplayEngine([session], tmp_path / "scratch", speed=speed, summary=summary,
                          categories=watch.accounts, programme=parse_toml(PROGRAMME)[0],
                          pairing=PairingSettings(meeting_hashtags=watch.hashtags))
    config = DeckConfig(engine.log_path, [PaneSpec("Official", "category", "official"),
                                          PaneSpec("All posts", "all")],
                        meeting="T", timezone="UTC", theme=None, user_themes=False)
    return make_app(config, engine)


def options(screen: PairsScreen, which: str) -> list[str]:
    ol = screen.query_one(f"#{which}", OptionList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


async def open_pairs(app: DeckApp, pilot: Any) -> PairsScreen:
    """Replay to the end, then S: the screen once it lists statements."""
    await until(pilot, lambda: app.deck_status.replay and app.deck_status.replay.finished)
    await pilot.press("S")
    await until(pilot, lambda: isinstance(app.screen, PairsScreen)
                and options(app.screen, "statements"))
    assert isinstance(app.screen, PairsScreen)
    return app.screen


async def test_statement_response_screen(tmp_path: Path) -> None:
    app = pairs_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pairs(app, pilot)
        # answered statements, newest first; the first selected, its answers strongest first
        left = options(screen, "statements")
        assert "Estmark accepts 180 UPR" in left[0] and "2 answers" in left[0]
        await until(pilot, lambda: options(screen, "answers"))
        right = options(screen, "answers")
        assert "quote" in right[0] and "0.95" in right[0]
        assert "topical: same item 6, names Estmark" in right[1]
        # down the list: the answers follow the selection
        await pilot.press("down", "down", "down")  # 12:05, 11:00, 10:20, then 10:05: Valdoria
        await until(pilot, lambda: any("lawyer" in a for a in options(screen, "answers")))
        assert "reply" in options(screen, "answers")[0]
        # enter on an answer opens it in full; escape comes back
        await pilot.press("tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, PostScreen))
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("a")  # all official statements, answered or not
        await until(pilot, lambda: len(options(screen, "statements")) == 5)
        await pilot.press("escape")
        assert not isinstance(app.screen, PairsScreen)


async def test_jump_from_a_post_to_its_pair(tmp_path: Path) -> None:
    app = pairs_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.deck_status.replay and app.deck_status.replay.finished)
        await pilot.pause(0.3)
        pane = app.panes[1]  # all posts, newest first
        pane.focus()
        # find the Amal Defenders answer on the UPR and jump from it
        for _ in range(40):
            row = pane.selected_post()
            if row is not None and "Estmark's new national" in row.text:
                break
            await pilot.press("j")
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, PairsScreen)
                    and options(app.screen, "answers"))
        screen = app.screen
        assert isinstance(screen, PairsScreen)
        left = screen.query_one("#statements", OptionList)
        right = screen.query_one("#answers", OptionList)
        assert "Estmark accepts 180" in str(left.get_option_at_index(left.highlighted or 0).prompt)
        assert "Estmark's new national" in str(right.get_option_at_index(right.highlighted or 0)
                                                .prompt)
        await pilot.press("escape")
        # a post in no pair says so
        for _ in range(40):
            row = pane.selected_post()
            if row is not None and row.author.startswith("@someone"):
                break
            await pilot.press("j")
        await pilot.press("P")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, PairsScreen)


async def test_now_on_the_floor_and_jump_to_item(tmp_path: Path) -> None:
    app = pairs_app(tmp_path, speed=60)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "now on the floor: Item 4 – Interactive dialogue on Valdoria"
                    in str(app.query_one("#status").render()))
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, AgendaPicker))
        await pilot.press("down", "enter")
        await until(pilot, lambda: "now on the floor: Item 6 – UPR outcome of Estmark"
                    in str(app.query_one("#status").render()))
        assert app.engine is not None and app.engine.status().time_us >= 1772539200000000


async def test_hostile_text_is_shown_verbatim(tmp_path: Path) -> None:
    app = pairs_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pairs(app, pilot)
        await until(pilot, lambda: any("markup" in a for a in options(screen, "answers")))
        shown = next(a for a in options(screen, "answers") if "markup" in a)
        assert "[bold red]markup[/]" in shown and "\x1b" not in shown


async def test_palette_lists_the_new_commands(tmp_path: Path) -> None:
    app = pairs_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        names = {b.description for _, b in app._visible_bindings()}
        assert {"Statements ↔ responses", "Jump to the post's statement/answers",
                "Jump to agenda item"} <= names
        assert isinstance(app.focused, FeedPane)


async def test_an_agenda_item_opens_as_a_pane_without_a_replay(tmp_path: Path) -> None:
    from meetwatch.core.models import Account, Post
    from meetwatch.store.writer import LogWriter

    log = tmp_path / "log.db"
    a = Account("mastodon", "https://ex.social/@a", "@a@ex.social")
    with LogWriter(str(log)) as w:
        w.set_programme(parse_toml(PROGRAMME)[0])
        w.apply([Post("u1", "mastodon", a, "on item 4", "2026-03-03T10:30:00.000Z"),
                 Post("u2", "mastodon", a, "on item 6", "2026-03-03T12:30:00.000Z"),
                 Post("u3", "mastodon", a, "also item 6", "2026-03-03T12:40:00.000Z")],
                "2026-03-03T13:00:00.000Z")
    app = make_app(DeckConfig(log, [PaneSpec("All posts")], theme=None, user_themes=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, AgendaPicker))
        await pilot.press("down", "enter")  # item 6
        await until(pilot, lambda: len(app.panes) == 2)
        pane = app.panes[1]
        assert pane.spec.filter.item == "6" and pane.spec.title == "Item 6"
        await until(pilot, lambda: pane.count == 2)
        assert app.focused is pane
        await pilot.press("h", "i")  # again: the pane is found, not opened twice
        await until(pilot, lambda: isinstance(app.screen, AgendaPicker))
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.focused is pane)
        assert len(app.panes) == 2


async def test_pairs_appear_in_the_open_screen_as_the_replay_makes_them(tmp_path: Path) -> None:
    app = pairs_app(tmp_path, speed=600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, PairsScreen))
        screen = app.screen
        assert isinstance(screen, PairsScreen)
        assert not [t for t in screen._timers if t.name != "screen_update"]  # no polling timer
        first = len(options(screen, "statements"))
        await until(pilot, lambda: len(options(screen, "statements")) > first, tries=600)
