"""The deck's pane actions: search, add, remove, rename, filter, move, save.

A mixin of :class:`~meetwatch.ui.app.DeckApp` (kept apart so the app module
stays about wiring).  Every action asks with a :class:`Prompt` when it
needs words and changes the panes only through the DOM — pane specs are the
layout's single source of truth, and "save layout" writes them to the watch
file in a thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import SystemCommand
from textual.containers import HorizontalScroll

from meetwatch.core.panes import (
    FILTER_KEYS,
    PANE_REQUEST_HELP,
    filter_text,
    make_pane,
    parse_filter,
    parse_pane_request,
)
from meetwatch.core.watch import save_panes
from meetwatch.store.queries import SearchError, pane_match
from meetwatch.ui.data import PaneSpec, languages
from meetwatch.ui.feed_pane import FeedPane
from meetwatch.ui.prompt import Prompt

if TYPE_CHECKING:
    from textual.app import App

    from meetwatch.ui.data import LogReader
    from meetwatch.ui.factory import DeckConfig

    _Base = App[None]
else:
    _Base = object

RESULTS_ID = "results"
SEARCH_HINT = 'Words are AND-ed; "a phrase", OR, -word, prefix*. All languages. Esc closes.'
ADD_PREFIXES = {"hashtag": "#", "account": "@", "search": "/", "category": ""}
FILTER_LABELS = {"lang": "language (en, fr, es, ru, ar, zh …)",
                 "network": "network (mastodon, bluesky, x, rss)",
                 "category": "account category (official, civil society, media, own, other)",
                 "text": "text (full-text, like search)",
                 "review": "flag review (all, reviewed, open, acknowledged, dismissed, "
                           "false_positive; empty: not dismissed)",
                 "item": "agenda item (4, 2.1 … from the programme)"}


class PaneActions(_Base):
    config: DeckConfig
    reader: LogReader
    _pane_serial: int
    _active: FeedPane | None

    if TYPE_CHECKING:
        @property
        def panes(self) -> list[FeedPane]: ...
        def _size_panes(self) -> None: ...
        def _show_pane(self, pane: FeedPane) -> None: ...
        def _refresh_tabs(self) -> None: ...

    # -- helpers -------------------------------------------------------------------

    @property
    def results_pane(self) -> FeedPane | None:
        found = self.query(f"#{RESULTS_ID}")
        pane = found.first() if found else None
        return pane if isinstance(pane, FeedPane) else None

    def _focused_pane(self) -> FeedPane | None:
        focused = self.focused
        if isinstance(focused, FeedPane):
            return focused
        return self._active if self._active in self.panes else None

    def _new_pane(self, spec: PaneSpec, pane_id: str | None = None) -> FeedPane:
        self._pane_serial += 1
        return FeedPane(spec, self.reader, self.config.zone(), text_lines=self.config.text_lines,
                        id=pane_id or f"pane-{self._pane_serial}")

    def _say(self, message: str, severity: str = "information") -> None:
        self.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]

    def _valid(self, spec: PaneSpec) -> bool:
        try:
            pane_match(spec)
        except SearchError as exc:
            self._say(str(exc), "warning")
            return False
        return True

    async def _mount_pane(self, pane: FeedPane, after: FeedPane | None,
                          first: bool = False) -> None:
        container = self.query_one("#panes", HorizontalScroll)
        if first and self.panes:
            await container.mount(pane, before=self.panes[0])
        elif after is not None:
            await container.mount(pane, after=after)
        else:
            await container.mount(pane)
        self._size_panes()
        self._show_pane(pane)

    # -- search ----------------------------------------------------------------------

    def action_search(self) -> None:
        results = self.results_pane
        current = results.spec.value if results is not None else ""
        self.push_screen(Prompt("Search the log", value=current, placeholder="words to find",
                                hint=SEARCH_HINT), callback=self._search)

    async def _search(self, text: str | None) -> None:
        if not text:
            return
        spec = make_pane("search", text, f"Search: {text}")
        if not self._valid(spec):
            return
        results = self.results_pane
        if results is not None:
            results.set_spec(spec)
            self._show_pane(results)
            return
        await self._mount_pane(self._new_pane(spec, RESULTS_ID), None, first=True)

    async def action_close_results(self) -> None:
        results = self.results_pane
        if results is None:
            return
        await results.remove()
        self._size_panes()
        panes = self.panes
        if panes:
            self._show_pane(panes[0])

    # -- add, remove, rename, move -----------------------------------------------------

    def action_add_pane(self, kind: str = "") -> None:
        self.push_screen(Prompt("Add a pane", value=ADD_PREFIXES.get(kind, ""),
                                placeholder="#hashtag, @account, /search, official …",
                                hint=PANE_REQUEST_HELP), callback=self._add_pane)

    async def _add_pane(self, text: str | None) -> None:
        if not text:
            return
        try:
            spec = parse_pane_request(text)
        except ValueError as exc:
            self._say(str(exc), "warning")
            return
        if self._valid(spec):
            await self._mount_pane(self._new_pane(spec), self._focused_pane())

    async def action_remove_pane(self) -> None:
        pane = self._focused_pane()
        panes = self.panes
        if pane is None:
            return
        if len(panes) == 1:
            self._say("The last pane stays (add another first)", "warning")
            return
        here = panes.index(pane)
        await pane.remove()
        rest = self.panes
        self._active = rest[min(here, len(rest) - 1)]
        self._size_panes()
        self._show_pane(self._active)

    def action_rename_pane(self) -> None:
        pane = self._focused_pane()
        if pane is not None:
            self.push_screen(Prompt("Rename the pane", value=pane.spec.title),
                             callback=partial(self._rename, pane))

    def _rename(self, pane: FeedPane, text: str | None) -> None:
        if text and pane.is_attached:
            pane.set_spec(replace(pane.spec, title=text))

    def action_move_pane(self, step: int) -> None:
        pane = self._focused_pane()
        panes = self.panes
        if pane is None or len(panes) < 2:
            return
        here = panes.index(pane)
        there = here + step
        if not 0 <= there < len(panes):
            return
        container = self.query_one("#panes", HorizontalScroll)
        if step < 0:
            container.move_child(pane, before=panes[there])
        else:
            container.move_child(pane, after=panes[there])
        self._size_panes()
        self._refresh_tabs()
        pane.scroll_visible(animate=False)

    # -- filters ---------------------------------------------------------------------

    def action_filter_pane(self, field: str = "") -> None:
        pane = self._focused_pane()
        if pane is None:
            return
        if field == "clear":
            self._set_filter(pane, "")
            return
        if field in FILTER_KEYS:
            suggestions = languages(self.reader.conn) if field == "lang" else ()
            self.push_screen(Prompt(f"Filter “{pane.spec.title}” by {FILTER_LABELS[field]}",
                                    value=getattr(pane.spec.filter, field),
                                    hint="Empty clears this filter · Esc cancels",
                                    suggestions=suggestions),
                             callback=partial(self._set_filter_field, pane, field))
            return
        self.push_screen(Prompt(f"Filter “{pane.spec.title}”", value=filter_text(pane.spec.filter),
                                placeholder="lang:fr network:bluesky category:media item:4 words",
                                hint="lang: network: category: item: review:all and words to "
                                     "match · empty clears"),
                         callback=partial(self._set_filter, pane))

    def _set_filter(self, pane: FeedPane, text: str | None) -> None:
        if text is None or not pane.is_attached:
            return
        try:
            spec = replace(pane.spec, filter=parse_filter(text))
        except ValueError as exc:
            self._say(str(exc), "warning")
            return
        if self._valid(spec):
            pane.set_spec(spec)

    def _set_filter_field(self, pane: FeedPane, field: str, text: str | None) -> None:
        if text is None or not pane.is_attached:
            return
        value = text
        if field in ("category", "review") and text:
            try:
                value = getattr(parse_filter(f"{field}:{text}"), field)
            except ValueError as exc:
                self._say(str(exc), "warning")
                return
        spec = pane.spec.with_filter(**{field: value.lower() if field != "text" else value})
        if self._valid(spec):
            pane.set_spec(spec)

    # -- saving ------------------------------------------------------------------------

    def action_save_layout(self) -> None:
        path = self.config.watch_path
        if path is None:
            self._say("No watch file to save to: open the deck with `meetwatch watch FILE` "
                      "or `--watch FILE`", "warning")
            return
        specs = [p.spec for p in self.panes if p.id != RESULTS_ID]
        self._save_layout(path, specs)

    @work(thread=True, exclusive=True, group="save-layout", exit_on_error=False)
    def _save_layout(self, path: Path, specs: list[PaneSpec]) -> None:
        try:
            save_panes(path, specs)
        except (OSError, ValueError) as exc:
            self.call_from_thread(self._say, f"Layout not saved: {exc}", "error")
            return
        self.call_from_thread(self._say, f"Saved {len(specs)} panes to {path}")

    # -- the palette's extra entries -----------------------------------------------------

    def pane_commands(self) -> Iterable[SystemCommand]:
        """Parameterised variants of the pane actions (their keys: a and f)."""
        adds = (("hashtag", "Add pane: hashtag"), ("category", "Add pane: account category"),
                ("search", "Add pane: search"), ("account", "Add pane: account handle"))
        for kind, title in adds:
            yield SystemCommand(title, "key: a", partial(self.action_add_pane, kind))
        if self._focused_pane() is None:
            return
        for name in FILTER_KEYS:
            label = FILTER_LABELS[name].split(" (")[0]
            yield SystemCommand(f"Filter pane: {label}", "key: f",
                                partial(self.action_filter_pane, name))
        yield SystemCommand("Clear pane filters", "key: f, then empty",
                            partial(self.action_filter_pane, "clear"))
