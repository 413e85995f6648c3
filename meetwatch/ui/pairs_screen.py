"""PairsScreen (``S``): official statements on the left, the selected
statement's civil-society answers on the right, strongest first, each with
why it was paired.

Rows are read in a thread worker with its own read-only connection, and
again every few seconds while the screen is open, so pairs made live or by
a replay appear as they are stored.  ``Enter`` on an answer (or on a
statement) opens the post in full; ``a`` shows only answered statements.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from meetwatch.core.programme import item_label
from meetwatch.store.pairs import list_pairs, statements
from meetwatch.store.schema import open_db
from meetwatch.ui.post_screen import PostScreen
from meetwatch.ui.safe_text import one_line
from meetwatch.ui.status import clock_text

TEXT = 240  # characters of a post shown in a row


def _us(iso: str) -> int:
    from meetwatch.core.timeutil import to_epoch_us

    return to_epoch_us(iso)


def statement_prompt(row: dict[str, Any], zone: tzinfo) -> Content:
    answers = int(row["answers"] or 0)
    count = (f" {answers} answer{'s' if answers != 1 else ''} ", "reverse $success") if answers \
        else (" no answer ", "$text-muted")
    item = f"  {item_label(str(row['agenda_item']))}" if row["agenda_item"] else ""
    deleted = ("  ✗ deleted", "$error") if row["deleted_at"] else ""
    return Content.assemble(
        (clock_text(_us(row["created_at"]), zone, with_date=False), "$text-muted"), "  ",
        (one_line(row["author_name"] or row["author"], 60), "bold"), (item, "$accent"), deleted,
        "  ", count, "\n", one_line(row["text"], TEXT))


def answer_prompt(row: dict[str, Any], zone: tzinfo) -> Content:
    return Content.assemble(
        (f" {row['score']:.2f} {row['kind']} ", "reverse $primary"), "  ",
        (clock_text(_us(row["response_created_at"]), zone, with_date=False), "$text-muted"), "  ",
        (one_line(row["response_author"], 60), "bold"), "\n", one_line(row["response_text"], TEXT),
        "\n", (one_line(row["reason"], 300), "italic $text-muted"))


class PairsScreen(Screen[None]):
    """Statement ↔ Response."""

    CSS_PATH = "pairs_screen.tcss"

    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("tab,l,right", "focus_answers", "Answers", show=False),
        Binding("shift+tab,h,left", "focus_statements", "Statements", show=False),
        Binding("a", "toggle_answered", "Answered only"),
    ]

    def __init__(self, log_path: Callable[[], str], zone: tzinfo, zone_name: str, *,
                 statement_id: int | None = None, response_id: int | None = None) -> None:
        super().__init__()
        self.log_path = log_path
        self.zone = zone
        self.zone_name = zone_name
        self.statement_id = statement_id  # the statement selected
        self.response_id = response_id  # the answer to highlight once loaded
        self.answered_only = statement_id is None
        self._statements: list[dict[str, Any]] = []
        self._answers: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="pairs-body"):
            with Vertical(id="pairs-left"):
                yield Static(Content("Official statements"), classes="pairs-heading",
                             id="statements-heading")
                yield OptionList(id="statements")
            with Vertical(id="pairs-right"):
                yield Static(Content("Civil-society answers"), classes="pairs-heading",
                             id="answers-heading")
                yield OptionList(id="answers")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#statements", OptionList).focus()
        self.load()  # again after every batch the deck takes in (no timer: no CPU at rest)

    # -- data ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="pairs")
    def load(self) -> None:
        conn = open_db(self.log_path(), readonly=True)
        try:
            rows = statements(conn, answered_only=self.answered_only)
            selected = self.statement_id
            if selected is None and rows:
                selected = rows[0]["id"]
            if selected is not None and not any(r["id"] == selected for r in rows):
                rows += statements(conn, post_id=selected)
            answers = list_pairs(conn, statement_id=selected) if selected is not None else []
        finally:
            conn.close()
        self.app.call_from_thread(self._show, rows, selected, answers)

    def _show(self, rows: list[dict[str, Any]], selected: int | None,
              answers: list[dict[str, Any]]) -> None:
        left = self.query_one("#statements", OptionList)
        if [r["id"] for r in rows] != [r["id"] for r in self._statements] or any(
                a["answers"] != b["answers"] for a, b in zip(rows, self._statements, strict=False)):
            left.clear_options()
            left.add_options(Option(statement_prompt(r, self.zone), id=str(r["id"])) for r in rows)
        self._statements = rows
        self.statement_id = selected
        if selected is not None:
            index = next((i for i, r in enumerate(rows) if r["id"] == selected), None)
            if index is not None and left.highlighted != index:
                left.highlighted = index
        self._show_answers(answers)
        shown = "answered statements" if self.answered_only else "official statements"
        self.query_one("#statements-heading", Static).update(
            Content(f"{len(rows)} {shown}  (a: {'all' if self.answered_only else 'answered only'})"))

    def _show_answers(self, answers: list[dict[str, Any]]) -> None:
        right = self.query_one("#answers", OptionList)
        if [(a["response"], a["score"]) for a in answers] != [
                (a["response"], a["score"]) for a in self._answers]:
            right.clear_options()
            right.add_options(Option(answer_prompt(a, self.zone), id=str(a["response_id"]))
                              for a in answers)
        self._answers = answers
        if right.highlighted is None and answers:
            right.highlighted = 0
        if self.response_id is not None:
            index = next((i for i, a in enumerate(answers) if a["response_id"] == self.response_id),
                         None)
            if index is not None:
                right.highlighted = index
                right.focus()
                self.response_id = None
        heading = (f"{len(answers)} answer{'s' if len(answers) != 1 else ''}, strongest first"
                   if answers else "No civil-society answer paired with this statement (yet)")
        self.query_one("#answers-heading", Static).update(Content(heading))

    # -- events ------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#statements")
    def _statement_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        chosen = int(event.option.id or 0)
        if chosen != self.statement_id:
            self.statement_id = chosen
            self.load()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.push_screen(PostScreen(self.log_path(), int(event.option.id), self.zone,
                                            self.zone_name))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_focus_answers(self) -> None:
        self.query_one("#answers", OptionList).focus()

    def action_focus_statements(self) -> None:
        self.query_one("#statements", OptionList).focus()

    def action_toggle_answered(self) -> None:
        self.answered_only = not self.answered_only
        self.load()
