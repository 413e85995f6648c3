"""Bluesky Jetstream parser: recorded-style events, byte-offset facets, garbage."""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from meetwatch.core.models import (
    Account,
    AccountChange,
    Deletion,
    Notice,
    ParseError,
    Post,
    Share,
)
from meetwatch.core.text import MAX_TEXT
from meetwatch.sources.bluesky import event_time_us, facet_text, parse_jetstream

FIXTURES = Path(__file__).parent / "fixtures" / "bluesky"
A = "did:plc:abcd1234efgh5678ijkl9012"
B = "did:plc:ngoforum0000000000000000"
C = "did:web:mission.example.org"
POST_A = f"at://{A}/app.bsky.feed.post/3lrq7fyzq6s2a"
ROOT = "at://did:plc:rootauthor000000000000000/app.bsky.feed.post/3lrq6aaaaaa2a"
EVENT_TYPES = (Post, Share, Deletion, AccountChange, Notice)

with open(FIXTURES / "jetstream_hrc59.jsonl", encoding="utf-8") as _fh:
    EVENTS: list[dict[str, Any]] = [orjson.loads(line) for line in _fh if line.strip()]


def event(index: int) -> list[Any]:
    return parse_jetstream(EVENTS[index])


def only_post(events: list[Any]) -> Post:
    assert len(events) == 1 and isinstance(events[0], Post)
    return events[0]


def evt(index: int) -> dict[str, Any]:
    return copy.deepcopy(EVENTS[index])


def author(did: str) -> Account:
    return Account(network="bluesky", key=did, handle=did, category=None)


# --- posts -------------------------------------------------------------------------------


def test_create_post() -> None:
    post = only_post(event(0))
    assert post == Post(
        uid=POST_A,
        network="bluesky",
        author=author(A),
        text="Türk opens #HRC59 today, via @un-geneva.example.social",
        created_at="2025-06-16T09:02:11.512Z",
        url=f"https://bsky.app/profile/{A}/post/3lrq7fyzq6s2a",
        lang="en",
        hashtags=("hrc59",),
        reply_to=ROOT,
        quote_of=None,
        version="bafyreiexamplecid0000000000000000000000000000000000000000",
        edited_at=None,
    )


def test_update_is_a_new_version_with_edit_time() -> None:
    post = only_post(event(1))
    assert post.uid == POST_A
    assert post.text == "Türk opens #HRC59 this morning, via @un-geneva.example.social"
    assert post.version == "bafyreieditedcid000000000000000000000000000000000000000000"
    assert post.created_at == "2025-06-16T09:02:11.512Z"
    assert post.edited_at == "2025-06-16T09:03:10.000Z"  # time_us 1750064590000123


def test_version_falls_back_to_rev() -> None:
    e = evt(0)
    del e["commit"]["cid"]
    assert only_post(parse_jetstream(e)).version == "3lrq7fz2x4k2a"


def test_delete() -> None:
    assert event(2) == [Deletion(network="bluesky", uid=POST_A,
                                 deleted_at="2025-06-16T09:03:31.003Z")]


def test_quote_record_tags_and_multibyte_facets() -> None:
    post = only_post(event(9))
    assert post.uid == f"at://{B}/app.bsky.feed.post/3lrq7mmmmmm2a"
    assert post.quote_of == POST_A
    assert post.reply_to is None
    assert post.lang == "fr"  # first of langs
    # facet tags first, then record tags; '#' dropped, lower-cased, de-duplicated
    assert post.hashtags == ("hrc59", "sociétécivile", "upr", "geneva")


def test_record_with_media_quote_and_non_latin_tags() -> None:
    post = only_post(event(10))
    assert post.author == author(C)
    assert post.quote_of == f"at://{B}/app.bsky.feed.post/3lrq7mmmmmm2a"
    assert post.hashtags == ("人权理事会", "حقوق_الإنسان")
    assert post.lang == "zh"
    assert post.text.endswith("example.org/hrc59…")  # link facets leave text as is


def test_bad_created_at_falls_back_to_time_us() -> None:
    post = only_post(event(11))
    assert post.created_at == "2025-06-16T09:11:40.000Z"  # time_us 1750065100000000


@pytest.mark.parametrize("created", [None, 17, "", "2025-13-45T99:00:00Z", "x" * 10_000,
                                     "9999-12-31T23:59:59-23:59"])
def test_any_bad_created_at_never_fails_the_event(created: Any) -> None:
    e = evt(0)
    e["commit"]["record"]["createdAt"] = created
    assert only_post(parse_jetstream(e)).created_at == "2025-06-16T09:02:12.118Z"


def test_empty_text_image_post() -> None:
    post = only_post(event(12))
    assert post.text == "" and post.lang is None and post.hashtags == ()
    assert post.quote_of is None
    assert post.created_at == "2025-06-16T07:13:20.000Z"  # +02:00 normalised


def test_record_embed_of_a_feed_generator_is_not_a_quote() -> None:
    e = evt(9)
    e["commit"]["record"]["embed"]["record"]["uri"] = f"at://{A}/app.bsky.feed.generator/hrc"
    assert only_post(parse_jetstream(e)).quote_of is None


# --- reposts, other collections ------------------------------------------------------------


def test_repost_create_is_a_share() -> None:
    assert event(3) == [Share(
        uid=f"at://{B}/app.bsky.feed.repost/3lrq7jjjjjj2a",
        network="bluesky",
        author=author(B),
        original_uid=POST_A,
        created_at="2025-06-16T09:03:40.000Z",
        original=None,
        local_id=None,
    )]


def test_repost_delete_and_ignored_collections() -> None:
    assert event(4) == [Notice("bluesky", "repost-delete",
                               f"at://{B}/app.bsky.feed.repost/3lrq7jjjjjj2a")]
    assert event(5) == [Notice("bluesky", "ignored-collection", "app.bsky.feed.like")]
    assert event(13) == [Notice("bluesky", "ignored-collection", "app.bsky.graph.follow")]


def test_repost_without_subject_is_an_error() -> None:
    e = evt(3)
    del e["commit"]["record"]["subject"]
    with pytest.raises(ParseError, match=r"^repost without subject uri$"):
        parse_jetstream(e)


# --- identity and account ---------------------------------------------------------------


def test_identity_new_handle() -> None:
    assert event(6) == [AccountChange(Account("bluesky", A, "newname.example.social"))]


def test_identity_without_handle_uses_did() -> None:
    assert event(14) == [AccountChange(author(C))]


def test_account_status() -> None:
    assert event(7) == [AccountChange(author(A), status="deactivated")]
    assert event(8) == [AccountChange(author(A), status="active")]
    e = evt(7)
    del e["account"]["status"]
    assert parse_jetstream(e) == [AccountChange(author(A), status="inactive")]


# --- facets and time ------------------------------------------------------------------------


def test_facet_text_slices_utf8_bytes() -> None:
    record = EVENTS[0]["commit"]["record"]
    text, (tag, mention) = record["text"], record["facets"]
    assert tag["index"] == {"byteStart": 12, "byteEnd": 18}  # "ü" is two bytes
    assert facet_text(text, tag) == "#HRC59"
    assert facet_text(text, mention) == "@un-geneva.example.social"
    assert text[12:18] != "#HRC59"  # naive str slicing is off by one


def test_facet_text_with_emoji_flags_and_cjk() -> None:
    record = EVENTS[9]["commit"]["record"]
    assert [facet_text(record["text"], f) for f in record["facets"]] == [
        "#HRC59", "#SociétéCivile"]
    record = EVENTS[10]["commit"]["record"]
    assert [facet_text(record["text"], f) for f in record["facets"]] == [
        "#人权理事会", "#حقوق_الإنسان", "example.org/hrc59…"]


@pytest.mark.parametrize("facet", [
    {}, {"index": None}, {"index": {"byteStart": 5}}, {"index": {"byteStart": -3, "byteEnd": 4}},
    {"index": {"byteStart": 9, "byteEnd": 2}}, {"index": {"byteStart": "1", "byteEnd": 4}},
    {"index": {"byteStart": True, "byteEnd": 4}}, None, [],
])
def test_facet_text_bad_facets_are_empty(facet: Any) -> None:
    assert facet_text("Türk opens #HRC59", facet) == ""


def test_facet_text_mid_character_is_replaced_not_raised() -> None:
    assert facet_text("Türk", {"index": {"byteStart": 0, "byteEnd": 2}}) == "T\ufffd"
    assert facet_text("ab", {"index": {"byteStart": 1, "byteEnd": 99}}) == "b"


def test_event_time_us() -> None:
    assert event_time_us(EVENTS[0]) == 1750064532118804
    assert event_time_us({"time_us": "1750064532118804"}) is None
    assert event_time_us({"time_us": True}) is None
    assert event_time_us({}) is None
    assert event_time_us(None) is None  # type: ignore[arg-type]


# --- errors ----------------------------------------------------------------------------------


def _without(index: int, *path: str) -> dict[str, Any]:
    e = evt(index)
    target = e
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return e


def _with(index: int, value: Any, *path: str) -> dict[str, Any]:
    e = evt(index)
    target = e
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return e


@pytest.mark.parametrize(("bad", "reason"), [
    (_without(0, "did"), "event has no did"),
    (_with(0, "alice.example.social", "did"), "event did is malformed"),
    (_with(0, "did:plc:abc/../x", "did"), "event did is malformed"),
    (_without(0, "time_us"), "event has no time_us"),
    (_with(0, "1750064532118804", "time_us"), "time_us is not an integer"),
    (_with(0, 1.75e15, "time_us"), "time_us is not an integer"),
    (_with(0, 10**30, "time_us"), "time_us out of range"),
    (_with(0, -1, "time_us"), "time_us out of range"),
    (_without(0, "kind"), "event has no kind"),
    (_with(0, "sync", "kind"), "unknown kind 'sync'"),
    (_without(0, "commit"), "commit event without commit"),
    (_without(0, "commit", "rkey"), "commit without rkey"),
    (_without(0, "commit", "collection"), "commit without collection"),
    (_without(0, "commit", "operation"), "commit without operation"),
    (_with(0, "upsert", "commit", "operation"), "unknown commit operation 'upsert'"),
    (_with(0, "../../etc", "commit", "rkey"), "commit rkey is malformed"),
    (_with(0, "app bsky", "commit", "collection"), "commit collection is malformed"),
    (_without(0, "commit", "record"), "post commit without record"),
    (_with(6, None, "identity"), "identity event without identity"),
    (_with(7, [], "account"), "account event without account"),
])
def test_parse_errors(bad: dict[str, Any], reason: str) -> None:
    with pytest.raises(ParseError, match=f"^{re.escape(reason)}$"):
        parse_jetstream(bad)


def test_non_dict_input() -> None:
    bad: Any
    for bad in (None, [], "x", 3):
        with pytest.raises(ParseError, match=r"^event is not an object$"):
            parse_jetstream(bad)


# --- garbage in, ParseError or events out ------------------------------------------------------

HUGE = "x" * 300_000
ATOMS: list[Any] = [
    None, True, False, 0, -1, 2**80, 1.5, float("nan"), "", "a", HUGE, "\x00\ud800\u202e",
    "9999-12-31T23:59:59-23:59", "2025-06-16T09:02:11." + "9" * 5000, "at://" + "a" * 5000,
    "did:plc:" + "a" * 5000, "app.bsky.feed.post", "app.bsky.richtext.facet#tag",
    "app.bsky.embed.record", "app.bsky.embed.recordWithMedia", "create", "update", "delete",
    [], {}, [None], {"uri": 1}, {"byteStart": -1, "byteEnd": 2**70},
]


def garbage(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 3 and roll < 0.15:
        return [garbage(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 3 and roll < 0.3:
        keys = ["uri", "record", "tag", "$type", "features", "index", "parent", "handle", "x"]
        return {rng.choice(keys): garbage(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return rng.choice(ATOMS)


def mutate(value: Any, rng: random.Random, rate: float) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            roll = rng.random()
            if roll < rate / 3:
                continue
            out[key] = garbage(rng) if roll < rate else mutate(item, rng, rate)
        return out
    if isinstance(value, list):
        return [mutate(v, rng, rate) for v in value]
    return value


def check(evt_: Any) -> None:
    try:
        events = parse_jetstream(evt_)
    except ParseError as exc:
        assert str(exc) and len(str(exc)) < 200
        assert not str(exc).startswith(("internal parser error", "input nested")), exc
        return
    assert isinstance(events, list) and events
    for e in events:
        assert isinstance(e, EVENT_TYPES)
        if isinstance(e, Post):
            assert len(e.text) <= MAX_TEXT
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", e.text + e.uid + (e.url or ""))
            assert e.created_at.endswith("Z")
            assert all(isinstance(t, str) and t for t in e.hashtags)
    assert event_time_us(evt_) is None or isinstance(event_time_us(evt_), int)


def test_garbage_events_only_raise_parse_error() -> None:
    rng = random.Random(20250616)
    for _ in range(1500):
        check(mutate(rng.choice(EVENTS), rng, rng.choice([0.05, 0.2, 0.6])))
        check({k: garbage(rng) for k in ("did", "time_us", "kind", "commit", "identity",
                                         "account") if rng.random() < 0.7})
