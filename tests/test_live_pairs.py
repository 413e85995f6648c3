"""Live: `record`'s collector tags posts with the programme and pairs a
civil-society reply with the official statement it answers as they arrive."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from meetwatch.core.watch import parse_watch
from meetwatch.live import Collector
from meetwatch.live.servers import FakeMastodon
from tests.fakes import fast_settings, log_rows, wait_until
from tests.test_live import TOKEN, subscribed


async def test_live_posts_are_tagged_and_paired(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_TEST_MASTODON", TOKEN)
    server = await FakeMastodon(tokens=(TOKEN,)).start()
    now = datetime.now(UTC)
    programme = tmp_path / "prog.toml"
    programme.write_text(
        "[[items]]\nitem = 4\ntitle = \"Valdoria\"\n"
        f"start = \"{(now - timedelta(hours=1)).isoformat()}\"\n"
        f"end = \"{(now + timedelta(hours=1)).isoformat()}\"\n", encoding="utf-8")
    host = server.domain
    watch = parse_watch({
        "meeting": {"name": "T", "hashtags": ["HRC61"], "timezone": "UTC",
                    "programme": str(programme)},
        "sources": [{"network": "mastodon", "server": server.url, "token_env": "MW_TEST_MASTODON"}],
        "accounts": {"official": [f"@mission@{host}"], "civil_society": [f"@ngo@{host}"]},
    })
    db = tmp_path / "live.db"
    stop = asyncio.Event()
    task = asyncio.create_task(Collector(watch, str(db), settings=fast_settings()).run(stop=stop))
    try:
        await wait_until(lambda: subscribed(server, 1), what="subscriptions")
        statement = server.make_status("Valdoria never detained lawyers", user="mission")
        await server.publish(statement)
        answer = server.make_status("Valdoria detained 40 lawyers last year", user="ngo")
        answer["in_reply_to_id"] = statement["id"]
        await server.publish(answer)
        await wait_until(lambda: log_rows(db, "SELECT kind FROM pairs") == [("reply",)],
                         what="the reply paired")
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await server.close()
    assert {r[0] for r in log_rows(db, "SELECT agenda_item FROM posts")} == {"4"}
    assert log_rows(db, "SELECT item FROM agenda_items") == [("4",)]
