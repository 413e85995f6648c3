"""``meetwatch record``: the collector without the deck.

Prints one line per state change of a source and a summary at exit; stops
after ``duration`` seconds or on SIGINT/SIGTERM, with everything received
committed to the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from meetwatch.core.watch import WatchFile
from meetwatch.live.base import LiveSettings, SourceState
from meetwatch.live.collector import Collector, LogUnwritable, Summary


def run_record(watch: WatchFile, db: Path, duration: float | None, *,
               settings: LiveSettings | None = None, out: TextIO | None = None,
               flags: Any = None) -> int:
    stream = out or sys.stdout
    if not watch.sources:
        print("meetwatch: the watch file has no [[sources]] to record", file=sys.stderr)
        return 2
    if not watch.hashtags and not watch.accounts:
        print("meetwatch: warning: no [meeting].hashtags and no [accounts]: Bluesky and X "
              "will keep nothing", file=sys.stderr)

    def status(state: SourceState, text: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {state.name}: {text}", file=stream, flush=True)

    async def main() -> Summary:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        collector = Collector(watch, str(db), settings=settings, on_status=status, flags=flags)
        try:
            return await collector.run(duration, stop)
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(sig)

    how = f"for {duration:g}s" if duration else "until Ctrl+C"
    print(f"recording {len(watch.sources)} source(s) {how}", file=stream, flush=True)
    try:
        summary = asyncio.run(main())
    except LogUnwritable as exc:
        print(f"meetwatch: {exc}", file=sys.stderr)
        return 1
    for line in summary.lines():
        print(line, file=stream, flush=True)
    return 0
