"""Session measures (meetwatch.core.stats): pure, over plain facts."""

from __future__ import annotations

from meetwatch.core.stats import (
    Gap, PostFact, SessionStats, SpikeRule, SpikeWatch, coverage_gaps, detect_spikes,
    epoch_seconds, iso_seconds, response_latency, sparkline,
)

T = epoch_seconds("2026-03-03T08:00:00.000Z")


def fact(i: int, at: int, cat: str = "other", **kw: object) -> PostFact:
    return PostFact(i, at, cat, f"@u{i % 3}", **kw)  # type: ignore[arg-type]


def test_epoch_seconds_round_trips_and_accepts_offsets() -> None:
    assert iso_seconds(T) == "2026-03-03T08:00:00Z"
    assert epoch_seconds("2026-03-03T09:00:00+01:00") == T
    assert epoch_seconds("2026-03-03T08:00:59.999Z") == T + 59
    assert epoch_seconds("garbage") == 0


def test_accumulator_counts_once_per_post_and_buckets_by_minute() -> None:
    s = SessionStats()
    s.add(fact(1, T + 5, "official", hashtags=("hrc61",), item="2", lang="en",
               metrics={"likes": 3, "shares": 1}))
    s.add(fact(2, T + 65, "civil_society", hashtags=("hrc61", "x"), item="2", lang="fr"))
    s.add(fact(3, T + 70, "civil_society", lang=None))
    assert not s.add(fact(1, T + 5, "official"))  # seen: an edit of the same post
    assert s.total == 3
    assert s.series(T, T + 180) == [1, 2, 0]
    assert s.series(T, T + 180, item="2") == [1, 1, 0]
    assert s.series(T, T + 180, item="") == [0, 1, 0]
    assert s.series(T, T + 180, tag="x") == [0, 1, 0]
    assert s.series(T, T + 180, category="civil_society") == [0, 2, 0]
    sov = s.share_of_voice()
    assert [(x.category, x.posts) for x in sov] == [("official", 1), ("civil_society", 2)]
    assert abs(sum(x.fraction for x in sov) - 1) < 1e-9
    assert [x.posts for x in s.share_of_voice("2")] == [1, 1]
    assert s.top_hashtags(1) == [("hrc61", 2)]
    assert dict(s.top_languages()) == {"en": 1, "fr": 1, "und": 1}
    assert s.engagement == {"likes": 3, "shares": 1} and s.with_metrics == 1
    assert s.most_engaged() == [(1, 4)]


def test_top_accounts_ties_break_by_handle() -> None:
    s = SessionStats()
    for i, h in enumerate(["@b", "@a", "@b", "@a", "@c"]):
        s.add(PostFact(i, T, "other", h))
    assert s.top_accounts(2) == [("@a", "other", 2), ("@b", "other", 2)]


def flat_then_burst(minutes: int = 60, burst: int = 40) -> dict[int, int]:
    counts = {T + 60 * m: 2 for m in range(minutes)}
    for m in range(minutes, minutes + 5):
        counts[T + 60 * m] = burst // 5
    return counts


def test_spike_found_against_baseline_once_per_cooldown() -> None:
    spikes = detect_spikes(flat_then_burst(), 60, SpikeRule(min_posts=20))
    assert len(spikes) == 1
    s = spikes[0]
    assert s.posts >= 20 and s.expected == 10.0 and s.ratio >= 3
    assert T + 60 * 60 < s.at <= T + 65 * 60
    # a steady stream never spikes, however busy
    assert detect_spikes({T + 60 * m: 50 for m in range(120)}, 60) == []
    # a log that opens mid-burst is not a spike: no history yet
    assert detect_spikes({T + 60 * m: 30 for m in range(5)}, 60) == []


def test_spike_rule_is_tunable() -> None:
    counts = flat_then_burst(burst=25)
    assert detect_spikes(counts, 60, SpikeRule(min_posts=20, ratio=3)) == []
    assert len(detect_spikes(counts, 60, SpikeRule(min_posts=20, ratio=2))) == 1


def test_live_spike_watch_alerts_then_stays_quiet_for_the_cooldown() -> None:
    s = SessionStats()
    i = 0
    for b, n in sorted(flat_then_burst().items()):
        for _ in range(n):
            i += 1
            s.add(fact(i, b))
    watch = SpikeWatch(s, SpikeRule(min_posts=20, cooldown=600))
    assert watch.check(T + 50 * 60) is None
    spike = watch.check(T + 65 * 60)
    assert spike is not None and spike.posts == 40
    assert watch.check(T + 66 * 60) is None  # cooldown


def test_latency_first_and_median_ignore_responses_before_the_statement() -> None:
    lat = response_latency([(1, T, T + 60), (1, T, T + 180), (1, T, T + 600),
                            (2, T, T + 300), (3, T, T - 50)])
    assert lat.statements == 2 and lat.responses == 4
    assert lat.per_statement[1] == (60.0, 180.0, 3)
    assert lat.first_median == 180.0 and lat.first_fastest == 60.0
    assert lat.median == 240.0
    assert response_latency([]).first_median is None


def test_coverage_gaps_from_connection_events() -> None:
    ev = [("m", "connect", "08:00", "", None, None, None),
          ("m", "gap", "08:10", "back", "08:05", "08:10", 0),
          ("j", "gap", "08:20", "rewound", "08:15", "08:20", 1),
          ("x", "drop", "08:30", "reset", None, None, None),
          ("m", "drop", "08:40", "", None, None, None),
          ("m", "reconnect", "08:41", "", None, None, None)]
    gaps = coverage_gaps(ev)
    assert gaps == [Gap("m", "08:05", "08:10", False, "back"),
                    Gap("j", "08:15", "08:20", True, "rewound"),
                    Gap("x", "08:30", None, False, "reset")]
    assert gaps[0].overlaps("08:09", "09:00") and not gaps[0].overlaps("08:10", None)
    assert gaps[2].overlaps("10:00", None)


def test_sparkline_scales_and_resamples() -> None:
    assert sparkline([0, 1, 2, 4]) == " ▂▄█"
    assert len(sparkline(list(range(200)), 50)) == 50
    assert sparkline([0, 0]) == "  "


def test_busy_start_skips_old_stragglers_but_not_the_programme() -> None:
    s = SessionStats()
    s.add(fact(1, T - 5 * 86400))  # an old post someone quoted
    for i in range(2, 60):
        s.add(fact(i, T + i * 60))
    assert s.busy_start() == T + 120
    assert s.busy_start(programme_start=T - 600) == T - 600
    steady = SessionStats()
    for i in range(10):
        steady.add(fact(i, T + i * 7200))  # quiet for hours, but every post counts
    assert steady.busy_start() == T


def test_pane_predicates_follow_the_pane_rules() -> None:
    from meetwatch.core.panes import PaneFilter, PaneSpec
    from meetwatch.core.stats import pane_predicate

    p = PostFact(1, T, "media", "@Press@ex.social", ("hrc61",), "fr-CA", None, {}, "mastodon")
    assert pane_predicate(PaneSpec("#", "hashtag", "hrc61"))(p)  # type: ignore[misc]
    assert not pane_predicate(PaneSpec("#", "hashtag", "other"))(p)  # type: ignore[misc]
    assert pane_predicate(PaneSpec("@", "account", "press@ex.social"))(p)  # type: ignore[misc]
    assert pane_predicate(PaneSpec("m", "category", "media"))(p)  # type: ignore[misc]
    assert pane_predicate(PaneSpec("a", filter=PaneFilter(lang="fr", network="mastodon")))(p)  # type: ignore[misc]
    assert not pane_predicate(PaneSpec("a", filter=PaneFilter(network="bluesky")))(p)  # type: ignore[misc]
    assert not pane_predicate(PaneSpec("a", filter=PaneFilter(lang="f")))(p)  # type: ignore[misc]
    assert pane_predicate(PaneSpec("s", "search", "vote")) is None
    assert pane_predicate(PaneSpec("f", "flags")) is None
    assert pane_predicate(PaneSpec("t", filter=PaneFilter(text="vote"))) is None
    s = SessionStats(panes={"fr": lambda f: (f.lang or "").startswith("fr")})
    s.add(p)
    s.add(fact(2, T + 60, lang="en"))
    assert s.series(T, T + 120, pane="fr") == [1, 0]
