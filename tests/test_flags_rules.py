"""Flag rules: every shipped rule's embedded examples, the loader's handling
of broken and hostile rule files, the regex guard, and fuzzed input."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from meetwatch.core.flags import CATEGORIES, SEVERITIES, FlagConfig, build_engine, load_engine
from meetwatch.core.flags.rules import (
    LANGUAGES,
    LoadResult,
    RuleError,
    compile_safe,
    load_file,
    shipped_rule_files,
)

ENGINE, PROBLEMS = load_engine(FlagConfig.make())


def _shipped_rules() -> list[object]:
    result = LoadResult()
    for path in shipped_rule_files():
        load_file(path, result)
    return result.rules


RULES = _shipped_rules()
MATCH = [(r.id, ex) for r in RULES for ex in r.examples_match]  # type: ignore[attr-defined]
NO_MATCH = [(r.id, ex) for r in RULES for ex in r.examples_no_match]  # type: ignore[attr-defined]


def test_shipped_packs_load_without_problems() -> None:
    assert PROBLEMS == ()
    assert len(RULES) >= 15
    assert {r.category for r in RULES} == set(CATEGORIES)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("rule_id", "text"), MATCH, ids=[f"{r}:{i}" for i, (r, _) in enumerate(MATCH)])
def test_rule_example_matches(rule_id: str, text: str) -> None:
    hits = {h.rule: h for h in ENGINE.scan(text)}
    assert rule_id in hits, f"{rule_id} should flag {text!r}; got {sorted(hits)}"
    hit = hits[rule_id]
    assert hit.category in CATEGORIES and hit.severity in SEVERITIES
    assert hit.description and hit.evidence
    for s, e in hit.spans:
        assert text[s:e] in hit.evidence  # evidence is the original text


@pytest.mark.parametrize(("rule_id", "text"), NO_MATCH,
                         ids=[f"{r}:{i}" for i, (r, _) in enumerate(NO_MATCH)])
def test_rule_example_does_not_match(rule_id: str, text: str) -> None:
    assert rule_id not in {h.rule for h in ENGINE.scan(text)}


def test_every_rule_has_examples_both_ways() -> None:
    for r in RULES:
        assert r.examples_match and r.examples_no_match, r.id  # type: ignore[attr-defined]


def test_lexical_rules_cover_six_languages() -> None:
    """Term rules carry terms in all six UN languages (regex rules are script-neutral);
    a rule whose id ends in a language code is that language's own (a lexicon file's)."""
    for r in RULES:
        terms = [t for _, t in r.terms() if _ in ("any", "a", "b")]  # type: ignore[attr-defined]
        if not terms or r.id == "leak.attachment" or r.id.rsplit(".", 1)[-1] in LANGUAGES:  # type: ignore[attr-defined]
            continue
        langs = {t.lang for t in terms}
        assert set(LANGUAGES) <= langs or "*" in langs, (r.id, sorted(langs))  # type: ignore[attr-defined]


# -- user rule files ----------------------------------------------------------------

GOOD = '''
disable = ["harassment.insult.directed"]
[[rule]]
id = "leak.custom.codeword"
category = "leak"
severity = "critical"
description = "Our codeword for the draft"
any.en = ["blue folder"]
examples.match = ["the blue folder is out"]
examples.no_match = ["a folder"]
'''

BROKEN = '''
[[rule]]
id = "threat.bad_category"
category = "spam"
description = "x"
any = ["x"]

[[rule]]
id = "leak.evil_regex"
description = "catastrophic"
regex = '(a+)+$'

[[rule]]
id = "leak.no_description"
any = ["y"]

[[rule]]
id = "leak.ok_one"
description = "still loads"
any = ["zebra crossing"]
'''


def test_user_rules_directory_adds_and_disables(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(GOOD, encoding="utf-8")
    engine, problems = build_engine(FlagConfig.make([str(tmp_path)]))
    assert problems == []
    assert "leak.custom.codeword" in {h.rule for h in engine.scan("The Blue Folder is out")}
    assert "harassment.insult.directed" not in engine.by_id


def test_broken_rules_are_reported_with_file_and_id_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "notoml.toml").write_text("[[rule]\nid = ", encoding="utf-8")
    engine, problems = build_engine(FlagConfig.make([str(tmp_path)]))
    text = "\n".join(problems)
    assert "broken.toml: rule 'threat.bad_category'" in text
    assert "broken.toml: rule 'leak.evil_regex'" in text and "nested quantifiers" in text
    assert "broken.toml: rule 'leak.no_description'" in text
    assert "notoml.toml: not valid TOML" in text
    assert "leak.ok_one" in engine.by_id  # the good rule in the broken file still loads
    assert "threat.doxx" in engine.by_id  # and the shipped packs are untouched


def test_disable_by_glob_and_watch_table() -> None:
    engine, _ = build_engine(FlagConfig.make(disabled=["threat.*"], watch_flags={"disable": ["pii.email"]}))
    assert not [r for r in engine.by_id if r.startswith("threat.")]
    assert "pii.email" not in engine.by_id and "pii.phone" in engine.by_id


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a*)*b", r"(\w+\s?)*$", r"(a|aa)+", r"(x+x+)+y",
                                     r"(\d+)\1", "a" * 500])
def test_dangerous_regexes_are_rejected(pattern: str) -> None:
    with pytest.raises(RuleError):
        compile_safe(pattern)


@pytest.mark.parametrize("pattern", [r"(?:/[A-Za-z0-9.]+)*/R\.\d+", r"\+\d{1,3}(?:[ .\-]?\d{1,4}){2,6}",
                                     r"(?:foo|bar)+", r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*"])
def test_safe_regexes_are_accepted(pattern: str) -> None:
    compile_safe(pattern)


# -- hostile input -------------------------------------------------------------------

_ALPHABET = ("abcdefghijklmnopqrstuvwxyz @#.:/+-_*'\"\n\t0123456789"
             "éàçßİıΣσςёйабвгдежзийклмнопрстуфхцчшщъыьэюя"
             "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآءئؤـًٌٍَُِّْ"
             "我们知道你住在哪里草案全文泄露不得分发"
             "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u0301\u0308ＫＩＬＬ𝐤𝐢𝐥𝐥①")


def test_fuzz_random_unicode_never_crashes() -> None:
    rng = random.Random(61)
    engine = ENGINE
    for _ in range(3000):
        n = rng.randint(0, 300)
        if rng.random() < 0.5:
            text = "".join(rng.choice(_ALPHABET) for _ in range(n))
        else:
            text = "".join(chr(rng.randint(0, 0x2FFFF)) for _ in range(n))
            text = text.encode("utf-8", "replace").decode("utf-8", "replace")
        for hit in engine._scan(text, None, None):  # the unguarded path: must not raise either
            for s, e in hit.spans:
                assert 0 <= s <= e <= len(text)


def test_pathological_input_is_fast() -> None:
    texts = ["a " * 10_000, "@" * 20_000, "+4" * 10_000, "k i l l " * 2_500, "ـ" * 20_000,
             "我" * 20_000, "you " * 4_000 + "idiot", "you idiot " * 2_000, "@a idiot " * 2_000,
             "骗子你" * 6_000, "هل أنت غبي " * 1_500]
    start = time.perf_counter()
    for t in texts:
        ENGINE.scan(t)
    assert time.perf_counter() - start < 5.0
