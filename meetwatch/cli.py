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
    "edited_at", "flags", "agenda_item", "agenda_reason",
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


# -- flags configuration ----------------------------------------------------------


def flag_config(watch_flags: dict[str, Any] | None = None) -> Any:
    """Where flag rules come from: the shipped packs, then each directory
    (or file) in $MEETWATCH_RULES (os.pathsep-separated), then ``rules/`` in
    the user config directory; rule ids (or globs) in
    $MEETWATCH_DISABLE_RULES (comma-separated), the rule files' ``disable``
    lists and the watch file's ``[flags].disable`` are switched off."""
    from meetwatch.core.flags import FlagConfig

    dirs = [d for d in os.environ.get("MEETWATCH_RULES", "").split(os.pathsep) if d.strip()]
    from platformdirs import user_config_dir

    user_rules = Path(user_config_dir("meetwatch", appauthor=False)) / "rules"
    if user_rules.is_dir():
        dirs.append(str(user_rules))
    disabled = [d.strip() for d in os.environ.get("MEETWATCH_DISABLE_RULES", "").split(",") if d.strip()]
    return FlagConfig.make(dirs, disabled, watch_flags)


def _watch_flags(watch: Any) -> dict[str, Any]:
    """The watch file's ``[flags]`` table (empty without a watch file)."""
    raw = watch.raw.get("flags", {}) if watch is not None else {}
    return raw if isinstance(raw, dict) else {}


def _pile_on_settings(watch_flags: dict[str, Any]) -> dict[str, float]:
    pile = watch_flags.get("pile_on") if isinstance(watch_flags, dict) else None
    out: dict[str, float] = {}
    if isinstance(pile, dict):
        if isinstance(pile.get("replies"), int) and pile["replies"] > 1:
            out["replies"] = pile["replies"]
        if isinstance(pile.get("minutes"), int | float) and pile["minutes"] > 0:
            out["minutes"] = float(pile["minutes"])
    return out


# -- import --------------------------------------------------------------------


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
        writer.pairing = _pairing(watch)
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
        if changed:  # categories or agenda items of posts already in the log changed
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


def _pairing(watch: Any) -> Any:
    """Pairing settings from the watch file's [pairing] (problems printed, defaults kept)."""
    from meetwatch.core.pairing import settings_from

    if watch is None:
        return settings_from(None)[0]
    settings, problems = settings_from(watch.raw.get("pairing"), watch.hashtags)
    for problem in problems:
        print(f"{watch.path}: {problem}", file=sys.stderr)
    return settings


def _set_programme(writer: Any, watch: Any) -> int:
    """Tag posts with the watch file's programme; its problems are printed, never fatal."""
    from meetwatch.core.programme import programme_of

    programme, problems = programme_of(watch.programme, watch.timezone, watch.hashtags)
    for problem in problems:
        print(f"programme: {problem}", file=sys.stderr)
    changed = writer.set_programme(programme)
    if changed:
        print(f"programme: {changed} posts already in the log re-tagged", file=sys.stderr)
    return int(changed)


def _recompute_pairs(writer: Any) -> int:
    from meetwatch.store.pairs import recompute_pairs

    writer.begin()
    n = recompute_pairs(writer.conn, writer.pairing)
    writer.commit()
    return n


# -- export / search / accounts --------------------------------------------------


def _csv_value(key: str, value: Any) -> Any:
    if key == "hashtags":
        return " ".join(value)
    if key == "flags":
        return "; ".join(f"{f['category']}/{f['severity']}/{f['rule']}"
                         + ("" if f.get("state", "open") == "open" else f" [{f['state']}]")
                         for f in value)
    return "" if value is None else value


def _write_rows(rows: Any, fmt: str, out: TextIO, columns: Sequence[str] = EXPORT_COLUMNS) -> int:
    n = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(k, row[k]) for k in columns])
            n += 1
    else:
        for row in rows:
            out.write(orjson.dumps(row).decode())
            out.write("\n")
            n += 1
    return n


def _upgrade(db: Path) -> None:
    """Apply pending migrations (the views) to a log a reader is about to
    query; a log that cannot be written is read as it is."""
    import sqlite3

    from meetwatch.store.schema import migrate, open_db

    try:
        migrate(open_db(str(db)))
    except sqlite3.Error as exc:
        print(f"meetwatch: could not add the views to {db}: {exc}", file=sys.stderr)


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


def cmd_flags(args: argparse.Namespace) -> int:
    from meetwatch.store.flags import list_flags
    from meetwatch.store.schema import open_db

    db = _db_arg(args.db)
    _announce_db(db)
    if (rc := _require_db(db)) is not None:
        return rc
    if args.review:
        return _review_flags(db, args)
    states = None if args.all else tuple(args.state or ("open",))
    rows = list_flags(open_db(str(db), readonly=True), states=states,
                      min_severity=args.min_severity, limit=args.limit or None)
    if args.json:
        _write_rows(({k: v for k, v in r.items() if k != "text"} for r in rows), "jsonl", sys.stdout)
        return 0
    if not rows:
        print("no flags")
        return 0
    width = max(30, _terminal_width() - 78)
    print(f"{'severity':8}  {'category':12}  {'rule':32}  {'time (UTC)':16}  {'author':20}  evidence")
    for r in rows:
        state = "" if r["state"] == "open" else f"[{r['state']}" + (
            f": {_one_line(r['note'], 40)}" if r["note"] else "") + "] "
        print(f"{r['severity']:8}  {r['category']:12}  {_one_line(r['rule'], 32):32}  "
              f"{r['post_created_at'][:16].replace('T', ' '):16}  {_one_line(r['author'], 20):20}  "
              f"{state}{_one_line(r['evidence'], width)}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["severity"]] = counts.get(r["severity"], 0) + 1
    summary = ", ".join(f"{counts[s]} {s}" for s in ("critical", "high", "medium", "low") if s in counts)
    print(f"{len(rows)} flag{'s' if len(rows) != 1 else ''}: {summary}")
    return 0


def cmd_pairs(args: argparse.Namespace) -> int:
    from meetwatch.store.pairs import list_pairs
    from meetwatch.store.queries import item_key
    from meetwatch.store.schema import open_db
    from meetwatch.store.writer import LogWriter

    db = _db_arg(args.db)
    _announce_db(db)
    if (rc := _require_db(db)) is not None:
        return rc
    if args.recompute:
        watch = _watch_or_none(args.watch) if args.watch else None
        with LogWriter(str(db)) as writer:
            writer.pairing = _pairing(watch)
            if args.window_hours:
                from dataclasses import replace

                writer.pairing = replace(writer.pairing, window_s=args.window_hours * 3600)
            n = _recompute_pairs(writer)
        print(f"recomputed: {n} pairs", file=sys.stderr)
    rows = list_pairs(open_db(str(db), readonly=True), item=item_key(args.item) if args.item else None,
                      limit=args.limit or None)
    if args.json:
        _write_rows(({k: v for k, v in r.items() if k not in ("statement_id", "response_id")}
                     for r in rows), "jsonl", sys.stdout)
        return 0
    if not rows:
        print("no pairs (official statements answered by civil society)")
        return 0
    width = max(40, _terminal_width() - 12)
    last = None
    for r in rows:
        if r["statement"] != last:
            last = r["statement"]
            when = r["statement_created_at"][:16].replace("T", " ")
            item = f"  [Item {r['agenda_item']}]" if r["agenda_item"] else ""
            print(f"\n{when}  {r['statement_author']}{item}")
            print(f"  {_one_line(r['statement_text'], width)}")
        print(f"    ↳ {r['score']:.2f} {r['kind']:7}  {r['response_author']}: "
              f"{_one_line(r['response_text'], max(20, width - 40 - len(r['response_author'])))}")
        print(f"      {_one_line(r['reason'], width - 6)}")
    statements = len({r["statement"] for r in rows})
    print(f"\n{len(rows)} pair{'s' if len(rows) != 1 else ''} for {statements} statement"
          f"{'s' if statements != 1 else ''}")
    return 0


def _review_flags(db: Path, args: argparse.Namespace) -> int:
    """``--review UID RULE STATE``: acknowledge, dismiss, mark as false
    positive or reopen a post's flags (RULE may be a glob: '*' for all)."""
    from meetwatch.store.flags import STATES, review_post
    from meetwatch.store.schema import migrate, open_db

    uid, rule, state = args.review
    state = state.lower().replace("-", "_")
    state = {"ack": "acknowledged", "acknowledge": "acknowledged", "dismiss": "dismissed",
             "fp": "false_positive", "reopen": "open"}.get(state, state)
    if state not in STATES:
        print(f"meetwatch: --review: state must be one of {', '.join(STATES)}", file=sys.stderr)
        return 2
    conn = open_db(str(db))
    migrate(conn)
    try:
        reviews = review_post(conn, uid, state, rule=rule, evidence=args.evidence,
                              note=args.note or "")
    finally:
        conn.close()
    if not reviews:
        print(f"meetwatch: no flag of rule {rule!r} on {uid}"
              + (f" with evidence {args.evidence!r}" if args.evidence else ""), file=sys.stderr)
        return 1
    for r in reviews:
        print(f"{state}: {r.rule}  {_one_line(r.evidence, 60)}")
    return 0


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 120


# -- check my draft ----------------------------------------------------------------


def _marked(text: str, spans: list[tuple[int, int]], tty: bool) -> str:
    """``text`` with the evidence spans marked: reverse video on a terminal,
    »…« otherwise."""
    out: list[str] = []
    at = 0
    for s, e in sorted(spans):
        if s < at:
            continue
        out.append(text[at:s])
        out.append(f"\033[7m{text[s:e]}\033[27m" if tty else f"»{text[s:e]}«")
        at = e
    out.append(text[at:])
    return "".join(out)


def cmd_check(args: argparse.Namespace) -> int:
    """Run the leak, indiscretion and pii rules on a draft (an argument or
    stdin); exit 1 when anything is flagged."""
    from meetwatch.core.flags import check_draft, load_engine
    from meetwatch.core.text import clean

    watch = _watch_or_none(args.watch)
    from_stdin = not args.text or args.text == ["-"]
    if from_stdin and sys.stdin.isatty():
        print("type or paste the draft, then Ctrl+D", file=sys.stderr)
    # Controls stripped first: the evidence spans index the text as printed.
    text = clean(sys.stdin.read() if from_stdin else " ".join(args.text))
    engine, problems = load_engine(flag_config(_watch_flags(watch)))
    for problem in problems:
        print(f"flag rules: {problem}", file=sys.stderr)
    hits = check_draft(engine, text, lang=args.lang)
    if args.json:
        for h in hits:
            print(orjson.dumps({"category": h.category, "severity": h.severity, "rule": h.rule,
                                "description": h.description, "evidence": h.evidence,
                                "spans": h.spans, "normalisations": h.normalisations,
                                "language": h.language, "adjustments": h.adjustments}).decode())
        return 1 if hits else 0
    if not hits:
        print("nothing flagged: no leak, indiscretion or personal data found")
        return 0
    tty = sys.stdout.isatty()
    for h in hits:
        print(f"{h.severity:8}  {h.category:12}  {h.rule}: {h.description}")
        print(f"          evidence: {_one_line(h.evidence, 200)}"
              + (f"  ({'; '.join(h.adjustments)})" if h.adjustments else ""))
    spans = [tuple(s) for h in hits for s in h.spans]
    print()
    print(_marked(text, spans, tty))  # type: ignore[arg-type]
    print(f"\n{len(hits)} flag{'s' if len(hits) != 1 else ''}: think twice before posting")
    return 1


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


# -- live: record, rehearse --------------------------------------------------------


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


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value!r}: a positive number")
    return number


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
    p.add_argument("--no-flags", action="store_true", help="do not run the flag rules")
    p.set_defaults(func=cmd_import)

    from meetwatch.store.export import NAMES

    p = sub.add_parser("export", help="export every post (or another table) as JSON lines or CSV",
                       description="Every post by default; --table exports another table or "
                                   "view of the log, naming posts by uid.")
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--table", choices=NAMES, default="posts", metavar="TABLE",
                   help=f"what to export (default posts): {', '.join(NAMES)}")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--item", metavar="ITEM", help="only posts tagged with this agenda item (4, \"Item 4\")")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("datasette", help="write Datasette metadata describing the log's tables and views",
                       description="Write a Datasette metadata file for the log (every table and "
                                   "view described, facets, canned queries) next to it, then "
                                   "browse it with: datasette LOG.db -m LOG.metadata.json")
    p.add_argument("--db", help=db_help)
    p.add_argument("--out", metavar="FILE", help="where to write it (default: LOG.metadata.json "
                                                 "beside the log; - for standard output)")
    p.set_defaults(func=cmd_datasette)

    p = sub.add_parser("search", help="full-text search of the log, newest first",
                       description='Words are AND-ed; "quoted phrases", OR, -word and prefix* '
                                   "work. All six UN languages are searchable.")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true", help="JSON lines with the export fields")
    p.add_argument("--limit", type=int, default=100, help="at most N posts (0: all)")
    p.add_argument("--item", metavar="ITEM", help="only posts tagged with this agenda item")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("flags", help="list flagged posts, most severe first",
                       description="Leaks, indiscretions, threats, harassment and personal data "
                                   "found by the flag rules, most severe first, with the rule, "
                                   "its evidence and why. Open flags unless --all or --state.")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true",
                   help="JSON lines: uid, category, severity, rule, evidence, description, state, "
                        "spans, author, created_at, ...")
    p.add_argument("--all", action="store_true", help="flags in every state")
    p.add_argument("--state", action="append", choices=("open", "acknowledged", "dismissed",
                                                        "false_positive"),
                   help="only flags in this state (repeatable; default: open)")
    p.add_argument("--min-severity", choices=("low", "medium", "high", "critical"))
    p.add_argument("--limit", type=int, default=0, help="at most N flags (0: all)")
    p.add_argument("--review", nargs=3, metavar=("UID", "RULE", "STATE"),
                   help="review a post's flags instead of listing: STATE is acknowledged, "
                        "dismissed, false_positive or open; RULE a rule id or glob ('*': all)")
    p.add_argument("--evidence", help="with --review: only the flag with this evidence")
    p.add_argument("--note", help="with --review: a note kept with the review")
    p.set_defaults(func=cmd_flags)

    p = sub.add_parser("check", help="check a draft for leaks, indiscretions and personal data",
                       description="Run the leak, indiscretion and pii flag rules on text you are "
                                   "about to post (judged as your own account's post, now). "
                                   "Prints each hit with the evidence marked in the text. "
                                   "Exit status 1 when anything is flagged, 0 when nothing is.")
    p.add_argument("text", nargs="*", metavar="TEXT",
                   help="the draft (several words are joined); '-' or nothing: read stdin")
    p.add_argument("--watch", metavar="WATCH.toml",
                   help="also the watch file's watchlists (embargoes, draft symbols, facilitators)")
    p.add_argument("--lang", help="the draft's language, if known (en, fr, ...)")
    p.add_argument("--json", action="store_true", help="one JSON object per hit")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("report", help="a digest of the session per agenda item (md, html, json)",
                       description="Per agenda item: official statements with their strongest "
                                   "responses, flags and what was done with them, volume and "
                                   "share of voice, spikes, edited and deleted official posts, "
                                   "coverage gaps. The same log gives the same report.")
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", choices=("md", "html", "json"), default="md")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--item", metavar="ITEM", help="only this agenda item ('none': posts without one)")
    p.add_argument("--from", dest="start", metavar="TIME",
                   help="posts created from TIME: 14:30 (see --tz), +90m from the first post, or ISO")
    p.add_argument("--to", dest="end", metavar="TIME", help="posts created before TIME")
    p.add_argument("--tz", default=None, metavar="ZONE",
                   help="time zone for HH:MM in --from/--to and for the times shown in md and html, "
                        "e.g. Europe/Geneva (default: the meeting's, as the watch file gave it, "
                        "else UTC; json is always UTC)")
    p.add_argument("--title", help="the report's title (default: from the log's name)")
    p.add_argument("--statements", type=int, default=20, metavar="N",
                   help="official statements listed per item, the most answered (default 20)")
    spikes = p.add_argument_group("spikes", "a spike: at least --spike-min posts in the last "
                                  "--spike-window minutes and --spike-ratio times the rate of the "
                                  "--spike-baseline minutes before; then quiet for --spike-cooldown")
    spikes.add_argument("--spike-window", type=_positive, default=5.0, metavar="MIN")
    spikes.add_argument("--spike-baseline", type=_positive, default=60.0, metavar="MIN")
    spikes.add_argument("--spike-ratio", type=_positive, default=3.0, metavar="X")
    spikes.add_argument("--spike-min", type=int, default=20, metavar="N")
    spikes.add_argument("--spike-cooldown", type=_positive, default=15.0, metavar="MIN")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("accounts", help="list accounts with category and post counts")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_accounts)

    p = sub.add_parser("pairs", help="official statements and the civil-society posts answering them",
                       description="Each official statement with the civil-society replies, quotes "
                                   "and topical answers paired with it, strongest first, with the "
                                   "reason and score. Pairs are made as posts are stored.")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true",
                   help="JSON lines: statement, response (uids), reason, score, kind, "
                        "statement_author, response_author, agenda_item, ...")
    p.add_argument("--item", metavar="ITEM", help="only statements on this agenda item")
    p.add_argument("--limit", type=int, default=0, help="at most N pairs (0: all)")
    p.add_argument("--recompute", action="store_true",
                   help="pair the whole log anew first (after changing categories or settings)")
    p.add_argument("--watch", metavar="WATCH.toml", help="with --recompute: [pairing] settings")
    p.add_argument("--window-hours", type=float, metavar="H",
                   help="with --recompute: how long after a statement an answer counts (default 3)")
    p.set_defaults(func=cmd_pairs)

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

    p = sub.add_parser("watch", help="the live deck: follow the watch file's sources",
                       description="Follow every [[sources]] of the watch file into the log (as "
                                   "`record` does) while the deck shows posts as they arrive, "
                                   "with each source's state in the status bar. Quitting "
                                   "commits everything received.")
    p.add_argument("watch", metavar="WATCH.toml")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("record", help="record the watch file's live sources into the log, headless",
                       description="Follow every [[sources]] of the watch file into the log without "
                                   "the deck. Prints a line per connection change and a summary; "
                                   "stops after --duration or on Ctrl+C/SIGTERM with everything "
                                   "flushed. Tokens come only from the variables named by token_env.")
    p.add_argument("watch", metavar="WATCH.toml")
    p.add_argument("--db", help=db_help)
    p.add_argument("--duration", type=float, metavar="SECONDS", help="stop after this long")
    p.set_defaults(func=cmd_record)

    p = sub.add_parser("rehearse", help="serve recordings as a local live Mastodon/Jetstream/RSS",
                       description="Serve recorded Mastodon streaming frames, Jetstream events and "
                                   "RSS/Atom files on 127.0.0.1 as live servers, at the recorded pace, "
                                   "and print a watch file for `meetwatch record` or `watch`.")
    p.add_argument("recordings", nargs="+", metavar="RECORDING")
    p.add_argument("--port", type=int, default=0,
                   help="Mastodon on N, Jetstream on N+1, feeds from N+2 (default: free ports)")
    p.add_argument("--speed", type=_speed, default=DEMO_SPEED, metavar="N|max",
                   help=f"times real time, or max (default {DEMO_SPEED:g})")
    p.set_defaults(func=cmd_rehearse)
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
