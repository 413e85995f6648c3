"""What every command shares: where the log is, the watch file, flag rules,
pairing settings, and writing rows as JSON lines or CSV."""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import orjson

EXPORT_COLUMNS = (
    "uid", "network", "url", "author", "author_name", "author_category", "title", "text",
    "created_at", "received_at", "lang", "hashtags", "reply_to", "quote_of", "deleted_at",
    "edited_at", "flags", "agenda_item", "agenda_reason",
)


def default_db() -> Path:
    env = os.environ.get("MEETWATCH_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("meetwatch", appauthor=False)) / "meetwatch.db"


def _db_arg(value: str | None) -> Path:
    path = Path(value) if value else default_db()
    return path.expanduser()


def _announce_db(path: Path) -> None:
    print(f"log: {path}", file=sys.stderr)


def _require_db(path: Path) -> int | None:
    if not path.exists():
        print(f"meetwatch: no log at {path} (import or record something first)", file=sys.stderr)
        return 2
    return None


def flag_config(watch_flags: dict[str, Any] | None = None) -> Any:
    """Where flag rules come from: the shipped packs, then each directory
    (or file) in $MEETWATCH_RULES (os.pathsep-separated), then ``rules/`` in
    the user config directory; rule ids (or globs) in
    $MEETWATCH_DISABLE_RULES (comma-separated), the rule files' ``disable``
    lists and the watch file's ``[flags].disable`` are switched off."""
    from meetwatch.core.flags import FlagConfig

    dirs = [d for d in os.environ.get("MEETWATCH_RULES", "").split(os.pathsep) if d.strip()]
    from platformdirs import user_config_dir

    user_rules = Path(user_config_dir("meetwatch", appauthor=False)) / "rules"
    if user_rules.is_dir():
        dirs.append(str(user_rules))
    disabled = [d.strip() for d in os.environ.get("MEETWATCH_DISABLE_RULES", "").split(",") if d.strip()]
    return FlagConfig.make(dirs, disabled, watch_flags)


def _watch_flags(watch: Any) -> dict[str, Any]:
    """The watch file's ``[flags]`` table (empty without a watch file)."""
    raw = watch.raw.get("flags", {}) if watch is not None else {}
    return raw if isinstance(raw, dict) else {}


def _pile_on_settings(watch_flags: dict[str, Any]) -> dict[str, float]:
    pile = watch_flags.get("pile_on") if isinstance(watch_flags, dict) else None
    out: dict[str, float] = {}
    if isinstance(pile, dict):
        if isinstance(pile.get("replies"), int) and pile["replies"] > 1:
            out["replies"] = pile["replies"]
        if isinstance(pile.get("minutes"), int | float) and pile["minutes"] > 0:
            out["minutes"] = float(pile["minutes"])
    return out


def _pairing(watch: Any) -> Any:
    """Pairing settings from the watch file's [pairing] (problems printed, defaults kept)."""
    from meetwatch.core.pairing import settings_from

    if watch is None:
        return settings_from(None)[0]
    settings, problems = settings_from(watch.raw.get("pairing"), watch.hashtags)
    for problem in problems:
        print(f"{watch.path}: {problem}", file=sys.stderr)
    return settings


def _set_programme(writer: Any, watch: Any) -> int:
    """Tag posts with the watch file's programme; its problems are printed, never fatal."""
    from meetwatch.core.programme import programme_of

    programme, problems = programme_of(watch.programme, watch.timezone, watch.hashtags)
    for problem in problems:
        print(f"programme: {problem}", file=sys.stderr)
    changed = writer.set_programme(programme)
    if changed:
        print(f"programme: {changed} posts already in the log re-tagged", file=sys.stderr)
    return int(changed)


def _recompute_pairs(writer: Any) -> int:
    from meetwatch.store.pairs import recompute_pairs

    writer.begin()
    n = recompute_pairs(writer.conn, writer.pairing)
    writer.commit()
    return n


def _csv_value(key: str, value: Any) -> Any:
    if key == "hashtags":
        return " ".join(value)
    if key == "flags":
        return "; ".join(f"{f['category']}/{f['severity']}/{f['rule']}"
                         + ("" if f.get("state", "open") == "open" else f" [{f['state']}]")
                         for f in value)
    return "" if value is None else value


def _write_rows(rows: Any, fmt: str, out: TextIO, columns: Sequence[str] = EXPORT_COLUMNS) -> int:
    n = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(k, row[k]) for k in columns])
            n += 1
    else:
        for row in rows:
            out.write(orjson.dumps(row).decode())
            out.write("\n")
            n += 1
    return n


def _upgrade(db: Path) -> None:
    """Apply pending migrations (the views) to a log a reader is about to
    query; a log that cannot be written is read as it is."""
    import sqlite3

    from meetwatch.store.schema import migrate, open_db

    try:
        migrate(open_db(str(db)))
    except sqlite3.Error as exc:
        print(f"meetwatch: could not add the views to {db}: {exc}", file=sys.stderr)


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 120


def _watch_or_none(path: str | Path | None) -> Any:
    """The watch file, None without one; prints every problem and raises
    SystemExit(2) when it is unusable."""
    from meetwatch.core.watch import WatchFileError, load_watch

    if path is None:
        return None
    try:
        return load_watch(path)
    except WatchFileError as exc:
        for problem in exc.problems:
            print(f"{exc.path}: {problem}", file=sys.stderr)
        raise SystemExit(2) from exc
