"""The live side: a collector that follows Mastodon, Bluesky (Jetstream), X and
RSS sources into the log, with reconnects, gap refills and an honest
connection log.  No Textual here; the deck and ``meetwatch record`` both
drive :class:`Collector`."""

from __future__ import annotations

from meetwatch.live.base import LiveSettings, SourceState
from meetwatch.live.collector import Collector, Summary

__all__ = ["Collector", "LiveSettings", "SourceState", "Summary"]
