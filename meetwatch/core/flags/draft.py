"""Check my draft: the leak, indiscretion and personal-data rules run on
text the user is about to post elsewhere (the "pre-post lint" of
shared/research/detection.md).

The draft is the user's own, so it is judged as a post by an ``own``
account (leak and indiscretion severities one level up) at the time of
checking (embargo watchlists apply until they lift).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime

from meetwatch.core.flags.engine import FlagEngine, Hit
from meetwatch.core.flags.rules import shift

DRAFT_CATEGORIES: tuple[str, ...] = ("leak", "indiscretion", "pii")
MAX_DRAFT = 20_000  # characters checked


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@functools.lru_cache(maxsize=4)
def _draft_engine(engine: FlagEngine) -> FlagEngine:
    return FlagEngine([r for r in engine.rules if r.category in DRAFT_CATEGORIES], engine.scorer,
                      engine.scorer_off)


def draft_engine(engine: FlagEngine) -> FlagEngine:
    """``engine``'s leak, indiscretion and pii rules (built once per engine)."""
    return _draft_engine(engine)


def check_draft(engine: FlagEngine, text: str, *, at: str | None = None,
                lang: str | None = None) -> list[Hit]:
    """The hits of the draft rules on ``text``, most severe first; spans are
    offsets into ``text``."""
    hits = [h for h in draft_engine(engine).scan(text[:MAX_DRAFT], lang=lang, at=at or now_iso())
            if h.category in DRAFT_CATEGORIES]
    for h in hits:
        if h.category in ("leak", "indiscretion"):
            raised = shift(h.severity, 1)
            if raised != h.severity:
                h.severity = raised
                h.adjustments.append("+1: your own post")
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    hits.sort(key=lambda h: (order.get(h.severity, 4), h.spans[0][0] if h.spans else 0))
    return hits
