"""Normalisation for matching, with a map back to the original text.

Rules match on a folded form of a post: Unicode compatibility forms (NFKC),
case folding, accents and Arabic vowel marks stripped, Arabic spelling
variants unified, zero-width and other format characters removed,
Cyrillic/Greek look-alikes folded to Latin *inside mixed-script words*, and
spaced-out words (``t h r e a t``, ``k.i.l.l``) joined.  Every character of
the folded form remembers the original character it came from, so evidence
is always shown exactly as posted.

The fold is per character (cached), so the common case — a post without
evasions — costs one ``str.translate`` and no offset map at all; the map is
built only for the few posts a rule matches (:meth:`Folded.span`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Normalisations that hide a word on purpose: a match that needed one of them
# is an evasion and raises the severity of the rule it hid.
EVASIONS = frozenset({"zero-width", "homoglyph", "spacing", "fullwidth", "leet"})

_ARABIC_FOLD = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # alef forms
    "\u0649": "\u064a", "\u06cc": "\u064a",  # alef maksura, Farsi yeh -> yeh
    "\u06a9": "\u0643",  # keheh -> kaf
    "\u0629": "\u0647",  # teh marbuta -> heh
    "\u0640": "",  # tatweel
}
# Latin letters that Unicode does not decompose: folded for matching names.
_LATIN_FOLD = {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ħ": "h", "Ħ": "h"}
_QUOTES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\uff07": "'"}
# Cyrillic and Greek letters that look like Latin ones (after case folding).
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ω": "w",
}
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)
# Latin letters that pass for Cyrillic ones (the reverse, for Cyrillic words)
_TO_CYRILLIC_TABLE = str.maketrans({"a": "а", "c": "с", "e": "е", "k": "к", "m": "м", "o": "о",
                                    "p": "р", "x": "х", "y": "у", "h": "н", "t": "т", "b": "в"})
_CYRILLIC_ONLY = re.compile("[бгджзилпфцчшщъыьэюя]")
_LATIN = "a-z"
# Any Cyrillic letter counts: a word mixing Latin with Cyrillic is folded
# one way or the other (see fold).
_LOOKALIKE = "".join(sorted(set(_HOMOGLYPHS) | set("абвгдежзийклмнопрстуфхцчшщъыьэюяё")))
# A word mixing Latin letters with Cyrillic/Greek look-alikes.
_MIXED = re.compile(
    rf"[^\W\d_]*(?:[{_LATIN}][^\W\d_]*[{_LOOKALIKE}]|[{_LOOKALIKE}][^\W\d_]*[{_LATIN}])[^\W\d_]*"
)
# a Latin letter next to a look-alike: every mixed-script word has one
_ADJACENT_MIXED = re.compile(f"[{_LATIN}][{_LOOKALIKE}]|[{_LOOKALIKE}][{_LATIN}]")
# Four or more single letters separated by one space, dot, dash, star or
# underscore: "t h r e a t", "k.i.l.l".
# Words of a spaced-out phrase are two or more spaces apart ("w e  k n o w"):
# the gap is kept as one space.
_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_](?:[ .*_\-·]|  +)){2,}[^\W\d_](?![^\W\d_])")
# one-letter words that may start a spaced-out run without belonging to it
# ("you are a c l o w n")
_ONE_LETTER_WORDS = frozenset("aiyoeàивсяуко")
_SPACER = re.compile(r"[ .*_\-·]")
# Leetspeak inside a word: a digit or @ $ between letters ("g0nna", "1d10t",
# "wh@t", "k1tchen").  Only words where a substitute stands *between* two
# letters are read as leet, so "1st", "op7", "g20", "l.12" and "5g" stay as
# they are.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"}
_LEET_TABLE = str.maketrans(_LEET)
_LEET_WORD = re.compile(r"(?<![\w@$])[a-z0-9@$!]*[a-z][0-9@$!]+[a-z][a-z0-9@$]*")
_MAYBE_LEET = re.compile(r"[a-z][0-9@$!]+[a-z]")
_MAYBE_SPACED = re.compile(r"(?<!\w)\w[ .*_\-·]\w[ .*_\-·]\w(?!\w)")  # a cheaper first test


def _is_fullwidth(c: str) -> bool:
    o = ord(c)
    return 0xFF01 <= o <= 0xFF5E or 0x1D400 <= o <= 0x1D7FF or 0x2460 <= o <= 0x24FF


def fold_char(c: str) -> str:
    """The folded form of one character (may be empty or longer than one)."""
    if unicodedata.category(c) == "Cf":  # zero-width, soft hyphen, bidi controls
        return ""
    if c in _ARABIC_FOLD:
        return _ARABIC_FOLD[c]
    if c in _QUOTES:
        return "'"
    if c in _LATIN_FOLD:
        return _LATIN_FOLD[c]
    t = unicodedata.normalize("NFKC", c).casefold()
    t = unicodedata.normalize("NFD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return "".join(_ARABIC_FOLD.get(ch, ch) for ch in t)


def _step(c: str, folded: str) -> str | None:
    """Which normalisation folding ``c`` applied (for the explanation)."""
    if folded == c or folded == c.lower():
        return None
    if unicodedata.category(c) == "Cf":
        return "zero-width"
    if c == "\u0640":
        return "tatweel"
    if _is_fullwidth(c):
        return "fullwidth"
    if c in _ARABIC_FOLD:
        return "arabic-orthography"
    if unicodedata.combining(c) or unicodedata.normalize("NFD", c) != c:
        return "diacritics"
    if unicodedata.normalize("NFKC", c) != c:
        return "nfkc"
    return "casefold"


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds (and remembers) each new character."""

    def __missing__(self, key: int) -> str:
        value = fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _FoldTable()


@dataclass(slots=True)
class Folded:
    """A text, its folded form and (on demand) the map between them."""

    original: str
    text: str
    # The folded text before homoglyph and spacing repairs; equal to ``text``
    # when neither applied.
    _base: str
    _homoglyph_words: tuple[tuple[int, int], ...] = ()
    _leet_words: tuple[tuple[int, int], ...] = ()  # in _base (leet folding keeps lengths)
    _spaced: tuple[tuple[int, int], ...] = ()  # runs in _base that were joined
    _map: list[int] | None = None

    def _build_map(self) -> list[int]:
        if self._map is not None:
            return self._map
        # base index -> original index
        base_map: list[int] = []
        if self.original.isascii():
            base_map = list(range(len(self.original)))
        else:
            for i, c in enumerate(self.original):
                n = len(_TABLE[ord(c)])
                if n:
                    base_map.extend([i] * n)
        if self._spaced:
            keep: list[int] = []
            pos = 0
            for start, end in self._spaced:
                keep.extend(base_map[pos:start])
                keep.extend(base_map[j] for j in _kept(self._base, start, end))
                pos = end
            keep.extend(base_map[pos:])
            base_map = keep
        self._map = base_map
        return base_map

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded ``text[start:end]``."""
        if start >= end:
            return start, start
        if not self._spaced and self.original.isascii():
            return start, end
        m = self._build_map()
        return m[start], m[end - 1] + 1

    def steps(self, start: int, end: int) -> list[str]:
        """The normalisations that changed the original characters behind
        folded ``text[start:end]`` (sorted, for the explanation)."""
        o_start, o_end = self.span(start, end)
        found: set[str] = set()
        for c in self.original[o_start:o_end]:
            step = _step(c, _TABLE[ord(c)])
            if step:
                found.add(step)
        for s, e in self._homoglyph_words:
            if s < end and start < e:
                found.add("homoglyph")
        if self._leet_words:
            b_start, b_end = self._base_span(start, end)
            for s, e in self._leet_words:
                if s < b_end and b_start < e:
                    found.add("leet")
        if self._spaced and self.text is not self._base:
            for s, e in self._spaced_in_text():
                if s < end and start < e:
                    found.add("spacing")
        return sorted(found)

    def _base_span(self, start: int, end: int) -> tuple[int, int]:
        """Folded ``text[start:end]`` in ``_base`` coordinates (they differ
        only where spaced-out words were joined)."""
        if not self._spaced or self.text is self._base:
            return start, end
        kept: list[int] = []
        pos = 0
        for s, e in self._spaced:
            kept.extend(range(pos, s))
            kept.extend(_kept(self._base, s, e))
            pos = e
        kept.extend(range(pos, len(self._base)))
        return kept[start], kept[end - 1] + 1

    def _spaced_in_text(self) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        shift = 0
        for start, end in self._spaced:
            removed = (end - start) - len(_kept(self._base, start, end))
            out.append((start - shift, end - shift - removed))
            shift += removed
        return out


def _kept(base: str, start: int, end: int) -> list[int]:
    """The indices of a spaced-out run that stay when it is joined: every
    letter, and the last space of each gap of two or more (a word break)."""
    return [j for j in range(start, end)
            if not _SPACER.fullmatch(base[j])
            or (base[j] == " " and base[j - 1] == " " and (j + 1 >= end or base[j + 1] != " "))]


# One-letter words (folded Latin, Cyrillic, Arabic): a spaced-out word shows
# as three or more different ones.  (Spaced-out Han characters are not
# repaired: Chinese terms match as substrings of unspaced text only.)
SINGLE_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz" "абвгдежзиклмнопрстуфхцчшщыэюя"
                           "ابتثجحخدذرزسشصضطظعغفقكلمنهوي")


def fold(text: str, *, spacing: bool = True) -> Folded:
    """Fold ``text`` for matching (see the module docstring).  With
    ``spacing=False`` spaced-out words are left alone: the caller has checked
    (:data:`SINGLE_LETTERS`) that the text has none."""
    base = text.lower() if text.isascii() else text.translate(_TABLE)
    folded = base
    homoglyphs: tuple[tuple[int, int], ...] = ()
    if not folded.isascii() and _ADJACENT_MIXED.search(folded):
        words = [(m.start(), m.end()) for m in _MIXED.finditer(folded)]
        if words:
            homoglyphs = tuple(words)
            parts: list[str] = []
            pos = 0
            for s, e in words:
                parts.append(folded[pos:s])
                word = folded[s:e]
                # A word with Cyrillic letters that look like no Latin one
                # ("kлоун") is Cyrillic with Latin intruders: fold those.
                table = _TO_CYRILLIC_TABLE if _CYRILLIC_ONLY.search(word) else _HOMOGLYPH_TABLE
                parts.append(word.translate(table))
                pos = e
            parts.append(folded[pos:])
            folded = "".join(parts)
            base = folded  # homoglyph folding keeps lengths: the map is unchanged
    leet: tuple[tuple[int, int], ...] = ()
    if _MAYBE_LEET.search(folded):
        # an @ before a domain is an address ("a.b@un.org", "user@host.social"), not leet
        words = [(m.start(), m.end()) for m in _LEET_WORD.finditer(folded)
                 if not ("@" in m.group() and folded[m.end():m.end() + 1] in (".", "-", "_"))]
        if words:
            leet = tuple(words)
            parts = []
            pos = 0
            for s, e in words:
                parts.append(folded[pos:s])
                parts.append(folded[s:e].translate(_LEET_TABLE))
                pos = e
            parts.append(folded[pos:])
            folded = "".join(parts)
            base = folded  # one character for one: the map is unchanged
    spaced: tuple[tuple[int, int], ...] = ()
    if spacing and _MAYBE_SPACED.search(folded) and _SPACED.search(folded):
        runs: list[tuple[int, int]] = []
        for m in _SPACED.finditer(folded):
            start = m.start()
            if folded[start] in _ONE_LETTER_WORDS and m.end() - start >= 9:
                start += 2
            runs.append((start, m.end()))
        spaced = tuple(runs)
        parts = []
        pos = 0
        for start, end in runs:
            parts.append(folded[pos:start])
            parts.append("".join(folded[j] for j in _kept(folded, start, end)))
            pos = end
        parts.append(folded[pos:])
        folded = "".join(parts)
    return Folded(text, folded, base, homoglyphs, _spaced=spaced, _leet_words=leet)
