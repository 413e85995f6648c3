"""The bundled HRC 61 recording: reproducible, well-formed where it should be,
malformed exactly where the README says, and in all six UN languages."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "sample_streams"
MASTODON = SAMPLES / "hrc61.mastodon.jsonl"
JETSTREAM = SAMPLES / "hrc61.jetstream.jsonl"
SESSION_FILES = ["hrc61.mastodon.jsonl", "hrc61.jetstream.jsonl", "hrc61.rss.xml",
                 "hrc61.watch.toml", "hrc61.programme.toml"]
UN_LANGUAGES = {"en", "fr", "es", "ru", "ar", "zh"}


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_streams_generate",
                                                  SAMPLES / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lines(path: Path) -> list[bytes]:
    data = path.read_bytes()
    assert data.endswith(b"\n")
    return data[:-1].split(b"\n")


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return obj if isinstance(obj, dict) and obj else None


def classify_mastodon(raw: bytes) -> tuple[str, dict[str, Any] | None]:
    """(kind, decoded status or None); kind "malformed" for a bad line."""
    frame = _json_object(raw)
    if frame is None:
        return "malformed", None
    if "error" in frame:
        return "error", None
    event = frame.get("event")
    if not isinstance(frame.get("stream"), list) or not isinstance(event, str):
        return "malformed", None
    if event in ("update", "status.update"):
        payload = frame.get("payload")
        if not isinstance(payload, str):
            return "malformed", None
        try:
            status = json.loads(payload)
        except ValueError:
            return "malformed", None
        return (event, status) if isinstance(status, dict) else ("malformed", None)
    if event == "delete":
        return ("delete", None) if str(frame.get("payload", "")).isdigit() else ("malformed",
                                                                                  None)
    if event == "filters_changed":
        return ("filters_changed", None) if "payload" not in frame else ("malformed", None)
    return "malformed", None


def classify_jetstream(raw: bytes) -> tuple[str, dict[str, Any] | None]:
    event = _json_object(raw)
    if event is None:
        return "malformed", None
    kind = event.get("kind")
    if (not isinstance(event.get("did"), str) or type(event.get("time_us")) is not int
            or kind not in ("commit", "identity", "account") or not isinstance(event.get(kind),
                                                                               dict)):
        return "malformed", None
    return str(kind), event


def readme_malformed() -> dict[str, list[int]]:
    text = (SAMPLES / "README.md").read_text(encoding="utf-8")
    found = {}
    for m in re.finditer(r"Malformed lines in `([\w.]+)` \((\d+)\): ([\d, ]+)", text):
        numbers = [int(x) for x in m.group(3).split(",")]
        assert len(numbers) == int(m.group(2))
        found[m.group(1)] = numbers
    return found


def test_regenerating_gives_byte_identical_files(gen: ModuleType, tmp_path: Path) -> None:
    assert gen.main(["--out-dir", str(tmp_path), "--quiet"]) == 0
    for name in SESSION_FILES:
        committed = (SAMPLES / name).read_bytes()
        assert (tmp_path / name).read_bytes() == committed, (
            f"{name} differs from a fresh run: rerun python sample_streams/generate.py")


def test_session_is_small_enough_to_commit() -> None:
    total = sum((SAMPLES / name).stat().st_size for name in SESSION_FILES)
    assert total < 3_000_000


def test_jetstream_facet_byte_offsets_slice_to_their_feature() -> None:
    tags = 0
    for raw in _lines(JETSTREAM):
        kind, event = classify_jetstream(raw)
        if kind != "commit":
            continue
        assert event is not None
        record = event["commit"].get("record") or {}
        if record.get("$type") != "app.bsky.feed.post":
            continue
        text = record["text"].encode("utf-8")
        for facet in record.get("facets", []):
            piece = text[facet["index"]["byteStart"]:facet["index"]["byteEnd"]].decode("utf-8")
            for feature in facet["features"]:
                if feature["$type"] == "app.bsky.richtext.facet#tag":
                    assert piece == "#" + feature["tag"]
                    tags += 1
                elif feature["$type"] == "app.bsky.richtext.facet#mention":
                    assert piece.startswith("@") and feature["did"].startswith("did:plc:")
                elif feature["$type"] == "app.bsky.richtext.facet#link":
                    assert feature["uri"].startswith("https://")
    assert tags > 1000
    # Non-ASCII text before a facet: byte and character offsets differ.
    assert any(("#" + t) in line.decode("utf-8", "ignore")
               for line in _lines(JETSTREAM) for t in ("СПЧ61", "人权理事会"))


def test_every_mastodon_update_payload_is_a_status() -> None:
    malformed = set(readme_malformed()["hrc61.mastodon.jsonl"])
    updates = 0
    for number, raw in enumerate(_lines(MASTODON), 1):
        kind, status = classify_mastodon(raw)
        if number in malformed:
            assert kind == "malformed", number
            continue
        assert kind != "malformed", number
        if kind in ("update", "status.update"):
            assert status is not None
            for key in ("uri", "id", "created_at", "account"):
                assert status[key], (number, key)
            assert status["id"].isdigit()
            assert re.fullmatch(r"2026-03-03T\d\d:\d\d:\d\d\.\d{3}Z", status["created_at"])
            if status["reblog"] is not None:
                assert status["content"] == "" and status["reblog"]["uri"]
            if kind == "status.update":
                assert status["edited_at"]
            updates += 1
    assert updates > 800


def test_all_six_languages_are_present() -> None:
    m_langs, b_langs = set(), set()
    for raw in _lines(MASTODON):
        kind, status = classify_mastodon(raw)
        if kind == "update" and status and status["language"]:
            m_langs.add(status["language"])
    for raw in _lines(JETSTREAM):
        kind, event = classify_jetstream(raw)
        if kind == "commit" and event:
            b_langs.update((event["commit"].get("record") or {}).get("langs", []))
    assert m_langs >= UN_LANGUAGES
    assert b_langs >= UN_LANGUAGES
    root = ET.parse(SAMPLES / "hrc61.rss.xml").getroot()
    titles = [item.findtext("title") or "" for item in root.iter("item")]
    assert 20 <= len(titles) <= 40
    assert any(not t.isascii() for t in titles)


def test_malformed_lines_match_the_readme() -> None:
    documented = readme_malformed()
    for path, classify in ((MASTODON, classify_mastodon), (JETSTREAM, classify_jetstream)):
        bad = [n for n, raw in enumerate(_lines(path), 1) if classify(raw)[0] == "malformed"]
        assert 3 <= len(bad) <= 5
        assert bad == documented[path.name]


def test_jetstream_time_is_ascending_and_references_resolve() -> None:
    last = 0
    seen: set[str] = set()
    for raw in _lines(JETSTREAM):
        kind, event = classify_jetstream(raw)
        if kind == "malformed":
            continue
        assert event is not None
        assert event["time_us"] > last
        last = event["time_us"]
        if kind != "commit":
            continue
        commit = event["commit"]
        uri = f"at://{event['did']}/{commit['collection']}/{commit['rkey']}"
        if commit["operation"] == "create":
            assert len(commit["rkey"]) == 13 and commit["cid"].startswith("bafyrei")
            record = commit["record"]
            subject = record.get("subject") or (record.get("embed") or {}).get("record")
            if subject and "uri" in subject:
                assert subject["uri"] in seen
            seen.add(uri)
        else:
            assert uri in seen


def test_mastodon_frames_are_in_received_order() -> None:
    last = ""
    ids: set[str] = set()
    for raw in _lines(MASTODON):
        kind, status = classify_mastodon(raw)
        if kind == "delete":
            assert json.loads(raw)["payload"] in ids
        if status is None:
            continue
        when = status["edited_at"] if kind == "status.update" else status["created_at"]
        assert when >= last
        last = when
        if status["reblog"] is not None:
            assert status["reblog"]["id"] in ids
            continue
        quote = status.get("quote") or {}
        if "quoted_status" in quote:
            assert quote["quoted_status"]["id"] in ids
        ids.add(status["id"])


def test_watch_and_programme_parse() -> None:
    watch = tomllib.loads((SAMPLES / "hrc61.watch.toml").read_text(encoding="utf-8"))
    assert watch["meeting"]["timezone"] == "Europe/Geneva"
    assert "@norland_mission@mastodon.example" in watch["accounts"]["own"]
    assert "norland-mission.bsky.example" in watch["accounts"]["own"]
    assert {s["network"] for s in watch["sources"]} == {"mastodon", "bluesky", "rss"}
    programme = tomllib.loads((SAMPLES / watch["meeting"]["programme"]).read_text("utf-8"))
    items = programme["items"]
    assert items[0]["id"] == "item1" and any(i["id"] == "item4" for i in items)
    for before, after in itertools.pairwise(items):
        assert before["end"] == after["start"]


def test_write_jetstream_streams_n_posts_deterministically(gen: ModuleType,
                                                           tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    written = gen.write_jetstream(first, 300, seed=7)
    assert gen.write_jetstream(second, 300, seed=7) == written
    assert first.read_bytes() == second.read_bytes()
    lines = _lines(first)
    assert len(lines) == written
    creates = 0
    for raw in lines:
        kind, event = classify_jetstream(raw)
        assert kind != "malformed"
        commit = (event or {}).get("commit") or {}
        if commit.get("collection") == "app.bsky.feed.post" and commit["operation"] == "create":
            creates += 1
    assert creates == 300


def test_write_mastodon_streams_n_statuses(gen: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "m.jsonl"
    written = gen.write_mastodon(out, 200, seed=7)
    lines = _lines(out)
    assert len(lines) == written
    new = 0
    for raw in lines:
        kind, status = classify_mastodon(raw)
        assert kind != "malformed"
        if kind == "update" and status and status["reblog"] is None:
            new += 1
    assert new == 200


def test_cli_scale_mode(gen: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "cli.jsonl"
    assert gen.main(["--jetstream-posts", "50", "--out", str(out), "--seed", "3", "-q"]) == 0
    assert out.read_bytes() == b"".join(
        line.encode() + b"\n" for line in gen.iter_jetstream(50, seed=3))
