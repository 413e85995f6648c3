"""Mastodon parser: recorded-style frames, REST statuses, SSE events, garbage."""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from meetwatch.core.models import (
    AccountChange,
    Deletion,
    Notice,
    ParseError,
    Post,
    Share,
)
from meetwatch.core.text import MAX_TEXT
from meetwatch.sources.mastodon import parse_sse_event, parse_status, parse_stream_frame

FIXTURES = Path(__file__).parent / "fixtures" / "mastodon"
RW_URI = "https://example.social/users/rightswatch/statuses/113500000000000001"
DELEGATE_URI = "https://geneva.example.org/users/delegate/statuses/113500000000000042"
EVENT_TYPES = (Post, Share, Deletion, AccountChange, Notice)


def lines(name: str) -> list[dict[str, Any]]:
    with open(FIXTURES / name, encoding="utf-8") as fh:
        return [orjson.loads(line) for line in fh if line.strip()]


FRAMES = lines("stream_hrc59.jsonl")


def frame(index: int) -> list[Any]:
    return parse_stream_frame(FRAMES[index])


def only_post(events: list[Any]) -> Post:
    assert len(events) == 1 and isinstance(events[0], Post)
    return events[0]


def status_of(index: int) -> dict[str, Any]:
    payload = orjson.loads(FRAMES[index]["payload"])
    assert isinstance(payload, dict)
    return payload


# --- stream frames -------------------------------------------------------------------


def test_update_html_to_plain_text() -> None:
    post = only_post(frame(0))
    assert post.uid == RW_URI
    assert post.network == "mastodon"
    assert post.local_id == "113500000000000001"
    assert post.url == "https://example.social/@rightswatch/113500000000000001"
    assert post.text == (
        "Opening of #HRC59 — the High Commissioner's update & Q&A.\n\n"
        "Agenda item 2:\n<draft> resolution on https://example.org/res/59-1\n"
        "cc @delegate #UPR"
    )
    assert post.html is not None and post.html.startswith('<p>Opening of <a href="https://example')
    assert post.created_at == "2025-06-16T09:02:11.000Z"
    assert post.lang == "en"
    assert post.hashtags == ("hrc59", "upr")
    assert post.reply_to is None and post.reply_to_local is None
    assert post.quote_of is None and post.quote_of_local is None
    assert post.version == "" and post.edited_at is None
    assert post.metrics == {"replies": 3, "shares": 7, "likes": 12, "quotes": 1}


def test_update_author_remote_account() -> None:
    author = only_post(frame(0)).author
    assert author.network == "mastodon"
    assert author.key == "https://example.social/@rightswatch"
    assert author.handle == "@rightswatch@example.social"
    assert author.display_name == "Rights Watch 🕊"
    assert author.url == "https://example.social/@rightswatch"
    assert author.bio == "Independent monitoring of the #HRC & treaty bodies."
    assert author.category is None


def test_reply_local_account_gets_server_in_handle() -> None:
    post = only_post(frame(1))
    assert post.uid == DELEGATE_URI
    assert post.reply_to_local == "113499999999990001"
    assert post.reply_to is None
    assert post.author.handle == "@delegate@geneva.example.org"
    assert post.author.key == "https://geneva.example.org/@delegate"
    assert post.created_at == "2025-06-16T09:03:00.250Z"
    assert post.text == "@rightswatch Our statement under item 2 is online. #hrc59"


def test_status_update_is_a_new_version_of_the_same_uid() -> None:
    original, edited = only_post(frame(0)), only_post(frame(2))
    assert edited.uid == original.uid
    assert edited.version == "2025-06-16T09:10:42.123Z"
    assert edited.edited_at == "2025-06-16T09:10:42.123Z"
    assert edited.created_at == original.created_at
    assert edited.text == "Opening of #HRC59 — the High Commissioner's global update."
    assert edited.hashtags == ("hrc59",)
    assert edited.metrics["likes"] == 15


def test_delete_is_a_bare_local_id() -> None:
    assert frame(3) == [Deletion(network="mastodon", local_id="113500000000000001")]


def test_filters_changed_has_no_payload() -> None:
    assert "payload" not in FRAMES[4]
    assert frame(4) == [Notice("mastodon", "filters_changed", "user")]


def test_error_frame() -> None:
    assert frame(5) == [Notice("mastodon", "error", "400 Missing tag name parameter")]


def test_boost_is_a_share_of_the_original() -> None:
    events = frame(6)
    assert [type(e) for e in events] == [Post, Share]
    original, share = events
    assert isinstance(original, Post) and isinstance(share, Share)
    assert original.uid == DELEGATE_URI
    assert share.uid == (
        "https://civic.example.net/users/ngoforum/statuses/113500000000000077/activity"
    )
    assert share.network == "mastodon"
    assert share.original_uid == DELEGATE_URI
    assert share.original == original
    assert share.author.handle == "@ngoforum@civic.example.net"
    assert share.created_at == "2025-06-16T09:04:30.000Z"
    assert share.local_id == "113500000000000077"


def test_full_quote_returns_the_quoted_post_first() -> None:
    events = frame(7)
    assert [type(e) for e in events] == [Post, Post]
    quoted, post = events
    assert isinstance(quoted, Post) and isinstance(post, Post)
    assert quoted.uid == "https://news.example.com/users/pressdesk/statuses/113499000000000005"
    assert quoted.author.handle == "@pressdesk@news.example.com"
    assert quoted.text == "Council opens 59th session today in Geneva."
    assert post.quote_of == quoted.uid
    assert post.quote_of_local is None
    assert post.text == "Civil society was not consulted. #HRC59"


def test_shallow_quote_names_a_local_id() -> None:
    post = only_post(frame(8))
    assert post.quote_of is None
    assert post.quote_of_local == "113500000000000042"


def test_pending_quote_does_not_count() -> None:
    post = only_post(frame(9))
    assert post.quote_of is None and post.quote_of_local is None


@pytest.mark.parametrize("state", ["pending", "rejected", "revoked", "deleted", "unauthorized"])
def test_only_accepted_quotes_count(state: str) -> None:
    status = status_of(7)
    status["quote"]["state"] = state
    assert [type(e) for e in parse_status(status)] == [Post]
    assert only_post(parse_status(status)).quote_of is None


def test_quote_without_state_is_accepted() -> None:
    status = status_of(8)
    del status["quote"]["state"]
    assert only_post(parse_status(status)).quote_of_local == "113500000000000042"


def test_pre_44_quote_is_a_bare_status() -> None:
    status = status_of(7)
    status["quote"] = status["quote"]["quoted_status"]
    quoted, post = parse_status(status)
    assert isinstance(quoted, Post) and isinstance(post, Post)
    assert post.quote_of == quoted.uid


def test_broken_quoted_status_keeps_the_reference_only() -> None:
    status = status_of(7)
    del status["quote"]["quoted_status"]["account"]
    post = only_post(parse_status(status))
    assert post.quote_of == "https://news.example.com/users/pressdesk/statuses/113499000000000005"


def test_content_warning_precedes_body() -> None:
    post = only_post(frame(10))
    assert post.text == (
        "CW: detention, violence\n\nTestimony describes detention conditions. #HRC59"
    )


def test_unknown_event_and_other_notices() -> None:
    assert frame(11) == [Notice("mastodon", "unknown-event", "status.reaction")]
    assert frame(12) == [Notice("mastodon", "notification", "user")]
    assert frame(13) == [Notice("mastodon", "announcement.delete", "12")]


def test_payload_already_decoded_is_accepted() -> None:
    decoded = dict(FRAMES[0], payload=status_of(0))
    assert parse_stream_frame(decoded) == frame(0)


@pytest.mark.parametrize(
    ("lang", "created", "hashtags", "start"),
    [
        ("fr", "2025-06-16T07:20:00.000Z", ("hrc59", "droitsdelhomme"), "Ouverture de la 59e"),
        ("es", "2025-06-16T07:21:00.000Z", ("cdh59",), "¿Quién habló en nombre"),
        ("ru", "2025-06-16T07:22:00.000Z", ("спч59", "hrc59"), "Открытие 59-й сессии"),
        ("ar", "2025-06-16T07:23:00.000Z", ("مجلس_حقوق_الإنسان",), "افتتاح الدورة"),
        ("zh", "2025-06-16T07:24:00.000Z", ("人权理事会",), "人权理事会第五十九届会议"),
    ],
)
def test_multilingual(lang: str, created: str, hashtags: tuple[str, ...], start: str) -> None:
    by_lang = {}
    for f in lines("multilingual.jsonl"):
        post = only_post(parse_stream_frame(f))
        by_lang[post.lang] = post
    post = by_lang[lang]
    assert post.created_at == created  # +02:00 offsets normalised to UTC
    assert post.hashtags == hashtags
    assert post.text.startswith(start)
    assert "<" not in post.text


def test_multilingual_display_names_survive() -> None:
    names = [only_post(parse_stream_frame(f)).author.display_name
             for f in lines("multilingual.jsonl")]
    assert names == ["Observatoire de Genève", "Derechos Humanos AL", "Женева сегодня",
                     "حقوق الإنسان اليوم", "人权观察站"]


# --- REST statuses and SSE -------------------------------------------------------------


def test_rest_statuses_match_the_stream() -> None:
    rest = lines("rest_statuses.jsonl")
    assert parse_status(rest[0]) == frame(0)
    assert parse_status(rest[1]) == frame(1)
    assert parse_status(rest[2]) == frame(6)
    assert parse_status(rest[3]) == frame(7)


def sse_events(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    event, data = "", list[str]()
    for line in text.splitlines():
        if line.startswith(":"):
            continue
        if not line:
            if event:
                out.append((event, "\n".join(data)))
            event, data = "", list[str]()
        elif line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
    return out


def test_sse_events_share_the_frame_parser() -> None:
    raw = sse_events((FIXTURES / "sse_hashtag.txt").read_text(encoding="utf-8"))
    assert [e for e, _ in raw] == ["update", "status.update", "delete", "filters_changed"]
    assert parse_sse_event(*raw[0]) == frame(1)
    assert parse_sse_event(*raw[1]) == frame(2)
    assert parse_sse_event(*raw[2]) == [Deletion("mastodon", local_id="113500000000000042")]
    assert parse_sse_event(*raw[3]) == [Notice("mastodon", "filters_changed", "")]


# --- field rules ---------------------------------------------------------------------------


def test_handle_falls_back_to_username_and_status_host() -> None:
    status = status_of(1)
    del status["account"]["acct"]
    del status["account"]["url"]
    del status["account"]["uri"]
    post = only_post(parse_status(status))
    assert post.author.key == "42"
    assert post.author.handle == "@delegate@geneva.example.org"


def test_hashtags_from_text_when_tags_missing() -> None:
    status = status_of(0)
    status["tags"] = None
    assert only_post(parse_status(status)).hashtags == ("hrc59", "upr")


def test_metrics_keep_only_ints() -> None:
    status = status_of(0)
    status.update(replies_count=True, reblogs_count="7", favourites_count=None)
    del status["quotes_count"]
    assert only_post(parse_status(status)).metrics == {}


def test_url_falls_back_to_uri_and_ids_may_be_ints() -> None:
    status = status_of(0)
    status.update(url=None, id=113500000000000001, language=None)
    post = only_post(parse_status(status))
    assert post.url == RW_URI and post.local_id == "113500000000000001" and post.lang is None


def test_controls_stripped_and_text_capped() -> None:
    status = status_of(0)
    status["content"] = "<p>a\x00b\x1bc\u202e</p>" + "<p>" + "y" * (MAX_TEXT * 2) + "</p>"
    status["account"]["display_name"] = "Evil\nName\x07"
    post = only_post(parse_status(status))
    assert post.text.startswith("abc\u202e\n\nyyy")
    assert len(post.text) == MAX_TEXT and post.text.endswith("…")
    assert post.author.display_name == "Evil Name"


# --- errors ---------------------------------------------------------------------------------


def _status_without(key: str) -> dict[str, Any]:
    status = status_of(0)
    del status[key]
    return status


@pytest.mark.parametrize(
    ("frame_", "reason"),
    [
        ({"stream": ["public"], "event": "update", "payload": "{not json"},
         "update payload is not JSON"),
        ({"stream": ["public"], "event": "update"}, "update has no payload"),
        ({"stream": ["public"], "event": "status.update", "payload": "[1, 2]"},
         "status.update payload is not an object"),
        ({"stream": ["public"], "event": "update", "payload": json.dumps(_status_without("uri"))},
         "status has no uri"),
        ({"stream": ["public"], "event": "update",
          "payload": json.dumps(_status_without("created_at"))}, "status has no created_at"),
        ({"stream": ["public"], "event": "update",
          "payload": json.dumps(_status_without("account"))}, "status has no account"),
        ({"stream": ["public"], "event": "delete"}, "delete payload is not a status id"),
        ({"stream": ["public"], "event": "delete", "payload": "  "}, "delete has no status id"),
        ({"stream": ["public"], "payload": "1"}, "frame has no event"),
        ({"event": 7}, "frame event is not a string"),
    ],
)
def test_parse_errors(frame_: dict[str, Any], reason: str) -> None:
    with pytest.raises(ParseError, match=f"^{re.escape(reason)}$"):
        parse_stream_frame(frame_)


def test_bad_times_are_parse_errors() -> None:
    status = status_of(0)
    status["created_at"] = "last Tuesday"
    with pytest.raises(ParseError, match="bad created_at"):
        parse_status(status)
    status = status_of(0)
    status["edited_at"] = "9999-12-31T23:59:59-23:59"
    with pytest.raises(ParseError, match="bad edited_at"):
        parse_status(status)


def test_non_dict_inputs() -> None:
    bad: Any
    for bad in (None, [], "x", 3):
        with pytest.raises(ParseError):
            parse_stream_frame(bad)
        with pytest.raises(ParseError):
            parse_status(bad)
    with pytest.raises(ParseError):
        parse_sse_event("", "1")
    with pytest.raises(ParseError):
        parse_sse_event("update", b"{}")  # type: ignore[arg-type]


def test_deep_boost_chain_is_a_parse_error_not_recursion() -> None:
    status = status_of(0)
    for n in range(2000):
        status = dict(status_of(6), uri=f"https://example.social/b/{n}", reblog=status)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse_status(status)


def test_boost_of_a_boost_is_a_parse_error() -> None:
    boost = status_of(6)
    outer = dict(boost, uri="https://example.social/b/2", reblog=copy.deepcopy(boost))
    with pytest.raises(ParseError, match="boost of a boost"):
        parse_status(outer)


# --- garbage in, ParseError or events out -------------------------------------------------

HUGE = "x" * 300_000
ATOMS: list[Any] = [
    None, True, False, 0, -1, 2**80, -(2**70), 1.5, float("inf"), "", " ", "a", HUGE,
    "\x00\ud800\u202e\x1b[31m", "9999-12-31T23:59:59-23:59", "2025-06-16T09:02:11." + "9" * 5000,
    "<p>" * 2000, "http://[::1", "@", "@@@", [], {}, [None], ["a", 1], {"a": None}, {"name": 1},
]


def garbage(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 3 and roll < 0.15:
        return [garbage(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 3 and roll < 0.3:
        keys = ["uri", "id", "name", "state", "quoted_status", "account", "url", "acct", "x"]
        return {rng.choice(keys): garbage(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return rng.choice(ATOMS)


def mutate(value: Any, rng: random.Random, rate: float) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            roll = rng.random()
            if roll < rate / 3:
                continue  # drop the key
            out[key] = garbage(rng) if roll < rate else mutate(item, rng, rate)
        return out
    if isinstance(value, list):
        return [mutate(v, rng, rate) for v in value]
    return value


def check(fn: Any, *args: Any) -> None:
    try:
        events = fn(*args)
    except ParseError as exc:
        assert str(exc) and len(str(exc)) < 200
        assert not str(exc).startswith(("internal parser error", "input nested")), exc
        return
    assert isinstance(events, list)
    for event in events:
        assert isinstance(event, EVENT_TYPES)
        if isinstance(event, Post):
            assert isinstance(event.text, str) and len(event.text) <= MAX_TEXT
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", event.text + event.uid)
            assert all(isinstance(t, str) and t for t in event.hashtags)
            assert event.created_at.endswith("Z")


def test_garbage_frames_only_raise_parse_error() -> None:
    rng = random.Random(20250616)
    statuses = [status_of(i) for i in (0, 1, 2, 6, 7, 8, 10)]
    events = ["update", "status.update", "delete", "filters_changed", "notification", None, 3]
    for _ in range(600):
        status = mutate(rng.choice(statuses), rng, rng.choice([0.05, 0.2, 0.6]))
        check(parse_status, status)
        payload = rng.choice([status, json.dumps(status), garbage(rng)])
        check(parse_stream_frame, {"stream": garbage(rng), "event": rng.choice(events),
                                   "payload": payload})
        check(parse_stream_frame, {k: garbage(rng) for k in ("stream", "event", "payload", "error",
                                                              "status") if rng.random() < 0.6})
        check(parse_sse_event, rng.choice(events), rng.choice([json.dumps(status), garbage(rng)]))
