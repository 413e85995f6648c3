"""The fast paths of pairing give what the slow ones gave: document
frequencies read from the whole vocabulary equal the per-term range
queries, and memoised topical scoring equals scoring without the memo."""

from __future__ import annotations

import sqlite3

from meetwatch.core.pairing import Doc, Memo, terms, topical
from meetwatch.store import pairs as pairs_store
from meetwatch.store.writer import LogWriter

TEXTS = [
    "Valdoria détention arbitraire des défenseurs", "Valdorian detentions of defenders",
    "Detención arbitraria en Valdoria", "人权理事会 审议 报告", "人权 报告 发布",
    "Задержания правозащитников в Валдории", "الاحتجاز التعسفي للمدافعين",
    "defenders defend defending defence", "Ünïcödé façade naïve café",
]


def test_vocabulary_scan_equals_range_queries(tmp_path) -> None:
    db = tmp_path / "v.db"
    with LogWriter(str(db)):
        pass
    conn = sqlite3.connect(db)
    conn.executemany("INSERT INTO posts_fts (rowid, search) VALUES (?, ?)",
                     [(i + 1, t) for i, t in enumerate(TEXTS * 3)])
    wanted = sorted({t for text in TEXTS for t in terms(text)} | {"d", "def", "zzz", "é", "人"})
    slow = pairs_store.Vocabulary(conn)
    pairs_store._VOCAB_SIZE.clear()
    fast = pairs_store.Vocabulary(conn, expected=pairs_store.SCAN_MIN_LOOKUPS)
    assert fast._terms is not None and slow._terms is None
    assert [fast.df(t) for t in wanted] == [slow.df(t) for t in wanted]
    assert any(slow.df(t) > 1 for t in wanted)
    # A vocabulary larger than the lookups would pay for is not read, and remembered.
    pairs_store._VOCAB_SIZE[id(conn)] = 10**9
    assert pairs_store.Vocabulary(conn, expected=pairs_store.SCAN_MIN_LOOKUPS)._terms is None
    pairs_store._VOCAB_SIZE.clear()


def test_memoised_topical_equals_plain() -> None:
    def doc(i: int, category: str, author: str, minute: int, text: str, **kw: object) -> Doc:
        return Doc(i, f"u{i}", author, category, f"2026-03-03T10:{minute:02d}:00.000Z", text,
                   ("hrc61", "itemfour"), "4", **kw)  # type: ignore[arg-type]

    statements = [doc(1, "official", "@valdoria_mission@diplo.example", 0,
                      "Valdoria rejects claims of arbitrary detention of defenders",
                      country="Valdoria"),
                  doc(2, "official", "@estmark_gva@social.example", 5,
                      "Estmark welcomes the report on detention conditions")]
    answers = [doc(10 + i, "civil_society", f"@ngo{i}@ngo.example", 10 + i, text)
               for i, text in enumerate([
                   "Valdoria's denial ignores documented arbitrary detention of defenders",
                   "The report on detention conditions is damning for Estmark",
                   "Side event at 13:00 on arbitrary detention", "Unrelated announcement"])]
    weights = {t: 1.0 + (len(t) % 5) / 3 for a in statements + answers for t in terms(a.text)}

    def idf(t: str) -> float:
        return weights.get(t, 2.0)

    memo = Memo()
    plain = [topical(s, a, idf) for s in statements for a in answers]
    memoised = [topical(s, a, idf, memo=memo) for s in statements for a in answers]
    assert plain == memoised
    assert sum(p is not None for p in plain) >= 2
