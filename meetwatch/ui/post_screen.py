"""PostScreen (Enter): one post in full — author, times, thread context, the
whole text, edit history with differences, deletion, flags; the thread in the
log (the posts it answers, the replies and quotes it drew), each opened with
Enter and the parent with ``p``; the raw payload on demand (``r``); open in
the browser (``o``); copy the link (``c``).

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
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from meetwatch.core.panes import CATEGORY_TITLES
from meetwatch.store.queries import PostDetail, load_detail, raw_payload
from meetwatch.store.schema import open_db
from meetwatch.store.thread import Thread, ThreadPost, load_thread
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


def detail_content(d: PostDetail, zone: tzinfo, zone_name: str) -> Content:
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
    p += _history(d, zone) + _flags(d)
    p += [("\nuid ", "$text-muted"), (one_line(d.uid, 2000), "$text-muted")]
    return Content.assemble(*p)


def _history(d: PostDetail, zone: tzinfo) -> Parts:
    if len(d.versions) < 2:
        return []
    p: Parts = [(f"\nEdit history ({len(d.versions)} versions)\n", "bold $primary")]
    previous = None
    for n, v in enumerate(d.versions, 1):
        at = v.edited_at or (d.created_at if n == 1 else v.received_at)
        label = "edited" if v.edited_at else ("posted" if n == 1 else "received")
        p.append((f"  v{n}  {label} {when(at, zone)}\n", "$text-muted"))
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


def _flags(d: PostDetail) -> Parts:
    if not d.flags:
        return []
    p: Parts = [("\nFlags", "bold $error"),
                ("   A acknowledge · D dismiss · F false positive · U reopen · E note\n",
                 "$text-muted")]
    for f in d.flags:
        away = f["state"] in ("dismissed", "false_positive")
        p += [(f"  ⚑ {f['category']} / {f['severity']}", "$text-muted" if away else "$error"),
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


def _thread_option(t: ThreadPost, zone: tzinfo, depth: int = 0) -> Option:
    badge = CATEGORY_TITLES.get(t.category, one_line(t.category, 30))
    parts: Parts = ["  " * depth, (one_line(t.author, 60), "bold"), " ",
                    (f"{badge}", "$text-muted"), "  ", (when(t.created_at, zone), "$text-muted")]
    if t.deleted_at:
        parts.append(("  ✗ deleted", "$error"))
    if t.answers:
        parts.append((f"  ↳ {t.answers} repl{'y' if t.answers == 1 else 'ies'}", "$text-muted"))
    parts += ["\n", "  " * depth, (one_line(t.text, 400), "$text-muted" if t.deleted_at else "")]
    return Option(Content.assemble(*parts), id=str(t.id))


def _heading(text: str) -> Option:
    return Option(Content.styled(text, "bold $primary"), disabled=True)


def thread_options(thread: Thread, zone: tzinfo) -> list[Option]:
    """The thread as list entries: the chain above, this post, what answers it."""
    out: list[Option] = [Option(Content.styled("Tab to this list, ↑↓ to choose, Enter opens a post",
                                               "$text-muted italic"), disabled=True)]
    if thread.ancestors or thread.missing_parent:
        out.append(_heading("Thread — what this post answers"))
        if thread.missing_parent:
            out.append(Option(Content.styled(
                f"  … answers {one_line(thread.missing_parent, 200)} (not in the log)",
                "$text-muted"), disabled=True))
        out += [_thread_option(a, zone, min(n, 8)) for n, a in enumerate(thread.ancestors)]
        out.append(Option(Content.styled(f"{'  ' * min(len(thread.ancestors), 8)}▶ this post",
                                         "bold"), disabled=True))
    for title, posts, more in (("Replies", thread.replies, thread.more_replies),
                               ("Quotes", thread.quotes, thread.more_quotes)):
        if posts:
            out.append(_heading(f"{title} ({len(posts) + more})"))
            out += [_thread_option(p, zone) for p in posts]
            if more:
                out.append(Option(Content.styled(f"  … and {more:,} more", "$text-muted"),
                                  disabled=True))
    return out


class PostScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("p", "parent", "Parent post"),
        Binding("r", "raw", "Raw payload"),
        Binding("o", "browser", "Open in browser"),
        Binding("c", "copy_link", "Copy link"),
        *review_bindings(prefix="app.", show=True),
    ]

    def __init__(self, log_path: str, post_id: int, zone: tzinfo, zone_name: str) -> None:
        super().__init__()
        self.log_path = log_path
        self.post_id = post_id
        self.zone = zone
        self.zone_name = zone_name
        self.detail: PostDetail | None = None
        self.thread: Thread | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="post-body"):
            yield Static(Content("Loading…"), id="post-detail")
            yield OptionList(id="post-thread")
            yield Static(id="post-raw")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#post-raw").display = False
        self.query_one("#post-thread").display = False
        self.load()

    @work(thread=True, exclusive=True, group="post-detail")
    def load(self) -> None:
        conn = open_db(self.log_path, readonly=True)
        try:
            detail = load_detail(conn, self.post_id)
            thread = load_thread(conn, detail.uid, detail.reply_to) if detail else None
        finally:
            conn.close()
        self.app.call_from_thread(self._show, detail, thread)

    def _show(self, detail: PostDetail | None, thread: Thread | None = None) -> None:
        self.detail, self.thread = detail, thread
        body = self.query_one("#post-detail", Static)
        if detail is None:
            body.update(Content("This post is no longer in the log."))
            return
        body.update(detail_content(detail, self.zone, self.zone_name))
        listing = self.query_one("#post-thread", OptionList)
        if thread is not None and not thread.empty:
            listing.set_options(thread_options(thread, self.zone))
            listing.display = True

    def _open(self, post_id: int) -> None:
        self.app.push_screen(PostScreen(self.log_path, post_id, self.zone, self.zone_name))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self._open(int(event.option_id))

    def action_parent(self) -> None:
        if self.thread is not None and self.thread.ancestors:
            self._open(self.thread.ancestors[-1].id)
        elif self.detail is not None and self.detail.reply_to:
            self.notify("The post this answers is not in the log", severity="warning")
        else:
            self.notify("This post does not answer another")

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
