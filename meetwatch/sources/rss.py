"""RSS 2.0 / Atom / RDF parser: one feed document → posts by the feed's account.

Pure: the bytes are handed to feedparser as an in-memory stream, so nothing
is fetched or opened.  The feed itself is the account (an official source by
default); each entry is a post named by its ``guid``/``id``, else its link.
Entries that cannot be used are reported as problems and skipped; the rest of
the feed is still returned.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit


from meetwatch.core.models import Account, Event, ParseError, Post
from meetwatch.core.text import (
    MAX_TEXT,
    clean,
    clean_line,
    extract_hashtags,
    html_to_text,
    normalise_hashtag,
    unique,
)
from meetwatch.core.timeutil import iso, normalise_time

NETWORK = "rss"
Problem = tuple[int | None, str]

_MAX_ID = 2_000  # characters kept of a guid or link
_MAX_HTML = MAX_TEXT * 4
_MAX_HASHTAGS = 100
_LANG = re.compile(r"[a-z]{2,3}")
_SPACES = re.compile(r"\s+")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _get(obj: Any, key: str) -> Any:
    """A raw feedparser value without its deprecated key fallbacks."""
    return dict.get(obj, key) if isinstance(obj, dict) else None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _lang(value: Any) -> str | None:
    """``en-US`` → ``en``; None when it is not a language tag."""
    primary = re.split(r"[-_]", _str(value).strip().lower(), maxsplit=1)[0]
    return primary if _LANG.fullmatch(primary) else None


def _time(raw: Any, parsed: Any) -> str | None:
    """An ISO time from the raw date text, else from feedparser's own parse."""
    text = _str(raw).strip()
    if text:
        try:
            return normalise_time(text[:100])
        except (ValueError, OverflowError):
            pass
    if isinstance(parsed, time.struct_time):
        try:
            return iso(datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC))
        except (ValueError, OverflowError, OSError):
            return None
    return None


def _feed_account(feed: Any, feed_url: str | None) -> Account:
    title = clean_line(_str(_get(feed, "title")))
    link = clean_line(_str(_get(feed, "link")), _MAX_ID) or None
    url = clean_line(feed_url, _MAX_ID) if isinstance(feed_url, str) else ""
    key = url or link or title
    if not key:
        raise ParseError("feed has no URL, link or title to name it by")
    handle = title or _host(url) or _host(link) or key
    subtitle = _get(feed, "subtitle")
    return Account(
        network=NETWORK,
        key=key,
        handle=handle,
        display_name=title,
        url=link,
        bio=html_to_text(_str(subtitle), 2_000) if subtitle else "",
        category="official",
    )


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        return clean_line(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def _body(entry: Any) -> tuple[str, str | None]:
    """(plain text, raw HTML or None) of an entry's summary, else its first content."""
    summary = _str(_get(entry, "summary"))
    if summary.strip():
        return _detail_text(summary, _get(entry, "summary_detail"))
    for content in _get(entry, "content") or ():
        value = _str(_get(content, "value"))
        if value.strip():
            return _detail_text(value, content)
    return "", None


def _detail_text(value: str, detail: Any) -> tuple[str, str | None]:
    if (_str(_get(detail, "type")) or "text/html") in _HTML_TYPES:
        return html_to_text(value[:_MAX_HTML]), clean(value, _MAX_HTML)
    return clean(value).strip(), None


def _entry_lang(entry: Any, feed_lang: str | None) -> str | None:
    for key in ("summary_detail", "title_detail"):
        if lang := _lang(_get(_get(entry, key), "language")):
            return lang
    for content in (_get(entry, "content") or ())[:1]:
        if lang := _lang(_get(content, "language")):
            return lang
    return _lang(_get(entry, "language")) or feed_lang


def _entry_post(entry: Any, index: int, author: Account, feed_updated: str | None,
                feed_lang: str | None) -> Post:
    """One entry → Post, or ParseError naming what is missing."""
    if not isinstance(entry, dict):
        raise ParseError(f"entry {index} is unreadable")
    guid = clean_line(_str(_get(entry, "id")), _MAX_ID)
    link = clean_line(_str(_get(entry, "link")), _MAX_ID)
    uid = guid or link
    if not uid:
        raise ParseError(f"entry {index} has neither guid nor link")
    published = _time(_get(entry, "published"), _get(entry, "published_parsed"))
    updated = _time(_get(entry, "updated"), _get(entry, "updated_parsed"))
    created_at = published or updated or feed_updated
    if created_at is None:
        bad = _str(_get(entry, "published")) or _str(_get(entry, "updated"))
        if bad.strip():
            raise ParseError(f"entry {index} has a bad date {clean_line(bad, 60)!r}")
        raise ParseError(f"entry {index} has no date")

    title_detail = _get(entry, "title_detail")
    raw_title = _str(_get(entry, "title"))
    if _str(_get(title_detail, "type")) in _HTML_TYPES:
        raw_title = html_to_text(raw_title[:_MAX_HTML])
    title = clean_line(raw_title)
    body, html = _body(entry)
    if not title:
        text = body
    elif not body or body.startswith(title):
        text = body or title
    else:
        text = f"{title}\n\n{body}"
    text = clean(text)

    # Category terms become hashtags without their spaces ("Human Rights" →
    # "humanrights"), so they meet the same tag posted on social networks.
    terms = [_SPACES.sub("", normalise_hashtag(term)) for tag in (_get(entry, "tags") or ())
             if (term := _str(_get(tag, "term")).strip())]
    return Post(
        uid=uid,
        network=NETWORK,
        author=author,
        text=text,
        created_at=created_at,
        url=link if link.startswith(("http://", "https://")) else None,
        lang=_entry_lang(entry, feed_lang),
        hashtags=unique(terms + extract_hashtags(text))[:_MAX_HASHTAGS],
        html=html,
        title=title or None,
        version=updated or "",
        edited_at=updated if published and updated and updated != published else None,
    )


def _bozo_reason(result: Any) -> str:
    exc = _get(result, "bozo_exception")
    message = clean_line(str(exc) if exc is not None else "", 200)
    return message or "malformed XML"


def _parse(data: bytes, feed_url: str | None, from_text: bool) -> Any:
    # Text has already been decoded: tell feedparser so, whatever the XML
    # declaration claims.  Bytes: the XML declaration (or BOM) decides.
    headers = {"content-type": "application/xml; charset=utf-8" if from_text
               else "application/xml"}
    if feed_url and feed_url.startswith(("http://", "https://")):
        headers["content-location"] = feed_url  # base for relative links only
    try:
        import feedparser  # imported when first needed: it is slow to import

        return feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # feedparser is lenient, but be certain
        raise ParseError(f"not an RSS/Atom feed: {type(exc).__name__}") from exc


def parse_feed(data: bytes | str, feed_url: str | None = None,
               ) -> tuple[list[Event], list[Problem]]:
    """Parse one RSS/Atom/RDF document.

    Returns the posts and the problems: ``(entry index (1-based) or None,
    reason)`` for each entry that was skipped, plus one ``(None, "XML error:
    ...")`` when the document is malformed but still yielded entries.  Raises
    :class:`ParseError` only when the document is not a feed at all.
    """
    if isinstance(data, str):
        raw, from_text = data.encode("utf-8", "replace"), True
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw, from_text = bytes(data), False
    else:
        raise ParseError("feed data must be bytes or text")
    if not isinstance(feed_url, str):
        feed_url = None
    if not raw.strip():
        raise ParseError("not an RSS/Atom feed: empty document")
    result = _parse(raw, feed_url, from_text)
    try:
        return _events(result, feed_url)
    except ParseError:
        raise
    except Exception as exc:  # the contract is ParseError only
        raise ParseError(f"internal parser error ({type(exc).__name__})") from exc


def _events(result: Any, feed_url: str | None) -> tuple[list[Event], list[Problem]]:
    feed = _get(result, "feed") or {}
    entries = _get(result, "entries")
    entries = entries if isinstance(entries, list) else []
    title = clean_line(_str(_get(feed, "title")))
    problems: list[Problem] = []
    if _get(result, "bozo"):
        if not entries and not title:
            raise ParseError(f"not an RSS/Atom feed: {_bozo_reason(result)}")
        problems.append((None, f"XML error: {_bozo_reason(result)}"))
    elif not entries and not title and not _get(result, "version"):
        raise ParseError("not an RSS/Atom feed: no channel, feed or items found")

    if not entries:
        return [], problems
    author = _feed_account(feed, feed_url)
    feed_updated = _time(_get(feed, "updated"), _get(feed, "updated_parsed"))
    feed_lang = _lang(_get(feed, "language"))
    events: list[Event] = []
    for index, entry in enumerate(entries, 1):
        try:
            events.append(_entry_post(entry, index, author, feed_updated, feed_lang))
        except ParseError as exc:
            problems.append((index, str(exc)))
        except Exception as exc:  # one odd entry never sinks the feed
            problems.append((index, f"entry {index} is unreadable ({type(exc).__name__})"))
    return events, problems


_PROLOGUE = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(rss|feed|RDF)[\s>/]")


def looks_like_feed(head: bytes) -> bool:
    """True when the first few KB start (after BOM, XML declaration, comments,
    processing instructions and a doctype) with ``<rss``, ``<feed`` or
    ``<rdf:RDF``."""
    try:
        if isinstance(head, str):
            head = head.encode("utf-8", "replace")
        if not isinstance(head, (bytes, bytearray, memoryview)):
            return False
        chunk = bytes(head[:8192])
        if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16-le" if chunk.startswith(b"\xff\xfe") else "utf-16-be"
            chunk = chunk[2:].decode(encoding, "ignore").encode("utf-8")
        elif chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        prologue = _PROLOGUE.match(chunk)
        rest = chunk[prologue.end():] if prologue else chunk
        root = _ROOT.match(rest)
        if root is None:
            return False
        prefix, name = root.group(1), root.group(2)
        return name != b"RDF" or prefix is not None  # RSS 1.0 is <rdf:RDF>
    except Exception:  # detection never raises
        return False
