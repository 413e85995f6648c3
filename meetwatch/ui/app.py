"""DeckApp: panes side by side over the log, a timeline and a status bar.

The replay engine (if any) runs as a thread worker and reports each commit
through a buffer and one coalesced :class:`ReplayProgress` message; the app
hands the batch to every pane at most four times a second.  A clock ticks the
status bar only while a replay is running, so a paused or finished deck uses
no CPU.

Panes are added, removed, renamed, filtered and moved at run time (see
:mod:`meetwatch.ui.pane_actions`); below ``NARROW_WIDTH`` columns the deck
shows one pane at a time under a strip of tabs.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import HorizontalScroll
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Footer

from meetwatch.core.panes import PaneSpec
from meetwatch.core.programme import AgendaSlot
from meetwatch.core.timeutil import to_epoch_us
from meetwatch.replay import ReplayEngine, ReplayUpdate, resolve_time
from meetwatch.store.follow import LogFollower
from meetwatch.store.pairs import pair_of
from meetwatch.store.rate import latest_post_us, per_minute
from meetwatch.store.schema import open_db
from meetwatch.ui.agenda_picker import AgendaPicker
from meetwatch.ui.data import LogReader
from meetwatch.ui.draft_screen import DraftScreen
from meetwatch.ui.evidence_data import EvidenceFeed
from meetwatch.ui.evidence_screen import EvidenceScreen
from meetwatch.ui.feed_pane import FeedPane
from meetwatch.ui.flag_alerts import MODE_LABELS, FlagAlerts
from meetwatch.ui.flag_review import FlagReviewActions
from meetwatch.ui.floor import Floor
from meetwatch.ui.help_screen import HelpGroups, HelpScreen
from meetwatch.ui.messages import ReplayProgress
from meetwatch.ui.pairs_screen import PairsScreen
from meetwatch.ui.pane_actions import PaneActions
from meetwatch.ui.pane_tabs import PaneTabs
from meetwatch.ui.post_screen import PostScreen
from meetwatch.ui.review_keys import REVIEW_KEYS, review_bindings
from meetwatch.ui.status import DeckStatus, clock_text
from meetwatch.ui.status_bar import StatusBar
from meetwatch.ui.theming import DEFAULT_THEME, VARIABLE_DEFAULTS, load_themes
from meetwatch.ui.time_prompt import TimePrompt
from meetwatch.ui.timeline import Timeline
from meetwatch.ui.user_config import load_theme, save_theme

if TYPE_CHECKING:
    from meetwatch.live.feed import LiveFeed
    from meetwatch.ui.factory import DeckConfig

REPLAY_ACTIONS = {"toggle_pause", "faster", "slower", "skip", "jump_to_time", "speed_max"}
PANE_MIN_WIDTH = 40  # columns; more panes than fit scroll sideways
NARROW_WIDTH = 100  # below this many columns: one pane at a time, with tabs
DRAIN_INTERVAL = 0.25  # seconds between pane updates during a flood
TICK = 0.5  # status clock while a replay runs
RATE_INTERVAL = 1.0  # seconds between refreshes of the posts-per-minute sparkline
RATE_MINUTES = 20  # minutes the sparkline covers
EVIDENCE_INLINE_POSTS = 20_000  # a bigger log is counted for the Evidence screen in a thread
FOLLOW_INTERVAL = 1.0  # seconds between looks at a log another process writes


class PaneRow(HorizontalScroll):
    """The panes, side by side; says when the terminal's width changed (the
    app's own Resize does not reach its handlers)."""

    class Resized(Message):
        def can_replace(self, message: Message) -> bool:
            return isinstance(message, PaneRow.Resized)

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class DeckApp(FlagReviewActions, PaneActions, App[None]):
    CSS_PATH = ["deck.tcss", "feed_pane.tcss", "post_screen.tcss"]
    TITLE = "meetwatch"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("h,left", "focus_pane(-1)", "Previous pane", show=False),
        Binding("l,right", "focus_pane(1)", "Next pane", show=False),
        Binding("slash", "search", "Search"),
        Binding("escape", "close_results", "Close search results", show=False),
        Binding("a", "add_pane", "Add pane", show=False),
        Binding("x", "remove_pane", "Remove pane", show=False),
        Binding("r", "rename_pane", "Rename pane", show=False),
        Binding("f", "filter_pane", "Filter pane", show=False),
        Binding("less_than_sign", "move_pane(-1)", "Move pane left", show=False),
        Binding("greater_than_sign", "move_pane(1)", "Move pane right", show=False),
        Binding("ctrl+s", "save_layout", "Save layout", show=False),
        Binding("space", "toggle_pause", "Pause/resume"),
        Binding("plus,equals_sign", "faster", "Faster"),
        Binding("minus", "slower", "Slower"),
        Binding("left_square_bracket", "skip(-300)", "Back 5 min"),
        Binding("right_square_bracket", "skip(300)", "Ahead 5 min"),
        Binding("t", "jump_to_time", "Jump to time"),
        Binding("M", "speed_max", "Speed max", show=False),
        Binding("S", "pairs", "Statements ↔ responses", show=False),
        Binding("P", "jump_to_pair", "Jump to the post's statement/answers", show=False),
        Binding("i", "jump_to_item", "Jump to agenda item", show=False),
        Binding("ctrl+t", "change_theme", "Theme", show=False),
        *review_bindings(),
        Binding("B", "cycle_alerts", "Flag alerts: bell / quiet / off", show=False),
        Binding("e", "evidence", "Evidence: volume, share of voice, latency", show=False),
        Binding("c", "check_draft", "Check my draft", show=False),
    ]

    def __init__(self, config: DeckConfig, engine: ReplayEngine | None = None,
                 live: LiveFeed | None = None) -> None:
        super().__init__()
        self.config = config
        self.engine = engine
        self.live = live  # the collector behind `meetwatch watch`: no clock, no timeline
        self._offline_told: dict[str, str] = {}  # source -> reason already notified
        self._error_told = False
        self.zone = config.zone()
        self.reader = LogReader(str(engine.log_path if engine else config.log_path))
        self._pending: list[ReplayUpdate] = []
        self._pending_lock = threading.Lock()
        self._posted = False
        self._last_drain = 0.0
        self._drain_timer: Timer | None = None
        self._ticker: Timer | None = None
        self._pane_serial = len(config.panes)
        self._active: FeedPane | None = None  # the pane shown when narrow
        self._saved_theme: str | None = None
        self.floor = Floor()
        self._rate_at = -RATE_INTERVAL
        self._follower: LogFollower | None = None
        self.deck_today = ""  # the deck clock's day in the meeting's zone (YYYY-MM-DD)
        self.flag_alerts = FlagAlerts(self, config.alerts)
        self.evidence = EvidenceFeed()  # the session's measures, fed batch by batch
        self.evidence.set_panes(list(config.panes))
        self._draft = ""  # "check my draft" keeps the text between opens
        self.deck_status = DeckStatus(config.meeting, self.reader.path, self.reader.count_posts(),
                                      engine.status() if engine else None, config.sources_note)

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PaneTabs(id="tabs")
        with PaneRow(id="panes"):
            for n, spec in enumerate(self.config.panes):
                yield FeedPane(spec, self.reader, self.zone, text_lines=self.config.text_lines,
                               id=f"pane-{n}")
        if self.engine is not None:
            yield Timeline(self.zone, id="timeline")
        yield StatusBar(self.zone, self.config.timezone, id="status")
        yield Footer()

    @property
    def panes(self) -> list[FeedPane]:
        return list(self.query(FeedPane))

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        self._load_themes()
        panes = self.panes
        if panes:
            self._active = panes[0]
            panes[0].focus()
        self._size_panes()
        self._refresh_rate(force=True)
        if self.engine is None:  # a log with a past: the spike alert needs only its last hour
            clock = latest_post_us(self.reader.conn) if self.live is None else time.time_ns() // 1000
            self.evidence.begin_recent(self.reader.conn, clock // 1_000_000 if clock else None)
            self._feed_evidence()
            self.deck_status = replace(self.deck_status, alert=self.evidence.alert())
        self._show_status()
        self.flag_alerts.start(self.reader.conn)
        if self.engine is not None:
            self.engine.on_update = self._engine_update
            self.run_worker(self.engine.run, name="replay", group="replay", thread=True,
                            exit_on_error=False, description="Replaying the session")
            self._sync_ticker()
        if self.live is not None:
            self.live.on_update = self._engine_update
            self.live.start()
            self._minute_tick()
            # Killed or hung up (terminal closed): quit cleanly, so the CLI
            # commits everything received before the process ends.
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(sig, self.exit)
        elif self.engine is None:
            # No engine of our own: follow the log in case another process
            # (`meetwatch record`, an import) writes it.  One PRAGMA a second.
            self._follower = LogFollower(self.reader.conn)
            self.set_interval(FOLLOW_INTERVAL, self._follow, name="follow-log")

    def _minute_tick(self) -> None:
        """Live: the clock, the sparkline and the item on the floor move on
        each minute even when nothing arrives — one wake-up a minute."""
        self._refresh_rate(force=True)
        self._show_status()
        self.set_timer(60.5 - time.time() % 60, self._minute_tick, name="minute")

    def _follow(self) -> None:
        if self._follower is None:
            return
        changes = self._follower.poll()
        if not changes:
            return
        for pane in self.panes:
            pane.absorb(changes.new_ids, changes.changed_ids)
        self.deck_status = replace(self.deck_status,
                                   posts=self.deck_status.posts + len(changes.new_ids))
        if self.flag_alerts.mode != "off":
            self.flag_alerts.check(self.reader.conn)
        self._feed_evidence()
        self.deck_status = replace(self.deck_status, alert=self.evidence.alert())
        self._refresh_rate(force=True)
        self._show_status()

    @on(PaneRow.Resized)
    def _on_panes_resized(self) -> None:
        self._size_panes()

    def _size_panes(self) -> None:
        """Share the width between panes, none narrower than PANE_MIN_WIDTH
        (fr units do not divide a scrolling container); when narrow, show
        only the active pane, full width, under tabs."""
        panes = self.panes
        if not panes:
            return
        total = self.size.width
        narrow = total < NARROW_WIDTH
        self.screen.set_class(narrow, "narrow")
        if self._active not in panes:
            self._active = panes[0]
        if narrow:
            for pane in panes:
                pane.display = pane is self._active
                pane.styles.width = total
            self._refresh_tabs()
            return
        each = max(PANE_MIN_WIDTH, total // len(panes))
        for pane in panes:
            pane.display = True
            pane.styles.width = each
        if each * len(panes) < total:
            panes[-1].styles.width = total - each * (len(panes) - 1)

    @property
    def narrow(self) -> bool:
        stack = self.screen_stack  # empty while the app shuts down
        return bool(stack) and stack[0].has_class("narrow")

    def _refresh_tabs(self) -> None:
        if not self.narrow:
            return
        panes = self.panes
        tabs = self.query_one(PaneTabs)
        tabs.labels = tuple(p.label() for p in panes)
        tabs.active = panes.index(self._active) if self._active in panes else 0

    @on(FeedPane.TitleChanged)
    def _pane_title_changed(self) -> None:
        self._refresh_tabs()

    @on(PaneTabs.Selected)
    def _tab_selected(self, event: PaneTabs.Selected) -> None:
        panes = self.panes
        if 0 <= event.index < len(panes):
            self._show_pane(panes[event.index])

    @on(events.DescendantFocus)
    def _pane_focused(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, FeedPane) and event.widget is not self._active:
            self._active = event.widget
            if self.narrow:
                self._size_panes()

    def _show_pane(self, pane: FeedPane) -> None:
        self._active = pane
        if self.narrow:
            self._size_panes()
        pane.focus()
        pane.scroll_visible(animate=False)

    def on_unmount(self) -> None:
        if self.engine is not None:
            self.engine.stop()
        if self.live is not None:
            self.live.stop()  # the CLI waits for its last commit
        self.reader.close()

    def _load_themes(self) -> None:
        loaded = load_themes(self.config.theme_dirs())
        for theme in loaded.themes.values():
            self.register_theme(theme)
        if loaded.failed:
            names = ", ".join(f.path.name for f in loaded.failed)
            self.notify(f"Theme files skipped ({names}): {loaded.failed[0]}",
                        title="Themes", severity="warning", timeout=8)
        remembered, problem = (None, None)
        config_dir = self.config.config_dir()
        if config_dir is not None:
            remembered, problem = load_theme(config_dir)
            if problem:
                self.notify(problem, title="Settings", severity="warning", markup=False)
        self._saved_theme = remembered
        wanted = self.config.theme or remembered or DEFAULT_THEME
        if wanted not in self.available_themes:
            self.notify(f"No theme named {wanted!r}; using the default", severity="warning",
                        markup=False)
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.theme = wanted
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        config_dir = self.config.config_dir()
        if config_dir is not None and theme.name != self._saved_theme:
            self._saved_theme = theme.name
            self._write_theme(config_dir, theme.name)

    @work(thread=True, group="settings", exit_on_error=False)
    def _write_theme(self, config_dir: Path, name: str) -> None:
        try:
            save_theme(config_dir, name)
        except (OSError, ValueError) as exc:
            self.call_from_thread(self.notify, f"Theme not remembered: {exc}",
                                  severity="warning", markup=False)

    # -- replay updates --------------------------------------------------------------

    def _engine_update(self, update: ReplayUpdate) -> None:
        """Engine thread: buffer the batch; one message stands for many."""
        with self._pending_lock:
            if update.reset:
                self._pending = [update]
            else:
                self._pending.append(update)
            post, self._posted = not self._posted, True
        if post:
            self.post_message(ReplayProgress())

    @on(ReplayProgress)
    def _on_progress(self) -> None:
        wait = DRAIN_INTERVAL - (time.monotonic() - self._last_drain)
        if wait > 0:
            if self._drain_timer is None:
                self._drain_timer = self.set_timer(wait, self._drain)
            return
        self._drain()

    def _drain(self) -> None:
        self._drain_timer = None
        self._last_drain = time.monotonic()
        with self._pending_lock:
            updates, self._pending, self._posted = self._pending, [], False
        if not updates:
            return
        if updates[0].reset:
            self.reader.reopen(str(updates[0].log_path))
            self._refresh_tabs()
            for pane in self.panes:
                pane.reload()
            posts = self.reader.count_posts()
        else:
            new = [i for u in updates for i in u.new_ids]
            changed = {i for u in updates for i in u.changed_ids}
            for pane in self.panes:
                pane.absorb(new, changed)
            posts = self.deck_status.posts + len(new)
        self.flag_alerts.absorb(self.reader.conn, updates)
        self._feed_evidence(reset=updates[0].reset)
        self.deck_status = replace(self.deck_status, posts=posts, log_path=self.reader.path,
                                   replay=updates[-1].status, alert=self.evidence.alert())
        self._refresh_rate(force=updates[0].reset)
        if self.live is not None:
            self._live_states()
        self._show_status()
        self._sync_ticker()

    def _replay_clock(self) -> int | None:
        return self.engine.status().time_us // 1_000_000 if self.engine is not None else None

    def _feed_evidence(self, *, reset: bool = False) -> None:
        """Count what the batch added into the session measures and redraw
        the Evidence screen if it is showing (the Statement ↔ Response screen
        re-reads its pairs, which are made as posts are stored)."""
        if isinstance(self.screen, PairsScreen):
            self.screen.load()
        if reset:
            self.evidence.reset()
        if self.evidence.partial:  # the screen was never opened: only the spike alert
            clock = time.time_ns() // 1000 if self.live is not None else latest_post_us(
                self.reader.conn)
            self.evidence.watch_spikes(self.reader.conn, clock // 1_000_000 if clock else None)
            return
        self.evidence.catch_up(self.reader.conn, self._replay_clock())
        if isinstance(self.screen, EvidenceScreen):
            self.screen.refresh_data()

    def action_evidence(self) -> None:
        if isinstance(self.screen, EvidenceScreen):
            return
        self.evidence.set_panes([p.spec for p in self.panes])  # re-counts if they changed
        if (self.evidence.partial or not self.evidence.max_id) and self.reader.count_posts() \
                > EVIDENCE_INLINE_POSTS:
            # A big log is counted in a thread with its own connection; the
            # deck keeps answering keys and shows the screen when it is done.
            self.notify("Counting the session…", timeout=2)
            self.evidence.partial = True  # meanwhile batches feed only the spike alert
            self._count_evidence(self.reader.path, self._replay_clock())
            return
        self.evidence.ensure_full(self.reader.conn, self._replay_clock())
        self._show_evidence()

    def _show_evidence(self) -> None:
        self._feed_evidence()
        self.push_screen(EvidenceScreen(self.evidence, self.reader, self.zone,
                                        self.config.timezone, self._replay_clock))

    @work(thread=True, exclusive=True, group="evidence")
    def _count_evidence(self, path: str, clock: int | None) -> None:
        fresh = EvidenceFeed(self.evidence.rule)
        fresh.set_panes(list(self.evidence._specs))
        conn = open_db(path, readonly=True)
        try:
            fresh.catch_up(conn, clock)
        finally:
            conn.close()
        self.call_from_thread(self._evidence_counted, fresh, path)

    def _evidence_counted(self, fresh: EvidenceFeed, path: str) -> None:
        if path != self.reader.path:  # the replay rebuilt its log meanwhile: count again
            self.action_evidence()
            return
        self.evidence = fresh
        if not isinstance(self.screen, EvidenceScreen):
            self._show_evidence()

    def _live_states(self) -> None:
        """Each source's state into the status bar; a source going offline
        (or failing again for a new reason) says why, once."""
        assert self.live is not None
        views = self.live.sources()
        self.deck_status = replace(self.deck_status,
                                   source_states=tuple((v.name, v.state) for v in views))
        for v in views:
            if v.state == "offline" and v.reason and self._offline_told.get(v.name) != v.reason:
                self._offline_told[v.name] = v.reason
                self.notify(f"{v.name}: {v.reason} (retrying)", title="Source offline",
                            severity="warning", timeout=10, markup=False)
            elif v.state == "live":
                self._offline_told.pop(v.name, None)
        if self.live.error is not None and not self._error_told:
            self._error_told = True
            self.notify(f"Live sources stopped: {self.live.error}", severity="error",
                        timeout=30, markup=False)

    def _refresh_rate(self, force: bool = False) -> None:
        """Posts per minute up to the deck's clock (the replay's; live, now;
        else the newest post's), at most once a second: two index lookups."""
        now = time.monotonic()
        if not force and now - self._rate_at < RATE_INTERVAL:
            return
        self._rate_at = now
        replay = self.deck_status.replay
        clock = replay.time_us if replay is not None else None
        if clock is None:
            clock = latest_post_us(self.reader.conn)
            now = time.time_ns() // 1000
            # Live, the clock is now — unless the posts are from another time
            # altogether (a rehearsal of a recorded session): then theirs.
            if self.live is not None and (clock is None or abs(now - clock) < 3600 * 10**6):
                clock = now
        rate = tuple(per_minute(self.reader.conn, clock, RATE_MINUTES)) if clock else ()
        self.deck_status = replace(self.deck_status, rate=rate)
        if clock:
            local = datetime.fromtimestamp(clock / 1e6, tz=UTC).astimezone(self.zone)
            self.deck_today = local.strftime("%Y-%m-%d")
            for pane in self.panes:
                pane.set_today(self.deck_today)

    def _show_status(self) -> None:
        now = self.deck_status.replay.time_us if self.deck_status.replay else int(time.time() * 1e6)
        self.deck_status = replace(self.deck_status, floor=self.floor.text(self.reader, now),
                                   clock_us=now if self.live is not None else None)
        self.query_one(StatusBar).status = self.deck_status
        if self.engine is not None:
            self.query_one(Timeline).status = self.deck_status.replay

    def _sync_ticker(self) -> None:
        """Tick the clock only while a replay runs: at rest, no timers at all."""
        status = self.engine.status() if self.engine else None
        running = status is not None and not status.paused and not status.finished
        if running and self._ticker is None:
            self._ticker = self.set_interval(TICK, self._tick)
        elif not running and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if status is not None:
            self.deck_status = replace(self.deck_status, replay=status)
            if running:
                self._refresh_rate()
            self._show_status()

    def _tick(self) -> None:
        self._sync_ticker()

    # -- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in REPLAY_ACTIONS and self.engine is None:
            return False
        if action == "close_results":
            return self.results_pane is not None
        return True

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_groups()))

    def action_check_draft(self) -> None:
        self.push_screen(DraftScreen(self.config.flags, self._draft),
                         callback=lambda text: setattr(self, "_draft", text or ""))

    def action_cycle_alerts(self) -> None:
        mode = self.flag_alerts.cycle()
        self.notify(f"Flag alerts: {MODE_LABELS[mode]}", timeout=2)

    def action_focus_pane(self, step: int) -> None:
        panes = self.panes
        if not panes:
            return
        focused = self.focused
        current = focused if isinstance(focused, FeedPane) else self._active
        here = panes.index(current) if current in panes else 0
        self._show_pane(panes[(here + step) % len(panes)])

    def action_toggle_pause(self) -> None:
        if self.engine is not None:
            paused = self.engine.toggle_pause()
            self.notify("Paused" if paused else "Playing", timeout=1.5)
            self._sync_ticker()

    def action_faster(self) -> None:
        if self.engine is not None:
            self.engine.faster()
            self._sync_ticker()

    def action_slower(self) -> None:
        if self.engine is not None:
            self.engine.slower()
            self._sync_ticker()

    def action_speed_max(self) -> None:
        if self.engine is not None:
            self.engine.set_speed(None)
            self._sync_ticker()

    def action_skip(self, seconds: int) -> None:
        if self.engine is not None:
            self.engine.seek_by(seconds)

    def action_jump_to_time(self) -> None:
        if self.engine is None:
            return
        now = clock_text(self.engine.status().time_us, self.zone)
        self.push_screen(TimePrompt(self.config.timezone, now), callback=self._jump_to)

    def _jump_to(self, text: str | None) -> None:
        if not text or self.engine is None:
            return
        try:
            target = resolve_time(text, self.engine.status().time_us, self.config.timezone)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self.engine.seek(target)

    def action_pairs(self) -> None:
        if isinstance(self.screen, PairsScreen):
            return
        self.push_screen(PairsScreen(lambda: self.reader.path, self.zone, self.config.timezone))

    def action_jump_to_pair(self) -> None:
        pane = self.focused if isinstance(self.focused, FeedPane) else self._active
        row = pane.selected_post() if pane is not None else None
        if row is None:
            return
        statement, response = pair_of(self.reader.conn, row.id)
        if statement is None:
            self.notify("This post is neither an official statement nor a paired answer")
            return
        self.push_screen(PairsScreen(lambda: self.reader.path, self.zone, self.config.timezone,
                                     statement_id=statement, response_id=response))

    def action_jump_to_item(self) -> None:
        programme = self.floor.programme_of(self.reader)
        if programme is None:
            self.notify("This log has no programme (see [meeting].programme)", severity="warning")
            return
        now = self.engine.status().time_us if self.engine else time.time_ns() // 1000
        current = self.floor.slot_at(self.reader, now)
        self.push_screen(AgendaPicker(programme, self.zone, current), callback=self._jump_to_slot)

    async def _jump_to_slot(self, slot: AgendaSlot | None) -> None:
        """A replay seeks to the item's start; a live deck or an opened log
        (no clock to steer) shows the item's posts in a pane of their own."""
        if slot is None:
            return
        if self.engine is not None and slot.starts_at:
            self.engine.seek(to_epoch_us(slot.starts_at))
            self.notify(slot.heading, timeout=3, markup=False)
            return
        for pane in self.panes:
            f = pane.spec.filter
            if pane.spec.kind == "all" and f.item == slot.item and not (
                    f.lang or f.network or f.category or f.text):
                self._show_pane(pane)
                return
        spec = PaneSpec(f"Item {slot.item}").with_filter(item=slot.item)
        await self._mount_pane(self._new_pane(spec), self._focused_pane())

    @on(Timeline.Seek)
    def _seek_from_timeline(self, event: Timeline.Seek) -> None:
        if self.engine is not None:
            self.engine.seek(event.time_us)

    @on(FeedPane.PostSelected)
    def _open_post(self, event: FeedPane.PostSelected) -> None:
        self.push_screen(PostScreen(self.reader.path, event.post_id, self.zone,
                                    self.config.timezone))

    # -- help and command palette ----------------------------------------------------

    def _visible_bindings(self) -> Iterable[tuple[str, Binding]]:
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if self.check_action(binding.action.split("(")[0], ()):
                yield "app", binding
        for binding in FeedPane.BINDINGS:
            assert isinstance(binding, Binding)
            yield "pane", binding

    def help_groups(self) -> HelpGroups:
        deck: list[tuple[str, str]] = []
        pane: list[tuple[str, str]] = []
        for where, b in self._visible_bindings():
            keys = " ".join(self.get_key_display(Binding(k, "")) for k in b.key.split(","))
            (deck if where == "app" else pane).append((keys, b.description))
        return [("Panes", pane), ("Deck", deck), ("Post detail (Enter)",
                [(k, d) for k, d in (("esc q", "Back"), ("r", "Raw payload"),
                                     ("o", "Open in browser"), ("c", "Copy link"),
                                     *((k, d) for k, _, d in REVIEW_KEYS))]),
                ("Statements ↔ responses (S)", [(k, d) for k, d in (
                    ("↑ ↓", "Statement / answer"), ("tab ←→", "Statements / answers"),
                    ("⏎", "Open the post"), ("a", "Answered only / all"), ("esc q", "Back"))])]

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from self.flag_review_commands(screen)
        if not isinstance(screen, Screen) or screen is not self.screen_stack[0]:
            return
        focused = screen.focused
        for where, b in self._visible_bindings():
            if b.action in ("quit", "change_theme") or b.action.startswith("app."):
                continue
            if where == "pane":
                if not isinstance(focused, FeedPane):
                    continue
                run = partial(self.run_action, b.action, focused)
            else:
                run = partial(self.run_action, b.action)
            yield SystemCommand(b.description, f"key: {b.key.split(',')[0]}", run)
        yield from self.pane_commands()
