"""``meetwatch report``: a digest of a session log per agenda item, as
Markdown (email), self-contained HTML (browser) or JSON (tools)."""

from __future__ import annotations

from typing import Any

import orjson

from meetwatch.report.digest import build_digest
from meetwatch.report.html import render_html
from meetwatch.report.markdown import render_markdown

FORMATS = ("md", "html", "json")


def render(digest: dict[str, Any], fmt: str) -> str:
    if fmt == "md":
        return render_markdown(digest)
    if fmt == "html":
        return render_html(digest)
    if fmt == "json":
        return orjson.dumps(digest, option=orjson.OPT_INDENT_2).decode() + "\n"
    raise ValueError(f"unknown report format {fmt!r} (use {', '.join(FORMATS)})")


__all__ = ["FORMATS", "build_digest", "render"]
