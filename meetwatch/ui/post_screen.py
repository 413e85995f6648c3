"""PostScreen (Enter): one post in full — author, times, thread context, the
whole text, edit history with differences, deletion, flags; the raw payload
on demand (``r``); open in the browser (``o``); copy the link (``c``).

The post is read in a thread worker with its own read-only connection; the
screen only renders what comes back.
"""

from __future__ import annotations

import webbrowser
from datetime import UTC, datetime, tzinfo

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from meetwatch.core.panes import CATEGORY_TITLES
from meetwatch.store.queries import PostDetail, load_detail, raw_payload
from meetwatch.store.schema import open_db
from meetwatch.ui.detail import pretty_payload, word_diff
from meetwatch.ui.review_keys import review_bindings
from meetwatch.ui.safe_text import one_line, visible

Parts = list[str | tuple[str, str]]


def when(iso: str | None, zone: tzinfo) -> str:
    if not iso:
        return "—"
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return visible(iso, 40)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(zone).strftime("%a %d %b %Y %H:%M:%S")


def detail_content(d: PostDetail, zone: tzinfo, zone_name: str,
                   selected_flag: int | None = None) -> Content:
    p: Parts = []
    name, handle = one_line(d.author_name, 200), one_line(d.author, 200)
    p.append((name or handle, "bold"))
    if name and name != handle:
        p += ["  ", (handle, "$text-muted")]
    badge = CATEGORY_TITLES.get(d.category, one_line(d.category, 30))
    p += ["  ", (f" {badge} ", "reverse"), "  ", (d.network, "$text-muted"), "\n"]
    if d.category_source:
        p.append((f"category from {d.category_source}\n", "$text-muted"))
    if d.author_url:
        p += [("profile  ", "$text-muted"), one_line(d.author_url, 500), "\n"]
    if d.author_bio:
        p += [("bio      ", "$text-muted"), one_line(d.author_bio, 300), "\n"]
    p += [("\nposted   ", "$text-muted"), f"{when(d.created_at, zone)} {zone_name}  ",
          (f"({d.created_at} UTC)", "$text-muted"), "\n",
          ("received ", "$text-muted"), when(d.received_at, zone), "\n"]
    if d.edited_at:
        p += [("edited   ", "$text-muted"), (f"✎ {when(d.edited_at, zone)}", "$warning"), "\n"]
    if d.deleted_at:
        p += [("deleted  ", "$text-muted"), (f"✗ {when(d.deleted_at, zone)}", "$error bold")]
        if d.deletion_received_at:
            p.append((f"  (seen {when(d.deletion_received_at, zone)})", "$text-muted"))
        p.append("\n")
    for label, ref, ctx in (("in reply to", d.reply_to, d.parent), ("quotes", d.quote_of, d.quoted)):
        if ref:
            p += [(f"\n{label} ", "$text-muted"), (one_line(ctx[0], 200) if ctx else "a post not in "
                                                    "the log", "bold"), "\n"]
            p.append((f"  {one_line(ctx[1], 300)}\n" if ctx else f"  {one_line(ref, 300)}\n",
                      "italic $text-muted"))
    p.append("\n")
    if d.title:
        p += [(visible(d.title), "bold"), "\n"]
    p += [(visible(d.text), "$text-muted" if d.deleted_at else ""), "\n\n"]
    if d.url:
        p += [("link     ", "$text-muted"), (one_line(d.url, 2000), "underline"), "\n"]
    if d.hashtags:
        p += [("tags     ", "$text-muted"), " ".join(f"#{one_line(t, 100)}" for t in d.hashtags),
              "\n"]
    p += [("language ", "$text-muted"), one_line(d.lang or "unknown", 20), "   ",
          ("replies in the log ", "$text-muted"), str(d.replies), "   ",
          ("quotes ", "$text-muted"), str(d.quotes), "\n"]
    p += _history(d, zone) + _flags(d, selected_flag)
    p += [("\nuid ", "$text-muted"), (one_line(d.uid, 2000), "$text-muted")]
    return Content.assemble(*p)


def _history(d: PostDetail, zone: tzinfo) -> Parts:
    if len(d.versions) < 2:
        return []
    p: Parts = [(f"\nEdit history ({len(d.versions)} versions)\n", "bold $primary")]
    previous = None
    for n, v in enumerate(d.versions, 1):
        p.append((f"  v{n}  {when(v.edited_at or v.received_at, zone)}\n", "$text-muted"))
        if previous is None:
            p.append(f"  {visible(v.text)}\n")
        else:
            p.append("  ")
            for op, words in word_diff(previous, v.text):
                style = {"-": "$error strike", "+": "$success underline"}.get(op, "")
                p.append((visible(words), style))
            p.append("\n")
        previous = v.text
    return p


def _flags(d: PostDetail, selected: int | None = None) -> Parts:
    if not d.flags:
        return []
    which = "the selected flag" if selected is not None else (
        "all flags" + (" (1-9 picks one)" if len(d.flags) > 1 else ""))
    p: Parts = [("\nFlags", "bold $error"),
                (f"   A acknowledge · D dismiss · F false positive · U reopen · E note — {which}\n",
                 "$text-muted")]
    for n, f in enumerate(d.flags):
        away = f["state"] in ("dismissed", "false_positive")
        mark = "▶" if n == selected else " "
        number = f"{n + 1}" if len(d.flags) > 1 and n < 9 else " "
        p += [(f"{mark}{number}⚑ {f['category']} / {f['severity']}",
               "$text-muted" if away else "$error"),
              f"  rule {f['rule']}: ", (one_line(str(f["evidence"]), 300), "italic")]
        if f["state"] != "open":
            p.append((f"  [{f['state'].replace('_', ' ')}]", "bold"))
        p.append("\n")
        description = (f.get("detail") or {}).get("description")
        if description:
            p.append((f"    {one_line(str(description), 300)}\n", "$text-muted"))
        if f.get("note"):
            p.append((f"    note: {one_line(str(f['note']), 300)}\n", "$text-muted italic"))
    return p


class PostScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("r", "raw", "Raw payload"),
        Binding("o", "browser", "Open in browser"),
        Binding("c", "copy_link", "Copy link"),
        *review_bindings(prefix="app.", show=True),
        *(Binding(str(n), f"select_flag({n - 1})", f"Select flag {n}", show=False)
          for n in range(1, 10)),
    ]

    def __init__(self, log_path: str, post_id: int, zone: tzinfo, zone_name: str) -> None:
        super().__init__()
        self.log_path = log_path
        self.post_id = post_id
        self.zone = zone
        self.zone_name = zone_name
        self.detail: PostDetail | None = None
        # The flag the review keys act on (an index into detail.flags); None: all.
        self.selected_flag: int | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="post-body"):
            yield Static(Content("Loading…"), id="post-detail")
            yield Static(id="post-raw")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#post-raw").display = False
        self.load()

    @work(thread=True, exclusive=True, group="post-detail")
    def load(self) -> None:
        conn = open_db(self.log_path, readonly=True)
        try:
            detail = load_detail(conn, self.post_id)
        finally:
            conn.close()
        self.app.call_from_thread(self._show, detail)

    def _show(self, detail: PostDetail | None) -> None:
        self.detail = detail
        body = self.query_one("#post-detail", Static)
        if detail is None:
            body.update(Content("This post is no longer in the log."))
            return
        if self.selected_flag is not None and self.selected_flag >= len(detail.flags):
            self.selected_flag = None
        body.update(detail_content(detail, self.zone, self.zone_name, self.selected_flag))

    def action_select_flag(self, index: int) -> None:
        """Review one flag (again: all of them)."""
        if self.detail is None or index >= len(self.detail.flags):
            return
        self.selected_flag = None if self.selected_flag == index else index
        self._show(self.detail)

    def review_scope(self) -> tuple[str, str] | None:
        """(rule, evidence) of the selected flag, None for all."""
        if self.detail is None or self.selected_flag is None:
            return None
        f = self.detail.flags[self.selected_flag]
        return str(f["rule"]), str(f["evidence"])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_raw(self) -> None:
        raw = self.query_one("#post-raw", Static)
        if raw.display:
            raw.display = False
        elif self.detail is not None:
            raw.update(Content("Finding the raw payload…"))
            raw.display = True
            self.load_raw(self.detail)

    @work(thread=True, exclusive=True, group="post-raw")
    def load_raw(self, detail: PostDetail) -> None:
        conn = open_db(self.log_path, readonly=True)
        try:
            found = raw_payload(conn, detail)
        finally:
            conn.close()
        if found is None:
            content = Content("The log has no raw frame for this post.")
        else:
            fmt, payload = found
            content = Content.assemble((f"raw {fmt} payload, as received\n", "bold $primary"),
                                       visible(pretty_payload(fmt, payload)))
        self.app.call_from_thread(self._show_raw, content)

    def _show_raw(self, content: Content) -> None:
        raw = self.query_one("#post-raw", Static)
        raw.update(content)
        self.call_after_refresh(raw.scroll_visible, top=True, animate=False)

    def action_browser(self) -> None:
        url = self.detail.url if self.detail is not None else None
        if url and url.startswith(("https://", "http://")):  # never file:, never a scheme handler
            self._open_url(url)
        elif url:
            self.notify("Only http(s) links are opened", severity="warning")

    @work(thread=True, group="browser")
    def _open_url(self, url: str) -> None:
        webbrowser.open(url)

    def action_copy_link(self) -> None:
        if self.detail is not None and self.detail.url:
            self.app.copy_to_clipboard(self.detail.url)
            self.notify("Link copied")
