"""Commands that fill or read the log: import, export, datasette, report,
search, accounts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from meetwatch.commands.common import (
    EXPORT_COLUMNS,
    _announce_db,
    _db_arg,
    _one_line,
    _pairing,
    _pile_on_settings,
    _recompute_pairs,
    _require_db,
    _set_programme,
    _terminal_width,
    _upgrade,
    _write_rows,
    flag_config,
)


def cmd_import(args: argparse.Namespace) -> int:
    from meetwatch.core.watch import WatchFileError, load_watch
    from meetwatch.ingest import FORMATS, import_file
    from meetwatch.store.agenda import remember_meeting
    from meetwatch.store.writer import LogWriter, apply_watch_accounts

    db = _db_arg(args.db)
    _announce_db(db)
    categories: dict[str, str] = {}
    watch_flags: dict[str, Any] = {}
    watch = None
    if args.watch:
        try:
            watch = load_watch(args.watch)
            categories = watch.accounts
            raw_flags = watch.raw.get("flags", {})
            watch_flags = raw_flags if isinstance(raw_flags, dict) else {}
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
        writer.details = watch.details if watch is not None else {}
        writer.pairing = None if args.no_pairing else _pairing(watch)
        if not args.no_flags:
            for problem in writer.set_flags(flag_config(watch_flags)):
                print(f"flag rules: {problem}", file=sys.stderr)
        changed = 0
        if categories or writer.details:
            writer.begin()
            changed = apply_watch_accounts(writer.conn, categories, writer.details)
            writer.commit()
        if watch is not None:
            remember_meeting(writer.conn, watch.name, watch.timezone)
            changed += _set_programme(writer, watch)
        if changed and writer.pairing is not None:  # categories or agenda items changed
            _recompute_pairs(writer)
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
        if writer.flagger is not None:
            from meetwatch.store.flags import detect_pile_ons

            writer.begin()
            detect_pile_ons(writer.conn, **_pile_on_settings(watch_flags))  # type: ignore[arg-type]
            writer.commit()
    if readable == 0:
        print("meetwatch: no input could be read", file=sys.stderr)
        return 1
    return 0


def cmd_datasette(args: argparse.Namespace) -> int:
    from meetwatch.store.export import datasette_metadata

    db = _db_arg(args.db)
    _announce_db(db)
    if (rc := _require_db(db)) is not None:
        return rc
    _upgrade(db)
    text = orjson.dumps(datasette_metadata(db.stem), option=orjson.OPT_INDENT_2).decode() + "\n"
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out) if args.out else db.with_name(f"{db.stem}.metadata.json")
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}; browse the log with:  datasette {db} -m {out}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from meetwatch.store.queries import item_key, iter_posts
    from meetwatch.store.schema import open_db

    db = _db_arg(args.db)
    _announce_db(db)
    if (rc := _require_db(db)) is not None:
        return rc
    from meetwatch.store.export import iter_table

    if args.table != "posts":  # a log from an older meetwatch gets the views first
        _upgrade(db)
    conn = open_db(str(db), readonly=True)
    columns: Sequence[str] = EXPORT_COLUMNS
    if args.table == "posts":
        rows: Any = iter_posts(conn, item=args.item)
    else:
        try:
            columns, rows = iter_table(conn, args.table,
                                       None if args.item is None else item_key(args.item))
        except ValueError as exc:
            print(f"meetwatch: --item: {exc}", file=sys.stderr)
            return 2
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            n = _write_rows(rows, args.format, fh, columns)
        print(f"wrote {n} {'posts' if args.table == 'posts' else 'rows'} to {args.out}",
              file=sys.stderr)
    else:
        _write_rows(rows, args.format, sys.stdout, columns)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from meetwatch.core.stats import epoch_seconds
    from meetwatch.core.timeutil import from_epoch_us, zone
    from meetwatch.replay import resolve_time
    from meetwatch.report import build_digest, render
    from meetwatch.store.agenda import meeting_of
    from meetwatch.store.analytics import time_span
    from meetwatch.store.queries import item_key
    from meetwatch.store.schema import open_db

    db = _db_arg(args.db)
    _announce_db(db)
    if (rc := _require_db(db)) is not None:
        return rc
    _upgrade(db)  # a log from an older meetwatch gets the programme, pairs and reviews tables
    conn = open_db(str(db), readonly=True)
    meeting, meeting_tz = meeting_of(conn)
    if args.tz is None:  # the meeting's zone, as the watch file gave it
        args.tz = meeting_tz or "UTC"
    try:
        zone(args.tz)
    except ValueError as exc:
        print(f"meetwatch: --tz: {exc}", file=sys.stderr)
        return 2
    first = time_span(conn)[0]
    bounds: list[str | None] = []
    for flag, value in (("--from", args.start), ("--to", args.end)):
        try:
            bounds.append(None if value is None else from_epoch_us(
                resolve_time(value, epoch_seconds(first or "") * 1_000_000, args.tz)))
        except ValueError as exc:
            print(f"meetwatch: {flag}: {exc}", file=sys.stderr)
            return 2
    item = None if args.item is None else (
        "" if args.item.strip().lower() in ("", "none") else item_key(args.item))
    from meetwatch.core.stats import SpikeRule

    rule = SpikeRule(window=int(args.spike_window * 60), baseline=int(args.spike_baseline * 60),
                     ratio=args.spike_ratio, min_posts=args.spike_min,
                     cooldown=int(args.spike_cooldown * 60))
    title = args.title or (f"{meeting}: session digest" if meeting else f"Session digest: {db.stem}")
    digest = build_digest(conn, title=title, item=item,
                          start=bounds[0], end=bounds[1], statements=args.statements, rule=rule)
    text = render(digest, args.format, args.tz)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote the {args.format} report to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


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
        rows = search(conn, query, limit=args.limit or None, item=args.item)
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
    print(f"{'network':8}  {'category':14}  {'posts':>5}  {'country / organisation':24}  handle")
    for r in rows:
        inferred = "*" if r["category_source"] == "inferred" else ""
        name = f"  ({_one_line(r['display_name'], 30)})" if r["display_name"] else ""
        who = _one_line(" / ".join(x for x in (r["country"], r["organisation"]) if x), 24)
        print(f"{r['network']:8}  {r['category'] + inferred:14}  {r['posts']:5}  {who:24}  "
              f"{r['handle']}{name}")
    if any(r["category_source"] == "inferred" for r in rows):
        print("* inferred from the profile (the watch file's [accounts] always wins)")
    return 0
