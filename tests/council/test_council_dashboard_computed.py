"""Computed dashboard indicators (heat demand, demand groups) on real data: the dashboard
gives the same numbers as the ``heat`` and ``segment`` CLIs for the same area."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from transitieatlas import db
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.cli import main
from transitieatlas.council import dashboard as dash
from transitieatlas.council import indicator_repo as repo
from transitieatlas.errors import InputError
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

KENNIS = UserInfo("kennisgeleding", "editor")
TODAY = date(2026, 12, 1)
WAAG = "BU00801001"


@pytest.fixture(autouse=True)
def _fresh_db():
    yield
    db.dispose_all()


def _add(name: str, kind: str, spec: str, unit: str = "", direction: str = "lager") -> int:
    return repo.add_indicator(
        name, kind, unit, "kennis", direction, "berekend cijfer voor de raad",
        store_indicator=spec, user=KENNIS,
    )  # fmt: skip


# --- pure -----------------------------------------------------------------------------------


def test_computed_definitions_checked_in_dutch():
    methods, groups = ["gas", "buildings"], ["corporatie", "overig"]
    assert dash.computed_problems("warmtevraag", "gas:totaal", "", methods, groups) == []
    assert dash.computed_problems("warmtevraag", "vesta:gemiddeld", "TJ", methods, groups) == [
        "onbekende methode 'vesta' (kies uit: gas, buildings)",
        "onbekende maat 'gemiddeld' voor de warmtevraag (kies uit: totaal, per_woning; "
        "schrijf methode:maat, bijv. gas:totaal)",
    ]
    assert dash.computed_problems("vraaggroep", "corporatie:woningen", "GJ", methods, groups) == [
        "de eenheid van deze maat is 'woningen', niet 'GJ'"
    ]
    assert dash.computed_problems("vraaggroep", "boeren:woningen", "", methods, groups) == [
        "onbekende vraaggroep 'boeren' (kies uit: alle, corporatie, overig)"
    ]
    assert dash.heat_value("totaal", 1200.0, 40.0) == 1200.0
    assert dash.heat_value("per_woning", 1200.0, 0.0) is None
    rows = [
        {"group": "a", "households_cannot_invest": 2.5},
        {"group": "b", "households_cannot_invest": 1.5},
    ]
    assert dash.group_value(rows, "alle", "kan_niet_investeren") == 4.0
    assert dash.group_value(rows, "b", "kan_niet_investeren") == 1.5
    assert dash.group_value(rows, "c", "kan_niet_investeren") is None


def test_bad_computed_indicator_is_refused_and_nothing_stored():
    with pytest.raises(InputError) as info:
        _add("Warmte", "warmtevraag", "vesta:totaal", unit="TJ")
    assert info.value.problems == [
        "onbekende methode 'vesta' (kies uit: gas, buildings, model)",
        "de eenheid van deze maat is 'GJ', niet 'TJ'",
    ]
    with pytest.raises(InputError, match="beschrijf wat berekend wordt"):
        _add("Groep", "vraaggroep", " ")
    assert repo.list_indicators() == []
    ind = _add("Warmte per woning", "warmtevraag", "gas:per_woning")
    (row,) = repo.list_indicators()
    assert (row["id"], row["unit"], row["store_indicator"]) == (
        ind,
        "GJ per woning",
        "gas:per_woning",
    )
    # no store: the row stays empty and says why
    (shown,) = repo.dashboard(repo.Area("GM0080", ("GM0080",), "GM0080"), store=None)
    assert shown["latest_value"] is None and shown["note"] == "geen open-data-opslag"
    assert shown["source"].startswith("berekend: gemiddelde warmtevraag per woning")


# --- Leeuwarden (PBL Startanalyse buurten) and Doesburg (BAG panden) ---------------------------


@pytest.fixture(scope="module")
def home(shared_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("computed_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(folder))
        importing.import_paths(
            [
                shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
                shared_data / "pbl/startanalyse2020_buurten/GM0080.geojson.gz",
                shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg",
            ],
            open_store(),
        )
    return folder


def _cli_json(capsys, *args: str) -> list[dict]:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_leeuwarden_heat_and_groups_equal_the_heat_and_segment_clis(home, monkeypatch, capsys):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(home))
    heat = _cli_json(capsys, "heat", "GM0080", "--level", "buurt", "--method", "buildings",
                     "--format", "json")  # fmt: skip
    groups = {
        r["group"]: r
        for r in _cli_json(capsys, "segment", "GM0080", "--level", "buurt", "--format", "json")
    }
    total_gj = sum(r["heat_demand_gj"] for r in heat)
    dwellings = sum(r["dwellings"] for r in heat)
    assert dwellings == pytest.approx(62_407)  # the Startanalyse's dwellings (data README)
    _add("Warmtevraag woningen", "warmtevraag", "buildings:totaal", unit="GJ")
    _add("Warmtevraag per woning", "warmtevraag", "buildings:per_woning")
    _add("Corporatiewoningen", "vraaggroep", "corporatie:woningen", direction="hoger")
    _add("Kan niet investeren", "vraaggroep", "alle:kan_niet_investeren")
    _add("Warmtevraag vraaggroep voor 1945", "vraaggroep", "voor_1945:warmtevraag")
    area = repo.resolve_area("GM0080")
    rows = {r["name"]: r for r in repo.dashboard(area, open_store(), today=TODAY)}
    total = rows["Warmtevraag woningen"]
    assert total["latest_value"] == pytest.approx(total_gj, rel=1e-9)
    assert total["latest_date"] == str(heat[0]["year"]) and total["unit"] == "GJ"
    assert "methode 'buildings'" in total["source"] and total["note"] == ""
    per = rows["Warmtevraag per woning"]
    assert per["latest_value"] == pytest.approx(total_gj / 62_407, rel=1e-9)
    assert 30 < per["latest_value"] < 80  # GJ per dwelling per year: a plausible size
    corp = rows["Corporatiewoningen"]
    assert corp["latest_value"] == pytest.approx(groups["corporatie"]["dwellings"])
    assert corp["latest_value"] > 10_000 and corp["latest_date"] == "2026-12-01"
    cannot = rows["Kan niet investeren"]
    assert cannot["latest_value"] == pytest.approx(
        sum(r["households_cannot_invest"] or 0 for r in groups.values())
    )
    assert rows["Warmtevraag vraaggroep voor 1945"]["latest_value"] == pytest.approx(
        groups["voor_1945"]["heat_demand_gj"]
    )
    # one buurt: the same as the CLIs give for that buurt
    one = {r["name"]: r for r in repo.dashboard(repo.resolve_area(WAAG), open_store(), today=TODAY)}
    waag_heat = next(r for r in heat if r["code"] == WAAG)
    assert one["Warmtevraag woningen"]["latest_value"] == pytest.approx(waag_heat["heat_demand_gj"])
    # compared with the whole gemeente (what the heat CLI gives for all 130 buurten)
    assert one["Warmtevraag per woning"]["gemeente"] == pytest.approx(total_gj / 62_407)
    assert one["Warmtevraag woningen"]["gemeente"] == pytest.approx(total_gj)
    assert total["gemeente"] is None  # the area is the gemeente itself
    waag_groups = {
        r["group"]: r
        for r in _cli_json(capsys, "segment", WAAG, "--level", "buurt", "--format", "json")
    }
    assert one["Corporatiewoningen"]["latest_value"] == pytest.approx(
        waag_groups["corporatie"]["dwellings"]
    )
    # the CLI dashboard shows them too, with the method as source
    assert main(["dashboard", "GM0080", "--format", "csv"]) == 0
    table = {r["name"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert float(table["Warmtevraag woningen"]["latest_value"]) == pytest.approx(total_gj)
    assert table["Kan niet investeren"]["unit"] == "huishoudens"
    assert table["Warmtevraag per woning"]["source"].startswith("berekend:")


def test_doesburg_panden_groups_equal_the_segment_cli(home, monkeypatch, capsys):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(home))
    groups = {r["group"]: r for r in _cli_json(capsys, "segment", "GM0221", "--format", "json")}
    assert groups["voor_1945"]["level"] == "pand"
    _add("Panden voor 1945", "vraaggroep", "voor_1945:gebouwen")
    _add("Alle panden", "vraaggroep", "alle:gebouwen")
    _add("Woningen voor 1945", "vraaggroep", "voor_1945:woningen")
    _add("Warmtevraag Doesburg", "warmtevraag", "buildings:totaal")
    rows = {r["name"]: r for r in repo.dashboard(repo.resolve_area("GM0221"), open_store())}
    assert rows["Panden voor 1945"]["latest_value"] == groups["voor_1945"]["buildings"] > 500
    assert rows["Alle panden"]["latest_value"] == 7_393  # see test_segmentation
    # the BAG extract has no verblijfsobjecten: no dwellings, and the row says so
    woningen = rows["Woningen voor 1945"]
    assert woningen["latest_value"] is None and "geen woningen" in woningen["note"]
    # no Doesburg buurten in this store: heat demand per buurt cannot be computed
    heat = rows["Warmtevraag Doesburg"]
    assert heat["latest_value"] is None and "Geen buurten van GM0221" in heat["note"]
    # the CLI: the value in the table, the reason for an empty row on stderr
    assert main(["dashboard", "GM0221", "--format", "csv"]) == 0
    out = capsys.readouterr()
    table = {r["name"]: r for r in csv.DictReader(io.StringIO(out.out))}
    assert float(table["Panden voor 1945"]["latest_value"]) == groups["voor_1945"]["buildings"]
    assert table["Warmtevraag Doesburg"]["latest_value"] == ""
    assert "let op: Warmtevraag Doesburg: Geen buurten van GM0221" in out.err


# --- Zwolle: gas use and dwellings per year give a heat-demand trend -----------------------------

ZWOLLE_YEARS = (2015, 2019, 2023)
BINNENSTAD = ("GM0193-0100", "GM0193-0101")


@pytest.fixture(scope="module")
def zwolle_home(shared_data, tmp_path_factory):
    """The real Zwolle Klimaatmonitor gas figures of three years and the dwellings per year
    (``demographics_buurt_combined.csv``)."""
    source = shared_data / "regional" / "zwolle_energy_transition"
    home = tmp_path_factory.mktemp("zwolle_heat")
    folder = home / "zwolle_mirror"
    folder.mkdir()
    for year in ZWOLLE_YEARS:
        name = f"energy_buurt_{year}_mapped.geojson"
        (folder / name).symlink_to(source / "energy_buurt_mapped" / name)
    (folder / "demographics_buurt_combined.csv").symlink_to(
        source / "demographics_buurt_combined.csv"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        summaries = importing.import_mirror(folder, open_store())
    assert [s.error for s in summaries if s.error] == []
    return home


def test_heat_demand_indicator_has_a_trend_over_the_gas_years(zwolle_home, monkeypatch, capsys):
    """One point per year with gas figures, each equal to what ``transitieatlas heat GM0193
    --method gas --year Y`` gives for the two Binnenstad buurten."""
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(zwolle_home))
    _add("Warmtevraag Binnenstad", "warmtevraag", "gas:totaal")
    _add("Warmtevraag per woning Binnenstad", "warmtevraag", "gas:per_woning")
    expected, per_dwelling = {}, {}
    for year in ZWOLLE_YEARS:
        table = _cli_json(capsys, "heat", "GM0193", "--method", "gas", "--year", str(year),
                          "--format", "json")  # fmt: skip
        mine = [r for r in table if r["code"] in BINNENSTAD]
        assert len(mine) == 2
        expected[str(year)] = sum(r["heat_demand_gj"] for r in mine)
        per_dwelling[str(year)] = expected[str(year)] / sum(r["dwellings"] for r in mine)
        known = [
            r for r in table if r["heat_demand_gj"] is not None
        ]  # buurten without gas figures left out
        whole = sum(r["heat_demand_gj"] for r in known) / sum(r["dwellings"] for r in known)
    area = repo.Area("Binnenstad", BINNENSTAD, "Binnenstad")
    rows = {r["name"]: r for r in repo.dashboard(area, open_store())}
    total = rows["Warmtevraag Binnenstad"]
    got = {p["date"]: p["value"] for p in total["series"]}
    assert list(got) == [str(y) for y in ZWOLLE_YEARS]
    assert got == pytest.approx(expected, rel=1e-9)
    assert total["unit"] == "GJ" and total["latest_date"] == "2023"
    # least squares through years 4 apart (2015.5, 2019.5, 2023.5): (last − first) / 8
    assert total["trend"] == pytest.approx((expected["2023"] - expected["2015"]) / 8, abs=1e-5)
    # ~64.5k, 76.6k and 62.7k GJ: within 1% of the mean per year, so "gelijk"; the gas
    # method scales gas use up to every dwelling, so heat demand falls less than gas use
    assert total["trend_word"] == "gelijk"
    per = rows["Warmtevraag per woning Binnenstad"]
    assert {p["date"]: p["value"] for p in per["series"]} == pytest.approx(per_dwelling)
    assert per["trend_word"] == "dalend"  # about 36 → 28 GJ per dwelling
    assert per["gemeente"] == pytest.approx(whole)  # all Zwolle buurten, 2023
