"""``meetwatch report``: a digest of a session log per agenda item, as
Markdown (email), self-contained HTML (browser) or JSON (tools)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import orjson

from meetwatch.report.digest import build_digest
from meetwatch.report.html import render_html
from meetwatch.report.markdown import render_markdown

FORMATS = ("md", "html", "json")
TIME_KEYS = frozenset({"created_at", "edited_at", "deleted_at", "starts_at", "ends_at", "start",
                       "end", "from", "to", "first", "last", "reviewed_at"})


def localise(value: Any, zone: tzinfo, key: str = "") -> Any:
    """The digest with every time in ``zone`` (ISO 8601 with its offset)."""
    if isinstance(value, dict):
        return {k: localise(v, zone, k) for k, v in value.items()}
    if isinstance(value, list):
        return [localise(v, zone, key) for v in value]
    if key in TIME_KEYS and isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return dt.astimezone(zone).isoformat(timespec="seconds")
    return value


def render(digest: dict[str, Any], fmt: str, tz: str = "UTC") -> str:
    """The digest as Markdown, HTML (times shown in ``tz``) or JSON (UTC)."""
    if fmt in ("md", "html"):
        if tz != "UTC":
            from meetwatch.core.timeutil import zone

            digest = {**localise(digest, zone(tz)), "time_zone": tz}
        else:
            digest = {**digest, "time_zone": "UTC"}
        return render_markdown(digest) if fmt == "md" else render_html(digest)
    if fmt == "json":
        return orjson.dumps(digest, option=orjson.OPT_INDENT_2).decode() + "\n"
    raise ValueError(f"unknown report format {fmt!r} (use {', '.join(FORMATS)})")


__all__ = ["FORMATS", "build_digest", "render"]
