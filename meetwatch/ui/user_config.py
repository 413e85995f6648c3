"""The user's own settings file (``config.toml`` in the platform's config
directory, or ``$MEETWATCH_CONFIG_DIR``): for now the chosen theme.

Read at start, written when the theme changes — only the ``theme = ...``
line is touched, the rest of the file stays as the user wrote it.  A broken
file never stops the deck: it is reported and ignored.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

_THEME_LINE = re.compile(r"^theme\s*=.*$", re.MULTILINE)
_FIRST_TABLE = re.compile(r"^\s*\[", re.MULTILINE)


def config_dir() -> Path:
    env = os.environ.get("MEETWATCH_CONFIG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("meetwatch", appauthor=False))


def load_theme(directory: Path) -> tuple[str | None, str | None]:
    """``(theme, problem)`` from ``directory/config.toml``."""
    path = directory / "config.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, f"{path}: {exc}"
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        return None, f"{path}: theme must be a string"
    return theme, None


def save_theme(directory: Path, theme: str) -> None:
    """Set ``theme`` in ``directory/config.toml`` (created if needed)."""
    path = directory / "config.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f"theme = {json.dumps(theme, ensure_ascii=False)}"
    first_table = _FIRST_TABLE.search(text)
    top = text[: first_table.start()] if first_table else text
    if _THEME_LINE.search(top):
        new = _THEME_LINE.sub(lambda _m: line, top, count=1) + text[len(top):]
    else:
        new = f"{line}\n{text}"
    if tomllib.loads(new).get("theme") != theme:  # never write a file that reads back wrong
        raise ValueError(f"{path}: could not set the theme safely")
    directory.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(".config.toml.saving")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)
