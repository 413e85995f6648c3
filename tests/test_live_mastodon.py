"""Mastodon beyond hashtags: list and user (home) streams with their REST
refills, the streaming host found by redirect, and Server-Sent Events when a
proxy refuses the WebSocket — all against the local fake server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import FakeMastodon, wait_until
from tests.test_live import start

TOKEN = "mastodon-user-token-0123456789"


def spec(m: FakeMastodon, **extra: object) -> dict[str, object]:
    return {"network": "mastodon", "server": m.url, "token_env": "MW_TEST_MASTODON", **extra}


@pytest.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeMastodon]:
    monkeypatch.setenv("MW_TEST_MASTODON", TOKEN)
    m = await FakeMastodon(tokens=(TOKEN,)).start()
    m.lists["42"] = {"ambassador"}
    m.follows = {"journalist"}
    yield m
    await m.close()


@pytest.fixture
async def sse_server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeMastodon]:
    monkeypatch.setenv("MW_TEST_MASTODON", TOKEN)
    m = await FakeMastodon(tokens=(TOKEN,), sse_streaming=True, advertise_streaming=False,
                           heartbeat=0.1).start()
    m.lists["42"] = {"ambassador"}
    yield m
    await m.close()


async def test_list_and_user_streams_arrive_and_their_gaps_are_refilled(
        tmp_path: Path, server: FakeMastodon) -> None:
    run = await start(tmp_path, spec(server, lists=["42"], user=True), hashtags=("HRC61",))
    await wait_until(lambda: server.connected == 1 and len(next(iter(server.subs.values()))) == 3,
                     what="hashtag, list and user subscriptions")
    await server.publish(server.make_status("on the list", ("Other",), user="ambassador"))
    await server.publish(server.make_status("followed", ("Other",), user="journalist"))
    await server.publish(server.make_status("a stranger", ("Other",), user="stranger"))
    await wait_until(lambda: len(run.posts()) == 2, what="list and home posts")

    server.offline = True
    server.drop()
    await wait_until(lambda: server.connected == 0)
    for i in range(45):  # more than a page on the list timeline
        await server.publish(server.make_status(f"list missed {i}", ("Other",), user="ambassador"))
    for i in range(3):
        await server.publish(server.make_status(f"home missed {i}", ("Other",), user="journalist"))
    server.offline = False
    await wait_until(lambda: len(run.posts()) == 50, timeout=20, what="refilled list and home")
    await wait_until(lambda: len(run.gaps()) == 1, what="the gap row")
    await run.finish()

    texts = {r[1] for r in run.posts()}
    assert not any("stranger" in t for t in texts)
    paths = [p for p, q in server.requests if "min_id" in q]
    assert any(p == "/api/v1/timelines/list/42" for p in paths)
    assert any(p == "/api/v1/timelines/home" for p in paths)
    assert run.gaps()[0][3] == 1
    connects = run.events("connect")
    assert "list 42" in connects[0][1] and "home (user stream)" in connects[0][1]


async def test_sse_fallback_after_a_redirect_to_a_streaming_host_that_refuses_websockets(
        tmp_path: Path, sse_server: FakeMastodon) -> None:
    m = sse_server
    run = await start(tmp_path, spec(m, lists=["42"]), hashtags=("HRC61", "ItemFour"))
    await wait_until(lambda: len(m.sse) == 3, what="three SSE channels")
    await m.publish(m.make_status("over SSE", ("HRC61",)))
    listed = m.make_status("list member, no tag", ("Other",), user="ambassador")
    await m.publish(listed)
    await wait_until(lambda: len(run.posts()) == 2, what="posts over SSE")
    await m.edit(listed, "list member, edited")
    await wait_until(lambda: any(r[3] for r in run.posts()), what="the edit")

    m.offline = True
    m.drop()  # the SSE connections are cut: reconnect over SSE, refill over REST
    await wait_until(lambda: len(m.sse) == 0)
    for i in range(5):
        await m.publish(m.make_status(f"missed {i}", ("ItemFour",)))
    m.offline = False
    await wait_until(lambda: len(run.posts()) == 7, timeout=20, what="refilled after the drop")
    await wait_until(lambda: len(run.gaps()) == 1, what="the gap row")
    summary = await run.finish()

    errors = [d for _s, d in run.events("error")]
    assert any("WebSocket refused (HTTP 404); falling back to Server-Sent Events" in e for e in errors)
    assert "Server-Sent Events" in run.events("connect")[0][1]
    assert summary.sources[0].connects >= 2 and run.gaps()[0][3] == 1
    # SSE events are stored as the WebSocket frames they stand for.
    from tests.fakes import log_rows
    formats = {f for (f,) in log_rows(run.db, "SELECT DISTINCT format FROM raw_events")}
    assert "mastodon-stream" in formats


async def test_sse_with_a_bad_token_says_so_and_keeps_retrying(
        tmp_path: Path, sse_server: FakeMastodon, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_TEST_MASTODON", "not-the-token-at-all")
    run = await start(tmp_path, spec(sse_server), hashtags=("HRC61",))
    await wait_until(lambda: len([d for _s, d in run.events("error") if "HTTP 401" in d]) >= 3,
                     what="repeated refusals")
    summary = await run.finish()
    refusal = next(d for _s, d in run.events("error") if "HTTP 401" in d)
    assert "Invalid access token" in refusal and "user token" in refusal
    assert summary.sources[0].connects == 0
