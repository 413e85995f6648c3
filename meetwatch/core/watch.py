"""The watch file: what meeting, which sources, whose accounts.

Parsed from TOML into plain dataclasses.  Validation collects *every*
problem (file, key, what is wrong) before failing, so a user fixes the file in
one go.  Account handles are matched in a normalised form (:func:`handle_key`)
so ``@ohchr@example.social``, ``ohchr@example.social`` and ``OHCHR@Example.Social``
name the same account.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meetwatch.core.panes import PaneSpec, parse_panes
from meetwatch.core.timeutil import zone

WATCH_CATEGORIES: tuple[str, ...] = ("official", "civil_society", "media", "own")
SOURCE_NETWORKS: tuple[str, ...] = ("mastodon", "bluesky", "x", "rss")


class WatchFileError(ValueError):
    """The watch file cannot be used; ``problems`` lists every reason."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(slots=True)
class SourceSpec:
    network: str
    server: str | None = None
    token_env: str | None = None
    jetstream: str | None = None
    url: str | None = None
    category: str | None = None  # rss: overrides "official"
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class WatchFile:
    path: str
    name: str = ""
    hashtags: tuple[str, ...] = ()
    timezone: str = "UTC"
    programme: str | None = None
    sources: list[SourceSpec] = field(default_factory=list)
    accounts: dict[str, str] = field(default_factory=dict)  # handle_key -> category
    # handle_key -> {"country": ..., "organisation": ...} from [accounts.details]
    details: dict[str, dict[str, str]] = field(default_factory=dict)
    panes: list[PaneSpec] = field(default_factory=list)  # the deck's layout, if saved
    raw: dict[str, Any] = field(default_factory=dict)


def handle_key(handle: str) -> str:
    """The form handles are matched in: lower case, no leading ``@``."""
    return handle.strip().lstrip("@").lower()


def load_watch(path: str | Path) -> WatchFile:
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise WatchFileError(str(p), ["file not found"]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchFileError(str(p), [f"cannot read: {exc}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise WatchFileError(str(p), [f"not valid TOML: {exc}"]) from exc
    return parse_watch(data, str(p))


def parse_watch(data: dict[str, Any], path: str = "<watch>") -> WatchFile:
    problems: list[str] = []
    wf = WatchFile(path=path, raw=data)
    meeting = data.get("meeting", {})
    if not isinstance(meeting, dict):
        problems.append("[meeting] must be a table")
        meeting = {}
    wf.name = _str(meeting, "name", "[meeting].name", problems) or ""
    tags = meeting.get("hashtags", [])
    if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        wf.hashtags = tuple(dict.fromkeys(t.lstrip("#").lower() for t in tags if t.strip("# ")))
    else:
        problems.append("[meeting].hashtags must be a list of strings")
    wf.timezone = _str(meeting, "timezone", "[meeting].timezone", problems) or "UTC"
    try:
        zone(wf.timezone)
    except ValueError:
        problems.append(f"[meeting].timezone: unknown time zone {wf.timezone!r}")
    programme = _str(meeting, "programme", "[meeting].programme", problems)
    if programme:
        wf.programme = str(Path(path).parent / programme) if path != "<watch>" else programme

    sources = data.get("sources", [])
    if not isinstance(sources, list):
        problems.append("[[sources]] must be an array of tables")
        sources = []
    for i, src in enumerate(sources, 1):
        where = f"[[sources]] #{i}"
        if not isinstance(src, dict):
            problems.append(f"{where} must be a table")
            continue
        network = src.get("network")
        if network not in SOURCE_NETWORKS:
            problems.append(f"{where}.network must be one of {', '.join(SOURCE_NETWORKS)}, "
                            f"not {network!r}")
            continue
        spec = SourceSpec(network=network)
        hosts = src.get("jetstream")
        if isinstance(hosts, list):  # several Jetstream hosts, for failover, in order
            src = {**src, "jetstream": hosts[0] if hosts else None, "jetstream_hosts": hosts[1:]}
            if not all(isinstance(h, str) for h in hosts):
                problems.append(f"{where}.jetstream must be a URL or a list of URLs")
                continue
        for key in ("server", "token_env", "jetstream", "url", "category"):
            setattr(spec, key, _str(src, key, f"{where}.{key}", problems))
        spec.options = {k: v for k, v in src.items()
                        if k not in ("network", "server", "token_env", "jetstream", "url", "category")}
        if network == "mastodon" and not spec.server:
            problems.append(f"{where}: a mastodon source needs server = \"https://...\"")
        if network == "rss" and not spec.url:
            problems.append(f"{where}: an rss source needs url = \"https://...\"")
        if spec.category and spec.category not in (*WATCH_CATEGORIES, "other"):
            problems.append(f"{where}.category must be one of {', '.join(WATCH_CATEGORIES)}, other")
        wf.sources.append(spec)

    accounts = data.get("accounts", {})
    if not isinstance(accounts, dict):
        problems.append("[accounts] must be a table")
        accounts = {}
    for category, handles in accounts.items():
        if category == "details":
            _details(handles, wf, problems)
            continue
        if category not in WATCH_CATEGORIES:
            problems.append(f"[accounts].{category}: unknown category "
                            f"(use {', '.join(WATCH_CATEGORIES)})")
            continue
        if not isinstance(handles, list):
            problems.append(f"[accounts].{category} must be a list of handles")
            continue
        for h in handles:
            if isinstance(h, str) and h.strip() and h.strip() != "...":
                wf.accounts[handle_key(h)] = category
            elif not isinstance(h, str):
                problems.append(f"[accounts].{category}: {h!r} is not a handle")
    if "panes" in data:
        wf.panes, pane_problems = parse_panes(data["panes"])
        problems += pane_problems
    if problems:
        raise WatchFileError(path, problems)
    return wf


DETAIL_KEYS: tuple[str, ...] = ("country", "organisation")


def _details(table: Any, wf: WatchFile, problems: list[str]) -> None:
    """``[accounts.details]``: ``"@handle@server" = { country = "Valdoria" }``."""
    if not isinstance(table, dict):
        problems.append("[accounts.details] must be a table of handle = { country = ..., "
                        "organisation = ... }")
        return
    for handle, info in table.items():
        where = f"[accounts.details].{handle!r}"
        if not isinstance(info, dict):
            problems.append(f"{where} must be an inline table, e.g. {{ country = \"Valdoria\" }}")
            continue
        entry: dict[str, str] = {}
        for key, value in info.items():
            if key not in DETAIL_KEYS:
                problems.append(f"{where}.{key}: unknown key (use {', '.join(DETAIL_KEYS)})")
            elif not isinstance(value, str):
                problems.append(f"{where}.{key} must be a string")
            elif value.strip():
                entry[key] = value.strip()[:200]
        if entry and handle.strip():
            wf.details[handle_key(handle)] = entry


def _str(table: dict[str, Any], key: str, where: str, problems: list[str]) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(f"{where} must be a string")
        return None
    return value


# -- saving the deck's layout --------------------------------------------------------
#
# The watch file is written by people, with comments: the layout is saved by
# replacing only its ``[[panes]]`` tables (appended at the end), leaving every
# other byte as it was, and the result is checked with tomllib before it
# replaces the file.

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string


def panes_toml(panes: list[PaneSpec]) -> str:
    out: list[str] = []
    for spec in panes:
        table = spec.to_dict()
        out.append("[[panes]]")
        for key in ("title", "kind", "value"):
            if key in table:
                out.append(f"{key} = {_toml_str(table[key])}")
        if "filter" in table:
            inner = ", ".join(f"{k} = {_toml_str(v)}" for k, v in table["filter"].items())
            out.append(f"filter = {{ {inner} }}")
        out.append("")
    return "\n".join(out)


def replace_panes_text(text: str, panes: list[PaneSpec]) -> str:
    """``text`` (a watch file) with its ``[[panes]]`` tables replaced by ``panes``.

    Raises ValueError when the result would change anything but the panes."""
    kept: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        m = _HEADER.match(line)
        if m:
            name = m.group(1).strip().strip("\"'")
            skipping = name == "panes" or name.startswith("panes.")
        if not skipping:
            kept.append(line)
    body = "".join(kept).rstrip("\n")
    marker = "# The deck's panes, saved from the deck (ctrl+s)."
    body = "\n".join(ln for ln in body.split("\n") if ln != marker).rstrip("\n")
    result = (body + "\n\n" if body else "") + marker + "\n" + panes_toml(panes)
    before = tomllib.loads(text)
    after = tomllib.loads(result)
    before.pop("panes", None)
    saved = after.pop("panes", [])
    if before != after or parse_panes(saved)[0] != panes:
        raise ValueError("the watch file could not be rewritten safely (is `panes` defined "
                         "inline?); nothing was changed")
    return result


def save_panes(path: str | Path, panes: list[PaneSpec]) -> None:
    """Write ``panes`` into the watch file at ``path`` (atomically)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    try:
        new = replace_panes_text(text, panes)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{p.name} is not valid TOML: {exc}") from exc
    tmp = p.with_name(f".{p.name}.saving")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, p)
