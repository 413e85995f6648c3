"""Normalisation before matching: evidence spans map back to the original
text exactly, through NFKC, case folding, zero-width removal, homoglyphs,
spaced-out words and Arabic orthography; evasions raise severity."""

from __future__ import annotations

import pytest

from meetwatch.core.flags import FlagConfig, load_engine
from meetwatch.core.flags.normalise import fold

ENGINE = load_engine(FlagConfig.make())[0]


@pytest.mark.parametrize(("text", "rule", "evidence", "steps"), [
    ("I wіll kіll you", "threat.kill.first_person", "I wіll kіll you", {"homoglyph"}),
    ("ok I w\u200bill kill you", "threat.kill.first_person", "I w\u200bill kill you", {"zero-width"}),
    ("Ｉ ＷＩＬＬ ＫＩＬＬ ＹＯＵ", "threat.kill.first_person", "Ｉ ＷＩＬＬ ＫＩＬＬ ＹＯＵ", {"fullwidth"}),
    ("We know where you l i v e.", "threat.doxx", "We know where you l i v e", {"spacing"}),
    ("NOT FOR C-I-R-C-U-L-A-T-I-O-N !", "leak.marking", "NOT FOR C-I-R-C-U-L-A-T-I-O-N", {"spacing"}),
    ("تسريب: مســودة القرار", "leak.draft", "تسريب … مســودة", {"tatweel"}),
    ("Straße: I WILL KILL YOU", "threat.kill.first_person", "I WILL KILL YOU", set()),
    ("ИСТОЧНИК: на закрытых консультациях Эстмарк выступил против", "leak.closed_attribution",
     "закрытых консультациях … выступил против", set()),
])
def test_evidence_is_the_original_text(text: str, rule: str, evidence: str, steps: set[str]) -> None:
    hits = {h.rule: h for h in ENGINE.scan(text)}
    assert rule in hits, sorted(hits)
    hit = hits[rule]
    assert hit.evidence == evidence
    assert " … ".join(text[s:e] for s, e in hit.spans) == evidence
    assert steps <= set(hit.normalisations)


def test_an_evasion_raises_the_severity_of_the_rule_it_hid() -> None:
    plain = {h.rule: h for h in ENGINE.scan("@x you are a liar")}["harassment.insult.directed"]
    hidden = {h.rule: h for h in ENGINE.scan("@x you are a l\u200bіar")}["harassment.insult.directed"]
    assert plain.severity == "medium"
    assert hidden.severity == "high"
    assert any("evasion" in a for a in hidden.adjustments)


def test_homoglyphs_fold_only_inside_mixed_script_words() -> None:
    # Real Russian stays Russian; a Latin word with Cyrillic look-alikes is folded.
    assert fold("я тебя убью").text == "я тебя убью"
    assert fold("kіll").text == "kill"
    assert "\u0430" in fold("Эстмарк").text or fold("Эстмарк").text == "эстмарк"


def test_chinese_matches_as_substrings_and_arabic_after_clitics() -> None:
    assert "threat.kill.first_person" in {h.rule for h in ENGINE.scan("我要杀了你们这些人")}
    hit = {h.rule: h for h in ENGINE.scan("وسنقتلك يا خائن")}["threat.kill.first_person"]
    assert hit.evidence == "وسنقتلك" and hit.language == "ar"


def test_reported_speech_and_idioms_do_not_flag() -> None:
    for text in ("We condemn the threats against the Special Rapporteur posted on this hashtag today.",
                 "Voy a matar el tiempo en la sala XX", "A killer report, honestly.",
                 "Informal consultations on draft resolution A/HRC/61/L.12/Rev.1 will be held on Tuesday",
                 "The report is embargoed until 14:00 CET on 3 March.",
                 "Council adopts resolution A/HRC/61/L.12/Rev.1 by a recorded vote of 24 in favour"):
        assert ENGINE.scan(text) == [], text


def test_map_is_exact_for_every_folded_character() -> None:
    text = "Ａb\u200bc ß É\u0301 مُسَوَّدَة ـ x"
    f = fold(text)
    for i in range(len(f.text)):
        s, e = f.span(i, i + 1)
        assert 0 <= s < e <= len(text)
