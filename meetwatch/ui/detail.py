"""The detail view's text work (no Textual, no SQL): the raw payload made
readable and word differences between versions.  The post itself is read by
:func:`meetwatch.store.queries.load_detail`."""

from __future__ import annotations

import difflib
import re

import orjson


def pretty_payload(fmt: str, payload: str, limit: int = 200_000) -> str:
    """JSON indented for reading; feeds as they are.  Capped at ``limit``."""
    text = payload
    if fmt != "rss":
        try:
            obj = orjson.loads(payload)
            if isinstance(obj, dict) and isinstance(obj.get("payload"), str):
                obj["payload"] = orjson.loads(obj["payload"])  # Mastodon frames nest JSON
            text = orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode()
        except orjson.JSONDecodeError:
            pass
    return text if len(text) <= limit else text[:limit] + f"\n… ({len(text) - limit:,} more)"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op ``=``, ``-`` (removed) or ``+`` (added), by words."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out
