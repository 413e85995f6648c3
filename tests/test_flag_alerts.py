"""Alerts for new critical and high flags: a bell and a notification each,
rate-limited into one summary in a flood, silent for what a seek brings,
mutable with B."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from meetwatch.core.flags import FlagConfig
from meetwatch.replay import ReplayEngine, scan
from meetwatch.store.schema import open_db
from meetwatch.ui.factory import DeckConfig, make_app
from meetwatch.ui.flag_alerts import MAX_TOASTS, FlagAlerts, parse_mode
from tests.test_flag_reviews import jetstream_line

SIZE = (160, 48)
THREAT = "We know where you live, @ngo_watch."  # critical
LEAK = "Not for circulation: the zero draft, attached"  # high


class FakeApp:
    def __init__(self) -> None:
        self.notes: list[tuple[str, str, str]] = []
        self.bells = 0
        self.timers: list[Any] = []

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               **_: Any) -> None:
        self.notes.append((title, message, severity))

    def bell(self) -> None:
        self.bells += 1

    def set_timer(self, delay: float, callback: Any) -> None:
        self.timers.append(callback)


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def make_log(tmp_path: Path, texts: list[str], name: str = "l.db") -> Path:
    f = tmp_path / f"{name}.jsonl"
    f.write_text("\n".join(jetstream_line(n, t, did=f"did:plc:{name[0]}") for n, t in enumerate(texts))
                 + "\n", encoding="utf-8")
    from meetwatch.cli import main

    db = tmp_path / name
    assert main(["import", "--db", str(db), str(f)]) == 0
    return db


def test_each_new_flag_alerts_then_a_flood_is_one_summary(tmp_path: Path) -> None:
    db = make_log(tmp_path, [THREAT, LEAK] + [f"{LEAK} {n}" for n in range(12)])
    conn = open_db(str(db), readonly=True)
    app, clock = FakeApp(), Clock()
    alerts = FlagAlerts(app, "on", clock)  # type: ignore[arg-type]
    # 1 critical + 13 posts with the same high leak flags each (as many as rules explain it)
    per_leak = conn.execute("SELECT COUNT(*) FROM flags f JOIN posts p ON p.id = f.post_id "
                            "WHERE p.text = ? AND f.severity = 'high'", (LEAK,)).fetchone()[0]
    assert per_leak >= 2
    alerts.check(conn)
    assert len(app.notes) == MAX_TOASTS and app.bells == 1
    assert app.notes[0][0] == "⚑ CRITICAL threat" and app.notes[0][2] == "error"
    assert "We know where you live" in app.notes[0][1]
    assert len(app.timers) == 1
    clock.t += 5
    app.timers[0]()
    title, message, _ = app.notes[-1]
    held = 1 + per_leak * 13 - MAX_TOASTS
    assert title == f"⚑ {held} more flags" and f"{held} more high flags in 5 s" in message
    assert alerts.check(conn) == 0 and len(app.notes) == MAX_TOASTS + 1  # nothing new


def test_quiet_has_no_bell_off_says_nothing_and_reviewed_flags_never_alert(tmp_path: Path) -> None:
    db = make_log(tmp_path, [THREAT])
    conn = open_db(str(db), readonly=True)
    app = FakeApp()
    quiet = FlagAlerts(app, "quiet")  # type: ignore[arg-type]
    assert quiet.check(conn) == 1 and app.bells == 0 and len(app.notes) == 1
    off = FlagAlerts(app, "off")  # type: ignore[arg-type]
    assert off.check(conn) == 1 and len(app.notes) == 1
    assert [parse_mode(v) for v in ("0", "nobell", "OFF", "weird", None)] == [
        "off", "quiet", "off", "on", "on"]
    w = open_db(str(db))
    w.execute("UPDATE flags SET state = 'dismissed'")
    w.close()
    assert FlagAlerts(app, "on").check(conn) == 0  # type: ignore[arg-type]


async def test_replay_alerts_in_the_deck_and_b_mutes(tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text("\n".join(jetstream_line(n, t) for n, t in enumerate(
        ["opening statement", THREAT, LEAK])) + "\n", encoding="utf-8")
    summary = scan([src])
    engine = ReplayEngine([src], tmp_path / "s", speed=None, summary=summary,
                          flags=FlagConfig.make())
    config = DeckConfig(engine.log_path, [], user_themes=False, theme=None, alerts="quiet")
    app = make_app(config, engine)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if any("CRITICAL" in n.title for n in app._notifications):
                break
            await pilot.pause(0.05)
        titles = [n.title for n in app._notifications]
        assert "⚑ CRITICAL threat" in titles and "⚑ HIGH leak" in titles
        await pilot.press("B")
        assert app.flag_alerts.mode == "off"
        assert any("Flag alerts: off" in str(n.message) for n in app._notifications)
        help_titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Flag alerts: bell / quiet / off" in help_titles


def test_a_seek_brings_history_not_alerts(tmp_path: Path) -> None:
    from meetwatch.replay import ReplayUpdate

    db = make_log(tmp_path, [THREAT])
    conn = open_db(str(db), readonly=True)
    app = FakeApp()
    alerts = FlagAlerts(app, "on")  # type: ignore[arg-type]
    update = ReplayUpdate((1,), (), None, db, reset=False, seek=True)  # type: ignore[arg-type]
    alerts.absorb(conn, [update])
    assert app.notes == [] and alerts.watermark > 0
