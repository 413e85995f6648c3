"""The flag engine: a cheap prefilter over every term of every rule, then
per-rule logic, then severity, then self-explaining hits.

Prefilter: the folded post is split into words once; each term waits under
its longest word (or, for a ``stem*``, under the stem's first letters, and a
Chinese term under its first two characters), and the post's words are
intersected (in C) with those keys.  Only the terms behind a shared key are
checked — first that all their words are in the post, then their own regex,
compiled on first use.  Every term list of a rule (a lexicon side can hold
thousands of terms in six languages) is indexed the same way, so a post
costs its own words, not the size of the lexicons.  Most posts share no key
with any trigger and cost one fold, one ``findall`` and a few intersections.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import chain
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from meetwatch.core.flags.normalise import EVASIONS, SINGLE_LETTERS, Folded, fold
from meetwatch.core.flags.rules import ANY_LANGUAGE, MENTION, Rule, Term, matches_any, shift

if TYPE_CHECKING:
    from meetwatch.core.flags.scorer import Scorer

MAX_SCAN = 20_000  # characters of one text that are scanned
MAX_EVIDENCE = 300
KEY = 4  # letters of a word that key the prefilter
MAX_SPANS = 32  # occurrences of one term that are kept (bounds the work of `near`)
MAX_WORD_CHARS = 40  # a gap longer than window * this many characters is never near

_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_ARABIC = re.compile("[\u0600-\u06ff]")
# Terms with digits (document symbols, figures) also end at a Han character
# ("L.12修订草案"); only they pay for it: a Han class in a lookaround takes
# about a millisecond to compile, per term.
_NO_WORD_BEFORE = f"(?:(?<!\\w)|(?<=[{_CJK_CHARS}]))"
_NO_WORD_AFTER = f"(?:(?!\\w)|(?=[{_CJK_CHARS}]))"
_SPACED_HAN = re.compile(f"[{_CJK_CHARS}] [{_CJK_CHARS}] [{_CJK_CHARS}]")
_WORD = re.compile(r"\w+")
# the words of a term; punctuation between them matches any non-word run
_TERM_WORD = re.compile(r"\w+(?:'\w+)*\*?")
# an Arabic word after one proclitic (and/or the article): its stem keys too
_CLITIC = "[\u0648\u0641\u0628\u0644\u0643]"  # و ف ب ل ك
_PROCLITIC = re.compile(
    rf"(?<!\w)(?:{_CLITIC}?\u0627\u0644|\u0644\u0644|{_CLITIC})([\u0621-\u064a]{{2,}})")  # و ف ب ل ك, ال, لل
_ARABIC_PREFIX = (r"(?:[\u0648\u0641\u0628\u0644\u0643]?\u0627\u0644|\u0644\u0644"
                  r"|[\u0648\u0641\u0628\u0644\u0643])?")
# English, French and Spanish share a script and many word forms ("para",
# "hotel", "deport*"): a term of one of them is not looked for in a post
# known to be in another of them.  Terms of the other languages, and every
# term in a post of unknown language, are looked for everywhere (their
# scripts keep them apart; transliterations are meant to cross).
_SHARED_SCRIPT = frozenset({"en", "fr", "es"})


def blocked_languages(lang: str | None) -> frozenset[str]:
    """The term languages not looked for in a post in ``lang``."""
    code = (lang or "")[:2].lower()
    return _SHARED_SCRIPT - {code} if code in _SHARED_SCRIPT else frozenset()


_LATIN_RUN = re.compile("[a-z0-9]+")
_SHORT_STEM = re.compile(rf"(?<!\w)(\w{{1,{KEY - 1}}})\*")  # a stem shorter than KEY letters
_QUOTE_CHARS = re.compile("[\u201c\u00ab\u201e\u300c\u300e]")
_GAP_TOKEN = re.compile(f"[{_CJK_CHARS}]{{1,2}}|[^\\W{_CJK_CHARS}]+")
_MENTION_RE = re.compile(r"(?<![\w@])@\w[\w.\-]*(?:@[\w\-]+(?:\.[\w\-]+)+)?")
# Quoted passages (counter-speech that quotes abuse, reported speech): double
# quotes of every script, and single quotes that open and close at word edges.
_QUOTED = re.compile(
    '"[^"\n]{1,400}"|\u201c[^\u201d\n]{1,400}\u201d|\u00ab[^\u00bb\n]{1,400}\u00bb'
    '|\u201e[^\u201c\u201d\n]{1,400}[\u201c\u201d]|\u300c[^\u300d\n]{1,400}\u300d'
    '|\u300e[^\u300f\n]{1,400}\u300f|(?<!\\w)\'[^\'\n]{2,400}\'(?!\\w)')


def _MENTION_RE_FIND(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _MENTION_RE.finditer(text)][:MAX_SPANS]


@dataclass(slots=True)
class Hit:
    """One rule that fired on one text, with everything needed to explain it."""

    rule: str
    category: str
    severity: str
    description: str
    evidence: str
    spans: list[tuple[int, int]]
    terms: list[str]
    normalisations: list[str]
    language: str | None
    base_severity: str = ""
    adjustments: list[str] = field(default_factory=list)

    def detail(self) -> dict[str, Any]:
        return {
            "description": self.description, "base_severity": self.base_severity,
            "spans": [list(s) for s in self.spans], "terms": self.terms,
            "normalisations": self.normalisations, "language": self.language,
            "adjustments": self.adjustments,
        }


# A hit as it crosses the parse pipe and is stored: marshal-friendly.
EncodedHit = tuple[str, str, str, str, dict[str, Any]]


def encode_hits(hits: list[Hit]) -> tuple[EncodedHit, ...]:
    return tuple((h.rule, h.category, h.severity, h.evidence, h.detail()) for h in hits)


def raise_for_author(hits: tuple[EncodedHit, ...], author_category: str | None
                     ) -> list[EncodedHit]:
    """Context only meetwatch has: a leak or indiscretion posted by one of
    the user's *own* accounts matters one level more."""
    if author_category != "own":
        return list(hits)
    out: list[EncodedHit] = []
    for rule, category, severity, evidence, detail in hits:
        if category in ("leak", "indiscretion"):
            raised = shift(severity, 1)
            if raised != severity:
                detail = {**detail, "adjustments": [*detail.get("adjustments", []),
                                                    "+1: posted by an own account"]}
                severity = raised
        out.append((rule, category, severity, evidence, detail))
    return out


class _TermMatcher:
    """One term's matcher.  Its regex is compiled on first use: a lexicon
    expands to thousands of terms and most posts never reach most of them
    (compiling them all up front cost seconds at every start)."""

    __slots__ = ("_pattern", "cjk", "key", "langs", "needed", "source", "stems", "symbol", "term", "word")

    def __init__(self, term: str) -> None:
        self.term = term
        self.langs: frozenset[str] = frozenset()  # the languages of the rules' terms with this text
        self.cjk = bool(_CJK.search(term))
        # a term without letters or digits (an emoji, "🔪🔪") matches as a substring anywhere
        self.symbol = term != MENTION and not self.cjk and not _WORD.search(term)
        self.key: str | None = None
        self.word: str | None = None  # the key word, when it must occur whole
        # every plain word of the term must be a word of the post, and every
        # ``stem*`` the start of one, before its regex is run
        self.needed: frozenset[str] = frozenset()
        self.stems: tuple[str, ...] = ()
        self.source: str | None = None  # the regex, for terms that are not substrings
        self._pattern: re.Pattern[str] | None = None
        if term == MENTION:
            self._pattern = _MENTION_RE
            self.source = _MENTION_RE.pattern
            return
        if self.cjk or self.symbol:
            return
        words = _TERM_WORD.findall(term) or [term]
        parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
        body = r"\W+".join(parts)
        numeric = any(c.isdigit() for c in term)
        prefix = "" if not re.match(r"\w", term) else _NO_WORD_BEFORE if numeric else r"(?<!\w)"
        if _ARABIC.match(term):
            prefix += _ARABIC_PREFIX
        suffix = "" if not re.search(r"[\w*]$", term) else _NO_WORD_AFTER if numeric else r"(?!\w)"
        self.source = prefix + body + suffix
        plain = [w for w in words if not w.endswith("*")]
        self.needed = frozenset(x for w in plain for x in _WORD.findall(w))
        self.stems = tuple(w[:-1] for w in words if w.endswith("*") and _WORD.fullmatch(w[:-1]))
        # Key on the longest word (the last of equals): the most specific.
        candidates = [(len(w.rstrip("*")), i, w) for i, w in enumerate(words)]
        _, _, best = max(candidates) if candidates else (0, 0, term)
        if best.endswith("*") or not re.fullmatch(r"\w+", best):
            stem = _WORD.findall(best.rstrip("*")) or [best]
            self.key = max(stem, key=len)[:KEY]
        else:
            self.key = best[:KEY]
            self.word = best

    def possible(self, words: set[str]) -> bool:
        """Could the term occur in a post with these words?  (Cheap: a
        subset test and a few prefix tests, before any regex.)"""
        if not self.needed <= words:
            return False
        return all(any(w.startswith(stem) for w in words) for stem in self.stems)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        if self._pattern is None and self.source is not None:
            self._pattern = re.compile(self.source)  # a race only compiles it twice
        return self._pattern

    def find(self, text: str) -> list[tuple[int, int]]:
        pattern = self.pattern
        if pattern is None:  # CJK or symbol substring
            out: list[tuple[int, int]] = []
            i = text.find(self.term)
            while i >= 0:
                out.append((i, i + len(self.term)))
                i = text.find(self.term, i + 1)
                if len(out) >= MAX_SPANS:
                    break
            return out
        out = []
        for m in pattern.finditer(text):
            out.append(m.span())
            if len(out) >= MAX_SPANS:
                break
        return out


_Item = TypeVar("_Item")
Spans = list[tuple[int, int]]
Present = Callable[[tuple[Term, ...]], list[tuple[Term, Spans]]]


class _Index(Generic[_Item]):
    """Terms indexed the way the prefilter needs them: under their longest
    word, a stem's first letters, a Chinese term's first two characters,
    with emoji terms and ``<mention>`` apart.  Finding which of them a post
    holds then costs the post's words, not the list's length.  Used for the
    engine's trigger terms (items: matchers) and for each term list of a
    rule (items: terms) — a lexicon side can hold thousands of terms."""

    __slots__ = ("by_gram", "by_key", "by_word", "grams", "items", "keys", "mention", "symbols", "words")

    def __init__(self, items: Sequence[_Item], text: Callable[[_Item], str],
                 matcher: Callable[[str], _TermMatcher]) -> None:
        self.items = items  # kept alive: a rule's index is cached by the id of its term tuple
        self.by_key: dict[str, list[_Item]] = {}  # stems ("kill*") by their first letters
        self.by_word: dict[str, list[_Item]] = {}  # the rest by the longest word, which must occur whole
        self.by_gram: dict[str, list[_Item]] = {}  # Chinese terms by their first two characters
        self.mention: _Item | None = None
        self.symbols: list[_Item] = []  # emoji and other terms without letters
        for item in items:
            m = matcher(text(item))
            if m.term == MENTION:
                self.mention = item
            elif m.cjk:
                self.by_gram.setdefault(m.term[:2], []).append(item)
            elif m.symbol:
                self.symbols.append(item)
            elif m.word is not None:
                self.by_word.setdefault(m.word, []).append(item)
            elif m.key is not None:
                self.by_key.setdefault(m.key, []).append(item)
        self.keys = frozenset(self.by_key)
        self.words = frozenset(self.by_word)
        self.grams = frozenset(self.by_gram)


def _term_text(t: Term) -> str:
    return t.text


def _matcher_text(m: _TermMatcher) -> str:
    return m.term


def han_grams(text: str) -> set[str]:
    """Every character and pair of characters of a text with Han in it: the
    keys Chinese terms are indexed by."""
    return {text[i:i + 2] for i in range(len(text) - 1)} | set(text)


class FlagEngine:
    """Compiled rules.  ``scan`` is thread-safe and never raises for any text."""

    def __init__(self, rules: list[Rule], scorer: Scorer | None = None,
                 scorer_off: frozenset[str] = frozenset()) -> None:
        self.rules = list(rules)
        self.scorer = scorer
        self.scorer_off = scorer_off  # categories the scorer does not flag
        self.by_id = {r.id: r for r in self.rules}
        self._matchers: dict[str, _TermMatcher] = {}
        # The prefilter holds only each rule's *trigger* terms: its ``any``,
        # else its ``all``, else its ``near.b`` (the rarer side by convention).
        # Other terms (near.a, unless, lower_if) are looked up only for the
        # few rules a trigger fired.
        triggers: list[_TermMatcher] = []
        self._rules_of: dict[str, list[Rule]] = {}
        self._regex_only: list[tuple[tuple[str, ...], Rule]] = []
        # Matchers are made for trigger terms here and for the other terms
        # when a rule first needs them (most lexicon terms never are).
        langs: dict[str, set[str]] = {}
        short: set[int] = set()
        for rule in self.rules:
            for _, t in rule.terms():
                if "*" in t.text:
                    short.update(len(x) for x in _SHORT_STEM.findall(t.text))
            for t in rule.any or rule.all or rule.near_b:
                langs.setdefault(t.text, set()).add(t.lang)
                m = self.matcher(t.text)
                rules = self._rules_of.setdefault(m.term, [])
                if rules:
                    if rule not in rules:
                        rules.append(rule)
                    continue
                rules.append(rule)
                triggers.append(m)
            if rule.regex is not None and not (rule.any or rule.all or rule.near_a):
                self._regex_only.append((rule.prefilter, rule))
        self._triggers_index = _Index(triggers, _matcher_text, self.matcher)
        # a stem shorter than KEY letters ("قتل*") keys on fewer letters: posts then key on those too
        self._short = sorted(short, reverse=True)
        for text, found in langs.items():
            self._matchers[text].langs = frozenset(found)
        self._indexes: dict[int, _Index[Term]] = {}

    def matcher(self, text: str) -> _TermMatcher:
        """The matcher of a (folded) term, made on first use."""
        m = self._matchers.get(text)
        if m is None:
            m = self._matchers[text] = _TermMatcher(text)  # a race only makes it twice
        return m

    def _present(self, terms: tuple[Term, ...], text: str, keys: set[str], words: set[str],
                 grams: set[str] | None, lookup: Callable[[str], Spans], blocked: frozenset[str]
                 ) -> list[tuple[Term, Spans]]:
        """The terms of ``terms`` that occur in the post, with their spans."""
        if not terms:
            return []
        index = self._indexes.get(id(terms))
        if index is None or index.items is not terms:
            index = self._indexes[id(terms)] = _Index(terms, _term_text, self.matcher)
        out: list[tuple[Term, Spans]] = []
        for w in index.words & words:
            for t in index.by_word[w]:
                if t.lang not in blocked and (spans := lookup(t.text)):
                    out.append((t, spans))
        if index.keys:
            for k in index.keys & keys:
                for t in index.by_key[k]:
                    if t.lang not in blocked and (spans := lookup(t.text)):
                        out.append((t, spans))
        if index.mention is not None and "@" in text and (spans := lookup(MENTION)):
            out.append((index.mention, spans))
        if grams is not None and index.grams:
            for g in index.grams & grams:
                for t in index.by_gram[g]:
                    if t.lang not in blocked and t.text in text and (spans := lookup(t.text)):
                        out.append((t, spans))
        for t in index.symbols:
            if t.text in text and (spans := lookup(t.text)):
                out.append((t, spans))
        return out

    # -- matching -------------------------------------------------------------

    def _triggers(self, text: str, keys: set[str], words: set[str], grams: set[str] | None,
                  blocked: frozenset[str] = frozenset()) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, list[tuple[int, int]]] = {}
        index = self._triggers_index
        for m in chain(chain.from_iterable(index.by_word[w] for w in index.words & words),
                       chain.from_iterable(index.by_key[k] for k in index.keys & keys)):
            if m.term not in found and m.possible(words) and not (blocked and m.langs <= blocked):
                found[m.term] = m.find(text)
        for m in index.symbols:
            if m.term in text:
                found[m.term] = m.find(text)
        if grams is not None:
            for g in index.grams & grams:
                for m in index.by_gram[g]:
                    if m.term in text:
                        found[m.term] = m.find(text)
        if index.mention is not None and "@" in text:
            found[MENTION] = _MENTION_RE_FIND(text)
        return found

    def _lookup(self, term: str, text: str, keys: set[str], words: set[str],
                found: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
        """The spans of any term, computed on first use."""
        spans = found.get(term)
        if spans is None:
            m = self.matcher(term)
            if term == MENTION:
                spans = _MENTION_RE_FIND(text) if "@" in text else []
            elif m.cjk or m.symbol:
                spans = m.find(text) if m.term in text else []
            elif m.key is not None and (m.key not in keys or not m.possible(words)):
                spans = []
            else:
                spans = m.find(text)
            found[term] = spans
        return spans

    def scan(self, text: str, *, lang: str | None = None, at: str | None = None,
             scorer: bool = True) -> list[Hit]:
        """The rules ``text`` triggers, then the scorer's flags for what no
        rule of that category caught (``scorer=False``: rules alone).  ``at``
        (ISO UTC) is the post's time, for rules with an active window;
        ``lang`` the post's language."""
        try:
            return self._scan(text[:MAX_SCAN], lang, at, scorer and self.scorer is not None)
        except Exception:  # a flag rule must never stop the pipeline
            return []

    def _scan(self, text: str, lang: str | None, at: str | None, use_scorer: bool = True) -> list[Hit]:
        if not text:
            return []
        f = fold(text, spacing=False)
        folded = f.text
        all_words = _WORD.findall(folded)
        if len(SINGLE_LETTERS.intersection(all_words)) >= 3 or (
                not folded.isascii() and _SPACED_HAN.search(folded)):  # "t h r e a t", "杀 了 你"
            f = fold(text)
            if f.text != folded:
                folded = f.text
                all_words = _WORD.findall(folded)
        ascii = folded.isascii()
        if not ascii and _ARABIC.search(folded):
            all_words.extend(_PROCLITIC.findall(folded))
        words = set(all_words)
        han = not ascii and _CJK.search(folded) is not None
        if han:
            # Latin letters and digits glued to Han characters ("L.12/Rev.1修订草案") are words too
            words.update(_LATIN_RUN.findall(folded))
        keys = {w[:KEY] for w in words}
        for n in self._short:
            keys.update(w[:n] for w in words if len(w) > n)
        blocked = blocked_languages(lang)
        grams = han_grams(folded) if han else None
        found = self._triggers(folded, keys, words, grams, blocked)
        candidates: list[Rule] = []
        seen: set[str] = set()
        for term, spans in found.items():
            if spans:
                for rule in self._rules_of[term]:
                    if rule.id not in seen:
                        seen.add(rule.id)
                        candidates.append(rule)
        for prefilter, rule in self._regex_only:
            if not prefilter:
                candidates.append(rule)
                continue
            for p in prefilter:
                if p in folded:
                    candidates.append(rule)
                    break
        hits: list[Hit] = []
        if candidates:
            def lookup(term: str) -> list[tuple[int, int]]:
                return self._lookup(term, folded, keys, words, found)

            def present(terms: tuple[Term, ...]) -> list[tuple[Term, Spans]]:
                return self._present(terms, folded, keys, words, grams, lookup, blocked)

            quotes: list[tuple[int, int]] | None = None

            def quoted() -> list[tuple[int, int]]:
                nonlocal quotes
                if quotes is None:
                    quotes = [m.span() for m in _QUOTED.finditer(folded)]
                return quotes

            hits = [h for rule in candidates
                    if (h := self._evaluate(rule, f, lookup, present, quoted, lang, at))]
        if use_scorer and self.scorer is not None:
            caught = {h.category for h in hits} | self.scorer_off
            hits.extend(self.scorer.hits(f, all_words, exclude=caught, lang=lang))
        if not hits:
            return hits
        def boost_of(hit: Hit) -> tuple[str, ...]:
            rule = self.by_id.get(hit.rule)
            return rule.boost_if if rule is not None else ()

        if len(hits) > 1 or any(boost_of(h) for h in hits):
            ids = [h.rule for h in hits]
            for h in hits:
                boost = boost_of(h)
                if boost and (why := [i for i in ids if i != h.rule and matches_any(i, boost)]):
                    h.severity = shift(h.severity, 1)
                    h.adjustments.append(f"+1: also {', '.join(why)}")
        return hits

    @staticmethod
    def _keep(rule: Rule, text: str, spans: list[tuple[int, int]], present: Present,
              quoted: Callable[[], list[tuple[int, int]]]) -> list[tuple[int, int]]:
        """The occurrences of a trigger that count: not inside quotation
        marks (when the rule says so), not just after a negation."""
        if not rule.quoted and spans and ('"' in text or "'" in text or _QUOTE_CHARS.search(text)):
            regions = quoted()
            spans = [sp for sp in spans if not any(q[0] <= sp[0] and sp[1] <= q[1] for q in regions)]
        if rule.negation and spans:
            negs = [n for _, found in present(rule.negation) for n in found]
            if negs:
                def negated(sp: tuple[int, int]) -> bool:
                    for n in negs:
                        if n[1] <= sp[0] and sp[0] - n[1] <= (rule.negation_window + 1) * MAX_WORD_CHARS \
                                and len(_GAP_TOKEN.findall(text, n[1], sp[0])) <= rule.negation_window:
                            return True
                    return False
                spans = [sp for sp in spans if not negated(sp)]
        return spans

    def _evaluate(self, rule: Rule, f: Folded, lookup: Callable[[str], list[tuple[int, int]]],
                  present: Present, quoted: Callable[[], list[tuple[int, int]]], lang: str | None,
                  at: str | None) -> Hit | None:
        if at is not None and ((rule.active_from and at < rule.active_from)
                               or (rule.active_until and at >= rule.active_until)):
            return None
        if rule.languages and lang and lang[:2].lower() not in rule.languages:
            return None  # a language's own rule, on a post known to be in another
        spans: list[tuple[int, int]] = []  # in folded coordinates
        used: list[Term] = []
        filtered = not rule.quoted or bool(rule.negation)
        if rule.any:
            kept: list[Term] = []
            for t, found in present(rule.any):
                if filtered:
                    found = self._keep(rule, f.text, found, present, quoted)
                if found:
                    kept.append(t)
                    spans.extend(found)
            if not kept:
                return None
            used.extend(kept)
        for t in rule.all:
            if not (found := lookup(t.text)):
                return None
            spans.extend(found)
            used.append(t)
        if rule.near_a:
            keep = (lambda spans: self._keep(rule, f.text, spans, present, quoted)) if filtered else None
            frame = self._near(rule, f.text, present, keep)
            if frame is None:
                return None
            for term, span in frame:
                spans.append(span)
                used.append(term)
        adjustments: list[str] = []
        severity = rule.severity
        if rule.unless and present(rule.unless):
            return None
        if rule.lower_if and (why := [t.text for t, _ in present(rule.lower_if)]):
            severity = shift(severity, -1)
            adjustments.append(f"-1: context ({why[0]})")
        if rule.raise_if and (why := [t.text for t, _ in present(rule.raise_if)]):
            severity = shift(severity, 1)
            adjustments.append(f"+1: target named ({why[0]})")
        original_spans = [f.span(s, e) for s, e in sorted(set(spans))]
        steps: set[str] = set()
        for s, e in sorted(set(spans)):
            steps.update(f.steps(s, e))
        if rule.regex is not None:
            if rule.prefilter and not any(p in f.text for p in rule.prefilter):
                return None
            matches = [m.span() for m in rule.regex.finditer(f.original) if m.end() > m.start()]
            if not matches:
                return None
            original_spans.extend(matches)
        if steps & EVASIONS:
            severity = shift(severity, 1)
            adjustments.append(f"+1: evasion ({', '.join(sorted(steps & EVASIONS))})")
        original_spans = _merge(original_spans)
        evidence = " … ".join(dict.fromkeys(f.original[s:e] for s, e in original_spans))
        if len(evidence) > MAX_EVIDENCE:
            evidence = evidence[: MAX_EVIDENCE - 1] + "…"
        langs = [t.lang for t in used if t.lang != ANY_LANGUAGE]
        return Hit(rule.id, rule.category, severity, rule.description, evidence, original_spans,
                   list(dict.fromkeys(t.text for t in used)), sorted(steps),
                   langs[0] if langs else lang, rule.severity, adjustments)

    @staticmethod
    def _gap(text: str, x: tuple[int, int], y: tuple[int, int], window: int) -> int | None:
        """Words between two spans, or None when they overlap or are farther
        apart than ``window`` words."""
        if x[0] < y[1] and y[0] < x[1]:
            return None  # the same words: not two things near each other
        lo, hi = (x[1], y[0]) if x[1] <= y[0] else (y[1], x[0])
        if hi - lo > (window + 1) * MAX_WORD_CHARS:
            return None
        gap = len(_GAP_TOKEN.findall(text, lo, hi)) if hi > lo else 0
        return gap if gap <= window else None

    def _near(self, rule: Rule, text: str, present: Present,
              keep: Callable[[list[tuple[int, int]]], list[tuple[int, int]]] | None
              ) -> list[tuple[Term, tuple[int, int]]] | None:
        """The closest (a, b) pair within the window — and, for a three-slot
        rule, a ``c`` term within the window of either — or None."""
        b_hits: list[tuple[Term, tuple[int, int]]] = []
        for t, found in present(rule.near_b):
            if keep is not None:
                found = keep(found)
            b_hits.extend((t, sp) for sp in found)
        if not b_hits:
            return None
        c_hits: list[tuple[Term, tuple[int, int]]] = []
        if rule.near_c:
            c_hits = [(t, sp) for t, found in present(rule.near_c) for sp in found]
            if not c_hits:
                return None
        a_hits = [(t, sp) for t, found in present(rule.near_a) for sp in found]
        pairs: list[tuple[int, tuple[Term, tuple[int, int]], tuple[Term, tuple[int, int]]]] = []
        for a in a_hits:
            for b in b_hits:
                gap = self._gap(text, a[1], b[1], rule.window)
                if gap is not None:
                    pairs.append((gap, a, b))
        pairs.sort(key=lambda p: p[0])
        for _, a, b in pairs:
            if not rule.near_c:
                return [a, b]
            for c in c_hits:
                # the third slot is words of its own ("你" inside "你家人" is not a target)
                if _overlap(c[1], a[1]) or _overlap(c[1], b[1]):
                    continue
                if (self._gap(text, c[1], a[1], rule.window) is not None
                        or self._gap(text, c[1], b[1], rule.window) is not None):
                    return [a, b, c]
        return None


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
