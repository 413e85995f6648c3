#!/usr/bin/env python3
"""Generate the bundled HRC 61 demo recording, and larger synthetic streams.

Everything is FICTIONAL (invented States, UN body, NGOs, people; every domain
ends in ``.example``).  The text lives in ``hrc61_content.py`` next to this file.

Usage::

    python sample_streams/generate.py                 # rewrite the committed files
    python sample_streams/generate.py --out-dir DIR   # write the same files elsewhere
    python sample_streams/generate.py --jetstream-posts N --out FILE [--seed S]
    python sample_streams/generate.py --mastodon-posts N --out FILE [--seed S]

Importable::

    write_jetstream(path, n, seed=61) -> int   # lines written
    write_mastodon(path, n, seed=61) -> int    # lines written
    generate_session(out_dir, seed=61) -> dict # the counts printed by the CLI
    main(argv=None) -> int

Loadable by path without registering it in ``sys.modules`` (no postponed
annotations, so dataclasses work under ``importlib.util.spec_from_file_location``).

Stdlib only and deterministic: no wall clock, one ``random.Random(seed)`` per
run, integer time arithmetic, no transcendental maths (libm may differ between
machines), no iteration over sets.  The same seed gives byte-identical files.
"""

import argparse
import base64
import hashlib
import heapq
import importlib.util
import json
import math
import random
import re
import sys
import urllib.parse
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any, Optional, cast

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 61
LOCAL = "mastodon.example"  # the recording Mastodon server
SEC = 1_000_000  # microseconds
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY0_US = int((datetime(2026, 3, 3, tzinfo=UTC) - EPOCH).total_seconds()) * SEC
START_US = DAY0_US + 8 * 3600 * SEC  # 08:00 UTC = 09:00 in Geneva
END_US = DAY0_US + (12 * 3600 + 30 * 60) * SEC  # 12:30 UTC
GENEVA_OFFSET_H = 1  # CET in March

FILES = {
    "mastodon": "hrc61.mastodon.jsonl",
    "jetstream": "hrc61.jetstream.jsonl",
    "rss": "hrc61.rss.xml",
    "watch": "hrc61.watch.toml",
    "programme": "hrc61.programme.toml",
}
README_BEGIN = "<!-- BEGIN GENERATED (python sample_streams/generate.py rewrites this block) -->"
README_END = "<!-- END GENERATED -->"

# Session tuning: filler posts per minute (both networks) before the
# multipliers, the Mastodon share of them, and the busy moments.
BASE_RATE = 2.4
M_SHARE = 0.36
BUSY = [  # (minute from 08:00 UTC, minute, multiplier)
    (0, 10, 1.3), (10, 35, 2.2), (35, 80, 1.0), (80, 115, 1.3), (115, 125, 2.0),
    (125, 160, 2.8), (160, 185, 1.8), (185, 195, 1.4), (195, 215, 0.8), (215, 226, 1.5),
    (226, 240, 3.4), (240, 250, 1.6), (250, 270, 0.8),
]
LANG_WEIGHTS = [("en", 52), ("fr", 12), ("es", 12), ("ru", 8), ("ar", 8), ("zh", 8)]

_CONTENT: ModuleType | None = None


def content() -> ModuleType:
    """The text module, loaded by path (sample_streams/ is not a package)."""
    global _CONTENT
    if _CONTENT is None:
        spec = importlib.util.spec_from_file_location(
            "meetwatch_sample_hrc61_content", HERE / "hrc61_content.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _CONTENT = module
    return _CONTENT


# --------------------------------------------------------------------------- time and ids


def hms(text: str) -> int:
    """``"10:18:05"`` (UTC, on the session day) → epoch microseconds."""
    parts = [int(x) for x in text.split(":")]
    while len(parts) < 3:
        parts.append(0)
    return DAY0_US + ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * SEC


def iso_ms(us: int) -> str:
    secs, rem = divmod(us, SEC)
    dt = EPOCH + timedelta(seconds=secs)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{rem // 1000:03d}Z"


def rfc822(local: str) -> str:
    """``"2026-03-03 09:05"`` (Geneva) → ``"Tue, 03 Mar 2026 09:05:00 +0100"``."""
    dt = datetime.strptime(local, "%Y-%m-%d %H:%M")
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec"]
    return (f"{days[dt.weekday()]}, {dt.day:02d} {months[dt.month - 1]} {dt.year} "
            f"{dt.hour:02d}:{dt.minute:02d}:00 +0{GENEVA_OFFSET_H}00")


def local_iso(utc_hhmm: str) -> str:
    h, m = (int(x) for x in utc_hhmm.split(":"))
    return f"2026-03-03T{h + GENEVA_OFFSET_H:02d}:{m:02d}:00+0{GENEVA_OFFSET_H}:00"


B32_SORTABLE = "234567abcdefghijklmnopqrstuvwxyz"


def tid(us: int, clock: int) -> str:
    """atproto TID: 53-bit microsecond timestamp + 10-bit clock id, base32-sortable."""
    value = (us << 10) | (clock & 0x3FF)
    return "".join(B32_SORTABLE[(value >> (5 * (12 - i))) & 31] for i in range(13))


def cid_for(data: bytes, codec: int = 0x71) -> str:
    """CIDv1 (dag-cbor or raw), sha2-256, base32 — ``bafyrei…`` / ``bafkrei…``."""
    raw = bytes([0x01, codec, 0x12, 0x20]) + hashlib.sha256(data).digest()
    return "b" + base64.b32encode(raw).decode("ascii").lower().rstrip("=")


def did_for(key: str) -> str:
    digest = hashlib.sha256(("meetwatch-demo:" + key).encode()).digest()
    return "did:plc:" + base64.b32encode(digest).decode("ascii").lower()[:24]


def binom(rng: random.Random, lam: float) -> int:
    """A Poisson-like count with mean ``lam`` using only uniform draws."""
    if lam <= 0:
        return 0
    trials = int(lam * 3) + 4
    p = lam / trials
    return sum(1 for _ in range(trials) if rng.random() < p)


def rexp(rng: random.Random, mean_us: int) -> int:
    """A skewed delay with the given mean (product of two uniforms, no log())."""
    return int(4 * mean_us * rng.random() * rng.random())


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def go_json(obj: Any) -> str:
    """Like Go's json.Marshal (Jetstream): compact, HTML-safe escapes."""
    return (dumps(obj).replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def sorted_obj(obj: Any) -> Any:
    """Recursively key-sorted copy (Jetstream decodes records into Go maps)."""
    if isinstance(obj, dict):
        return {k: sorted_obj(obj[k]) for k in sorted(obj)}
    if isinstance(obj, list):
        return [sorted_obj(v) for v in obj]
    return obj


# --------------------------------------------------------------------------- cast


@dataclass(eq=False)
class Actor:
    key: str
    name: str
    category: str
    lang: str
    m_user: str | None
    m_server: str | None
    b_handle: str | None
    followed: bool
    note: str
    weight: float = 1.0
    m_id: str = ""
    m_created: str = ""
    did: str = ""
    rev_clock: int = 0

    @property
    def bot(self) -> bool:
        return self.category == "bot"

    def on(self, net: str) -> bool:
        return (self.m_user is not None) if net == "m" else (self.b_handle is not None)

    @property
    def local(self) -> bool:
        return self.m_server == LOCAL

    @property
    def acct(self) -> str:
        return str(self.m_user) if self.local else f"{self.m_user}@{self.m_server}"

    @property
    def m_handle(self) -> str:
        return f"@{self.m_user}@{self.m_server}"

    @property
    def m_url(self) -> str:
        return f"https://{self.m_server}/@{self.m_user}"


def _created(rng: random.Random, category: str) -> int:
    """Account creation day (epoch µs, midnight UTC)."""
    if category == "troll":
        day = datetime(2026, 2, 20, tzinfo=UTC) + timedelta(days=rng.randrange(0, 11))
    elif category in ("official", "own", "bot"):
        day = datetime(2022, 11, 1, tzinfo=UTC) + timedelta(days=rng.randrange(0, 700))
    else:
        day = datetime(2017, 4, 1, tzinfo=UTC) + timedelta(days=rng.randrange(0, 3000))
    return int((day - EPOCH).total_seconds()) * SEC


def build_cast(rng: random.Random, extra_public: int = 0) -> dict[str, Actor]:
    """The named cast plus public users, keyed by actor key (insertion-ordered)."""
    c = content()
    actors: dict[str, Actor] = {}
    for key, name, cat, lang, mastodon, handle, followed, note in c.CAST:
        user, server = (mastodon.split("@") if mastodon else (None, None))
        actors[key] = Actor(key, name, cat, lang, user, server, handle, followed, note)
    used_m = {(a.m_user, a.m_server) for a in actors.values() if a.m_user}
    used_b = {a.b_handle for a in actors.values() if a.b_handle}

    def add_public(display: str, stem: str, lang: str) -> None:
        r = rng.random()
        nets = "b" if r < 0.42 else ("m" if r < 0.74 else "mb")
        user = server = handle = None
        if "m" in nets:
            server = rng.choice(c.PUBLIC_SERVERS[lang])
            user = stem
            n = 2
            while (user, server) in used_m:
                user, n = f"{stem}{n}", n + 1
            used_m.add((user, server))
        if "b" in nets:
            base = stem.replace("_", "")
            handle = f"{base}.bsky.example"
            n = 2
            while handle in used_b:
                handle, n = f"{base}{n}.bsky.example", n + 1
            used_b.add(handle)
        key = f"u_{stem}"
        n = 2
        while key in actors:
            key, n = f"u_{stem}{n}", n + 1
        u = rng.random()
        actors[key] = Actor(key, display, "public", lang, user, server, handle, False,
                            rng.choice(c.PUBLIC_NOTES[lang]), weight=0.3 + 3.0 * u * u * u)

    names = c.PUBLIC_NAMES
    pairs = [(first, last) for first in names["en"]["first"] for last in names["en"]["last"]]
    rng.shuffle(pairs)
    for first, last in pairs[:50 + extra_public]:
        style = rng.randrange(3)
        stem = (f"{first}{last}" if style == 0 else f"{first}_{last[0]}" if style == 1
                else f"{first[0]}{last}").lower()
        add_public(f"{first} {last}", stem, "en")
    for lang in ("fr", "es", "ru", "ar", "zh"):
        for display, stem in names[lang]:
            add_public(display, stem, lang)

    for a in actors.values():
        created = _created(rng, a.category)
        a.m_created = iso_ms(created)
        a.m_id = str(((created // 1000 + rng.randrange(0, 86_400_000)) << 16)
                     | rng.getrandbits(16))
        a.did = did_for(a.key)
        a.rev_clock = rng.randrange(1024)
    return actors


# --------------------------------------------------------------------------- posts


@dataclass(eq=False)
class Post:
    net: str  # "m" | "b"
    actor: Actor
    t: int  # epoch µs: created (Mastodon) / received (Jetstream time_us)
    lang: str | None
    text: str  # markup: "#Tag", "@{actor_key}", bare URLs
    key: str | None = None
    reply_key: str | None = None
    quote_key: str | None = None
    reply_to: Optional["Post"] = None
    quote_of: Optional["Post"] = None
    media_alt: str | None = None
    card: tuple[str, str, str] | None = None
    hidden_tags: list[str] | None = None
    langs: list[str] | None = None
    edits: list[tuple[int, str]] = field(default_factory=list)
    delete_at: int | None = None
    plant: str | None = None
    imp: float = 0.25
    depth: int = 0
    scripted: bool = False
    noise: bool = False
    orphan: str | None = None  # a reply to something outside the recording
    skew_us: int = 0
    seq: int = 0
    pop: int = 0
    reply_times: list[int] = field(default_factory=list)
    boost_times: list[int] = field(default_factory=list)
    quote_times: list[int] = field(default_factory=list)
    # Mastodon
    mid: str = ""
    uri: str = ""
    url: str = ""
    streams: list[tuple[str, ...]] = field(default_factory=list)
    _html: dict[int, tuple[str, list[dict[str, Any]], list[dict[str, Any]]]] = field(
        default_factory=dict)
    # Bluesky
    created_us: int = 0
    rkey: str = ""
    cid: str = ""
    at_uri: str = ""
    root: Optional["Post"] = None
    record: dict[str, Any] | None = None

    def alive(self, t: int) -> bool:
        return self.delete_at is None or self.delete_at > t

    def text_at(self, version: int) -> str:
        return self.text if version == 0 else self.edits[version - 1][1]

    def tags(self) -> list[str]:
        return [m.group("tag") for m in TOKEN.finditer(self.text) if m.group("tag")]


TOKEN = re.compile(r"(?P<url>https?://\S+)|@\{(?P<mkey>\w+)\}|(?<!\S)#(?P<tag>\w+)")


def esc_local(s: str) -> str:
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def esc_remote(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def short_link(url: str) -> str:
    """How the Bluesky app displays a link: no scheme, long paths cut."""
    rest = url.split("://", 1)[1]
    if rest.startswith("www."):
        rest = rest[4:]
    host, _, path = rest.partition("/")
    path = "/" + path if path else ""
    if len(path) > 15:
        path = path[:13] + "..."
    return host + path


# --------------------------------------------------------------------------- Mastodon


class MastodonRenderer:
    """Status entities and streaming frames as mastodon.example would send them."""

    def __init__(self, rng: random.Random, actors: dict[str, Actor]) -> None:
        self.actors = actors
        self._n = 0
        self._base = rng.getrandbits(16)
        self._hn = 0
        self._hbase = rng.getrandbits(16)

    def snowflake(self, us: int, home: bool = False) -> str:
        if home:
            self._hn += 1
            low = (self._hbase + self._hn * 52_711) & 0xFFFF
        else:
            self._n += 1
            low = (self._base + self._n * 40_503) & 0xFFFF
        return str(((us // 1000) << 16) | low)

    def assign(self, p: Post) -> None:
        a = p.actor
        p.mid = self.snowflake(p.t)
        home_id = p.mid if a.local else self.snowflake(p.t, home=True)
        p.uri = f"https://{a.m_server}/users/{a.m_user}/statuses/{home_id}"
        p.url = f"https://{a.m_server}/@{a.m_user}/{home_id}"

    def account(self, a: Actor) -> dict[str, Any]:
        return {
            "id": a.m_id, "username": a.m_user, "acct": a.acct, "display_name": a.name,
            "bot": a.bot, "created_at": a.m_created,
            "note": f"<p>{esc_local(a.note)}</p>" if a.note else "", "url": a.m_url,
        }

    def link(self, url: str, esc: Any) -> str:
        scheme, rest = url.split("://", 1)
        prefix = scheme + "://"
        if rest.startswith("www."):
            prefix, rest = prefix + "www.", rest[4:]
        if len(rest) > 30:
            vis, inv, cls = rest[:30], rest[30:], "ellipsis"
        else:
            vis, inv, cls = rest, "", ""
        return (f'<a href="{esc_local(url)}" target="_blank" rel="nofollow noopener" '
                f'translate="no"><span class="invisible">{prefix}</span>'
                f'<span class="{cls}">{esc(vis)}</span><span class="invisible">{esc(inv)}</span>'
                f'</a>')

    def content(self, p: Post, version: int) -> tuple[str, list[dict[str, Any]],
                                                      list[dict[str, Any]]]:
        if version in p._html:
            return p._html[version]
        text = p.text_at(version)
        a = p.actor
        esc = esc_local if a.local else esc_remote
        tags: dict[str, dict[str, Any]] = {}
        mentions: dict[str, dict[str, Any]] = {}
        paras = []
        for para in text.split("\n\n"):
            lines = []
            for line in para.split("\n"):
                out, pos = [], 0
                for m in TOKEN.finditer(line):
                    out.append(esc(line[pos:m.start()]))
                    pos = m.end()
                    if m.group("url"):
                        out.append(self.link(m.group("url"), esc))
                    elif m.group("mkey"):
                        who = self.actors[m.group("mkey")]
                        if who.m_user is None:
                            out.append(esc("@" + str(who.b_handle)))
                            continue
                        out.append(f'<span class="h-card" translate="no"><a href="{who.m_url}" '
                                   f'class="u-url mention">@<span>{who.m_user}</span></a></span>')
                        mentions.setdefault(who.key, {"id": who.m_id, "username": who.m_user,
                                                      "url": who.m_url, "acct": who.acct})
                    else:
                        tag = m.group("tag")
                        quoted = urllib.parse.quote(tag)
                        out.append(f'<a href="https://{a.m_server}/tags/{quoted}" '
                                   f'class="mention hashtag" rel="tag">#<span>{tag}</span></a>')
                        tags.setdefault(tag.lower(), {"name": tag,
                                                      "url": f"https://{LOCAL}/tags/{quoted}"})
                out.append(esc(line[pos:]))
                lines.append("".join(out))
            paras.append("<p>" + "<br />".join(lines) + "</p>")
        html = "".join(paras)
        if p.quote_of is not None and not a.local:
            q = p.quote_of.url
            html += (f'<p class="quote-inline">RE: <a href="{q}">{esc(q)}</a></p>')
        result = (html, list(tags.values()), list(mentions.values()))
        p._html[version] = result
        return result

    @staticmethod
    def _count(times: list[int], now: int) -> int:
        return sum(1 for t in times if t <= now)

    def status(self, p: Post, now: int, version: int = 0, nested: bool = False) -> dict[str, Any]:
        a = p.actor
        html, tags, mentions = self.content(p, version)
        age = max(0, (now - p.t) // SEC)
        organic = p.pop * math.isqrt(age)
        in_reply_to_id = in_reply_to_account_id = None
        if p.reply_to is not None:
            in_reply_to_id, in_reply_to_account_id = p.reply_to.mid, p.reply_to.actor.m_id
        elif p.orphan:
            in_reply_to_id, in_reply_to_account_id = p.orphan.split("/")
        quote: dict[str, Any] | None = None
        if p.quote_of is not None:
            if nested:
                quote = {"state": "accepted", "quoted_status_id": p.quote_of.mid}
            else:
                q = p.quote_of
                quote = {"state": "accepted",
                         "quoted_status": self.status(q, now, self.version_at(q, now), True)}
        media = []
        if p.media_alt:
            media_id = str(int(p.mid) + 7)
            path = "/".join(media_id[i:i + 3] for i in range(0, 18, 3))
            digest = hashlib.sha256(p.uri.encode()).hexdigest()[:16]
            media.append({
                "id": media_id, "type": "image",
                "url": f"https://files.{LOCAL}/cache/media_attachments/files/{path}/original/"
                       f"{digest}.jpeg",
                "preview_url": f"https://files.{LOCAL}/cache/media_attachments/files/{path}/"
                               f"small/{digest}.jpeg",
                "remote_url": None if a.local else
                f"https://{a.m_server}/system/media_attachments/files/{path}/original/"
                f"{digest}.jpeg",
                "meta": {"original": {"width": 1600, "height": 1200, "size": "1600x1200",
                                      "aspect": 1.3333333333333333}},
                "description": p.media_alt, "blurhash": "UKO2?U%2Tw=w]~RBVZRi};RPxuwH%3s8tLOt",
            })
        card = None
        if p.card is not None:
            url, title, desc = p.card
            card = {"url": url, "title": title, "description": desc, "type": "link",
                    "author_name": "", "author_url": "", "provider_name": "UN Rights Office",
                    "provider_url": "", "html": "", "width": 0, "height": 0, "image": None,
                    "embed_url": "", "blurhash": None}
        status: dict[str, Any] = {
            "id": p.mid, "created_at": iso_ms(p.t),
            "in_reply_to_id": in_reply_to_id, "in_reply_to_account_id": in_reply_to_account_id,
            "sensitive": False, "spoiler_text": "", "visibility": "public",
            "language": p.lang, "uri": p.uri, "url": p.url,
            "replies_count": self._count(p.reply_times, now),
            "reblogs_count": self._count(p.boost_times, now) + organic // 40,
            "favourites_count": organic // 8,
            "quotes_count": self._count(p.quote_times, now),
            "edited_at": iso_ms(p.edits[version - 1][0]) if version else None,
            "content": html, "reblog": None,
        }
        if a.local:
            status["application"] = {"name": "Web", "website": None}
        status.update({"account": self.account(a), "media_attachments": media,
                       "mentions": mentions, "tags": tags, "emojis": [], "quote": quote,
                       "card": card, "poll": None})
        return status

    @staticmethod
    def version_at(p: Post, now: int) -> int:
        return sum(1 for t, _ in p.edits if t <= now)

    def boost(self, booster: Actor, p: Post, t: int, bid: str) -> dict[str, Any]:
        home = bid if booster.local else self.snowflake(t, home=True)
        uri = f"https://{booster.m_server}/users/{booster.m_user}/statuses/{home}/activity"
        return {
            "id": bid, "created_at": iso_ms(t), "in_reply_to_id": None,
            "in_reply_to_account_id": None, "sensitive": False, "spoiler_text": "",
            "visibility": "public", "language": None, "uri": uri, "url": uri,
            "replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "quotes_count": 0,
            "edited_at": None, "content": "",
            "reblog": self.status(p, t, self.version_at(p, t)),
            "account": self.account(booster), "media_attachments": [], "mentions": [],
            "tags": [], "emojis": [], "quote": None, "card": None, "poll": None,
        }

    @staticmethod
    def frame(stream: tuple[str, ...], event: str, payload: str | None) -> str:
        obj: dict[str, Any] = {"stream": list(stream), "event": event}
        if payload is not None:
            obj["payload"] = payload
        return dumps(obj)


def m_streams(p: Post) -> list[tuple[str, ...]]:
    """Which subscriptions of the recorder deliver this status."""
    tags = {t.lower() for t in p.tags()}
    streams: list[tuple[str, ...]] = []
    if "hrc61" in tags:
        streams.append(("hashtag", "HRC61"))
    if "itemfour" in tags:
        streams.append(("hashtag", "ItemFour"))
    if p.actor.followed:
        streams.append(("user",))
    return streams


# --------------------------------------------------------------------------- Bluesky


class BlueskyRenderer:
    """app.bsky.feed.post records and Jetstream v1 lines."""

    def __init__(self, rng: random.Random, actors: dict[str, Actor]) -> None:
        self.rng = rng
        self.actors = actors

    def text_and_facets(self, markup: str) -> tuple[str, list[dict[str, Any]]]:
        out: list[str] = []
        facets: list[dict[str, Any]] = []
        nbytes = 0

        def add(s: str) -> int:
            nonlocal nbytes
            out.append(s)
            nbytes += len(s.encode("utf-8"))
            return nbytes

        pos = 0
        for m in TOKEN.finditer(markup):
            add(markup[pos:m.start()])
            pos = m.end()
            start = nbytes
            if m.group("url"):
                end = add(short_link(m.group("url")))
                feature = {"$type": "app.bsky.richtext.facet#link", "uri": m.group("url")}
            elif m.group("mkey"):
                who = self.actors[m.group("mkey")]
                end = add("@" + str(who.b_handle))
                feature = {"$type": "app.bsky.richtext.facet#mention", "did": who.did}
            else:
                end = add("#" + m.group("tag"))
                feature = {"$type": "app.bsky.richtext.facet#tag", "tag": m.group("tag")}
            facets.append({"index": {"byteStart": start, "byteEnd": end}, "features": [feature]})
        add(markup[pos:])
        text = "".join(out)
        assert len(text) <= 300 and len(text.encode()) <= 3000, text
        return text, facets

    def prepare(self, p: Post) -> None:
        lag = 80_000 + self.rng.randrange(1_400_000)
        p.created_us = p.t - lag + p.skew_us
        p.created_us -= p.created_us % 1000
        p.rkey = tid(p.created_us + self.rng.randrange(1000), self.rng.randrange(1024))
        p.at_uri = f"at://{p.actor.did}/app.bsky.feed.post/{p.rkey}"

    def record(self, p: Post, version: int) -> dict[str, Any]:
        text, facets = self.text_and_facets(p.text_at(version))
        rec: dict[str, Any] = {"$type": "app.bsky.feed.post", "createdAt": iso_ms(p.created_us),
                               "text": text}
        langs = p.langs if p.langs is not None else ([p.lang] if p.lang else None)
        if langs:
            rec["langs"] = langs
        if facets:
            rec["facets"] = facets
        if p.hidden_tags:
            rec["tags"] = p.hidden_tags
        if p.reply_to is not None:
            parent = p.reply_to
            root = parent.root or parent
            rec["reply"] = {"root": {"uri": root.at_uri, "cid": root.cid},
                            "parent": {"uri": parent.at_uri, "cid": parent.cid}}
        elif p.orphan:
            uri, cid = p.orphan.split(" ")
            rec["reply"] = {"root": {"uri": uri, "cid": cid}, "parent": {"uri": uri, "cid": cid}}
        if p.quote_of is not None:
            rec["embed"] = {"$type": "app.bsky.embed.record",
                            "record": {"uri": p.quote_of.at_uri, "cid": p.quote_of.cid}}
        elif p.media_alt:
            rec["embed"] = {"$type": "app.bsky.embed.images", "images": [{
                "alt": p.media_alt, "aspectRatio": {"width": 1600, "height": 1200},
                "image": {"$type": "blob", "ref": {"$link": cid_for(p.at_uri.encode(), 0x55)},
                          "mimeType": "image/jpeg", "size": 284_113}}]}
        elif p.card is not None:
            url, title, desc = p.card
            rec["embed"] = {"$type": "app.bsky.embed.external",
                            "external": {"uri": url, "title": title, "description": desc}}
        return cast(dict[str, Any], sorted_obj(rec))

    def commit(self, did: str, time_us: int, rev_clock: int, op: str, collection: str,
               rkey: str, record: dict[str, Any] | None = None) -> tuple[str, str | None]:
        commit: dict[str, Any] = {"rev": tid(time_us + 3, rev_clock), "operation": op,
                                  "collection": collection, "rkey": rkey}
        cid = None
        if record is not None:
            cid = cid_for(dumps(record).encode())
            commit["record"] = record
            commit["cid"] = cid
        line = go_json({"did": did, "time_us": time_us, "kind": "commit", "commit": commit})
        return line, cid

    def post_line(self, p: Post, time_us: int, version: int = 0,
                  op: str = "create") -> str:
        rec = self.record(p, version)
        p.record = rec
        line, cid = self.commit(p.actor.did, time_us, p.actor.rev_clock, op,
                                "app.bsky.feed.post", p.rkey, rec)
        p.cid = str(cid)
        return line

    def delete_line(self, p: Post, time_us: int) -> str:
        return self.commit(p.actor.did, time_us, p.actor.rev_clock, "delete",
                           "app.bsky.feed.post", p.rkey)[0]

    def repost_line(self, a: Actor, p: Post, time_us: int) -> str:
        created = time_us - 150_000 - self.rng.randrange(900_000)
        created -= created % 1000
        rec = sorted_obj({"$type": "app.bsky.feed.repost", "createdAt": iso_ms(created),
                          "subject": {"uri": p.at_uri, "cid": p.cid}})
        return self.commit(a.did, time_us, a.rev_clock, "create", "app.bsky.feed.repost",
                           tid(created, self.rng.randrange(1024)), rec)[0]

    @staticmethod
    def identity_line(a: Actor, time_us: int, seq: int, handle: str | None) -> str:
        ident: dict[str, Any] = {"did": a.did}
        if handle:
            ident["handle"] = handle
        ident.update({"seq": seq, "time": iso_ms(time_us - 40_000)})
        return go_json({"did": a.did, "time_us": time_us, "kind": "identity",
                        "identity": ident})

    @staticmethod
    def account_line(a: Actor, time_us: int, seq: int, status: str) -> str:
        return go_json({"did": a.did, "time_us": time_us, "kind": "account",
                        "account": {"active": False, "did": a.did, "seq": seq,
                                    "status": status, "time": iso_ms(time_us - 40_000)}})


# --------------------------------------------------------------------------- text


def phase_at(t: int) -> str:
    for key, start, end, *_ in content().PHASES:
        if hms(start) <= t < hms(end):
            return str(key)
    return "item10" if t >= END_US else "opening"


def topic(lang: str, phase: str) -> dict[str, str]:
    value = content().TOPIC[lang][phase]
    if isinstance(value, tuple):
        return {"t": value[0], "o": value[1]}
    return {"t": value}


def fill(rng: random.Random, template: str, lang: str, phase: str) -> str:
    c = content()
    slots = topic(lang, phase)
    slots["state"] = rng.choice(c.STATES_EN)
    slots["n"] = str(rng.randrange(5, 20))
    slots["speaker"] = rng.choice(c.SPEAKERS[phase])
    text = template.format(**slots)
    return text[0].upper() + text[1:] if text[:1].islower() else text


def hrc_tag(rng: random.Random) -> str:
    return rng.choices(["HRC61", "hrc61", "Hrc61"], [85, 11, 4])[0]


def with_tags(rng: random.Random, body: str, lang: str, phase: str, net: str,
              allow_item_four_only: bool = True) -> tuple[str, list[str] | None]:
    """Append the meeting hashtags people actually use; returns (text, hidden tags)."""
    c = content()
    base = hrc_tag(rng)
    extra = []
    native = c.NATIVE_TAG.get(lang)
    if native and rng.random() < 0.6:
        extra.append(native)
    ptag = c.PHASE_TAG.get(phase, {}).get(lang)
    if ptag and rng.random() < 0.35:
        extra.append(ptag)
    hidden = None
    visible = [base, *extra]
    if net == "m":
        if allow_item_four_only and "ItemFour" in extra and rng.random() < 0.25:
            visible = extra
    elif rng.random() < 0.15:
        hidden, visible = [base], extra
    low = body.lower()
    visible = [t for t in visible if "#" + t.lower() not in low]
    if hidden and "#" + base.lower() in low:
        hidden = None
    text = body + ("" if not visible else " " + " ".join("#" + t for t in visible))
    return text, hidden


def typo(rng: random.Random, text: str) -> str | None:
    """Swap two letters inside one longer word (not a tag, mention or link)."""
    words = [m for m in re.finditer(r"[^\W\d_]{6,}", text)
             if m.start() == 0 or text[m.start() - 1] not in "#@{/.:-_'"]
    if not words:
        return None
    m = rng.choice(words)
    w = m.group(0)
    i = rng.randrange(1, len(w) - 2)
    if w[i] == w[i + 1]:
        return None
    return text[:m.start()] + w[:i] + w[i + 1] + w[i] + w[i + 2:] + text[m.end():]


# --------------------------------------------------------------------------- the session


UN_KEYS = ["unrights", "hrcouncil", "hrc_pres", "hc", "sr_valdoria", "sr_foe", "onudroits",
           "onuderechos", "oon_prava", "unrights_ar", "unrights_zh"]
OWN_KEYS = ["norland_mission", "norland_amb", "norland_deleg"]
NGO_FOLLOWED = ["rwc", "amal", "gcsf"]
DEFAULT_IMP = {"official": 1.2, "own": 1.0, "civil_society": 0.8, "media": 0.8, "troll": 0.35,
               "leaker": 0.6, "public": 0.25, "bot": 0.0}
FILLER_IMP = {"public": 0.22, "media": 0.5, "civil_society": 0.45, "troll": 0.3}
# Jetstream accounts: deactivated / taken down mid-session.
ACCOUNT_EVENTS = [("11:31:10", "truthbomb88", "deactivated"),
                  ("11:48:00", "nwo_exposed", "takendown")]
HANDLE_CHANGES = [("10:05:00", "vd_insider", "throwaway-7731.bsky.example"),
                  ("11:10:00", "patriot_vd", None)]  # None: identity without a handle
ORPHANS = [  # replies to posts that are not in the recording
    ("08:04:10", "m", "gcsf", "en", "Following up on yesterday's briefing: the NGO speakers "
     "list for Item 4 is now online. #HRC61"),
    ("09:33:20", "m", "lesf", "fr", "Suite de notre fil d'hier : la déclaration conjointe des "
     "ONG sur la sécurité des journalistes est en ligne. #CDH61 #HRC61"),
    ("08:41:00", "b", "rwc", "en", "Adding to yesterday's thread: our submission on Valdoria "
     "is annex III of the report. #HRC61"),
    ("10:26:40", "b", "observatorio", "es", "Respondiendo a la pregunta de ayer: sí, la "
     "Relatora Especial citará nuestros datos. #CDH61 #HRC61"),
    ("11:44:30", "b", "golos", "ru", "Продолжение вчерашнего треда: список задержанных "
     "журналистов обновлён. #СПЧ61 #HRC61"),
]


class Session:
    """Plans the whole session (who posts what, when), then renders both files."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.c = content()
        self.rng = random.Random(seed)
        self.actors = build_cast(self.rng)
        self.heap: list[tuple[int, int, str, Any]] = []
        self._seq = 0
        self.posts: dict[str, list[Post]] = {"m": [], "b": []}
        self.keyed: dict[tuple[str, str], Post] = {}
        self.boosts: list[tuple[int, Actor, Post]] = []
        self.reposts: list[tuple[int, Actor, Post]] = []
        self.inactive = {key: hms(t) for t, key, _ in ACCOUNT_EVENTS}
        self._index: dict[tuple[str, str, str], tuple[list[Actor], list[float]]] = {}
        self.skews = [(hms("09:30"), -1500 * SEC, "createdAt back-dated by 25 minutes"),
                      (hms("11:00"), 420 * SEC, "createdAt 7 minutes in the future")]

    # -- helpers
    def push(self, t: int, kind: str, obj: Any) -> None:
        self._seq += 1
        heapq.heappush(self.heap, (t, self._seq, kind, obj))

    def active(self, a: Actor, t: int, net: str) -> bool:
        return not (net == "b" and a.key in self.inactive and t >= self.inactive[a.key])

    def pool(self, category: str, net: str, lang: str = "*") -> tuple[list[Actor], list[float]]:
        key = (category, net, lang)
        if key not in self._index:
            found = [a for a in self.actors.values() if a.category == category and a.on(net)
                     and (lang == "*" or a.lang == lang)]
            self._index[key] = (found, [a.weight for a in found])
        return self._index[key]

    def pick(self, category: str, net: str, t: int, lang: str = "*",
             exclude: Actor | None = None) -> Actor | None:
        actors, weights = self.pool(category, net, lang)
        if not actors and lang != "*":
            actors, weights = self.pool(category, net)
        for _ in range(6):
            if not actors:
                return None
            a = self.rng.choices(actors, weights)[0]
            if a is not exclude and self.active(a, t, net):
                return a
        return None

    # -- planning
    def plan(self) -> None:
        rng = self.rng
        c = self.c
        script = list(c.SCRIPT)
        for time, akey, nets, lang, text in c.PILE_ON:
            script.append((time, akey, nets, lang, text,
                           {"reply": "amal_id", "plant": "pile-on"}))
        script.sort(key=lambda e: e[0])
        for time, akey, nets, lang, text, opts in script:
            a = self.actors[akey]
            base = hms(time) + rng.randrange(900_000)
            first = True
            for net in nets:
                if not a.on(net):
                    continue
                shift = 0 if first else (2 + rng.randrange(28)) * SEC + rng.randrange(SEC)
                p = Post(net, a, base + shift, lang, text, scripted=True,
                         imp=opts.get("imp", DEFAULT_IMP[a.category]),
                         key=opts.get("key"), reply_key=opts.get("reply"),
                         quote_key=opts.get("quote"), media_alt=opts.get("media"),
                         plant=opts.get("plant"))
                if "card" in opts:
                    p.card = c.CARDS[opts["card"]]
                if "edit" in opts:
                    p.edits = [(hms(opts["edit"][0]) + rng.randrange(SEC) + shift,
                                opts["edit"][1])]
                if "delete" in opts:
                    p.delete_at = hms(opts["delete"]) + rng.randrange(SEC) + shift
                self.push(p.t, "post", p)
                first = False
        # The speakers bot: a line per phase and per speaker, on both networks.
        for key, start, end, _item, title, *_ in c.PHASES:
            t0, t1 = hms(start), hms(end)
            if title:
                self._bot(t0 + 20 * SEC, f"🎙 Now: {title} #HRC61")
            speakers = c.SPEAKERS[key]
            step = (t1 - t0 - 60 * SEC) // max(1, len(speakers))
            for i, who in enumerate(speakers):
                t = t0 + 50 * SEC + i * step + rng.randrange(20 * SEC)
                self._bot(t, f"🎙 Now speaking: {who} ({c.ITEM_LABEL[key]}) #HRC61")
        for time, net, akey, lang, text in ORPHANS:
            a = self.actors[akey]
            p = Post(net, a, hms(time) + rng.randrange(SEC), lang, text, scripted=True,
                     imp=0.3, plant="reply to a post outside the recording")
            yesterday = p.t - 86_400 * SEC + rng.randrange(3600 * SEC)
            if net == "m":
                parent_author = self.actors["unrights"]
                p.orphan = (f"{((yesterday // 1000) << 16) | rng.getrandbits(16)}/"
                            f"{parent_author.m_id}")
            else:
                author = self.actors["hrcouncil"]
                uri = f"at://{author.did}/app.bsky.feed.post/{tid(yesterday, rng.randrange(1024))}"
                p.orphan = f"{uri} {cid_for(uri.encode())}"
            self.push(p.t, "post", p)
        # Filler: ordinary traffic, busier at the key moments.
        for minute in range(270):
            mult = next((m for a, b, m in BUSY if a <= minute < b), 1.0)
            n = binom(rng, BASE_RATE * mult)
            for _ in range(n):
                self.push(START_US + minute * 60 * SEC + rng.randrange(60 * SEC), "filler", None)
        while self.heap:
            t, _, kind, obj = heapq.heappop(self.heap)
            if t >= END_US:
                continue
            if kind == "post":
                self.materialize(obj)
            elif kind == "filler":
                post = self.make_filler(t)
                if post is not None:
                    self.materialize(post)
            elif kind == "reply":
                post = self.make_reply(t, obj)
                if post is not None:
                    self.materialize(post)
            elif kind == "quote":
                post = self.make_quote(t, obj)
                if post is not None:
                    self.materialize(post)
            elif kind == "repost":
                self.do_repost(t, obj)
            elif kind == "boost":
                booster, orig = obj
                if orig.alive(t):
                    self.boosts.append((t, booster, orig))
                    orig.boost_times.append(t)

    def _bot(self, t: int, text: str) -> None:
        bot = self.actors["hrc_speakers"]
        self.push(t, "post", Post("m", bot, t, "en", text, scripted=True, imp=0))
        tb = t + (1 + self.rng.randrange(4)) * SEC + self.rng.randrange(SEC)
        self.push(tb, "post", Post("b", bot, tb, "en", text, scripted=True, imp=0))

    def materialize(self, p: Post) -> None:
        rng = self.rng
        if p.reply_key:
            p.reply_to = self.keyed.get((p.reply_key, p.net))
            if p.reply_to is None and not p.scripted:
                return
        if p.quote_key:
            p.quote_of = self.keyed.get((p.quote_key, p.net))
        if p.reply_to is not None and not p.reply_to.alive(p.t):
            if not p.scripted:
                return
            p.reply_to = None
        if p.quote_of is not None and not p.quote_of.alive(p.t):
            p.quote_of = None
        if not self.active(p.actor, p.t, p.net):
            return
        if p.net == "m":
            p.streams = m_streams(p)
            if not p.streams:
                assert not p.scripted, f"scripted Mastodon post never delivered: {p.text}"
                return
        if p.net == "b" and not p.scripted and self.skews and p.t >= self.skews[0][0]:
            _, p.skew_us, p.plant = self.skews.pop(0)
        if not p.scripted:
            if p.lang in ("en", "fr", "es", "ru") and rng.random() < 0.012:
                wrong = typo(rng, p.text)
                if wrong is not None:
                    p.edits = [(p.t + (40 + rng.randrange(260)) * SEC, p.text)]
                    p.text = wrong
            elif rng.random() < 0.008:
                p.delete_at = p.t + (60 + rng.randrange(840)) * SEC
        p.seq = len(self.posts[p.net])
        self.posts[p.net].append(p)
        if p.key:
            self.keyed[(p.key, p.net)] = p
        if p.reply_to is not None:
            p.reply_to.reply_times.append(p.t)
            p.root = p.reply_to.root or p.reply_to
        if p.quote_of is not None:
            p.quote_of.quote_times.append(p.t)
        p.pop = int(p.imp * 10 * (0.5 + rng.random()))
        self.spawn(p)

    def spawn(self, p: Post) -> None:
        rng = self.rng
        imp = p.imp
        if imp <= 0 or (p.noise and rng.random() < 0.7):
            return
        for _ in range(binom(rng, imp * (0.9 if p.net == "b" else 0.6))):
            self.push(p.t + 15 * SEC + rexp(rng, 200 * SEC), "reply", p)
        if p.net == "b":
            for _ in range(binom(rng, imp * (1.2 if p.scripted else 0.6))):
                self.push(p.t + 5 * SEC + rexp(rng, 300 * SEC), "repost", p)
        else:
            for booster, prob in self.boost_candidates(p):
                if rng.random() < prob:
                    self.push(p.t + 10 * SEC + rexp(rng, 240 * SEC), "boost", (booster, p))
        if imp >= 1 and p.actor.category in ("official", "own", "media"):
            for _ in range(binom(rng, imp * 0.12)):
                self.push(p.t + 60 * SEC + rexp(rng, 400 * SEC), "quote", p)

    def boost_candidates(self, p: Post) -> list[tuple[Actor, float]]:
        k = p.actor.key
        w = min(p.imp, 4.0) / 4.0
        out: list[tuple[Actor, float]] = []
        if k in UN_KEYS:
            out += [(self.actors[x], 0.12 * w) for x in UN_KEYS if x != k]
            out += [(self.actors[x], 0.35 * w) for x in ("norland_mission", "norland_amb")]
            out += [(self.actors[x], 0.25 * w) for x in NGO_FOLLOWED]
        elif k in OWN_KEYS:
            out += [(self.actors[x], 0.6) for x in OWN_KEYS if x != k]
        elif k in NGO_FOLLOWED:
            out += [(self.actors[x], 0.4) for x in NGO_FOLLOWED if x != k]
            out.append((self.actors["norland_amb"], 0.1))
        return [(a, prob) for a, prob in out if a.followed]

    def do_repost(self, t: int, orig: Post) -> None:
        if not orig.alive(t):
            return
        rng = self.rng
        if orig.actor.category == "troll":
            a = self.pick("troll", "b", t, exclude=orig.actor)
        elif rng.random() < 0.1:
            a = self.pick("civil_society", "b", t, exclude=orig.actor)
        else:
            a = self.pick("public", "b", t, orig.lang or "en", exclude=orig.actor)
        if a is not None:
            self.reposts.append((t, a, orig))

    def choose_lang(self) -> str:
        return self.rng.choices([x for x, _ in LANG_WEIGHTS], [w for _, w in LANG_WEIGHTS])[0]

    def make_filler(self, t: int) -> Post | None:
        rng = self.rng
        c = self.c
        phase = phase_at(t)
        net = "m" if rng.random() < M_SHARE else "b"
        if net == "b" and rng.random() < 0.07:
            lang = self.choose_lang()
            a = self.pick("public", "b", t, lang)
            if a is None:
                return None
            return Post("b", a, t, a.lang, rng.choice(c.NOISE[a.lang]), noise=True, imp=0.1)
        hot = phase in ("valdoria", "ror", "vote", "post_vote")
        cat = rng.choices(["public", "media", "civil_society", "troll"],
                          [80, 7, 6, 9 if hot else 4])[0]
        if cat == "public":
            lang = self.choose_lang()
            a = self.pick("public", net, t, lang)
        else:
            a = self.pick(cat, net, t)
        if a is None:
            return None
        lang = a.lang
        if cat == "media":
            body = fill(rng, rng.choice(c.MEDIA_NOW[lang]), lang, phase)
        elif cat == "troll":
            body = rng.choice(c.TROLL.get(lang, c.TROLL["en"]))
            lang = lang if lang in c.TROLL else "en"
        else:
            bodies = c.PHASE_BODIES[lang].get(phase) or c.PHASE_BODIES[lang]["valdoria"]
            if rng.random() < 0.55:
                body = fill(rng, rng.choice(bodies), lang, phase)
            else:
                body = fill(rng, rng.choice(c.GENERIC[lang]), lang, phase)
            if lang == "en":
                body = rng.choice(c.EN_PREFIX) + body + rng.choice(c.EN_SUFFIX)
            else:
                body = rng.choice(c.PREFIX[lang]) + body
        text, hidden = with_tags(rng, body, lang, phase, net)
        p = Post(net, a, t, lang, text, hidden_tags=hidden, imp=FILLER_IMP[cat])
        if net == "m" and rng.random() < 0.04:
            p.lang = None  # Mastodon could not tell
        if net == "b" and rng.random() < 0.06:
            p.langs = []  # the client sent no langs
        return p

    def make_reply(self, t: int, parent: Post) -> Post | None:
        rng = self.rng
        c = self.c
        if not parent.alive(t):
            return None
        net = parent.net
        phase = phase_at(t)
        lang = parent.lang if parent.lang in c.REPLIES and rng.random() < 0.8 else "en"
        hot = phase in ("valdoria", "ror", "vote", "post_vote")
        trollish = (hot and parent.actor.category in ("official", "civil_society", "own")
                    and rng.random() < 0.2)
        if trollish:
            a = self.pick("troll", net, t, exclude=parent.actor)
            if a is not None:
                lang = a.lang if a.lang in c.TROLL else "en"
                body = rng.choice(c.TROLL[lang])
            else:
                trollish = False
        if not trollish:
            a = self.pick("public", net, t, lang or "en", exclude=parent.actor)
            if a is None:
                return None
            lang = a.lang
            body = rng.choice(c.REPLIES[lang])
        assert a is not None
        if net == "m":
            text = "@{" + parent.actor.key + "} " + body + " #" + hrc_tag(rng)
        else:
            text = body + (" #" + hrc_tag(rng) if rng.random() < 0.5 else "")
        return Post(net, a, t, lang, text, reply_to=parent, depth=parent.depth + 1,
                    imp=0.12 if parent.depth < 2 else 0.0)

    def make_quote(self, t: int, quoted: Post) -> Post | None:
        rng = self.rng
        c = self.c
        if not quoted.alive(t):
            return None
        net = quoted.net
        lang = quoted.lang if quoted.lang in c.QUOTES and rng.random() < 0.7 else "en"
        cat = "civil_society" if rng.random() < 0.2 else "public"
        a = self.pick(cat, net, t, lang or "en", exclude=quoted.actor)
        if a is None:
            return None
        lang = a.lang
        text, hidden = with_tags(rng, rng.choice(c.QUOTES[lang]), lang, phase_at(t), net,
                                 allow_item_four_only=False)
        return Post(net, a, t, lang, text, quote_of=quoted, hidden_tags=hidden, imp=0.2)


# --------------------------------------------------------------------------- rendering


@dataclass
class Line:
    data: bytes
    kind: str
    post: Post | None = None
    first: bool = False
    label: str | None = None


def render_mastodon(s: Session) -> list[Line]:
    r = MastodonRenderer(s.rng, s.actors)
    events: list[tuple[int, int, int, str, Any]] = []
    for p in s.posts["m"]:
        events.append((p.t, 0, p.seq, "create", p))
        for i, (te, _) in enumerate(p.edits):
            if te < END_US and p.alive(te):
                events.append((te, 1, p.seq, "edit", (p, i + 1)))
        if p.delete_at is not None and p.delete_at < END_US:
            events.append((p.delete_at, 2, p.seq, "delete", p))
    for i, (t, booster, orig) in enumerate(s.boosts):
        events.append((t, 0, 1_000_000 + i, "boost", (booster, orig)))
    events.append((START_US - 2 * SEC, 0, -1, "error", None))
    events.append((hms("10:21:30"), 0, -1, "filters", None))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    lines: list[Line] = []
    for t, _, _, kind, obj in events:
        if kind == "create":
            p = obj
            r.assign(p)
            payload = dumps(r.status(p, t))
            for i, stream in enumerate(p.streams):
                lines.append(Line(r.frame(stream, "update", payload).encode(), "create", p,
                                  first=(i == 0), label=p.plant))
        elif kind == "edit":
            p, version = obj
            payload = dumps(r.status(p, t, version))
            for i, stream in enumerate(p.streams):
                lines.append(Line(r.frame(stream, "status.update", payload).encode(),
                                  "edit", p, first=(i == 0)))
        elif kind == "delete":
            p = obj
            for i, stream in enumerate(p.streams):
                lines.append(Line(r.frame(stream, "delete", p.mid).encode(), "delete", p,
                                  first=(i == 0)))
        elif kind == "boost":
            booster, orig = obj
            bid = r.snowflake(t)
            payload = dumps(r.boost(booster, orig, t, bid))
            lines.append(Line(r.frame(("user",), "update", payload).encode(), "boost", orig,
                              first=True))
        elif kind == "error":
            lines.append(Line(dumps({"error": "Missing tag name parameter",
                                     "status": 400}).encode(), "error",
                              label="error frame (subscribe without a tag)"))
        elif kind == "filters":
            lines.append(Line(r.frame(("user",), "filters_changed", None).encode(),
                              "filters_changed", label="filters_changed frame (no payload)"))
    # Malformed lines, spread through the file.
    extra = Post("m", s.actors["u_" + "camille_roussel"], hms("09:41:07"), "fr",
                 "Je n'arrive plus à charger le direct, quelqu'un d'autre ? #HRC61")
    extra.streams = m_streams(extra)
    r.assign(extra)
    full = r.frame(("hashtag", "HRC61"), "update", dumps(r.status(extra, extra.t))).encode()
    inner = dumps(r.status(extra, extra.t))
    bad = [
        ("truncated frame (connection dropped mid-line)", _cut(full, 0.55)),
        ("update frame whose payload string is not valid JSON",
         r.frame(("hashtag", "HRC61"), "update", inner[: int(len(inner) * 0.6)]).encode()),
        ("binary garbage / control characters",
         b"\x00\x00\x01\x1b[2J\x1b[H\xff\xfe\xfd PK\x03\x04\x14\x00\x08\x08\xc3\x28\x9f\x92"
         b"\x96\x07\x08\x7f\x80\x81\xe2\x82"),
        ("empty JSON object", b"{}"),
        ("two frames torn together (second one cut)",
         r.frame(("hashtag", "HRC61"), "delete", r.snowflake(hms("11:20"))).encode()
         + full[:47]),
    ]
    return _insert_bad(lines, bad, [0.09, 0.33, 0.52, 0.71, 0.9])


def _cut(data: bytes, frac: float) -> bytes:
    return data[: int(len(data) * frac)].decode("utf-8", "ignore").encode("utf-8")


def _insert_bad(lines: list[Line], bad: list[tuple[str, bytes]],
                fracs: list[float]) -> list[Line]:
    n = len(lines)
    out = list(lines)
    for offset, ((label, data), frac) in enumerate(zip(bad, fracs, strict=True)):
        pos = int(n * frac) + offset
        assert b"\n" not in data and b"\r" not in data
        out.insert(pos, Line(data, "malformed", label=label))
    return out


def render_jetstream(s: Session) -> list[Line]:
    r = BlueskyRenderer(s.rng, s.actors)
    rng = s.rng
    events: list[tuple[int, int, int, str, Any]] = []
    accounts_b = [a for a in s.actors.values() if a.b_handle]
    t = START_US + 80_000
    for a in accounts_b:  # handles the recorder learns at start (most accounts)
        if rng.random() < 0.82 or a.category in ("official", "own"):
            t += 20_000 + rng.randrange(60_000)
            events.append((t, 0, 0, "identity", (a, a.b_handle)))
    for time, key, handle in HANDLE_CHANGES:
        events.append((hms(time) + rng.randrange(SEC), 0, 0, "identity",
                       (s.actors[key], handle)))
    for time, key, status in ACCOUNT_EVENTS:
        events.append((hms(time) + rng.randrange(SEC), 0, 0, "account",
                       (s.actors[key], status)))
    for p in s.posts["b"]:
        r.prepare(p)
        events.append((p.t, 0, p.seq, "create", p))
        for i, (te, _) in enumerate(p.edits):
            if te < END_US and p.alive(te):
                events.append((te, 1, p.seq, "update", (p, i + 1)))
        if p.delete_at is not None and p.delete_at < END_US:
            events.append((p.delete_at, 2, p.seq, "delete", p))
    for i, (tr, a, orig) in enumerate(s.reposts):
        events.append((tr, 0, 1_000_000 + i, "repost", (a, orig)))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    lines: list[Line] = []
    last = 0
    seq = 8_812_345_678
    for t, _, _, kind, obj in events:
        time_us = max(t, last + 1)
        last = time_us
        if kind == "identity":
            a, handle = obj
            seq += 1 + rng.randrange(4000)
            label = None
            if t >= START_US + 60 * SEC:
                label = (f"identity: {a.b_handle} now {handle}" if handle else
                         f"identity event without a handle for {a.b_handle}")
            lines.append(Line(r.identity_line(a, time_us, seq, handle).encode(), "identity",
                              label=label))
        elif kind == "account":
            a, status = obj
            seq += 1 + rng.randrange(4000)
            lines.append(Line(r.account_line(a, time_us, seq, status).encode(), "account",
                              label=f"account {status}: {a.b_handle}"))
        elif kind == "create":
            p = obj
            lines.append(Line(r.post_line(p, time_us).encode(), "create", p, True, p.plant))
        elif kind == "update":
            p, version = obj
            lines.append(Line(r.post_line(p, time_us, version, "update").encode(), "edit", p,
                              True))
        elif kind == "delete":
            lines.append(Line(r.delete_line(obj, time_us).encode(), "delete", obj, True))
        elif kind == "repost":
            a, orig = obj
            lines.append(Line(r.repost_line(a, orig, time_us).encode(), "repost", orig, True))
    # Malformed lines.
    extra = Post("b", s.actors["u_" + "luciaferrer"], hms("10:52:31"), "es",
                 "No se oye bien la interpretación al español en la sala. #CDH61 #HRC61")
    r.prepare(extra)
    full = r.post_line(extra, extra.t + 123_457)
    obj = json.loads(full)
    obj["time_us"] = str(obj["time_us"] + 59 * SEC)
    extra2 = Post("b", s.actors["u_" + "dsalazar"], hms("11:57:12"), "es",
                  "Que alguien me explique la diferencia entre abstención y no votar. #HRC61")
    r.prepare(extra2)
    bad = [
        ("truncated event (connection dropped mid-line)", _cut(full.encode(), 0.6)),
        ("time_us is a string", go_json(obj).encode()),
        ("binary garbage (a zstd frame written raw)",
         b"(\xb5/\xfd\x00X\x8d\x02\x00\xa2\x07\x13\x1f\xd0\x01\x00\xc3\xc3\xff\xee\x9a\x00\x01"),
        ("empty JSON object", b"{}"),
        ("commit event without its commit object",
         go_json({"did": extra2.actor.did, "time_us": extra2.t, "kind": "commit"}).encode()),
    ]
    return _insert_bad(lines, bad, [0.12, 0.35, 0.58, 0.77, 0.94])


# --------------------------------------------------------------------------- RSS and TOML


def xml_esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_rss() -> str:
    c = content()
    items = sorted(c.RSS_ITEMS, key=lambda i: (i[0], i[1]), reverse=True)
    base = "https://un-rights.example"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:atom="http://www.w3.org/2005/Atom">',
           "  <channel>",
           "    <title>UN Rights Office — Human Rights Council, 61st session</title>",
           f"    <link>{base}/en/hrcouncil/sessions/hrc61</link>",
           "    <description>Press releases, statements and meeting summaries of the UN "
           "Rights Office for the 61st session of the Human Rights Council. FICTIONAL demo "
           "feed for meetwatch.</description>",
           "    <language>en</language>",
           f'    <atom:link href="{base}/en/news/hrc61/rss.xml" rel="self" '
           'type="application/rss+xml"/>',
           f"    <lastBuildDate>{rfc822(items[0][0])}</lastBuildDate>",
           "    <generator>meetwatch sample_streams/generate.py</generator>"]
    for i, (when, node, _lang, title, path, html, cats) in enumerate(items):
        link = f"{base}/{path}" if path.startswith(("fr/", "es/")) else f"{base}/en/{path}"
        desc = (f"<![CDATA[{html}]]>" if i % 7 == 3 else xml_esc(html))
        creator = ("UN Rights Office — Media Unit" if "press" in path or "media" in path
                   else "Information Service, UN Rights Office Geneva")
        out += ["    <item>",
                f"      <title>{xml_esc(title)}</title>",
                f"      <link>{xml_esc(link)}</link>",
                f"      <description>{desc}</description>"]
        out += [f"      <category>{xml_esc(cat)}</category>" for cat in cats]
        out += [f"      <pubDate>{rfc822(when)}</pubDate>",
                f"      <dc:creator>{xml_esc(creator)}</dc:creator>",
                f'      <guid isPermaLink="false">{node} at {base}</guid>',
                "    </item>"]
    out += ["  </channel>", "</rss>", ""]
    return "\n".join(out)


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def toml_list(items: list[str], indent: str = "") -> str:
    if len(items) <= 3 and sum(len(x) for x in items) < 60:
        return "[" + ", ".join(toml_str(x) for x in items) + "]"
    return "[\n" + "".join(f"{indent}    {toml_str(x)},\n" for x in items) + indent + "]"


def render_programme() -> str:
    c = content()
    out = ["# HRC 61 — programme of the recorded demo day (FICTIONAL).",
           "# Written by sample_streams/generate.py; consumed by meetwatch's agenda.",
           "# Times are local Geneva time (CET, UTC+01:00), with their offset.",
           "# [[items]] are the plenary segments, back to back; [[side_events]] run in",
           "# parallel (informal consultations, side events, press conferences).",
           "",
           "[meeting]",
           'name = "HRC 61"',
           'title = "Human Rights Council, 61st session (fictional demo)"',
           'date = "2026-03-03"',
           'timezone = "Europe/Geneva"',
           'venue = "Room XX, Palais des Nations, Geneva"',
           ""]
    phases = list(c.PHASES)
    ends = {item: end for _, _, end, item, *_ in phases}
    for key, start, _end, item, title, tags, keywords in phases:
        if title is None:
            continue
        number = int(re.match(r"item(\d+)", item).group(1))  # type: ignore[union-attr]
        speakers = [s for k in (key, "post_vote" if key == "vote" else "")
                    for s in c.SPEAKERS.get(k, [])]
        out += ["[[items]]",
                f"id = {toml_str(item)}",
                f"agenda_item = {number}",
                f"title = {toml_str(title)}",
                f"start = {toml_str(local_iso(start))}",
                f"end = {toml_str(local_iso(ends[item]))}",
                f"hashtags = {toml_list(tags)}",
                f"keywords = {toml_list(keywords)}",
                f"speakers = {toml_list(speakers)}",
                ""]
    for sid, title, start, end, keywords in c.SIDE_EVENTS:
        out += ["[[side_events]]",
                f"id = {toml_str(sid)}",
                f"title = {toml_str(title)}",
                f"start = {toml_str('2026-03-03T' + start + ':00+01:00')}",
                f"end = {toml_str('2026-03-03T' + end + ':00+01:00')}",
                f"keywords = {toml_list(keywords)}",
                ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_watch(actors: dict[str, Actor]) -> str:
    groups: dict[str, list[str]] = {"official": [], "civil_society": [], "media": [], "own": []}
    for a in actors.values():
        if a.category in groups:
            if a.m_user:
                groups[a.category].append(a.m_handle)
            if a.b_handle:
                groups[a.category].append(a.b_handle)
    c = content()
    out = ["# meetwatch watch file for the recorded HRC 61 demo session (FICTIONAL).",
           "# Written by sample_streams/generate.py.  `meetwatch import --watch",
           "# sample_streams/hrc61.watch.toml sample_streams/hrc61.*` applies it to the",
           "# recordings; the servers below do not exist.",
           "",
           "[meeting]",
           'name = "HRC 61"',
           'hashtags = ["HRC61", "ItemFour"]',
           'timezone = "Europe/Geneva"',
           'programme = "hrc61.programme.toml"',
           "",
           "[[sources]]",
           'network = "mastodon"',
           'server = "https://mastodon.example"',
           'token_env = "MEETWATCH_MASTODON_TOKEN"',
           "",
           "[[sources]]",
           'network = "bluesky"',
           'jetstream = "wss://jetstream2.us-east.bsky.network/subscribe"',
           "",
           "[[sources]]",
           'network = "rss"',
           'url = "https://un-rights.example/en/news/hrc61/rss.xml"',
           "",
           "[accounts]",
           f"# own: the delegation of the {c.OWN_DELEGATION}; Mastodon handles are",
           "# written @user@server, Bluesky handles as the network writes them."]
    for group in ("official", "civil_society", "media", "own"):
        out.append(f"{group} = {toml_list(groups[group])}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- the session files


def _write_lines(path: Path, lines: list[Line]) -> None:
    with open(path, "wb") as fh:
        for line in lines:
            fh.write(line.data + b"\n")


def _post_lang_counts(posts: list[Post]) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in posts:
        key = p.lang or "none"
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def generate_session(out_dir: str | Path, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Write the five session files into ``out_dir``; return the counts."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    s = Session(seed)
    s.plan()
    m_lines = render_mastodon(s)
    b_lines = render_jetstream(s)
    _write_lines(out / FILES["mastodon"], m_lines)
    _write_lines(out / FILES["jetstream"], b_lines)
    (out / FILES["rss"]).write_bytes(render_rss().encode("utf-8"))
    (out / FILES["programme"]).write_bytes(render_programme().encode("utf-8"))
    (out / FILES["watch"]).write_bytes(render_watch(s.actors).encode("utf-8"))
    return summarize(s, m_lines, b_lines, out)


def summarize(s: Session, m_lines: list[Line], b_lines: list[Line], out: Path) -> dict[str, Any]:
    def n(lines: list[Line], kind: str, first: bool | None = None) -> int:
        return sum(1 for x in lines if x.kind == kind and (first is None or x.first == first))

    m_posts = [x.post for x in m_lines if x.kind == "create" and x.first and x.post]
    b_posts = [x.post for x in b_lines if x.kind == "create" and x.post]
    watched = {a.key for a in s.actors.values()
               if a.category in ("official", "own", "civil_society", "media")}

    def hashtagged(p: Post) -> bool:
        tags = {t.lower() for t in p.tags()} | {t.lower() for t in (p.hidden_tags or [])}
        return bool(tags & {"hrc61", "itemfour"})

    mastodon: dict[str, Any] = {
        "lines": len(m_lines),
        "update_frames": n(m_lines, "create") + n(m_lines, "boost"),
        "statuses": len(m_posts),
        "duplicate_deliveries": n(m_lines, "create", False),
        "boosts": n(m_lines, "boost"),
        "replies": sum(1 for p in m_posts if p.reply_to is not None or p.orphan),
        "quotes": sum(1 for p in m_posts if p.quote_of is not None),
        "status_update_frames": n(m_lines, "edit"),
        "edited_statuses": len({id(x.post) for x in m_lines if x.kind == "edit"}),
        "delete_frames": n(m_lines, "delete"),
        "deleted_statuses": n(m_lines, "delete", True),
        "filters_changed": n(m_lines, "filters_changed"),
        "error_frames": n(m_lines, "error"),
        "malformed": n(m_lines, "malformed"),
        "languages": _post_lang_counts(m_posts),
    }
    jetstream: dict[str, Any] = {
        "lines": len(b_lines),
        "post_creates": len(b_posts),
        "replies": sum(1 for p in b_posts if p.reply_to is not None or p.orphan),
        "quotes": sum(1 for p in b_posts if p.quote_of is not None),
        "with_hidden_tags": sum(1 for p in b_posts if p.hidden_tags),
        "unrelated_firehose_posts": sum(1 for p in b_posts if p.noise),
        "not_matching_hashtags_or_watched": sum(
            1 for p in b_posts if not hashtagged(p) and p.actor.key not in watched),
        "post_updates": n(b_lines, "edit"),
        "post_deletes": n(b_lines, "delete"),
        "reposts": n(b_lines, "repost"),
        "identity_events": n(b_lines, "identity"),
        "account_events": n(b_lines, "account"),
        "malformed": n(b_lines, "malformed"),
        "languages": _post_lang_counts(b_posts),
    }
    rss = {"items": len(content().RSS_ITEMS),
           "languages": _post_lang_counts([Post("b", s.actors["unrights"], 0, i[2], "")
                                           for i in content().RSS_ITEMS])}
    sizes = {name: (out / name).stat().st_size for name in FILES.values()}
    return {"mastodon": mastodon, "jetstream": jetstream, "rss": rss, "sizes": sizes,
            "total_posts": mastodon["statuses"] + jetstream["post_creates"],
            "malformed_lines": {FILES["mastodon"]: _malformed(m_lines),
                                FILES["jetstream"]: _malformed(b_lines)},
            "planted": _planted(m_lines, FILES["mastodon"]) + _planted(b_lines,
                                                                         FILES["jetstream"])}


def _malformed(lines: list[Line]) -> list[tuple[int, str]]:
    return [(i + 1, str(x.label)) for i, x in enumerate(lines) if x.kind == "malformed"]


def _planted(lines: list[Line], name: str) -> list[tuple[str, str, int, str]]:
    rows: list[tuple[str, str, int, str]] = []
    pile: list[int] = []
    for i, x in enumerate(lines):
        p = x.post
        if x.kind in ("account", "identity", "error", "filters_changed") and x.label:
            rows.append((name, "other", i + 1, x.label))
        if p is None or not x.first:
            continue
        if x.kind == "create" and p.plant:
            if p.plant == "pile-on":
                pile.append(i + 1)
            else:
                rows.append((name, "post", i + 1, ("original for " + p.plant)
                             if p.plant.startswith("edit:") else p.plant))
        elif x.kind == "edit" and p.scripted and p.plant:
            rows.append((name, "edit", i + 1, p.plant))
        elif x.kind == "delete" and p.scripted and p.delete_at is not None:
            rows.append((name, "delete", i + 1, p.plant or p.text[:50]))
    if pile:
        rows.append((name, "post", pile[0], f"harassment pile-on against Amal Defenders: "
                     f"{len(pile)} replies, lines {', '.join(map(str, pile))}"))
    return sorted(rows, key=lambda row: row[2])


def format_summary(info: dict[str, Any]) -> str:
    m, b = info["mastodon"], info["jetstream"]
    mal = info["malformed_lines"]
    out = [
        "| file | size (bytes) | lines | posts | edits | deletes | shares | other events "
        "| malformed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| `{FILES['mastodon']}` | {info['sizes'][FILES['mastodon']]} | {m['lines']} "
        f"| {m['statuses']} | {m['status_update_frames']} | {m['delete_frames']} "
        f"| {m['boosts']} | {m['duplicate_deliveries'] + m['filters_changed'] + m['error_frames']}"
        f" | {m['malformed']} |",
        f"| `{FILES['jetstream']}` | {info['sizes'][FILES['jetstream']]} | {b['lines']} "
        f"| {b['post_creates']} | {b['post_updates']} | {b['post_deletes']} | {b['reposts']} "
        f"| {b['identity_events'] + b['account_events']} | {b['malformed']} |",
        f"| `{FILES['rss']}` | {info['sizes'][FILES['rss']]} | — | {info['rss']['items']} "
        "| 0 | 0 | 0 | 0 | 0 |",
        "",
        f"Total posts (Mastodon statuses + Bluesky post creates): **{info['total_posts']}**.",
        "",
        "Mastodon detail: " + ", ".join(f"{k} {v}" for k, v in m.items() if k != "languages")
        + ".",
        "Mastodon languages (statuses): " + ", ".join(f"{k} {v}" for k, v in
                                                      m["languages"].items()) + ".",
        "",
        "Jetstream detail: " + ", ".join(f"{k} {v}" for k, v in b.items() if k != "languages")
        + ".",
        "Jetstream languages (post creates): " + ", ".join(f"{k} {v}" for k, v in
                                                           b["languages"].items()) + ".",
        "",
        "RSS languages (items): " + ", ".join(f"{k} {v}" for k, v in
                                              info["rss"]["languages"].items()) + ".",
        "",
    ]
    for name, rows in mal.items():
        out.append(f"Malformed lines in `{name}` ({len(rows)}): "
                   + ", ".join(str(i) for i, _ in rows))
        out += [f"- line {i}: {label}" for i, label in rows]
        out.append("")
    out += ["Planted items (line numbers are 1-based):", "",
            "| file | line | what | description |", "|---|---:|---|---|"]
    for name, what, line, label in info["planted"]:
        out.append(f"| `{name}` | {line} | {what} | {label} |")
    return "\n".join(out) + "\n"


def update_readme(readme: Path, block: str) -> bool:
    if not readme.exists():
        return False
    text = readme.read_text(encoding="utf-8")
    if README_BEGIN not in text or README_END not in text:
        return False
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    new = head + README_BEGIN + "\n" + block + README_END + tail
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return True


# --------------------------------------------------------------------------- scale mode


class ScaleWorld:
    """A bounded population for benchmark streams: memory does not grow with N."""

    def __init__(self, seed: int, net: str, population: int = 5000) -> None:
        self.rng = random.Random(seed)
        self.net = net
        self.actors = build_cast(self.rng)
        c = content()
        self.named = [a for a in self.actors.values()
                      if a.on(net) and a.category in ("official", "own", "media", "civil_society")]
        self.population = population
        self.people: list[Actor] = []
        langs = [x for x, _ in LANG_WEIGHTS]
        weights = [w for _, w in LANG_WEIGHTS]
        servers = ["mastodon.example", "social.example", "toot.example", "mstdn.example",
                   "piaille.example", "m.cmx.example"]
        for i in range(population):
            lang = self.rng.choices(langs, weights)[0]
            key = f"bench{i:06d}"
            user = f"user{i:06d}"
            server = servers[i % len(servers)] if net == "m" else None
            a = Actor(key, f"Bench User {i}", "public", lang, user if net == "m" else None,
                      server, f"user{i:06d}.bsky.example" if net == "b" else None, False,
                      rng_note(self.rng, lang, c))
            a.m_id = str(((1_600_000_000_000 + i * 7_919_000) << 16) | (i & 0xFFFF))
            a.m_created = iso_ms((1_600_000_000 + i * 7919) // 86_400 * 86_400 * SEC)
            a.did = did_for(key)
            a.rev_clock = self.rng.randrange(1024)
            self.people.append(a)
            self.actors[key] = a
        self.announced = bytearray(population)

    def author(self) -> tuple[Actor, int]:
        if self.rng.random() < 0.05 and self.named:
            return self.rng.choice(self.named), -1
        u = self.rng.random()
        i = int(self.population * u * u)  # a few heavy posters
        return self.people[i], i

    def text(self, t: int, a: Actor) -> tuple[str, list[str] | None]:
        rng = self.rng
        c = content()
        phase = phase_at(START_US + (t - START_US) % (END_US - START_US))
        lang = a.lang
        bodies = c.PHASE_BODIES[lang].get(phase) or c.PHASE_BODIES[lang]["valdoria"]
        template = rng.choice(bodies) if rng.random() < 0.55 else rng.choice(c.GENERIC[lang])
        body = fill(rng, template, lang, phase)
        return with_tags(rng, body, lang, phase, self.net, allow_item_four_only=False)


def rng_note(rng: random.Random, lang: str, c: ModuleType) -> str:
    return str(rng.choice(c.PUBLIC_NOTES[lang]))


EDIT_NOTE = {"en": "(edited: typo)", "fr": "(modifié : coquille)", "es": "(editado: errata)",
             "ru": "(исправлено)", "ar": "(تم التعديل)", "zh": "（已编辑）"}


def iter_jetstream(n: int, seed: int = DEFAULT_SEED) -> Iterator[str]:
    """N post creates.  Per event drawn: 86% post create (20% replies, 3% quotes
    of a recent post), 2% update and 3% delete of a recent post, 9% repost; plus
    an identity event for ~80% of authors on their first post.  So N creates
    come with about 0.023 N updates, 0.035 N deletes and 0.105 N reposts.
    ``time_us`` strictly ascending from 08:00 UTC on the session day, ~40/s."""
    w = ScaleWorld(seed, "b")
    rng = w.rng
    r = BlueskyRenderer(rng, w.actors)
    recent: deque[Post] = deque(maxlen=2000)
    t = START_US
    seq = 9_100_000_000
    made = 0
    while made < n:
        t += 1 + int(100_000 * rng.random() * rng.random())
        x = rng.random()
        if recent and x < 0.02:
            p = rng.choice(recent)
            p.edits.append((t, p.text_at(len(p.edits)) + " " + EDIT_NOTE[p.lang or "en"]))
            yield r.post_line(p, t, len(p.edits), "update")
            continue
        if recent and x < 0.05:
            p = recent[rng.randrange(len(recent))]
            recent.remove(p)
            yield r.delete_line(p, t)
            continue
        if recent and x < 0.14:
            p = recent[rng.randrange(len(recent))]
            a, _ = w.author()
            yield r.repost_line(a, p, t)
            continue
        a, i = w.author()
        if i >= 0 and not w.announced[i]:
            w.announced[i] = 1
            if rng.random() < 0.8:
                seq += 1 + rng.randrange(50)
                yield r.identity_line(a, t, seq, a.b_handle)
                t += 1 + rng.randrange(2000)
        text, hidden = w.text(t, a)
        p = Post("b", a, t, a.lang, text, hidden_tags=hidden)
        y = rng.random()
        if recent and y < 0.2:
            p.reply_to = recent[rng.randrange(len(recent))]
            p.root = p.reply_to.root or p.reply_to
        elif recent and y < 0.23:
            p.quote_of = recent[rng.randrange(len(recent))]
        r.prepare(p)
        yield r.post_line(p, t)
        p.record = None  # keep memory flat: only ids are needed later
        p.root = None if p.root is None else (p.root.root or p.root)
        recent.append(p)
        made += 1


def iter_mastodon(n: int, seed: int = DEFAULT_SEED) -> Iterator[str]:
    """N ``update`` frames of new statuses on ["hashtag","HRC61"].  Per event
    drawn: 91% new status (20% replies, 3% quotes of a recent status), 2%
    ``status.update`` and 2% ``delete`` of a recent status, 5% boost (an
    ``update`` on ["user"] whose ``reblog`` is the original).  ~40 events/s
    from 08:00 UTC on the session day."""
    w = ScaleWorld(seed, "m", population=3000)
    rng = w.rng
    r = MastodonRenderer(rng, w.actors)
    recent: deque[Post] = deque(maxlen=2000)
    stream = ("hashtag", "HRC61")
    t = START_US
    made = 0
    while made < n:
        t += 1000 + int(100_000 * rng.random() * rng.random())
        x = rng.random()
        if recent and x < 0.02:
            p = rng.choice(recent)
            p.edits.append((t, p.text_at(len(p.edits)) + " " + EDIT_NOTE[p.lang or "en"]))
            p._html.clear()
            yield r.frame(stream, "status.update", dumps(r.status(p, t, len(p.edits))))
            continue
        if recent and x < 0.04:
            p = recent[rng.randrange(len(recent))]
            recent.remove(p)
            yield r.frame(stream, "delete", p.mid)
            continue
        if recent and x < 0.09:
            p = recent[rng.randrange(len(recent))]
            a, _ = w.author()
            p.boost_times.append(t)
            yield r.frame(("user",), "update", dumps(r.boost(a, p, t, r.snowflake(t))))
            continue
        a, _ = w.author()
        text, _hidden = w.text(t, a)
        p = Post("m", a, t, a.lang, text)
        y = rng.random()
        if recent and y < 0.2:
            p.reply_to = recent[rng.randrange(len(recent))]
            p.text = "@{" + p.reply_to.actor.key + "} " + p.text
            p.reply_to.reply_times.append(t)
        elif recent and y < 0.23:
            p.quote_of = recent[rng.randrange(len(recent))]
            p.quote_of.quote_times.append(t)
        p.pop = rng.randrange(1, 12)
        r.assign(p)
        yield r.frame(stream, "update", dumps(r.status(p, t)))
        p._html.clear()
        if p.reply_to is not None:  # do not keep chains of ancestors alive
            p.reply_to = _stub(p.reply_to)
        if p.quote_of is not None:
            p.quote_of = _stub(p.quote_of)
        recent.append(p)
        made += 1


def _stub(p: Post) -> Post:
    """A detached copy holding just what a reply or quote needs of its parent."""
    q = Post(p.net, p.actor, p.t, p.lang, p.text_at(len(p.edits)), mid=p.mid, uri=p.uri,
             url=p.url, pop=p.pop)
    return q


def _write_stream(path: str | Path, lines: Iterator[str]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in lines:
            fh.write(line)
            fh.write("\n")
            count += 1
    return count


def write_jetstream(path: str | Path, n: int, seed: int = DEFAULT_SEED) -> int:
    """Write ``n`` Jetstream post creates (plus updates, deletes, reposts and
    identity events, see :func:`iter_jetstream`) to ``path``, streaming.
    Returns the number of lines written."""
    return _write_stream(path, iter_jetstream(n, seed))


def write_mastodon(path: str | Path, n: int, seed: int = DEFAULT_SEED) -> int:
    """Write ``n`` Mastodon streaming ``update`` frames of new statuses (plus
    edits, deletes and boosts, see :func:`iter_mastodon`) to ``path``, streaming.
    Returns the number of lines written."""
    return _write_stream(path, iter_mastodon(n, seed))


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="generate.py",
        description="Write the HRC 61 demo recording (default) or a synthetic stream of N "
                    "posts for benchmarks.")
    ap.add_argument("--out-dir", default=str(HERE),
                    help="directory for the session files (default: next to this script)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    ap.add_argument("--jetstream-posts", type=int, metavar="N",
                    help="write N Jetstream post creates (+ updates/deletes/reposts) to --out")
    ap.add_argument("--mastodon-posts", type=int, metavar="N",
                    help="write N Mastodon update frames (+ edits/deletes/boosts) to --out")
    ap.add_argument("--out", metavar="FILE", help="output file for --jetstream/--mastodon-posts")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.jetstream_posts is not None or args.mastodon_posts is not None:
        if not args.out:
            ap.error("--out FILE is required with --jetstream-posts/--mastodon-posts")
        if args.jetstream_posts is not None and args.mastodon_posts is not None:
            ap.error("give one of --jetstream-posts and --mastodon-posts")
        if args.jetstream_posts is not None:
            lines = write_jetstream(args.out, args.jetstream_posts, args.seed)
        else:
            lines = write_mastodon(args.out, args.mastodon_posts, args.seed)
        if not args.quiet:
            print(f"{args.out}: {lines} lines")
        return 0
    info = generate_session(args.out_dir, args.seed)
    block = format_summary(info)
    readme_updated = False
    if Path(args.out_dir).resolve() == HERE and args.seed == DEFAULT_SEED:
        readme_updated = update_readme(HERE / "README.md", block)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
    elif not args.quiet:
        print(block, end="")
        if readme_updated:
            print("README.md counts block updated.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
