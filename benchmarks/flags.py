"""Flag engine benchmark: posts per second through normalisation + every
shipped rule, against baselines measured in the same run.

Texts: the bundled HRC 61 session (2,139 posts in six languages, with the
planted leaks, threats and abuse), the labelled flag set (2,406 posts, two
thirds of them flaggable or made to look it) and generated Jetstream posts
from the sample-session generator.  For each text set, the median of ``--runs`` runs of

* ``engine``  — ``FlagEngine.scan``: fold, prefilter, per-rule logic, the
  learned scorer, hits — what every post pays on import or live;
* ``rules``   — the same without the scorer;
* ``fold``    — normalisation alone;
* ``naive``   — the same folded vocabulary as a plain ``term in text`` scan
  (one ``in`` per term per post, no rule logic): what a matcher without a
  prefilter pays just to find candidate terms.

The ratio engine / naive above 1 means the engine, rule logic included, is
faster than the naive substring scan alone.

    python benchmarks/flags.py                  # 20,000 generated posts, 5 runs
    python benchmarks/flags.py --posts 50000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetwatch.core.flags import FlagConfig, load_engine  # noqa: E402
from meetwatch.core.flags.normalise import fold  # noqa: E402
from meetwatch.core.models import Post  # noqa: E402
from meetwatch.ingest import open_records  # noqa: E402

SAMPLE = ROOT / "sample_streams"


def _texts(path: Path) -> list[str]:
    return [ev.text for rec in open_records(path)[1] for ev in rec.events
            if isinstance(ev, Post) and ev.text]


def _median_rate(fn: object, texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(texts)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return len(texts) / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=20_000, help="generated posts")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    engine, problems = load_engine(FlagConfig.make())
    if problems:
        print("\n".join(problems), file=sys.stderr)
    vocabulary = sorted({t.text for r in engine.rules for _, t in r.terms() if t.text != "<mention>"})

    def run_engine(texts: list[str]) -> None:
        scan = engine.scan
        for t in texts:
            scan(t)

    def run_rules(texts: list[str]) -> None:
        scan = engine.scan
        for t in texts:
            scan(t, scorer=False)

    def run_fold(texts: list[str]) -> None:
        for t in texts:
            fold(t)

    def run_naive(texts: list[str]) -> None:
        for t in texts:
            folded = fold(t).text
            for term in vocabulary:
                if term in folded:
                    pass

    sets: dict[str, list[str]] = {
        "sample session": _texts(SAMPLE / "hrc61.mastodon.jsonl") + _texts(SAMPLE / "hrc61.jetstream.jsonl")
        + _texts(SAMPLE / "hrc61.rss.xml"),
    }
    labelled = ROOT / "benchmarks" / "data" / "flags_set"
    sets["labelled set (dev+test)"] = [json.loads(line)["text"] for name in ("dev.jsonl", "test.jsonl")
                                       for line in (labelled / name).read_text(encoding="utf-8").splitlines()
                                       if line.strip()]
    from sample_streams.generate import write_jetstream

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posts.jsonl"
        write_jetstream(str(path), args.posts, seed=61)
        sets[f"generated ({args.posts:,})"] = _texts(path)

    summary: dict[str, dict[str, float]] = {}
    print(f"{len(engine.rules)} rules, {len(vocabulary)} distinct terms; median of {args.runs} runs")
    for name, texts in sets.items():
        hits = sum(1 for t in texts if engine.scan(t))
        rates = {label: _median_rate(fn, texts, args.runs)
                 for label, fn in (("engine", run_engine), ("rules", run_rules), ("fold", run_fold),
                                   ("naive", run_naive))}
        summary[name] = {**rates, "posts": len(texts), "flagged": hits,
                         "ratio_engine_naive": rates["engine"] / rates["naive"]}
        print(f"{name:>20}: {len(texts):6,} posts, {hits:4} flagged | engine {rates['engine']:9,.0f} posts/s"
              f" | rules alone {rates['rules']:9,.0f} | fold alone {rates['fold']:9,.0f}"
              f" | naive `in` scan {rates['naive']:8,.0f}"
              f" | engine/naive {rates['engine'] / rates['naive']:.1f}x")
    print(json.dumps({k: {m: round(v, 2) for m, v in d.items()} for k, d in summary.items()}))


if __name__ == "__main__":
    main()
