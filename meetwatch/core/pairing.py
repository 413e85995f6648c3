"""Official statements and the civil-society posts that answer them.

Pure logic over :class:`Doc` (a post as pairing sees it); the store feeds it
candidates and keeps the pairs (``meetwatch.store.pairs``).

An answer is, strongest first:

* a **reply** to the statement, or a **quote** of it, by a civil-society
  account;
* a **topical** answer: a civil-society post on the same agenda item or with
  an item-specific hashtag, within ``window`` after the statement, that either
  names the statement's author, country or organisation *and* shares one of
  its key terms, or shares several key terms (TF-IDF cosine over the two
  posts' terms, IDF from the log's full-text index).

Media posts are never answers (they report statements), nor are posts by
official or own accounts, nor a civil-society post that shares no key term
with the statement (an announcement), nor civil-society live coverage
("LIVE:", "Now:", "📍 Room XX:", "En directo"…: it reports, like media).  Every pair says why in ``reason``.
Stdlib only.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

STATEMENT_CATEGORIES = frozenset({"official"})
RESPONSE_CATEGORIES = frozenset({"civil_society"})


@dataclass(frozen=True, slots=True)
class Doc:
    """A post as pairing sees it."""

    id: int
    uid: str
    author: str  # handle
    category: str
    created_at: str
    text: str
    hashtags: tuple[str, ...] = ()
    agenda_item: str | None = None
    reply_to: str | None = None
    quote_of: str | None = None
    display_name: str = ""
    country: str | None = None
    organisation: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    statement_id: int
    response_id: int
    kind: str  # reply, quote, topical
    reason: str
    score: float


@dataclass(frozen=True, slots=True)
class PairingSettings:
    window_s: float = 3 * 3600  # how long after a statement a topical answer counts
    min_score: float = 0.35  # topical pairs below this are dropped
    min_shared: int = 2  # key terms shared by an answer that does not name the author
    min_cosine: float = 0.12  # ... and how much of the statement they must cover
    per_response: int = 2  # topical pairs kept per answer (its strongest statements)
    meeting_hashtags: tuple[str, ...] = ()  # shared by everything: never a link


DEFAULT = PairingSettings()


# -- terms -------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"\w+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@[\w.-]+(?:@[\w.-]+)?")
_HASHTAG = re.compile(r"#\w+")
_COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f"
                        "\u0670\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Words of handles that say nothing about who speaks.
_GENERIC = _words("""mission missions mision gva geneva geneve ginebra official un uno onu
delegation embassy permanent mp pm bsky social example com org net news press office gov mfa
mid the and of""")
# Handle words that say "this is a State's mission": only then do the other
# words of the handle name the State ("valdoria_mission", "lanshan-gva").
_MISSION_WORDS = _words("mission missions mision gva geneva mp pm delegation embassy")

STOPWORDS = _words("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our ours out over own same she should so some such
than that the their theirs them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours
today said says say must need needs call calls new one two via amp http https www
le la les un une des du de et en au aux ce ces cette est sont pour par sur dans avec qui que
ne pas plus nous vous ils elle elles son sa ses leur leurs comme mais ou aussi
el los las del al y en con por para una unos unas es son que se su sus como pero mas este esta
и в во не на что с со как а то все она так его но ты к у же вы за бы по только ее мне было
это от о из ему они мы при этого для мы
في من على إلى عن أن هذا هذه التي الذي مع كان ما لا
hrc61 hrc cdh61 item items council session statement statements geneva genève ginebra
""")


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case without accents (as the full-text index folds)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", text)


def term_of(token: str) -> str:
    """A crude multilingual stem: long words cut to 7 letters, plurals dropped."""
    if len(token) > 7:
        return token[:7]
    if len(token) > 4 and token.endswith("s"):
        return token[:-1]
    return token


def terms(text: str, skip: Iterable[str] = ()) -> set[str]:
    """The key terms of a text: folded, stemmed, without stopwords, numbers,
    links and mentions; Chinese as character pairs."""
    text = _HASHTAG.sub(" ", _MENTION.sub(" ", _URL.sub(" ", text)))
    out: set[str] = set()
    skipped = set(skip)
    for tok in _WORD.findall(fold(text)):
        if _HAN.search(tok):
            han = "".join(_HAN.findall(tok))
            out.update(han[i:i + 2] for i in range(len(han) - 1))
            continue
        if len(tok) < 3 or tok.isdigit() or tok in STOPWORDS or tok in skipped:
            continue
        out.add(term_of(tok))
    return out


def names_of(statement: Doc) -> list[str]:
    """What an answer may call the statement's author: the handle's user
    name, the country and organisation it speaks for."""
    return list(_names(statement.author, statement.country, statement.organisation)[0])


@functools.lru_cache(maxsize=2048)
def _names(author: str, country: str | None, organisation: str | None
           ) -> tuple[tuple[str, ...], frozenset[str]]:
    """(names, their terms) of an author."""
    out = _name_list(author, country, organisation)
    return tuple(out), frozenset(t for n in out for t in terms(n))


def _name_list(author: str, country: str | None, organisation: str | None) -> list[str]:
    handle = author.lstrip("@")
    user = handle.split("@")[0] if "@" in handle else handle.split(".")[0]
    out = [n for n in (country, organisation) if n]
    if len(user) >= 3:
        out.append(user)
    words = [w.lower() for w in re.split(r"[_.\-]+", user)]
    if _MISSION_WORDS & set(words):
        out += [w for w in words if len(w) >= 4 and w not in _GENERIC and w not in out]
    return out


def named(response_text: str, names: list[str]) -> str | None:
    """The first of ``names`` the text mentions (a word prefix: "Valdoria"
    finds "Valdorian", "@valdoria_mission" finds the handle), or None."""
    return _named(response_text, tuple(names))


@functools.lru_cache(maxsize=8192)
def _named(response_text: str, names: tuple[str, ...]) -> str | None:
    low = fold(response_text)
    for name in names:
        pattern = _name_pattern(name)
        if pattern is not None and pattern.search(low):
            return name
    return None


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str] | None:
    key = fold(name).strip()
    return re.compile(rf"(?<!\w){re.escape(key)}") if key else None


# -- pairing -----------------------------------------------------------------------


# How live coverage begins ("LIVE:", "Now:", "📍 Room XX:", "En directo"...): such
# posts report what is said in the room, like media posts, rather than answer it.
_COVERAGE = re.compile(
    r"^\W{0,3}(?:live|now|update|happening now|breaking|just now|"
    r"en direct|en directo|en vivo|ahora|maintenant|сейчас|прямой эфир|عاجل|الآن|直播|现在)\b"
    r"|^\s*(?:📍|🔴|🎥|📺)", re.IGNORECASE)


def is_coverage(text: str) -> bool:
    """A live-coverage post (see _COVERAGE): never a topical answer."""
    return _coverage(text[:80])


@functools.lru_cache(maxsize=8192)
def _coverage(head: str) -> bool:
    return bool(_COVERAGE.search(head))


def is_statement(doc: Doc) -> bool:
    return doc.category in STATEMENT_CATEGORIES


def is_response(doc: Doc) -> bool:
    return doc.category in RESPONSE_CATEGORIES


def _seconds(a: str, b: str) -> float:
    """Seconds from ISO time ``a`` to ``b`` (both meetwatch's canonical form)."""
    return (_instant(b) - _instant(a)).total_seconds()


@functools.lru_cache(maxsize=16384)
def _instant(at: str) -> datetime:
    return datetime.fromisoformat(at.replace("Z", "+00:00"))


def direct(statement: Doc, response: Doc) -> Pair | None:
    """A reply to or quote of the statement by a civil-society account."""
    if not (is_statement(statement) and is_response(response)):
        return None
    who = statement.author
    if response.reply_to == statement.uid:
        return Pair(statement.id, response.id, "reply", f"reply to {who}'s statement", 1.0)
    if response.quote_of == statement.uid:
        return Pair(statement.id, response.id, "quote", f"quotes {who}'s statement", 0.95)
    return None


def topical(statement: Doc, response: Doc, idf: Callable[[str], float],
            settings: PairingSettings = DEFAULT,
            statement_terms: set[str] | None = None,
            response_terms: set[str] | None = None,
            memo: Memo | None = None) -> Pair | None:
    """A civil-society post answering the statement without replying to it.

    ``statement_terms``/``response_terms``: ``terms()`` of each post's text,
    when the caller has them already; ``memo``: caches shared by the calls
    of one batch (the same ``idf``)."""
    if memo is None:
        return _topical(statement, response, idf, settings, statement_terms, response_terms, None)
    key = (statement.id, response.id)
    if key in memo.pairs:  # met from both sides in one batch
        return memo.pairs[key]
    found = memo.pairs[key] = _topical(statement, response, idf, settings, statement_terms,
                                       response_terms, memo)
    return found


def _topical(statement: Doc, response: Doc, idf: Callable[[str], float],
             settings: PairingSettings, statement_terms: set[str] | None,
             response_terms: set[str] | None, memo: Memo | None) -> Pair | None:
    if not (is_statement(statement) and is_response(response)):
        return None
    if response.author == statement.author or is_coverage(response.text):
        return None
    dt = _seconds(statement.created_at, response.created_at)
    if dt < 0 or dt > settings.window_s:
        return None
    if statement.agenda_item is not None and statement.agenda_item == response.agenda_item:
        link = f"same item {statement.agenda_item}"
    else:
        shared_tags = sorted((set(statement.hashtags) & set(response.hashtags))
                             - _lowered(settings.meeting_hashtags))
        if not shared_tags:
            return None
        link = f"same hashtag #{shared_tags[0]}"
    names_t, name_terms = _names(statement.author, statement.country, statement.organisation)
    s_all = statement_terms if statement_terms is not None else terms(full_text(statement))
    r_all = response_terms if response_terms is not None else terms(full_text(response))
    if memo is None:
        s_terms, r_terms = s_all - name_terms, r_all - name_terms
        shared = s_terms & r_terms
        if not shared:
            return None  # an announcement, not an answer
        w_s = _weight(s_terms, idf)
        w_r = _weight(r_terms, idf)
    else:
        if s_all.isdisjoint(r_all):
            return None  # an announcement, not an answer
        s_terms, w_s = memo.weighted(statement.id, s_all, name_terms, idf)
        r_terms, w_r = memo.weighted(response.id, r_all, name_terms, idf)
        shared = s_terms & r_terms
        if not shared:
            return None
    cosine = sum(idf(t) ** 2 for t in shared) / math.sqrt(w_s * w_r) if w_s and w_r else 0.0
    who = _named(response.text, names_t)
    if who is None and (len(shared) < settings.min_shared or cosine < settings.min_cosine):
        return None
    decay = 1.0 - 0.3 * (dt / settings.window_s)
    score = round(min(0.9, (0.25 + (0.2 if who else 0.0) + 0.9 * cosine)) * decay, 2)
    if score < settings.min_score:
        return None
    top = sorted(shared, key=lambda t: (-idf(t), t))[:4]
    parts = ["topical: " + link]
    if who:
        parts.append(f"names {who}")
    parts.append("shares terms: " + ", ".join(top))
    return Pair(statement.id, response.id, "topical", f"{', '.join(parts)} ({score:.2f})", score)


@functools.lru_cache(maxsize=64)
def _lowered(tags: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t.lower() for t in tags)


def _weight(key_terms: set[str], idf: Callable[[str], float]) -> float:
    return sum(idf(t) ** 2 for t in key_terms)


class Memo:
    """What :func:`topical` computes once in a batch of calls with the same
    ``idf`` and settings: a post's key terms without an author's names, and
    their squared IDF weight (the same values, summed in the same order, as
    without the memo); and each (statement, response) verdict, as a pair in
    one batch is met from both sides."""

    __slots__ = ("_weighted", "pairs")

    def __init__(self) -> None:
        self._weighted: dict[tuple[int, frozenset[str]], tuple[set[str], float]] = {}
        self.pairs: dict[tuple[int, int], Pair | None] = {}  # topical() of (statement, response)

    def weighted(self, doc_id: int, doc_terms: set[str], name_terms: frozenset[str],
                 idf: Callable[[str], float]) -> tuple[set[str], float]:
        key = (doc_id, name_terms)
        known = self._weighted.get(key)
        if known is None:
            key_terms = doc_terms - name_terms
            known = self._weighted[key] = (key_terms, _weight(key_terms, idf))
        return known


def full_text(doc: Doc) -> str:
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


def best_topical(response: Doc, statements: Iterable[Doc], idf: Callable[[str], float],
                 settings: PairingSettings = DEFAULT,
                 terms_of: Callable[[Doc], set[str]] | None = None,
                 memo: Memo | None = None) -> list[Pair]:
    """The response's strongest topical pairs (at most ``per_response``).
    ``terms_of``: a (caching) terms lookup for the statements; ``memo``: see
    :func:`topical`."""
    r_terms = terms_of(response) if terms_of is not None else terms(full_text(response))
    found = [p for s in statements
             if (p := topical(s, response, idf, settings,
                              terms_of(s) if terms_of is not None else None, r_terms, memo))
             is not None]
    found.sort(key=lambda p: (-p.score, p.statement_id))
    return found[:settings.per_response]


def idf_from(df: Callable[[str], int], total: int) -> Callable[[str], float]:
    """An IDF function from a document-frequency lookup, memoised."""
    cache: dict[str, float] = {}

    def idf(term: str) -> float:
        value = cache.get(term)
        if value is None:
            value = math.log(1 + (total + 1) / (df(term) + 1))
            cache[term] = value
        return value

    return idf


def settings_from(table: object, meeting_hashtags: tuple[str, ...] = ()
                  ) -> tuple[PairingSettings, list[str]]:
    """Settings from a watch file's ``[pairing]`` table (``window_hours``,
    ``min_score``, ``per_response``), with the problems met (defaults kept)."""
    problems: list[str] = []
    values: dict[str, float | int] = {}
    if table is not None and not isinstance(table, dict):
        return PairingSettings(meeting_hashtags=meeting_hashtags), ["[pairing] must be a table"]
    for key, value in (table or {}).items():
        if key == "window_hours" and isinstance(value, (int, float)) and 0 < value <= 72:
            values["window_s"] = float(value) * 3600
        elif key == "min_score" and isinstance(value, (int, float)) and 0 <= value <= 1:
            values["min_score"] = float(value)
        elif key == "per_response" and isinstance(value, int) and 1 <= value <= 20:
            values["per_response"] = value
        else:
            problems.append(f"[pairing].{key}: expected window_hours (0–72), min_score (0–1) or "
                            f"per_response (1–20), not {value!r}")
    return PairingSettings(meeting_hashtags=meeting_hashtags, **values), problems  # type: ignore[arg-type]
