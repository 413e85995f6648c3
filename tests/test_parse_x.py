"""X parsers: twarc2 pages, stream lines, flattened lines, twarc1 lines."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from meetwatch.core.models import Account, Deletion, Notice, ParseError, Post, Share
from meetwatch.sources.x import (
    looks_like_twarc1,
    looks_like_twarc2,
    parse_twarc1,
    parse_twarc2,
    parse_x_stream_line,
    status_uid,
)

FIXTURES = Path(__file__).parent / "fixtures" / "x"

GENEVA = Account(
    network="x",
    key="2000000001",
    handle="example_geneva",
    display_name="Example Geneva Mission",
    url="https://x.com/example_geneva",
    bio="Invented mission account & test fixture.",
)
OBSERVATOIRE = Account(
    network="x",
    key="2000000002",
    handle="observatoire_ex",
    display_name="Observatoire Exemple",
    url="https://x.com/observatoire_ex",
    bio="ONG fictive — droits humains.",
)
MITHAL = Account(
    network="x",
    key="2000000003",
    handle="munazzama_mithal",
    display_name="منظمة مثال",
    url="https://x.com/munazzama_mithal",
    bio="حساب تجريبي",
)
SHILI = Account(
    network="x",
    key="2000000004",
    handle="shili_daibiaotuan",
    display_name="示例代表团",
    url="https://x.com/shili_daibiaotuan",
)


def lines(name: str) -> list[dict[str, Any]]:
    with open(FIXTURES / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# --- twarc2 search pages ---------------------------------------------------------------


def test_search_page_posts_exact() -> None:
    first, _ = lines("twarc2_search.jsonl")
    events = parse_twarc2(first)
    assert events == [
        Post(
            uid="https://x.com/i/status/1934000000000000001",
            network="x",
            author=GENEVA,
            text="Statement at #HRC61 on item 4: we call for restraint & dialogue <now> "
                 "https://t.co/abc",
            created_at="2026-03-02T09:02:11.000Z",
            url="https://x.com/example_geneva/status/1934000000000000001",
            lang="en",
            hashtags=("hrc61",),
            version="1934000000000000001",
            local_id="1934000000000000001",
            metrics={"replies": 1, "shares": 3, "likes": 10, "quotes": 2},
        ),
        Post(
            uid="https://x.com/i/status/1934000000000000002",
            network="x",
            author=OBSERVATOIRE,
            text="Réponse de la société civile à la déclaration : les faits sont têtus. "
                 "#HRC61 #DroitsHumains https://t.co/def",
            created_at="2026-03-02T09:05:00.000Z",
            url="https://x.com/observatoire_ex/status/1934000000000000002",
            lang="fr",
            hashtags=("hrc61", "droitshumains"),
            quote_of="https://x.com/i/status/1934000000000000001",
            version="1934000000000000002",
            local_id="1934000000000000002",
            metrics={"replies": 0, "shares": 0, "likes": 4, "quotes": 0},
        ),
    ]
    assert all(isinstance(e, Post) and e.html is None and e.edited_at is None for e in events)


def test_search_page_retweet_is_a_share_with_original() -> None:
    _, second = lines("twarc2_search.jsonl")
    share, reply = parse_twarc2(second)
    assert isinstance(share, Share)
    assert share.uid == "https://x.com/i/status/1934000000000000010"
    assert share.local_id == "1934000000000000010"
    assert share.author == OBSERVATOIRE
    assert share.original_uid == "https://x.com/i/status/1934000000000000009"
    assert share.created_at == "2026-03-02T10:00:00.000Z"
    assert share.original == Post(
        uid="https://x.com/i/status/1934000000000000009",
        network="x",
        author=MITHAL,
        text="نطالب بحماية المدافعين عن حقوق الإنسان #HRC61",
        created_at="2026-03-02T09:55:00.000Z",
        url="https://x.com/munazzama_mithal/status/1934000000000000009",
        lang="ar",
        hashtags=("hrc61",),
        version="1934000000000000009",
        local_id="1934000000000000009",
        metrics={"replies": 2, "shares": 7, "likes": 30, "quotes": 1},
    )
    # Chinese reply; no entities, so hashtags come from the text.
    assert isinstance(reply, Post)
    assert reply.author == SHILI
    assert reply.text == "我们支持理事会的决议 #HRC61 #人权"
    assert reply.hashtags == ("hrc61", "人权")
    assert reply.reply_to == "https://x.com/i/status/1934000000000000001"
    assert reply.created_at == "2026-03-02T10:01:30.250Z"
    assert reply.lang == "zh"


def test_retweet_without_included_original() -> None:
    _, second = lines("twarc2_search.jsonl")
    second["includes"]["tweets"] = []
    share = parse_twarc2(second)[0]
    assert isinstance(share, Share)
    assert share.original is None
    assert share.original_uid == "https://x.com/i/status/1934000000000000009"


def test_page_with_one_bad_tweet_keeps_the_others() -> None:
    first, _ = lines("twarc2_search.jsonl")
    first["data"][1]["created_at"] = "not a time"
    events = parse_twarc2(first)
    assert [type(e) for e in events] == [Post, Notice]
    notice = events[1]
    assert isinstance(notice, Notice)
    assert notice.kind == "error"
    assert notice.detail.startswith("tweet 2 of page skipped: tweet 1934000000000000002 has a bad")


def test_page_with_only_bad_tweets_is_a_parse_error() -> None:
    first, _ = lines("twarc2_search.jsonl")
    for tweet in first["data"]:
        del tweet["created_at"]
    with pytest.raises(ParseError, match="all 2 tweets unusable"):
        parse_twarc2(first)


def test_empty_page_and_empty_list() -> None:
    assert parse_twarc2({"meta": {"result_count": 0}, "__twarc": {}}) == []
    assert parse_twarc2({"data": [], "meta": {"result_count": 0}}) == []


# --- stream lines -------------------------------------------------------------------------


def test_stream_line_with_matching_rules() -> None:
    line, _, _ = lines("twarc2_stream.jsonl")
    (post,) = parse_x_stream_line(line)
    assert isinstance(post, Post)
    assert post.uid == "https://x.com/i/status/1934000000000000020"
    assert post.author == GENEVA
    assert post.hashtags == ("hrc61", "itu")
    assert post.metrics == {"replies": 0, "shares": 0, "likes": 0, "quotes": 0}


def test_unknown_author_falls_back_to_id() -> None:
    _, line, _ = lines("twarc2_stream.jsonl")
    (post,) = parse_twarc2(line)
    assert isinstance(post, Post)
    assert post.author == Account(network="x", key="2000000099", handle="2000000099")
    assert post.url == "https://x.com/i/status/1934000000000000021"
    assert post.text == "Un message dont l'auteur n'est pas inclus #HRC61"
    assert post.hashtags == ("hrc61",)  # from the text: no entities
    assert post.metrics == {}


def test_operational_disconnect_is_a_notice() -> None:
    _, _, line = lines("twarc2_stream.jsonl")
    assert parse_x_stream_line(line) == [Notice(
        network="x",
        kind="error",
        detail="operational-disconnect: This stream has been disconnected upstream "
               "for operational reasons.",
    )]


def test_connection_exception_object_is_a_notice() -> None:
    line = {"title": "ConnectionException", "detail": "This stream is currently at the "
            "maximum allowed connection limit.", "connection_issue": "TooManyConnections",
            "type": "https://api.x.com/2/problems/streaming-connection"}
    (notice,) = parse_x_stream_line(line)
    assert isinstance(notice, Notice)
    assert notice.kind == "error"
    assert notice.detail.startswith("ConnectionException: This stream is currently")


def test_errors_only_line_joins_errors() -> None:
    line = {"errors": [{"title": "Not Found Error", "detail": "gone"}, {"title": "Forbidden"}],
            "__twarc": {"version": "2.14.0"}}
    assert parse_twarc2(line) == [Notice(network="x", kind="error",
                                         detail="Not Found Error: gone; Forbidden")]


def test_compliance_delete() -> None:
    line = {"data": {"delete": {"tweet": {"id": "1934000000000000020", "author_id": "2000000001"},
                                "event_at": "2026-03-02T11:30:00.000Z"}}}
    assert parse_x_stream_line(line) == [Deletion(
        network="x", uid="https://x.com/i/status/1934000000000000020",
        local_id="1934000000000000020", deleted_at="2026-03-02T11:30:00.000Z")]


# --- edits and long posts -------------------------------------------------------------


def test_edited_tweet_keeps_the_original_uid() -> None:
    original_line, edit_line = lines("twarc2_edited.jsonl")
    (original,) = parse_twarc2(original_line)
    (edit,) = parse_twarc2(edit_line)
    assert isinstance(original, Post) and isinstance(edit, Post)
    assert original.uid == edit.uid == "https://x.com/i/status/1934000000000000040"
    assert original.version == original.local_id == "1934000000000000040"
    assert original.edited_at is None
    assert edit.version == edit.local_id == "1934000000000000041"
    assert edit.edited_at == edit.created_at == "2026-03-02T13:04:30.000Z"
    assert edit.url == "https://x.com/example_geneva/status/1934000000000000041"
    assert edit.text == "Vote on L.5 postponed to Friday #HRC61"


def test_edited_tweet_without_username_uses_current_id_in_url() -> None:
    _, edit_line = lines("twarc2_edited.jsonl")
    edit_line["includes"] = {}
    (edit,) = parse_twarc2(edit_line)
    assert isinstance(edit, Post)
    assert edit.uid == "https://x.com/i/status/1934000000000000040"
    assert edit.url == "https://x.com/i/status/1934000000000000041"


def test_note_tweet_full_text_and_its_entities() -> None:
    (line,) = lines("twarc2_note_tweet.jsonl")
    (post,) = parse_twarc2(line)
    assert isinstance(post, Post)
    assert post.text == line["data"]["note_tweet"]["text"]
    assert post.text.startswith("بيان مشترك بشأن البند 3 من جدول الأعمال: ")
    assert post.text.endswith("#HRC61 #حقوق_الإنسان")
    assert len(post.text) > 280
    assert post.hashtags == ("hrc61", "حقوق_الإنسان")
    assert post.author == MITHAL
    assert post.lang == "ar"


# --- flattened lines ---------------------------------------------------------------------


def test_flattened_tweet_with_inline_author() -> None:
    line, _, _ = lines("twarc2_flat.jsonl")
    assert parse_twarc2(line) == [Post(
        uid="https://x.com/i/status/1934000000000000030",
        network="x",
        author=GENEVA,
        text="Closing remarks #HRC61 — merci à toutes les délégations",
        created_at="2026-03-02T12:00:00.000Z",
        url="https://x.com/example_geneva/status/1934000000000000030",
        lang="en",
        hashtags=("hrc61",),
        version="1934000000000000030",
        local_id="1934000000000000030",
        metrics={"replies": 0, "shares": 1, "likes": 5, "quotes": 0},
    )]


def test_flattened_retweet_uses_merged_reference() -> None:
    _, line, _ = lines("twarc2_flat.jsonl")
    (share,) = parse_twarc2(line)
    assert isinstance(share, Share)
    assert share.author == SHILI
    assert share.uid == "https://x.com/i/status/1934000000000000031"
    assert share.original_uid == "https://x.com/i/status/1934000000000000030"
    assert share.original is not None
    assert share.original.author == GENEVA
    assert share.original.text == "Closing remarks #HRC61 — merci à toutes les délégations"


def test_flattened_reply_with_empty_author() -> None:
    _, _, line = lines("twarc2_flat.jsonl")
    (post,) = parse_twarc2(line)
    assert isinstance(post, Post)
    assert post.author.handle == post.author.key == "2000000002"
    assert post.reply_to == "https://x.com/i/status/1934000000000000030"
    assert post.text == "@example_geneva 这是对闭幕发言的答复 #HRC61"


# --- twarc1 ------------------------------------------------------------------------------

DELEGATION = Account(
    network="x",
    key="3000000001",
    handle="delegation_ex",
    display_name="Délégation Exemple",
    url="https://x.com/delegation_ex",
    bio="Compte fictif pour les tests.",
)
DELEGATION_POST = Post(
    uid="https://x.com/i/status/1234500000000000001",
    network="x",
    author=DELEGATION,
    text="Déclaration sur le point 4 & suivi #HRC59 #ÉgalitéDesGenres",
    created_at="2025-06-16T09:02:11.000Z",
    url="https://x.com/delegation_ex/status/1234500000000000001",
    lang="fr",
    hashtags=("hrc59", "égalitédesgenres"),
    version="1234500000000000001",
    local_id="1234500000000000001",
    metrics={"shares": 2, "likes": 8},
)


def test_twarc1_tweet_exact() -> None:
    assert parse_twarc1(lines("twarc1.jsonl")[0]) == [DELEGATION_POST]


def test_twarc1_retweet() -> None:
    (share,) = parse_twarc1(lines("twarc1.jsonl")[1])
    assert share == Share(
        uid="https://x.com/i/status/1234500000000000002",
        network="x",
        author=Account(network="x", key="3000000002", handle="example_watch",
                       display_name="Example Watch", url="https://x.com/example_watch",
                       bio="Invented NGO"),
        original_uid="https://x.com/i/status/1234500000000000001",
        created_at="2025-06-16T09:10:00.000Z",
        original=DELEGATION_POST,
        local_id="1234500000000000002",
    )


def test_twarc1_reply_and_quote() -> None:
    (post,) = parse_twarc1(lines("twarc1.jsonl")[2])
    assert isinstance(post, Post)
    assert post.text == "@delegation_ex What about item 6? > see report #HRC59"
    assert post.reply_to == "https://x.com/i/status/1234500000000000001"
    assert post.quote_of == "https://x.com/i/status/1234500000000000000"
    assert post.created_at == "2025-06-16T09:15:42.000Z"
    assert post.lang == "en"


def test_twarc1_extended_tweet() -> None:
    (post,) = parse_twarc1(lines("twarc1.jsonl")[3])
    assert isinstance(post, Post)
    assert post.text == ("示例代表团关于第四项议程的发言全文如下，我们强调多边主义与对话的重要性，"
                         "并呼吁各方保持克制。#HRC59 #人权理事会")
    assert post.hashtags == ("hrc59", "人权理事会")
    assert post.author.display_name == "示例代表团"
    assert post.author.bio == ""
    assert post.metrics == {"replies": 0, "shares": 0, "likes": 0, "quotes": 0}


def test_twarc1_delete_notice() -> None:
    assert parse_twarc1(lines("twarc1.jsonl")[4]) == [Deletion(
        network="x",
        uid="https://x.com/i/status/1234500000000000003",
        local_id="1234500000000000003",
        deleted_at="2025-06-16T09:20:00.000Z",
    )]


def test_twarc1_edit_history() -> None:
    tweet = copy.deepcopy(lines("twarc1.jsonl")[0])
    tweet["id_str"] = "1234500000000000009"
    tweet["edit_history"] = {"initial_tweet_id": "1234500000000000001",
                             "edit_tweet_ids": ["1234500000000000001", "1234500000000000009"]}
    (post,) = parse_twarc1(tweet)
    assert isinstance(post, Post)
    assert post.uid == "https://x.com/i/status/1234500000000000001"
    assert post.version == post.local_id == "1234500000000000009"
    assert post.edited_at == post.created_at


def test_twarc1_limit_notice() -> None:
    assert parse_twarc1({"limit": {"track": 12, "timestamp_ms": "1750065600000"}}) == [
        Notice(network="x", kind="limit", detail="12 posts not delivered")]


def test_twarc1_bad_time_is_a_parse_error() -> None:
    tweet = copy.deepcopy(lines("twarc1.jsonl")[0])
    tweet["created_at"] = "Mon Jun 99 99:02:11 +0000 2025"
    with pytest.raises(ParseError, match="bad created_at"):
        parse_twarc1(tweet)


# --- detection ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["twarc2_search.jsonl", "twarc2_stream.jsonl",
                                  "twarc2_flat.jsonl", "twarc2_edited.jsonl",
                                  "twarc2_note_tweet.jsonl"])
def test_detect_twarc2(name: str) -> None:
    for line in lines(name):
        assert looks_like_twarc2(line)
        assert not looks_like_twarc1(line)


def test_detect_twarc1() -> None:
    for line in lines("twarc1.jsonl"):
        assert looks_like_twarc1(line)
        assert not looks_like_twarc2(line)


@pytest.mark.parametrize("obj", [
    None, [], "data", 5, {}, {"data": "x"}, {"data": {"id": "1"}},
    {"stream": ["public"], "event": "update", "payload": "{}"},  # Mastodon frame
    {"did": "did:plc:abc", "time_us": 1, "kind": "commit"},  # Jetstream event
    {"id": "1", "text": "no author"},
    {"id_str": "1", "text": "no user"},
    {"delete": "x"},
])
def test_detect_neither(obj: Any) -> None:
    assert not looks_like_twarc1(obj)
    assert not looks_like_twarc2(obj)


# --- hostile input -------------------------------------------------------------------------

GARBAGE: list[Any] = [
    None, True, 0, -1, 2**70, 1.5e308, "", " ", "x" * 200_000, "\ud800", "<b>&amp;</b>",
    [], [None], [1, "a", {}], {}, {"id": None}, {"a": [{}]},
]


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


def _replaced(obj: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(obj)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


def _check(parser: Any, obj: Any) -> None:
    try:
        result = parser(obj)
    except ParseError as exc:
        assert str(exc), "a ParseError must say why"
        assert "internal" not in str(exc), f"unexpected failure path: {exc}"
    else:
        assert isinstance(result, list)


ALL_LINES = [(name, line) for name in ("twarc2_search.jsonl", "twarc2_stream.jsonl",
                                       "twarc2_flat.jsonl", "twarc2_edited.jsonl",
                                       "twarc2_note_tweet.jsonl", "twarc1.jsonl")
             for line in lines(name)]


@pytest.mark.parametrize("name,line", ALL_LINES)
def test_every_field_replaced_with_garbage(name: str, line: dict[str, Any]) -> None:
    for path in _paths(line):
        for value in GARBAGE:
            mutated = _replaced(line, path, value)
            for parser in (parse_twarc2, parse_twarc1):
                _check(parser, mutated)
            looks_like_twarc1(mutated)
            looks_like_twarc2(mutated)


@pytest.mark.parametrize("obj", [None, [], [{}], "text", 3, 2.5, True, b"bytes", {},
                                 {"data": None}, {"data": 5}, {"data": [None, 1, "x"]},
                                 {"errors": None}, {"errors": "boom"}, {"errors": [1, None]},
                                 {"delete": None}, {"delete": {"status": None}},
                                 {"retweeted_status": {}, "id_str": "1"},
                                 {"id_str": "1" * 5000, "user": {}}])
def test_top_level_garbage(obj: Any) -> None:
    for parser in (parse_twarc2, parse_twarc1, parse_x_stream_line):
        _check(parser, obj)


def test_text_is_capped_and_controls_stripped() -> None:
    line, _, _ = lines("twarc2_stream.jsonl")
    line["data"]["text"] = "a\x00b\x1bc " + "y" * 100_000
    line["includes"]["users"][0]["name"] = "Evil\nName\x07"
    (post,) = parse_twarc2(line)
    assert isinstance(post, Post)
    assert post.text.startswith("abc y")
    assert len(post.text) <= 20_000
    assert post.author.display_name == "Evil Name"


def test_hostile_username_is_not_put_into_urls() -> None:
    line, _, _ = lines("twarc2_stream.jsonl")
    line["includes"]["users"][0]["username"] = "../../evil?x=1"
    (post,) = parse_twarc2(line)
    assert isinstance(post, Post)
    assert post.author.handle == "2000000001"
    assert post.author.url is None
    assert post.url == status_uid("1934000000000000020")


def test_unforeseen_exceptions_still_become_parse_errors() -> None:
    class Hostile(dict):  # type: ignore[type-arg]
        def get(self, *args: Any) -> Any:
            raise RuntimeError("boom")

    for parser in (parse_twarc2, parse_twarc1):
        with pytest.raises(ParseError, match=r"internal parser error \(RuntimeError\)"):
            parser(Hostile(data={"id": "1"}, id_str="1", user={}))
    assert not looks_like_twarc1(Hostile(id_str="1"))
    assert not looks_like_twarc2(Hostile(id="1"))
