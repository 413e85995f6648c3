"""Hostile text renders literally: markup stays characters, controls and
bidi overrides become visible, huge lines are cut in panes and whole in the
detail view, and nothing breaks the layout.

The posts are written straight through the writer (no parser, so no
cleaning): the deck must be safe even over a log something else wrote."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from meetwatch.core.models import Account, Post
from meetwatch.store.writer import LogWriter
from meetwatch.ui.data import PaneSpec
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.feed_pane import FeedPane
from meetwatch.ui.post_screen import PostScreen
from meetwatch.ui.safe_text import one_line, visible

MARKUP = "[bold red]x[/bold red] [link=file:///etc/passwd]click[/link] :smile: [/]"
CONTROLS = "\x1b[31mred\x1b[0m \x07bell \x9b2J \x00nul"
BIDI = "invoice\u202egnp.exe"
HUGE = "A" * 10_000 + " END"


def hostile_log(path: Path) -> None:
    evil = Account("mastodon", "https://ex.social/@evil", "@evil@ex.social\x1b[2J",
                   "[blink]Evil[/blink]\u202e", category="official")
    texts = [MARKUP, CONTROLS, BIDI, HUGE, "مرحبا بالعالم — שלום עולם — 你好，世界 🇺🇳"]
    with LogWriter(str(path)) as w:
        w.apply([Post(f"u{i}", "mastodon", evil, t, f"2026-03-02T09:0{i}:00.000Z",
                      title="[b]title[/b]" if i == 0 else None, hashtags=("[b]",))
                 for i, t in enumerate(texts)], "2026-03-02T10:00:00.000Z")


def pane_lines(pane: FeedPane) -> list[str]:
    return [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]


async def test_hostile_text_renders_literally(tmp_path: Path) -> None:
    log = tmp_path / "log.db"
    hostile_log(log)
    panes = [PaneSpec("All posts"), PaneSpec("#[b]", "hashtag", "[b]")]
    app = make_app(DeckConfig(log, panes, user_themes=False, theme=None, text_lines=3))
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        pane = app.query_one(FeedPane)
        width = pane.scrollable_content_region.width
        strips = [pane.render_line(y) for y in range(pane.scrollable_content_region.height)]
        text = "\n".join(s.text for s in strips)
        assert "[bold red]x[/bold red]" in text and "[link=file:///etc/passwd]click[/link]" in text
        assert ":smile:" in text and "[blink]Evil[/blink]" in text and "[b]title[/b]" in text
        assert "␛[31mred␛[0m" in text and "␇bell" in text and "⟦9B⟧2J" in text
        assert "invoice⟦RLO⟧gnp.exe" in text
        for bad in ("\x1b", "\x07", "\x9b", "\x00", "\u202e"):
            assert bad not in text
        assert all(s.cell_length == width for s in strips)  # nothing breaks the layout
        assert not any(seg.style and seg.style.link for s in strips for seg in s)
        assert "AAAA…" in text and "END" not in text  # cut in the pane...
        title = app.query_one("#pane-1", FeedPane).border_title  # returned as escaped markup
        assert title is not None and Content.from_markup(title).plain == "#[b] · 5"
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\u202e" not in svg

        await pilot.press("j", "enter")
        await _until_detail(pilot, app)
        detail = str(app.screen.query_one("#post-detail").render())
        assert HUGE in detail  # ...and whole in the detail view


async def _until_detail(pilot: object, app: object) -> None:
    for _ in range(100):
        screen = app.screen  # type: ignore[attr-defined]
        if isinstance(screen, PostScreen) and screen.detail is not None:
            await pilot.pause()  # type: ignore[attr-defined]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("detail never loaded")


def test_safe_text_helpers() -> None:
    assert visible("a\x1bb\tc\r\nd") == "a␛b    c\nd"
    assert visible("x\u2066y\u2069") == "x⟦LRI⟧y⟦PDI⟧"
    assert visible("\x7f\x85") == "␡⟦85⟧"
    assert one_line("a \n\n b", 10) == "a b"
    assert one_line("x" * 50, 10) == "x" * 9 + "…"
    assert visible("é ש 你 [b]") == "é ש 你 [b]"  # real text is untouched
