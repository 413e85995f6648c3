"""Import recorded files into the log: detect the format, parse, write.

One pipeline for every format: each line (or feed, or array item) is stored
verbatim as a raw event, parsed by the network's pure parser into core
events, and applied by the single :class:`~meetwatch.store.writer.LogWriter`.
A bad line is counted and reported with its number and reason; it never
stops the rest of the file.  Batches commit every ``batch_size`` lines.
"""

from __future__ import annotations

import functools
import gzip
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from meetwatch.core.models import (
    Deletion,
    Event,
    IngestCounts,
    ParseError,
    Post,
    RawEvent,
    Share,
    raw_digest,
)
from meetwatch.core.text import post_search_text
from meetwatch.core.timeutil import from_epoch_us
from meetwatch import parse_worker
from meetwatch.sources import bluesky, mastodon, rss, x
from meetwatch.store.writer import LogWriter, Outcome

if TYPE_CHECKING:
    from meetwatch.core.flags import FlagConfig

MAX_LINE = 4 * 1024 * 1024
MAX_DOCUMENT = 256 * 1024 * 1024
SNIFF_LINES = 25
PREFETCH = 500  # records whose posts are looked up in one query
PARALLEL_BYTES = 4 * 1024 * 1024  # files this large are parsed on a second core

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
        return gzip.open(path, "rb")  # type: ignore[return-value]
    fh.seek(0)
    return fh


@dataclass(slots=True)
class Record:
    """One raw frame/line/item/feed, what it parsed into, or why it could not."""

    raw: RawEvent
    events: list[Event]
    error: str | None = None


class UnreadableFile(Exception):
    """The whole file cannot be used (missing, unknown format, not JSON...)."""


def open_records(path: str | Path, *, format: str | None = None,
                 parallel: bool = False, flags: FlagConfig | None = None
                 ) -> tuple[str, Iterator[Record]]:
    """Detect a file's format and return it with an iterator of its records.

    Records come in received order: JSONL as written; REST arrays and feeds
    (which list newest first) sorted by source time.  ``received_at`` of each
    raw event is the source's own time where the line carries one, else the
    latest time seen so far in the file: the moment it must have arrived.
    Raises :class:`UnreadableFile` when nothing in the file can be used.
    With ``parallel``, a large line-based file is parsed in a child process
    (see :mod:`meetwatch.parse_worker`); only for single-threaded callers.
    There, with ``flags``, the child also runs the flag rules on each post.
    """
    p = Path(path)
    try:
        fh = _open(p)
        head = fh.read(64 * 1024)
    except (OSError, EOFError) as exc:
        raise UnreadableFile(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    if not head.strip():
        fh.close()
        raise UnreadableFile("empty file: nothing to import")
    fmt = format or detect(head)
    if fmt is None:
        fh.close()
        raise UnreadableFile("format not recognised (expected Mastodon frames or statuses, "
                             "Jetstream events, twarc JSONL or an RSS/Atom feed)")
    source = f"file:{p.name}"
    # Lines that carry no time of their own and come before any that do are
    # stamped with the file's modification time: the same on every re-import,
    # so re-importing stays a no-op.
    fallback = from_epoch_us(int(p.stat().st_mtime * 1_000_000))
    if fmt in ("rss", "json-array"):
        try:
            data = head + fh.read(MAX_DOCUMENT)
        finally:
            fh.close()
        if fmt == "rss":
            # A feed file is named by the feed's own link, not where it was saved.
            return "rss", _feed_records(data, source, None, fallback)
        return _array_records(data, source, fallback)
    if parallel and p.stat().st_size >= PARALLEL_BYTES:
        fh.close()
        make = functools.partial(_file_line_records, str(p), fmt, source, fallback, flags)
        return fmt, (Record(raw, events, error) for raw, events, error in parse_worker.parallel(make))
    return fmt, _line_records(fh, fmt, source, fallback)


def _file_line_records(path: str, fmt: str, source: str, fallback: str,
                       flags: FlagConfig | None = None
                       ) -> Iterator[tuple[RawEvent, list[Event], str | None]]:
    """What the parsing process runs: the records of one line-based file, with
    the digest, search text and flag-rule hits the writer would otherwise
    compute."""
    scan = None
    if flags is not None:
        from meetwatch.core.flags import encode_hits, load_engine

        engine = load_engine(flags)[0]

        def scan(p: Post) -> tuple[tuple[Any, ...], ...]:
            return encode_hits(engine.scan(p.text, lang=p.lang, at=p.created_at))

    for rec in _line_records(_open(Path(path)), fmt, source, fallback):
        raw = rec.raw
        raw.digest = raw_digest(raw.format, raw.payload)
        for ev in rec.events:
            if type(ev) is Post:
                ev.search = post_search_text(ev.title, ev.text, ev.hashtags)
                if scan is not None:
                    ev.flag_hits = scan(ev)
        yield raw, rec.events, rec.error


def _lines(fh: IO[bytes]) -> Iterator[bytes | None]:
    """Lines of at most MAX_LINE bytes; ``None`` stands for a longer line,
    which is skipped without ever being held in memory."""
    readline = fh.readline
    while line := readline(MAX_LINE + 1):
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            while (more := readline(1 << 20)) and not more.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


def _line_records(fh: IO[bytes], fmt: str, source: str, fallback: str) -> Iterator[Record]:
    parse = LINE_PARSERS[fmt]
    clock = fallback
    started = False
    is_jetstream = fmt == "jetstream"
    with fh:
        try:
            fh.seek(0)
            for line_no, line in enumerate(_lines(fh), 1):
                if line is None:
                    yield _rejected(source, fmt, line_no, b"", clock,
                                    f"line longer than {MAX_LINE:,} bytes")
                    continue
                line = line.rstrip(b"\r\n")
                if not line.strip():
                    continue  # blank lines are keep-alives in X streams
                try:
                    obj = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    yield _rejected(source, fmt, line_no, line, clock, f"not valid JSON ({exc})")
                    continue
                if not isinstance(obj, dict):
                    yield _rejected(source, fmt, line_no, line, clock, "not a JSON object")
                    continue
                try:
                    events = parse(obj)
                except ParseError as exc:
                    yield _rejected(source, fmt, line_no, line, clock, str(exc))
                    continue
                t: str | None = None
                if is_jetstream and type(tus := obj.get("time_us")) is int and 0 < tus < 2**62:
                    t = from_epoch_us(tus)
                else:
                    t = event_time(events)
                if t and (not started or t > clock):
                    clock, started = t, True
                raw = RawEvent(source, fmt, t or clock,
                               line.decode("utf-8", "replace"), line_no)
                yield Record(raw, events)
        except (OSError, EOFError) as exc:  # e.g. a truncated gzip stream
            yield _rejected(source, fmt, None, b"", clock, f"reading stopped: {exc}")


def _rejected(source: str, fmt: str, line_no: int | None, payload: bytes, clock: str,
              reason: str) -> Record:
    raw = RawEvent(source, fmt, clock, payload.decode("utf-8", "replace"), line_no)
    return Record(raw, [], reason)


def _array_records(data: bytes, source: str, fallback: str) -> tuple[str, Iterator[Record]]:
    try:
        items = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise UnreadableFile(f"not a valid JSON array ({exc})") from exc
    if not isinstance(items, list):
        raise UnreadableFile("not a JSON array")
    votes = Counter(detect_object(i) for i in items[:SNIFF_LINES] if isinstance(i, dict))
    votes.pop(None, None)
    if not votes:
        raise UnreadableFile("a JSON array, but not of Mastodon statuses or other known records")
    fmt = str(votes.most_common(1)[0][0])
    parse = LINE_PARSERS[fmt]
    good: list[Record] = []
    bad: list[Record] = []
    for n, item in enumerate(items, 1):
        payload = orjson.dumps(item)
        if not isinstance(item, dict):
            bad.append(_rejected(source, fmt, n, payload, fallback, f"item {n} is not a JSON object"))
            continue
        try:
            events = parse(item)
        except ParseError as exc:
            bad.append(_rejected(source, fmt, n, payload, fallback, f"item {n}: {exc}"))
            continue
        received = event_time(events) or fallback
        good.append(Record(RawEvent(source, fmt, received, payload.decode(), n), events))
    # REST pages come newest first: oldest first, so parents precede replies.
    good.sort(key=lambda r: (r.raw.received_at, r.raw.line_no or 0))
    return fmt, iter(bad + good)


def _feed_records(data: bytes, source: str, feed_url: str | None, fallback: str
                  ) -> Iterator[Record]:
    try:
        events, problems = rss.parse_feed(data, feed_url)
    except ParseError as exc:
        raise UnreadableFile(str(exc)) from exc
    text = data.decode("utf-8", "replace")
    latest = event_time(events) or fallback
    for where, reason in problems:
        yield Record(RawEvent(source, "rss", latest, "", where), [], reason)
    # The document is the raw event; each entry is applied at its own time.
    ordered = sorted(events, key=lambda e: event_time([e]) or "")
    for i, ev in enumerate(ordered):
        t = event_time([ev]) or latest
        yield Record(RawEvent(source, "rss", latest if i == 0 else t, text if i == 0 else "",
                              None), [ev])


def import_file(
    writer: LogWriter,
    path: str | Path,
    *,
    batch_size: int = 2000,
    server: str = "",
    progress: Callable[[int], None] | None = None,
    parallel: bool = False,
) -> FileReport:
    """Import one file.  Never raises for bad content; see ``FileReport``."""
    report = FileReport(path=str(path))
    try:
        report.format, records = open_records(path, parallel=parallel, flags=writer.flag_config)
    except UnreadableFile as exc:
        report.error = str(exc)
        return report
    try:
        _apply_records(writer, records, report, batch_size, server, progress)
    except parse_worker.WorkerFailed as exc:
        report.counts.rejected += 1
        report.counts.rejections.append((None, f"parsing stopped: {exc}"))
    writer.commit()
    return report


def _apply_records(writer: LogWriter, records: Iterator[Record], report: FileReport,
                   batch_size: int, server: str, progress: Callable[[int], None] | None) -> None:
    counts = report.counts
    since_commit = 0
    last_progress = time.monotonic()
    for chunk in _chunks(records, PREFETCH):
        writer.prefetch([ev.uid for rec in chunk for ev in rec.events if isinstance(ev, Post)])
        for rec in chunk:
            report.lines += 1
            if rec.raw.payload:
                writer.add_raw(rec.raw, rec.error)
            if rec.error is not None:
                counts.rejected += 1
                counts.rejections.append((rec.raw.line_no, rec.error))
            else:
                _count(counts, writer.apply(rec.events, rec.raw.received_at, server))
            since_commit += 1
            if since_commit >= batch_size:
                writer.commit()
                since_commit = 0
                if progress and time.monotonic() - last_progress > 0.5:
                    progress(report.lines)
                    last_progress = time.monotonic()


def _chunks(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for rec in records:
        chunk.append(rec)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _count(counts: IngestCounts, out: Outcome) -> None:
    counts.imported += out.imported
    counts.updated += out.updated
    counts.duplicate += out.duplicate
    counts.other += out.other
