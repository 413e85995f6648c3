"""Mastodon: Status entities, WebSocket stream frames and SSE events → events.

Pure functions, no I/O.  Identity is the status ``uri`` (the same post has a
different server-local ``id`` on every server); ``id`` is kept as
``local_id`` because deletes and replies name posts by it.  Any dict goes
in; a list of events or :class:`ParseError` comes out.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import orjson

from meetwatch.sources.guard import guarded
from meetwatch.core.models import (
    Account,
    Deletion,
    Event,
    Notice,
    ParseError,
    Post,
    Share,
)
from meetwatch.core.text import (
    MAX_TEXT,
    clean,
    clean_line,
    extract_hashtags,
    html_to_text,
    normalise_hashtag,
    unique,
)
from meetwatch.core.timeutil import normalise_time

NETWORK = "mastodon"
MAX_IDENT = 2048  # uri, url, ids: rejected, not truncated, when longer
MAX_HTML = 4 * MAX_TEXT
MAX_BIO = 2000
MAX_TIME = 64  # longer "times" are garbage (and slow to parse)
MAX_DEPTH = 4  # boost → quote → quote ... nesting accepted
MAX_TAGS = 100

STATUS_EVENTS = frozenset({"update", "status.update"})
NOTICE_EVENTS = frozenset({
    "filters_changed", "notification", "conversation", "announcement",
    "announcement.reaction", "announcement.delete", "notifications_merged",
})
_METRICS = (
    ("replies", "replies_count"),
    ("shares", "reblogs_count"),
    ("likes", "favourites_count"),
    ("quotes", "quotes_count"),
)
_BAD_IDENT = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")



# --- public API ----------------------------------------------------------------


@guarded
def parse_status(obj: dict[str, Any]) -> list[Event]:
    """One REST Status entity → [quoted Post?, Post] or [original Post(s)..., Share]."""
    return _parse_status(obj, 0)


@guarded
def parse_stream_frame(frame: dict[str, Any]) -> list[Event]:
    """One WebSocket frame ``{"stream", "event", "payload"}`` (or an error frame)."""
    if not isinstance(frame, dict):
        raise ParseError("frame is not an object")
    event = frame.get("event")
    if event is None:
        if "error" in frame:
            return [Notice(NETWORK, "error", _error_detail(frame))]
        raise ParseError("frame has no event")
    if not isinstance(event, str):
        raise ParseError("frame event is not a string")
    return _dispatch(event, frame.get("payload"), _stream_label(frame.get("stream")))


@guarded
def parse_sse_event(event: str, data: str) -> list[Event]:
    """One Server-Sent Event: ``data`` is single-encoded JSON, or a bare id for deletes."""
    if not isinstance(event, str) or not event:
        raise ParseError("SSE event has no name")
    if data is not None and not isinstance(data, str):
        raise ParseError("SSE data is not text")
    return _dispatch(event, data, "")


# --- frames -----------------------------------------------------------------------


def _dispatch(event: str, payload: Any, stream: str) -> list[Event]:
    if event in STATUS_EVENTS:
        return _parse_status(_decode_status(event, payload), 0)
    if event == "delete":
        return [Deletion(NETWORK, local_id=_delete_id(payload))]
    if event in NOTICE_EVENTS:
        detail = stream
        if event == "announcement.delete" and isinstance(payload, str):
            detail = clean_line(payload, 100)
        return [Notice(NETWORK, event, detail)]
    return [Notice(NETWORK, "unknown-event", clean_line(event, 100))]


def _decode_status(event: str, payload: Any) -> dict[str, Any]:
    if payload is None:
        raise ParseError(f"{event} has no payload")
    if isinstance(payload, str):
        try:
            payload = orjson.loads(payload)
        except orjson.JSONDecodeError:
            raise ParseError(f"{event} payload is not JSON") from None
    if not isinstance(payload, dict):
        raise ParseError(f"{event} payload is not an object")
    return payload


def _delete_id(payload: Any) -> str:
    if isinstance(payload, int) and not isinstance(payload, bool):
        payload = str(payload)
    if not isinstance(payload, str):
        raise ParseError("delete payload is not a status id")
    # Tolerate a JSON-quoted id ("\"123\"") from odd proxies.
    local_id = payload.strip().strip('"')
    if not local_id:
        raise ParseError("delete has no status id")
    return _ident(local_id, "delete status id")


def _error_detail(frame: dict[str, Any]) -> str:
    error, status = frame.get("error"), frame.get("status")
    text = clean_line(error if isinstance(error, str) else repr(error)[:200])
    if isinstance(status, int) and not isinstance(status, bool):
        text = f"{status} {text}"
    return text


def _stream_label(stream: Any) -> str:
    if isinstance(stream, list):
        return clean_line(":".join(s for s in stream[:4] if isinstance(s, str)), 200)
    return clean_line(stream, 200) if isinstance(stream, str) else ""


# --- statuses ----------------------------------------------------------------------


def _parse_status(obj: Any, depth: int) -> list[Event]:
    if not isinstance(obj, dict):
        raise ParseError("status is not an object")
    if depth > MAX_DEPTH:
        raise ParseError("status nested too deeply")
    uid = _required_ident(obj.get("uri"), "status has no uri", "status uri")
    created_at = _required_time(obj.get("created_at"), "created_at")
    local_id = _optional_ident(obj.get("id"))
    author = _account(obj.get("account"), uid)

    reblog = obj.get("reblog")
    if isinstance(reblog, dict):
        inner = _parse_status(reblog, depth + 1)
        original = inner[-1]
        if not isinstance(original, Post):
            raise ParseError("boost of a boost")
        share = Share(uid=uid, network=NETWORK, author=author, original_uid=original.uid,
                      created_at=created_at, original=original, local_id=local_id)
        return [*inner, share]

    content = obj.get("content") if isinstance(obj.get("content"), str) else ""
    body = html_to_text(content)
    spoiler = clean(_str(obj.get("spoiler_text"))).strip()
    text = clean(f"{spoiler}\n\n{body}" if spoiler and body else spoiler or body)
    edited_at = _optional_time(obj.get("edited_at"), "edited_at")
    extra, quote_of, quote_of_local = _quote(obj.get("quote"), depth)
    language = _str(obj.get("language"))
    post = Post(
        uid=uid,
        network=NETWORK,
        author=author,
        text=text,
        created_at=created_at,
        url=_optional_ident(obj.get("url")) or uid,
        lang=clean_line(language, 35) or None,
        hashtags=_hashtags(obj.get("tags"), text),
        quote_of=quote_of,
        html=clean(content, MAX_HTML) or None,
        version=edited_at or "",
        edited_at=edited_at,
        local_id=local_id,
        reply_to_local=_optional_ident(obj.get("in_reply_to_id")),
        quote_of_local=quote_of_local,
        metrics=_metrics(obj),
    )
    return [*extra, post]


def _quote(quote: Any, depth: int) -> tuple[list[Event], str | None, str | None]:
    """A 4.4+ Quote / ShallowQuote → (quoted posts, quote_of, quote_of_local)."""
    if not isinstance(quote, dict):
        return [], None, None
    state = quote.get("state")
    if state is not None and state != "accepted":
        return [], None, None
    quoted = quote.get("quoted_status")
    if quoted is None and "uri" in quote and "account" in quote:
        quoted = quote  # pre-4.4 forks put the quoted Status here directly
    if isinstance(quoted, dict):
        try:
            events = _parse_status(quoted, depth + 1)
        except ParseError:
            uri = quoted.get("uri")
            ok = isinstance(uri, str) and _valid_ident(uri)
            return [], (uri if ok else None), None
        post = events[-1]
        if not isinstance(post, Post):  # a "quote" of a boost: not a quote
            return [], None, None
        return events, post.uid, None
    return [], None, _optional_ident(quote.get("quoted_status_id"))


def _account(acc: Any, status_uri: str) -> Account:
    if not isinstance(acc, dict):
        raise ParseError("status has no account")
    url = _optional_ident(acc.get("url"))
    key = url or _optional_ident(acc.get("uri")) or _optional_ident(acc.get("id"))
    if not key:
        raise ParseError("account has no url")
    acct = clean_line(_str(acc.get("acct")) or _str(acc.get("username"))).lstrip("@")
    if not acct:
        raise ParseError("account has no acct")
    if "@" in acct:
        handle = "@" + acct
    else:
        host = _host(url or _optional_ident(acc.get("uri"))) or _host(status_uri)
        handle = f"@{acct}@{host}" if host else "@" + acct
    return Account(
        network=NETWORK,
        key=key,
        handle=clean_line(handle),
        display_name=clean_line(_str(acc.get("display_name"))),
        url=url,
        bio=html_to_text(_str(acc.get("note")), MAX_BIO),
        category=None,
    )


def _hashtags(tags: Any, text: str) -> tuple[str, ...]:
    names: list[str] = []
    if isinstance(tags, list):
        for tag in tags[:MAX_TAGS]:
            if isinstance(tag, dict) and isinstance(tag.get("name"), str):
                names.append(normalise_hashtag(clean_line(tag["name"], 200)))
    names.extend(extract_hashtags(text))
    return unique(names)


def _metrics(obj: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, key in _METRICS:
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
            out[name] = value
    return out


# --- field helpers --------------------------------------------------------------------


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _valid_ident(value: str) -> bool:
    return 0 < len(value) <= MAX_IDENT and not _BAD_IDENT.search(value)


def _optional_ident(value: Any) -> str | None:
    """An id/uri/url if well-formed, else None (ints are accepted as ids)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = clean(value.strip(), MAX_IDENT + 1)
    return value if _valid_ident(value) else None


def _required_ident(value: Any, missing: str, what: str) -> str:
    if value is None or value == "":
        raise ParseError(missing)
    if not isinstance(value, str):
        raise ParseError(f"{what} is not a string")
    return _ident(value, what)


def _ident(value: str, what: str) -> str:
    value = clean(value.strip(), MAX_IDENT + 1)
    if not _valid_ident(value):
        raise ParseError(f"{what} is malformed")
    return value


def _required_time(value: Any, what: str) -> str:
    time = _optional_time(value, what)
    if time is None:
        raise ParseError(f"status has no {what}")
    return time


def _optional_time(value: Any, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_TIME:
        raise ParseError(f"bad {what}")
    try:
        return normalise_time(value)
    except (ValueError, TypeError, OverflowError, IndexError):
        raise ParseError(f"bad {what} {clean_line(value, 40)!r}") from None


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
