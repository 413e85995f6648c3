"""Commands for what meetwatch found in the log: flags (and their reviews),
statement/response pairs, and checking a draft before posting it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from meetwatch.commands.common import (
    _announce_db,
    _db_arg,
    _one_line,
    _pairing,
    _recompute_pairs,
    _require_db,
    _terminal_width,
    _watch_flags,
    _watch_or_none,
    _write_rows,
    flag_config,
)


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
