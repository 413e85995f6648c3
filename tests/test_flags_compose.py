"""Compositional rules: lexicons, three-slot frames, scoped negation,
quotation, raised severity, emoji terms and leetspeak — each on a small
rule file of its own, so the behaviour is pinned independently of the
shipped packs."""

from __future__ import annotations

from pathlib import Path

from meetwatch.core.flags import FlagConfig, build_engine
from meetwatch.core.flags.normalise import fold
from meetwatch.core.flags.rules import LoadResult, load_text

PACK = """
[lexicon.you]
en = ["you", "your"]
fr = ["toi", "vous"]

[lexicon.harm]
en = ["hurt", "kill*", "🔪"]
fr = ["tuer"]

[lexicon.intent]
en = ["will", "gonna"]
fr = ["vais"]

[lexicon.group]
en = ["migrants"]

[lexicon.derog]
en = ["disgusting"]

[lexicon.negation]
en = ["not", "don't", "never"]

[[rule]]
id = "threat.t.frame"
category = "threat"
severity = "high"
description = "harm x you x intent"
near.a = ["<mention>", "$you"]
near.b = ["$harm"]
near.c = ["$intent"]
near.window = 4
negation = ["$negation"]
quoted = false
raise_if = ["<mention>"]
examples.match = ["I will hurt you"]
examples.no_match = ["I hurt you"]

[[rule]]
id = "harassment.h.derog"
category = "harassment"
severity = "medium"
description = "group x derog"
near.a = ["$group"]
near.b = ["$derog"]
near.window = 3
negation = ["$negation"]
quoted = false
examples.match = ["migrants are disgusting"]
examples.no_match = ["migrants are not disgusting"]
"""


def _engine(tmp_path: Path, text: str = PACK):  # type: ignore[no-untyped-def]
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    engine, problems = build_engine(FlagConfig.make([str(path)], shipped=False, scorer=False))
    assert problems == []
    return engine


def _rules(engine, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.rule for h in engine.scan(text)}


def test_lexicons_expand_per_language_and_across_files(tmp_path: Path) -> None:
    result = LoadResult()
    load_text('[[rule]]\nid = "threat.x"\ndescription = "d"\nany.fr = ["$harm"]\n', "a.toml", result)
    load_text('[lexicon.harm]\nen = ["kill"]\nfr = ["tuer"]\n', "b.toml", result)  # loaded after the rule
    (rule,) = result.rules
    assert [t.text for t in rule.any] == ["tuer"]  # only the French terms
    assert result.problems == []


def test_a_users_file_adds_to_a_shipped_class(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text('[lexicon.insult]\nen = ["clownocrat"]\n', encoding="utf-8")
    engine, problems = build_engine(FlagConfig.make([str(user)], scorer=False))
    assert problems == []
    assert "harassment.insult.addressee" in _rules(engine, "@sr you clownocrat")
    assert "harassment.insult.addressee" in _rules(engine, "@sr you idiot")  # the shipped terms stay


def test_an_unknown_lexicon_is_reported_and_the_rule_skipped() -> None:
    result = LoadResult()
    load_text('[[rule]]\nid = "threat.x"\ndescription = "d"\nany = ["$nope"]\n', "a.toml", result)
    assert result.rules == []
    assert "unknown lexicon $nope" in result.problems[0]


def test_three_slots_must_all_be_near(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    assert "threat.t.frame" in _rules(engine, "I will hurt you")
    assert "threat.t.frame" in _rules(engine, "je vais te tuer toi")  # French terms from the same lexicons
    assert "threat.t.frame" not in _rules(engine, "I hurt you")  # no modality
    assert "threat.t.frame" not in _rules(engine, "I will go to the meeting and later, much much later, hurt")


def test_negation_cancels_only_the_occurrence_it_precedes(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    assert "threat.t.frame" not in _rules(engine, "I will never hurt you")
    assert "harassment.h.derog" not in _rules(engine, "migrants are not disgusting")
    # a negation elsewhere in the post does not save a second, plain occurrence
    assert "harassment.h.derog" in _rules(engine, "not me: migrants are disgusting")


def test_quoted_triggers_do_not_count_when_the_rule_says_so(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    assert "harassment.h.derog" not in _rules(engine, 'If you say "migrants are disgusting", you are wrong')
    assert "harassment.h.derog" not in _rules(engine, "« migrants are disgusting » is what he wrote")
    # an apostrophe is no quote
    assert "harassment.h.derog" in _rules(engine, "I'd say migrants are disgusting")


def test_a_mention_raises_the_severity_and_says_so(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    (hit,) = [h for h in engine.scan("@sr I will hurt you") if h.rule == "threat.t.frame"]
    assert hit.severity == "critical" and hit.base_severity == "high"
    assert any("target named" in a for a in hit.adjustments)


def test_an_emoji_term_matches_anywhere(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    (hit,) = [h for h in engine.scan("gonna 🔪 you") if h.rule == "threat.t.frame"]
    assert "🔪" in hit.evidence


def test_leetspeak_is_folded_between_letters_only() -> None:
    assert fold("u r g0nna g3t wh@t's c0ming").text == "u r gonna get what's coming"
    assert fold("1st OP7 g20 L.12 5G covid19").text == "1st op7 g20 l.12 5g covid19"
    f = fold("I h4te them")
    assert f.text == "i hate them" and f.steps(2, 6) == ["leet"]


def test_leet_raises_severity_as_an_evasion(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    (hit,) = [h for h in engine.scan("migrants are d1sgusting") if h.rule == "harassment.h.derog"]
    assert hit.severity == "high" and "leet" in hit.normalisations
    assert hit.evidence == "migrants … d1sgusting"  # as posted
