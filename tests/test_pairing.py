"""Pairing official statements with civil-society answers: the pure rules,
the labelled set end to end, incremental and out-of-order arrival, replay,
the pairs command and the bundled session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetwatch.cli import main
from meetwatch.core.pairing import Doc, PairingSettings, direct, names_of, terms, topical
from tests.pairing_labels import LABELS, POSTS, PROGRAMME, number_of, score
from tests.sessionkit import WATCH_ACCOUNTS, write

SAMPLE = Path(__file__).parent.parent / "sample_streams"


def doc(i: int, category: str, minute: int, text: str, **kw: object) -> Doc:
    base: dict[str, object] = dict(id=i, uid=f"u{i}", author=f"@a{i}@x.example", category=category,
                                   created_at=f"2026-03-03T10:{minute:02d}:00.000Z", text=text,
                                   agenda_item="4")
    base.update(kw)
    return Doc(**base)  # type: ignore[arg-type]


def flat(_: str) -> float:
    return 1.0


def test_terms_fold_stem_and_skip_noise() -> None:
    assert terms("Détention ARBITRAIRE of lawyers https://x.example #HRC61 @someone") == {
        "detenti", "arbitra", "lawyer"}
    assert terms("岚山代表团") == {"岚山", "山代", "代表", "表团"}


def test_names_from_handle_country_and_organisation() -> None:
    d = doc(1, "official", 0, "", author="@valdoria_mission@diplo.example", country="Valdoria")
    assert names_of(d)[:2] == ["Valdoria", "valdoria_mission"]
    assert "estmark" in names_of(doc(2, "official", 0, "", author="estmark-geneva.bsky.example"))


def test_direct_needs_an_official_statement_and_a_civil_society_answer() -> None:
    s = doc(1, "official", 0, "x")
    assert direct(s, doc(2, "civil_society", 1, "y", reply_to="u1")).kind == "reply"
    assert direct(s, doc(2, "civil_society", 1, "y", quote_of="u1")).kind == "quote"
    assert direct(s, doc(2, "media", 1, "y", quote_of="u1")) is None
    assert direct(s, doc(2, "other", 1, "y", reply_to="u1")) is None
    assert direct(doc(1, "civil_society", 0, "x"), doc(2, "civil_society", 1, "y",
                                                        reply_to="u1")) is None


def test_topical_rules_and_reason() -> None:
    s = doc(1, "official", 0, "Valdoria never detained protesters; detainees see lawyers",
            country="Valdoria")
    answer = doc(2, "civil_society", 30, "Valdoria says detainees see lawyers: false")
    p = topical(s, answer, flat)
    assert p is not None and p.kind == "topical"
    assert p.reason.startswith("topical: same item 4, names Valdoria, shares terms: detaine, lawyer")
    assert p.reason.endswith(f"({p.score:.2f})")
    # no shared key term: an announcement
    assert topical(s, doc(2, "civil_society", 30, "Side event on Valdoria at 13:00"), flat) is None
    # another item and no shared hashtag; or before the statement; or past the window
    assert topical(s, doc(2, "civil_society", 30, answer.text, agenda_item="6"), flat) is None
    assert topical(doc(1, "official", 40, s.text, country="Valdoria"), answer, flat) is None
    short = PairingSettings(window_s=600)
    assert topical(s, answer, flat, short) is None
    # a shared item hashtag links posts off the programme; the meeting's own does not
    untagged = {"agenda_item": None, "hashtags": ("hrc61",)}
    s2 = doc(1, "official", 0, s.text, country="Valdoria", **untagged)
    a2 = doc(2, "civil_society", 30, answer.text, **untagged)
    assert topical(s2, a2, flat, PairingSettings(meeting_hashtags=("HRC61",))) is None
    assert topical(s2, a2, flat).reason.startswith("topical: same hashtag #hrc61")
    # media never answers
    assert topical(s, doc(2, "media", 30, answer.text), flat) is None


def _watch(tmp_path: Path) -> Path:
    (tmp_path / "prog.toml").write_text(PROGRAMME, encoding="utf-8")
    w = tmp_path / "w.toml"
    w.write_text('[meeting]\nname = "T"\nhashtags = ["HRC61"]\nprogramme = "prog.toml"\n'
                 + WATCH_ACCOUNTS, encoding="utf-8")
    return w


def _pairs(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["pairs", "--db", str(db), "--json"]) == 0
    return [json.loads(r) for r in capsys.readouterr().out.splitlines()]


def _found(rows: list[dict[str, object]]) -> set[tuple[int, int, str]]:
    return {(number_of(str(r["statement"])), number_of(str(r["response"])), str(r["kind"]))
            for r in rows}


def test_labelled_set_precision_and_recall(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "log.db"
    assert main(["import", "--db", str(db), "--watch", str(_watch(tmp_path)),
                 str(write(tmp_path / "s.jsonl", POSTS))]) == 0
    rows = _pairs(db, capsys)
    assert set(rows[0]) >= {"statement", "response", "reason", "score", "kind",
                            "statement_author", "response_author", "agenda_item"}
    result = score(_found(rows))
    assert result["reply"] == {"precision": 1.0, "recall": 1.0, "found": 3.0, "labelled": 3.0}
    assert result["quote"]["precision"] == 1.0 and result["quote"]["recall"] == 1.0
    assert result["topical"]["recall"] >= 0.8
    assert result["all"]["precision"] >= 0.85
    # no distractor is ever an answer
    assert not {r for _, r, _ in _found(rows)} & {40, 41, 42, 50, 51, 52, 60, 61, 70, 71, 72}


def test_pairs_grow_incrementally_in_any_order(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Answers stored before their statements (another network's file first)
    pair when the statements arrive; the result equals one import."""
    answers = [p for p in POSTS if int(str(p["id"])) >= 10]
    statements = [p for p in POSTS if int(str(p["id"])) < 10]
    db = tmp_path / "log.db"
    watch = str(_watch(tmp_path))
    assert main(["import", "--db", str(db), "--watch", watch,
                 str(write(tmp_path / "a.jsonl", answers))]) == 0
    assert _pairs(db, capsys) == []
    assert main(["import", "--db", str(db), "--watch", watch,
                 str(write(tmp_path / "b.jsonl", statements))]) == 0
    in_order = tmp_path / "one.db"
    assert main(["import", "--db", str(in_order), "--watch", watch,
                 str(write(tmp_path / "s.jsonl", POSTS))]) == 0
    assert _found(_pairs(db, capsys)) == _found(_pairs(in_order, capsys))


def test_recompute_after_the_watch_file_changes_categories(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "log.db"
    session = str(write(tmp_path / "s.jsonl", POSTS))
    assert main(["import", "--db", str(db), session]) == 0  # no watch file: categories inferred
    before = _found(_pairs(db, capsys))
    assert score(before)["all"]["recall"] == 1.0  # the profiles say who is who
    # the watch file says Rights Watch Collective is a newsroom: its answers go
    watch = _watch(tmp_path)
    watch.write_text(watch.read_text().replace('civil_society = ["@rightswatch@ngo.social.example", ',
                                               'media = ["@rightswatch@ngo.social.example"]\n'
                                               'civil_society = [').replace(
        'media = ["@genevawire@press.social.example"]', ''))
    assert main(["import", "--db", str(db), "--watch", str(watch), session]) == 0
    after = _found(_pairs(db, capsys))
    assert after == {p for p in before if p[1] not in (10, 21, 30, 33)}
    assert main(["pairs", "--db", str(db), "--recompute", "--window-hours", "0.05"]) == 0
    assert {k for _, _, k in _found(_pairs(db, capsys))} == {"reply", "quote"}  # 3 min window


def test_replay_pairs_like_import(tmp_path: Path) -> None:
    from meetwatch.core.pairing import PairingSettings
    from meetwatch.core.programme import parse_toml
    from meetwatch.core.watch import load_watch
    from meetwatch.replay import ReplayEngine
    from meetwatch.store.pairs import list_pairs
    from meetwatch.store.schema import open_db

    watch = load_watch(_watch(tmp_path))
    session = write(tmp_path / "s.jsonl", POSTS)
    eng = ReplayEngine([session], tmp_path / "scratch", speed=None, categories=watch.accounts,
                       programme=parse_toml(PROGRAMME)[0],
                       pairing=PairingSettings(meeting_hashtags=watch.hashtags), batch_records=5)
    while eng.step() is not None or not eng.status().finished:
        pass
    eng.close()
    rows = list_pairs(open_db(str(eng.log_path), readonly=True))
    found = {(number_of(r["statement"]), number_of(r["response"]), r["kind"]) for r in rows}
    assert {(s, r, k) for s, r, k in LABELS if k != "topical"} <= found


def test_pairs_table_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "log.db"
    assert main(["import", "--db", str(db), "--watch", str(_watch(tmp_path)),
                 str(write(tmp_path / "s.jsonl", POSTS))]) == 0
    capsys.readouterr()
    assert main(["pairs", "--db", str(db), "--item", "Item 6"]) == 0
    out = capsys.readouterr().out
    assert "@estmark_gva@social.estmark.example  [Item 4]" not in out
    assert "[Item 6]" in out and "quotes @estmark_gva" in out and "pairs for 1 statement" in out


def test_sample_session_pairs_are_sensible(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "log.db"
    files = [str(SAMPLE / f) for f in ("hrc61.mastodon.jsonl", "hrc61.jetstream.jsonl",
                                       "hrc61.rss.xml")]
    assert main(["import", "--db", str(db), "--watch", str(SAMPLE / "hrc61.watch.toml"),
                 *files]) == 0
    rows = _pairs(db, capsys)
    capsys.readouterr()
    assert main(["accounts", "--db", str(db), "--json"]) == 0
    cats = {a["handle"]: a["category"] for a in map(json.loads, capsys.readouterr().out.splitlines())}
    assert {cats[r["statement_author"]] for r in rows} == {"official"}
    assert {cats[r["response_author"]] for r in rows} == {"civil_society"}
    kinds = {r["kind"] for r in rows}
    assert kinds == {"reply", "quote", "topical"}
    # the planted counter-narratives: Valdoria answered in Item 4 by name
    assert any(r["kind"] == "topical" and "names valdoria" in r["reason"].lower()
               and r["agenda_item"] == "4" for r in rows)
    # every statement's answers are within the window and after it
    assert all(r["response_created_at"] >= r["statement_created_at"] or r["kind"] != "topical"
               for r in rows)
