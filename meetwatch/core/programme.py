"""The meeting's programme: agenda items on the floor, and which item a post is about.

A programme file (TOML or CSV, named by the watch file's ``[meeting].programme``)
lists scheduled slots of agenda items.  An item may be on the floor more than
once (a dialogue, then its right of reply, then action on its resolution);
each slot is one :class:`AgendaSlot`.  Times without an offset are in the
meeting's time zone.

TOML::

    [meeting]                 # optional
    date = "2026-03-03"       # lets start/end be written "10:55"
    timezone = "Europe/Geneva"  # optional: else the watch file's

    [[items]]
    agenda_item = 4           # or item = "4"
    title = "Interactive dialogue on Valdoria"
    start = "2026-03-03T10:55:00+01:00"   # or "2026-03-03 10:55", or "10:55" with a date
    end = "12:05"
    hashtags = ["ItemFour"]   # optional
    keywords = ["arbitrary detention"]
    speakers = ["Special Rapporteur on Valdoria"]

CSV: a header row naming ``item`` (or ``agenda_item``), ``title``, ``start``,
``end`` and optionally ``date``, ``hashtags``, ``keywords``, ``speakers``
(lists separated by ``;``).

A bad row is reported with its line number and skipped; the rest is used.
Tagging (:meth:`Programme.tag`): the item on the floor when the post was
written; outside scheduled times, the item whose hashtag or keyword the post
carries (only hashtags and keywords that belong to a single item count, so
the meeting's own hashtag never decides).  Stdlib only.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from meetwatch.core.timeutil import iso, zone

MAX_SLOTS = 2000
MAX_LIST = 200
MAX_FIELD = 500


class ProgrammeError(ValueError):
    """The programme file cannot be used at all (missing, not TOML/CSV...)."""


@dataclass(frozen=True, slots=True)
class AgendaSlot:
    item: str
    title: str
    starts_at: str | None  # ISO UTC (meetwatch's canonical form); None: unscheduled
    ends_at: str | None
    hashtags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return item_label(self.item)

    @property
    def heading(self) -> str:
        """``Item 4 – Interactive dialogue…`` (the title alone when it already
        starts with the item, as in ``Item 4 — Interactive dialogue…``)."""
        if not self.title:
            return self.label
        if self.title.lower().startswith(self.label.lower()):
            return self.title
        return f"{self.label} – {self.title}"


def item_label(item: str) -> str:
    """``Item 4`` for an agenda number, the name itself otherwise."""
    return f"Item {item}" if item[:1].isdigit() else item


@dataclass(slots=True)
class Programme:
    slots: list[AgendaSlot]
    timezone: str = "UTC"
    # The meeting's own hashtags (the watch file's): they never decide an item.
    meeting_hashtags: tuple[str, ...] = ()
    _starts: list[str] = field(default_factory=list, repr=False)
    _timed: list[AgendaSlot] = field(default_factory=list, repr=False)
    _tags: dict[str, str] = field(default_factory=dict, repr=False)
    _words: re.Pattern[str] | None = field(default=None, repr=False)
    _word_item: dict[str, str] = field(default_factory=dict, repr=False)
    _tz: tzinfo | None = field(default=None, repr=False)
    _reasons: dict[int, str] = field(default_factory=dict, repr=False)
    _last: tuple[str, str, AgendaSlot | None] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._tz = zone(self.timezone)
        self._timed = sorted((s for s in self.slots if s.starts_at and s.ends_at),
                             key=lambda s: (s.starts_at or "", s.ends_at or ""))
        self._starts = [s.starts_at or "" for s in self._timed]
        meeting = {t.lower() for t in self.meeting_hashtags}
        self._tags = _unique_to_one_item((t.lower(), s.item) for s in self.slots for t in s.hashtags
                                          if t.lower() not in meeting)
        words = _unique_to_one_item((k.casefold(), s.item) for s in self.slots for k in s.keywords
                                     if len(k.strip()) >= 3)
        self._word_item = words
        if words:
            alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            self._words = re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)

    @property
    def items(self) -> list[str]:
        """The distinct items, in programme order."""
        return list(dict.fromkeys(s.item for s in self.slots))

    def on_floor(self, at: str) -> AgendaSlot | None:
        """The slot on the floor at ``at`` (ISO UTC): the latest-starting one
        that has begun and not ended."""
        i = bisect.bisect_right(self._starts, at) - 1
        for j in range(i, max(-1, i - 8), -1):  # overlaps are rare and short
            s = self._timed[j]
            if s.ends_at is not None and at < s.ends_at:
                return s
        return None

    def _span(self, at: str, slot: AgendaSlot | None) -> tuple[str, str, AgendaSlot | None] | None:
        """The stretch of time around ``at`` in which the floor is ``slot``
        (no other slot starts or ends inside it), or None if unsure."""
        i = bisect.bisect_right(self._starts, at)
        next_start = self._starts[i] if i < len(self._starts) else "9999"
        if slot is None:
            if any(s.ends_at and s.starts_at and s.starts_at <= at < s.ends_at for s in self._timed):
                return None
            prev_end = max((s.ends_at or "" for s in self._timed[:i] if (s.ends_at or "") <= at),
                           default="")
            return prev_end, next_start, None
        assert slot.starts_at is not None and slot.ends_at is not None
        return slot.starts_at, min(slot.ends_at, next_start), slot

    def first_slot(self, item: str) -> AgendaSlot | None:
        return next((s for s in self._timed if s.item == item), None) or next(
            (s for s in self.slots if s.item == item), None)

    def tag(self, created_at: str, hashtags: tuple[str, ...] | list[str], text: str
            ) -> tuple[str, str] | None:
        """(item, reason) for a post, or None."""
        last = self._last
        if last is not None and last[0] <= created_at < last[1]:
            slot: AgendaSlot | None = last[2]  # posts come in time order: mostly the same slot
        else:
            slot = self.on_floor(created_at)
            self._last = self._span(created_at, slot)
        if slot is not None:
            reason = self._reasons.get(id(slot))
            if reason is None:
                hours = f"{self.local_hm(slot.starts_at)}–{self.local_hm(slot.ends_at)}"
                reason = f"on the floor {hours} ({slot.label})"
                self._reasons[id(slot)] = reason
            return slot.item, reason
        for t in hashtags:
            item = self._tags.get(t)
            if item is not None:
                return item, f"hashtag #{t} of {item_label(item)} (outside scheduled times)"
        if self._words is not None and text:
            m = self._words.search(text)
            if m is not None:
                item = self._word_item[m.group(0).casefold()]
                return item, (f"keyword \u201c{m.group(0)}\u201d of {item_label(item)} "
                              "(outside scheduled times)")
        return None

    def local_hm(self, at: str | None) -> str:
        if not at:
            return "?"
        dt = datetime.fromisoformat(at.replace("Z", "+00:00"))
        return dt.astimezone(self._tz).strftime("%H:%M")


def _unique_to_one_item(pairs: Any) -> dict[str, str]:
    seen: dict[str, str] = {}
    ambiguous: set[str] = set()
    for key, item in pairs:
        key = key.strip().lstrip("#")
        if not key:
            continue
        if key in seen and seen[key] != item:
            ambiguous.add(key)
        seen.setdefault(key, item)
    return {k: v for k, v in seen.items() if k not in ambiguous}


# -- loading -------------------------------------------------------------------------


def load_programme(path: str | Path, timezone: str = "UTC") -> tuple[Programme, list[str]]:
    """Read a programme file.  Returns the programme and the problems met
    (``file:line: what``) for rows that were skipped.  Raises
    :class:`ProgrammeError` only when the file as a whole cannot be used."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ProgrammeError(f"{p}: cannot read the programme: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProgrammeError(f"{p}: the programme is not UTF-8 text") from exc
    if p.suffix.lower() == ".csv":
        return parse_csv(text, timezone, name=p.name)
    return parse_toml(text, timezone, name=p.name)


def parse_toml(text: str, timezone: str = "UTC", name: str = "<programme>"
               ) -> tuple[Programme, list[str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProgrammeError(f"{name}: not valid TOML: {exc}") from exc
    meeting: dict[str, Any] = data["meeting"] if isinstance(data.get("meeting"), dict) else {}
    tz_name: str = meeting["timezone"] if isinstance(meeting.get("timezone"), str) else timezone
    try:
        tz = zone(tz_name)
    except ValueError as exc:
        raise ProgrammeError(f"{name}: [meeting].timezone: {exc}") from exc
    day = meeting.get("date")
    rows = data.get("items", [])
    if not isinstance(rows, list):
        raise ProgrammeError(f"{name}: `items` must be an array of tables ([[items]])")
    lines = [i + 1 for i, ln in enumerate(text.splitlines())
             if re.match(r"\s*\[\[\s*items\s*\]\]", ln)]
    problems: list[str] = []
    slots: list[AgendaSlot] = []
    for n, row in enumerate(rows[:MAX_SLOTS]):
        where = f"{name}:{lines[n]}" if n < len(lines) else f"{name}: [[items]] #{n + 1}"
        if not isinstance(row, dict):
            problems.append(f"{where}: an item must be a table")
            continue
        slot = _slot(row, tz, day, where, problems)
        if slot is not None:
            slots.append(slot)
    if len(rows) > MAX_SLOTS:
        problems.append(f"{name}: only the first {MAX_SLOTS} items are used")
    if not slots and not problems:
        problems.append(f"{name}: no [[items]] in the programme")
    return Programme(slots, tz_name), problems


def parse_csv(text: str, timezone: str = "UTC", name: str = "<programme>"
              ) -> tuple[Programme, list[str]]:
    try:
        tz = zone(timezone)
    except ValueError as exc:
        raise ProgrammeError(f"{name}: {exc}") from exc
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    problems: list[str] = []
    slots: list[AgendaSlot] = []
    for row in reader:
        if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            missing = [c for c in ("start", "end") if c not in header]
            if not ({"item", "agenda_item"} & set(header)):
                missing.insert(0, "item")
            if missing:
                raise ProgrammeError(f"{name}:{reader.line_num}: the header row needs "
                                     f"column(s) {', '.join(missing)}")
            continue
        where = f"{name}:{reader.line_num}"
        if len(row) > len(header):
            problems.append(f"{where}: {len(row)} fields, the header has {len(header)}")
            continue
        values: dict[str, Any] = {k: v.strip() for k, v in zip(header, row, strict=False) if v.strip()}
        for key in ("hashtags", "keywords", "speakers"):
            if key in values:
                values[key] = [x.strip() for x in re.split(r"[;|]", values[key]) if x.strip()]
        slot = _slot(values, tz, values.get("date"), where, problems)
        if slot is not None:
            slots.append(slot)
        if len(slots) >= MAX_SLOTS:
            problems.append(f"{name}: only the first {MAX_SLOTS} items are used")
            break
    if header is None:
        raise ProgrammeError(f"{name}: empty programme (no header row)")
    return Programme(slots, timezone), problems


def _slot(row: dict[str, Any], tz: tzinfo, day: Any, where: str, problems: list[str]
          ) -> AgendaSlot | None:
    item = row.get("agenda_item", row.get("item"))
    if isinstance(item, bool) or not isinstance(item, (int, float, str)) or not str(item).strip():
        problems.append(f"{where}: the item needs `item` (or `agenda_item`), e.g. 4 or \"2.1\"")
        return None
    item_s = _clip(str(item).strip())
    if item_s.lower().startswith("item ") and item_s[5:].strip()[:1].isdigit():
        item_s = item_s[5:].strip()
    title = row.get("title", "")
    if not isinstance(title, str):
        problems.append(f"{where}: `title` must be text")
        return None
    row_day = row.get("date", day)
    try:
        start = _when(row.get("start"), tz, row_day, "start")
        end = _when(row.get("end"), tz, row_day, "end")
    except ValueError as exc:
        problems.append(f"{where}: {exc}")
        return None
    if (start is None) != (end is None):
        problems.append(f"{where}: give both `start` and `end`, or neither (unscheduled)")
        return None
    if start is not None and end is not None and end <= start:
        problems.append(f"{where}: `end` ({row.get('end')}) is not after `start` ({row.get('start')})")
        return None
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("hashtags", "keywords", "speakers"):
        value = row.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}: `{key}` must be a list of text")
            return None
        cleaned = [_clip(v.strip()) for v in value[:MAX_LIST] if v.strip()]
        if key == "hashtags":
            cleaned = [v.lstrip("#").lower() for v in cleaned]
        lists[key] = tuple(dict.fromkeys(cleaned))
    return AgendaSlot(item_s, _clip(title.strip()), start, end, lists["hashtags"],
                      lists["keywords"], lists["speakers"])


def _clip(value: str) -> str:
    value = "".join(ch for ch in value if ch.isprintable())
    return value[:MAX_FIELD]


def _when(value: Any, tz: tzinfo, day: Any, key: str) -> str | None:
    """ISO UTC for a programme time: a TOML datetime, an ISO text (with or
    without offset), or ``HH:MM`` on the programme's ``date``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, time):
        dt = _on_day(value, day, key)
    elif isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", text):
            dt = _on_day(time.fromisoformat(text.zfill(5) if len(text) == 4 else text), day, key)
        else:
            try:
                dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError as exc:
                raise ValueError(f"`{key}` {text[:40]!r} is not a time (use 2026-03-03T10:55, "
                                 f"10:55 with a date, or an ISO time with offset)") from exc
    else:
        raise ValueError(f"`{key}` must be a time, not {type(value).__name__}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return iso(dt)


def _on_day(t: time, day: Any, key: str) -> datetime:
    if isinstance(day, date):
        d = day
    elif isinstance(day, str):
        try:
            d = date.fromisoformat(day.strip())
        except ValueError as exc:
            raise ValueError(f"date {day!r} is not YYYY-MM-DD") from exc
    else:
        raise ValueError(f"`{key}` is a time of day: the programme needs a `date` "
                         "([meeting].date, or a date column)")
    return datetime.combine(d, t)


def programme_of(path: str | None, timezone: str = "UTC", meeting_hashtags: tuple[str, ...] = ()
                 ) -> tuple[Programme | None, list[str]]:
    """The programme a watch file names (None without one), and every problem
    met reading it; never raises: a meeting is still followed without it."""
    if not path:
        return None, []
    try:
        programme, problems = load_programme(path, timezone)
    except ProgrammeError as exc:
        return None, [str(exc)]
    if not programme.slots:
        return None, problems
    return Programme(programme.slots, programme.timezone, meeting_hashtags), problems
