"""Themes are data: ``themes/*.toml`` files mapped to Textual ``Theme``.

A theme file names itself, says whether it is dark, gives base colours under
``[colors]`` and meetwatch's own variables under ``[variables]`` (defaults in
:data:`VARIABLE_DEFAULTS`).  Bundled themes load first; files in the user's
config directory (``…/meetwatch/themes``) override them by name.  A broken
file is reported — all its problems at once — and skipped, never fatal.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

DEFAULT_THEME = "meetwatch-dark"
COLOR_FIELDS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground",
                "background", "surface", "panel", "boost")
VARIABLE_DEFAULTS: dict[str, str] = {
    "badge-official": "#2D6AAE",
    "badge-civil-society": "#2F7D55",
    "badge-media": "#7A55A8",
    "badge-own": "#A8782A",
    "badge-foreground": "#F4F6FA",
    "network-mastodon": "#A4A6FF",
    "network-bluesky": "#5AB0F5",
    "network-x": "#B9C0CB",
    "network-rss": "#EBA25A",
    "post-deleted": "#7B8494",
}


class ThemeFileError(ValueError):
    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path.name}: " + "; ".join(problems))


@dataclass(slots=True)
class ThemeLoad:
    themes: dict[str, Theme] = field(default_factory=dict)
    failed: list[ThemeFileError] = field(default_factory=list)


def bundled_themes_dir() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "themes"


def user_themes_dir() -> Path:
    env = os.environ.get("MEETWATCH_CONFIG_DIR")
    if env:
        return Path(env) / "themes"
    from platformdirs import user_config_dir

    return Path(user_config_dir("meetwatch", appauthor=False)) / "themes"


def theme_from_data(data: dict[str, Any], path: Path) -> Theme:
    problems: list[str] = []
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("name must be a non-empty string")
    colors = data.get("colors", {})
    if not isinstance(colors, dict):
        problems.append("[colors] must be a table")
        colors = {}
    for key, value in colors.items():
        if key not in COLOR_FIELDS:
            problems.append(f"[colors].{key} is not a theme colour ({', '.join(COLOR_FIELDS)})")
            continue
        try:
            Color.parse(value)
        except (ColorParseError, TypeError, ValueError):
            problems.append(f"[colors].{key}: {value!r} is not a colour")
    if "primary" not in colors:
        problems.append("[colors].primary is required")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        problems.append("[variables] must be a table of strings")
        variables = {}
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        problems.append("dark must be true or false")
    spread = data.get("luminosity_spread", 0.15)
    if not isinstance(spread, int | float):
        problems.append("luminosity_spread must be a number")
    if problems:
        raise ThemeFileError(path, problems)
    known = {k: v for k, v in colors.items() if k in COLOR_FIELDS}
    return Theme(name=str(name).strip(), dark=bool(dark), luminosity_spread=float(spread),
                 variables=dict(variables), **known)


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeFileError(path, [f"cannot read: {exc}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ThemeFileError(path, [f"not valid TOML: {exc}"]) from exc
    return theme_from_data(data, path)


def load_themes(dirs: Sequence[Path]) -> ThemeLoad:
    """Every ``*.toml`` in ``dirs``; a later directory overrides by name."""
    result = ThemeLoad()
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as exc:
                result.failed.append(exc)
                continue
            result.themes[theme.name] = theme
    return result
