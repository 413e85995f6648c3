"""Flags: leaks, indiscretions, threats, harassment and personal data in
posts, found by rules that are data and explained by every hit.

* :mod:`.normalise` — folding for matching, with a map back to the original;
* :mod:`.rules` — the rule model and the TOML loader (never fatal);
* :mod:`.engine` — prefilter, per-rule logic, severity, hits;
* :mod:`.watchlist` — rules generated from a watch file's ``[flags]`` table;
* :mod:`.scorer` — the learned scorer beside the rules (weights shipped in
  ``scorer.json.gz``, trained by :mod:`.train` on the labelled set's
  development half);
* :mod:`.draft` — "check my draft": the leak, indiscretion and pii rules on
  the user's own text before it is posted.

:func:`load_engine` builds (once per configuration, per process) the engine
for a :class:`FlagConfig`: the shipped packs, the user's rule directories,
the watch file's watchlists, minus the disabled rule ids.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meetwatch.core.flags.draft import DRAFT_CATEGORIES, check_draft
from meetwatch.core.flags.engine import EncodedHit, FlagEngine, Hit, encode_hits, raise_for_author
from meetwatch.core.flags.rules import (
    CATEGORIES,
    SEVERITIES,
    LoadResult,
    Rule,
    load_file,
    matches_any,
    shipped_rule_files,
)
from meetwatch.core.flags.scorer import WEIGHTS, Scorer
from meetwatch.core.flags.watchlist import watch_rules

__all__ = [
    "CATEGORIES",
    "DRAFT_CATEGORIES",
    "SEVERITIES",
    "EncodedHit",
    "FlagConfig",
    "FlagEngine",
    "Hit",
    "Rule",
    "check_draft",
    "encode_hits",
    "load_engine",
    "raise_for_author",
]


@dataclass(frozen=True, slots=True)
class FlagConfig:
    """Where rules come from.  Picklable and hashable: the import's parsing
    process builds its own engine from the same configuration."""

    rule_dirs: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    watch_flags: str = "{}"  # the watch file's [flags] table, as JSON
    shipped: bool = True
    scorer: bool = True  # the learned scorer beside the rules

    @classmethod
    def make(cls, rule_dirs: list[str] | tuple[str, ...] = (), disabled: list[str] | tuple[str, ...] = (),
             watch_flags: dict[str, Any] | None = None, shipped: bool = True,
             scorer: bool = True) -> FlagConfig:
        return cls(tuple(rule_dirs), tuple(disabled),
                   json.dumps(watch_flags or {}, sort_keys=True, default=str), shipped, scorer)


def build_engine(config: FlagConfig) -> tuple[FlagEngine, list[str]]:
    """The engine for ``config`` and every problem met while loading it."""
    result = LoadResult()
    if config.shipped:
        for path in shipped_rule_files():
            load_file(path, result)
    for d in config.rule_dirs:
        p = Path(d)
        if p.is_file():
            load_file(p, result)
        elif p.is_dir():
            for path in sorted(p.glob("*.toml")):
                load_file(path, result)
        else:
            result.problems.append(f"{d}: rule directory not found")
    watch = json.loads(config.watch_flags)
    rules, problems = watch_rules(watch)
    result.rules.extend(rules)
    result.problems.extend(problems)
    disabled = set(config.disabled) | result.disabled
    if isinstance(watch.get("disable"), list):
        disabled.update(str(d) for d in watch["disable"])
    # a later file may redefine a rule id: the last definition wins
    by_id: dict[str, Rule] = {}
    for rule in result.rules:
        by_id[rule.id] = rule
    active = [r for r in by_id.values() if not matches_any(r.id, disabled)]
    scorer = None
    if config.scorer:
        try:
            scorer = Scorer.load()
        except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
            result.problems.append(f"scorer weights {WEIGHTS}: {exc}; flagging with the rules alone")
    # "threat.scorer", "*.scorer" or "threat.*" in disable switch the scorer off for those categories
    off = frozenset(c for c in CATEGORIES if matches_any(f"{c}.scorer", disabled))
    return FlagEngine(active, scorer, scorer_off=off), result.problems


@functools.lru_cache(maxsize=4)
def load_engine(config: FlagConfig) -> tuple[FlagEngine, tuple[str, ...]]:
    engine, problems = build_engine(config)
    return engine, tuple(problems)
