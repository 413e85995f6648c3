"""What a pane shows: a kind of selection plus optional filters (pure data).

A :class:`PaneSpec` is what the watch file's ``[[panes]]`` tables hold and
what the deck's command palette edits; :mod:`meetwatch.store.queries` turns
one into SQL.  Kinds:

* ``all`` — every post;
* ``category`` — posts by accounts of one category (``official``, ...);
* ``hashtag`` — posts carrying one hashtag (lower case, no ``#``);
* ``account`` — posts by one account handle (matched like the watch file's);
* ``search`` — a full-text search (any language; the search syntax of
  ``meetwatch search``);
* ``flags`` — posts with a flag, the most severe first (critical, high, medium,
  low; newest first within a severity).

Filters narrow any kind by language, network, account category and text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

PaneKind = Literal["all", "category", "hashtag", "account", "search", "flags"]
PANE_KINDS: tuple[str, ...] = ("all", "category", "hashtag", "account", "search", "flags")
FILTER_KEYS: tuple[str, ...] = ("lang", "network", "category", "text", "review", "item")
# Which flags count (the Flags pane, n/N, markers): by default dismissed flags
# and false positives have left the queue; ``review:all`` brings them back.
REVIEW_FILTERS: tuple[str, ...] = ("all", "reviewed", "open", "acknowledged", "dismissed",
                                   "false_positive")
CATEGORY_TITLES: dict[str, str] = {
    "official": "Official",
    "civil_society": "Civil society",
    "media": "Media",
    "own": "Own delegation",
    "other": "Other",
}


@dataclass(frozen=True, slots=True)
class PaneFilter:
    lang: str = ""      # "fr" also matches "fr-CA"
    network: str = ""   # mastodon, bluesky, x, rss
    category: str = ""  # an account category
    text: str = ""      # full-text, like search
    review: str = ""    # flags in these review states (REVIEW_FILTERS); "": not dismissed
    item: str = ""      # an agenda item of the programme ("4")

    def active(self) -> bool:
        return any((self.lang, self.network, self.category, self.text, self.review, self.item))

    def describe(self) -> str:
        parts = [f"{k} {getattr(self, k)}" for k in ("lang", "network", "category", "review", "item")
                 if getattr(self, k)]
        if self.text:
            parts.append(f'"{self.text}"')
        return " · ".join(parts)

    def to_dict(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in FILTER_KEYS if getattr(self, k)}


@dataclass(frozen=True, slots=True)
class PaneSpec:
    title: str
    kind: PaneKind = "all"
    value: str = ""
    filter: PaneFilter = field(default_factory=PaneFilter)

    def with_filter(self, **changes: str) -> PaneSpec:
        return replace(self, filter=replace(self.filter, **changes))

    def to_dict(self) -> dict[str, Any]:
        """The ``[[panes]]`` table for this pane (empty fields left out)."""
        out: dict[str, Any] = {"title": self.title, "kind": self.kind}
        if self.value:
            out["value"] = self.value
        if self.filter.active():
            out["filter"] = self.filter.to_dict()
        return out


def normalise_value(kind: str, value: str) -> str:
    value = value.strip()
    if kind == "hashtag":
        return value.lstrip("#").lower()
    if kind == "account":
        return value.lstrip("@").lower()
    if kind == "category":
        return value.lower().replace(" ", "_").replace("-", "_")
    return value


def default_title(kind: str, value: str) -> str:
    if kind == "hashtag":
        return f"#{value}"
    if kind == "category":
        return CATEGORY_TITLES.get(value, value)
    if kind == "account":
        return f"@{value}"
    if kind == "search":
        return f"/{value}"
    return {"all": "All posts", "flags": "Flags"}.get(kind, kind)


def make_pane(kind: str, value: str = "", title: str = "") -> PaneSpec:
    """A pane of ``kind`` for what a person typed; ValueError says what is wrong."""
    if kind not in PANE_KINDS:
        raise ValueError(f"unknown pane kind {kind!r} (use {', '.join(PANE_KINDS)})")
    value = normalise_value(kind, value)
    if kind in ("category", "hashtag", "account", "search") and not value:
        raise ValueError(f"a {kind} pane needs a value")
    if kind in ("all", "flags"):
        value = ""
    return PaneSpec(title.strip() or default_title(kind, value), cast(PaneKind, kind), value)


def parse_panes(items: Any, where: str = "[[panes]]") -> tuple[list[PaneSpec], list[str]]:
    """``[[panes]]`` tables → specs, and every problem found (with its place)."""
    panes: list[PaneSpec] = []
    problems: list[str] = []
    if not isinstance(items, list):
        return [], [f"{where} must be an array of tables"]
    for i, item in enumerate(items, 1):
        at = f"{where} #{i}"
        if not isinstance(item, dict):
            problems.append(f"{at} must be a table")
            continue
        unknown = set(item) - {"title", "kind", "value", "filter"}
        if unknown:
            problems.append(f"{at}: unknown key(s) {', '.join(sorted(unknown))}")
        kind, value, title = item.get("kind", "all"), item.get("value", ""), item.get("title", "")
        if not all(isinstance(v, str) for v in (kind, value, title)):
            problems.append(f"{at}: title, kind and value must be strings")
            continue
        try:
            spec = make_pane(kind, value, title)
        except ValueError as exc:
            problems.append(f"{at}: {exc}")
            continue
        filt = item.get("filter", {})
        if not isinstance(filt, dict) or not all(isinstance(v, str) for v in filt.values()):
            problems.append(f"{at}.filter must be a table of strings")
            filt = {}
        bad = set(filt) - set(FILTER_KEYS)
        if bad:
            problems.append(f"{at}.filter: unknown key(s) {', '.join(sorted(bad))} "
                            f"(use {', '.join(FILTER_KEYS)})")
        good = {k: v.strip() for k, v in filt.items() if k in FILTER_KEYS}
        if good.get("review") and good["review"] not in REVIEW_FILTERS:
            problems.append(f"{at}.filter.review: use one of {', '.join(REVIEW_FILTERS)}")
            del good["review"]
        panes.append(replace(spec, filter=PaneFilter(**good)) if good else spec)
    return panes, problems


def plan_panes(hashtags_of_watch: tuple[str, ...] | None, categories: set[str] | list[str],
               hashtags: list[str] | tuple[str, ...]) -> list[PaneSpec]:
    """Default panes: for a watch file (``hashtags_of_watch`` not None) Official,
    Civil society, one per meeting hashtag and Flags; without one "All posts"
    beside each account category present and the busiest hashtags."""
    if hashtags_of_watch is not None:
        panes = [PaneSpec("Official", "category", "official"),
                 PaneSpec("Civil society", "category", "civil_society")]
        panes += [PaneSpec(f"#{t}", "hashtag", t) for t in hashtags_of_watch]
        panes.append(PaneSpec("Flags", "flags"))
        return panes
    present = set(categories)
    panes = [PaneSpec("All posts")]
    panes += [PaneSpec(title, "category", c) for c, title in CATEGORY_TITLES.items()
              if c in present and c != "other"]
    panes += [PaneSpec(f"#{t}", "hashtag", t) for t in hashtags]
    return panes


_CATEGORY_WORDS = {**{k: k for k in CATEGORY_TITLES},
                   **{v.lower(): k for k, v in CATEGORY_TITLES.items()},
                   "civil society": "civil_society", "cso": "civil_society", "ngo": "civil_society",
                   "own": "own", "delegation": "own"}
PANE_REQUEST_HELP = ("#hashtag · @account · /search words · a category (official, civil "
                     "society, media, own, other) · all · flags")


def parse_pane_request(text: str) -> PaneSpec:
    """What a person types to add a pane (see PANE_REQUEST_HELP)."""
    text = text.strip()
    low = text.lower()
    if text.startswith("#") and len(text) > 1:
        return make_pane("hashtag", text)
    if text.startswith("@") and len(text) > 1:
        return make_pane("account", text)
    if text.startswith("/") and len(text) > 1:
        return make_pane("search", text[1:])
    if low in ("all", "all posts"):
        return make_pane("all")
    if low in ("flags", "flagged"):
        return make_pane("flags")
    if low in _CATEGORY_WORDS:
        return make_pane("category", _CATEGORY_WORDS[low])
    raise ValueError(f"not a pane: {text!r} — type {PANE_REQUEST_HELP}")


def filter_text(f: PaneFilter) -> str:
    """A filter as the filter prompt shows it (``lang:fr network:bluesky words``)."""
    parts = [f"{k}:{getattr(f, k)}" for k in ("lang", "network", "category", "review", "item")
             if getattr(f, k)]
    return " ".join([*parts, f.text] if f.text else parts)


def parse_filter(text: str) -> PaneFilter:
    """``lang:fr network:bluesky category:media`` and any other words (the
    text to match); empty clears.  ValueError names what is wrong."""
    fields: dict[str, str] = {}
    words: list[str] = []
    for token in text.split():
        key, sep, value = token.partition(":")
        if sep and key.lower() in ("lang", "language", "network", "net", "category", "cat",
                                   "review", "state", "item"):
            name = {"language": "lang", "net": "network", "cat": "category",
                    "state": "review"}.get(key.lower(), key.lower())
            if not value:
                raise ValueError(f"{key}: needs a value")
            if name == "review":
                value = value.lower().replace("-", "_").replace("false_positives", "false_positive")
                if value not in REVIEW_FILTERS:
                    raise ValueError(f"review: {value!r} is not one of {', '.join(REVIEW_FILTERS)}")
            if name == "category":
                value = _CATEGORY_WORDS.get(value.lower().replace("_", " "), value.lower())
            if name == "item":
                fields[name] = value
                continue
            fields[name] = value.lower()
        else:
            words.append(token)
    return PaneFilter(text=" ".join(words), **fields)
