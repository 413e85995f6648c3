"""One post as a fixed number of terminal lines (Strips) for a FeedPane.

Every post takes the same height — a header, ``text_lines`` of wrapped text
and a blank spacer — so a pane maps a screen line to a post by arithmetic and
never measures history.  Long text is cut with ``…``; the detail view has it
all.  Untrusted strings only ever go into ``rich.text.Text`` (no markup).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from meetwatch.ui.data import FLAG_ACTIVE, RANK_SEVERITY, Row
from meetwatch.ui.safe_text import ELLIPSIS, one_line

BADGES: dict[str, str] = {"official": "OFF", "civil_society": "CSO", "media": "MED",
                          "own": "OWN"}
NETWORKS: dict[str, str] = {"mastodon": "masto", "bluesky": "bsky", "x": "x", "rss": "rss"}
# A Flags pane's rows lead with their most severe flag (the ⚑ sets them apart
# from the MED of media accounts); one width, so names line up.
SEVERITY_BADGES: dict[str, str] = {"critical": "⚑CRIT", "high": "⚑HIGH", "medium": "⚑MED ",
                                   "low": "⚑LOW "}
GUTTER = 1  # a column on the left that marks the selected post


@dataclass(slots=True)
class PostStyles:
    """Rich styles resolved from the pane's component classes (theme colours)."""

    base: Style = field(default_factory=Style)
    author: Style = field(default_factory=Style)
    handle: Style = field(default_factory=Style)
    meta: Style = field(default_factory=Style)
    text: Style = field(default_factory=Style)
    title: Style = field(default_factory=Style)
    deleted: Style = field(default_factory=Style)
    context: Style = field(default_factory=Style)
    edited: Style = field(default_factory=Style)
    flag: Style = field(default_factory=Style)
    evidence: Style = field(default_factory=Style)
    cursor: Style = field(default_factory=Style)
    gutter: Style = field(default_factory=Style)
    badges: dict[str, Style] = field(default_factory=dict)
    networks: dict[str, Style] = field(default_factory=dict)
    severities: dict[str, Style] = field(default_factory=dict)


@lru_cache(maxsize=4096)
def local_time(created_at: str, zone: tzinfo, today: str = "") -> str:
    """``HH:MM`` in the meeting's zone; ``DD Mon HH:MM`` when the post is not
    from ``today`` (the deck's day, ``YYYY-MM-DD``; empty: always the time)."""
    try:
        dt = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        return "--:--"
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    local = dt.astimezone(zone)
    if today and local.strftime("%Y-%m-%d") != today:
        return local.strftime("%d %b %H:%M")
    return local.strftime("%H:%M")


def header(row: Row, width: int, styles: PostStyles, zone: tzinfo, today: str = "") -> Text:
    right = Text(no_wrap=True)
    badge = BADGES.get(row.category)
    if badge:
        right.append(f" {badge} ", styles.badges.get(row.category, styles.meta))
        right.append(" ")
    right.append(NETWORKS.get(row.network, one_line(row.network, 8)),
                 styles.networks.get(row.network, styles.meta))
    right.append(" " + local_time(row.created_at, zone, today), styles.meta)
    if row.edited_at:
        right.append(" ✎", styles.edited)
    if row.deleted_at:
        right.append(" ✗", styles.deleted)
    severity = RANK_SEVERITY.get(row.rank)
    if row.flagged and not severity:  # muted once every flag was dismissed or a false positive
        right.append(" ⚑", styles.flag if row.flagged == FLAG_ACTIVE else styles.meta)
    left = Text(no_wrap=True, overflow="ellipsis")
    if severity:  # muted, like the ⚑, once every flag was dismissed (a review:all pane)
        left.append(SEVERITY_BADGES[severity], styles.severities.get(severity, styles.flag)
                    if row.flagged == FLAG_ACTIVE else styles.meta)
        left.append(" ")
    name = one_line(row.author_name, 80)
    handle = one_line(row.author, 120)
    left.append(name or handle, styles.author)
    if name and name != handle:
        left.append(" " + handle, styles.handle)
    room = max(1, width - right.cell_len - 1)
    left.truncate(room, overflow="ellipsis", pad=True)
    return Text.assemble(left, " ", right, no_wrap=True)


def body(row: Row, width: int, lines: int, styles: PostStyles) -> list[Text]:
    text = Text(no_wrap=False, overflow="fold")
    if row.reply_to:
        who = one_line(row.reply_author, 80) if row.reply_author else "a post"
        text.append(f"↩ {who} ", styles.context)
    if row.quote_of:
        who = one_line(row.quote_author, 80) if row.quote_author else "a post"
        text.append(f"❝ {who} ", styles.context)
    budget = width * (lines + 1)
    content = one_line(row.text, budget)
    plain = styles.deleted if row.deleted_at else styles.text
    title = one_line(row.title, budget) if row.title else ""
    if title and content.startswith(title):  # feeds often repeat the title in the text
        text.append(title, styles.title)
        text.append(content[len(title):], plain)
    else:
        if title:
            text.append(title, styles.title)
            text.append(" — ", styles.meta)
        text.append(content, plain)
    if row.evidence and not row.deleted_at:
        highlight(text, row.evidence, styles.evidence)
    wrapped = text.wrap(_console(), width, overflow="fold")
    out = list(wrapped)[:lines]
    if len(wrapped) > lines and out:
        last = out[-1]
        last.truncate(max(0, width - 1))
        last.append(ELLIPSIS, styles.meta)
    return out


def highlight(text: Text, evidence: tuple[str, ...], style: Style) -> None:
    """Mark every occurrence of each piece of evidence in ``text`` (found by
    text, as the pane shows the post on one line)."""
    plain = text.plain
    for piece in evidence:
        needle = one_line(piece)
        if len(needle) < 2:
            continue
        at = plain.find(needle)
        while at >= 0:
            text.stylize(style, at, at + len(needle))
            at = plain.find(needle, at + len(needle))


def render_post(row: Row, width: int, text_lines: int, styles: PostStyles, zone: tzinfo,
                selected: bool, today: str = "") -> list[Strip]:
    """``text_lines + 2`` strips, each exactly ``width`` cells."""
    inner = max(8, width - GUTTER - 1)
    texts = [header(row, inner, styles, zone, today), *body(row, inner, text_lines, styles)]
    texts += [Text()] * (text_lines + 2 - len(texts))
    strips: list[Strip] = []
    mark = Text("▌" if selected else " ", styles.gutter)
    for n, line in enumerate(texts):
        gutter = mark if n <= text_lines else Text(" ")
        full = Text.assemble(gutter, line, no_wrap=True)
        full.truncate(width, pad=True)
        strip = Strip(full.render(_console()), cell_len(full.plain))
        strip = strip.adjust_cell_length(width, styles.base)
        if selected and n <= text_lines:
            strip = strip.apply_style(styles.cursor)
        strips.append(strip.apply_style(styles.base))
    return strips


@lru_cache(maxsize=1)
def _console() -> Console:
    """Wrapping and rendering need a console for its options only (no output)."""
    return Console(width=400, color_system="truecolor", legacy_windows=False,
                   force_terminal=True, emoji=False, markup=False)
