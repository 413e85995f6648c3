"""Working the flag queue: acknowledge, dismiss, mark as false positive,
reopen, or add a note to the flags of the selected post — in any pane (the
Flags pane above all) and in the post detail screen.

A review is stored in the log's ``flag_reviews`` (keyed by uid, rule and
evidence, so it survives re-computed flags) and sets the flags' state; during
a replay it goes through the engine, which keeps it across seeks and writes
it back to the replayed log.  The write runs in a thread worker; the panes
then reload (a dismissed post leaves the Flags pane and its marker is muted
elsewhere).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import SystemCommand
from textual.screen import Screen

from meetwatch.store.flags import Review, plan_reviews, post_uid, save_reviews
from meetwatch.store.schema import open_db
from meetwatch.ui.feed_pane import FeedPane
from meetwatch.ui.post_screen import PostScreen
from meetwatch.ui.prompt import Prompt
from meetwatch.ui.review_keys import REVIEW_KEYS, REVIEWS

if TYPE_CHECKING:
    from textual.app import App

    from meetwatch.replay import ReplayEngine
    from meetwatch.ui.data import LogReader

    _Base = App[None]
else:
    _Base = object

class FlagReviewActions(_Base):
    """Mixed into the deck: review actions and their palette entries."""

    reader: LogReader
    engine: ReplayEngine | None

    if TYPE_CHECKING:
        @property
        def panes(self) -> list[FeedPane]: ...

    def _review_target(self) -> int | None:
        """The post the user is looking at: the detail screen's, else the
        focused pane's selected post."""
        screen = self.screen
        if isinstance(screen, PostScreen):
            return screen.post_id
        return self._pane_target()

    def _review_scope(self) -> tuple[str, str] | None:
        """The one flag picked in the detail screen (rule, evidence), else None: all."""
        screen = self.screen
        return screen.review_scope() if isinstance(screen, PostScreen) else None

    def _pane_target(self) -> int | None:
        focused = self.focused
        pane = focused if isinstance(focused, FeedPane) else None
        row = pane.selected_post() if pane is not None else None
        return row.id if row is not None else None

    def action_review_flags(self, state: str) -> None:
        post_id = self._review_target()
        if post_id is None:
            self.notify("Select a flagged post first", severity="warning", timeout=3)
            return
        if state not in REVIEWS:
            return
        self._write_review(post_id, state, None, self._review_scope())

    def action_review_note(self) -> None:
        post_id = self._review_target()
        if post_id is None:
            self.notify("Select a flagged post first", severity="warning", timeout=3)
            return
        self.push_screen(Prompt("Note on this post's flags",
                                placeholder="why it was dismissed, who was told …",
                                hint="Enter keeps the note with the review (flags still open are "
                                     "acknowledged) · Esc cancels"),
                         callback=partial(self._noted, post_id, self._review_scope()))

    def _noted(self, post_id: int, scope: tuple[str, str] | None, note: str | None) -> None:
        if note is not None:
            self._write_review(post_id, "", note, scope)

    @work(thread=True, group="flag-review", exit_on_error=False)
    def _write_review(self, post_id: int, state: str, note: str | None,
                      scope: tuple[str, str] | None = None) -> None:
        """Store the reviews (state "" with a note: keep each flag's state,
        acknowledging open ones)."""
        problems: list[str] = []
        reviews: list[Review] = []
        try:
            conn = open_db(self.reader.path, readonly=True)
            try:
                uid = post_uid(conn, post_id)
                rule, evidence = scope if scope is not None else (None, None)
                if uid is not None and state:
                    reviews = plan_reviews(conn, uid, state, rule=rule, evidence=evidence,
                                           note=note or "")
                elif uid is not None:
                    current = dict(((r, e), s) for r, e, s in conn.execute(
                        "SELECT rule, evidence, state FROM flags WHERE post_id = ?", (post_id,)))
                    planned = plan_reviews(conn, uid, "acknowledged", rule=rule,
                                           evidence=evidence, note=note or "")
                    reviews = [Review(r.uid, r.rule, r.evidence,
                                      s if (s := current.get((r.rule, r.evidence), "open")) != "open"
                                      else "acknowledged", r.at, r.note) for r in planned]
            finally:
                conn.close()
            if reviews:
                if self.engine is not None:
                    problems = self.engine.record_reviews(reviews)
                else:
                    conn = open_db(self.reader.path)
                    try:
                        save_reviews(conn, reviews)
                    finally:
                        conn.close()
        except sqlite3.Error as exc:
            problems.append(str(exc))
            reviews = []
        self.call_from_thread(self._reviewed, post_id, state, len(reviews), problems)

    def _reviewed(self, post_id: int, state: str, count: int, problems: list[str]) -> None:
        if problems:
            self.notify("; ".join(problems), title="Flag review", severity="warning",
                        markup=False, timeout=8)
        if count == 0:
            if not problems:
                self.notify("This post has no flags", timeout=3)
            return
        what = REVIEWS[state][1] if state else "Noted"
        self.notify(f"{what}: {count} flag{'s' if count != 1 else ''}", timeout=2)
        for pane in self.panes:  # a Flags pane re-ranks the post (or lets it go)
            pane.resync({post_id})
        for screen in self.screen_stack:
            if isinstance(screen, PostScreen) and screen.post_id == post_id:
                screen.load()

    def flag_review_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The review actions in the palette of the post detail screen (the
        deck's own screen lists them with its bindings)."""
        if not isinstance(screen, PostScreen):
            return
        for key, action, description in REVIEW_KEYS:
            yield SystemCommand(description, f"key: {key}", partial(self.run_action, action))
