"""X (Twitter) parsers: API v2 stream lines, twarc2 archives and twarc1 (v1.1) archives.

Pure functions from one decoded JSON line to a list of core events; no I/O.
Every post is named ``https://x.com/i/status/ID``; an edited post keeps the id
of its first version as ``uid`` and carries the id of the version at hand as
``version`` and ``local_id`` (see DESIGN.md, "Identity").  Retweets become
:class:`Share` events, never new posts.

Malformed input raises :class:`ParseError` with a short reason; nothing else
escapes these functions.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from meetwatch.core.models import Account, Deletion, Event, Notice, ParseError, Post, Share
from meetwatch.core.text import (
    MAX_TEXT,
    clean,
    clean_line,
    extract_hashtags,
    normalise_hashtag,
    unique,
)
from meetwatch.core.timeutil import iso, normalise_time
from meetwatch.sources.guard import guarded

NETWORK = "x"
STATUS_URL = "https://x.com/i/status/{}"

_ID = re.compile(r"[0-9]{1,25}")
_USERNAME = re.compile(r"[A-Za-z0-9_]{1,50}")
# Pseudo language codes X uses for posts with no detectable language:
# und(etermined), zxx (no linguistic content) and the private-use q?? range
# (qme media only, qht hashtags only, qam mentions only, ...).
_NO_LANG = re.compile(r"und|zxx|q[a-t][a-z]")
_MAX_HASHTAGS = 100
# Keys of v1.1 streaming control messages that are not posts.
_V1_NOTICES = ("limit", "disconnect", "warning", "scrub_geo", "status_withheld",
               "user_withheld")
_V2_METRICS = (("reply_count", "replies"), ("retweet_count", "shares"),
               ("like_count", "likes"), ("quote_count", "quotes"))
_V1_METRICS = (("reply_count", "replies"), ("retweet_count", "shares"),
               ("favorite_count", "likes"), ("quote_count", "quotes"))



# --- small, type-safe accessors ------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _id(value: Any) -> str | None:
    """A tweet or user id as a digit string, or None."""
    if isinstance(value, bool):
        return None
    text = str(value) if isinstance(value, int) else value
    if isinstance(text, str):
        text = text.strip()
        if _ID.fullmatch(text):
            return text
    return None


def status_uid(tweet_id: str) -> str:
    """The global identity of an X post: ``https://x.com/i/status/ID``."""
    return STATUS_URL.format(tweet_id)


def _time(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ParseError(f"{what} has no created_at")
    try:
        return normalise_time(value[:100])
    except (ValueError, OverflowError):
        raise ParseError(f"{what} has a bad created_at {clean_line(value, 60)!r}") from None


def _text(value: str) -> str:
    """X escapes ``&``, ``<`` and ``>`` in post text; undo that, nothing more."""
    return clean(html.unescape(value[: MAX_TEXT * 2]))


def _lang(value: Any) -> str | None:
    code = clean_line(_str(value), 16).lower()
    if not code or _NO_LANG.fullmatch(code):
        return None
    return code


def _hashtags(entities: Any, key: str, text: str) -> tuple[str, ...]:
    """Hashtags from ``entities.hashtags[].<key>``; from the text when absent."""
    raw = _dict(entities).get("hashtags")
    if isinstance(raw, list):
        tags = [normalise_hashtag(t) for item in raw
                if isinstance(t := _dict(item).get(key), str)]
    else:
        tags = extract_hashtags(text)
    return unique(tags)[:_MAX_HASHTAGS]


def _metrics(raw: Any, names: tuple[tuple[str, str], ...]) -> dict[str, int]:
    counts = _dict(raw)
    out: dict[str, int] = {}
    for source, name in names:
        value = counts.get(source)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            out[name] = value
    return out


def _account(user_id: str, user: dict[str, Any]) -> Account:
    """An X account from a v2 user or v1.1 user object (either may be empty)."""
    username = _str(user.get("username")) or _str(user.get("screen_name"))
    username = username.strip() if username else None
    if username and not _USERNAME.fullmatch(username):
        username = None
    return Account(
        network=NETWORK,
        key=user_id,
        handle=username or user_id,
        display_name=clean_line(_str(user.get("name"))),
        url=f"https://x.com/{username}" if username else None,
        bio=clean(_str(user.get("description")), 2_000).strip(),
    )


def _post_url(account: Account, tweet_id: str) -> str:
    if account.url:  # the username is known
        return f"https://x.com/{account.handle}/status/{tweet_id}"
    return status_uid(tweet_id)


def _edit_uid(history: Any, tweet_id: str) -> tuple[str, bool]:
    """(uid, is_later_version) from an edit history list (oldest first)."""
    ids = [i for i in (_id(v) for v in _list(history)) if i]
    if len(ids) > 1 and ids[0] != tweet_id:
        return status_uid(ids[0]), True
    return status_uid(tweet_id), False


# --- twarc2 / API v2 ---------------------------------------------------------------


class _Includes:
    """Users and tweets of a v2 response's ``includes``, by id."""

    def __init__(self, includes: Any) -> None:
        inc = _dict(includes)
        self.users: dict[str, dict[str, Any]] = {}
        self.tweets: dict[str, dict[str, Any]] = {}
        for user in _list(inc.get("users")):
            if isinstance(user, dict) and (uid := _id(user.get("id"))):
                self.users.setdefault(uid, user)
        for tweet in _list(inc.get("tweets")):
            if isinstance(tweet, dict) and (tid := _id(tweet.get("id"))):
                self.tweets.setdefault(tid, tweet)


def _v2_author(tweet: dict[str, Any], inc: _Includes, what: str) -> Account:
    inline = _dict(tweet.get("author"))
    author_id = _id(tweet.get("author_id")) or _id(inline.get("id"))
    if author_id is None:
        raise ParseError(f"{what} has no author_id")
    user = inline if inline.get("username") or inline.get("name") else {}
    return _account(author_id, user or inc.users.get(author_id, {}))


def _v2_refs(tweet: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(type, id, the referenced object as given) for each referenced tweet."""
    out = []
    for ref in _list(tweet.get("referenced_tweets")):
        ref = _dict(ref)
        kind, ref_id = _str(ref.get("type")), _id(ref.get("id"))
        if kind and ref_id:
            out.append((kind, ref_id, ref))
    return out


def _v2_post(tweet: dict[str, Any], inc: _Includes, what: str) -> Post:
    tweet_id = _id(tweet.get("id"))
    if tweet_id is None:
        raise ParseError(f"{what} has no id")
    what = f"tweet {tweet_id}"
    note = _dict(tweet.get("note_tweet"))
    long_text = _str(note.get("text"))
    raw_text = long_text if long_text is not None else _str(tweet.get("text"))
    if raw_text is None:
        raise ParseError(f"{what} has no text")
    created_at = _time(tweet.get("created_at"), what)
    author = _v2_author(tweet, inc, what)
    text = _text(raw_text)
    entities = note.get("entities") if long_text is not None else tweet.get("entities")
    uid, edited = _edit_uid(tweet.get("edit_history_tweet_ids"), tweet_id)
    reply_to = quote_of = None
    for kind, ref_id, _ in _v2_refs(tweet):
        if kind == "replied_to" and reply_to is None:
            reply_to = status_uid(ref_id)
        elif kind == "quoted" and quote_of is None:
            quote_of = status_uid(ref_id)
    return Post(
        uid=uid,
        network=NETWORK,
        author=author,
        text=text,
        created_at=created_at,
        url=_post_url(author, tweet_id),
        lang=_lang(tweet.get("lang")),
        hashtags=_hashtags(entities, "tag", text),
        reply_to=reply_to,
        quote_of=quote_of,
        html=None,
        version=tweet_id,
        edited_at=created_at if edited else None,
        local_id=tweet_id,
        metrics=_metrics(tweet.get("public_metrics"), _V2_METRICS),
    )


def _v2_events(tweet: Any, inc: _Includes, what: str) -> Event:
    """One v2 tweet (page item, stream object or flattened line) → Post or Share."""
    if not isinstance(tweet, dict):
        raise ParseError(f"{what} is not an object")
    retweeted = next((r for r in _v2_refs(tweet) if r[0] == "retweeted"), None)
    if retweeted is None:
        return _v2_post(tweet, inc, what)
    tweet_id = _id(tweet.get("id"))
    if tweet_id is None:
        raise ParseError(f"{what} has no id")
    what = f"retweet {tweet_id}"
    _, ref_id, ref = retweeted
    source = ref if "text" in ref else inc.tweets.get(ref_id)
    original: Post | None = None
    if source is not None:
        try:
            original = _v2_post(source, inc, f"retweeted tweet {ref_id}")
        except ParseError:
            original = None
    return Share(
        uid=status_uid(tweet_id),
        network=NETWORK,
        author=_v2_author(tweet, inc, what),
        original_uid=original.uid if original else status_uid(ref_id),
        created_at=_time(tweet.get("created_at"), what),
        original=original,
        local_id=tweet_id,
    )


def _error_notice(errors: Any, fallback: dict[str, Any]) -> Notice:
    parts: list[str] = []
    for err in _list(errors)[:20] or [fallback]:
        err = _dict(err)
        title = _str(err.get("title")) or _str(err.get("connection_issue")) or "error"
        detail = _str(err.get("detail")) or _str(err.get("message")) or ""
        parts.append(f"{title}: {detail}" if detail else title)
    return Notice(network=NETWORK, kind="error", detail=clean_line("; ".join(parts), 1_000))


def _compliance_delete(data: dict[str, Any]) -> Deletion:
    delete = _dict(data.get("delete"))
    tweet_id = _id(_dict(delete.get("tweet")).get("id"))
    if tweet_id is None:
        raise ParseError("delete event has no tweet id")
    deleted_at = None
    if isinstance(delete.get("event_at"), str):
        try:
            deleted_at = normalise_time(delete["event_at"][:100])
        except (ValueError, OverflowError):
            raise ParseError("delete event has a bad event_at") from None
    return Deletion(network=NETWORK, uid=status_uid(tweet_id), local_id=tweet_id,
                    deleted_at=deleted_at)


@guarded
def parse_twarc2(obj: dict[str, Any]) -> list[Event]:
    """One twarc2 JSONL line (or X API v2 response / stream line) → events.

    Accepts a search/timeline page (``data`` is a list), a stream line
    (``data`` is one tweet, with ``matching_rules``), a flattened tweet
    (``twarc2 flatten``: ``author`` and ``referenced_tweets`` inlined), an
    errors-only line (→ one ``Notice(kind="error")``) and an empty page
    (``meta`` only → ``[]``).  In a page, a malformed tweet does not sink the
    others: it becomes a ``Notice(kind="error")`` naming it; a page in which
    every tweet is malformed raises :class:`ParseError`.
    """
    if not isinstance(obj, dict):
        raise ParseError("not a JSON object")
    if "data" in obj and obj["data"] is not None:
        data = obj["data"]
        inc = _Includes(obj.get("includes"))
        if isinstance(data, dict):
            if "delete" in data and "id" not in data:
                return [_compliance_delete(data)]
            return [_v2_events(data, inc, "tweet")]
        if isinstance(data, list):
            return _page_events(data, inc)
        raise ParseError("data is neither a tweet nor a list of tweets")
    if "errors" in obj:
        return [_error_notice(obj.get("errors"), obj)]
    if isinstance(obj.get("title"), str) and ("detail" in obj or "connection_issue" in obj):
        return [_error_notice(None, obj)]  # a bare problem object from the stream
    if "id" in obj and ("text" in obj or "note_tweet" in obj):
        return [_v2_events(obj, _Includes(None), "tweet")]
    if "meta" in obj:
        return []  # an empty result page
    raise ParseError("no tweet data (expected data, errors or a flattened tweet)")


def _page_events(data: list[Any], inc: _Includes) -> list[Event]:
    events: list[Event] = []
    failures: list[str] = []
    for index, tweet in enumerate(data, 1):
        try:
            events.append(_v2_events(tweet, inc, f"tweet {index} of page"))
        except ParseError as exc:
            failures.append(f"tweet {index} of page skipped: {exc}")
    if failures and not events:
        raise ParseError(failures[0] if len(failures) == 1
                         else f"all {len(failures)} tweets unusable; first: {failures[0]}")
    events.extend(Notice(network=NETWORK, kind="error", detail=clean_line(f, 1_000))
                  for f in failures)
    return events


def parse_x_stream_line(obj: dict[str, Any]) -> list[Event]:
    """One decoded line of the live X v2 filtered stream (same rules as twarc2)."""
    return parse_twarc2(obj)


# --- twarc1 / API v1.1 -------------------------------------------------------------


def _v1_post(tweet: dict[str, Any], what: str) -> Post:
    tweet_id = _id(tweet.get("id_str")) or _id(tweet.get("id"))
    if tweet_id is None:
        raise ParseError(f"{what} has no id_str")
    what = f"tweet {tweet_id}"
    extended = _dict(tweet.get("extended_tweet"))
    raw_text = (_str(extended.get("full_text")) or _str(tweet.get("full_text"))
                or _str(tweet.get("text")))
    if raw_text is None:
        raise ParseError(f"{what} has no text")
    created_at = _time(tweet.get("created_at"), what)
    author = _v1_author(tweet, what)
    text = _text(raw_text)
    entities = (extended.get("entities") if _str(extended.get("full_text"))
                else tweet.get("entities"))
    history = _dict(tweet.get("edit_history"))
    ids = _list(history.get("edit_tweet_ids"))
    first = _id(history.get("initial_tweet_id"))
    if first and first not in [_id(i) for i in ids[:1]]:
        ids = [first, *ids]
    uid, edited = _edit_uid(ids, tweet_id)
    reply_id = _id(tweet.get("in_reply_to_status_id_str")) or _id(
        tweet.get("in_reply_to_status_id"))
    quote_id = _id(tweet.get("quoted_status_id_str")) or _id(
        _dict(tweet.get("quoted_status")).get("id_str"))
    return Post(
        uid=uid,
        network=NETWORK,
        author=author,
        text=text,
        created_at=created_at,
        url=_post_url(author, tweet_id),
        lang=_lang(tweet.get("lang")),
        hashtags=_hashtags(entities, "text", text),
        reply_to=status_uid(reply_id) if reply_id else None,
        quote_of=status_uid(quote_id) if quote_id else None,
        html=None,
        version=tweet_id,
        edited_at=created_at if edited else None,
        local_id=tweet_id,
        metrics=_metrics(tweet, _V1_METRICS),
    )


def _v1_author(tweet: dict[str, Any], what: str) -> Account:
    user = _dict(tweet.get("user"))
    user_id = _id(user.get("id_str")) or _id(user.get("id"))
    if user_id is None:
        raise ParseError(f"{what} has no user.id_str")
    return _account(user_id, user)


def _v1_delete(delete: dict[str, Any]) -> Deletion:
    status = _dict(delete.get("status"))
    tweet_id = _id(status.get("id_str")) or _id(status.get("id"))
    if tweet_id is None:
        raise ParseError("delete notice has no status id")
    deleted_at = None
    stamp = delete.get("timestamp_ms")
    if isinstance(stamp, str) and stamp.isdigit() and len(stamp) < 16:
        stamp = int(stamp)
    if isinstance(stamp, int) and not isinstance(stamp, bool):
        try:
            deleted_at = iso(datetime.fromtimestamp(stamp / 1000, tz=UTC))
        except (ValueError, OverflowError, OSError):
            raise ParseError("delete notice has a bad timestamp_ms") from None
    return Deletion(network=NETWORK, uid=status_uid(tweet_id), local_id=tweet_id,
                    deleted_at=deleted_at)


@guarded
def parse_twarc1(obj: dict[str, Any]) -> list[Event]:
    """One twarc (v1.1) JSONL line → events.

    A tweet becomes a :class:`Post` (text from ``extended_tweet.full_text``,
    ``full_text`` or ``text``); a retweet a :class:`Share` carrying the
    retweeted post; ``{"delete": {"status": ...}}`` a :class:`Deletion`;
    streaming control messages (``limit``, ``disconnect``, ``warning``, ...) a
    :class:`Notice` of that kind.
    """
    if not isinstance(obj, dict):
        raise ParseError("not a JSON object")
    if "delete" in obj and "id_str" not in obj:
        return [_v1_delete(_dict(obj.get("delete")))]
    if "id_str" not in obj and "id" not in obj:
        for kind in _V1_NOTICES:
            if kind in obj:
                body = _dict(obj[kind])
                detail = _str(body.get("reason")) or _str(body.get("message")) or ""
                track = body.get("track")
                if not detail and isinstance(track, int) and not isinstance(track, bool):
                    detail = f"{track} posts not delivered"
                return [Notice(network=NETWORK, kind=kind, detail=clean_line(detail, 1_000))]
        raise ParseError("not a v1.1 tweet (no id_str)")
    retweeted = obj.get("retweeted_status")
    if retweeted is None:
        return [_v1_post(obj, "tweet")]
    tweet_id = _id(obj.get("id_str")) or _id(obj.get("id"))
    if tweet_id is None:
        raise ParseError("retweet has no id_str")
    what = f"retweet {tweet_id}"
    retweeted = _dict(retweeted)
    ref_id = _id(retweeted.get("id_str")) or _id(retweeted.get("id"))
    if ref_id is None:
        raise ParseError(f"{what}: retweeted_status has no id_str")
    try:
        original: Post | None = _v1_post(retweeted, f"retweeted tweet {ref_id}")
    except ParseError:
        original = None
    return [Share(
        uid=status_uid(tweet_id),
        network=NETWORK,
        author=_v1_author(obj, what),
        original_uid=original.uid if original else status_uid(ref_id),
        created_at=_time(obj.get("created_at"), what),
        original=original,
        local_id=tweet_id,
    )]


# --- format detection ----------------------------------------------------------------


def looks_like_twarc2(obj: Any) -> bool:
    """True for a twarc2 / API v2 line: a page, a stream line, a flattened tweet
    or an errors-only line (``errors`` list, no ``data``)."""
    try:
        if not isinstance(obj, dict):
            return False
        data = obj.get("data")
        if isinstance(data, list):
            return True
        if isinstance(data, dict):
            return ("id" in data and "text" in data) or "delete" in data
        if "id_str" in obj:
            return False
        if "id" in obj and "text" in obj and ("author_id" in obj or "author" in obj):
            return True
        return "data" not in obj and isinstance(obj.get("errors"), list) and (
            "__twarc" in obj or all(isinstance(e, dict) and "title" in e
                                    for e in obj["errors"]))
    except Exception:  # detection never raises
        return False


def looks_like_twarc1(obj: Any) -> bool:
    """True for a v1.1 tweet (``id_str`` and ``user``) or a v1.1 delete notice."""
    try:
        if not isinstance(obj, dict):
            return False
        if "id_str" in obj and isinstance(obj.get("user"), dict):
            return True
        delete = obj.get("delete")
        return isinstance(delete, dict) and isinstance(delete.get("status"), dict)
    except Exception:
        return False
