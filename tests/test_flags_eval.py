"""The labelled sets and what the flags achieve on them.

* the main set (benchmarks/data/flags_set/): its frozen test half is the
  file drawn on 2026-12-04 (checked by hash), it covers every language,
  category and kind, no post is in two of its files, and the trainer refuses
  the test half;
* regression floors: the figures `python benchmarks/flags_eval.py` printed
  when these were set, less a margin — a change that loses ground on the
  frozen half, the dev half, the team's first set or HateCheck fails here.
  They are floors, not the issue's targets (see the README's table).
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from benchmarks.flags_eval import (
    LANGUAGES,
    SET_DIR,
    Scores,
    baseline_predict,
    engine_predict,
    load_set,
    load_split,
    run_hatecheck,
    score,
)
from meetwatch.core.flags import CATEGORIES, FlagConfig, load_engine
from meetwatch.core.flags import train as trainer

TEST_SHA256 = "5d9290cb205c0a47a470596069d43d0da7850e483eba19a9e62c6f31efed2fbd"
LEGACY = load_set()
DEV = load_split("dev")
TEST = load_split("test")


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    engine, problems = load_engine(FlagConfig.make())
    assert problems == ()
    return engine


def test_the_test_half_is_the_frozen_file() -> None:
    assert hashlib.sha256((SET_DIR / "test.jsonl").read_bytes()).hexdigest() == TEST_SHA256


def test_the_set_covers_every_language_category_and_kind() -> None:
    assert len(DEV) + len(TEST) >= 2000
    for part in (DEV, TEST):
        assert all(r["split"] in ("dev", "test") for r in part)
        for lang in LANGUAGES:
            rows = [r for r in part if r["lang"] == lang]
            assert len(rows) >= 150, lang
            assert {c for r in rows for c in r["labels"]} == set(CATEGORIES), lang
            kinds = Counter(r["kind"] for r in rows)
            assert set(kinds) == {"positive", "evasion", "hard_negative", "negative"}, lang
            assert kinds["hard_negative"] >= 0.25 * len(rows), lang
    texts = [" ".join(r["text"].split()).casefold()
             for r in DEV + TEST + load_set(SET_DIR / "train.jsonl")]
    assert len(texts) == len(set(texts))  # no post in two files


def test_the_trainer_refuses_the_test_half() -> None:
    with pytest.raises(SystemExit, match="frozen test half"):
        trainer.load([SET_DIR / "test.jsonl"])


@pytest.fixture(scope="module")
def scores(engine) -> dict[str, Scores]:  # type: ignore[no-untyped-def]
    predict = engine_predict(engine)
    return {"dev": score(DEV, predict), "test": score(TEST, predict), "legacy": score(LEGACY, predict),
            "test_baseline": score(TEST, baseline_predict(engine.rules))}


def test_floors_on_the_frozen_half(scores: dict[str, Scores]) -> None:
    test = scores["test"]
    assert test.total.recall >= 0.43 and test.total.precision >= 0.84, test.total
    floors = {"leak": 0.48, "indiscretion": 0.44, "threat": 0.28, "harassment": 0.50, "pii": 0.34}
    for c, floor in floors.items():
        assert test.by_category[c].recall >= floor, (c, test.by_category[c])
    assert test.hard_negatives_flagged <= 0.085 * test.hard_negatives
    # the rules beat substring matching of their terms
    assert test.total.f1 > scores["test_baseline"].total.f1


def test_floors_on_the_dev_half_and_the_first_set(scores: dict[str, Scores]) -> None:
    dev, legacy = scores["dev"], scores["legacy"]
    assert dev.total.recall >= 0.74 and dev.total.precision >= 0.91, dev.total
    assert dev.hard_negatives_flagged <= 0.03 * dev.hard_negatives
    assert legacy.total.recall >= 0.97 and legacy.total.precision >= 0.97, legacy.total
    assert legacy.hard_negatives_flagged <= 2 and legacy.evasions_caught >= legacy.evasions - 1


def test_floors_on_hatecheck(engine) -> None:  # type: ignore[no-untyped-def]
    hc = run_hatecheck(engine)
    hateful, _ = hc.rate(hateful=True)
    non_hateful, _ = hc.rate(hateful=False)
    threats, _ = hc.rate(funcs=["threat_dir_h", "threat_norm_h"])
    assert hateful >= 0.31 and threats >= 0.30, (hateful, threats)
    assert non_hateful <= 0.17, non_hateful
    # counter-speech that quotes abuse stays mostly unflagged
    assert hc.rate(funcs=["counter_quote_nh"])[0] <= 0.15
