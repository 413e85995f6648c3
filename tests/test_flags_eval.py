"""The labelled evaluation set (tests/fixtures/flags_eval.jsonl): the shipped
rules must keep their precision and recall in every category and language,
leave the hard negatives alone, see through the evasions, and beat plain
substring matching of their own terms.  `python benchmarks/flags_eval.py`
prints the figures."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.flags_eval import (
    LANGUAGES,
    Scores,
    baseline_predict,
    engine_predict,
    load_set,
    score,
)
from meetwatch.core.flags import CATEGORIES, FlagConfig, load_engine

ROWS = load_set()


@pytest.fixture(scope="module")
def scores() -> tuple[Scores, Scores]:
    engine, problems = load_engine(FlagConfig.make())
    assert not problems
    return score(ROWS, engine_predict(engine)), score(ROWS, baseline_predict(engine.rules))


def test_the_set_covers_every_language_category_and_kind() -> None:
    assert len(ROWS) >= 300
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    langs = Counter(r["lang"] for r in ROWS)
    assert set(langs) == set(LANGUAGES) and min(langs.values()) >= 40
    for lang in LANGUAGES:
        labels = {c for r in ROWS if r["lang"] == lang for c in r["labels"]}
        assert labels == set(CATEGORIES), lang
        kinds = {r["kind"] for r in ROWS if r["lang"] == lang}
        assert kinds == {"positive", "hard_negative", "negative", "evasion"}, lang
    assert sum(r["split"] == "held_out" for r in ROWS) >= 60


@pytest.mark.parametrize("category", CATEGORIES)
def test_precision_and_recall_per_category(scores: tuple[Scores, Scores], category: str) -> None:
    c = scores[0].by_category[category]
    assert c.precision >= 0.95 and c.recall >= 0.9, (category, c)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_precision_and_recall_per_language(scores: tuple[Scores, Scores], lang: str) -> None:
    c = scores[0].by_language[lang]
    assert c.precision >= 0.95 and c.recall >= 0.9, (lang, c)


def test_hard_negatives_evasions_and_the_baseline(scores: tuple[Scores, Scores]) -> None:
    engine, base = scores
    assert engine.hard_negatives_flagged <= 2, [m for m in engine.misses if "wrongly" in m[1]]
    assert engine.evasions_caught >= engine.evasions - 1
    assert engine.total.f1 >= base.total.f1 + 0.1
    assert base.hard_negatives_flagged > engine.hard_negatives_flagged


def test_held_out_split_holds_up() -> None:
    engine, _ = load_engine(FlagConfig.make())
    held = score([r for r in ROWS if r["split"] == "held_out"], engine_predict(engine))
    assert held.total.precision >= 0.9 and held.total.recall >= 0.9, held.total
