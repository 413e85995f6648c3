"""SVG snapshots of the deck's key screens, over a fixed log and a fixed
clock (no replay running, so nothing moves): the four-pane deck with edits,
deletions, flags, replies, right-to-left text and markup typed by a stranger;
a narrow terminal with tabs; the post detail with its thread and edit
history; the help screen.

Update after an intended change of the look with
``python -m pytest tests/test_ui_snapshots.py --snapshot-update`` and read
the new SVGs (tests/__snapshots__/) before committing them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from meetwatch.cli import flag_config
from meetwatch.core.models import Account, Deletion, Post
from meetwatch.store.writer import LogWriter
from meetwatch.ui.app import DeckApp
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.post_screen import PostScreen

MISSION = Account("mastodon", "https://un.example/@valdoria", "@valdoria@un.example",
                  "Permanent Mission of Valdoria", category="official")
OHCHR = Account("bluesky", "did:plc:ohchr", "ohchr.example", "UN Human Rights",
                category="official")
NGO = Account("mastodon", "https://ngo.example/@watch", "@watch@ngo.example", "Rights Watch",
              category="civil_society")
MEDIA = Account("bluesky", "did:plc:wire", "wire.example", "Geneva Wire", category="media")
TROLL = Account("mastodon", "https://x.example/@anon", "@anon@x.example",
                "[bold red]anon[/bold red]\u202e")


def _at(minute: int) -> str:
    return f"2026-03-03T09:{minute:02d}:00.000Z"


def snapshot_log(path: Path) -> None:
    with LogWriter(str(path)) as w:
        w.set_flags(flag_config())
        w.apply([
            Post("s1", "mastodon", MISSION, "Valdoria reaffirms its commitment to the "
                 "independence of the judiciary under item 4. #HRC61", _at(0),
                 hashtags=("hrc61",), url="https://un.example/@valdoria/1"),
            Post("r1", "mastodon", NGO, "Independence? Three judges were dismissed last month. "
                 "We documented every case. #HRC61", _at(3), reply_to="s1",
                 hashtags=("hrc61",)),
            Post("m1", "bluesky", MEDIA, "Valdoria tells the Council its courts are "
                 "independent.", _at(4), quote_of="s1"),
            Post("o1", "bluesky", OHCHR, "The High Commissioner presents the annual report "
                 "this afternoon. #HRC61", _at(5), hashtags=("hrc61",)),
            Post("l1", "mastodon", NGO, "Leaked: the draft resolution L.12 (not for "
                 "distribution) drops the paragraph on detention.", _at(6)),
            Post("a1", "mastodon", NGO, "بيان مشترك بشأن حقوق الإنسان في البند ٤ #HRC61", _at(7),
                 lang="ar", hashtags=("hrc61",)),
            Post("t1", "mastodon", TROLL, "[link=file:///etc]click[/link] \x1b[31mred\x1b[0m "
                 "we know where you live", _at(8)),
            Post("d1", "mastodon", MISSION, "Our delegation will vote against L.12.", _at(9)),
        ], "2026-03-03T09:10:00.000Z")
        w.apply([Post("s1", "mastodon", MISSION, "Valdoria reaffirms its firm commitment to "
                      "the independence of the judiciary under item 4. #HRC61", _at(0),
                      hashtags=("hrc61",), url="https://un.example/@valdoria/1",
                      version="2", edited_at="2026-03-03T09:02:00.000Z")],
                "2026-03-03T09:11:00.000Z")
        w.apply([Deletion("mastodon", uid="d1", deleted_at="2026-03-03T09:12:00.000Z")],
                "2026-03-03T09:12:00.000Z")


PANES = [PaneSpec("All posts"), PaneSpec("Official", "category", "official"),
         PaneSpec("Civil society", "category", "civil_society"), PaneSpec("Flags", "flags")]


@pytest.fixture
def deck(tmp_path: Path) -> DeckApp:
    log = tmp_path / "hrc61.db"
    snapshot_log(log)
    app = make_app(DeckConfig(log, list(PANES), meeting="HRC 61", timezone="Europe/Geneva",
                              user_themes=False, theme="meetwatch-dark"))
    return app


async def _fixed(pilot) -> None:  # type: ignore[no-untyped-def]
    """The log's path is a temporary directory: show a fixed one."""
    app = pilot.app
    await pilot.pause()
    app.deck_status = replace(app.deck_status, log_path="hrc61.db")
    app._show_status()
    await pilot.pause()


def test_deck(snap_compare, deck: DeckApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(deck, terminal_size=(160, 40), run_before=_fixed)


def test_deck_narrow_with_tabs(snap_compare, deck: DeckApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(deck, terminal_size=(80, 30), run_before=_fixed)


def test_post_detail_with_thread_and_edits(snap_compare, deck: DeckApp) -> None:  # type: ignore[no-untyped-def]
    async def open_statement(pilot) -> None:  # type: ignore[no-untyped-def]
        await _fixed(pilot)
        app = pilot.app
        post_id = app.reader.conn.execute("SELECT id FROM posts WHERE uid = 's1'").fetchone()[0]
        app.push_screen(PostScreen(str(app.reader.path), post_id, app.zone, "Europe/Geneva"))
        for _ in range(100):
            if isinstance(app.screen, PostScreen) and app.screen.detail is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(deck, terminal_size=(120, 48), run_before=open_statement)


def test_help_screen(snap_compare, deck: DeckApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(deck, terminal_size=(120, 40), press=["question_mark"],
                        run_before=_fixed)
