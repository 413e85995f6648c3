"""Session measures: volume, share of voice, top lists, engagement, response
latency, spikes and coverage gaps.

Pure functions and one accumulator over plain rows (no I/O, stdlib only), so
the same code serves the report (fed once from the log) and the deck (fed a
batch at a time as posts arrive, live or replayed).  Times are whole epoch
seconds; volume is counted in buckets of ``bucket`` seconds (a minute by
default) keyed by the bucket's first second.
"""

from __future__ import annotations

import functools
import heapq
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from meetwatch.core.panes import PaneSpec
from datetime import UTC, datetime

# Share-of-voice order: the categories a watch file names, then anything else.
CATEGORIES = ("official", "civil_society", "media", "own", "other")
# Engagement counters the parsers store in posts.metrics (Mastodon: replies,
# shares, likes; X: replies, shares, likes, quotes).  Jetstream and feeds carry none.
ENGAGEMENT = ("shares", "likes", "replies", "quotes")
BUCKET_SECONDS = 60
NO_ITEM = ""  # the key of posts without an agenda item
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BARS = " ▁▂▃▄▅▆▇█"


@functools.lru_cache(maxsize=4096)
def _minute(prefix: str) -> int:
    """Epoch seconds of ``YYYY-MM-DDTHH:MM`` (UTC); posts share minutes, so
    this is nearly always a cache hit."""
    return int((datetime.fromisoformat(prefix).replace(tzinfo=UTC) - _EPOCH).total_seconds())


def epoch_seconds(iso: str) -> int:
    """Seconds since the epoch of meetwatch's canonical UTC time
    (``YYYY-MM-DDTHH:MM:SS[.fff]Z``); other ISO forms are parsed fully."""
    try:
        if len(iso) >= 20 and iso[10] == "T" and iso[-1] == "Z" and iso[16] == ":":
            return _minute(iso[:16]) + int(iso[17:19])
        return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())
    except (ValueError, TypeError):
        return 0


def iso_seconds(seconds: int) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` for epoch seconds."""
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def category_order(categories: Iterable[str]) -> list[str]:
    """Known categories in share-of-voice order, then the rest by name."""
    present = set(categories)
    return [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))


@dataclass(frozen=True, slots=True)
class PostFact:
    """What the measures need of one post."""

    id: int
    at: int                       # created_at, epoch seconds
    category: str                 # the author's account category
    author: str                   # handle
    hashtags: tuple[str, ...] = ()
    lang: str | None = None
    item: str | None = None       # agenda item
    metrics: Mapping[str, int] = field(default_factory=dict)
    network: str = ""


PanePredicate = Callable[[PostFact], bool]


def pane_predicate(spec: PaneSpec) -> PanePredicate | None:
    """Whether a post belongs to a deck pane, decided from its facts alone;
    None for panes that need the text or the flags (search, flags, a text
    filter), which the measures cannot chart."""
    f = spec.filter
    if spec.kind in ("search", "flags") or f.text:
        return None
    value = spec.value
    lang, network, category = f.lang.lower(), f.network.lower(), f.category

    def keep(p: PostFact) -> bool:
        if spec.kind == "category" and p.category != value:
            return False
        if spec.kind == "hashtag" and value not in p.hashtags:
            return False
        if spec.kind == "account" and p.author.lstrip("@").lower() != value.lstrip("@").lower():
            return False
        if lang:
            own = (p.lang or "").lower()
            if own != lang and not own.startswith(f"{lang}-"):
                return False
        if network and p.network != network:
            return False
        return not category or p.category == category

    return keep


@dataclass(frozen=True, slots=True)
class Share:
    """One category's part of a whole."""

    category: str
    posts: int
    fraction: float


def shares(counts: Mapping[str, int]) -> list[Share]:
    """Share of voice from counts per category, in category order."""
    total = sum(counts.values())
    return [Share(c, counts[c], counts[c] / total if total else 0.0)
            for c in category_order(k for k, v in counts.items() if v)]


def engagement_score(metrics: Mapping[str, int]) -> int:
    return sum(int(metrics.get(k, 0)) for k in ENGAGEMENT)


def _bump(table: dict[Any, Counter[Any]], key: Any, sub: Any) -> None:
    counts = table.get(key)
    if counts is None:
        counts = table[key] = Counter()
    counts[sub] += 1


class SessionStats:
    """Measures accumulated post by post.  ``add`` is O(hashtags); every
    question is answered from the counters, never by walking posts again.
    A post id seen before is ignored (an edit arrives as the same post)."""

    def __init__(self, bucket: int = BUCKET_SECONDS,
                 panes: Mapping[str, PanePredicate] | None = None) -> None:
        self.bucket = bucket
        self.panes = dict(panes or {})                     # name -> which posts it holds
        self.pane_volume: dict[str, Counter[int]] = {n: Counter() for n in self.panes}
        self.seen: set[int] = set()
        self.total = 0
        self.first: int | None = None
        self.last: int | None = None
        self.by_category: Counter[str] = Counter()
        self.by_item: Counter[str] = Counter()
        self.item_category: dict[str, Counter[str]] = {}
        self.volume: dict[int, Counter[str]] = {}          # bucket -> category -> posts
        self.item_volume: dict[str, Counter[int]] = {}     # item -> bucket -> posts
        self.tag_volume: dict[str, Counter[int]] = {}      # hashtag -> bucket -> posts
        self.accounts: Counter[tuple[str, str]] = Counter()  # (handle, category) -> posts
        self.hashtags: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.engagement: Counter[str] = Counter()           # metric -> sum
        self.engagement_by_category: dict[str, Counter[str]] = {}
        self.with_metrics = 0
        self._top_engaged: list[tuple[int, int]] = []        # min-heap of (score, id)

    def add(self, fact: PostFact) -> bool:
        if fact.id in self.seen:
            return False
        self.seen.add(fact.id)
        self.total += 1
        at, cat = fact.at, fact.category
        if self.first is None or at < self.first:
            self.first = at
        if self.last is None or at > self.last:
            self.last = at
        b = at - at % self.bucket
        self.by_category[cat] += 1
        item = fact.item or NO_ITEM
        self.by_item[item] += 1
        _bump(self.item_category, item, cat)
        _bump(self.volume, b, cat)
        _bump(self.item_volume, item, b)
        for tag in fact.hashtags:
            self.hashtags[tag] += 1
            _bump(self.tag_volume, tag, b)
        self.accounts[(fact.author, cat)] += 1
        self.languages[fact.lang or "und"] += 1
        for name, keep in self.panes.items():
            if keep(fact):
                self.pane_volume[name][b] += 1
        if fact.metrics:
            self._add_metrics(fact, cat)
        return True

    def _add_metrics(self, fact: PostFact, cat: str) -> None:
        self.with_metrics += 1
        per_cat = self.engagement_by_category.get(cat)
        if per_cat is None:
            per_cat = self.engagement_by_category[cat] = Counter()
        score = 0
        for key in ENGAGEMENT:
            if n := int(fact.metrics.get(key, 0)):
                self.engagement[key] += n
                per_cat[key] += n
                score += n
        if score:
            entry = (score, -fact.id)
            if len(self._top_engaged) < 10:
                heapq.heappush(self._top_engaged, entry)
            elif entry > self._top_engaged[0]:
                heapq.heapreplace(self._top_engaged, entry)

    def extend(self, facts: Iterable[PostFact]) -> int:
        return sum(self.add(f) for f in facts)

    # -- questions ---------------------------------------------------------------

    def totals(self) -> Counter[int]:
        """Posts per bucket, every category."""
        return Counter({b: sum(c.values()) for b, c in self.volume.items()})

    def series(self, start: int, end: int, *, item: str | None = None, tag: str | None = None,
               category: str | None = None, pane: str | None = None) -> list[int]:
        """Posts per bucket from ``start`` up to (not including) ``end``, for
        one item, hashtag, category or tracked pane, or all of them."""
        first = start - start % self.bucket
        keys = range(first, end, self.bucket)
        if item is not None:
            counts = self.item_volume.get(item, Counter())
            return [counts.get(b, 0) for b in keys]
        if tag is not None:
            counts = self.tag_volume.get(tag, Counter())
            return [counts.get(b, 0) for b in keys]
        if pane is not None:
            counts = self.pane_volume.get(pane, Counter())
            return [counts.get(b, 0) for b in keys]
        empty: Counter[str] = Counter()
        if category is not None:
            return [self.volume.get(b, empty).get(category, 0) for b in keys]
        return [sum(self.volume.get(b, empty).values()) for b in keys]

    def share_of_voice(self, item: str | None = None) -> list[Share]:
        return shares(self.by_category if item is None else self.item_category.get(item, Counter()))

    def top_accounts(self, n: int = 10) -> list[tuple[str, str, int]]:
        """(handle, category, posts), most posts first, then by handle."""
        rows = heapq.nsmallest(n, self.accounts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(h, c, k) for (h, c), k in rows]

    def top_hashtags(self, n: int = 10) -> list[tuple[str, int]]:
        return heapq.nsmallest(n, self.hashtags.items(), key=lambda kv: (-kv[1], kv[0]))

    def top_languages(self, n: int = 10) -> list[tuple[str, int]]:
        return heapq.nsmallest(n, self.languages.items(), key=lambda kv: (-kv[1], kv[0]))

    def busy_start(self, programme_start: int | None = None, *, lull: int = 3 * 3600,
                   share: float = 0.05) -> int:
        """Where a chart of the session should start: after the last silence
        longer than ``lull`` that fewer than ``share`` of the posts precede (a
        few old posts, quoted or replied to, would otherwise stretch the chart
        over days), or at the programme's start if that is earlier."""
        if self.first is None:
            return programme_start or 0
        start, seen, previous = self.first, 0, None
        for b in sorted(self.volume):
            if previous is not None and b - previous > lull and seen < self.total * share:
                start = b
            seen += sum(self.volume[b].values())
            previous = b
        return min(start, programme_start) if programme_start is not None else start

    def most_engaged(self) -> list[tuple[int, int]]:
        """(post id, engagement score) of the ten most engaged posts."""
        return [(-neg_id, score) for score, neg_id in sorted(self._top_engaged, reverse=True)]


# -- spikes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpikeRule:
    """A spike: at least ``min_posts`` in the last ``window`` seconds and
    ``ratio`` times what the previous ``baseline`` seconds would predict for
    a window that long.  Not judged before ``min_history`` seconds of log
    (a log that starts mid-session is not a spike); after one, quiet for
    ``cooldown`` seconds."""

    window: int = 300
    baseline: int = 3600
    ratio: float = 3.0
    min_posts: int = 20
    min_history: int = 900
    cooldown: int = 900


DEFAULT_SPIKES = SpikeRule()


@dataclass(frozen=True, slots=True)
class Spike:
    at: int               # end of the window (epoch seconds)
    posts: int            # in the window
    expected: float       # from the baseline
    key: str | None = None  # what was counted (None: every post)

    @property
    def ratio(self) -> float:
        return self.posts / self.expected if self.expected else float("inf")


def _window_sum(counts: Mapping[int, int], bucket: int, start: int, end: int) -> int:
    """Posts in buckets starting in [start, end)."""
    first = start - start % bucket
    if first < start:
        first += bucket
    return sum(counts.get(b, 0) for b in range(first, end, bucket))


def spike_at(counts: Mapping[int, int], bucket: int, now: int, first: int, rule: SpikeRule,
             key: str | None = None) -> Spike | None:
    """The spike at ``now`` (no cooldown), or None."""
    if now - first < rule.min_history:
        return None
    recent = _window_sum(counts, bucket, now - rule.window, now)
    if recent < rule.min_posts:
        return None
    span = min(rule.baseline, now - rule.window - first)
    base = _window_sum(counts, bucket, now - rule.window - span, now - rule.window)
    expected = base * rule.window / span if span > 0 else 0.0
    if recent >= rule.ratio * max(expected, 1.0):
        return Spike(now, recent, expected, key)
    return None


def detect_spikes(counts: Mapping[int, int], bucket: int, rule: SpikeRule = DEFAULT_SPIKES,
                  key: str | None = None) -> list[Spike]:
    """Every spike in a series, judged at each bucket boundary, with the cooldown."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    out: list[Spike] = []
    quiet_until = first
    for now in range(first + bucket, last + 2 * bucket, bucket):
        if now < quiet_until:
            continue
        if spike := spike_at(counts, bucket, now, first, rule, key):
            out.append(spike)
            quiet_until = now + rule.cooldown
    return out


class SpikeWatch:
    """Live spike alerts over a SessionStats: ``check(now)`` after each batch
    returns a new spike at most once per cooldown."""

    def __init__(self, stats: SessionStats, rule: SpikeRule = DEFAULT_SPIKES) -> None:
        self.stats = stats
        self.rule = rule
        self.last: Spike | None = None

    def check(self, now: int) -> Spike | None:
        if self.stats.first is None or (self.last and now < self.last.at + self.rule.cooldown):
            return None
        counts = {b: sum(c.values()) for b, c in self.stats.volume.items()
                  if now - self.rule.window - self.rule.baseline - self.stats.bucket <= b <= now}
        spike = spike_at(counts, self.stats.bucket, now, self.stats.first, self.rule)
        if spike:
            self.last = spike
        return spike


# -- response latency --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Latency:
    """How fast official statements drew a response (seconds)."""

    statements: int                 # statements with at least one response
    responses: int
    first_median: float | None      # median over statements of the first response
    first_fastest: float | None
    median: float | None            # median over every response
    per_statement: dict[int, tuple[float, float, int]]  # id -> (first, median, responses)


def response_latency(pairs: Iterable[tuple[int, int, int]]) -> Latency:
    """From (statement id, statement time, response time) pairs.  A response
    dated before its statement (a topical match) is not a latency and is
    left out."""
    delays: dict[int, list[float]] = {}
    for sid, s_at, r_at in pairs:
        if r_at >= s_at:
            delays.setdefault(sid, []).append(float(r_at - s_at))
    per = {sid: (min(d), statistics.median(d), len(d)) for sid, d in sorted(delays.items())}
    every = [x for d in delays.values() for x in d]
    firsts = [v[0] for v in per.values()]
    return Latency(len(per), len(every), statistics.median(firsts) if firsts else None,
                   min(firsts) if firsts else None, statistics.median(every) if every else None,
                   per)


# -- coverage ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch a source did not cover.  ``filled``: recovered afterwards
    (Mastodon gap-fill, Jetstream rewind), so the data is complete after all.
    ``end`` None: still open when the log ends."""

    source: str
    start: str
    end: str | None
    filled: bool
    detail: str = ""

    def overlaps(self, start: str | None, end: str | None) -> bool:
        return (end is None or self.start < end) and (start is None or self.end is None
                                                       or self.end > start)


def coverage_gaps(events: Iterable[Sequence[object]]) -> list[Gap]:
    """Gaps from connection events (source, kind, at, detail, gap_start,
    gap_end, filled) in time order: every ``gap`` row, and a drop or stall
    that no reconnect closed before the log ends."""
    out: list[Gap] = []
    open_drop: dict[str, tuple[str, str]] = {}
    for source, kind, at, detail, gap_start, gap_end, filled in events:
        src, when, why = str(source), str(at), str(detail or "")
        if kind == "gap":
            out.append(Gap(src, str(gap_start or when), str(gap_end) if gap_end else when,
                           bool(filled), why))
            open_drop.pop(src, None)
        elif kind in ("drop", "stall", "error"):
            open_drop.setdefault(src, (when, why))
        elif kind in ("connect", "reconnect"):
            open_drop.pop(src, None)
    out.extend(Gap(src, when, None, False, why) for src, (when, why) in open_drop.items())
    return sorted(out, key=lambda g: (g.start, g.source))


# -- text charts -------------------------------------------------------------------


def resample(values: Sequence[int], width: int) -> list[int]:
    """``values`` summed into at most ``width`` consecutive groups."""
    if width <= 0 or not values:
        return []
    if len(values) <= width:
        return list(values)
    step = -(-len(values) // width)
    return [sum(values[i:i + step]) for i in range(0, len(values), step)]


def sparkline(values: Sequence[int], width: int = 60) -> str:
    """A one-line bar chart: ``▁▂▃▅█``; a space for an empty bucket."""
    vals = resample(values, width)
    top = max(vals, default=0)
    if top <= 0:
        return " " * len(vals)
    return "".join(_BARS[0 if v <= 0 else max(1, round(v / top * 8))] for v in vals)


def bar(fraction: float, width: int = 20) -> str:
    """A horizontal bar for a fraction in [0, 1], eighths included."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
