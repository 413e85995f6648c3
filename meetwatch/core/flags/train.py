"""Train the scorer (:mod:`.scorer`) from labelled posts and write its
weights file.

    python -m meetwatch.core.flags.train             # the shipped weights
    python -m meetwatch.core.flags.train --check     # the tuning figures only

Training data: the training posts written for the labelled set
(``benchmarks/data/flags_set/train.jsonl``), the team's first set
(``tests/fixtures/flags_eval.jsonl``) and the bundled session's ordinary
traffic as negatives (``session_negatives.jsonl``).  The development half
(``dev.jsonl``) is held out of training: the rules are tuned on it, and the
scorer's thresholds — so both are judged on posts the scorer never saw.
Never the frozen test half, never HateCheck.  One logistic regression per category (L2-regularised, AdaGrad,
fixed seed and order: the same data gives the same file, byte for byte) over
binary features scaled to unit length.

The threshold of each category is tuned on the development half: the
lowest threshold at which at most ``--max-hard`` of its hard negatives, and
at most ``--max-other`` of its posts labelled otherwise, score above it —
and never below ``--floor``.  Five categories at 0.25% each keep the
scorer's share of flagged hard negatives under 2%.
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


def vectorise(text: str) -> tuple[list[str], int]:
    """A post's distinct features, and how many n-grams it has (the scale)."""
    feats = features(fold(text).text)
    return sorted(set(feats)), len(feats)


Example = tuple[tuple[list[str], int], set[str]]  # (distinct features, n-gram count), labels


def fit(examples: list[Example], categories: Sequence[str], *, epochs: int = 20,
        alpha: float = 0.5, beta: float = 1.0, l1: float = 1.0, l2: float = 1e-3, seed: int = 61
        ) -> tuple[list[float], dict[str, list[float]]]:
    """Logistic regression per category by FTRL-proximal (McMahan et al.,
    2013): per-coordinate learning rates and an L1 term that leaves most
    n-gram weights at exactly zero — a small model that is cheap to apply
    (a post meets few weighted n-grams).  Returns (bias, feature -> weights)."""
    n = len(categories)
    zs: dict[str, list[float]] = {}
    ns: dict[str, list[float]] = {}
    bias_z = [0.0] * n
    bias_n = [0.0] * n

    def weight(z: float, sq: float, lam1: float) -> float:
        if abs(z) <= lam1:
            return 0.0
        return -(z - math.copysign(lam1, z)) / ((beta + math.sqrt(sq)) / alpha + l2)

    order = list(range(len(examples)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            (feats, count), labels = examples[i]
            if not feats:
                continue
            x = 1.0 / math.sqrt(count)
            zrows = [zs.setdefault(g, [0.0] * n) for g in feats]
            nrows = [ns.setdefault(g, [0.0] * n) for g in feats]
            for c in range(n):
                wb = weight(bias_z[c], bias_n[c], 0.0)
                ws = [weight(zr[c], nr[c], l1) for zr, nr in zip(zrows, nrows, strict=True)]
                t = wb + x * sum(ws)
                p = 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))
                err = p - (1.0 if categories[c] in labels else 0.0)
                sigma = (math.sqrt(bias_n[c] + err * err) - math.sqrt(bias_n[c])) / alpha
                bias_z[c] += err - sigma * wb
                bias_n[c] += err * err
                g = err * x
                g2 = g * g
                for zr, nr, w in zip(zrows, nrows, ws, strict=True):
                    sigma = (math.sqrt(nr[c] + g2) - math.sqrt(nr[c])) / alpha
                    zr[c] += g - sigma * w
                    nr[c] += g2
    bias = [weight(bias_z[c], bias_n[c], 0.0) for c in range(n)]
    weights = {g: [weight(z[c], ns[g][c], l1) for c in range(n)] for g, z in zs.items()}
    return bias, {g: row for g, row in weights.items() if any(row)}


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
    ap.add_argument("--data", type=Path, action="append",
                    help="training JSONL (default: train, legacy, session)")
    ap.add_argument("--tune", type=Path, default=DEV, help="threshold-tuning JSONL (default: the dev half)")
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--l1", type=float, default=1.0, help="L1 strength (sparser, faster model)")
    ap.add_argument("--max-hard", type=float, default=0.0025)
    ap.add_argument("--max-other", type=float, default=0.005)
    ap.add_argument("--floor", type=float, default=0.5)
    ap.add_argument("--check", action="store_true", help="print the tuning figures, write nothing")
    args = ap.parse_args(argv)
    paths = args.data or [p for p in (TRAIN, LEGACY, SESSION) if p.exists()]
    rows = load(paths)
    tune_rows = load([args.tune])
    categories = [c for c in CATEGORIES if any(c in r["labels"] for r in rows)]
    vectors = [vectorise(r["text"]) for r in rows]
    bias, weights = fit([(v, set(r["labels"])) for v, r in zip(vectors, rows, strict=True)], categories,
                        epochs=args.epochs, l1=args.l1)
    model = Scorer(tuple(categories), tuple(round(b, 4) for b in bias), tuple(1.0 for _ in categories),
                   {g: tuple(round(w, 4) for w in row) for g, row in weights.items()}, {})
    scores = [model.scores(fold(r["text"]).text) for r in tune_rows]
    thresholds = [tune(tune_rows, scores, c, args.max_hard, args.max_other, args.floor) for c in categories]
    for c, t in zip(categories, thresholds, strict=True):
        pos = [s[c] for r, s in zip(tune_rows, scores, strict=True) if c in r["labels"]]
        hard = [s[c] for r, s in zip(tune_rows, scores, strict=True) if r["kind"] == "hard_negative"]
        print(f"{c:14} threshold {t:.3f}: {args.tune.name} recall {sum(p >= t for p in pos)}/{len(pos)}, "
              f"hard negatives over it {sum(p >= t for p in hard)}/{len(hard)}", file=sys.stderr)
    print(f"{len(model.weights):,} features with a weight", file=sys.stderr)
    if args.check:
        return 0
    model = Scorer(model.categories, model.bias, tuple(thresholds), model.weights, {
        "trained_on": [_rel(p) for p in paths], "tuned_on": _rel(args.tune),
        "posts": len(rows), "features": len(model.weights), "epochs": args.epochs, "l1": args.l1,
        "max_hard": args.max_hard, "max_other": args.max_other, "floor": args.floor})
    blob = json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(blob)
    print(f"wrote {args.out} ({len(model.weights):,} features, {args.out.stat().st_size:,} bytes)",
          file=sys.stderr)
    return 0


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


if __name__ == "__main__":
    raise SystemExit(main())
