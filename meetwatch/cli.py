"""Command line: the composition root.

Parses arguments, opens the log, wires parsers, store and (for the deck) the
UI.  Every command prints the log's path on standard error, so a user always
knows which file they are looking at.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from meetwatch import __version__
from meetwatch.commands.common import EXPORT_COLUMNS, flag_config  # noqa: F401  (the API tests use)
from meetwatch.commands.deck import (
    DEMO_SPEED,
    cmd_demo,
    cmd_record,
    cmd_rehearse,
    cmd_replay,
    cmd_watch,
)
from meetwatch.commands.log import (
    cmd_accounts,
    cmd_datasette,
    cmd_export,
    cmd_import,
    cmd_report,
    cmd_search,
)
from meetwatch.commands.review import cmd_check, cmd_flags, cmd_pairs


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
    p.add_argument("--no-pairing", action="store_true",
                   help="do not pair statements and answers (`meetwatch pairs --recompute` "
                        "pairs the log later)")
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
