"""`meetwatch check`: the draft rules on an argument or stdin, exit 1 when
anything is flagged; the watch file's watchlists apply."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from meetwatch.cli import main
from meetwatch.core.flags import FlagConfig, check_draft, load_engine


def test_check_reports_hits_with_marked_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "Zero draft attached, not for circulation. Call +41 79 555 12 34"]) == 1
    out = capsys.readouterr().out
    assert "leak.marking" in out and "pii.phone" in out and "+1: your own post" in out
    assert "»not for circulation«" in out and "»+41 79 555 12 34«" in out


def test_check_reads_stdin_and_exits_0_when_clean(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Informals will be held Tuesday in Room XXII\n"))
    assert main(["check", "-"]) == 0
    assert "nothing flagged" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("Здесь проект резолюции, не для распространения"))
    assert main(["check", "--json"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and rows[0]["category"] == "leak" and rows[0]["spans"]


def test_threats_are_not_draft_rules() -> None:
    engine, _ = load_engine(FlagConfig.make())
    assert check_draft(engine, "We know where you live") == []


def test_check_uses_the_watch_files_watchlists(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    watch = tmp_path / "w.toml"
    watch.write_text('[meeting]\nname = "T"\nhashtags = ["T"]\n[flags]\n'
                     'draft_symbols = ["L.41"]\nfacilitators = ["Ingrid Sølvberg"]\n'
                     '[[flags.embargo]]\nterms = ["212 cases"]\nuntil = "2999-01-01T00:00:00Z"\n',
                     encoding="utf-8")
    assert main(["check", "A quick look at L.41 before tomorrow"]) == 0
    assert main(["check", "--watch", str(watch), "A quick look at L.41 before tomorrow"]) == 1
    assert "leak.watch.draft_symbol" in capsys.readouterr().out
    assert main(["check", "--watch", str(watch), "Ingrid Solvberg said the text is final"]) == 1
    assert "indiscretion.watch.facilitator" in capsys.readouterr().out
    assert main(["check", "--watch", str(watch), "The report lists 212 cases"]) == 1
    assert "leak.watch.embargo.1" in capsys.readouterr().out
