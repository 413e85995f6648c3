"""DraftScreen: "check my draft" — the leak, indiscretion and personal-data
rules run on text the user types before posting it elsewhere.

Every keystroke restarts a short timer; when typing pauses the draft is
checked in a thread worker (the rules are compiled once per process), and
the screen shows each hit — rule, severity, description, why — and the draft
again with the evidence highlighted.  The draft is kept for the next time
the screen opens (never written anywhere).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Label, Static, TextArea

from meetwatch.core.flags import FlagConfig, Hit, check_draft, load_engine
from meetwatch.core.text import clean
from meetwatch.ui.safe_text import one_line

DEBOUNCE = 0.3  # seconds of quiet typing before a check
SEVERITY_STYLES = {"critical": "bold $error", "high": "$error", "medium": "$warning",
                   "low": "$text-muted"}
EVIDENCE_STYLE = "reverse $error"


def verdict(hits: list[Hit]) -> str:
    if not hits:
        return "✓ Nothing flagged"
    worst = hits[0].severity
    return f"⚑ {len(hits)} flag{'s' if len(hits) != 1 else ''} (worst: {worst}) — think twice"


def hits_content(hits: list[Hit]) -> Content:
    parts: list[str | tuple[str, str]] = []
    for h in hits:
        parts += [(f"{h.severity:<8}", SEVERITY_STYLES.get(h.severity, "")), " ",
                  (f"{h.category:<12}", "bold"), " ", (h.rule, "$text-muted"), "\n",
                  f"  {one_line(h.description, 300)}\n",
                  ("  evidence ", "$text-muted"), (one_line(h.evidence, 300), "italic"), "\n"]
        why = [*h.adjustments, *(f"normalised: {n}" for n in h.normalisations)]
        if why:
            parts.append((f"  {'; '.join(why)}\n", "$text-muted"))
        parts.append("\n")
    return Content.assemble(*parts)


def highlighted(text: str, hits: list[Hit]) -> Content:
    """The draft with every evidence span highlighted (spans index ``text``)."""
    spans = sorted({tuple(s) for h in hits for s in h.spans})
    parts: list[str | tuple[str, str]] = []
    at = 0
    for s, e in spans:
        if s < at or e > len(text):
            continue
        parts += [text[at:s], (text[s:e], EVIDENCE_STYLE)]
        at = e
    parts.append(text[at:])
    return Content.assemble(*parts)


class DraftScreen(ModalScreen[str]):
    """Returns the draft as it was left (the deck keeps it for next time)."""

    CSS_PATH = "draft_screen.tcss"
    BINDINGS = [Binding("escape", "close", "Close"),
                Binding("ctrl+l", "clear", "Clear the draft")]

    def __init__(self, flags: FlagConfig | None, text: str = "") -> None:
        super().__init__()
        self.flags = flags or FlagConfig.make()
        self.text = text
        self.hits: list[Hit] = []
        self.checked = ""  # the text the shown hits belong to
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="draft-dialog") as dialog:
            dialog.border_title = "Check my draft"
            dialog.border_subtitle = "Esc closes · Ctrl+L clears"
            yield Label(Content("Type or paste what you are about to post. The leak, indiscretion "
                                "and personal-data rules run as you type, as if your own "
                                "account posted it now."), classes="hint")
            yield TextArea(self.text, id="draft-text", soft_wrap=True, tab_behavior="focus",
                           placeholder="Your draft…")
            yield Label(Content(""), id="draft-verdict")
            with VerticalScroll(id="draft-results"):
                yield Static(Content(""), id="draft-preview")
                yield Static(Content(""), id="draft-hits")

    def on_mount(self) -> None:
        self.query_one("#draft-preview").display = False
        self.query_one(TextArea).focus()
        self.check(self.text)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        self.text = event.text_area.text
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self.check(self.text))

    @work(thread=True, exclusive=True, group="draft-check", exit_on_error=False)
    def check(self, raw: str) -> None:
        text = clean(raw)
        engine, _problems = load_engine(self.flags)
        hits = check_draft(engine, text) if text.strip() else []
        self.app.call_from_thread(self._show, text, hits)

    def _show(self, text: str, hits: list[Hit]) -> None:
        if not self.is_attached or clean(self.text) != text:
            return  # typing went on: a newer check is coming
        self.hits, self.checked = hits, text
        label = self.query_one("#draft-verdict", Label)
        label.update(Content(verdict(hits) if text.strip() else ""))
        label.set_class(bool(hits), "flagged")
        label.set_class(not hits and bool(text.strip()), "clean")
        self.query_one("#draft-hits", Static).update(hits_content(hits))
        preview = self.query_one("#draft-preview", Static)
        preview.display = bool(hits)
        preview.update(highlighted(text, hits) if hits else Content(""))

    def action_clear(self) -> None:
        self.query_one(TextArea).clear()

    def action_close(self) -> None:
        self.dismiss(self.text)
