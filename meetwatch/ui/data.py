"""The deck's read model, in one import: what a pane is (``core.panes``) and
how its rows are paged from the log (``store.queries``, the only place that
touches SQLite)."""

from __future__ import annotations

from meetwatch.core.panes import (
    CATEGORY_TITLES,
    PaneFilter,
    PaneKind,
    PaneSpec,
    make_pane,
    plan_panes,
)
from meetwatch.store.queries import (
    FLAG_ACTIVE,
    Key,
    LogReader,
    RANK_SEVERITY,
    PaneQuery,
    Row,
    SearchError,
    categories_present,
    languages,
    top_hashtags,
)

__all__ = [
    "CATEGORY_TITLES",
    "FLAG_ACTIVE",
    "RANK_SEVERITY",
    "Key",
    "LogReader",
    "PaneFilter",
    "PaneKind",
    "PaneQuery",
    "PaneSpec",
    "Row",
    "SearchError",
    "categories_present",
    "languages",
    "make_pane",
    "plan_panes",
    "top_hashtags",
]
