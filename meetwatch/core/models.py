"""The domain model every network is normalised into.

Parsers in ``meetwatch.sources`` turn one raw frame, line or feed into a list
of :data:`Event` values; the store applies them to the log.  Nothing here does
I/O and nothing here imports anything outside the standard library.

Conventions
-----------
* ``uid`` is the network's global identity of a post (see DESIGN.md):
  Mastodon status ``uri``, Bluesky at-URI, ``https://x.com/i/status/ID``,
  RSS/Atom ``guid``/``id`` else ``link``.
* Times are ISO 8601 UTC strings with millisecond precision and a ``Z``
  suffix (``2025-06-16T09:02:11.512Z``), produced by
  :func:`meetwatch.core.timeutil.iso`; they sort as text.
* Text fields hold plain text that has already been cleaned of control
  characters and capped in length (:mod:`meetwatch.core.text`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Network = Literal["mastodon", "bluesky", "x", "rss"]
NETWORKS: tuple[str, ...] = ("mastodon", "bluesky", "x", "rss")

CATEGORIES: tuple[str, ...] = ("official", "civil_society", "media", "own", "other")


class ParseError(ValueError):
    """A raw frame or line that cannot be understood; the message says why."""


@dataclass(slots=True)
class Account:
    """Someone who posts.

    ``key`` is stable across renames: the Mastodon account URL, the Bluesky
    DID, the X user id, or the feed URL for RSS.  ``handle`` is how people
    write it: ``@name@server`` (Mastodon), ``name.bsky.social`` or the DID
    when no handle is known (Bluesky), ``username`` (X), the feed's title
    (RSS).
    """

    network: str
    key: str
    handle: str
    display_name: str = ""
    url: str | None = None
    bio: str = ""
    # None: the parser has no opinion (the store keeps what it has);
    # a value: the source itself implies it (an official RSS feed).
    category: str | None = None


@dataclass(slots=True)
class Post:
    """One statement as it currently reads."""

    uid: str
    network: str
    author: Account
    text: str
    created_at: str
    url: str | None = None
    lang: str | None = None
    hashtags: tuple[str, ...] = ()
    reply_to: str | None = None
    quote_of: str | None = None
    html: str | None = None
    title: str | None = None
    # Identity of this version: Mastodon edited_at, Bluesky cid, X post id,
    # RSS updated date.  A post seen again with another version is an edit.
    version: str = ""
    edited_at: str | None = None
    # Mastodon and X also name posts by a server-local id; deletes use it.
    local_id: str | None = None
    # Mastodon names what a post answers or quotes by a server-local id only;
    # the store maps these back to uids (now, or when the parent arrives).
    reply_to_local: str | None = None
    quote_of_local: str | None = None
    metrics: dict[str, int] = field(default_factory=dict)
    # The folded full-text form (text.post_search_text), when computed ahead
    # of the writer — by the parsing process of a large import.
    search: str | None = None
    # Flag-rule hits on ``text`` (core.flags.encode_hits), when computed ahead
    # of the writer; None: not computed.  The writer adjusts them by author.
    flag_hits: tuple[tuple[Any, ...], ...] | None = None


@dataclass(slots=True)
class Share:
    """A boost, repost or retweet: a share of ``original_uid``, not a statement."""

    uid: str
    network: str
    author: Account
    original_uid: str
    created_at: str
    # The shared post itself when the frame carries it (Mastodon reblog,
    # twarc includes); Bluesky reposts carry only a reference.
    original: Post | None = None
    local_id: str | None = None


@dataclass(slots=True)
class Deletion:
    """A post was withdrawn.  Either ``uid`` or ``local_id`` names it."""

    network: str
    uid: str | None = None
    local_id: str | None = None
    deleted_at: str | None = None


@dataclass(slots=True)
class AccountChange:
    """An identity (new handle) or account-status event."""

    account: Account
    status: str | None = None


@dataclass(slots=True)
class Notice:
    """A frame that carries no post: keep-alives, filters_changed, errors."""

    network: str
    kind: str
    detail: str = ""


Event = Post | Share | Deletion | AccountChange | Notice


@dataclass(slots=True)
class RawEvent:
    """One frame or line exactly as received, and when."""

    source: str
    format: str
    received_at: str
    payload: str
    line_no: int | None = None
    digest: bytes | None = None  # raw_digest(format, payload), when computed ahead


def raw_digest(fmt: str, payload: str) -> bytes:
    """A raw event's identity: the same line in the same format is stored once."""
    return hashlib.blake2b(f"{fmt}\x00{payload}".encode("utf-8", "replace"), digest_size=16).digest()


@dataclass(slots=True)
class ConnectionEvent:
    """A connect, drop, reconnect or gap of a live source."""

    source: str
    kind: Literal["connect", "drop", "reconnect", "gap", "error", "stall"]
    at: str
    detail: str = ""
    gap_start: str | None = None
    gap_end: str | None = None
    filled: bool | None = None


@dataclass(slots=True)
class IngestCounts:
    """What one batch or file did to the log."""

    imported: int = 0
    updated: int = 0
    duplicate: int = 0
    rejected: int = 0
    other: int = 0
    rejections: list[tuple[int | None, str]] = field(default_factory=list)

    def add(self, other: IngestCounts) -> None:
        self.imported += other.imported
        self.updated += other.updated
        self.duplicate += other.duplicate
        self.rejected += other.rejected
        self.other += other.other
        self.rejections.extend(other.rejections)

    def as_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "other": self.other,
        }
