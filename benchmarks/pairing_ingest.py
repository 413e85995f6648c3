"""Pairing ingest benchmark: what statement/response pairing costs `meetwatch import`
on a realistic meeting mix, against the same import without pairing and the bare
json + sqlite3 + FTS5 loader of ``benchmarks/ingest.py``, in one run.

benchmarks/ingest.py's generated stream has no official or civil-society
accounts, so pairing never runs there.  This one writes a Jetstream recording
of a ten-hour meeting day (one agenda item an hour, a programme file and a
watch file whose ``[accounts]`` names the accounts):

* 5% official statements (20 missions and UN accounts), 60% of their words
  from the item's vocabulary, some naming a State;
* 15% civil society (40 NGOs): a quarter replies to a recent statement, a
  sixth quote posts, the rest topical answers on the same item hashtag that
  reuse some of a recent statement's words and sometimes name its State —
  plus announcements that share nothing;
* 5% media reporting statements, 75% others (3,000 accounts) chatting on the
  item's words and the meeting hashtag.

Each of *bare*, *import* (``--watch``, pairing on) and *no pairing*
(``--no-pairing``) runs as its own process, ``--runs`` times, alternating;
medians, rates and ratios are printed, plus the number of pairs and a digest
of them (statement, response, kind, reason, score) so an optimisation can show
it finds the very same pairs.

    python benchmarks/pairing_ingest.py                   # 20,000 posts, 5 runs
    python benchmarks/pairing_ingest.py --posts 50000 --runs 3
    python benchmarks/pairing_ingest.py --profile         # cProfile of one import with pairing
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.ingest import _run  # noqa: E402

POST = "app.bsky.feed.post"
START = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
HOURS = 10
MEETING_TAG = "HRC61"
STATES = ["Valdoria", "Estmark", "Bellerive", "Zarechye", "Lanshan", "Kessaria", "Costaserena",
          "Wadinoor", "Norland", "Amaltia"]


def _did(kind: str, i: int) -> str:
    return "did:plc:" + base64.b32encode(hashlib.sha1(f"{kind}{i}".encode()).digest()
                                         ).decode().lower()[:24]


def _rkey(rng: random.Random) -> str:
    return "".join(rng.choice("234567abcdefghijklmnopqrstuvwxyz") for _ in range(13))


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou")
                   for _ in range(rng.randint(2, 5)))


def write_session(workdir: Path, n: int, seed: int = 61) -> tuple[Path, Path]:
    """The recording and its watch file (with the programme next to it)."""
    rng = random.Random(seed)
    common = [_word(rng) for _ in range(4000)]
    topics = [[_word(rng) for _ in range(150)] for _ in range(HOURS)]
    officials = [(_did("official", i), f"{STATES[i].lower()}-mission.bsky.example"
                  if i < len(STATES) else f"unrights{i}.bsky.example", STATES[i] if i < len(STATES) else None)
                 for i in range(20)]
    ngos = [(_did("ngo", i), f"ngo{i}.bsky.example") for i in range(40)]
    media = [(_did("media", i), f"press{i}.bsky.example") for i in range(20)]
    others = [_did("other", i) for i in range(3000)]
    lines: list[str] = []
    t_us = int(START.timestamp() * 1e6)
    for did, handle, *_ in (*officials, *ngos, *media):
        lines.append(json.dumps({"did": did, "time_us": t_us, "kind": "identity",
                                 "identity": {"did": did, "handle": handle, "seq": len(lines),
                                              "time": START.isoformat()}}))
    step_us = HOURS * 3600 * 1_000_000 // n
    statements: list[tuple[str, str, list[str], str | None, int]] = []  # uri, cid, words, state, hour

    def record(text: str, when: datetime, tags: list[str]) -> dict[str, object]:
        body = text + "".join(f" #{t}" for t in tags)
        facets = []
        for t in tags:
            start = body.encode().index(f"#{t}".encode())
            facets.append({"index": {"byteStart": start, "byteEnd": start + len(t.encode()) + 1},
                           "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": t}]})
        return {"$type": POST, "createdAt": when.isoformat(timespec="milliseconds")
                .replace("+00:00", "Z"), "text": body, "langs": ["en"], "facets": facets}

    for _ in range(n):
        t_us += step_us
        when = datetime.fromtimestamp(t_us / 1e6, UTC)
        hour = min(HOURS - 1, int((when - START).total_seconds() // 3600))
        topic = topics[hour]
        item_tag = f"Item{hour + 1}"
        roll = rng.random()
        reply = quote = None
        if roll < 0.05 or not statements:
            did, _, state = rng.choice(officials)
            words = [rng.choice(topic) if rng.random() < 0.6 else rng.choice(common)
                     for _ in range(rng.randint(15, 25))]
            text = " ".join(words)
            if state and rng.random() < 0.5:
                text = f"{state} {text}"
            rec = record(text, when, [MEETING_TAG, item_tag])
            kind = "statement"
        elif roll < 0.20:
            did, _ = rng.choice(ngos)
            uri, cid, s_words, state, s_hour = rng.choice(statements[-40:])
            mode = rng.random()
            words = [rng.choice(topics[s_hour]) if rng.random() < 0.4 else rng.choice(common)
                     for _ in range(rng.randint(10, 20))]
            if mode < 0.25:
                reply = (uri, cid)
            elif mode < 0.40:
                quote = (uri, cid)
            elif mode < 0.85:  # a topical answer: some of the statement's words, maybe its State
                words[: rng.randint(2, 5)] = rng.sample(s_words, min(len(s_words), 5))[:5]
                if state and rng.random() < 0.4:
                    words.insert(0, state)
            else:  # an announcement
                words = [rng.choice(common) for _ in range(12)]
            rng.shuffle(words)
            rec = record(" ".join(words), when, [MEETING_TAG, f"Item{s_hour + 1}"])
            kind = "ngo"
        elif roll < 0.25:
            did, _ = rng.choice(media)
            _, _, s_words, state, _ = rng.choice(statements[-20:])
            text = (f"{state or 'UN'} says " + " ".join(rng.sample(s_words, min(8, len(s_words)))))
            rec = record(text, when, [MEETING_TAG, item_tag])
            kind = "media"
        else:
            did = rng.choice(others)
            words = [rng.choice(topic) if rng.random() < 0.3 else rng.choice(common)
                     for _ in range(rng.randint(6, 20))]
            tags = [MEETING_TAG] + ([item_tag] if rng.random() < 0.5 else [])
            rec = record(" ".join(words), when, tags)
            kind = "other"
        if reply:
            rec["reply"] = {"root": {"uri": reply[0], "cid": reply[1]},
                            "parent": {"uri": reply[0], "cid": reply[1]}}
        if quote:
            rec["embed"] = {"$type": "app.bsky.embed.record",
                            "record": {"uri": quote[0], "cid": quote[1]}}
        rkey = _rkey(rng)
        cid = "bafyrei" + hashlib.sha256(f"{did}{rkey}".encode()).hexdigest()[:52]
        if kind == "statement":
            statements.append((f"at://{did}/{POST}/{rkey}", cid, text.split(), state, hour))
        lines.append(json.dumps({"did": did, "time_us": t_us, "kind": "commit", "commit": {
            "rev": rkey, "operation": "create", "collection": POST, "rkey": rkey,
            "record": rec, "cid": cid}}))
    stream = workdir / f"meeting-{n}.jsonl"
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    programme = workdir / "programme.toml"
    programme.write_text("".join(
        f'[[items]]\nagenda_item = {h + 1}\ntitle = "Item {h + 1}"\n'
        f'start = "{(START + timedelta(hours=h)).isoformat()}"\n'
        f'end = "{(START + timedelta(hours=h + 1)).isoformat()}"\n'
        f'hashtags = ["Item{h + 1}"]\nkeywords = {json.dumps(topics[h][:5])}\n\n'
        for h in range(HOURS)), encoding="utf-8")
    watch = workdir / "meeting.watch.toml"
    watch.write_text(
        f'[meeting]\nname = "bench"\nhashtags = ["{MEETING_TAG}"]\ntimezone = "UTC"\n'
        f'programme = "programme.toml"\n\n[accounts]\n'
        f"official = {json.dumps([h for _, h, _ in officials])}\n"
        f"civil_society = {json.dumps([h for _, h in ngos])}\n"
        f"media = {json.dumps([h for _, h in media])}\n", encoding="utf-8")
    return stream, watch


def pairs_digest(db: Path) -> tuple[int, str, dict[str, int]]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT s.uid, r.uid, pr.kind, pr.reason, pr.score FROM pairs pr "
        "JOIN posts s ON s.id = pr.statement_id JOIN posts r ON r.id = pr.response_id "
        "ORDER BY s.uid, r.uid").fetchall()
    conn.close()
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r[2]] = kinds.get(r[2], 0) + 1
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:16], kinds


def _clean(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true",
                        help="profile one import with pairing (cProfile, top 30 by cumulative)")
    parser.add_argument("--keep", metavar="DIR", help="write the session and logs here, keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="meetwatch-pairbench-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        stream, watch = write_session(work, args.posts)
        lines = sum(1 for _ in stream.open("rb"))
        if args.profile:
            db = work / "profile.db"
            _clean(db)
            subprocess.run([sys.executable, "-m", "cProfile", "-s", "cumulative", "-m", "meetwatch",
                            "import", "--db", str(db), "--watch", str(watch), str(stream)],
                           check=True)
            return
        modes = {
            "bare": lambda db: [sys.executable, str(ROOT / "benchmarks" / "ingest.py"), "--bare",
                                str(stream), str(db)],
            "pairing": lambda db: [sys.executable, "-m", "meetwatch", "import", "--db", str(db),
                                   "--watch", str(watch), str(stream)],
            "no pairing": lambda db: [sys.executable, "-m", "meetwatch", "import", "--db", str(db),
                                      "--watch", str(watch), "--no-pairing", str(stream)],
        }
        times: dict[str, list[float]] = {m: [] for m in modes}
        digest = None
        for i in range(args.runs):
            for mode, cmd in modes.items():
                db = work / f"{mode.replace(' ', '-')}-{i}.db"
                _clean(db)
                elapsed, _ = _run(cmd(db))
                times[mode].append(elapsed)
                if mode == "pairing" and digest is None:
                    digest = pairs_digest(db)
                if not args.keep or i > 0:
                    _clean(db)
    med = {m: statistics.median(t) for m, t in times.items()}
    assert digest is not None
    n_pairs, sha, kinds = digest
    print(f"{args.posts:,} posts ({lines:,} lines), medians of {args.runs}:")
    for mode in modes:
        print(f"  {mode:10}  {med[mode]:6.2f} s  {lines / med[mode]:8,.0f} lines/s  "
              f"{med[mode] / med['bare']:5.2f}x bare")
    print(f"pairing adds {100 * (med['pairing'] / med['no pairing'] - 1):.0f}% to import "
          f"(target <= 30%); {n_pairs:,} pairs {kinds}, digest {sha}")
    print(json.dumps({"posts": args.posts, "runs": args.runs,
                      **{f"{m.replace(' ', '_')}_s": round(v, 3) for m, v in med.items()},
                      "pairing_overhead": round(med["pairing"] / med["no pairing"] - 1, 3),
                      "pairs": n_pairs, "digest": sha}))


if __name__ == "__main__":
    main()
