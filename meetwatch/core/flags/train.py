"""Train the scorer (:mod:`.scorer`) from labelled posts and write its
weights file.

    python -m meetwatch.core.flags.train             # the shipped weights
    python -m meetwatch.core.flags.train --check     # cross-validated figures only

Training data: the development half of the labelled set
(``benchmarks/data/flags_set/dev.jsonl``), the extra training posts written
for it (``train.jsonl``), the team's first set
(``tests/fixtures/flags_eval.jsonl``) and the bundled session's ordinary
traffic as negatives (``session_negatives.jsonl``).  Never the frozen test
half, never HateCheck.  One logistic regression per category (L2-regularised, AdaGrad,
fixed seed and order: the same data gives the same file, byte for byte) over
binary features scaled to unit length.

The threshold of each category is tuned on out-of-fold scores (k-fold over
the training posts): the lowest threshold at which at most ``--max-hard`` of
the hard negatives, and at most ``--max-other`` of the posts labelled
otherwise (ordinary session traffic included), score above it — and never
below ``--floor``.  Five categories at 0.4% each keep the scorer's share of
flagged hard negatives under 2%.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from meetwatch.core.flags.normalise import fold
from meetwatch.core.flags.rules import CATEGORIES
from meetwatch.core.flags.scorer import WEIGHTS, Scorer, features

ROOT = Path(__file__).resolve().parents[3]
SET = ROOT / "benchmarks" / "data" / "flags_set"
DEV = SET / "dev.jsonl"
TRAIN = SET / "train.jsonl"  # extra training posts by other writers (never scored as evidence)
SESSION = SET / "session_negatives.jsonl"  # ordinary traffic of the bundled session
LEGACY = ROOT / "tests" / "fixtures" / "flags_eval.jsonl"


def load(paths: Sequence[Path]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    if any(r.get("split") == "test" for r in rows):
        raise SystemExit("refusing to train on the frozen test half")
    return rows


def vectorise(text: str) -> list[str]:
    return sorted(set(features(fold(text).text)))


def fit(examples: list[tuple[list[str], set[str]]], categories: Sequence[str], *, epochs: int = 25,
        rate: float = 0.4, l2: float = 1e-5, seed: int = 61) -> tuple[list[float], dict[str, list[float]]]:
    """Logistic regression per category; returns (bias, feature -> weights)."""
    n = len(categories)
    weights: dict[str, list[float]] = {}
    grad2: dict[str, list[float]] = {}
    bias = [0.0] * n
    bias_g2 = [1e-8] * n
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, labels = examples[i]
            if not feats:
                continue
            x = 1.0 / math.sqrt(len(feats))
            rows = [weights.setdefault(g, [0.0] * n) for g in feats]
            sums = [sum(col) for col in zip(*rows, strict=True)]
            errs = []
            for c in range(n):
                z = bias[c] + sums[c] * x
                p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
                errs.append(p - (1.0 if categories[c] in labels else 0.0))
            for c in range(n):
                bias_g2[c] += errs[c] ** 2
                bias[c] -= rate * errs[c] / math.sqrt(bias_g2[c])
            for g, row in zip(feats, rows, strict=True):
                g2 = grad2.setdefault(g, [1e-8] * n)
                for c in range(n):
                    grad = errs[c] * x + l2 * row[c]
                    if grad:
                        g2[c] += grad * grad
                        row[c] -= rate * grad / math.sqrt(g2[c])
    return bias, weights


def prune(weights: dict[str, list[float]], minimum: float) -> dict[str, tuple[float, ...]]:
    return {g: tuple(round(w, 4) for w in row) for g, row in weights.items()
            if max(abs(w) for w in row) >= minimum}


def out_of_fold(rows: list[dict[str, Any]], vectors: list[list[str]], folds: int,
                categories: Sequence[str], **kw: Any) -> list[dict[str, float]]:
    """Each row's scores from a model that did not see it."""
    out: list[dict[str, float]] = [{} for _ in rows]
    for k in range(folds):
        train = [(vectors[i], set(r["labels"])) for i, r in enumerate(rows) if i % folds != k]
        bias, weights = fit(train, categories, **kw)
        model = Scorer(tuple(categories), tuple(bias), tuple(1.0 for _ in categories),
                       {g: tuple(v) for g, v in weights.items()}, {})
        for i, r in enumerate(rows):
            if i % folds == k:
                out[i] = model.scores(fold(r["text"]).text)
    return out


def tune(rows: list[dict[str, Any]], scores: list[dict[str, float]], category: str,
         max_hard: float, max_other: float, floor: float) -> float:
    hard = sorted((s[category] for r, s in zip(rows, scores, strict=True)
                   if r["kind"] == "hard_negative" and not r["labels"]), reverse=True)
    other = sorted((s[category] for r, s in zip(rows, scores, strict=True)
                    if category not in r["labels"]), reverse=True)
    t_hard = hard[int(max_hard * len(hard))] if hard else 0.0
    t_other = other[int(max_other * len(other))] if other else 0.0
    return round(max(floor, t_hard + 1e-4, t_other + 1e-4), 4)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, action="append", help="labelled JSONL (default: dev half + legacy)")
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--max-hard", type=float, default=0.004)
    ap.add_argument("--max-other", type=float, default=0.005)
    ap.add_argument("--floor", type=float, default=0.5)
    ap.add_argument("--prune", type=float, default=0.02, help="drop features whose weights are all smaller")
    ap.add_argument("--check", action="store_true", help="print the cross-validated figures, write nothing")
    args = ap.parse_args(argv)
    paths = args.data or [p for p in (DEV, TRAIN, LEGACY, SESSION) if p.exists()]
    rows = load(paths)
    categories = [c for c in CATEGORIES if any(c in r["labels"] for r in rows)]
    vectors = [vectorise(r["text"]) for r in rows]
    kw = {"epochs": args.epochs}
    oof = out_of_fold(rows, vectors, args.folds, categories, **kw)
    thresholds = [tune(rows, oof, c, args.max_hard, args.max_other, args.floor) for c in categories]
    for c, t in zip(categories, thresholds, strict=True):
        pos = [s[c] for r, s in zip(rows, oof, strict=True) if c in r["labels"]]
        caught = sum(p >= t for p in pos)
        hard = [s[c] for r, s in zip(rows, oof, strict=True) if r["kind"] == "hard_negative"]
        print(f"{c:14} threshold {t:.3f}: out-of-fold recall {caught}/{len(pos)}, "
              f"hard negatives over it {sum(p >= t for p in hard)}/{len(hard)}", file=sys.stderr)
    if args.check:
        return 0
    bias, weights = fit([(v, set(r["labels"])) for v, r in zip(vectors, rows, strict=True)], categories, **kw)
    pruned = prune(weights, args.prune)
    model = Scorer(tuple(categories), tuple(round(b, 4) for b in bias), tuple(thresholds), pruned, {
        "trained_on": [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in paths],
        "posts": len(rows), "features": len(pruned), "folds": args.folds, "epochs": args.epochs,
        "max_hard": args.max_hard, "max_other": args.max_other, "floor": args.floor})
    blob = json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(blob)
    print(f"wrote {args.out} ({len(pruned):,} features, {args.out.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
