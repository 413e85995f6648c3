"""A small, fully known session log for the analytics and report tests.

Posts go through the real writer; agenda items, pairs, flag reviews and
connection gaps (which other parts of meetwatch fill) are inserted with SQL.
"""

from __future__ import annotations

from pathlib import Path

from meetwatch.core.models import Account, ConnectionEvent, Deletion, Post
from meetwatch.store.schema import open_db
from meetwatch.store.writer import LogWriter

DAY = "2026-03-03"


def acct(name: str, category: str) -> Account:
    return Account("mastodon", f"https://ex.social/@{name}", f"@{name}@ex.social", name.title(),
                   category=category)


MISSION = acct("mission", "official")
OHCHR = acct("ohchr", "official")
NGO = acct("ngo", "civil_society")
WATCHDOG = acct("watchdog", "civil_society")
PRESS = acct("press", "media")
OWN = acct("own", "own")
TROLL = acct("troll", "other")


def at(hhmm: str, sec: int = 0) -> str:
    return f"{DAY}T{hhmm}:{sec:02d}.000Z"


def build(path: Path, *, hostile: str = "<script>alert('x')</script> & \x1b[31m") -> dict[str, int]:
    """Writes the log; returns post ids by uid."""
    posts: list[Post] = []

    def add(uid: str, who: Account, text: str, when: str, **kw: object) -> None:
        posts.append(Post(uid, "mastodon", who, text, when, url=f"https://ex.social/{uid}",
                          **kw))  # type: ignore[arg-type]

    add("s1", MISSION, "Statement on item 2: we welcome the report", at("08:10"),
        hashtags=("hrc61",), lang="en", metrics={"shares": 5, "likes": 10, "replies": 2})
    add("s2", OHCHR, "High Commissioner: civic space is shrinking", at("08:20"),
        hashtags=("hrc61", "civicspace"), lang="en", metrics={"shares": 40, "likes": 100})
    add("s3", MISSION, "Item 4 statement (draft wording)", at("09:05"), hashtags=("hrc61",),
        lang="fr", local_id="33")
    add("r1", NGO, "The report omits reprisals #hrc61", at("08:12"), hashtags=("hrc61",),
        lang="en", reply_to="s1", metrics={"likes": 3})
    add("r2", WATCHDOG, "Civic space: the numbers " + hostile, at("08:30"),
        hashtags=("hrc61", "civicspace"), lang="en", metrics={"replies": 1})
    add("r3", NGO, "Item 4: what the draft leaves out", at("09:15"), hashtags=("hrc61",),
        lang="es")
    add("m1", PRESS, "Live: Council opens item 2", at("08:11"), hashtags=("hrc61",), lang="en")
    add("o1", OWN, "Our delegation spoke on item 4", at("09:06"), hashtags=("hrc61",), lang="en")
    add("t1", TROLL, "you will regret this, call 0791234567", at("09:30"), hashtags=(), lang="en")
    add("u1", TROLL, "unrelated chatter", at("10:00"), hashtags=("misc",), lang=None)
    with LogWriter(str(path)) as w:
        w.pairing = None  # the pairs are set by hand below
        w.apply(posts, at("10:05"))
        # s3 edited, then deleted
        w.apply([Post("s3", "mastodon", MISSION, "Item 4 statement", at("09:05"),
                      url="https://ex.social/s3", hashtags=("hrc61",), lang="fr",
                      version="e1", edited_at=at("09:07"), local_id="33")], at("10:06"))
        w.apply([Deletion("mastodon", uid="s3", deleted_at=at("09:40"))], at("10:07"))
        w.add_connection_event(ConnectionEvent("mastodon:ex.social", "connect", at("08:00")))
        w.add_connection_event(ConnectionEvent("mastodon:ex.social", "gap", at("09:52"),
                                               "reconnected", gap_start=at("09:45"),
                                               gap_end=at("09:52"), filled=False))
        w.add_connection_event(ConnectionEvent("jetstream:host", "gap", at("08:40"),
                                               "rewound", gap_start=at("08:35"),
                                               gap_end=at("08:40"), filled=True))
        w.commit()
    conn = open_db(str(path))
    ids = {uid: pid for uid, pid in conn.execute("SELECT uid, id FROM posts")}
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO agenda_items (item, title, starts_at, ends_at) VALUES (?, ?, ?, ?)",
        [("2", "Annual report of the High Commissioner", at("08:00"), at("09:00")),
         ("4", "Situations that require the Council's attention", at("09:00"), at("10:00"))])
    for uid, item in (("s1", "2"), ("s2", "2"), ("r1", "2"), ("r2", "2"), ("m1", "2"),
                      ("s3", "4"), ("r3", "4"), ("o1", "4"), ("t1", "4")):
        conn.execute("UPDATE posts SET agenda_item = ?, agenda_reason = 'time' WHERE uid = ?",
                     (item, uid))
    conn.executemany(
        "INSERT INTO pairs (statement_id, response_id, kind, reason, score, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(ids["s1"], ids["r1"], "reply", "replies to the statement", 1.0, at("08:12")),
         (ids["s1"], ids["m1"], "topical", "same item, shared words", 0.4, at("08:12")),
         (ids["s2"], ids["r2"], "topical", "shares #civicspace", 0.7, at("08:30")),
         (ids["s3"], ids["r3"], "topical", "same item, 'draft'", 0.6, at("09:15"))])
    conn.execute("DELETE FROM flags")
    conn.executemany(
        "INSERT INTO flags (post_id, category, severity, rule, evidence, created_at, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(ids["t1"], "threat", "high", "threat.regret", "you will regret this", at("09:30"), "open"),
         (ids["t1"], "pii", "medium", "pii.phone", "0791234567", at("09:30"), "open"),
         (ids["s3"], "leak", "critical", "leak.draft", "draft wording", at("09:05"), "open"),
         (ids["r2"], "harassment", "low", "harass.x", "<b>bold</b>", at("08:30"), "open")])
    conn.execute("INSERT INTO flag_reviews (uid, rule, evidence, state, at, note) VALUES "
                 "('t1', 'threat.regret', 'you will regret this', 'acknowledged', ?, "
                 "'reported to security')", (at("09:35"),))
    conn.execute("UPDATE flags SET state = 'dismissed' WHERE rule = 'pii.phone'")
    conn.execute("COMMIT")
    conn.close()
    return ids
