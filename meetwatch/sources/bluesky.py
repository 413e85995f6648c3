"""Bluesky: Jetstream v1 events → events.

Pure functions, no I/O.  A post's identity is its at-URI
``at://DID/app.bsky.feed.post/RKEY``; its ``cid`` names the version.  Event
time is the envelope's ``time_us`` (server-stamped); the record's
``createdAt`` is client-declared and only trusted when it parses.  Any dict
goes in; a list of events or :class:`ParseError` comes out.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from meetwatch.sources.guard import guarded
from meetwatch.core.models import (
    Account,
    AccountChange,
    Deletion,
    Event,
    Notice,
    ParseError,
    Post,
    Share,
)
from meetwatch.core.text import clean, clean_line, normalise_hashtag
from meetwatch.core.timeutil import from_epoch_us, normalise_time

NETWORK = "bluesky"
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
TAG_FEATURE = "app.bsky.richtext.facet#tag"
EMBED_RECORD = "app.bsky.embed.record"
EMBED_RECORD_WITH_MEDIA = "app.bsky.embed.recordWithMedia"
MAX_TIME_US = 253_402_300_799_999_999  # 9999-12-31T23:59:59.999999Z
MAX_TIME = 64
MAX_URI = 2048
MAX_FACETS = 200

# atproto syntax (DID, NSID, record key, at-URI), slightly lenient.
_DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}")
_NSID = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_RKEY = re.compile(r"[A-Za-z0-9._:~-]{1,512}")
_AT_URI = re.compile(r"at://[^\s\x00-\x1f\x7f-\x9f]{1,2040}")
_OPERATIONS = frozenset({"create", "update", "delete"})



# --- public API ----------------------------------------------------------------


def event_time_us(evt: dict[str, Any]) -> int | None:
    """The envelope's ``time_us`` when it is an int (the resume cursor), else None."""
    if not isinstance(evt, dict):
        return None
    value = evt.get("time_us")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def facet_text(text: str, facet: dict[str, Any]) -> str:
    """The part of ``text`` a facet covers; its offsets are UTF-8 *byte* offsets."""
    index = facet.get("index") if isinstance(facet, dict) else None
    if not isinstance(text, str) or not isinstance(index, dict):
        return ""
    start, end = index.get("byteStart"), index.get("byteEnd")
    # type() rather than isinstance(): True/False are not offsets.
    if type(start) is not int or type(end) is not int or not 0 <= start <= end:
        return ""
    return text.encode("utf-8", "replace")[start:end].decode("utf-8", errors="replace")


@guarded
def parse_jetstream(evt: dict[str, Any]) -> list[Event]:
    """One Jetstream v1 event ``{did, time_us, kind, commit|identity|account}``."""
    if not isinstance(evt, dict):
        raise ParseError("event is not an object")
    did = _did(evt.get("did"))
    time_us = evt.get("time_us")
    if time_us is None:
        raise ParseError("event has no time_us")
    if not _is_int(time_us):
        raise ParseError("time_us is not an integer")
    if not 0 <= time_us <= MAX_TIME_US:
        raise ParseError("time_us out of range")
    kind = evt.get("kind")
    if kind == "commit":
        return _commit(did, time_us, evt.get("commit"))
    if kind == "identity":
        return [_identity(did, evt.get("identity"))]
    if kind == "account":
        return [_account_status(did, evt.get("account"))]
    if kind is None:
        raise ParseError("event has no kind")
    if not isinstance(kind, str):
        raise ParseError("event kind is not a string")
    raise ParseError(f"unknown kind {clean_line(kind, 40)!r}")


# --- commits ----------------------------------------------------------------------


def _commit(did: str, time_us: int, commit: Any) -> list[Event]:
    if not isinstance(commit, dict):
        raise ParseError("commit event without commit")
    operation = commit.get("operation")
    collection = commit.get("collection")
    rkey = commit.get("rkey")
    if not isinstance(operation, str) or not operation:
        raise ParseError("commit without operation")
    if operation not in _OPERATIONS:
        raise ParseError(f"unknown commit operation {clean_line(operation, 40)!r}")
    if not isinstance(collection, str) or not collection:
        raise ParseError("commit without collection")
    if len(collection) > 317 or not _NSID.fullmatch(collection):
        raise ParseError("commit collection is malformed")
    if not isinstance(rkey, str) or not rkey:
        raise ParseError("commit without rkey")
    if not _RKEY.fullmatch(rkey) or rkey in (".", ".."):
        raise ParseError("commit rkey is malformed")

    uid = f"at://{did}/{collection}/{rkey}"
    if collection == POST:
        if operation == "delete":
            return [Deletion(NETWORK, uid=uid, deleted_at=from_epoch_us(time_us))]
        return [_post(did, rkey, uid, time_us, operation, commit)]
    if collection == REPOST:
        if operation == "delete":
            return [Notice(NETWORK, "repost-delete", uid)]
        record = _record(commit, "repost")
        subject = record.get("subject")
        original = _at_uri(subject.get("uri")) if isinstance(subject, dict) else None
        if original is None:
            raise ParseError("repost without subject uri")
        return [Share(uid=uid, network=NETWORK, author=_author(did), original_uid=original,
                      created_at=_created_at(record, time_us))]
    return [Notice(NETWORK, "ignored-collection", collection)]


def _post(did: str, rkey: str, uid: str, time_us: int, operation: str,
          commit: dict[str, Any]) -> Post:
    # The hottest path of a Jetstream import: written for speed, same checks.
    record = commit.get("record")
    if type(record) is not dict:
        raise ParseError("post commit without record")
    text = record.get("text")
    reply = record.get("reply")
    parent = reply.get("parent") if type(reply) is dict else None
    cid = commit.get("cid")
    if type(cid) is str and 0 < len(cid) <= 200 and cid.isalnum():
        version = cid
    else:
        version = _short(cid) or _short(commit.get("rev"))
    langs = record.get("langs")
    lang = None
    if type(langs) is list and langs and type(langs[0]) is str:
        first = langs[0]
        lang = first if len(first) <= 35 and first.isascii() and first.isprintable() else (
            clean_line(first, 35) or None)
    embed = record.get("embed")
    return Post(
        uid,
        NETWORK,
        Account(NETWORK, did, did),
        clean(text) if type(text) is str else "",
        _created_at(record, time_us),
        f"https://bsky.app/profile/{did}/post/{rkey}",
        lang or None,
        _hashtags(record),
        _at_uri(parent.get("uri")) if type(parent) is dict else None,
        _quote_of(embed) if embed is not None else None,
        version=version,
        edited_at=from_epoch_us(time_us) if operation == "update" else None,
    )


def _record(commit: dict[str, Any], what: str) -> dict[str, Any]:
    record = commit.get("record")
    if not isinstance(record, dict):
        raise ParseError(f"{what} commit without record")
    return record


FUTURE_SLACK_US = 10 * 60 * 1_000_000  # clock skew tolerated in createdAt


def _canonical_time(value: str, time_us: int) -> str | None:
    """The fast path of :func:`_created_at`: ``value`` itself when already
    ``YYYY-MM-DDTHH:MM:SS.mmmZ`` (what almost every client writes), valid and
    not in the future of ``time_us``."""
    if len(value) == 24 and value[19] == "." and value[23] == "Z" and value[10] == "T":
        try:
            at = datetime.fromisoformat(value).timestamp()
        except ValueError:
            return None
        if at * 1_000_000 <= time_us + FUTURE_SLACK_US:
            return value
    return None


def _created_at(record: dict[str, Any], time_us: int) -> str:
    """The client's createdAt when it parses and is not in the future of the
    server's time_us (clients can be wrong or lie); else time_us."""
    value = record.get("createdAt")
    if isinstance(value, str) and 0 < len(value) <= MAX_TIME:
        if fast := _canonical_time(value, time_us):
            return fast
        try:
            created = normalise_time(value)
        except (ValueError, TypeError, OverflowError, IndexError):
            pass
        else:
            if created <= from_epoch_us(time_us + FUTURE_SLACK_US):
                return created
    return from_epoch_us(time_us)


def _hashtags(record: dict[str, Any]) -> tuple[str, ...]:
    """Facet tags plus the record's ``tags``: lower-case, no '#', de-duplicated."""
    out: list[str] = []
    facets = record.get("facets")
    if type(facets) is list:
        for facet in facets[:MAX_FACETS]:
            features = facet.get("features") if type(facet) is dict else None
            if type(features) is not list:
                continue
            for feature in features[:MAX_FACETS]:
                if type(feature) is dict and feature.get("$type") == TAG_FEATURE:
                    tag = feature.get("tag")
                    if type(tag) is str and (tag := normalise_hashtag(tag)):
                        out.append(tag)
    tags = record.get("tags")
    if type(tags) is list:
        out.extend(t for t in map(normalise_hashtag, (t for t in tags[:MAX_FACETS] if type(t) is str))
                   if t)
    if len(out) < 2:
        return tuple(out)
    return tuple(dict.fromkeys(out))


def _quote_of(embed: Any) -> str | None:
    """The quoted post of an ``embed.record`` / ``embed.recordWithMedia``."""
    if not isinstance(embed, dict):
        return None
    ref = embed.get("record")
    if embed.get("$type") == EMBED_RECORD_WITH_MEDIA:
        ref = ref.get("record") if isinstance(ref, dict) else None
    elif embed.get("$type") != EMBED_RECORD:
        return None
    uri = _at_uri(ref.get("uri")) if isinstance(ref, dict) else None
    # A record embed may also point at a list or feed generator: not a quote.
    return uri if uri and f"/{POST}/" in uri else None


def _lang(langs: Any) -> str | None:
    if isinstance(langs, list) and langs and isinstance(langs[0], str):
        return clean_line(langs[0], 35) or None
    return None


# --- identity and account ---------------------------------------------------------------


def _identity(did: str, identity: Any) -> AccountChange:
    if not isinstance(identity, dict):
        raise ParseError("identity event without identity")
    handle = identity.get("handle")
    handle = clean_line(handle, 253) if isinstance(handle, str) else ""
    return AccountChange(Account(network=NETWORK, key=did, handle=handle or did))


def _account_status(did: str, account: Any) -> AccountChange:
    if not isinstance(account, dict):
        raise ParseError("account event without account")
    if account.get("active") is True:
        status = "active"
    else:
        raw = account.get("status")
        status = (clean_line(raw, 40) if isinstance(raw, str) else "") or "inactive"
    return AccountChange(_author(did), status=status)


# --- field helpers -----------------------------------------------------------------------


def _author(did: str) -> Account:
    """A commit names its author by DID only; the handle comes from identity events."""
    return Account(network=NETWORK, key=did, handle=did, category=None)


def _did(value: Any) -> str:
    if value is None or value == "":
        raise ParseError("event has no did")
    if not isinstance(value, str) or not _DID.fullmatch(value):
        raise ParseError("event did is malformed")
    return value


def _at_uri(value: Any) -> str | None:
    if isinstance(value, str) and _AT_URI.fullmatch(value):
        return value
    return None


def _short(value: Any) -> str:
    return clean_line(value, 200) if isinstance(value, str) else ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
