"""The watch file's watchlists and own accounts, end to end through
`meetwatch import --watch` on the bundled session: draft symbols (in full,
by their L-number, next to Chinese text, until issued), embargoes that
lift, facilitators, and own-account posts one severity up."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from meetwatch.cli import main
from meetwatch.core.flags.watchlist import symbol_forms, watch_rules

SAMPLE = Path(__file__).resolve().parent.parent / "sample_streams"
FLAGS = '''
[flags]
draft_symbols = ["A/HRC/61/L.12/Rev.1", { symbol = "A/HRC/61/L.99", until = "2026-03-03T12:00:00+01:00" }]
facilitators = ["Ingrid Sølvberg"]
[[flags.embargo]]
terms = ["212 cases"]
until = "2026-03-03T14:00:00+01:00"
'''


@pytest.fixture(scope="module")
def flags(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    tmp = tmp_path_factory.mktemp("watchlist")
    watch = tmp / "w.toml"
    watch.write_text((SAMPLE / "hrc61.watch.toml").read_text(encoding="utf-8") + FLAGS, encoding="utf-8")
    extra = tmp / "extra.jsonl"
    lines = []
    for n, (text, t) in enumerate([("Facilitator Ingrid Sølvberg said the text is final", "09:30"),
                                   ("L.99 is out, read it before the vote", "10:30"),
                                   ("L.99 is out, read it before the vote", "11:30")]):
        record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": f"2026-03-03T{t}:00.000Z",
                  "langs": ["en"]}
        hour, minute = map(int, t.split(":"))
        time_us = (1772496000 + hour * 3600 + minute * 60) * 1_000_000  # 2026-03-03 + t, UTC
        lines.append(json.dumps({"did": "did:plc:wl", "time_us": time_us, "kind": "commit",
                                 "commit": {"rev": f"r{n}", "operation": "create",
                                            "collection": "app.bsky.feed.post", "rkey": f"w{n}",
                                            "cid": f"c{n}", "record": record}}))
    extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp / "l.db"
    assert main(["import", "--db", str(db), "--watch", str(watch), str(SAMPLE / "hrc61.jetstream.jsonl"),
                 str(extra)]) == 0
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["flags", "--db", str(db), "--json", "--all"]) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    conn = sqlite3.connect(db)
    texts = dict(conn.execute("SELECT uid, text FROM posts"))
    conn.close()
    for r in rows:
        r["text"] = texts[r["uid"]]
    return rows


def test_symbol_forms() -> None:
    assert symbol_forms("A/HRC/61/L.12/Rev.1") == ["A/HRC/61/L.12/Rev.1", "L.12/Rev.1"]
    assert symbol_forms("L.5") == ["L.5"]
    assert symbol_forms("E/CN.6/2026/R.3") == ["E/CN.6/2026/R.3"]
    _, problems = watch_rules({"draft_symbols": [{"symbol": "L.1"}, 5]})
    assert len(problems) == 2


def test_draft_symbols_match_short_forms_and_chinese_text(flags: list[dict]) -> None:
    texts = [f["text"] for f in flags if f["rule"] == "leak.watch.draft_symbol"]
    assert any("(L.12/Rev.1)" in t and "A/HRC/61/L.12/Rev.1" not in t for t in texts)  # es, short form
    assert any("L.12/Rev.1修订草案" in t for t in texts)  # a Han character right after the symbol


def test_a_draft_symbol_is_a_leak_only_until_issued(flags: list[dict]) -> None:
    times = sorted(f["post_created_at"][:16] for f in flags if f["rule"] == "leak.watch.draft_symbol.2")
    assert times == ["2026-03-03T10:30"]  # 11:30Z is after 12:00 CET: issued


def test_embargo_lifts(flags: list[dict]) -> None:
    times = [f["post_created_at"] for f in flags if f["rule"] == "leak.watch.embargo.1"]
    assert times and all(t < "2026-03-03T13:00" for t in times)


def test_facilitator_attribution(flags: list[dict]) -> None:
    assert any(f["rule"] == "indiscretion.watch.facilitator" and "Sølvberg said" in f["text"]
               for f in flags)


def test_own_accounts_raise_leaks_and_indiscretions(flags: list[dict]) -> None:
    own = [f for f in flags if f["author_category"] == "own" and f["category"] in ("leak", "indiscretion")
           and f["rule"] != "context.fast_delete"]
    assert own and all("+1: posted by an own account" in f["adjustments"] for f in own)
    others = [f for f in flags if f["author_category"] != "own"]
    assert not any("+1: posted by an own account" in f["adjustments"] for f in others)
