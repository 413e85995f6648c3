"""Account categories: the watch file's, its [accounts.details], and
categories inferred from profiles (never overriding the watch file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetwatch.cli import main
from meetwatch.core.accounts import infer_category, infer_country
from meetwatch.core.watch import WatchFileError, parse_watch
from tests.sessionkit import WATCH_ACCOUNTS, status, write


@pytest.mark.parametrize(("name", "bio", "category"), [
    ("Permanent Mission of Valdoria to the UN", "", "official"),
    ("Estmark à Genève", "Mission permanente de l'Estmark", "official"),
    ("Misión Permanente de Costa Serena", "", "official"),
    ("Постоянное представительство Заречья", "", "official"),
    ("البعثة الدائمة لوادي النور", "", "official"),
    ("岚山共和国常驻日内瓦代表团", "", "official"),
    ("Rights Watch Collective", "Independent human rights NGO", "civil_society"),
    ("Observatorio", "Organización no gubernamental", "civil_society"),
    ("Правозащитный центр «Голос»", "", "civil_society"),
    ("Geneva Wire", "Journalist at the Palais", "media"),
    ("Patriot", "truth teller", None),
])
def test_infer_category_in_six_languages(name: str, bio: str, category: str | None) -> None:
    got = infer_category(name, bio)
    assert (got[0] if got else None) == category


def test_infer_country_from_a_missions_profile() -> None:
    assert infer_country("Permanent Mission of the Republic of Norland to the UN", "") == "Norland"
    assert infer_country("Mission permanente de la République de Bellerive", "") == "Bellerive"
    assert infer_country("Misión Permanente de Costa Serena", "") == "Costa Serena"
    assert infer_country("Rights Watch Collective", "") is None


def test_watch_details_and_their_problems() -> None:
    wf = parse_watch({"accounts": {"official": ["@v@x.example"], "details": {
        "@V@x.example": {"country": "Valdoria"}, "ngo.bsky.social": {"organisation": "RWC"}}}})
    assert wf.details == {"v@x.example": {"country": "Valdoria"},
                          "ngo.bsky.social": {"organisation": "RWC"}}
    assert wf.accounts == {"v@x.example": "official"}
    with pytest.raises(WatchFileError) as exc:
        parse_watch({"accounts": {"details": {"@a@b": {"flag": "x"}, "@c@d": "Valdoria"}}})
    assert len(exc.value.problems) == 2


def test_import_infers_never_overriding_the_watch_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = write(tmp_path / "s.jsonl", [
        status(1, "valdoria", 0, "Statement"), status(2, "obs", 1, "Respuesta"),
        status(3, "estmark", 2, "Statement"), status(4, "troll", 3, "lies"),
        status(5, "wire", 4, "Report"),
    ])
    watch = tmp_path / "w.toml"
    watch.write_text(WATCH_ACCOUNTS.replace('media = ["@genevawire@press.social.example"]',
                                            'own = ["@genevawire@press.social.example"]')
                     + '[accounts.details]\n"@estmark_gva@social.estmark.example" = '
                       '{ country = "Estmark", organisation = "Estmark MFA" }\n')
    db = tmp_path / "log.db"
    assert main(["import", "--db", str(db), str(session)]) == 0  # no watch file: inferred
    assert main(["import", "--db", str(db), "--watch", str(watch), str(session)]) == 0
    capsys.readouterr()
    assert main(["accounts", "--db", str(db), "--json"]) == 0
    rows = {r["handle"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    obs = rows["@observatorio@ngo.social.example"]
    assert (obs["category"], obs["category_source"]) == ("civil_society", "inferred")
    val = rows["@valdoria_mission@diplo.valdoria.example"]
    assert (val["category"], val["category_source"], val["country"]) == ("official", "watch",
                                                                         "Valdoria")
    est = rows["@estmark_gva@social.estmark.example"]
    assert (est["country"], est["organisation"]) == ("Estmark", "Estmark MFA")
    wire = rows["@genevawire@press.social.example"]  # inferred media, but the watch file says own
    assert (wire["category"], wire["category_source"]) == ("own", "watch")
    assert rows["@patriot_1987@toot.example"]["category"] == "other"
    assert main(["accounts", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "civil_society*" in out and "inferred from the profile" in out
