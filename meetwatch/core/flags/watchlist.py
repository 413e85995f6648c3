"""Per-meeting watchlists from the watch file's ``[flags]`` table, as rules.

```toml
[flags]
disable = ["harassment.insult.directed"]      # rule ids or globs
draft_symbols = ["A/HRC/61/L.41", "L.12/Rev.2"] # not yet issued: any mention is a leak
# ... or until it is issued: { symbol = "A/HRC/61/L.43", until = "2026-03-04T10:00:00+01:00" }
facilitators = ["Ingrid Sølvberg"]             # attributing positions to them is an indiscretion
pile_on = { replies = 8, minutes = 10 }        # replies aimed at one account
[[flags.embargo]]
terms = ["report on Valdoria", "212 cases"]
until = "2026-03-03T14:00:00+01:00"
```
"""

from __future__ import annotations

import re
from typing import Any

from meetwatch.core.flags.rules import Rule, RuleError, parse_rule

ATTRIBUTION = {
    "en": ["said", "says", "told", "proposed", "insists", "wants", "wanted", "blocked", "opposed"],
    "fr": ["a dit", "dit que", "propose", "a propose", "insiste", "veut", "a bloque", "s'oppose"],
    "es": ["dijo", "dice que", "propuso", "insiste", "quiere", "bloqueo", "se opone"],
    "ru": ["сказал*", "заявил*", "предложил*", "настаивает", "хочет", "заблокировал*"],
    "ar": ["قال", "قالت", "اقترح", "اقترحت", "يصر", "تصر", "عرقل"],
    "zh": ["说", "表示", "提议", "坚持", "反对"],
}
SCHEDULE = ["will be held", "will take place", "aura lieu", "se celebrara", "состоится", "ستعقد", "将举行"]


_SHORT_SYMBOL = re.compile(r"(?:^|/)(L\.\d+.*)$")


def symbol_forms(symbol: str) -> list[str]:
    """A document symbol as posts write it: in full, and from its L-number
    on ("A/HRC/61/L.12/Rev.1" is also "L.12/Rev.1")."""
    symbol = symbol.strip()
    short = _SHORT_SYMBOL.search(symbol)
    return [symbol, short.group(1)] if short and short.group(1) != symbol else [symbol]


def watch_rules(flags: dict[str, Any]) -> tuple[list[Rule], list[str]]:
    """Rules for the watch file's ``[flags]`` table, and its problems."""
    rules: list[Rule] = []
    problems: list[str] = []
    where = "watch file [flags]"
    if not isinstance(flags, dict):
        return [], [f"{where}: must be a table"]

    def add(data: dict[str, Any]) -> None:
        try:
            rules.append(parse_rule(data, where))
        except RuleError as exc:
            problems.append(f"{where}: rule {data.get('id')!r}: {exc}; rule skipped")

    symbols = flags.get("draft_symbols")
    if isinstance(symbols, list) and symbols:
        # Symbols without an issue time share one rule; each one with
        # ``until`` (when it is issued) gets its own rule, active until then.
        forever: list[str] = []
        for n, entry in enumerate(symbols, 1):
            if isinstance(entry, dict):
                symbol, until = entry.get("symbol"), entry.get("until")
                if not isinstance(symbol, str) or not symbol.strip() or not until:
                    problems.append(f"{where}.draft_symbols #{n}: needs symbol = \"...\" and "
                                    "until = TIME (or write the symbol alone)")
                    continue
                add({"id": f"leak.watch.draft_symbol.{n}", "category": "leak", "severity": "high",
                     "description": f"Names a draft the watch file lists as not public until {until}",
                     "any": symbol_forms(symbol), "active_until": until})
            elif isinstance(entry, str) and entry.strip():
                forever.extend(symbol_forms(entry))
            else:
                problems.append(f"{where}.draft_symbols #{n}: expected a symbol or a table")
        if forever:
            add({"id": "leak.watch.draft_symbol", "category": "leak", "severity": "high",
                 "description": "Names a draft the watch file lists as not yet public",
                 "any": list(dict.fromkeys(forever))})
    elif symbols is not None and not isinstance(symbols, list):
        problems.append(f"{where}.draft_symbols: expected a list of document symbols")
    names = flags.get("facilitators")
    if isinstance(names, list) and names:
        add({"id": "indiscretion.watch.facilitator", "category": "indiscretion", "severity": "medium",
             "description": "Attributes words or positions to a facilitator the watch file names",
             "near": {"a": ATTRIBUTION, "b": [str(n) for n in names], "window": 6},
             "unless": SCHEDULE})
    elif names is not None and not isinstance(names, list):
        problems.append(f"{where}.facilitators: expected a list of names")
    embargoes = flags.get("embargo", [])
    if isinstance(embargoes, dict):
        embargoes = [embargoes]
    if not isinstance(embargoes, list):
        problems.append(f"{where}.embargo: expected [[flags.embargo]] tables")
        embargoes = []
    for n, emb in enumerate(embargoes, 1):
        if not isinstance(emb, dict) or not emb.get("terms") or not emb.get("until"):
            problems.append(f"{where}.embargo #{n}: needs terms = [...] and until = TIME")
            continue
        add({"id": f"leak.watch.embargo.{n}", "category": "leak", "severity": "high",
             "description": f"Embargoed content posted before the embargo lifts ({emb['until']})",
             "any": emb["terms"], "active_until": emb["until"],
             "unless": ["embargo lifts", "is embargoed", "est sous embargo", "levee de l'embargo"]})
    return rules, problems
