"""Text hygiene for hostile input, HTML to plain text, hashtags and search text.

Everything a stranger posts passes through :func:`clean` before it is stored:
control characters go, line breaks are normalised and the length is capped.
:func:`search_text` and :func:`fts_query` make full-text search work in all
six UN languages on SQLite's ``unicode61`` tokenizer: accents and Arabic
diacritics are folded and every Han/kana character becomes its own token, so
Chinese (which has no spaces) is searchable as phrases of characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html.parser import HTMLParser

MAX_TEXT = 20_000  # characters kept of one post's text
MAX_FIELD = 500  # names, handles, titles, urls
ELLIPSIS = "…"

# C0 and C1 controls except tab and newline; DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Anything clean() must change: controls (not LF), CR, tab, lone surrogates.
_NEEDS_CLEANING = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def clean(text: str | None, limit: int = MAX_TEXT) -> str:
    """Plain, safe, bounded text: controls stripped, CR/LF normalised, capped."""
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if _NEEDS_CLEANING.search(text):
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        text = _CONTROL.sub("", text)
        # Lone surrogates (from bad JSON escapes) cannot be encoded; replace them.
        text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) > limit:
        text = text[: limit - 1] + ELLIPSIS
    return text


def clean_line(text: str | None, limit: int = MAX_FIELD) -> str:
    """One-line field (name, handle, title): newlines become spaces."""
    text = clean(text, limit)
    return text.replace("\n", " ").strip() if "\n" in text else text.strip()


class _HTMLToText(HTMLParser):
    _BLOCK = {"p", "div", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
              "pre", "table", "tr"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str | None, limit: int = MAX_TEXT) -> str:
    """Mastodon/RSS HTML to plain text.

    Paragraphs become blank-line separated, ``<br>`` a line break, entities
    are decoded, link and hashtag text is kept as text.  Never raises.
    """
    if not html:
        return ""
    parser = _HTMLToText()
    try:
        parser.feed(html[: limit * 4])
        parser.close()
    except Exception:  # HTMLParser is lenient, but be certain
        return clean(re.sub(r"<[^>]*>", " ", html), limit).strip()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = clean(text, limit * 2)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if len(text) > limit:
        text = text[: limit - 1] + ELLIPSIS
    return text


def normalise_hashtag(tag: str) -> str:
    """``#HRC61`` → ``hrc61``: NFKC, no ``#``, lower case, bounded."""
    if tag.isascii() and tag.isprintable():
        return tag.strip().lstrip("#").strip().lower()[:100]
    tag = unicodedata.normalize("NFKC", tag).strip().lstrip("#＃").strip()
    return _CONTROL.sub("", tag).lower()[:100]


# A hashtag in free text: '#' then word characters (any script), not part of
# a URL fragment (preceded by a word char or '/').
_HASHTAG = re.compile(r"(?<![\w/&])[#＃](\w[\w·]*)")


def extract_hashtags(text: str) -> list[str]:
    return [normalise_hashtag(m) for m in _HASHTAG.findall(text) if not m.isdigit()]


def unique(items: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Order-preserving de-duplication of non-empty strings."""
    return tuple(dict.fromkeys(i for i in items if i))


# --- search text --------------------------------------------------------------
#
# The index's tokenizer (FTS5 unicode61, remove_diacritics 2) already folds
# case in every script and accents in Latin script.  What it cannot do is
# done here, on the way in and on the way to a query alike:
# * Chinese and Japanese have no spaces: every Han/kana character becomes its
#   own token, so a word is found as a phrase of characters;
# * Arabic vowel marks (harakat), tatweel and the alef/yeh/teh-marbuta
#   spelling variants are folded;
# * compatibility forms (full-width Latin, ligatures) go through NFKC, and
#   stray combining marks are dropped.

# Han ideographs (incl. extensions and compatibility) and kana.
_CJK = re.compile(
    "([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff])"
)
_ARABIC = re.compile("[\u0600-\u06ff]")
_ARABIC_FOLD = (
    ("\u0623", "\u0627"), ("\u0625", "\u0627"), ("\u0622", "\u0627"), ("\u0671", "\u0627"),  # alef
    ("\u0649", "\u064a"),  # alef maksura -> yeh
    ("\u0629", "\u0647"),  # teh marbuta -> heh
    ("\u0640", ""),  # tatweel
)
# The common CJK blocks as a translate table (built on first use; str.translate
# is ~8x faster than a regex substitution); rarer extensions use the regex.
_CJK_BLOCKS = ((0x3040, 0x3100), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
_CJK_RARE = re.compile("[\U00020000-\U0002ffff]")


@functools.cache
def _cjk_table() -> dict[int, str]:
    return {c: f" {chr(c)} " for lo, hi in _CJK_BLOCKS for c in range(lo, hi)}
# Combining marks of Latin, Cyrillic and Arabic and the generic diacritic blocks.
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc"
    "\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\ufe20-\ufe2f]+"
)
# Characters NFKC changes that matter for search: ligatures, full-width and
# half-width forms, Arabic presentation forms.
_COMPAT = re.compile("[\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef]")


def search_text(text: str) -> str:
    """The form of ``text`` that goes into (and is looked up in) the FTS index."""
    if not text or text.isascii():
        return text
    if _COMPAT.search(text):
        text = unicodedata.normalize("NFKC", text)
    if _COMBINING.search(text):
        text = _COMBINING.sub("", text)
    if _ARABIC.search(text):
        for variant, base in _ARABIC_FOLD:
            if variant in text:
                text = text.replace(variant, base)
    if _CJK.search(text):
        text = text.translate(_cjk_table())
        if _CJK_RARE.search(text):
            text = _CJK_RARE.sub(lambda m: f" {m.group()} ", text)
    return text


def post_search_text(title: str | None, text: str, hashtags: tuple[str, ...] | list[str]) -> str:
    """What a post contributes to the index: title, text, and the hashtags
    the text does not show (Bluesky's hidden ``tags``)."""
    if title:
        text = f"{title}\n{text}"
    if hashtags:
        low = text.lower()
        hidden = " ".join(t for t in hashtags if t not in low)
        if hidden:
            text = f"{text}\n{hidden}"
    return search_text(text)


_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str | None:
    """Turn what a user types into a safe FTS5 MATCH expression.

    Words are AND-ed, ``"quoted phrases"`` stay phrases, ``OR`` between terms
    is kept, ``-word`` excludes, ``word*`` is a prefix search.  User text is
    never passed to FTS5 unquoted, so no input is a syntax error.  Returns
    ``None`` when nothing searchable is left.
    """
    positives: list[str] = []
    negatives: list[str] = []
    pending_or = False
    for m in _QUERY_TOKEN.finditer(query):
        negate, phrase, bare = m.group(1) == "-", m.group(2), m.group(3)
        prefix = False
        if bare is not None:
            if bare == "OR":
                pending_or = bool(positives)
                continue
            if bare.startswith("-") and len(bare) > 1:
                negate, bare = True, bare[1:]
            if bare.endswith("*") and len(bare) > 1:
                prefix, bare = True, bare.rstrip("*")
            phrase = bare
        term = _phrase(phrase or "", prefix)
        if term is None:
            continue
        if negate:
            negatives.append(term)
        elif pending_or and positives:
            positives[-1] = f"({positives[-1]} OR {term})"
            pending_or = False
        else:
            positives.append(term)
    if not positives:
        return None
    expr = " AND ".join(positives)
    for neg in negatives:
        expr = f"({expr}) NOT {neg}"
    return expr


def _phrase(raw: str, prefix: bool) -> str | None:
    words = _WORD.findall(search_text(raw))
    if not words:
        return None
    body = " ".join(words).replace('"', '""')
    # A prefix on a CJK character makes no sense; the phrase already matches
    # as a substring of the character sequence.
    if prefix and not _CJK.search(words[-1]):
        return f'"{body}" *'
    return f'"{body}"'
