"""Flag rules evaluation: precision and recall per category and per language
on the labelled set ``tests/fixtures/flags_eval.jsonl``, against a baseline
measured in the same run.

The set: short posts in the six UN languages, each labelled with the
categories it deserves (none for negatives), of four kinds — ``positive``,
``hard_negative`` (reported speech, public schedule announcements, adopted
L-documents, idioms, formal votes), ``negative`` (ordinary posts) and
``evasion`` (homoglyphs, zero-width characters, spaced-out words).  A
quarter of each language (``split = "held_out"``) was never looked at while
the rules were tuned: compare its figures with ``dev`` to see overfitting.

* ``engine``   — the shipped rule packs (normalisation, near/unless logic);
* ``baseline`` — plain substring matching of the same rules' term lists on
  the lower-cased text (``any``: one term; ``all``: every term; ``near``: one
  term of each side anywhere; the same regexes), with no normalisation and
  no context (``unless``).

A post counts once per category: predicted when any rule of that category
fired.

    python benchmarks/flags_eval.py                # all, dev and held-out
    python benchmarks/flags_eval.py --split held_out --misses
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetwatch.core.flags import CATEGORIES, FlagConfig, FlagEngine, Rule, load_engine  # noqa: E402
from meetwatch.core.flags.rules import MENTION  # noqa: E402

EVAL_SET = ROOT / "tests" / "fixtures" / "flags_eval.jsonl"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
Predict = Callable[[dict[str, object]], set[str]]


def load_set(path: Path = EVAL_SET) -> list[dict[str, object]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    by_category: dict[str, Counts] = field(default_factory=dict)
    by_language: dict[str, Counts] = field(default_factory=dict)
    total: Counts = field(default_factory=Counts)
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0
    evasions: int = 0
    evasions_caught: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # id, what, text


def score(rows: Iterable[dict[str, object]], predict: Predict) -> Scores:
    s = Scores({c: Counts() for c in CATEGORIES}, {lang: Counts() for lang in LANGUAGES})
    for row in rows:
        truth = set(row["labels"])  # type: ignore[call-overload]
        got = predict(row)
        lang = str(row["lang"])
        for c in CATEGORIES:
            for counts in (s.by_category[c], s.by_language[lang], s.total):
                if c in got and c in truth:
                    counts.tp += 1
                elif c in got:
                    counts.fp += 1
                elif c in truth:
                    counts.fn += 1
        if row["kind"] == "hard_negative":
            s.hard_negatives += 1
            s.hard_negatives_flagged += bool(got)
        if row["kind"] == "evasion":
            s.evasions += 1
            s.evasions_caught += truth <= got
        if got != truth:
            what = ", ".join([f"missed {c}" for c in sorted(truth - got)]
                             + [f"wrongly {c}" for c in sorted(got - truth)])
            s.misses.append((str(row["id"]), what, str(row["text"])))
    return s


def engine_predict(engine: FlagEngine) -> Predict:
    def predict(row: dict[str, object]) -> set[str]:
        return {h.category for h in engine.scan(str(row["text"]), lang=str(row["lang"]))}
    return predict


def _present(term: str, text: str) -> bool:
    if term == MENTION:
        return "@" in text
    return term.replace("*", "") in text


def baseline_predict(rules: list[Rule]) -> Predict:
    """Substring matching of the same term lists (see the module docstring)."""
    def fires(rule: Rule, text: str, raw: str) -> bool:
        if rule.any and any(_present(t.text, text) for t in rule.any):
            return True
        if rule.all and all(_present(t.text, text) for t in rule.all):
            return True
        if rule.near_a and rule.near_b and any(_present(t.text, text) for t in rule.near_a) \
                and any(_present(t.text, text) for t in rule.near_b):
            return True
        return bool(rule.regex is not None and not (rule.any or rule.all or rule.near_a)
                    and rule.regex.search(raw))

    def predict(row: dict[str, object]) -> set[str]:
        raw = str(row["text"])
        text = raw.lower()
        return {r.category for r in rules if fires(r, text, raw)}
    return predict


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def report(name: str, engine: Scores, base: Scores) -> None:
    print(f"\n== {name}: precision / recall (%), engine vs baseline ==")
    print(f"{'':14}{'engine P':>9}{'R':>7}{'F1':>7}   {'base P':>7}{'R':>7}{'F1':>7}   {'n':>4}")

    def line(label: str, e: Counts, b: Counts) -> None:
        print(f"{label:14}{_pct(e.precision):>9}{_pct(e.recall):>7}{_pct(e.f1):>7}   "
              f"{_pct(b.precision):>7}{_pct(b.recall):>7}{_pct(b.f1):>7}   {e.tp + e.fn:>4}")

    for c in CATEGORIES:
        line(c, engine.by_category[c], base.by_category[c])
    print()
    for lang in LANGUAGES:
        line(lang, engine.by_language[lang], base.by_language[lang])
    print()
    line("all", engine.total, base.total)
    print(f"hard negatives flagged: engine {engine.hard_negatives_flagged}/{engine.hard_negatives}, "
          f"baseline {base.hard_negatives_flagged}/{base.hard_negatives}")
    print(f"evasions caught:        engine {engine.evasions_caught}/{engine.evasions}, "
          f"baseline {base.evasions_caught}/{base.evasions}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", type=Path, default=EVAL_SET, help="the labelled JSONL set")
    ap.add_argument("--split", choices=("all", "dev", "held_out"), action="append",
                    help="which part (repeatable; default: all, dev and held_out)")
    ap.add_argument("--misses", action="store_true", help="list the engine's mistakes")
    args = ap.parse_args(argv)
    rows = load_set(args.set)
    engine, problems = load_engine(FlagConfig.make())
    for p in problems:
        print(f"flag rules: {p}", file=sys.stderr)
    predict, base = engine_predict(engine), baseline_predict(engine.rules)
    print(f"{len(rows)} labelled posts, {len(engine.rules)} rules")
    for split in args.split or ["all", "dev", "held_out"]:
        part = [r for r in rows if split == "all" or r["split"] == split]
        e = score(part, predict)
        report(f"{split} ({len(part)} posts)", e, score(part, base))
        if args.misses:
            for rid, what, text in e.misses:
                print(f"  {rid:8} {what:32} {text[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
