"""The digest: every number and list the report shows, as one plain,
JSON-ready dict built from the log.  The Markdown and HTML renderers only
lay it out, so the three formats always agree.

Deterministic: the same log (and options) gives the same digest — no clock
is read, every list has a total order.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from meetwatch.core.stats import (
    CATEGORIES, DEFAULT_SPIKES, ENGAGEMENT, NO_ITEM, Gap, SessionStats, Spike, SpikeRule, detect_spikes,
    epoch_seconds, iso_seconds, response_latency,
)
from meetwatch.core.text import clean
from meetwatch.store import analytics as an

MAX_POINTS = 360          # bars in a volume chart at most; the bucket grows to fit
TEXT_CHARS = 600          # of a post's text in the digest
NO_ITEM_TITLE = "Unscheduled / no item"
FLAG_STATES = ("open", "acknowledged", "dismissed", "false_positive")


def _text(post: dict[str, Any]) -> dict[str, Any]:
    post = dict(post)
    post["text"] = clean(post.get("text"), TEXT_CHARS)
    return post


def _gap(g: Gap) -> dict[str, Any]:
    return {"source": g.source, "start": g.start, "end": g.end, "filled": g.filled,
            "detail": clean(g.detail, 300)}


def _spike(s: Spike, rule: SpikeRule) -> dict[str, Any]:
    return {"from": iso_seconds(s.at - rule.window), "to": iso_seconds(s.at), "posts": s.posts,
            "expected": round(s.expected, 2),
            "ratio": None if not s.expected else round(s.ratio, 2), "item": s.key}


def _by_category(counts: Counter[str]) -> dict[str, int]:
    out = {c: counts.get(c, 0) for c in CATEGORIES}
    out.update({c: n for c, n in sorted(counts.items()) if c not in out})
    return out


def _latency(pairs: list[tuple[int, int, int, str]], item: str | None = None) -> dict[str, Any]:
    lat = response_latency((sid, sa, ra) for sid, sa, ra, it in pairs if item is None or it == item)
    return {"statements_answered": lat.statements, "responses": lat.responses,
            "first_median_s": lat.first_median, "first_fastest_s": lat.first_fastest,
            "median_s": lat.median}


class _Series:
    """Volume charts share one time axis: ``start`` and a bucket of a whole
    number of the accumulator's minutes, at most MAX_POINTS long."""

    def __init__(self, stats: SessionStats, programme_start: int | None = None) -> None:
        self.stats = stats
        b = stats.bucket
        first = stats.busy_start(programme_start)
        last = stats.last if stats.last is not None else first
        self.start = first - first % b
        # Posts from before the chart (a few quoted old posts would otherwise
        # stretch it over days): counted in every total, not drawn.
        self.before = sum(n for k, c in stats.volume.items() if k < self.start
                          for n in c.values())
        minutes = (last - self.start) // b + 1
        self.factor = max(1, -(-minutes // MAX_POINTS))
        self.bucket = b * self.factor
        self.end = self.start + -(-minutes // self.factor) * self.bucket

    def get(self, **key: Any) -> list[int]:
        fine = self.stats.series(self.start, self.end, **key)
        f = self.factor
        return fine if f == 1 else [sum(fine[i:i + f]) for i in range(0, len(fine), f)]


def build_digest(conn: sqlite3.Connection, *, title: str = "Session digest",
                 item: str | None = None, start: str | None = None, end: str | None = None,
                 statements: int = 20, flags_listed: int = 50,
                 rule: SpikeRule = DEFAULT_SPIKES) -> dict[str, Any]:
    """The digest of posts created in [start, end) — of one agenda item with
    ``item`` ('' for posts without one)."""
    scope = an.Scope(item, start, end)
    stats = SessionStats()
    stats.extend(an.iter_facts(conn, scope))
    slots = an.agenda(conn)
    scheduled = [epoch_seconds(s.starts_at) for s in slots if s.starts_at]
    axis = _Series(stats, min(scheduled) if scheduled else None)
    first = iso_seconds(stats.first) if stats.first is not None else None
    last = iso_seconds(stats.last) if stats.last is not None else None
    all_gaps = [g for g in an.gaps(conn) if g.overlaps(start or first, end or last)]
    titles: dict[str, str] = {}
    for s in slots:
        titles.setdefault(s.item, s.title)
    if item is not None:
        keys = [item]
    else:
        keys = list(titles) + [k for k in an.items_in_log(conn) if k not in titles]
        if stats.by_item.get(NO_ITEM):
            keys.append(NO_ITEM)
    volume_counts = stats.totals()
    spikes = detect_spikes(volume_counts, stats.bucket, rule)
    flags = an.flag_outcomes(conn, scope)
    engaged = an.post_texts(conn, [pid for pid, _ in stats.most_engaged()])
    pairs = an.pair_rows(conn, scope)
    digest: dict[str, Any] = {
        "title": clean(title, 200),
        "scope": {"item": item, "from": start, "to": end},
        "span": {"first": first, "last": last},
        "totals": {
            "posts": stats.total,
            "by_category": _by_category(stats.by_category),
            "accounts": len({h for h, _ in stats.accounts}),
            "statements": stats.by_category.get("official", 0),
            "pairs": len(pairs),
            "flags": len(flags),
            "spikes": len(spikes),
            "unrecovered_gaps": sum(1 for g in all_gaps if not g.filled),
        },
        "share_of_voice": [{"category": s.category, "posts": s.posts,
                            "fraction": round(s.fraction, 4)} for s in stats.share_of_voice()],
        "volume": {
            "start": iso_seconds(axis.start) if stats.total else None,
            "bucket_seconds": axis.bucket,
            "before_start": axis.before,
            "total": axis.get(),
            "by_category": {c: axis.get(category=c) for c in _by_category(stats.by_category)
                            if stats.by_category.get(c)},
        },
        "agenda": [{"item": s.item, "title": clean(s.title, 300), "starts_at": s.starts_at,
                    "ends_at": s.ends_at} for s in slots],
        "top_accounts": [{"author": h, "category": c, "posts": n}
                         for h, c, n in stats.top_accounts(10)],
        "top_hashtags": [{"hashtag": t, "posts": n} for t, n in stats.top_hashtags(10)],
        "languages": [{"lang": lang, "posts": n} for lang, n in stats.top_languages(10)],
        "engagement": {
            "posts_with_metrics": stats.with_metrics,
            "totals": {k: stats.engagement.get(k, 0) for k in ENGAGEMENT},
            "by_category": {c: {k: v.get(k, 0) for k in ENGAGEMENT}
                            for c, v in sorted(stats.engagement_by_category.items())},
            "most_engaged": [{**_text(engaged[pid]), "engagement": score}
                             for pid, score in stats.most_engaged() if pid in engaged],
        },
        "latency": _latency(pairs),
        "spikes": [_spike(s, rule) for s in spikes],
        "gaps": [_gap(g) for g in all_gaps],
        "items": [],
    }
    for key in keys:
        digest["items"].append(_item(conn, stats, axis, key, titles.get(key, ""), slots,
                                     start, end, statements, flags_listed, rule, all_gaps, pairs))
    return digest


def _item(conn: sqlite3.Connection, stats: SessionStats, axis: _Series, key: str, title: str,
          slots: list[an.Slot], start: str | None, end: str | None, statements: int,
          flags_listed: int, rule: SpikeRule, gaps: list[Gap],
          pairs: list[tuple[int, int, int, str]]) -> dict[str, Any]:
    scope = an.Scope(key, start, end)
    counts = stats.item_category.get(key, Counter())
    n_statements, listed = an.statements(conn, scope, limit=statements)
    flags = an.flag_outcomes(conn, scope)
    by_flag: dict[str, dict[str, int]] = {}
    for f in flags:
        states = by_flag.setdefault(f["category"], dict.fromkeys(FLAG_STATES, 0))
        states[f["state"]] = states.get(f["state"], 0) + 1
    own_slots = [s for s in slots if s.item == key]
    times = [t for s in own_slots for t in (s.starts_at, s.ends_at) if t]
    window = (min(times), max(times)) if times else an.time_span(conn, scope)
    return {
        "item": key or None,
        "title": clean(title, 300) if key else NO_ITEM_TITLE,
        "slots": [{"starts_at": s.starts_at, "ends_at": s.ends_at} for s in own_slots],
        "totals": {"posts": sum(counts.values()), "by_category": _by_category(counts)},
        "share_of_voice": [{"category": s.category, "posts": s.posts,
                            "fraction": round(s.fraction, 4)} for s in stats.share_of_voice(key)],
        "volume": axis.get(item=key),
        "top_hashtags": _item_hashtags(conn, scope),
        "latency": _latency(pairs, key),
        "statements": {"count": n_statements, "listed": [
            {**_text(s), "responses": [_text(r) for r in s["responses"]]} for s in listed]},
        "flags": {"count": len(flags), "by_category": dict(sorted(by_flag.items())),
                  "listed": [{**f, "evidence": clean(f["evidence"], 300),
                              "note": clean(f["note"], 300)} for f in flags[:flags_listed]]},
        "official_changes": [{**_text(c), "versions": [
            {"text": clean(v["text"], TEXT_CHARS), "edited_at": v["edited_at"]}
            for v in c["versions"]]} for c in an.official_changes(conn, scope)],
        "spikes": [_spike(s, rule) for s in detect_spikes(
            stats.item_volume.get(key, Counter()), stats.bucket, rule, key or None)],
        "gaps": [_gap(g) for g in gaps if window[0] and g.overlaps(window[0], window[1])],
    }


def _item_hashtags(conn: sqlite3.Connection, scope: an.Scope) -> list[dict[str, Any]]:
    where, params = scope.where()
    rows = conn.execute(
        "SELECT h.tag, COUNT(*) AS n FROM post_hashtags h JOIN posts p ON p.id = h.post_id "
        f"WHERE {where} GROUP BY h.tag ORDER BY n DESC, h.tag LIMIT 5", params)
    return [{"hashtag": t, "posts": n} for t, n in rows]
