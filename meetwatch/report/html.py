"""The digest as one self-contained HTML file: inline CSS, hand-written SVG
charts, no script and no external asset.  Every piece of text from the log
goes through ``html.escape`` (attributes included)."""

from __future__ import annotations

from html import escape
from typing import Any

from meetwatch.core.stats import epoch_seconds, iso_seconds
from meetwatch.report.markdown import CATEGORY_LABEL, duration, heading, hm, plural, when

COLOURS = {"official": "#1f5fa8", "civil_society": "#2e8b57", "media": "#b8860b",
           "own": "#8b3a8b", "other": "#8a8a8a", "posts": "#4a6fa5"}
EXTRA = ("#c0504d", "#4bacc6", "#f79646", "#9bbb59")
CSS = """
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-top:2px solid #ddd;padding-top:1rem;margin-top:2.5rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;
text-align:left}td.n,th.n{text-align:right}.muted{color:#666}.warn{background:#fff3cd;
padding:.5rem 1rem;border-left:4px solid #e0a800}.post{margin:.4rem 0}.resp{margin-left:1.5rem;
color:#333}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em}svg{max-width:100%}
.state-open{color:#b00;font-weight:bold}ul{padding-left:1.2rem}
"""


def e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def colour(category: str, order: list[str]) -> str:
    if category in COLOURS:
        return COLOURS[category]
    return EXTRA[order.index(category) % len(EXTRA)] if category in order else EXTRA[0]


def label(category: str) -> str:
    return e(CATEGORY_LABEL.get(category, category))


def volume_svg(by_category: dict[str, list[int]], start: str | None, bucket: int,
               slots: list[dict[str, Any]], gaps: list[dict[str, Any]], *,
               width: int = 900, height: int = 180, title: str = "Posts over time") -> str:
    """Stacked bars per bucket and category; agenda slots shaded and named
    along the top, unrecovered gaps hatched red."""
    series = list(by_category.values())
    n = max((len(s) for s in series), default=0)
    if not n or not start:
        return ""
    totals = [sum(s[i] for s in series if i < len(s)) for i in range(n)]
    top = max(totals) or 1
    left, bottom, head = 40, 20, 18
    plot_w, plot_h = width - left - 10, height - bottom - head
    bw = plot_w / n
    t0 = epoch_seconds(start)
    offset = _offset(start)
    span = n * bucket

    def x_at(iso: str) -> float:
        return left + max(0.0, min(1.0, (epoch_seconds(iso) - t0) / span)) * plot_w

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{e(title)}"><title>{e(title)}</title>']
    for i, s in enumerate(slots):
        if not s.get("starts_at"):
            continue
        x1 = x_at(s["starts_at"])
        x2 = x_at(s["ends_at"]) if s.get("ends_at") else x1
        fill = "#f2f2f2" if i % 2 else "#e8eef7"
        parts.append(f'<rect x="{x1:.1f}" y="{head}" width="{max(x2 - x1, 1):.1f}" '
                     f'height="{plot_h}" fill="{fill}"><title>{e(s.get("label", ""))}</title></rect>')
        if s.get("label") and x2 - x1 > 14:
            parts.append(f'<text x="{x1 + 2:.1f}" y="{head - 5}" font-size="11" fill="#555">'
                         f'{e(str(s["label"])[:max(2, int((x2 - x1) / 6))])}</text>')
    for g in gaps:
        if g["filled"]:
            continue
        x1 = x_at(g["start"])
        x2 = x_at(g["end"]) if g["end"] else left + plot_w
        parts.append(f'<rect x="{x1:.1f}" y="{head}" width="{max(x2 - x1, 2):.1f}" '
                     f'height="{plot_h}" fill="#d9534f" fill-opacity="0.25">'
                     f'<title>coverage gap: {e(g["source"])}</title></rect>')
    order = list(by_category)
    for i in range(n):
        y = float(head + plot_h)
        for cat, vals in by_category.items():
            v = vals[i] if i < len(vals) else 0
            if not v:
                continue
            h = v / top * plot_h
            y -= h
            parts.append(f'<rect x="{left + i * bw:.2f}" y="{y:.2f}" width="{max(bw - 0.3, 0.5):.2f}" '
                         f'height="{h:.2f}" fill="{colour(cat, order)}"/>')
    parts.append(f'<line x1="{left}" y1="{head + plot_h}" x2="{left + plot_w}" '
                 f'y2="{head + plot_h}" stroke="#999"/>')
    parts.append(f'<text x="{left - 4}" y="{head + 10}" font-size="11" text-anchor="end">{top}</text>')
    parts.append(f'<text x="{left - 4}" y="{head + plot_h}" font-size="11" text-anchor="end">0</text>')
    for k in range(5):
        t = t0 + span * k // 4
        parts.append(f'<text x="{left + plot_w * k / 4:.1f}" y="{height - 5}" font-size="11" '
                     f'text-anchor="{"start" if k == 0 else "end" if k == 4 else "middle"}">'
                     f'{e(hm(iso_seconds(t + offset)))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _offset(iso: str) -> int:
    """Seconds east of UTC of an ISO time's offset (0 for Z or none)."""
    tail = iso[19:].lstrip(".0123456789")
    if len(tail) == 6 and tail[0] in "+-" and tail[3] == ":":
        sign = 1 if tail[0] == "+" else -1
        return sign * (int(tail[1:3]) * 3600 + int(tail[4:6]) * 60)
    return 0


def share_svg(rows: list[dict[str, Any]], *, width: int = 900, height: int = 28) -> str:
    """Share of voice as one 100% bar."""
    if not rows:
        return ""
    order = [r["category"] for r in rows]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Share of voice"><title>Share of voice</title>']
    x = 0.0
    for r in rows:
        w = r["fraction"] * width
        parts.append(f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}" '
                     f'fill="{colour(r["category"], order)}"><title>{label(r["category"])}: '
                     f'{r["posts"]} ({r["fraction"] * 100:.1f}%)</title></rect>')
        if w > 60:
            parts.append(f'<text x="{x + 4:.1f}" y="{height - 9}" font-size="12" fill="#fff">'
                         f'{label(r["category"])} {r["fraction"] * 100:.0f}%</text>')
        x += w
    parts.append("</svg>")
    return "".join(parts)


def legend(categories: list[str]) -> str:
    return "<p>" + " ".join(f'<span class="swatch" style="background:{colour(c, categories)}">'
                            f'</span>{label(c)}' for c in categories) + "</p>"


def share_table(rows: list[dict[str, Any]]) -> str:
    body = "".join(f'<tr><td>{label(r["category"])}</td><td class="n">{r["posts"]:,}</td>'
                   f'<td class="n">{r["fraction"] * 100:.1f}%</td></tr>' for r in rows)
    return ('<table><tr><th>Voice</th><th class="n">Posts</th><th class="n">Share</th></tr>'
            f"{body}</table>")


def a(url: Any, text: str) -> str:
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return f'<a href="{e(url)}" rel="noreferrer noopener">{text}</a>'
    return text


def post(p: dict[str, Any], css: str = "post") -> str:
    marks = (" <em>(edited)</em>" if p.get("edited_at") else "") + (
        " <em>(deleted)</em>" if p.get("deleted_at") else "")
    return (f'<div class="{css}"><span class="muted">{e(hm(p["created_at"]))}</span> '
            f'<strong>{a(p.get("url"), e(p["author"]))}</strong>{marks}: {e(p["text"])}</div>')


def latency(lat: dict[str, Any]) -> str:
    if not lat["responses"]:
        return "<p>No statement drew a paired response.</p>"
    return (f"<p>Response latency: {plural(lat['statements_answered'], 'statement')} drew "
            f"{plural(lat['responses'], 'response')}; first response after "
            f"<strong>{e(duration(lat['first_median_s']))}</strong> (median; fastest "
            f"{e(duration(lat['first_fastest_s']))}), every response "
            f"{e(duration(lat['median_s']))} (median).</p>")


def gaps_list(gaps: list[dict[str, Any]]) -> str:
    items = "".join(
        f"<li>{e(g['source'])}: {e(when(g['start']))} → "
        f"{e(when(g['end'])) if g['end'] else 'end of log'}, "
        + ("recovered afterwards" if g["filled"] else "<strong>not recovered: counts are "
           "incomplete</strong>") + (f" ({e(g['detail'])})" if g["detail"] else "") + "</li>"
        for g in gaps)
    return f"<ul>{items}</ul>"


def spikes_list(spikes: list[dict[str, Any]]) -> str:
    return "<ul>" + "".join(
        f"<li>{e(when(s['from']))}–{e(hm(s['to']))}: {s['posts']:,} posts (expected "
        f"{s['expected']:.1f}" + ("" if s["ratio"] is None else f", {s['ratio']:.1f}× the baseline")
        + ")</li>" for s in spikes) + "</ul>"


def _slots(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**s, "label": f"{s['item']}"} for s in d["agenda"]]


def _item(it: dict[str, Any], d: dict[str, Any]) -> str:
    v = d["volume"]
    name = e(heading(it))
    slots = ", ".join(f"{e(when(s['starts_at']))}–{e(hm(s['ends_at']))}" for s in it["slots"]
                      if s["starts_at"])
    out = [f"<section><h2>{name}</h2><p>" + (f"Scheduled {slots}. " if slots else "")
           + f"{plural(it['totals']['posts'], 'post')}.</p>"]
    if it["totals"]["posts"]:
        out.append(share_svg(it["share_of_voice"]))
        out.append(volume_svg({"posts": it["volume"]}, v["start"], v["bucket_seconds"],
                              [{**s, "label": it["item"] or ""} for s in it["slots"]], it["gaps"],
                              height=120, title=f"Posts on item {it['item'] or '(none)'}"))
        out.append(share_table(it["share_of_voice"]))
    if it["top_hashtags"]:
        out.append("<p>Hashtags: " + ", ".join(f"#{e(h['hashtag'])} ({h['posts']:,})"
                                               for h in it["top_hashtags"]) + "</p>")
    out.append(latency(it["latency"]))
    st = it["statements"]
    out.append(f"<h3>Official statements ({st['count']:,})</h3>")
    if st["count"] > len(st["listed"]):
        out.append(f"<p class=\"muted\">The {len(st['listed'])} most answered, in time order.</p>")
    for s in st["listed"]:
        out.append(post(s))
        if not s["responses"]:
            out.append('<div class="resp muted">no paired response</div>')
        for r in s["responses"]:
            out.append(post(r, "resp").replace(
                "</div>", f' <span class="muted">— {label(r["author_category"])}, {e(r["kind"])}, '
                f'score {r["score"]:.2f}: {e(r["reason"])}</span></div>', 1))
        if s["response_count"] > len(s["responses"]):
            out.append(f'<div class="resp muted">… {s["response_count"] - len(s["responses"])} '
                       "more responses</div>")
    fl = it["flags"]
    out.append(f"<h3>Flags ({fl['count']:,})</h3>")
    if fl["by_category"]:
        states = list(next(iter(fl["by_category"].values())))
        out.append("<table><tr><th>Category</th>" + "".join(
            f'<th class="n">{e(s.replace("_", " "))}</th>' for s in states) + "</tr>" + "".join(
            f"<tr><td>{e(cat)}</td>" + "".join(f'<td class="n">{c[s]}</td>' for s in states)
            + "</tr>" for cat, c in fl["by_category"].items()) + "</table><ul>")
        for f in fl["listed"]:
            out.append(f"<li>{e(f['severity'])} {e(f['category'])} ({e(f['rule'])}), "
                       f"{e(hm(f['created_at']))} {a(f['url'], e(f['author']))}: "
                       f"“{e(f['evidence'])}” → <span class=\"state-{e(f['state'])}\">"
                       f"{e(f['state'].replace('_', ' '))}</span>"
                       + (f" — {e(f['note'])}" if f["note"] else "") + "</li>")
        if fl["count"] > len(fl["listed"]):
            out.append(f"<li>… {fl['count'] - len(fl['listed'])} more</li>")
        out.append("</ul>")
    else:
        out.append("<p>None.</p>")
    if it["official_changes"]:
        out.append("<h3>Edited and deleted official posts</h3>")
        for c in it["official_changes"]:
            out.append(post(c))
            out.append("<ul>" + "".join(
                f"<li>{'as posted' if not x['edited_at'] else 'edit ' + e(hm(x['edited_at']))}: "
                f"{e(x['text'])}</li>" for x in c["versions"]) + "</ul>")
    if it["spikes"]:
        out.append("<h3>Spikes</h3>" + spikes_list(it["spikes"]))
    if it["gaps"]:
        out.append("<h3>Coverage gaps</h3>" + gaps_list(it["gaps"]))
    out.append("</section>")
    return "\n".join(out)


def render_html(d: dict[str, Any]) -> str:
    t = d["totals"]
    span = d["span"]
    v = d["volume"]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(d['title'])}</title><style>{CSS}</style></head><body>",
           f"<h1>{e(d['title'])}</h1>"]
    if span["first"]:
        out.append(f"<p>Posts created {e(when(span['first']))} – {e(when(span['last']))}: "
                   f"<strong>{t['posts']:,}</strong> posts by {t['accounts']:,} accounts, "
                   f"{t['statements']:,} official statements, {t['pairs']:,} responses paired, "
                   f"{t['flags']:,} flags.</p>")
    else:
        out.append("<p>No posts in this log for this selection.</p>")
    out.append(f'<p class="muted">Times are {e(d.get("time_zone", "UTC"))}.</p>')
    sc = {k: x for k, x in d["scope"].items() if x is not None}
    if sc:
        out.append("<p class=\"muted\">Selection: " + ", ".join(
            f"{e(k)} {e(x) if x != '' else 'none'}" for k, x in sc.items()) + "</p>")
    unrec = [g for g in d["gaps"] if not g["filled"]]
    if unrec:
        out.append(f'<p class="warn"><strong>Incomplete coverage:</strong> {len(unrec)} '
                   "connection gap(s) not recovered (hatched red on the charts); see Coverage "
                   "gaps.</p>")
    out.append("<h2>Overview</h2>")
    cats = list(v["by_category"])
    out.append(share_svg(d["share_of_voice"]))
    out.append(share_table(d["share_of_voice"]))
    out.append(volume_svg(v["by_category"], v["start"], v["bucket_seconds"], _slots(d), d["gaps"]))
    out.append(legend(cats))
    if v["before_start"]:
        out.append(f'<p class="muted">{plural(v["before_start"], "post")} created earlier, '
                   "counted but not charted.</p>")
    if d["top_accounts"]:
        out.append("<table><tr><th>Top accounts</th><th>Voice</th><th class=\"n\">Posts</th></tr>"
                   + "".join(f"<tr><td>{e(x['author'])}</td><td>{label(x['category'])}</td>"
                             f"<td class=\"n\">{x['posts']:,}</td></tr>" for x in d["top_accounts"])
                   + "</table>")
    if d["top_hashtags"]:
        out.append("<table><tr><th>Top hashtags</th><th class=\"n\">Posts</th></tr>"
                   + "".join(f"<tr><td>#{e(x['hashtag'])}</td><td class=\"n\">{x['posts']:,}</td>"
                             "</tr>" for x in d["top_hashtags"]) + "</table>")
    if d["languages"]:
        out.append("<p>Languages: " + ", ".join(f"{e(x['lang'])} {x['posts']:,}"
                                                for x in d["languages"]) + "</p>")
    eng = d["engagement"]
    if eng["posts_with_metrics"]:
        out.append(f"<p>Engagement ({eng['posts_with_metrics']:,} posts carry counts): "
                   + ", ".join(f"{e(k)} {n:,}" for k, n in eng["totals"].items() if n) + "</p>")
        out += [post({**p, "author": f"{p['engagement']:,} · {p['author']}"})
                for p in eng["most_engaged"][:5]]
    out.append(latency(d["latency"]))
    if d["spikes"]:
        out.append("<h3>Spikes</h3>" + spikes_list(d["spikes"]))
    if d["gaps"]:
        out.append("<h3>Coverage gaps</h3>" + gaps_list(d["gaps"]))
    out += [_item(it, d) for it in d["items"]]
    out.append("</body></html>")
    return "\n".join(out) + "\n"
