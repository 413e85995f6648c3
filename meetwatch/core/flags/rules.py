"""Flag rules as data: the model, the TOML loader and its checks.

A rule file is TOML with ``[[rule]]`` tables (see ``meetwatch/rules/*.toml``
for the shipped packs and their format).  Terms are given per language —
``any.en = [...]``, ``near.a.fr = [...]`` — or as a plain list for every
language.  A term is a phrase matched on word boundaries on the folded text
(:mod:`.normalise`); ``*`` at the end of a word matches any ending
(``filtrad*``); Chinese terms match as substrings; Arabic terms also match
after one proclitic (و ف ب ل ك, with or without ال).  ``<mention>`` stands for
an @mention.  ``near.b`` is the side that triggers the rule: put the
rarer words there (insults, leak vocabulary), the common ones in ``near.a``.

Rules compose.  A ``[lexicon.NAME]`` table (per language, or a plain list)
in any rule file names a word class — harm verbs, protected groups, negotiation
objects — and ``"$NAME"`` in any term list stands for its terms (in a
per-language list, that language's terms and the language-free ones).  A
third slot ``near.c`` must also sit within the window (a harm predicate ×
a target × a modality).  Context narrows a match without killing the rule:
``negation`` terms just before a trigger (``near.b`` or ``any``) cancel that
occurrence only ("I don't hate them"), within ``negation_window`` words;
``quoted = false`` ignores triggers inside quotation marks (counter-speech
that quotes abuse); ``raise_if`` terms anywhere raise the severity one level
(an @mention or a named person as the target).

Loading never raises for bad content: a file that is not TOML, or a rule
that is malformed or has a dangerous regex, is reported (file and rule id)
and skipped; the other rules load.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from meetwatch.core.flags.normalise import fold
from meetwatch.core.timeutil import iso

CATEGORIES: tuple[str, ...] = ("leak", "indiscretion", "threat", "harassment", "pii")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")  # ascending
LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
ANY_LANGUAGE = "*"
MENTION = "<mention>"
MAX_REGEX = 400  # characters of one rule regex
_ID = re.compile(r"^[a-z0-9_]+(?:[.\-][a-z0-9_]+)*$")
_KEYS = {"id", "category", "severity", "description", "any", "all", "near", "unless", "lower_if",
         "regex", "regex_flags", "prefilter", "boost_if", "active_from", "active_until", "examples",
         "references", "languages", "field", "negation", "negation_window", "quoted", "raise_if"}
_LEXICON_REF = re.compile(r"^\$([a-z0-9_]+)$")
MAX_LEXICON_DEPTH = 4


class RuleError(ValueError):
    """One rule cannot be used; the message says where and why."""


@dataclass(slots=True, frozen=True)
class Term:
    text: str  # as written in the rule, folded
    lang: str  # a language code, or "*"


@dataclass(slots=True)
class Rule:
    id: str
    category: str
    severity: str
    description: str
    any: tuple[Term, ...] = ()
    all: tuple[Term, ...] = ()
    near_a: tuple[Term, ...] = ()
    near_b: tuple[Term, ...] = ()
    near_c: tuple[Term, ...] = ()
    window: int = 8
    unless: tuple[Term, ...] = ()
    lower_if: tuple[Term, ...] = ()
    raise_if: tuple[Term, ...] = ()
    negation: tuple[Term, ...] = ()
    negation_window: int = 2
    quoted: bool = True  # False: triggers inside quotation marks do not count
    regex: re.Pattern[str] | None = None
    prefilter: tuple[str, ...] = ()
    boost_if: tuple[str, ...] = ()
    active_from: str | None = None  # ISO 8601 UTC, comparable as text with post times
    active_until: str | None = None
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    source: str = ""
    languages: tuple[str, ...] = field(default=())

    def terms(self) -> list[tuple[str, Term]]:
        """Every literal of the rule with its role."""
        out: list[tuple[str, Term]] = []
        for role, terms in (("any", self.any), ("all", self.all), ("a", self.near_a),
                            ("b", self.near_b), ("c", self.near_c), ("unless", self.unless),
                            ("lower", self.lower_if), ("raise", self.raise_if), ("negation", self.negation)):
            out.extend((role, t) for t in terms)
        return out


def level(severity: str) -> int:
    return SEVERITIES.index(severity)


def shift(severity: str, by: int) -> str:
    return SEVERITIES[max(0, min(len(SEVERITIES) - 1, level(severity) + by))]


def matches_any(rule_id: str, patterns: tuple[str, ...] | list[str] | set[str]) -> bool:
    """Rule ids are disabled or boosted by exact id or glob (``harassment.*``)."""
    return any(rule_id == p or fnmatch.fnmatchcase(rule_id, p) for p in patterns)


# -- regex safety ------------------------------------------------------------------


def _unbounded_items(items: Any) -> list[Any]:
    """The items repeated without bound anywhere inside ``items``."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: list[Any] = []
    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if av[1] == c.MAXREPEAT:
                out.extend(av[2])
            out.extend(_unbounded_items(av[2]))
        elif op is c.SUBPATTERN:
            out.extend(_unbounded_items(av[3]))
        elif op is c.BRANCH:
            for b in av[1]:
                out.extend(_unbounded_items(b))
        elif op in (c.ASSERT, c.ASSERT_NOT, c.ATOMIC_GROUP):
            out.extend(_unbounded_items(av[1] if op is not c.ATOMIC_GROUP else av))
    return out


_CATEGORY_TEST = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                  "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _can_match(item: Any, ch: str) -> bool:
    """Could the single-character ``item`` match ``ch``?  True when unsure."""
    from re import _constants as c  # type: ignore[attr-defined]

    op, av = item
    if op is c.LITERAL:
        return bool(av == ord(ch))
    if op is c.NOT_LITERAL:
        return bool(av != ord(ch))
    if op is c.CATEGORY:
        test = _CATEGORY_TEST.get(str(av))
        return test is None or re.match(test, ch) is not None
    if op is c.IN:
        negate = False
        hit = False
        for sop, sav in av:
            if sop is c.NEGATE:
                negate = True
            elif sop is c.LITERAL:
                hit = hit or sav == ord(ch)
            elif sop is c.RANGE:
                hit = hit or sav[0] <= ord(ch) <= sav[1]
            elif sop is c.CATEGORY:
                hit = hit or _can_match((c.CATEGORY, sav), ch)
            else:
                return True
        return hit != negate
    return True


def _overlapping_branch(body: list[Any]) -> str | None:
    """A repeated alternation whose branches can start alike, like (a|aa)+."""
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in body:
        if op is c.SUBPATTERN and (problem := _overlapping_branch(list(av[3]))):
            return problem
        if op is c.BRANCH:
            firsts: list[int] = []
            for branch in av[1]:
                items = list(branch)
                if not items or items[0][0] is not c.LITERAL or items[0][1] in firsts:
                    return "a repeated alternation whose branches overlap (catastrophic backtracking)"
                firsts.append(items[0][1])
    return None


def _check_nesting(items: Any) -> str | None:
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            body = list(av[2])
            inner = _unbounded_items(body)
            if av[1] == c.MAXREPEAT and inner:
                # Safe only when every round starts with a delimiter that the
                # inner repeats cannot eat: (?:/[a-z]+)* is fine, (a+)+ is not.
                first = body[0] if body else None
                if first is not None and first[0] is c.SUBPATTERN and list(first[1][3]):
                    first = next(iter(first[1][3]))
                if first is None or first[0] is not c.LITERAL or any(
                        _can_match(i, chr(first[1])) for i in inner):
                    return "nested quantifiers (catastrophic backtracking)"
            if av[1] == c.MAXREPEAT and (problem := _overlapping_branch(body)):
                return problem
            if problem := _check_nesting(body):
                return problem
        elif op is c.SUBPATTERN:
            if problem := _check_nesting(av[3]):
                return problem
        elif op is c.BRANCH:
            for b in av[1]:
                if problem := _check_nesting(b):
                    return problem
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if problem := _check_nesting(av[1]):
                return problem
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return "backreferences are not allowed"
    return None


def compile_safe(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a rule's regex, refusing what could take exponential time.

    Python's ``re`` has no timeout, so patterns are screened instead: no
    nested unbounded quantifiers (``(a+)+``, ``(\\w*\\s?)*``), no
    backreferences, bounded length.  Texts are capped in length upstream.
    """
    if len(pattern) > MAX_REGEX:
        raise RuleError(f"regex longer than {MAX_REGEX} characters")
    from re import _parser  # type: ignore[attr-defined]

    try:
        parsed = _parser.parse(pattern, flags)
        compiled = re.compile(pattern, flags)
    except (re.error, RecursionError, OverflowError) as exc:
        raise RuleError(f"regex does not compile: {exc}") from exc
    if problem := _check_nesting(list(parsed)):
        raise RuleError(f"regex rejected: {problem}")
    return compiled


# -- loading -----------------------------------------------------------------------


def _time(value: Any, key: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise RuleError(f"{key}: not an ISO 8601 time: {value!r}") from exc
    else:
        raise RuleError(f"{key}: expected a time")
    if dt.tzinfo is None:
        raise RuleError(f"{key}: give a time zone offset (e.g. +01:00)")
    return iso(dt)


Lexicons = dict[str, Any]  # name -> the [lexicon.NAME] value as written
# term as written -> folded and checked (lexicons repeat their terms in many rules)
_FOLDED: dict[str, str] = {}


def _pairs(value: Any, key: str) -> list[tuple[str, Any]]:
    if isinstance(value, list):
        return [(ANY_LANGUAGE, value)]
    if isinstance(value, dict):
        return list(value.items())
    raise RuleError(f"{key}: expected a list of terms or a table of lists by language")


def _expand(lang: str, terms: list[str], key: str, lexicons: Lexicons, depth: int = 0
            ) -> list[tuple[str, str]]:
    """``(language, term)`` for a term list, ``$NAME`` lexicon references
    replaced by the lexicon's terms for ``lang`` (all of them for ``*``)."""
    out: list[tuple[str, str]] = []
    for t in terms:
        ref = _LEXICON_REF.match(t.strip())
        if ref is None:
            out.append((lang, t))
            continue
        name = ref.group(1)
        if name not in lexicons:
            raise RuleError(f"{key}.{lang}: unknown lexicon ${name}")
        if depth >= MAX_LEXICON_DEPTH:
            raise RuleError(f"{key}.{lang}: lexicon ${name} nests deeper than {MAX_LEXICON_DEPTH}")
        for sub_lang, sub in _pairs(lexicons[name], f"lexicon.{name}"):
            if lang not in (ANY_LANGUAGE, sub_lang) and sub_lang != ANY_LANGUAGE:
                continue
            if not isinstance(sub, list) or not all(isinstance(x, str) for x in sub):
                raise RuleError(f"lexicon.{name}.{sub_lang}: expected a list of strings")
            out.extend(_expand(sub_lang if lang == ANY_LANGUAGE else lang, sub, f"lexicon.{name}",
                               lexicons, depth + 1))
    return out


def _terms(value: Any, key: str, fold: Any, lexicons: Lexicons | None = None) -> tuple[Term, ...]:
    if value is None:
        return ()
    out: list[Term] = []
    seen: set[Term] = set()
    for lang, terms in _pairs(value, key):
        if lang not in LANGUAGES and lang != ANY_LANGUAGE:
            raise RuleError(f"{key}.{lang}: unknown language (use {', '.join(LANGUAGES)})")
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise RuleError(f"{key}.{lang}: expected a list of strings")
        for term_lang, t in _expand(lang, terms, key, lexicons or {}):
            folded = _FOLDED.get(t)
            if folded is None:
                folded = t.strip() if t.strip() == MENTION else fold(t.strip())
                if not folded or not folded.strip("* "):
                    raise RuleError(f"{key}.{lang}: empty term {t!r}")
                stems = [w for w in re.findall(r"\w+\*?", folded) if w.endswith("*")]
                if any(len(w) < 4 for w in stems):
                    raise RuleError(f"{key}.{lang}: {t!r}: a word ending in * needs 3+ letters")
                if len(_FOLDED) < 200_000:
                    _FOLDED[t] = folded
            term = Term(folded, term_lang)
            if term not in seen:
                seen.add(term)
                out.append(term)
    return tuple(out)


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RuleError(f"{key}: expected a list of strings")


def _languages(value: Any, rid: str) -> tuple[str, ...]:
    """The languages a rule is for: as given, or the code its id ends in
    (``threat.survival.ru``, a language file's own rule); empty for all."""
    langs = _strings(value, "languages")
    if bad := [x for x in langs if x not in LANGUAGES]:
        raise RuleError(f"languages: unknown {', '.join(bad)} (use {', '.join(LANGUAGES)})")
    if not langs and rid.rsplit(".", 1)[-1] in LANGUAGES:
        return (rid.rsplit(".", 1)[-1],)
    return langs


def parse_rule(data: Any, source: str = "", lexicons: Lexicons | None = None) -> Rule:
    """One ``[[rule]]`` table to a :class:`Rule`; raises RuleError."""
    def fold_text(s: str) -> str:
        return fold(s).text

    def terms(value: Any, key: str) -> tuple[Term, ...]:
        return _terms(value, key, fold_text, lexicons)

    if not isinstance(data, dict):
        raise RuleError("a rule must be a table")
    rid = data.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise RuleError(f"id {rid!r}: expected a dotted lower-case id like 'leak.marking'")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise RuleError(f"unknown key(s): {', '.join(unknown)}")
    category = data.get("category") or rid.split(".")[0]
    if category not in CATEGORIES:
        raise RuleError(f"category {category!r}: use one of {', '.join(CATEGORIES)}")
    severity = data.get("severity", "medium")
    if severity not in SEVERITIES:
        raise RuleError(f"severity {severity!r}: use one of {', '.join(SEVERITIES)}")
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise RuleError("a description is required (it is shown with every flag)")
    near = data.get("near") or {}
    if not isinstance(near, dict):
        raise RuleError("near: expected near.a, near.b and near.window")
    window = near.get("window", 8)
    if not isinstance(window, int) or not 0 <= window <= 100:
        raise RuleError("near.window: expected a number of words from 0 to 100")
    negation_window = data.get("negation_window", 2)
    if not isinstance(negation_window, int) or not 0 <= negation_window <= 10:
        raise RuleError("negation_window: expected a number of words from 0 to 10")
    quoted = data.get("quoted", True)
    if not isinstance(quoted, bool):
        raise RuleError("quoted: expected true or false")
    regex = None
    if data.get("regex"):
        if not isinstance(data["regex"], str):
            raise RuleError("regex: expected a string")
        flags = 0
        for name in _strings(data.get("regex_flags"), "regex_flags"):
            if name not in ("IGNORECASE", "MULTILINE"):
                raise RuleError(f"regex_flags: {name!r} is not supported (IGNORECASE, MULTILINE)")
            flags |= getattr(re, name)
        regex = compile_safe(data["regex"], flags)
    examples = data.get("examples") or {}
    if not isinstance(examples, dict):
        raise RuleError("examples: expected examples.match and examples.no_match")
    rule = Rule(
        id=rid, category=category, severity=severity, description=description.strip(),
        any=terms(data.get("any"), "any"),
        all=terms(data.get("all"), "all"),
        near_a=terms(near.get("a"), "near.a"),
        near_b=terms(near.get("b"), "near.b"),
        near_c=terms(near.get("c"), "near.c"),
        window=window,
        unless=terms(data.get("unless"), "unless"),
        lower_if=terms(data.get("lower_if"), "lower_if"),
        raise_if=terms(data.get("raise_if"), "raise_if"),
        negation=terms(data.get("negation"), "negation"),
        negation_window=negation_window,
        quoted=quoted,
        regex=regex,
        prefilter=tuple(fold_text(p) for p in _strings(data.get("prefilter"), "prefilter")),
        boost_if=_strings(data.get("boost_if"), "boost_if"),
        active_from=_time(data.get("active_from"), "active_from"),
        active_until=_time(data.get("active_until"), "active_until"),
        examples_match=_strings(examples.get("match"), "examples.match"),
        examples_no_match=_strings(examples.get("no_match"), "examples.no_match"),
        source=source,
        languages=_languages(data.get("languages"), rid),
    )
    if bool(rule.near_a) != bool(rule.near_b):
        raise RuleError("near needs both near.a and near.b")
    if rule.near_c and not rule.near_a:
        raise RuleError("near.c needs near.a and near.b")
    if set(near) - {"a", "b", "c", "window"}:
        raise RuleError(f"near: unknown key(s) {', '.join(sorted(set(near) - {'a', 'b', 'c', 'window'}))}")
    if not (rule.any or rule.all or rule.near_a or rule.regex):
        raise RuleError("nothing to match: give any, all, near or regex")
    return rule


@dataclass(slots=True)
class LoadResult:
    """What loading rule files gave.  Rules are parsed when first read, once
    every file's lexicons are known (a rule may use a lexicon of a file
    loaded after its own)."""

    _rules: list[Rule] = field(default_factory=list)
    disabled: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    lexicons: Lexicons = field(default_factory=dict)
    _pending: list[tuple[int, Any, str]] = field(default_factory=list)  # (n, table, source)

    @property
    def rules(self) -> list[Rule]:
        if self._pending:
            pending, self._pending = self._pending, []
            for n, item, source in pending:
                rid = item.get("id") if isinstance(item, dict) else None
                where = f"rule {rid!r}" if isinstance(rid, str) else f"rule #{n}"
                try:
                    self._rules.append(parse_rule(item, source, self.lexicons))
                except RuleError as exc:
                    self.problems.append(f"{source}: {where}: {exc}; rule skipped")
                except Exception as exc:  # a rule file must never stop meetwatch
                    self.problems.append(f"{source}: {where}: {type(exc).__name__}: {exc}; rule skipped")
        return self._rules


def load_text(text: str, source: str, result: LoadResult) -> None:
    """Add the rules of one TOML document to ``result``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        result.problems.append(f"{source}: not valid TOML, file skipped: {exc}")
        return
    load_data(data, source, result)


def load_data(data: dict[str, Any], source: str, result: LoadResult) -> None:
    disabled = data.get("disable", [])
    if isinstance(disabled, list) and all(isinstance(d, str) for d in disabled):
        result.disabled.update(disabled)
    else:
        result.problems.append(f"{source}: disable: expected a list of rule ids")
    lexicons = data.get("lexicon", {})
    if isinstance(lexicons, dict):
        for name, value in lexicons.items():
            if not re.fullmatch(r"[a-z0-9_]+", str(name)):
                result.problems.append(f"{source}: lexicon {name!r}: names are lower-case letters, digits "
                                       "and _; lexicon skipped")
                continue
            try:
                pairs = _pairs(value, f"lexicon.{name}")
                for lang, terms in pairs:
                    if lang not in LANGUAGES and lang != ANY_LANGUAGE:
                        raise RuleError(f"lexicon.{name}.{lang}: unknown language")
                    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
                        raise RuleError(f"lexicon.{name}.{lang}: expected a list of strings")
            except RuleError as exc:
                result.problems.append(f"{source}: {exc}; lexicon skipped")
                continue
            # classes merge across files: one file per language is the
            # convention, and a user's rule file adds its own terms
            merged = result.lexicons.setdefault(name, {})
            for lang, terms in pairs:
                merged[lang] = list(dict.fromkeys([*merged.get(lang, []), *terms]))
    else:
        result.problems.append(f"{source}: [lexicon] must be a table of word lists")
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        result.problems.append(f"{source}: [[rule]] must be an array of tables")
        return
    result._pending.extend((n, item, source) for n, item in enumerate(rules, 1))


def load_file(path: Path, result: LoadResult) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(f"{path}: cannot read, file skipped: {exc}")
        return
    load_text(text, str(path), result)


def shipped_rule_files() -> list[Path]:
    """The rule packs shipped in the package: ``meetwatch/rules/*.toml`` (rules
    by category) and ``meetwatch/rules/lexicon/*.toml`` (word classes by
    language)."""
    root = Path(__file__).resolve().parent.parent.parent / "rules"
    return sorted(root.glob("*.toml")) + sorted((root / "lexicon").glob("*.toml"))
