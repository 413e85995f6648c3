"""Import recorded files into the log: detect the format, parse, write.

One pipeline for every format: each line (or feed, or array item) is stored
verbatim as a raw event, parsed by the network's pure parser into core
events, and applied by the single :class:`~meetwatch.store.writer.LogWriter`.
A bad line is counted and reported with its number and reason; it never
stops the rest of the file.  Batches commit every ``batch_size`` lines.
"""

from __future__ import annotations

import gzip
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from meetwatch.core.models import (
    Deletion,
    Event,
    IngestCounts,
    ParseError,
    Post,
    RawEvent,
    Share,
)
from meetwatch.core.timeutil import from_epoch_us, now_iso
from meetwatch.sources import bluesky, mastodon, rss, x
from meetwatch.store.writer import LogWriter, Outcome

MAX_LINE = 4 * 1024 * 1024
MAX_DOCUMENT = 256 * 1024 * 1024
SNIFF_LINES = 25

FORMATS: dict[str, str] = {
    "mastodon-stream": "Mastodon streaming frames",
    "mastodon-rest": "Mastodon REST statuses",
    "jetstream": "Bluesky Jetstream events",
    "twarc2": "X API v2 / twarc2",
    "twarc1": "X API v1.1 / twarc1",
    "rss": "RSS/Atom feed",
}

LINE_PARSERS: dict[str, Callable[[dict[str, Any]], list[Event]]] = {
    "mastodon-stream": mastodon.parse_stream_frame,
    "mastodon-rest": mastodon.parse_status,
    "jetstream": bluesky.parse_jetstream,
    "twarc2": x.parse_twarc2,
    "twarc1": x.parse_twarc1,
}


@dataclass(slots=True)
class FileReport:
    path: str
    format: str | None = None
    counts: IngestCounts = field(default_factory=IngestCounts)
    error: str | None = None  # the whole file could not be read
    lines: int = 0

    @property
    def readable(self) -> bool:
        return self.error is None


# -- detection -----------------------------------------------------------------


def detect_object(obj: dict[str, Any]) -> str | None:
    """Which line format one decoded JSON object belongs to, if it says."""
    if "event" in obj and ("payload" in obj or "stream" in obj):
        return "mastodon-stream"
    if "did" in obj and "kind" in obj:
        return "jetstream"
    if "uri" in obj and "account" in obj and ("content" in obj or "reblog" in obj):
        return "mastodon-rest"
    if x.looks_like_twarc1(obj):
        return "twarc1"
    if x.looks_like_twarc2(obj):
        return "twarc2"
    return None


def detect(head: bytes) -> str | None:
    """Detect a file's format from its first bytes (a few KB to a few MB)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if rss.looks_like_feed(stripped[:8192]):
        return "rss"
    if stripped.startswith(b"["):
        return "json-array"
    votes: Counter[str] = Counter()
    for line in stripped.splitlines()[:SNIFF_LINES]:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(obj, dict) and (fmt := detect_object(obj)):
            votes[fmt] += 1
    return votes.most_common(1)[0][0] if votes else None


# -- time ----------------------------------------------------------------------


def event_time(events: list[Event]) -> str | None:
    """The latest source time carried by a line's events."""
    best: str | None = None
    for ev in events:
        t: str | None = None
        if isinstance(ev, Post):
            t = ev.edited_at or ev.created_at
        elif isinstance(ev, Share):
            t = ev.created_at
        elif isinstance(ev, Deletion):
            t = ev.deleted_at
        if t and (best is None or t > best):
            best = t
    return best


# -- files ---------------------------------------------------------------------


def _open(path: Path) -> IO[bytes]:
    fh: IO[bytes] = open(path, "rb")  # noqa: SIM115 - returned to the caller
    if fh.read(2) == b"\x1f\x8b":
        fh.close()
        return gzip.open(path, "rb")
    fh.seek(0)
    return fh


def import_file(
    writer: LogWriter,
    path: str | Path,
    *,
    batch_size: int = 2000,
    server: str = "",
    progress: Callable[[int], None] | None = None,
) -> FileReport:
    """Import one file.  Never raises for bad content; see ``FileReport``."""
    p = Path(path)
    report = FileReport(path=str(p))
    try:
        fh = _open(p)
    except OSError as exc:
        report.error = f"cannot open: {exc.strerror or exc}"
        return report
    with fh:
        try:
            head = fh.read(64 * 1024)
        except (OSError, EOFError) as exc:
            report.error = f"cannot read: {exc}"
            return report
        fmt = detect(head)
        if fmt is None:
            report.error = ("format not recognised (expected Mastodon frames or statuses, "
                            "Jetstream events, twarc JSONL or an RSS/Atom feed)")
            return report
        source = f"file:{p.name}"
        try:
            if fmt in ("rss", "json-array"):
                data = head + fh.read(MAX_DOCUMENT)
                if fmt == "rss":
                    report.format = "rss"
                    _import_feed(writer, data, source, str(p), report)
                else:
                    _import_array(writer, data, source, server, report)
            else:
                report.format = fmt
                _import_lines(writer, _lines(head, fh), fmt, source, server, report,
                              batch_size, progress)
        except (OSError, EOFError) as exc:  # e.g. a truncated gzip stream
            report.counts.rejected += 1
            report.counts.rejections.append((None, f"reading stopped: {exc}"))
        writer.commit()
    return report


def _lines(head: bytes, fh: IO[bytes]) -> Iterator[bytes]:
    first = head.split(b"\n")
    # The last piece of the head may be a partial line: join it to the rest.
    yield from first[:-1]
    tail = first[-1]
    for line in fh:
        if tail:
            line, tail = tail + line, b""
        yield line
    if tail:
        yield tail


def _import_lines(writer: LogWriter, lines: Iterator[bytes], fmt: str, source: str, server: str,
                  report: FileReport, batch_size: int,
                  progress: Callable[[int], None] | None) -> None:
    parse = LINE_PARSERS[fmt]
    counts = report.counts
    clock: str | None = None
    since_commit = 0
    last_progress = time.monotonic()
    is_jetstream = fmt == "jetstream"
    for line_no, line in enumerate(lines, 1):
        report.lines = line_no
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue  # blank lines are keep-alives in X streams
        if len(line) > MAX_LINE:
            _reject(writer, counts, source, fmt, line_no, line[:1024], clock,
                    f"line too long ({len(line):,} bytes; limit {MAX_LINE:,})")
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            _reject(writer, counts, source, fmt, line_no, line, clock, f"not valid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            _reject(writer, counts, source, fmt, line_no, line, clock, "not a JSON object")
            continue
        try:
            events = parse(obj)
        except ParseError as exc:
            _reject(writer, counts, source, fmt, line_no, line, clock, str(exc))
            continue
        t: str | None = None
        if is_jetstream and type(tus := obj.get("time_us")) is int and 0 < tus < 2**62:
            t = from_epoch_us(tus)
        else:
            t = event_time(events)
        if t and (clock is None or t > clock):
            clock = t
        received = t or clock or now_iso()
        writer.add_raw(RawEvent(source, fmt, received, line.decode("utf-8", "replace"), line_no))
        _count(counts, writer.apply(events, received, server))
        since_commit += 1
        if since_commit >= batch_size:
            writer.commit()
            since_commit = 0
            if progress and time.monotonic() - last_progress > 0.5:
                progress(line_no)
                last_progress = time.monotonic()


def _reject(writer: LogWriter, counts: IngestCounts, source: str, fmt: str, line_no: int | None,
            payload: bytes, clock: str | None, reason: str) -> None:
    counts.rejected += 1
    counts.rejections.append((line_no, reason))
    writer.add_raw(RawEvent(source, fmt, clock or now_iso(), payload.decode("utf-8", "replace"),
                            line_no), error=reason)


def _import_array(writer: LogWriter, data: bytes, source: str, server: str,
                  report: FileReport) -> None:
    counts = report.counts
    try:
        items = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        report.error = f"not a valid JSON array ({exc})"
        return
    if not isinstance(items, list):
        report.error = "not a JSON array"
        return
    votes = Counter(detect_object(i) for i in items[:SNIFF_LINES] if isinstance(i, dict))
    votes.pop(None, None)
    if not votes:
        report.error = "a JSON array, but not of Mastodon statuses or other known records"
        return
    fmt = str(votes.most_common(1)[0][0])
    report.format = fmt
    report.lines = len(items)
    parse = LINE_PARSERS[fmt]
    parsed: list[tuple[str, int, bytes, list[Event]]] = []
    for n, item in enumerate(items, 1):
        payload = orjson.dumps(item)
        if not isinstance(item, dict):
            _reject(writer, counts, source, fmt, n, payload, None, f"item {n} is not a JSON object")
            continue
        try:
            events = parse(item)
        except ParseError as exc:
            _reject(writer, counts, source, fmt, n, payload, None, f"item {n}: {exc}")
            continue
        parsed.append((event_time(events) or "", n, payload, events))
    # REST pages come newest first: apply oldest first so parents precede replies.
    parsed.sort(key=lambda r: (r[0], r[1]))
    for t, n, payload, events in parsed:
        received = t or now_iso()
        writer.add_raw(RawEvent(source, fmt, received, payload.decode("utf-8", "replace"), n))
        _count(counts, writer.apply(events, received, server))


def _import_feed(writer: LogWriter, data: bytes, source: str, feed_url: str,
                 report: FileReport) -> None:
    counts = report.counts
    try:
        events, problems = rss.parse_feed(data, feed_url)
    except ParseError as exc:
        report.error = str(exc)
        return
    for where, reason in problems:
        counts.rejected += 1
        counts.rejections.append((where, reason))
    ordered = sorted(events, key=lambda e: event_time([e]) or "")
    latest = event_time(ordered) or now_iso()
    writer.add_raw(RawEvent(source, "rss", latest, data.decode("utf-8", "replace"), None))
    report.lines = len(ordered)
    for ev in ordered:
        _count(counts, writer.apply([ev], event_time([ev]) or latest, ""))


def _count(counts: IngestCounts, out: Outcome) -> None:
    counts.imported += out.imported
    counts.updated += out.updated
    counts.duplicate += out.duplicate
    counts.other += out.other
