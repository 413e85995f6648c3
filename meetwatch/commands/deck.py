"""Commands that run: the deck (demo, replay, watch) and the live side
(record, rehearse)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from meetwatch.commands.common import (
    _announce_db,
    _db_arg,
    _pairing,
    _recompute_pairs,
    _set_programme,
    _watch_flags,
    _watch_or_none,
    flag_config,
)

SAMPLE_DIR = Path(__file__).resolve().parent.parent.parent / "sample_streams"
DEMO_SPEED = 60.0  # a four-hour session plays in four minutes
SKIP_GAPS = 600.0  # seconds of silence a replay skips


def _replay_programme(watch: Any, sources: Sequence[Path]) -> Any:
    """The watch file's programme, else the one a replayed log was tagged with."""
    from meetwatch.core.programme import programme_of
    from meetwatch.replay import is_log
    from meetwatch.store.agenda import load_agenda
    from meetwatch.store.schema import open_db

    if watch is not None and watch.programme:
        programme, problems = programme_of(watch.programme, watch.timezone, watch.hashtags)
        for problem in problems:
            print(f"programme: {problem}", file=sys.stderr)
        return programme
    for path in sources:
        if is_log(path):
            conn = open_db(str(path), readonly=True)
            try:
                if (found := load_agenda(conn)) is not None:
                    return found
            finally:
                conn.close()
    return None


def _replay_deck(sources: Sequence[Path], speed: float | None, start: str | None,
                 watch_path: str | Path | None, *, demo: bool = False) -> int:
    import tempfile

    from meetwatch.replay import ReplayEngine, resolve_time, scan
    from meetwatch.ui.factory import DeckConfig, make_app, panes_for_replay

    files = [p for p in sources if p.suffix != ".toml"]
    watch_path = watch_path or next((p for p in sources if p.suffix == ".toml"), None)
    watch = _watch_or_none(watch_path)
    tz = watch.timezone if watch else "UTC"
    summary = scan(files, watch.accounts if watch else None)
    for path, why in summary.problems:
        print(f"{path}: not replayable: {why}", file=sys.stderr)
    if not summary.usable:
        print("meetwatch: nothing to replay", file=sys.stderr)
        return 1
    busy = summary.busy_start_us()
    start_us = busy if demo else None
    if start:
        try:
            start_us = resolve_time(start, busy or 0, tz)
        except ValueError as exc:
            print(f"meetwatch: --from: {exc}", file=sys.stderr)
            return 2
    name = watch.name if watch and watch.name else f"Replay of {files[0].name}" + (
        f" +{len(files) - 1}" if len(files) > 1 else "")
    programme = _replay_programme(watch, summary.usable)
    with tempfile.TemporaryDirectory(prefix="meetwatch-replay-") as scratch:
        flags = flag_config(_watch_flags(watch))
        engine = ReplayEngine(summary.usable, scratch, speed=speed, start_us=start_us,
                              summary=summary, categories=watch.accounts if watch else None,
                              skip_gaps=SKIP_GAPS, flags=flags,
                              programme=programme, details=watch.details if watch else None,
                              pairing=_pairing(watch))
        _announce_db(engine.log_path)
        # The demo's watch file is bundled: its layout is not saved over.
        config = DeckConfig(engine.log_path, panes_for_replay(summary, watch), meeting=name,
                            timezone=tz, watch_path=None if demo or watch_path is None
                            else Path(watch_path), flags=flags)
        make_app(config, engine).run()
    return 0


def cmd_demo() -> int:
    files = sorted(SAMPLE_DIR.glob("*.jsonl")) + sorted(SAMPLE_DIR.glob("*.xml"))
    if not files:
        print(f"meetwatch: the sample session is not installed ({SAMPLE_DIR}); "
              "try `meetwatch --help`", file=sys.stderr)
        return 1
    watch = next(iter(sorted(SAMPLE_DIR.glob("*.watch.toml"))), None)
    return _replay_deck(files, DEMO_SPEED, None, watch, demo=True)


def cmd_replay(args: argparse.Namespace) -> int:
    return _replay_deck([Path(s) for s in args.sources], args.speed, args.start, args.watch)


def cmd_watch(args: argparse.Namespace) -> int:
    from meetwatch.live.feed import LiveFeed
    from meetwatch.store.agenda import remember_meeting
    from meetwatch.store.writer import LogWriter, apply_watch_accounts
    from meetwatch.ui.factory import DeckConfig, make_app, panes_for_log

    watch = _watch_or_none(args.watch)
    db = _db_arg(args.db)
    _announce_db(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    with LogWriter(str(db)) as writer:  # creates the log if new; the watch file's categories win
        writer.begin()
        writer.pairing = _pairing(watch)
        changed = apply_watch_accounts(writer.conn, watch.accounts, watch.details)
        remember_meeting(writer.conn, watch.name, watch.timezone)
        writer.commit()
        if changed + _set_programme(writer, watch):
            _recompute_pairs(writer)
    note = "" if watch.sources else "no [[sources]] in the watch file — showing the log"
    config = DeckConfig(db, panes_for_log(db, watch), meeting=watch.name or Path(args.watch).stem,
                        timezone=watch.timezone, watch_path=Path(args.watch), sources_note=note,
                        flags=flag_config(_watch_flags(watch)))
    live = None
    if watch.sources:
        live = LiveFeed(watch, db, flags=flag_config(_watch_flags(watch)))
    try:
        make_app(config, live=live).run()
    finally:
        if live is not None:
            live.stop()
            live.join()  # everything received is committed before we exit
    if live is not None and live.error is not None:
        print(f"meetwatch: live sources stopped: {live.error}", file=sys.stderr)
        return 1
    if live is not None and live.summary is not None:
        for line in live.summary.lines():
            print(line)
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    from meetwatch.live.record import run_record

    watch = _watch_or_none(args.watch)
    db = _db_arg(args.db)
    _announce_db(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    raw_flags = watch.raw.get("flags", {})
    flags = flag_config(raw_flags if isinstance(raw_flags, dict) else {})
    return run_record(watch, db, args.duration, flags=flags)


def cmd_rehearse(args: argparse.Namespace) -> int:
    from meetwatch.live.rehearse import run_rehearse

    return run_rehearse([Path(f) for f in args.recordings], port=args.port,
                        speed=args.speed or 1_000_000.0)
