"""make_app: the one way to build the deck, for the CLI and the tests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from meetwatch.core.timeutil import zone as meeting_zone
from meetwatch.core.watch import WatchFile
from meetwatch.replay import ReplayEngine, SessionSummary
from meetwatch.ui.app import DeckApp
from meetwatch.ui.data import LogReader, PaneSpec, categories_present, plan_panes, top_hashtags
from meetwatch.ui.theming import bundled_themes_dir, user_themes_dir
from meetwatch.ui.user_config import config_dir as user_config_dir

if TYPE_CHECKING:
    from meetwatch.live.feed import LiveFeed


@dataclass(slots=True)
class DeckConfig:
    log_path: Path
    panes: list[PaneSpec]
    meeting: str = "meetwatch"
    timezone: str = "UTC"
    theme: str | None = field(default_factory=lambda: os.environ.get("MEETWATCH_THEME"))
    sources_note: str = "replay"
    text_lines: int = 3
    extra_theme_dirs: list[Path] = field(default_factory=list)
    # User themes and the user's config file (remembered theme); tests turn
    # this off to be independent of the machine.
    user_themes: bool = True
    watch_path: Path | None = None  # where "save layout" writes the panes
    settings_dir: Path | None = None  # overrides the user config dir (tests)
    # New critical/high flags: "on" (bell and notification), "quiet" (no bell), "off".
    alerts: str = field(default_factory=lambda: os.environ.get("MEETWATCH_ALERTS", "on"))

    def zone(self) -> tzinfo:
        """The meeting's time zone; UTC (and says so) when it is unknown."""
        try:
            return meeting_zone(self.timezone)
        except ValueError:
            self.timezone = "UTC"
            return UTC

    def config_dir(self) -> Path | None:
        """Where the chosen theme is remembered; None: not remembered."""
        if self.settings_dir is not None:
            return self.settings_dir
        return user_config_dir() if self.user_themes else None

    def theme_dirs(self) -> list[Path]:
        dirs = [bundled_themes_dir(), *self.extra_theme_dirs]
        return [*dirs, user_themes_dir()] if self.user_themes else dirs


def panes_for_log(log_path: Path, watch: WatchFile | None) -> list[PaneSpec]:
    """Panes for a log the deck opens as it is (no replay)."""
    if watch is not None and watch.panes:
        return list(watch.panes)
    reader = LogReader(str(log_path))
    try:
        return plan_panes(watch.hashtags if watch else None, categories_present(reader.conn),
                          top_hashtags(reader.conn))
    finally:
        reader.close()


def panes_for_replay(summary: SessionSummary, watch: WatchFile | None) -> list[PaneSpec]:
    """Panes for a replay, from what the sources will bring."""
    if watch is not None and watch.panes:
        return list(watch.panes)
    return plan_panes(watch.hashtags if watch else None, summary.categories,
                      [t for t, _ in summary.hashtags.most_common(3)])


def make_app(config: DeckConfig, engine: ReplayEngine | None = None,
             live: LiveFeed | None = None) -> DeckApp:
    """The deck over ``config.log_path``, or over ``engine``'s scratch log while
    it replays, or over the log ``live`` collects into."""
    return DeckApp(config, engine, live)
