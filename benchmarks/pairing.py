"""Pairing benchmark: precision and recall per kind of answer.

Imports the labelled set of tests/pairing_labels.py (official statements,
their reply, quote and topical answers, and distractors: NGO announcements,
media reports of the statements, trolls, answers outside the window) with
its watch file and programme, then scores ``meetwatch pairs`` against the
labels — and, in the same run, a baseline that pairs replies and quotes only.
Then the bundled HRC 61 session: how many pairs of each kind, and how long
its import and a full re-pairing take.  Then scale: a synthetic session of
``--scale`` posts (5% official statements, 15% civil society, 5% media, the
rest others; a dozen words each from a shared vocabulary, ~1 post/s) imported
with pairing and without, alternately, in the same run: the ratio of their
median times is what pairing costs a flood.

    python benchmarks/pairing.py
    python benchmarks/pairing.py --scale 50000 --runs 5
    python benchmarks/pairing.py --json
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetwatch.cli import main as cli  # noqa: E402
from tests.pairing_labels import (  # noqa: E402
    HELD_OUT_LABELS,
    HELD_OUT_POSTS,
    KINDS,
    LABELS,
    POSTS,
    PROGRAMME,
    number_of,
    score,
)
from tests.sessionkit import WATCH_ACCOUNTS, write  # noqa: E402

SAMPLE = ROOT / "sample_streams"


def quiet(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        rc = cli(list(argv))
    if rc != 0:
        raise SystemExit(f"meetwatch {' '.join(argv)} failed ({rc})")
    return out.getvalue()


def pairs(db: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in quiet("pairs", "--db", str(db), "--json").splitlines()]


def labelled(tmp: Path, posts: list[dict[str, object]], labels: set[tuple[int, int, str]]
             ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    (tmp / "prog.toml").write_text(PROGRAMME, encoding="utf-8")
    watch = tmp / "w.toml"
    watch.write_text('[meeting]\nname = "bench"\nhashtags = ["HRC61"]\nprogramme = "prog.toml"\n'
                     + WATCH_ACCOUNTS, encoding="utf-8")
    db = tmp / f"labelled{len(posts)}.db"
    quiet("import", "--db", str(db), "--watch", str(watch), str(write(tmp / "s.jsonl", posts)))
    found = {(number_of(str(r["statement"])), number_of(str(r["response"])), str(r["kind"]))
             for r in pairs(db)}
    baseline = {p for p in found if p[2] in ("reply", "quote")}
    return score(found, labels), score(baseline, labels)


def sample(tmp: Path, runs: int) -> dict[str, object]:
    files = [str(SAMPLE / f) for f in ("hrc61.mastodon.jsonl", "hrc61.jetstream.jsonl",
                                       "hrc61.rss.xml")]
    watch = str(SAMPLE / "hrc61.watch.toml")
    times: list[float] = []
    recompute: list[float] = []
    rows: list[dict[str, object]] = []
    for i in range(runs):
        db = tmp / f"sample{i}.db"
        t0 = time.perf_counter()
        quiet("import", "--db", str(db), "--watch", watch, "--no-flags", *files)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        quiet("pairs", "--db", str(db), "--recompute", "--watch", watch)
        recompute.append(time.perf_counter() - t0)
        rows = pairs(db)
    kinds = {k: sum(1 for r in rows if r["kind"] == k) for k in KINDS}
    return {"pairs": len(rows), "by_kind": kinds,
            "statements": len({r["statement"] for r in rows}),
            "import_s": statistics.median(times), "recompute_s": statistics.median(recompute)}


def synthetic(path: Path, n: int, seed: int = 6) -> Path:
    """``n`` Mastodon REST statuses, one per line (see the module docstring)."""
    import random

    rng = random.Random(seed)
    words = [f"w{i}x" for i in range(3000)]
    states = ["Valdoria", "Estmark", "Bellerive", "Zarechye", "Lanshan", "Kessaria"]
    people = ([("official", f"{s.lower()}_mission", s) for s in states]
              + [("official", f"un{i}", "") for i in range(24)]
              + [("civil_society", f"ngo{i}", "") for i in range(60)]
              + [("media", f"press{i}", "") for i in range(30)]
              + [("other", f"user{i}", "") for i in range(2000)])
    weights = [5 / 30] * 30 + [15 / 60] * 60 + [5 / 30] * 30 + [75 / 2000] * 2000
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            _, user, state = rng.choices(people, weights)[0]
            minute = i / 60
            h, m = divmod(int(minute), 60)
            text = " ".join(rng.choice(words[:300] if rng.random() < 0.5 else words)
                            for _ in range(12))
            if state or rng.random() < 0.3:
                text = f"{state or rng.choice(states)} {text}"
            fh.write(json.dumps({
                "id": str(i + 1), "uri": f"https://s.example/users/{user}/statuses/{i + 1}",
                "created_at": f"2026-03-03T{8 + h % 14:02d}:{m:02d}:{int(minute * 60) % 60:02d}.000Z",
                "content": f"<p>{text} #HRC61</p>", "tags": [{"name": "hrc61"}],
                "account": {"id": user, "username": user, "acct": user, "display_name": user,
                            "url": f"https://s.example/@{user}", "note": ""},
            }) + "\n")
    return path


def scale(tmp: Path, n: int, runs: int) -> dict[str, float]:
    from meetwatch.core.pairing import PairingSettings
    from meetwatch.core.programme import parse_toml
    from meetwatch.ingest import import_file
    from meetwatch.store.writer import LogWriter

    src = synthetic(tmp / "scale.jsonl", n)
    categories = {}
    for line in src.open(encoding="utf-8"):
        user = json.loads(line)["account"]["username"]
        for prefix, cat in (("un", "official"), ("ngo", "civil_society"), ("press", "media")):
            if user.startswith(prefix) or (user.endswith("_mission") and cat == "official"):
                categories[f"{user}@s.example"] = cat
    programme = parse_toml("".join(
        f"[[items]]\nitem = {h + 1}\ntitle = \"hour {h}\"\n"
        f"start = \"2026-03-03T{8 + h:02d}:00:00Z\"\nend = \"2026-03-03T{9 + h:02d}:00:00Z\"\n"
        for h in range(14)))[0]
    times: dict[str, list[float]] = {"pairing": [], "no pairing": []}
    pairs_made = 0
    for i in range(runs):
        for mode in ("pairing", "no pairing"):
            db = tmp / f"scale-{i}-{mode.replace(' ', '-')}.db"
            with LogWriter(str(db)) as writer:
                writer.categories = categories
                writer.set_programme(programme)
                writer.pairing = (PairingSettings(meeting_hashtags=("HRC61",))
                                  if mode == "pairing" else None)
                t0 = time.perf_counter()
                import_file(writer, src, batch_size=5000)
                times[mode].append(time.perf_counter() - t0)
                if mode == "pairing":
                    pairs_made = int(writer.conn.execute("SELECT COUNT(*) FROM pairs").fetchone()[0])
    on, off = statistics.median(times["pairing"]), statistics.median(times["no pairing"])
    return {"posts": n, "pairing_s": on, "no_pairing_s": off, "ratio": off / on,
            "pairs": pairs_made}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--scale", type=int, default=20_000, metavar="N",
                        help="posts in the synthetic session (0: skip)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="meetwatch-pairing-") as d:
        tmp = Path(d)
        sets = {"labelled": (POSTS, LABELS), "held out": (HELD_OUT_POSTS, HELD_OUT_LABELS),
                "both": (POSTS + HELD_OUT_POSTS, LABELS | HELD_OUT_LABELS)}
        results = {name: labelled(tmp, p, lab) for name, (p, lab) in sets.items()}
        session = sample(tmp, args.runs)
        big = scale(tmp, args.scale, args.runs) if args.scale else None
    if args.json:
        print(json.dumps({name: {"pairing": a, "baseline_reply_quote_only": b}
                          for name, (a, b) in results.items()} | {"sample": session,
                                                                  "scale": big}))
        return 0
    for name, (posts, labels) in sets.items():
        ours, base = results[name]
        print(f"{name} set: {len(posts)} posts, {len(labels)} labelled answers ("
              + ", ".join(f"{sum(1 for *_, k in labels if k == kind)} {kind}" for kind in KINDS)
              + ")")
        print(f"  {'kind':8}  {'pairing P':>9}  {'R':>5}  {'found':>5}   {'baseline P':>10}  {'R':>5}")
        for kind in (*KINDS, "all"):
            a, b = ours[kind], base[kind]
            print(f"  {kind:8}  {a['precision']:9.2f}  {a['recall']:5.2f}  {int(a['found']):5d}   "
                  f"{b['precision']:10.2f}  {b['recall']:5.2f}")
    print(f"sample session (HRC 61): {session['pairs']} pairs for {session['statements']} "
          f"statements {session['by_kind']}; import {session['import_s']:.2f} s, "
          f"recompute {session['recompute_s']:.2f} s (medians of {args.runs})")
    if big:
        print(f"scale: {big['posts']:,} posts, {big['pairs']:,} pairs: import with pairing "
              f"{big['pairing_s']:.2f} s, without {big['no_pairing_s']:.2f} s (medians of "
              f"{args.runs}); ratio without/with {big['ratio']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
