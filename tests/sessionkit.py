"""Build small Mastodon REST sessions for tests: statuses by named people,
replies and quotes by local id, at minutes after 10:00 UTC on 3 March 2026."""

from __future__ import annotations

import json
from pathlib import Path

# who -> (username, server, display name, bio)
PEOPLE: dict[str, tuple[str, str, str, str]] = {
    "valdoria": ("valdoria_mission", "diplo.valdoria.example",
                 "Permanent Mission of Valdoria to the UN in Geneva", "Official account."),
    "estmark": ("estmark_gva", "social.estmark.example", "Estmark in Geneva",
                "Mission permanente de l'Estmark auprès de l'ONU"),
    "sr": ("sr_valdoria", "social.un-rights.example", "UN Special Rapporteur on Valdoria", ""),
    "rwc": ("rightswatch", "ngo.social.example", "Rights Watch Collective",
            "Independent human rights NGO"),
    "amal": ("amaldefenders", "mastodon.example", "Amal Defenders", "Defending the defenders"),
    "obs": ("observatorio", "ngo.social.example", "Observatorio Valdoria",
            "Organización no gubernamental de derechos humanos"),
    "wire": ("genevawire", "press.social.example", "Geneva Wire", "News from the Palais"),
    "troll": ("patriot_1987", "toot.example", "Patriot", "truth teller"),
    "anon": ("someone", "mstdn.example", "Someone", ""),
}

WATCH_ACCOUNTS = """
[accounts]
official = ["@valdoria_mission@diplo.valdoria.example", "@estmark_gva@social.estmark.example",
            "@sr_valdoria@social.un-rights.example"]
civil_society = ["@rightswatch@ngo.social.example", "@amaldefenders@mastodon.example"]
media = ["@genevawire@press.social.example"]
"""


def at(minute: float) -> str:
    h, m = divmod(int(minute), 60)
    s = round((minute - int(minute)) * 60)
    return f"2026-03-03T{10 + h:02d}:{m:02d}:{s:02d}.000Z"


def status(n: int, who: str, minute: float, text: str, *, reply_to: int | None = None,
           quote_of: int | None = None, tags: tuple[str, ...] = ("HRC61",)) -> dict[str, object]:
    user, server, name, bio = PEOPLE[who]
    body = text + "".join(f" #{t}" for t in tags)
    out: dict[str, object] = {
        "id": str(n), "uri": f"https://{server}/users/{user}/statuses/{n}",
        "url": f"https://{server}/@{user}/{n}", "created_at": at(minute),
        "content": f"<p>{body}</p>", "tags": [{"name": t.lower()} for t in tags],
        "edited_at": None, "in_reply_to_id": None if reply_to is None else str(reply_to),
        "account": {"id": f"{who}-id", "username": user, "acct": f"{user}@{server}",
                    "url": f"https://{server}/@{user}", "display_name": name, "note": bio},
    }
    if quote_of is not None:
        out["quote"] = {"state": "accepted", "quoted_status_id": str(quote_of)}
    return out


def uid(n: int, who: str) -> str:
    user, server, _, _ = PEOPLE[who]
    return f"https://{server}/users/{user}/statuses/{n}"


def write(path: Path, statuses: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in statuses) + "\n",
                    encoding="utf-8")
    return path
