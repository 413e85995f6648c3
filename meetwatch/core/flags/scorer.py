"""The learned scorer: a linear model over character n-grams and words, for
what patterns cannot reach (a threat with no threat word, an insult made of
ordinary words, a leak told by attribution).

It runs beside the rules on the same folded text (:mod:`.normalise`), so the
spellings the rules see through — case, accents, Arabic orthography,
homoglyphs, spaced-out letters — are seen through here too.  Features:

* character 4-grams of the words joined by single spaces (morphology,
  misspellings, Chinese and Arabic without word boundaries);
* whole words (``w:``) and, for Han text, character bigrams.

Binary features (an n-gram counts once) scaled by one over the square root
of the post's n-gram count; one logistic model per category, weights shipped in the package
(``scorer.json.gz``, trained by :mod:`.train` on the development half of the
labelled set only) with a threshold per category tuned there so that hard
negatives stay unflagged.  A scorer flag is never silent about why: its
evidence is the words whose n-grams pushed the score most, and its
description names them with the score.

Pure Python, no dependencies: a post costs one list of n-grams, one
membership test per n-gram and a few sums.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetwatch.core.flags.engine import MAX_EVIDENCE, Hit
from meetwatch.core.flags.normalise import Folded

WEIGHTS = Path(__file__).resolve().parent / "scorer.json.gz"
ORDER = 4  # characters per n-gram
TOP = 3  # n-grams named in a flag's explanation
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
_WORD = re.compile(r"\w+")
SCORER_RULE = "{category}.scorer"  # the rule id of a scorer flag
DESCRIPTIONS = {
    "threat": "The scorer reads a threat",
    "harassment": "The scorer reads abuse or hate",
    "leak": "The scorer reads a leak of confidential material",
    "indiscretion": "The scorer reads negotiation news that is not public yet",
    "pii": "The scorer reads personal data",
}


def features(text: str, words: list[str] | None = None) -> list[str]:
    """The features of a folded text (duplicates kept: callers use sets or
    counts as they need)."""
    if words is None:
        words = _WORD.findall(text)
    joined = " " + " ".join(words) + " "
    out = [joined[i:i + ORDER] for i in range(len(joined) - ORDER + 1)]
    out.extend("w:" + w for w in words if len(w) > 1)
    if not text.isascii():
        for run in _HAN.findall(text):
            out.extend("h:" + run[i:i + 2] for i in range(len(run) - 1))
    return out


@dataclass(slots=True)
class Scorer:
    categories: tuple[str, ...]
    bias: tuple[float, ...]
    thresholds: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per category
    meta: dict[str, Any]
    _keys: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self._keys = frozenset(self.weights)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Scorer:
        """The shipped weights; raises OSError or ValueError for a missing or
        broken file (the engine then runs on rules alone and says so)."""
        with gzip.open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scorer:
        cats = tuple(data["categories"])
        n = len(cats)
        bias = tuple(float(b) for b in data["bias"])
        thresholds = tuple(float(t) for t in data["thresholds"])
        weights = {str(k): tuple(float(x) for x in v) for k, v in data["features"].items()}
        if len(bias) != n or len(thresholds) != n or any(len(v) != n for v in weights.values()):
            raise ValueError("scorer weights: one bias, threshold and weight per category expected")
        return cls(cats, bias, thresholds, weights, dict(data.get("meta", {})))

    def to_dict(self) -> dict[str, Any]:
        return {"categories": list(self.categories), "bias": list(self.bias),
                "thresholds": list(self.thresholds), "meta": self.meta,
                "features": {k: list(v) for k, v in sorted(self.weights.items())}}

    def scores(self, text: str, words: list[str] | None = None) -> dict[str, float]:
        """Probability per category for a folded text."""
        feats = features(text, words)
        norm = 1.0 / math.sqrt(len(feats)) if feats else 0.0  # all n-grams, repeats included
        w = self.weights
        rows = [w[g] for g in self._keys.intersection(feats)]  # each weighted n-gram once
        sums = list(map(sum, zip(*rows, strict=True))) if rows else [0.0] * len(self.categories)
        return {c: _sigmoid(b + norm * x) for c, b, x in zip(self.categories, self.bias, sums, strict=True)}

    def strongest(self, text: str, category: str, words: list[str] | None = None
                  ) -> list[tuple[str, float]]:
        """The words of the post (or pairs of Han characters) that pushed
        ``category`` up most, strongest first: a word counts its own weight
        and those of its character n-grams."""
        i = self.categories.index(category)
        if words is None:
            words = _WORD.findall(text)
        w = self.weights
        by_word: dict[str, float] = {}
        for word in dict.fromkeys(words):
            padded = f" {word} "
            grams = {padded[k:k + ORDER] for k in range(len(padded) - ORDER + 1)}
            grams.add("w:" + word)
            by_word[word] = sum(w[g][i] for g in grams if g in w)
        if not text.isascii():
            for run in _HAN.findall(text):
                for k in range(len(run) - 1):
                    pair = run[k:k + 2]
                    if ("h:" + pair) in w:
                        by_word[pair] = by_word.get(pair, 0.0) + w["h:" + pair][i]
        found = [(word, v) for word, v in by_word.items() if v > 0]
        return sorted(found, key=lambda p: (-p[1], p[0]))[:TOP]

    def hits(self, f: Folded, words: list[str], *, exclude: set[str] | frozenset[str] = frozenset(),
             lang: str | None = None) -> list[Hit]:
        """A hit for each category over its threshold that no rule caught."""
        scores = self.scores(f.text, words)
        out: list[Hit] = []
        for category, threshold in zip(self.categories, self.thresholds, strict=True):
            p = scores[category]
            if p < threshold or category in exclude:
                continue
            top = self.strongest(f.text, category, words)
            spans = _spans(f, [g for g, _ in top])
            evidence = " … ".join(dict.fromkeys(f.original[s:e] for s, e in spans))[:MAX_EVIDENCE]
            named = ", ".join(f"“{word}”" for word, _ in top)
            severity = "high" if category == "threat" and p >= 0.9 else "medium"
            out.append(Hit(
                SCORER_RULE.format(category=category), category, severity,
                f"{DESCRIPTIONS.get(category, 'The scorer reads ' + category)} "
                f"(score {p:.2f} ≥ {threshold:.2f}; strongest: {named})",
                evidence or f.original[:80], spans, [g for g, _ in top], [], lang, severity,
                [f"model score {p:.2f}"]))
        return out


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _spans(f: Folded, words: list[str]) -> list[tuple[int, int]]:
    """Original spans of the words named in an explanation, for the evidence
    and the underlining."""
    out: list[tuple[int, int]] = []
    for word in words:
        pattern = re.escape(word) if _HAN.match(word) else rf"(?<!\w){re.escape(word)}(?!\w)"
        m = re.search(pattern, f.text)
        if m is not None:
            out.append(f.span(*m.span()))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(set(out)):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
