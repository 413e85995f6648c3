"""Command line: the composition root.

Parses arguments, opens the log, wires parsers, store and (for the deck) the
UI.  Every command prints the log's path on standard error, so a user always
knows which file they are looking at.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import orjson

from meetwatch import __version__

EXPORT_COLUMNS = (
    "uid", "network", "url", "author", "author_name", "author_category", "title", "text",
    "created_at", "received_at", "lang", "hashtags", "reply_to", "quote_of", "deleted_at",
    "edited_at", "flags",
)


def default_db() -> Path:
    env = os.environ.get("MEETWATCH_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("meetwatch", appauthor=False)) / "meetwatch.db"


def _db_arg(value: str | None) -> Path:
    path = Path(value) if value else default_db()
    return path.expanduser()


def _announce_db(path: Path) -> None:
    print(f"log: {path}", file=sys.stderr)


def _require_db(path: Path) -> int | None:
    if not path.exists():
        print(f"meetwatch: no log at {path} (import or record something first)", file=sys.stderr)
        return 2
    return None


# -- import --------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from meetwatch.core.watch import WatchFileError, load_watch
    from meetwatch.ingest import FORMATS, import_file
    from meetwatch.store.writer import LogWriter, apply_watch_accounts

    db = _db_arg(args.db)
    _announce_db(db)
    categories: dict[str, str] = {}
    if args.watch:
        try:
            categories = load_watch(args.watch).accounts
        except WatchFileError as exc:
            for problem in exc.problems:
                print(f"{exc.path}: {problem}", file=sys.stderr)
            return 2
    db.parent.mkdir(parents=True, exist_ok=True)
    readable = 0
    out = sys.stdout
    tty = sys.stderr.isatty()

    def progress(n: int) -> None:
        if tty:
            print(f"\r  {n:,} lines…", end="", file=sys.stderr, flush=True)

    with LogWriter(str(db)) as writer:
        writer.categories = categories
        if categories:
            writer.begin()
            apply_watch_accounts(writer.conn, categories)
            writer.commit()
        for name in args.files:
            report = import_file(writer, name, batch_size=args.batch, progress=progress,
                                 parallel=True)
            if tty:
                print("\r\033[K", end="", file=sys.stderr)
            if report.error:
                print(f"{name}: not imported: {report.error}", file=out if not args.json else sys.stderr)
                if args.json:
                    out.write(orjson.dumps({"file": name, "error": report.error}).decode() + "\n")
                continue
            readable += 1
            c = report.counts
            if args.json:
                out.write(orjson.dumps({
                    "file": name, "format": report.format, **c.as_dict(),
                    "rejections": [{"line": ln, "reason": r} for ln, r in c.rejections],
                }).decode() + "\n")
                continue
            label = FORMATS.get(report.format or "", report.format)
            print(f"{name}: {label}: {c.imported} imported, {c.updated} updated, "
                  f"{c.duplicate} duplicate, {c.rejected} rejected, {c.other} other", file=out)
            shown = c.rejections[: args.max_errors] if args.max_errors else c.rejections
            for line_no, reason in shown:
                where = f"line {line_no}" if line_no is not None else "file"
                print(f"  {name}:{where}: {reason}", file=out)
            if len(shown) < len(c.rejections):
                print(f"  … and {len(c.rejections) - len(shown)} more rejected", file=out)
    if readable == 0:
        print("meetwatch: no input could be read", file=sys.stderr)
        return 1
    return 0


# -- export / search / accounts --------------------------------------------------


def _csv_value(key: str, value: Any) -> Any:
    if key == "hashtags":
        return " ".join(value)
    if key == "flags":
        return "; ".join(f"{f['category']}/{f['severity']}/{f['rule']}" for f in value)
    return "" if value is None else value


def _write_rows(rows: Any, fmt: str, out: TextIO) -> int:
    n = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([_csv_value(k, row[k]) for k in EXPORT_COLUMNS])
            n += 1
    else:
        for row in rows:
            out.write(orjson.dumps(row).decode())
            out.write("\n")
            n += 1
    return n


def cmd_export(args: argparse.Namespace) -> int:
    from meetwatch.store.queries import iter_posts
    from meetwatch.store.schema import open_db

    db = _db_arg(args.db)
    _announce_db(db)
    if (rc := _require_db(db)) is not None:
        return rc
    conn = open_db(str(db), readonly=True)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            n = _write_rows(iter_posts(conn), args.format, fh)
        print(f"wrote {n} posts to {args.out}", file=sys.stderr)
    else:
        _write_rows(iter_posts(conn), args.format, sys.stdout)
    return 0


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def cmd_search(args: argparse.Namespace) -> int:
    from meetwatch.store.queries import SearchError, search
    from meetwatch.store.schema import open_db

    db = _db_arg(args.db)
    _announce_db(db)
    if (rc := _require_db(db)) is not None:
        return rc
    conn = open_db(str(db), readonly=True)
    query = " ".join(args.query)
    try:
        rows = search(conn, query, limit=args.limit or None)
    except SearchError as exc:
        print(f"meetwatch: {exc}", file=sys.stderr)
        return 2
    if args.json:
        _write_rows(rows, "jsonl", sys.stdout)
        return 0
    if not rows:
        print(f"no posts match {query!r}")
        return 0
    width = max(40, _terminal_width() - 50)
    print(f"{'time (UTC)':16}  {'network':8}  {'author':20}  text")
    for r in rows:
        marks = ("✎" if r["edited_at"] else "") + ("✗" if r["deleted_at"] else "")
        print(f"{r['created_at'][:16].replace('T', ' '):16}  {r['network']:8}  "
              f"{_one_line(r['author'], 20):20}  {marks}{_one_line(r['text'], width)}")
    print(f"{len(rows)} post{'s' if len(rows) != 1 else ''}"
          + (f" (limit {args.limit}; --limit 0 for all)" if len(rows) == args.limit else ""))
    return 0


def cmd_accounts(args: argparse.Namespace) -> int:
    from meetwatch.store.queries import accounts
    from meetwatch.store.schema import open_db

    db = _db_arg(args.db)
    _announce_db(db)
    if (rc := _require_db(db)) is not None:
        return rc
    rows = accounts(open_db(str(db), readonly=True))
    if args.json:
        _write_rows(rows, "jsonl", sys.stdout)
        return 0
    print(f"{'network':8}  {'category':13}  {'posts':>5}  handle")
    for r in rows:
        inferred = "*" if r["category_source"] == "inferred" else ""
        name = f"  ({_one_line(r['display_name'], 30)})" if r["display_name"] else ""
        print(f"{r['network']:8}  {r['category'] + inferred:13}  {r['posts']:5}  {r['handle']}{name}")
    return 0


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 120


# -- the deck: demo, replay, watch ------------------------------------------------

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_streams"
DEMO_SPEED = 60.0  # a four-hour session plays in four minutes
SKIP_GAPS = 600.0  # seconds of silence a replay skips


def _watch_or_none(path: str | Path | None) -> Any:
    """The watch file, None without one; prints every problem and raises
    SystemExit(2) when it is unusable."""
    from meetwatch.core.watch import WatchFileError, load_watch

    if path is None:
        return None
    try:
        return load_watch(path)
    except WatchFileError as exc:
        for problem in exc.problems:
            print(f"{exc.path}: {problem}", file=sys.stderr)
        raise SystemExit(2) from exc


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
    with tempfile.TemporaryDirectory(prefix="meetwatch-replay-") as scratch:
        engine = ReplayEngine(summary.usable, scratch, speed=speed, start_us=start_us,
                              summary=summary, categories=watch.accounts if watch else None,
                              skip_gaps=SKIP_GAPS)
        _announce_db(engine.log_path)
        config = DeckConfig(engine.log_path, panes_for_replay(summary, watch), meeting=name,
                            timezone=tz)
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
    from meetwatch.store.writer import LogWriter, apply_watch_accounts
    from meetwatch.ui.factory import DeckConfig, make_app, panes_for_log

    watch = _watch_or_none(args.watch)
    db = _db_arg(args.db)
    _announce_db(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    with LogWriter(str(db)) as writer:  # creates the log if new; the watch file's categories win
        writer.begin()
        apply_watch_accounts(writer.conn, watch.accounts)
        writer.commit()
    config = DeckConfig(db, panes_for_log(db, watch), meeting=watch.name or Path(args.watch).stem,
                        timezone=watch.timezone,
                        sources_note="live sources not connected yet — showing the log")
    make_app(config).run()
    return 0


def _speed(value: str) -> float | None:
    from meetwatch.replay import parse_speed

    try:
        return parse_speed(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r}: a number like 60, or max") from exc


# -- parser --------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meetwatch",
        description="Follow, flag, log and replay what is posted about a UN meeting.",
        epilog="With no command, meetwatch opens the deck on the bundled demo session "
               "(a recorded HRC 61 session replayed into a scratch log).",
    )
    parser.add_argument("--version", action="version", version=f"meetwatch {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    db_help = "the log file (default: meetwatch.db in the user data directory, or $MEETWATCH_DB)"

    p = sub.add_parser("import", help="import recorded files into the log",
                       description="Import Mastodon frames or statuses, Jetstream events, twarc "
                                   "(v1/v2) JSONL and RSS/Atom feeds; the format is detected per "
                                   "file. Re-importing the same files changes nothing.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--db", help=db_help)
    p.add_argument("--watch", metavar="WATCH.toml", help="apply the watch file's accounts")
    p.add_argument("--json", action="store_true", help="one JSON summary per file")
    p.add_argument("--batch", type=int, default=5000, help="lines per committed batch")
    p.add_argument("--max-errors", type=int, default=1000, metavar="N",
                   help="list at most N rejected lines per file (0: all)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export every post as JSON lines or CSV")
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("search", help="full-text search of the log, newest first",
                       description='Words are AND-ed; "quoted phrases", OR, -word and prefix* '
                                   "work. All six UN languages are searchable.")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true", help="JSON lines with the export fields")
    p.add_argument("--limit", type=int, default=100, help="at most N posts (0: all)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("accounts", help="list accounts with category and post counts")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_accounts)

    p = sub.add_parser("replay", help="replay recordings or a log in the deck",
                       description="Replay recording files (any format import reads) or a "
                                   "meetwatch log (.db) into a scratch log, in the deck, on a "
                                   "replay clock. A .toml among the sources is the watch file.")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--speed", type=_speed, default=DEMO_SPEED, metavar="N|max",
                   help=f"times real time, or max (default {DEMO_SPEED:g})")
    p.add_argument("--from", dest="start", metavar="TIME",
                   help="start here: 14:30 (meeting time zone), +90m, or an ISO time")
    p.add_argument("--watch", metavar="WATCH.toml", help="panes and accounts from a watch file")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("watch", help="the deck for a watch file, over the log",
                       description="Open the deck with the watch file's panes and account "
                                   "categories over the log. Live sources are not connected "
                                   "yet: the deck shows what the log holds.")
    p.add_argument("watch", metavar="WATCH.toml")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=cmd_watch)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return cmd_demo()  # the newcomer's first command: the sample session, replayed
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `meetwatch export | head`: stop quietly.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
