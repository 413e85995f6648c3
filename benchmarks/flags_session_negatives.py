"""Ordinary meeting traffic for the scorer's training: the bundled HRC 61
session's posts by officials, delegations, NGOs, media and the public (never
its trolls or leakers), less any post a shipped rule flags — so the scorer
learns what a normal session reads like and does not flag it.

    python benchmarks/flags_session_negatives.py > benchmarks/data/flags_set/session_negatives.jsonl

Each line: ``id`` (the post's uid), ``lang``, ``labels`` (empty), ``kind``
("negative"), ``split`` ("train"), ``text``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetwatch.core.flags import FlagConfig, load_engine  # noqa: E402
from meetwatch.core.models import Post  # noqa: E402
from meetwatch.ingest import open_records  # noqa: E402
from sample_streams import hrc61_content as content  # noqa: E402

SAMPLE = ROOT / "sample_streams"
EXCLUDED = {"troll", "leaker"}


def main() -> int:
    excluded: set[str] = set()
    for row in content.CAST:
        _key, _name, category, _lang, mastodon, bluesky = row[:6]
        if category in EXCLUDED:
            excluded.update(h.lower() for h in (mastodon, bluesky) if h)
    engine, _ = load_engine(FlagConfig.make(scorer=False))
    seen: set[str] = set()
    for name in ("hrc61.mastodon.jsonl", "hrc61.jetstream.jsonl", "hrc61.rss.xml"):
        for rec in open_records(SAMPLE / name)[1]:
            for ev in rec.events:
                if not isinstance(ev, Post) or not ev.text or ev.uid in seen:
                    continue
                seen.add(ev.uid)
                handle = (ev.author.handle or "").lower().lstrip("@")
                if handle in excluded or engine.scan(ev.text, lang=ev.lang, scorer=False):
                    continue
                print(json.dumps({"id": ev.uid, "lang": ev.lang or "", "labels": [], "kind": "negative",
                                  "split": "train", "text": ev.text}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
