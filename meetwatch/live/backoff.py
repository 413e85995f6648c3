"""Reconnect delays: jittered exponential backoff, and X's documented policy.

Pure arithmetic (no sleeping here): a source asks for the next delay, sleeps
it itself, and resets after a connection that worked.
"""

from __future__ import annotations

import random


class Backoff:
    """Exponential backoff with jitter: ``initial * factor**n``, capped at
    ``maximum``, each delay drawn from its upper ``1 - jitter`` .. 1 band so
    many clients that dropped together do not come back together."""

    def __init__(self, initial: float = 1.0, maximum: float = 120.0, *, factor: float = 2.0,
                 jitter: float = 0.5, rng: random.Random | None = None) -> None:
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.jitter = jitter
        self.attempts = 0
        self._rng = rng or random.Random()

    def next(self) -> float:
        base = min(self.maximum, self.initial * self.factor ** min(self.attempts, 64))
        self.attempts += 1
        return base * (1.0 - self.jitter * self._rng.random())

    def reset(self) -> None:
        self.attempts = 0


class XBackoff:
    """X's reconnect guidance (docs.x.com, handling disconnections).

    Reconnect immediately once; then network errors back off *linearly*
    (+250 ms per attempt, cap 16 s), HTTP errors *exponentially* from 5 s
    (cap 320 s) and HTTP 429 exponentially from 60 s.  ``scale`` shrinks every
    delay (tests use a tiny one).
    """

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale
        self.network = 0
        self.http = 0
        self.limited = 0
        self.immediate_used = False

    def next(self, kind: str) -> float:
        """``kind``: ``network`` | ``http`` | ``429``."""
        if not self.immediate_used:
            self.immediate_used = True
            return 0.0
        if kind == "429":
            delay = 60.0 * float(2 ** min(self.limited, 16))
            self.limited += 1
        elif kind == "http":
            delay = min(320.0, 5.0 * float(2 ** min(self.http, 16)))
            self.http += 1
        else:
            self.network += 1
            delay = min(16.0, 0.25 * self.network)
        return delay * self.scale

    def reset(self) -> None:
        self.network = self.http = self.limited = 0
        self.immediate_used = False
