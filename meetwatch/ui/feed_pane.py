"""FeedPane: one column of posts, newest first, over the log (line API).

(A Flags pane puts the most severe first, newest first within a severity:
its query's keys sort that way, so everything below holds for it with "newer"
read as "higher up"; a post whose flags change moves, see :meth:`resync`.)

Every post is ``text_lines + 2`` lines high, so screen line → post is
arithmetic.  The pane keeps one window of rows (about three screens) fetched
by keyset from the log, and an LRU cache of rendered strips; its cost
follows what is on screen, never the size of the log.

New posts arrive at the top.  While the user is at the top with the cursor
on the newest post the pane follows them; otherwise the view stays on what
the user is reading and the subtitle says "▲ N new".  Posts that arrive
while the pane is off screen (another tab) count as unread in its title.  A paused pane
("slow mode") takes no new posts — its query gets a ceiling — and counts
what waits; resuming places them as if they had just arrived.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import tzinfo

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from meetwatch.ui.data import Key, LogReader, PaneQuery, PaneSpec, Row
from meetwatch.ui.post_render import BADGES, NETWORKS, SEVERITY_BADGES, PostStyles, render_post

EMPTY = {"flags": "No flagged posts.", "hashtag": "No posts with this hashtag yet.",
         "category": "No posts from these accounts yet.", "all": "No posts yet.",
         "account": "No posts from this account yet.", "search": "No posts match."}


class FeedPane(ScrollView, can_focus=True):
    """A pane of posts matching one :class:`PaneSpec`."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next post", show=False),
        Binding("k,up", "cursor_up", "Previous post", show=False),
        Binding("g,home", "newest", "Newest", key_display="g"),
        Binding("G,end", "oldest", "Oldest", show=False, key_display="G"),
        Binding("pagedown,ctrl+d", "page(1)", "Page down", show=False),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False),
        Binding("enter", "open", "Open post", key_display="⏎"),
        Binding("n", "next_flag(True)", "Next flagged post", show=False),
        Binding("N", "next_flag(False)", "Previous flagged post", show=False),
        Binding("p", "toggle_hold", "Pause pane (slow mode)", show=False),
        Binding("tab", "app.focus_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "app.focus_pane(-1)", "Previous pane", show=False),
    ]
    COMPONENT_CLASSES = {
        "feed-pane--author", "feed-pane--handle", "feed-pane--meta", "feed-pane--text",
        "feed-pane--title", "feed-pane--deleted", "feed-pane--context", "feed-pane--edited",
        "feed-pane--flag", "feed-pane--evidence", "feed-pane--cursor", "feed-pane--cursor-blurred",
        "feed-pane--gutter", "feed-pane--empty",
        *(f"feed-pane--badge-{c}" for c in BADGES),
        *(f"feed-pane--net-{n}" for n in NETWORKS),
        *(f"feed-pane--severity-{s}" for s in SEVERITY_BADGES),
    }

    cursor: var[int] = var(0)
    count: var[int] = var(0)
    unread: var[int] = var(0)
    held: var[int] = var(0)  # posts waiting while the pane is paused
    paused: var[bool] = var(False)

    class PostSelected(Message):
        """The user asked to open a post."""

        def __init__(self, pane: FeedPane, post_id: int) -> None:
            super().__init__()
            self.pane = pane
            self.post_id = post_id

    class TitleChanged(Message):
        """The pane's title, count, unread or paused state changed (for tabs)."""

        def __init__(self, pane: FeedPane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, spec: PaneSpec, reader: LogReader, zone: tzinfo, *, text_lines: int = 3,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec = spec
        self.query_ = PaneQuery(spec)
        self.reader = reader
        self.zone = zone
        self.text_lines = text_lines
        self.row_height = text_lines + 2
        self._rows: list[Row] = []
        self._start = 0
        self._cursor_key: Key | None = None  # the selected post's key (indices shift)
        self._strips: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(512)
        self._styles: PostStyles | None = None
        self.today = ""  # the deck's day (YYYY-MM-DD, meeting zone): other days show a date

    # -- lifecycle -------------------------------------------------------------------

    def set_today(self, today: str) -> None:
        if today != self.today:
            self.today = today
            self.refresh()

    def on_mount(self) -> None:
        self.today = getattr(self.app, "deck_today", "")
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())
        self.reload()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()

    def _restyle(self) -> None:
        self._styles = None
        self._strips.clear()
        self.refresh()

    def on_focus(self) -> None:
        self._styles = None  # the cursor is brighter in the focused pane
        if int(self.scroll_y) == 0:
            self.unread = 0
        self.refresh()

    def on_blur(self) -> None:
        self._styles = None
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self._update_virtual_size()

    # -- data ----------------------------------------------------------------------

    def set_spec(self, spec: PaneSpec) -> None:
        """Show ``spec`` instead (renamed or filtered).  Raises SearchError
        when its text has nothing to search for."""
        if (spec.kind, spec.value, spec.filter) == (self.spec.kind, self.spec.value,
                                                    self.spec.filter):
            self.spec = spec
            self._update_title()
            return
        self.query_ = PaneQuery(spec)
        self.spec = spec
        self.paused, self.held, self.cursor = False, 0, 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.reload()

    def reload(self) -> None:
        """Forget everything and count again (a new or rebuilt log)."""
        self.query_.ceiling, self.paused, self.held = None, False, 0
        self._rows, self._start, self._cursor_key = [], 0, None
        self._strips.clear()
        self.count = self.query_.count(self.reader.conn)
        self.cursor = min(self.cursor, max(0, self.count - 1))
        self.unread = 0
        self._update_virtual_size()
        self.refresh()

    def absorb(self, new_ids: list[int], changed_ids: set[int]) -> None:
        """Take in a committed batch: place new posts, redraw changed ones.

        Indices move, keys do not: the cursor, the view and the cached window
        are shifted by how many new posts sort above them, so what the user
        is reading stays put unless they are following the newest posts."""
        q = self.query_
        keys = q.matching(self.reader.conn, new_ids, ignore_ceiling=True) if new_ids else []
        if q.ceiling is not None and keys:
            waiting = [q.waits(k) for k in keys]
            self.held += sum(waiting)
            keys = [k for k, w in zip(keys, waiting, strict=True) if not w]
        if changed_ids and q.ranked:  # a changed post may have changed rank (a new flag)
            if keys:
                self._place(keys, 0, False)
            # Flags are never taken away (a review re-syncs the panes itself):
            # a changed post this pane does not show now was not in it before.
            if q.matching(self.reader.conn, list(changed_ids)):
                self.resync(changed_ids, announce=True)
            return
        touched = any(r.id in changed_ids for r in self._rows) if changed_ids else False
        if not keys and not touched:
            return
        self._place(keys, 0, touched)

    def resync(self, moved: Collection[int], *, announce: bool = False) -> None:
        """Count again after the posts ``moved`` changed in place (a review,
        an edit or deletion that flagged a post): in a Flags pane they may
        have moved, come or gone.  The view stays on the first post on screen
        that did not move; the cursor stays on its post — or, when that post
        is one that moved, on its place, so the next one comes up (working
        the queue: dismiss, and the next flag is under the cursor).
        ``announce``: posts that moved in above the view count as new."""
        conn, q, h = self.reader.conn, self.query_, self.row_height
        following = self.cursor == 0 and int(self.scroll_y) == 0
        top = int(self.scroll_y) // h
        shown = range(max(top, self._start), min(top + self.size.height // h + 1,
                                                 self._start + len(self._rows)))
        anchor = next(((i, self._rows[i - self._start]) for i in shown
                       if self._rows[i - self._start].id not in moved), None)
        rows, start = self._rows, self._start
        selected = rows[self.cursor - start] if start <= self.cursor < start + len(rows) else None
        self.count = q.count(conn)
        self._rows, self._start = [], 0
        self._update_virtual_size()

        def index(row: Row) -> int | None:
            keys = q.matching(conn, [row.id])
            return q.index_of(conn, keys[0]) if keys else None

        if not following and q.ranked:
            if anchor is not None and (now := index(anchor[1])) is not None and now != anchor[0]:
                self.scroll_to(y=self.scroll_y + (now - anchor[0]) * h, animate=False,
                               immediate=True)
                if announce and now > anchor[0]:
                    self.unread += now - anchor[0]
            if (selected is not None and selected.id not in moved
                    and (now := index(selected)) is not None):
                self.cursor = now
        self.cursor = max(0, min(self.cursor, self.count - 1))
        self._cursor_key = None
        self.refresh()

    def _place(self, keys: list[Key], above: int, refetch: bool) -> None:
        """Account for new rows: ``keys``, plus ``above`` rows known to be
        newer than any the pane holds."""
        rows = self._rows
        key = self.query_.key
        if keys or above:
            following = self.cursor == 0 and int(self.scroll_y) == 0
            top_index = int(self.scroll_y) // self.row_height
            top = rows[top_index - self._start] if self._start <= top_index < self._start + len(
                rows) else None
            self.count += len(keys) + above
            self._update_virtual_size()
            if following or not rows:
                if not self.is_on_screen:  # another tab, or scrolled off sideways
                    self.unread += len(keys) + above
                rows, self._start, self._cursor_key = [], 0, None
            else:
                first, last = key(rows[0]), key(rows[-1])
                self._start += sum(1 for k in keys if k > first) + above
                refetch = refetch or any(last < k < first for k in keys)
                if self._cursor_key is not None:
                    self.cursor += sum(1 for k in keys if k > self._cursor_key) + above
                above_top = sum(1 for k in keys if k > key(top)) + above if top else 0
                if above_top:
                    self.unread += above_top
                    self.scroll_to(y=self.scroll_y + above_top * self.row_height,
                                   animate=False, immediate=True)
        if refetch and rows:
            page = max(len(rows), self._page_size())
            rows = self.query_.page_from(self.reader.conn, key(rows[0]), page)
        self._rows = rows
        self.refresh()

    def _row(self, index: int) -> Row | None:
        if not 0 <= index < self.count:
            return None
        if not self._start <= index < self._start + len(self._rows):
            self._load_around(index)
        if self._start <= index < self._start + len(self._rows):
            return self._rows[index - self._start]
        return None

    def _page_size(self) -> int:
        return max(30, 3 * (self.size.height // self.row_height + 1))

    def _load_around(self, index: int) -> None:
        """Fetch a window around ``index``: by key from the current window when
        it is near (cost independent of depth), else from either end."""
        conn, q = self.reader.conn, self.query_
        page = self._page_size()
        start = max(0, index - page // 3)
        rows, ws = self._rows, self._start
        if rows and ws < start <= ws + len(rows):  # continue down from a known key
            fetched = q.page_from(conn, q.key(rows[start - 1 - ws]), page + 1)[1:]
        elif rows and start < ws <= start + page:  # continue up from a known key
            newer = q.page_newer(conn, q.key(rows[0]), ws - start)
            start = ws - len(newer)
            fetched = newer + rows[: page - len(newer)]
        elif index >= self.count - page:  # near the oldest: read from that end
            fetched = q.oldest(conn, min(page, self.count))
            start = self.count - len(fetched)
        else:  # a jump (scrollbar drag): by position
            fetched = q.page_at(conn, start, page)
        self._rows, self._start = fetched, start

    def selected_post(self) -> Row | None:
        return self._row(self.cursor)

    # -- rendering -----------------------------------------------------------------

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.size.width, self.count * self.row_height)

    def _resolve_styles(self) -> PostStyles:
        if self._styles is None:
            get = self.get_component_rich_style
            self._styles = PostStyles(
                base=self.rich_style, author=get("feed-pane--author"),
                handle=get("feed-pane--handle"), meta=get("feed-pane--meta"),
                text=get("feed-pane--text"), title=get("feed-pane--title"),
                deleted=get("feed-pane--deleted"), context=get("feed-pane--context"),
                edited=get("feed-pane--edited"), flag=get("feed-pane--flag"),
                evidence=get("feed-pane--evidence"),
                cursor=get("feed-pane--cursor" if self.has_focus else "feed-pane--cursor-blurred"),
                gutter=get("feed-pane--gutter"),
                badges={c: get(f"feed-pane--badge-{c}") for c in BADGES},
                networks={n: get(f"feed-pane--net-{n}") for n in NETWORKS},
                severities={s: get(f"feed-pane--severity-{s}") for s in SEVERITY_BADGES},
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        index, part = divmod(line, self.row_height)
        if self.count == 0:
            return self._empty_line(y, width)
        row = self._row(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        selected = index == self.cursor
        if selected:
            self._cursor_key = self.query_.key(row)
        key = (row.id, row.edited_at, row.deleted_at, row.flagged, row.evidence, row.rank, width,
               selected, selected and self.has_focus, self.today)
        strips = self._strips.get(key)
        if strips is None:
            styles = self._resolve_styles()
            strips = render_post(row, width, self.text_lines, styles, self.zone, selected,
                                 self.today)
            self._strips[key] = strips
        return strips[part]

    def _empty_line(self, y: int, width: int) -> Strip:
        if y != 1:
            return Strip.blank(width, self.rich_style)
        what = "No posts match the filter." if self.spec.filter.active() else EMPTY[self.spec.kind]
        text = Text("  " + what, self.get_component_rich_style("feed-pane--empty"))
        text.truncate(width, pad=True)
        return Strip(text.render(self.app.console), width).apply_style(self.rich_style)

    # -- title -----------------------------------------------------------------------

    def watch_count(self) -> None:
        self._update_title()

    def watch_unread(self) -> None:
        self._update_title()

    def watch_held(self) -> None:
        self._update_title()

    def watch_paused(self) -> None:
        self._update_title()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if int(new) == 0 and self.unread and self.has_focus:
            self.unread = 0

    @property
    def scrolled_away(self) -> bool:
        return int(self.scroll_y) > 0

    def label(self) -> Text:
        """Title, filter, count and unread: the border title and the tab."""
        text = Text(self.spec.title)
        if self.spec.filter.active():
            text.append(f" [{self.spec.filter.describe()}]")
        text.append(f" · {self.count:,}")
        if self.unread:
            text.append(f" +{self.unread:,}", "bold")
        if self.paused:
            text.append(" ⏸")
        return text

    def _update_title(self) -> None:
        self.border_title = self.label()
        if self.paused:
            self.border_subtitle = Text(f"⏸ paused · {self.held:,} waiting · p resumes")
        elif self.unread and self.scrolled_away:
            self.border_subtitle = Text(f"▲ {self.unread:,} new · g")
        else:
            self.border_subtitle = None
        self.post_message(self.TitleChanged(self))

    # -- actions ---------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if self.count == 0:
            return
        previous = self.cursor
        self.cursor = max(0, min(self.count - 1, index))
        row = self._row(self.cursor)
        self._cursor_key = self.query_.key(row) if row else None
        top = self.cursor * self.row_height
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)  # repaints it all
        elif top + self.row_height > self.scroll_y + height:
            self.scroll_to(y=top + self.row_height - height, animate=False, immediate=True)
        else:  # only the two posts whose selection changed
            for i in (previous, self.cursor):
                self.refresh_lines(i * self.row_height - int(self.scroll_y), self.row_height)

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_page(self, direction: int) -> None:
        per_page = max(1, self.scrollable_content_region.height // self.row_height)
        self._move_to(self.cursor + direction * per_page)

    def action_newest(self) -> None:
        self._move_to(0)
        self.unread = 0

    def action_oldest(self) -> None:
        self._move_to(self.count - 1)

    def action_toggle_hold(self) -> None:
        """Slow mode: stop taking new posts (count them), or take them all in."""
        q = self.query_
        if not self.paused:
            q.pause(self.reader.conn)
            self.held, self.paused = 0, True
            return
        keys, above = q.resume(self.reader.conn, self.held)
        self.held, self.paused = 0, False
        if keys or above:
            self._place(keys, above, False)
            self.refresh()

    def action_next_flag(self, older: bool = True) -> None:
        """Move to the next flagged post of this pane (``older``: downwards)."""
        conn, q = self.reader.conn, self.query_
        row = self.selected_post()
        key = q.next_flagged(conn, q.key(row) if row else None, older)
        if key is None:
            self.notify("No flagged post " + ("below" if older else "above") + " in this pane",
                        timeout=2)
            return
        index = q.index_of(conn, key)
        self._rows, self._start = q.page_from(conn, key, self._page_size()), index
        self._move_to(index)
        self.refresh()

    def action_open(self) -> None:
        row = self.selected_post()
        if row is not None:
            self.post_message(self.PostSelected(self, row.id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.count == 0:
            return
        index = (offset.y + int(self.scroll_y)) // self.row_height
        if index < self.count:
            self._move_to(index)
            if event.chain >= 2:
                self.action_open()
