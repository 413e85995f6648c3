"""The learned scorer: training on a small set gives a model that tells its
positives from its negatives, a scorer flag explains itself, only fills in
for categories no rule caught, and can be switched off."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from meetwatch.core.flags import FlagConfig, build_engine
from meetwatch.core.flags.engine import FlagEngine
from meetwatch.core.flags.normalise import fold
from meetwatch.core.flags.scorer import Scorer, features
from meetwatch.core.flags.train import fit, main, vectorise

THREATS = ["you will not see another session, traitor", "your family will pay for your report",
           "enjoy your last week in geneva", "we will find your hotel and finish this",
           "nobody will find the body of that rapporteur", "keep talking and you'll end up in the lake"]
PLAIN = ["the session opens at ten in room twenty", "great panel on water and sanitation",
         "coffee queue is endless again", "the report on housing is out, read it",
         "vote on the budget resolution this afternoon", "thanks to the interpreters for today"]


def _rows() -> list[dict[str, object]]:
    return ([{"text": t, "labels": ["threat"], "kind": "positive"} for t in THREATS]
            + [{"text": t, "labels": [], "kind": "hard_negative"} for t in PLAIN])


def test_features_are_char_ngrams_and_words_of_the_folded_text() -> None:
    feats = features(fold("Kill Bill").text)
    assert " kil" in feats and "w:bill" in feats and "ll b" in feats
    assert "h:人权" in features("人权理事会")


def test_training_separates_a_small_set() -> None:
    examples = [(vectorise(str(r["text"])), set(r["labels"])) for r in _rows()]  # type: ignore[arg-type]
    assert examples[0][0][1] >= len(examples[0][0][0])  # n-grams counted with repeats
    bias, weights = fit(examples, ["threat"], epochs=30, l1=0.0)
    model = Scorer(("threat",), (bias[0],), (0.5,), {g: tuple(w) for g, w in weights.items()}, {})
    pos = [model.scores(fold(t).text)["threat"] for t in THREATS]
    neg = [model.scores(fold(t).text)["threat"] for t in PLAIN]
    assert min(pos) > max(neg)


def test_the_trainer_writes_a_loadable_deterministic_file(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _rows()) + "\n", encoding="utf-8")
    out1, out2 = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    for out in (out1, out2):
        assert main(["--data", str(data), "--tune", str(data), "--out", str(out), "--epochs", "5",
                     "--l1", "0"]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    model = Scorer.load(out1)
    assert model.categories == ("threat",) and model.meta["posts"] == len(_rows())
    with gzip.open(out1) as fh:
        assert json.loads(fh.read())["thresholds"][0] >= 0.2


def test_a_scorer_flag_explains_itself_and_fills_in_only_for_rules() -> None:
    engine, problems = build_engine(FlagConfig.make(shipped=False))
    assert problems == [] and engine.scorer is not None
    threshold = dict(zip(engine.scorer.categories, engine.scorer.thresholds, strict=True))["threat"]
    texts = ["you will not make it home after the vote, keep talking",
             "your kids walk to school alone, right? would be sad", "we will find you, rapporteur"]
    hits = [h for t in texts for h in engine.scan(t) if h.rule == "threat.scorer"]
    assert hits, "the shipped scorer reads none of three plain threats"
    for h in hits:
        assert h.category == "threat" and h.evidence and h.terms
        assert "strongest:" in h.description and f"≥ {threshold:.2f}" in h.description
    # a category a rule caught is not flagged again by the scorer
    full, _ = build_engine(FlagConfig.make())
    for t in texts:
        rules = {h.category for h in full.scan(t) if not h.rule.endswith(".scorer")}
        assert not rules & {h.category for h in full.scan(t) if h.rule.endswith(".scorer")}


def test_the_scorer_can_be_switched_off(tmp_path: Path) -> None:
    on, _ = build_engine(FlagConfig.make(shipped=False))
    off, _ = build_engine(FlagConfig.make(shipped=False, watch_flags={"disable": ["*.scorer"]}))
    rules_only, _ = build_engine(FlagConfig.make(shipped=False, scorer=False))
    text = "we will find you, rapporteur"
    assert any(h.rule == "threat.scorer" for h in on.scan(text))
    assert off.scan(text) == [] and rules_only.scan(text) == []
    assert isinstance(rules_only, FlagEngine) and rules_only.scorer is None
