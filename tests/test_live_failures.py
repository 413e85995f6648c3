"""Every network, dead or refusing: the source says why in plain words, keeps
retrying with backoff, and the other sources carry on (127.0.0.1 only)."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import FakeFeed, FakeJetstream, FakeMastodon, FakeX, jetstream_post, wait_until
from tests.test_live import start


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def healthy() -> AsyncIterator[FakeJetstream]:
    server = await FakeJetstream().start()
    yield server
    await server.close()


def unreachable(network: str, port: int) -> dict[str, Any]:
    base = f"127.0.0.1:{port}"
    return {
        "mastodon": {"network": "mastodon", "server": f"http://{base}", "token_env": "MW_FAIL_TOKEN"},
        "bluesky": {"network": "bluesky", "jetstream": f"ws://{base}/subscribe"},
        "rss": {"network": "rss", "url": f"http://{base}/feed.xml"},
        "x": {"network": "x", "api": f"http://{base}", "token_env": "MW_FAIL_TOKEN"},
    }[network]


async def carry_on(run: Any, healthy: FakeJetstream, n: int = 5) -> None:
    await wait_until(lambda: healthy.connected == 1, what="the healthy source")
    t0 = time.time_ns() // 1000
    for i in range(n):
        healthy.publish(jetstream_post(i, t0 + i))
    await wait_until(lambda: len(run.posts("bluesky")) == n, what="the healthy source's posts")


@pytest.mark.parametrize("network", ["mastodon", "bluesky", "rss", "x"])
async def test_an_unreachable_server_is_reported_and_retried_while_others_carry_on(
        tmp_path: Path, healthy: FakeJetstream, network: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_FAIL_TOKEN", "a-token-for-a-dead-server")
    run = await start(tmp_path, unreachable(network, dead_port()),
                      {"network": "bluesky", "jetstream": healthy.url})
    await carry_on(run, healthy)
    dead = next(s for s in run.collector.sources if s.network == network and
                (network != "bluesky" or s.name != run.collector.sources[1].name))
    await wait_until(lambda: dead.state.errors >= 3, timeout=20, what="repeated attempts")
    summary = await run.finish()
    errors = [d for s, d in run.events("error") if s == dead.name]
    assert len(errors) >= 3
    assert all("connection refused (server down or wrong port)" in e for e in errors), errors
    state = next(s for s in summary.sources if s.name == dead.name)
    assert state.connects == 0 and "connection refused" in state.last_error
    assert any(f"{dead.name}: reconnecting in" in line for line in run.lines)
    assert any("last error: " in line and dead.name in line for line in summary.lines())


@pytest.mark.parametrize("network", ["mastodon", "x", "rss"])
async def test_bad_credentials_are_reported_and_retried_while_others_carry_on(
        tmp_path: Path, healthy: FakeJetstream, network: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_FAIL_TOKEN", "wrong-token-value-123")
    server: Any
    if network == "mastodon":
        server = await FakeMastodon(tokens=("the-right-token",)).start()
        spec = {"network": "mastodon", "server": server.url, "token_env": "MW_FAIL_TOKEN"}
        expect = ["HTTP 401", "Invalid access token", "$MW_FAIL_TOKEN"]
    elif network == "x":
        server = await FakeX(token="the-right-token").start()
        spec = {"network": "x", "api": server.url, "token_env": "MW_FAIL_TOKEN"}
        expect = ["HTTP 401", "bearer token"]
    else:  # a feed behind a login: no credentials to give, but a clear reason
        server = await FakeFeed(b"<rss/>").start()
        server.fail = [403] * 1000
        spec = {"network": "rss", "url": server.url}
        expect = ["HTTP 403 Forbidden"]
    try:
        run = await start(tmp_path, spec, {"network": "bluesky", "jetstream": healthy.url})
        await carry_on(run, healthy)
        src = run.collector.sources[0]
        await wait_until(lambda: src.state.errors >= 3, timeout=20, what="repeated refusals")
        summary = await run.finish()
        errors = [d for s, d in run.events("error") if s == src.name]
        for word in expect:
            assert word in errors[0], errors[0]
        assert summary.sources[0].connects == 0
        assert "wrong-token-value-123" not in "\n".join(errors + run.lines)
    finally:
        await server.close()


def test_each_source_state_has_one_word_for_the_status_bar() -> None:
    from meetwatch.live.base import Context, LiveSettings, WriteQueue
    from meetwatch.live.feed import condition
    from meetwatch.live.mastodon import MastodonSource
    from tests.fakes import watch_file

    wf = watch_file({"network": "mastodon", "server": "http://127.0.0.1:9"})
    src = MastodonSource(wf.sources[0], wf, Context(WriteQueue(4), LiveSettings()))
    st = src.state
    assert condition(src) == "connecting"
    st.status, st.last_error = "error", "refused"
    assert condition(src) == "offline"
    st.status = "retrying"
    assert condition(src) == "offline"  # never connected yet
    st.status, st.connects = "connected", 1
    assert condition(src) == "live"
    st.status = "dropped"
    assert condition(src) == "reconnecting"
    st.status, src.open_gap = "connected", "2026-03-03T08:00:00.000Z"
    assert condition(src) == "gap"  # reconnected, refill still running
    st.status = "disabled"
    assert condition(src) == "off"


def test_secrets_are_redacted_but_a_few_characters_are_no_secret() -> None:
    from meetwatch.live.base import Context, LiveSettings, WriteQueue

    ctx = Context(WriteQueue(4), LiveSettings(), secrets=["x", "s3cret-token-value"])
    assert ctx.redact("http://h/feed.xml s3cret-token-value") == "http://h/feed.xml ***"
