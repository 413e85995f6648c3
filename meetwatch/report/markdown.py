"""The digest as Markdown, for email: tables, text sparkbars, every
stranger's text escaped so it reads as the words they wrote, never as markup."""

from __future__ import annotations

import re
from typing import Any

from meetwatch.core.stats import bar, sparkline

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
_URL = re.compile(r"https?://[^\s<>()\[\]`|\\]+")
SPARK_WIDTH = 72
CATEGORY_LABEL = {"official": "Official", "civil_society": "Civil society", "media": "Media",
                  "own": "Own delegation", "other": "Other"}


def esc(text: Any) -> str:
    """One line of literal text: whitespace collapsed, Markdown (and inline
    HTML) characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def link(url: Any) -> str:
    return f" <{url}>" if isinstance(url, str) and _URL.fullmatch(url) else ""


def hm(iso: str | None) -> str:
    return iso[11:16] if iso else "?"


def when(iso: str | None) -> str:
    return f"{iso[:10]} {iso[11:16]}" if iso else "?"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def heading(it: dict[str, Any]) -> str:
    """An item's heading: "Item 4: Title", or the title alone when it names
    the item already ("Item 4 — ..."), or the no-item section's title."""
    if it["item"] is None:
        return str(it["title"])
    name, title = f"Item {it['item']}", str(it["title"] or "")
    if title.lower().startswith(name.lower()):
        return title
    return f"{name}: {title}" if title else name


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def label(category: str) -> str:
    return CATEGORY_LABEL.get(category, esc(category))


def _share_table(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return ["No posts."]
    out = ["| Voice | Posts | Share | |", "|---|--:|--:|---|"]
    for r in rows:
        out.append(f"| {label(r['category'])} | {r['posts']:,} | {r['fraction'] * 100:.1f}% | "
                   f"`{bar(r['fraction'], 20) or ' '}` |")
    return out


def _volume(values: list[int], start: str | None, bucket: int) -> list[str]:
    if not values or not start:
        return []
    minutes = bucket // 60 * -(-len(values) // SPARK_WIDTH)
    return [f"Posts per {minutes} min from {when(start)} "
            f"(peak {max(values):,}):", "", "```", sparkline(values, SPARK_WIDTH), "```"]


def _gaps(gaps: list[dict[str, Any]]) -> list[str]:
    out = []
    for g in gaps:
        state = "recovered afterwards" if g["filled"] else "**not recovered: counts are incomplete**"
        out.append(f"- {esc(g['source'])}: {when(g['start'])} → "
                   f"{when(g['end']) if g['end'] else 'end of log'}, {state}"
                   + (f" ({esc(g['detail'])})" if g["detail"] else ""))
    return out


def _post_line(p: dict[str, Any]) -> str:
    marks = (" *(edited)*" if p.get("edited_at") else "") + (
        " *(deleted)*" if p.get("deleted_at") else "")
    return (f"{hm(p['created_at'])} **{esc(p['author'])}**{marks}: {esc(p['text'])}"
            f"{link(p.get('url'))}")


def _latency(lat: dict[str, Any]) -> str:
    if not lat["responses"]:
        return "No statement drew a paired response."
    return (f"{plural(lat['statements_answered'], 'statement')} drew "
            f"{plural(lat['responses'], 'response')}; "
            f"first response after {duration(lat['first_median_s'])} (median; fastest "
            f"{duration(lat['first_fastest_s'])}), every response {duration(lat['median_s'])} "
            "(median).")


def _item(it: dict[str, Any], start: str | None, bucket: int) -> list[str]:
    name = esc(heading(it))
    out = ["", f"## {name}", ""]
    slots = ", ".join(f"{when(s['starts_at'])}–{hm(s['ends_at'])}" for s in it["slots"]
                      if s["starts_at"])
    out.append((f"Scheduled {slots}. " if slots else "") + plural(it['totals']['posts'], 'post') + ".")
    out += ["", *_share_table(it["share_of_voice"]), ""]
    out += _volume(it["volume"], start, bucket)
    if it["top_hashtags"]:
        out += ["", "Hashtags: " + ", ".join(f"\\#{esc(h['hashtag'])} ({h['posts']:,})"
                                           for h in it["top_hashtags"])]
    out += ["", _latency(it["latency"])]
    st = it["statements"]
    out += ["", f"### Official statements ({st['count']:,})", ""]
    if st["count"] > len(st["listed"]):
        out += [f"The {len(st['listed'])} most answered, in time order.", ""]
    if not st["listed"]:
        out.append("None.")
    for s in st["listed"]:
        out.append(f"- {_post_line(s)}")
        if not s["responses"]:
            out.append("  - no paired response")
        for r in s["responses"]:
            out.append(f"  - ↳ {_post_line(r)} — {label(r['author_category'])}, {esc(r['kind'])}, "
                       f"score {r['score']:.2f}: *{esc(r['reason'])}*")
        if s["response_count"] > len(s["responses"]):
            out.append(f"  - … {s['response_count'] - len(s['responses'])} more responses")
    fl = it["flags"]
    out += ["", f"### Flags ({fl['count']:,})", ""]
    if fl["by_category"]:
        states = list(next(iter(fl["by_category"].values())))
        out += ["| Category | " + " | ".join(s.replace("_", " ") for s in states) + " |",
                "|---|" + "--:|" * len(states)]
        for cat, counts in fl["by_category"].items():
            out.append(f"| {esc(cat)} | " + " | ".join(str(counts[s]) for s in states) + " |")
        out.append("")
        for f in fl["listed"]:
            note = f" — {esc(f['note'])}" if f["note"] else ""
            out.append(f"- {f['severity']} {esc(f['category'])} ({esc(f['rule'])}), "
                       f"{hm(f['created_at'])} {esc(f['author'])}: “{esc(f['evidence'])}” "
                       f"→ **{esc(f['state']).replace(chr(92) + '_', ' ')}**{note}")
        if fl["count"] > len(fl["listed"]):
            out.append(f"- … {fl['count'] - len(fl['listed'])} more")
    else:
        out.append("None.")
    if it["official_changes"]:
        out += ["", "### Edited and deleted official posts", ""]
        for c in it["official_changes"]:
            what = []
            if c["edited_at"]:
                what.append(f"edited {hm(c['edited_at'])}")
            if c["deleted_at"]:
                what.append(f"deleted {hm(c['deleted_at'])}")
            out.append(f"- {hm(c['created_at'])} **{esc(c['author'])}** ({', '.join(what)})"
                       f"{link(c.get('url'))}")
            for v in c["versions"]:
                out.append(f"  - {'as posted' if not v['edited_at'] else 'edit ' + hm(v['edited_at'])}"
                           f": {esc(v['text'])}")
    if it["spikes"]:
        out += ["", "### Spikes", ""] + [_spike(s) for s in it["spikes"]]
    if it["gaps"]:
        out += ["", "### Coverage gaps", "", *_gaps(it["gaps"])]
    return out


def _spike(s: dict[str, Any]) -> str:
    times = "" if s["ratio"] is None else f", {s['ratio']:.1f}× the baseline"
    return (f"- {when(s['from'])}–{hm(s['to'])}: {s['posts']:,} posts "
            f"(expected {s['expected']:.1f}{times})")


def render_markdown(d: dict[str, Any]) -> str:
    t = d["totals"]
    span = d["span"]
    out = [f"# {esc(d['title'])}", ""]
    if span["first"]:
        out.append(f"Posts created {when(span['first'])} – {when(span['last'])}: "
                   f"{t['posts']:,} posts by {t['accounts']:,} accounts, "
                   f"{t['statements']:,} official statements, {t['pairs']:,} responses paired, "
                   f"{t['flags']:,} flags.")
    else:
        out.append("No posts in this log" + (" for this selection." if any(
            d["scope"].values()) else "."))
    out += ["", f"Times are {esc(d.get('time_zone', 'UTC'))}."]
    sc = d["scope"]
    if any(v is not None for v in sc.values()):
        out += ["", "Selection: " + ", ".join(
            f"{k} {esc(v) if v != '' else 'none'}" for k, v in sc.items() if v is not None)]
    unrec = [g for g in d["gaps"] if not g["filled"]]
    if unrec:
        out += ["", f"> **Incomplete coverage:** {len(unrec)} connection gap"
                f"{'s' if len(unrec) != 1 else ''} not recovered; see Coverage gaps."]
    out += ["", "## Overview", "", *_share_table(d["share_of_voice"]), ""]
    v = d["volume"]
    out += _volume(v["total"], v["start"], v["bucket_seconds"])
    if v["before_start"]:
        out += ["", f"({plural(v['before_start'], 'post')} created earlier, counted but not charted.)"]
    if d["top_accounts"]:
        out += ["", "| Top accounts | Voice | Posts |", "|---|---|--:|"]
        out += [f"| {esc(a['author'])} | {label(a['category'])} | {a['posts']:,} |"
                for a in d["top_accounts"]]
    if d["top_hashtags"]:
        out += ["", "| Top hashtags | Posts |", "|---|--:|"]
        out += [f"| \\#{esc(h['hashtag'])} | {h['posts']:,} |" for h in d["top_hashtags"]]
    if d["languages"]:
        out += ["", "Languages: " + ", ".join(f"{esc(x['lang'])} {x['posts']:,}"
                                            for x in d["languages"])]
    e = d["engagement"]
    if e["posts_with_metrics"]:
        out += ["", f"Engagement ({e['posts_with_metrics']:,} posts carry counts): "
                + ", ".join(f"{k} {n:,}" for k, n in e["totals"].items() if n)]
        for p in e["most_engaged"][:5]:
            out.append(f"- {p['engagement']:,}: {_post_line(p)}")
    out += ["", "Response latency: " + _latency(d["latency"])]
    if d["spikes"]:
        out += ["", "### Spikes", ""] + [_spike(s) for s in d["spikes"]]
    if d["gaps"]:
        out += ["", "### Coverage gaps", "", *_gaps(d["gaps"])]
    for it in d["items"]:
        out += _item(it, v["start"], v["bucket_seconds"])
    return "\n".join(out) + "\n"
