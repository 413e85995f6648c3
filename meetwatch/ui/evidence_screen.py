"""EvidenceScreen (``e``): where the conversation is, from the session's
measures — volume over time with agenda items marked, share of voice, top
accounts, hashtags and languages, response latency, spikes and coverage gaps.

During a replay it shows only what was posted by the replay clock.  It
redraws when the app hands it a new batch (``refresh_data``) or the terminal
is resized; it has no timer of its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from meetwatch.core.stats import Gap, Latency, bar, category_order, epoch_seconds, iso_seconds
from meetwatch.store import analytics as an
from meetwatch.store.queries import LogReader
from meetwatch.ui.evidence_data import EvidenceFeed, latency, volume_chart
from meetwatch.ui.safe_text import one_line
from meetwatch.ui.status import clock_text

STYLE = {"official": "$primary", "civil_society": "$success", "media": "$warning",
         "own": "$accent", "other": "$text-muted"}
LABEL = {"official": "official", "civil_society": "civil soc.", "media": "media", "own": "own",
         "other": "other"}
LATENCY_EVERY = 2.0  # seconds between latency queries while batches keep landing
LABEL_WIDTH = 11

Parts = list[str | tuple[str, str]]


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = round(seconds)
    return f"{s} s" if s < 60 else f"{s // 60} min {s % 60:02d} s" if s < 3600 else \
        f"{s // 3600} h {s % 3600 // 60:02d} min"


def _content(parts: Parts, empty: str) -> Content:
    """Parts as Content, without the last line's newline; ``empty`` if none."""
    if not parts:
        return Content(empty)
    if parts[-1] == "\n":
        parts = parts[:-1]
    elif isinstance(parts[-1], str) and parts[-1].endswith("\n"):
        parts = [*parts[:-1], parts[-1][:-1]]
    return Content.assemble(*parts)


class EvidenceScreen(Screen[None]):
    BINDINGS = [Binding("escape,q,e", "close", "Back to the deck")]
    CSS_PATH = "evidence_screen.tcss"

    def __init__(self, feed: EvidenceFeed, reader: LogReader, zone: tzinfo, zone_name: str,
                 clock: Callable[[], int | None]) -> None:
        super().__init__()
        self.feed = feed
        self.reader = reader
        self.zone = zone
        self.zone_name = zone_name
        self.clock = clock  # the replay clock (epoch s), None when live
        self._latency: Latency | None = None
        self._latency_at = 0.0

    def compose(self) -> ComposeResult:
        yield Static(id="ev-title")
        with VerticalScroll(id="ev-body"):
            yield self._box("ev-volume", "Volume over time")
            with Horizontal(classes="ev-row"):
                yield self._box("ev-share", "Share of voice")
                yield self._box("ev-items", "By agenda item")
                yield self._box("ev-latency", "Response latency")
            with Horizontal(classes="ev-row"):
                yield self._box("ev-accounts", "Top accounts")
                yield self._box("ev-hashtags", "Top hashtags")
                yield self._box("ev-langs", "Languages")
            yield self._box("ev-notes", "Spikes and coverage")
        yield Footer()

    @staticmethod
    def _box(id: str, title: str) -> Static:
        box = Static(id=id, classes="ev-box")
        box.border_title = title
        return box

    def on_mount(self) -> None:
        self.refresh_data(force=True)

    def on_resize(self) -> None:
        self.refresh_data()

    def action_close(self) -> None:
        self.dismiss(None)

    # -- drawing ---------------------------------------------------------------

    def _hm(self, seconds: int) -> str:
        return clock_text(seconds * 1_000_000, self.zone, with_date=False)

    def refresh_data(self, *, force: bool = False) -> None:
        """Redraw from the feed's counters (cheap); the latency query runs at
        most every LATENCY_EVERY seconds unless forced."""
        stats = self.feed.stats
        conn = self.reader.conn
        now = self.clock()
        slots = an.agenda(conn)
        gaps = [g for g in an.gaps(conn) if stats.first is None
                or g.overlaps(None, None if now is None else iso_seconds(now))]
        unrecovered = [g for g in gaps if not g.filled]
        title: Parts = [("Evidence", "bold"), "  ", f"{stats.total:,} posts"]
        if now is not None:
            title += ["  up to ", (clock_text(now * 1_000_000, self.zone), "bold"),
                      (f" {self.zone_name} (replay clock)", "$text-muted")]
        if unrecovered:
            title += ["  ", (f"⚠ {len(unrecovered)} coverage gap(s) not recovered: "
                             "counts there are incomplete", "$error bold")]
        self.query_one("#ev-title", Static).update(Content.assemble(*title))
        categories = category_order(stats.by_category)
        self._volume(slots, gaps, categories, now)
        self._share(categories)
        self._items(slots, now)
        if force or self._latency is None or time.monotonic() - self._latency_at > LATENCY_EVERY:
            self._latency = latency(conn, now)
            self._latency_at = time.monotonic()
        self._show_latency(self._latency)
        self._tops()
        self._notes(gaps)

    def _volume(self, slots: list[an.Slot], gaps: list[Gap], categories: list[str],
                now: int | None) -> None:
        box = self.query_one("#ev-volume", Static)
        width = max(10, (self.size.width or 100) - LABEL_WIDTH - 6)
        chart = volume_chart(self.feed.stats, width, slots, gaps, categories, now,
                             list(self.feed.panes))
        if chart is None:
            box.update(Content("No posts yet."))
            return
        parts: Parts = []
        for label, line in chart.rows:
            if label.startswith("pane:"):
                name = one_line(label[5:], LABEL_WIDTH - 1)
                parts += [(f"{name:<{LABEL_WIDTH}}", "$secondary"), (line, "$secondary"), "\n"]
                continue
            parts += [(f"{LABEL.get(label, one_line(label, LABEL_WIDTH - 1)):<{LABEL_WIDTH}}",
                       STYLE.get(label, "bold")), (line, STYLE.get(label, "bold")), "\n"]
        if slots:
            parts += [(f"{'agenda':<{LABEL_WIDTH}}", "$text-muted"),
                      (one_line(chart.agenda, 2000), "$accent"), "\n"]
        if chart.gaps.strip():
            parts += [(f"{'gaps':<{LABEL_WIDTH}}", "$text-muted"), (chart.gaps, "$error"), "\n"]
        if self.feed.uncharted:
            parts += [(f"{'':<{LABEL_WIDTH}}", ""), (
                "not charted (need the text or flags): "
                + ", ".join(one_line(t, 30) for t in self.feed.uncharted), "$text-muted"), "\n"]
        left, right = self._hm(chart.start), self._hm(chart.last)
        cols = len(chart.rows[0][1])
        parts.append((" " * LABEL_WIDTH + left + " " * max(1, cols - len(left) - len(right))
                      + right, "$text-muted"))
        box.border_subtitle = f"{chart.minutes_per_column} min a column"
        box.update(Content.assemble(*parts))

    def _share(self, categories: list[str]) -> None:
        parts: Parts = []
        for s in self.feed.stats.share_of_voice():
            parts += [(f"{LABEL.get(s.category, one_line(s.category, 10)):<{LABEL_WIDTH}}", ""),
                      (f"{bar(s.fraction, 10):<10}", STYLE.get(s.category, "")),
                      f" {s.fraction * 100:5.1f}% {s.posts:>6,}\n"]
        self.query_one("#ev-share", Static).update(_content(parts, "No posts yet."))

    def _items(self, slots: list[an.Slot], now: int | None) -> None:
        """Posts and share of voice per agenda item, in programme order; ▶
        marks the item on the floor at the deck's clock."""
        stats = self.feed.stats
        order = list(dict.fromkeys(s.item for s in slots))
        order += sorted(k for k in stats.by_item if k and k not in order)
        if stats.by_item.get(""):
            order.append("")
        clock = now if now is not None else stats.last
        current = {s.item for s in slots if s.starts_at and s.ends_at and clock is not None
                   and epoch_seconds(s.starts_at) <= clock < epoch_seconds(s.ends_at)}
        width = 16
        parts: Parts = []
        for item in order:
            n = stats.by_item.get(item, 0)
            mark = "▶ " if item in current else "  "
            parts += [(mark, "$accent bold"),
                      (f"{one_line(item, 6) if item else 'none':<7}", "bold" if item in current else "")]
            used = 0
            for share in stats.share_of_voice(item):
                cells = round(share.fraction * width)
                cells = min(cells, width - used)
                used += cells
                parts.append(("█" * cells, STYLE.get(share.category, "")))
            parts += [" " * (width - used), f" {n:>6,}\n"]
        self.query_one("#ev-items", Static).update(_content(parts, "No programme in the log."))

    def _show_latency(self, lat: Latency) -> None:
        if not lat.responses:
            text = Content("No paired responses yet.")
        else:
            text = Content.assemble(
                "First response (median) ", (_duration(lat.first_median), "bold"), "\n",
                f"Fastest first response  {_duration(lat.first_fastest)}\n",
                f"Every response (median) {_duration(lat.median)}\n",
                (f"{lat.statements:,} statements answered by {lat.responses:,} responses",
                 "$text-muted"))
        self.query_one("#ev-latency", Static).update(text)

    def _tops(self) -> None:
        stats = self.feed.stats
        accounts: Parts = []
        for handle, cat, n in stats.top_accounts(8):
            accounts += [(f"{n:>5} ", "bold"), (one_line(handle, 40), STYLE.get(cat, "")), "\n"]
        tags: Parts = []
        for tag, n in stats.top_hashtags(8):
            tags += [(f"{n:>5} ", "bold"), f"#{one_line(tag, 40)}\n"]
        langs: Parts = []
        for lang, n in stats.top_languages(8):
            langs += [(f"{n:>5} ", "bold"), f"{one_line(lang, 12)}\n"]
        for id, parts in (("#ev-accounts", accounts), ("#ev-hashtags", tags), ("#ev-langs", langs)):
            self.query_one(id, Static).update(_content(parts, "—"))

    def _notes(self, gaps: list[Gap]) -> None:
        parts: Parts = []
        spike = self.feed.spikes.last
        if spike is not None:
            ratio = f", ×{spike.ratio:.1f} the previous hour's rate" if spike.expected else ""
            parts += [("▲ ", "$warning bold"), f"last spike: {spike.posts} posts in the "
                      f"{self.feed.rule.window // 60} min to {self._hm(spike.at)}{ratio}\n"]
        for g in gaps:
            end = self._hm_iso(g.end) if g.end else "now"
            parts += [("░ " if not g.filled else "  ", "$error" if not g.filled else ""),
                      f"{one_line(g.source, 60)}: {self._hm_iso(g.start)} → {end}, ",
                      ("recovered" if g.filled else "not recovered",
                       "" if g.filled else "$error bold"), "\n"]
        self.query_one("#ev-notes", Static).update(_content(parts, "No spike; no coverage gap."))

    def _hm_iso(self, iso: str) -> str:
        return self._hm(epoch_seconds(iso))
