"""Flag evaluation: precision and recall per category and per language on
labelled sets, the development–test gap, and HateCheck as a functional test
suite — each against a baseline measured in the same run.

Sets (JSONL, one post a line: ``id``, ``lang``, ``labels``, ``kind``,
``split``, ``text``):

* ``benchmarks/data/flags_set/dev.jsonl`` and ``test.jsonl`` — the main set,
  written by writers who never saw the rules (see its PROVENANCE.md).  The
  split was drawn before any rule was written.  **The test half is frozen**:
  it is scored, its misses are never printed (``--misses`` lists dev only);
* ``tests/fixtures/flags_eval.jsonl`` — the first set, written by the team
  that wrote the first rules (``legacy``): a regression check, not evidence;
* ``benchmarks/data/hatecheck/`` — HateCheck (en) and Multilingual HateCheck
  (ar, fr, es, zh), CC BY 4.0: per functionality, the share of cases a
  harassment or threat flag fires on.  Measured, never trained or tuned on.

Kinds: ``positive``, ``evasion`` (the cue hidden on purpose),
``hard_negative`` (shares words or shape with a flaggable post) and
``negative``.  A post counts once per category: predicted when any flag of
that category fires.

* ``engine``   — what meetwatch flags: the shipped rules and the scorer;
* ``rules``    — the shipped rules alone (no scorer);
* ``baseline`` — plain substring matching of the rules' literal terms on the
  lower-cased text (no normalisation, no context, no lexicon expansion).

    python benchmarks/flags_eval.py                 # every set and HateCheck
    python benchmarks/flags_eval.py --misses        # the dev half's mistakes
    python benchmarks/flags_eval.py --json          # one JSON summary
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetwatch.core.flags import CATEGORIES, FlagConfig, FlagEngine, Rule, load_engine  # noqa: E402
from meetwatch.core.flags.rules import MENTION  # noqa: E402

SET_DIR = ROOT / "benchmarks" / "data" / "flags_set"
LEGACY_SET = ROOT / "tests" / "fixtures" / "flags_eval.jsonl"
HATECHECK_DIR = ROOT / "benchmarks" / "data" / "hatecheck"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
HATECHECK_LANGUAGES = ("en", "ar", "fr", "es", "zh")
ABUSE = frozenset({"harassment", "threat"})
Predict = Callable[[dict[str, Any]], set[str]]


def load_set(path: Path = LEGACY_SET) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_split(split: str) -> list[dict[str, Any]]:
    """The main set's ``dev`` or ``test`` half."""
    return load_set(SET_DIR / f"{split}.jsonl")


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

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    by_category: dict[str, Counts] = field(default_factory=dict)
    by_language: dict[str, Counts] = field(default_factory=dict)
    by_cell: dict[tuple[str, str], Counts] = field(default_factory=dict)  # (category, language)
    total: Counts = field(default_factory=Counts)
    posts: int = 0
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0
    negatives: int = 0
    negatives_flagged: int = 0
    evasions: int = 0
    evasions_caught: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # id, what, text

    def as_dict(self) -> dict[str, Any]:
        return {
            "posts": self.posts,
            "total": self.total.as_dict(),
            "by_category": {c: v.as_dict() for c, v in self.by_category.items()},
            "by_language": {lang: v.as_dict() for lang, v in self.by_language.items()},
            "hard_negatives": self.hard_negatives, "hard_negatives_flagged": self.hard_negatives_flagged,
            "negatives": self.negatives, "negatives_flagged": self.negatives_flagged,
            "evasions": self.evasions, "evasions_caught": self.evasions_caught,
        }


def score(rows: Iterable[dict[str, Any]], predict: Predict) -> Scores:
    s = Scores({c: Counts() for c in CATEGORIES}, {lang: Counts() for lang in LANGUAGES},
               {(c, lang): Counts() for c in CATEGORIES for lang in LANGUAGES})
    for row in rows:
        s.posts += 1
        truth = set(row["labels"])
        got = predict(row)
        lang = str(row["lang"])
        for c in CATEGORIES:
            for counts in (s.by_category[c], s.by_language[lang], s.by_cell[(c, lang)], s.total):
                if c in got and c in truth:
                    counts.tp += 1
                elif c in got:
                    counts.fp += 1
                elif c in truth:
                    counts.fn += 1
        if row["kind"] == "hard_negative":
            s.hard_negatives += 1
            s.hard_negatives_flagged += bool(got)
        elif row["kind"] == "negative":
            s.negatives += 1
            s.negatives_flagged += bool(got)
        elif row["kind"] == "evasion":
            s.evasions += 1
            s.evasions_caught += truth <= got
        if got != truth:
            what = ", ".join([f"missed {c}" for c in sorted(truth - got)]
                             + [f"wrongly {c}" for c in sorted(got - truth)])
            s.misses.append((str(row["id"]), what, str(row["text"])))
    return s


def engine_predict(engine: FlagEngine, *, scorer: bool = True) -> Predict:
    def predict(row: dict[str, Any]) -> set[str]:
        hits = engine.scan(str(row["text"]), lang=str(row["lang"]), scorer=scorer)
        return {h.category for h in hits}
    return predict


def _present(term: str, text: str) -> bool:
    if term == MENTION:
        return "@" in text
    return term.replace("*", "") in text


def baseline_predict(rules: list[Rule]) -> Predict:
    """Substring matching of the same literal term lists (see the module docstring)."""
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

    def predict(row: dict[str, Any]) -> set[str]:
        raw = str(row["text"])
        text = raw.lower()
        return {r.category for r in rules if fires(r, text, raw)}
    return predict


# -- HateCheck ------------------------------------------------------------------------


def load_hatecheck(lang: str, *, keep_disagreements: bool = False) -> list[dict[str, str]]:
    """One language's HateCheck cases (MHC cases whose annotators' majority
    disagreed with the gold label are left out unless asked for)."""
    with gzip.open(HATECHECK_DIR / f"{lang}.csv.gz", "rb") as fh:
        rows = list(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8")))
    if not keep_disagreements:
        rows = [r for r in rows if r["disagreement_in_case"] != "True"]
    return rows


@dataclass
class HateCheck:
    # (language, functionality) -> [cases, flagged]
    cells: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    hateful: dict[str, bool] = field(default_factory=dict)  # functionality -> hateful?

    def rate(self, langs: Iterable[str] | None = None, funcs: Iterable[str] | None = None,
             hateful: bool | None = None) -> tuple[float, int]:
        langs = set(langs) if langs is not None else None
        funcs = set(funcs) if funcs is not None else None
        n = k = 0
        for (lang, func), (cases, flagged) in self.cells.items():
            if (langs is None or lang in langs) and (funcs is None or func in funcs) and (
                    hateful is None or self.hateful[func] == hateful):
                n += cases
                k += flagged
        return (k / n if n else 0.0), n

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, langs in (("all", None), *((lang, [lang]) for lang in HATECHECK_LANGUAGES)):
            h, nh_ = self.rate(langs, hateful=True)
            nh, nn = self.rate(langs, hateful=False)
            td, _ = self.rate(langs, ["threat_dir_h"])
            tn, _ = self.rate(langs, ["threat_norm_h"])
            out[name] = {"hateful_caught": round(h, 4), "hateful_cases": nh_,
                         "non_hateful_flagged": round(nh, 4), "non_hateful_cases": nn,
                         "threat_dir_caught": round(td, 4), "threat_norm_caught": round(tn, 4)}
        funcs = sorted({f for _, f in self.cells})
        out["functionalities"] = {f: {lang: round(self.rate([lang], [f])[0], 4)
                                      for lang in HATECHECK_LANGUAGES if (lang, f) in self.cells}
                                  for f in funcs}
        return out


def run_hatecheck(engine: FlagEngine, *, scorer: bool = True) -> HateCheck:
    hc = HateCheck()
    for lang in HATECHECK_LANGUAGES:
        for row in load_hatecheck(lang):
            func = row["functionality"]
            hc.hateful[func] = row["label_gold"] == "hateful"
            hits = engine.scan(row["test_case"], lang=lang, scorer=scorer)
            cell = hc.cells[(lang, func)]
            cell[0] += 1
            cell[1] += any(h.category in ABUSE for h in hits)
    return hc


# -- printing -------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def report(name: str, scores: dict[str, Scores]) -> None:
    names = list(scores)
    print(f"\n== {name}: precision / recall (%) ==")
    print(f"{'':14}" + "".join(f"{n + ' P':>11}{'R':>7}" for n in names) + f"{'n':>6}")

    def line(label: str, pick: Callable[[Scores], Counts]) -> None:
        first = pick(scores[names[0]])
        print(f"{label:14}" + "".join(f"{_pct(pick(s).precision):>11}{_pct(pick(s).recall):>7}"
                                      for s in scores.values()) + f"{first.tp + first.fn:>6}")

    for c in CATEGORIES:
        line(c, lambda s, c=c: s.by_category[c])
    print()
    for lang in LANGUAGES:
        line(lang, lambda s, lang=lang: s.by_language[lang])
    print()
    line("all", lambda s: s.total)
    for label, n_attr, k_attr in (("hard negatives flagged", "hard_negatives", "hard_negatives_flagged"),
                                  ("negatives flagged", "negatives", "negatives_flagged"),
                                  ("evasions caught", "evasions", "evasions_caught")):
        print(f"{label + ':':24}" + ", ".join(
            f"{n} {getattr(s, k_attr)}/{getattr(s, n_attr)}" for n, s in scores.items()))


def report_cells(name: str, s: Scores) -> None:
    print(f"\n== {name}: recall (%) per category and language ==")
    print(f"{'':14}" + "".join(f"{lang:>7}" for lang in LANGUAGES))
    for c in CATEGORIES:
        print(f"{c:14}" + "".join(
            f"{_cell(s.by_cell[(c, lang)]):>7}" for lang in LANGUAGES))


def _cell(counts: Counts) -> str:
    return _pct(counts.recall) if counts.tp + counts.fn else "    -"


def report_gap(dev: Scores, test: Scores) -> None:
    print("\n== development – test gap in recall (points; positive: dev higher) ==")
    for c in CATEGORIES:
        d, t = dev.by_category[c].recall, test.by_category[c].recall
        print(f"{c:14}{100 * d:7.1f}{100 * t:7.1f}{100 * (d - t):+8.1f}")
    d, t = dev.total.recall, test.total.recall
    print(f"{'all':14}{100 * d:7.1f}{100 * t:7.1f}{100 * (d - t):+8.1f}")


def report_hatecheck(runs: dict[str, HateCheck]) -> None:
    print("\n== HateCheck (en) and Multilingual HateCheck (ar fr es zh): % of cases flagged "
          "harassment or threat ==")
    first = next(iter(runs.values()))
    funcs = sorted({f for _, f in first.cells}, key=lambda f: (not first.hateful[f], f))
    for name, hc in runs.items():
        print(f"-- {name}")
        print(f"{'functionality':28}" + "".join(f"{lang:>7}" for lang in HATECHECK_LANGUAGES) + f"{'all':>7}")
        for f in funcs:
            cells = [f"{_pct(hc.rate([lang], [f])[0]) if (lang, f) in hc.cells else '    -':>7}"
                     for lang in HATECHECK_LANGUAGES]
            print(f"{f:28}" + "".join(cells) + f"{_pct(hc.rate(None, [f])[0]):>7}")
        for label, kwargs in (("hateful caught", {"hateful": True}),
                              ("non-hateful flagged", {"hateful": False}),
                              ("threat_dir_h caught", {"funcs": ["threat_dir_h"]})):
            cells = [f"{_pct(hc.rate([lang], **kwargs)[0]):>7}"  # type: ignore[arg-type]
                     for lang in HATECHECK_LANGUAGES]
            print(f"{label.upper():28}" + "".join(cells)
                  + f"{_pct(hc.rate(None, **kwargs)[0]):>7}")  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", action="store_true",
                    help="list the mistakes on the dev half and the legacy set (never the test half)")
    ap.add_argument("--no-hatecheck", action="store_true", help="skip HateCheck")
    ap.add_argument("--only", choices=("dev", "test", "legacy"), action="append",
                    help="score only these parts (repeatable)")
    ap.add_argument("--lang", choices=LANGUAGES, action="append", help="only posts in these languages")
    ap.add_argument("--json", action="store_true", help="print one JSON summary instead of tables")
    args = ap.parse_args(argv)
    engine, problems = load_engine(FlagConfig.make())
    for p in problems:
        print(f"flag rules: {p}", file=sys.stderr)
    predictors: dict[str, Predict] = {
        "engine": engine_predict(engine), "rules": engine_predict(engine, scorer=False),
        "baseline": baseline_predict(engine.rules)}
    parts = {"dev": load_split("dev"), "test": load_split("test"), "legacy": load_set(LEGACY_SET)}
    if args.only:
        parts = {k: v for k, v in parts.items() if k in args.only}
    if args.lang:
        parts = {k: [r for r in v if r["lang"] in args.lang] for k, v in parts.items()}
    results = {part: {n: score(rows, p) for n, p in predictors.items()} for part, rows in parts.items()}
    hatecheck: dict[str, HateCheck] = {}
    if not args.no_hatecheck:
        hatecheck = {"engine": run_hatecheck(engine), "rules": run_hatecheck(engine, scorer=False)}
    if args.json:
        print(json.dumps({
            "rules": len(engine.rules),
            "sets": {part: {n: s.as_dict() for n, s in r.items()} for part, r in results.items()},
            "hatecheck": {n: hc.summary() for n, hc in hatecheck.items()},
        }, ensure_ascii=False))
        return 0
    print(f"{len(engine.rules)} rules; " + ", ".join(
        f"{k} {len(v)}" + (" (frozen)" if k == "test" else "") for k, v in parts.items()) + " posts")
    for part in parts:
        report(f"{part} ({len(parts[part])} posts)", results[part])
    for part in parts:
        report_cells(f"{part} (engine)", results[part]["engine"])
    if "dev" in parts and "test" in parts:
        report_gap(results["dev"]["engine"], results["test"]["engine"])
    if hatecheck:
        report_hatecheck(hatecheck)
    if args.misses:
        texts = {str(r["id"]): r for part in ("dev", "legacy") if part in parts for r in parts[part]}
        for part in ("dev", "legacy"):
            if part not in parts:
                continue
            print(f"\n== {part}: the engine's mistakes (rules that fired) ==")
            for rid, what, text in results[part]["engine"].misses:
                row = texts[rid]
                fired = sorted({h.rule for h in engine.scan(text, lang=str(row["lang"]))})
                print(f"  {rid:10} {what:34} {text[:160]!r}  {' '.join(fired)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
