"""How the labelled set's frozen test half was drawn (run once, before any
rule was written from the set; kept for provenance and to check the split).

Input: the writers' files, one per language (``LANG.jsonl``: ``lang``,
``labels``, ``kind``, ``text``, ``note``).  Every post gets an id
(``LANG-NNNN`` in the writer's order).  Within each stratum — language ×
label set × kind — posts are ordered by the SHA-256 of their text and dealt
alternately to ``dev`` and ``test``, so both halves have the same mix and
nobody chose which post went where.  Only counts are printed: the test half
is not to be read.

    python benchmarks/flags_set_split.py WRITERS_DIR benchmarks/data/flags_set
    python benchmarks/flags_set_split.py --check benchmarks/data/flags_set
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
CATEGORIES = ("leak", "indiscretion", "threat", "harassment", "pii")
KINDS = ("positive", "evasion", "hard_negative", "negative")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def validate(row: dict[str, Any], where: str) -> list[str]:
    problems = []
    if row.get("lang") not in LANGUAGES:
        problems.append(f"{where}: lang {row.get('lang')!r}")
    labels = row.get("labels")
    if not isinstance(labels, list) or any(c not in CATEGORIES for c in labels):
        problems.append(f"{where}: labels {labels!r}")
    kind = row.get("kind")
    if kind not in KINDS:
        problems.append(f"{where}: kind {kind!r}")
    elif bool(labels) != (kind in ("positive", "evasion")):
        problems.append(f"{where}: kind {kind} with labels {labels!r}")
    if not isinstance(row.get("text"), str) or not row["text"].strip():
        problems.append(f"{where}: empty text")
    return problems


def split(src: Path, out: Path) -> int:
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for lang in LANGUAGES:
        path = src / f"{lang}.jsonl"
        with open(path, encoding="utf-8") as fh:
            n = 0
            for i, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                found = validate(row, f"{path}:{i}")
                if row.get("lang") != lang:
                    found.append(f"{path}:{i}: lang {row.get('lang')!r} in the {lang} file")
                key = " ".join(str(row.get("text", "")).split()).casefold()
                if key in seen:
                    found.append(f"{path}:{i}: duplicate text")
                if found:
                    problems.extend(found)
                    continue
                seen.add(key)
                n += 1
                rows.append({"id": f"{lang}-{n:04d}", "lang": lang, "labels": sorted(row["labels"]),
                             "kind": row["kind"], "text": row["text"], "note": row.get("note", "")})
    for p in problems:
        print(f"dropped: {p}", file=sys.stderr)
    strata: dict[tuple[str, tuple[str, ...], str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        strata[(r["lang"], tuple(r["labels"]), r["kind"])].append(r)
    halves: dict[str, list[dict[str, Any]]] = {"dev": [], "test": []}
    for key in sorted(strata):
        members = sorted(strata[key], key=lambda r: _digest(r["text"]))
        # which half opens each stratum alternates too, so odd strata do not all lean one way
        first = "dev" if int(_digest("|".join((key[0], *key[1], key[2])))[:8], 16) % 2 else "test"
        second = "test" if first == "dev" else "dev"
        for i, r in enumerate(members):
            r["split"] = first if i % 2 == 0 else second
            halves[r["split"]].append(r)
    out.mkdir(parents=True, exist_ok=True)
    for name, part in halves.items():
        part.sort(key=lambda r: r["id"])
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in part:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return check(out)


def check(out: Path) -> int:
    """Counts per half (never the texts)."""
    for name in ("dev", "test"):
        with open(out / f"{name}.jsonl", encoding="utf-8") as fh:
            part = [json.loads(line) for line in fh if line.strip()]
        langs = Counter(r["lang"] for r in part)
        kinds = Counter(r["kind"] for r in part)
        labels = Counter(c for r in part for c in r["labels"])
        print(f"{name}: {len(part)} posts | " + " ".join(f"{k}={langs[k]}" for k in LANGUAGES) + " | "
              + " ".join(f"{k}={kinds[k]}" for k in KINDS) + " | "
              + " ".join(f"{k}={labels[k]}" for k in CATEGORIES))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", type=Path, help="WRITERS_DIR OUT_DIR, or OUT_DIR with --check")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.paths[0])
    return split(args.paths[0], args.paths[1])


if __name__ == "__main__":
    raise SystemExit(main())
