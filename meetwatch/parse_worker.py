"""Parse a large recorded file on the second core while the writer writes.

`meetwatch import` spends about as long parsing as SQLite spends writing, and
threads cannot overlap the two (the GIL convoys them).  So for a large
line-based file a child process reads and parses it and streams compact
records back over a pipe; the parent — the log's one writer — decodes and
applies them in file order.  The pipe's buffer is the back-pressure: the
child never runs more than a couple of batches ahead, so memory stays flat.

Records cross the pipe as ``marshal`` tuples (the fastest codec for plain
tuples of strings and numbers); :func:`encode` and :func:`decode` mirror the
core models field by field.
"""

from __future__ import annotations

import contextlib
import marshal
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from meetwatch.core.models import (
    Account,
    AccountChange,
    Deletion,
    Event,
    Notice,
    Post,
    RawEvent,
    Share,
)

BATCH = 250  # records per message (~250 KB: several fit in the pipe)


def _acc(a: Account) -> tuple[Any, ...]:
    return (a.network, a.key, a.handle, a.display_name, a.url, a.bio, a.category)


def _post(p: Post) -> tuple[Any, ...]:
    return (p.uid, p.network, _acc(p.author), p.text, p.created_at, p.url, p.lang, p.hashtags,
            p.reply_to, p.quote_of, p.html, p.title, p.version, p.edited_at, p.local_id,
            p.reply_to_local, p.quote_of_local, p.metrics, p.search, p.flag_hits)


def _unpost(t: tuple[Any, ...]) -> Post:
    return Post(t[0], t[1], Account(*t[2]), *t[3:])


def encode_event(e: Event) -> tuple[Any, ...]:
    if type(e) is Post:
        return (0, _post(e))
    if type(e) is Share:
        return (1, e.uid, e.network, _acc(e.author), e.original_uid, e.created_at,
                _post(e.original) if e.original is not None else None, e.local_id)
    if type(e) is Deletion:
        return (2, e.network, e.uid, e.local_id, e.deleted_at)
    if type(e) is AccountChange:
        return (3, _acc(e.account), e.status)
    assert type(e) is Notice
    return (4, e.network, e.kind, e.detail)


def decode_event(t: tuple[Any, ...]) -> Event:
    kind = t[0]
    if kind == 0:
        return _unpost(t[1])
    if kind == 1:
        return Share(t[1], t[2], Account(*t[3]), t[4], t[5],
                     _unpost(t[6]) if t[6] is not None else None, t[7])
    if kind == 2:
        return Deletion(t[1], t[2], t[3], t[4])
    if kind == 3:
        return AccountChange(Account(*t[1]), t[2])
    return Notice(t[1], t[2], t[3])


def encode(raw: RawEvent, events: list[Event], error: str | None) -> tuple[Any, ...]:
    return (raw.source, raw.format, raw.received_at, raw.payload, raw.line_no, error,
            [encode_event(e) for e in events], raw.digest)


def decode(t: tuple[Any, ...]) -> tuple[RawEvent, list[Event], str | None]:
    return RawEvent(t[0], t[1], t[2], t[3], t[4], t[7]), [decode_event(e) for e in t[6]], t[5]


def _work(make: Callable[[], Iterator[tuple[RawEvent, list[Event], str | None]]],
          out: Connection, inherited: Connection | None = None) -> None:
    """In the child: parse, encode, send; an empty message ends the stream.

    ``inherited``: the pipe's reading end, which a forked child holds too.
    It is closed first, so that when the parent dies (even by SIGKILL) the
    pipe has no reader left and the next send fails: the child stops instead
    of waiting forever on a full pipe."""
    if inherited is not None:
        inherited.close()
    try:
        batch: list[tuple[Any, ...]] = []
        for raw, events, error in make():
            batch.append(encode(raw, events, error))
            if len(batch) >= BATCH:
                out.send_bytes(marshal.dumps(batch))
                batch = []
        if batch:
            out.send_bytes(marshal.dumps(batch))
        out.send_bytes(b"")
    except (BrokenPipeError, EOFError, KeyboardInterrupt):
        pass  # the parent is gone: stop quietly
    except Exception as exc:  # reported to the parent, which carries on
        with contextlib.suppress(BrokenPipeError, OSError):
            out.send_bytes(b"!" + f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))


def _widen(conn: Connection) -> None:
    """Let whole batches sit in the pipe (Linux: F_SETPIPE_SZ, up to the
    system's pipe-max-size), so handing one over is one copy, not a dozen
    context switches."""
    if sys.platform.startswith("linux"):
        import fcntl

        for size in (4 << 20, 1 << 20, 256 << 10):
            try:
                fcntl.fcntl(conn.fileno(), 1031, size)  # F_SETPIPE_SZ
                return
            except OSError:
                continue


class WorkerFailed(RuntimeError):
    """The parsing process stopped with an error (its message says which)."""


def parallel(make: Callable[[], Iterator[tuple[RawEvent, list[Event], str | None]]]
             ) -> Iterator[tuple[RawEvent, list[Event], str | None]]:
    """Run ``make()`` in a child process and yield its records in order.

    ``make`` must be picklable under the spawn start method (a module-level
    function or a ``functools.partial`` of one).  Raises WorkerFailed if the
    child reports an error; records before it have been yielded.
    """
    # fork is safe for the single-threaded import command; elsewhere spawn.
    ctx: Any = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    receive, send = ctx.Pipe(duplex=False)
    _widen(receive)
    forked = ctx.get_start_method() == "fork"
    proc = ctx.Process(target=_work, args=(make, send, receive if forked else None), daemon=True,
                       name="meetwatch-parse")
    proc.start()
    send.close()
    try:
        while True:
            try:
                data = receive.recv_bytes()
            except EOFError:
                raise WorkerFailed(f"the parsing process ended unexpectedly "
                                   f"(exit code {proc.exitcode})") from None
            if not data:
                return
            if data[:1] == b"!":
                raise WorkerFailed(data[1:].decode("utf-8", "replace"))
            for t in marshal.loads(data):
                yield decode(t)
    finally:
        receive.close()
        proc.join(timeout=1)
        if proc.is_alive():
            proc.terminate()
            proc.join()
