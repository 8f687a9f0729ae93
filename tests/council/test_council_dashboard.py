"""The council's dashboard: pure series arithmetic, manual values, store indicators, CLI."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from transitieatlas import db
from transitieatlas.accounts.auth import PermissionDenied, UserInfo
from transitieatlas.cli import main
from transitieatlas.council import dashboard as dash
from transitieatlas.council import indicator_repo as repo
from transitieatlas.db import gebieden
from transitieatlas.errors import InputError
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

MIRROR = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ZWOLLE = MIRROR / "regional" / "zwolle_energy_transition"
KENNIS = UserInfo("kennisgeleding", "editor")
TODAY = date(2026, 12, 1)
BINNENSTAD = ["Binnenstad-Zuid", "Binnenstad-Noord"]


@pytest.fixture(autouse=True)
def _fresh_db():
    yield
    db.dispose_all()


# --- pure ---------------------------------------------------------------------------------


def test_trend_and_progress_by_hand():
    points = [dash.Point("2020", 2020.0, 100.0), dash.Point("2022", 2022.0, 80.0)]
    assert dash.trend_per_year(points) == -10.0
    assert dash.trend_word(points) == "dalend"
    assert dash.progress(points, target=50.0) == 0.4  # 20 of the 50 down
    assert dash.favourable(points, "lager") is True
    assert dash.favourable(points, "hoger") is False
    # three points: slope of the least-squares line (1, 2, 6 over 0, 1, 2 → 2.5 per year)
    three = [dash.Point(str(t), float(t), v) for t, v in ((0, 1.0), (1, 2.0), (2, 6.0))]
    assert dash.trend_per_year(three) == 2.5
    assert dash.trend_per_year(points[:1]) is None
    assert dash.progress([], 10.0) is None
    # within 1 % of the mean per year: "gelijk"
    flat = [dash.Point("a", 2020.0, 1000.0), dash.Point("b", 2021.0, 1005.0)]
    assert dash.trend_word(flat) == "gelijk"


def test_manual_points_later_entry_for_same_date_wins():
    points = dash.manual_points(
        [(date(2024, 3, 1), 10.0), (date(2024, 1, 1), 4.0), (date(2024, 3, 1), 12.0)]
    )
    assert [(p.label, p.value) for p in points] == [("2024-01-01", 4.0), ("2024-03-01", 12.0)]
    assert points[1].t == pytest.approx(2024 + 60 / 366)


def test_value_problems_in_dutch():
    assert dash.value_problems(3.0, date(2026, 1, 1), "", "aantal", "telling", TODAY) == []
    problems = dash.value_problems(-2.0, date(2027, 1, 1), "stuks", "aantal", " ", TODAY)
    assert problems == [
        "een aantal kan niet negatief zijn (-2)",
        "de datum 2027-01-01 ligt in de toekomst (vandaag is 2026-12-01)",
        "de eenheid van deze indicator is 'aantal', niet 'stuks'",
        "vermeld de bron van de waarde (wie telde het, waar staat het)",
    ]
    assert dash.value_problems(120.0, TODAY, "%", "%", "x", TODAY) == [
        "een percentage kan niet boven 100 liggen (120)"
    ]
    # units that are not counts may be negative (e.g. a saldo in TJ)
    assert dash.value_problems(-5.0, TODAY, "TJ", "TJ", "x", TODAY) == []


# --- manual series in the database ------------------------------------------------------------


def _heat_pumps() -> int:
    return repo.add_indicator(
        "Warmtepompen geplaatst",
        "handmatig",
        "aantal",
        "kennis",
        "hoger",
        "voortgang van de WUP-campagne",
        source="telling campagneteam",
        target=200.0,
        target_date=date(2030, 1, 1),
        user=KENNIS,
    )


def test_manual_values_validated_kept_with_history():
    ind = _heat_pumps()
    repo.add_value(ind, "Oud-Oost", date(2025, 1, 1), 20, "telling", user=KENNIS, today=TODAY)
    repo.add_value(ind, "Oud-Oost", date(2026, 1, 1), 60, "telling", user=KENNIS, today=TODAY)
    # a correction for the same date: a new entry, the old one stays in the history
    repo.add_value(ind, "Oud-Oost", date(2026, 1, 1), 65, "hertelling", user=KENNIS, today=TODAY)
    before = repo.value_history(ind, "Oud-Oost")
    for bad in (
        dict(measured_on=date(2027, 1, 1), value=70),
        dict(measured_on=date(2026, 6, 1), value=-1),
    ):
        with pytest.raises(InputError) as info:
            repo.add_value(ind, "Oud-Oost", source="x", user=KENNIS, today=TODAY, **bad)
        assert str(info.value).startswith("De waarde voor 'Warmtepompen geplaatst' is niet")
    with pytest.raises(InputError, match="eenheid van deze indicator is 'aantal', niet 'GJ'"):
        repo.add_value(
            ind, "Oud-Oost", date(2026, 2, 1), 1, "x", unit="GJ", user=KENNIS, today=TODAY
        )
    with pytest.raises(PermissionDenied):
        repo.add_value(ind, "Oud-Oost", date(2026, 2, 1), 1, "x", user=None, today=TODAY)
    history = repo.value_history(ind, "Oud-Oost")
    assert history == before  # nothing half-written
    assert [(h["value"], h["source"]) for h in history] == [
        (20.0, "telling"),
        (60.0, "telling"),
        (65.0, "hertelling"),
    ]
    (row,) = repo.dashboard(repo.Area("Oud-Oost", ("BU00800000",), "Oud-Oost"), store=None)
    assert (row["latest_value"], row["latest_date"]) == (65.0, "2026-01-01")
    assert row["progress"] == pytest.approx((65 - 20) / (200 - 20), abs=1e-4)
    assert row["trend"] == pytest.approx(45.0, abs=0.01)  # 45 more in one year (365 days)
    assert row["target_date"] == "2030-01-01"


def test_add_and_retire_record_who_when_why():
    ind = _heat_pumps()
    with pytest.raises(InputError) as info:
        repo.add_indicator(
            "Warmtepompen geplaatst", "handmatig", "", "boeren", "hoger", "", user=KENNIS
        )
    assert info.value.problems == [
        "de eenheid is leeg (bijvoorbeeld 'aantal', 'TJ' of '%')",
        "onbekende geleding 'boeren' (kies uit: kennis, burgers, bedrijven, voorzieningen, overheid)",
        "leg uit waarom deze indicator erbij komt (dat komt in het verslag)",
        "er is al een indicator 'Warmtepompen geplaatst' (ook als die is afgevoerd)",
    ]
    with pytest.raises(InputError, match="Leg uit waarom"):
        repo.retire_indicator(ind, "  ", user=KENNIS)
    repo.retire_indicator(ind, "wordt nu door de gemeente geteld", user=KENNIS)
    assert repo.list_indicators() == []
    (retired,) = repo.list_indicators(include_retired=True)
    assert (retired["added_by"], retired["retired_by"]) == ("kennisgeleding", "kennisgeleding")
    assert retired["retired_why"] == "wordt nu door de gemeente geteld"
    assert repo.changes_since(None) == [
        "Toegevoegd: Warmtepompen geplaatst (door kennisgeleding: voortgang van de WUP-campagne)",
        "Afgevoerd: Warmtepompen geplaatst (door kennisgeleding: wordt nu door de gemeente geteld)",
    ]
    assert repo.changes_since(retired["retired_at"]) == []


def test_resolve_area_saved_gebied_or_codes():
    gebieden.save_afbakening("Binnenstad", ["GM0193-0100", "GM0193-0101"], "GM0193", user=KENNIS)
    assert repo.resolve_area("Binnenstad").codes == ("GM0193-0100", "GM0193-0101")
    area = repo.resolve_area("bu00800000, GM0193-0100")
    assert (area.key, area.codes) == ("BU00800000,GM0193-0100", ("BU00800000", "GM0193-0100"))
    with pytest.raises(InputError, match="Geef een gebied"):
        repo.resolve_area(" ")


# --- store indicators on the real Zwolle series -----------------------------------------------

YEARS = (2015, 2019, 2022, 2023)


@pytest.fixture(scope="module")
def zwolle_home(tmp_path_factory):
    """A store with the real Zwolle Klimaatmonitor buurt figures of four years."""
    if not ZWOLLE.is_dir():
        pytest.skip("../shared/data ontbreekt")
    home = tmp_path_factory.mktemp("zwolle")
    folder = home / "mirror"
    folder.mkdir()
    for year in YEARS:
        name = f"energy_buurt_{year}_mapped.geojson"
        (folder / name).symlink_to(ZWOLLE / "energy_buurt_mapped" / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        summaries = importing.import_mirror(folder, open_store())
    assert [s.error for s in summaries if s.error] == []
    return home


def _csv_sums(column: str) -> dict[int, float]:
    """Per year, the sum of ``column`` over the two Binnenstad buurten, straight from the
    Zwolle CSV (an independent reading of the same Klimaatmonitor export)."""
    sums: dict[int, float] = {}
    with (ZWOLLE / "energyconsumption_buurt_combined_filtered.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Buurt_naam"] in BINNENSTAD and row[column] not in ("?", ""):
                year = int(row["year"])
                sums[year] = sums.get(year, 0.0) + float(row[column])
    return sums


def test_store_indicators_on_zwolle(zwolle_home, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(zwolle_home))
    assert repo.seed_start_indicators(user=KENNIS) == [
        "Aardgasverbruik woningen",
        "Woningen met zonnepanelen (installaties)",
        "Elektrisch verwarmde woningen",
    ]
    assert repo.seed_start_indicators(user=KENNIS) == []  # only what is missing
    gas = next(i for i in repo.list_indicators() if i["store_indicator"] == "aardgas_woningen_tj")
    repo.set_target(gas["id"], 30.0, date(2030, 12, 31), user=KENNIS)
    area = repo.Area("Binnenstad", ("GM0193-0100", "GM0193-0101"), "Binnenstad")
    rows = {r["name"]: r for r in repo.dashboard(area, open_store())}
    gas_row = rows["Aardgasverbruik woningen"]
    expected = _csv_sums("Totaal aardgasverbruik woningen (temperatuurgecorrigeerd) [TJ]")
    assert [(int(p["date"]), p["value"]) for p in gas_row["series"]] == [
        (y, expected[y]) for y in YEARS
    ]
    assert (gas_row["latest_value"], gas_row["latest_date"]) == (56.0, "2023")  # 42 + 14
    assert gas_row["progress"] == pytest.approx((56 - 72) / (30 - 72), abs=1e-4)
    assert gas_row["trend_word"] == "dalend"
    # the gemeente: all 78 Zwolle buurten in 2023, from the profile's comparison
    with (ZWOLLE / "energyconsumption_buurt_combined_filtered.csv").open(encoding="utf-8") as f:
        total = sum(
            float(r["Totaal aardgasverbruik woningen (temperatuurgecorrigeerd) [TJ]"])
            for r in csv.DictReader(f)
            if r["year"] == "2023"
            and r["Totaal aardgasverbruik woningen (temperatuurgecorrigeerd) [TJ]"] != "?"
        )
    assert gas_row["gemeente"] == pytest.approx(total)
    assert gas_row["nederland"] is None  # the store holds no NL01 figures here
    heated = rows["Elektrisch verwarmde woningen"]
    expected_el = _csv_sums("Aantal woningen met elektrische verwarming (benadering) [aantal]")
    assert heated["latest_value"] == expected_el[2023] == 114.0
    assert heated["trend"] > 0 and heated["trend_word"] == "stijgend"


def test_dashboard_cli_json_and_csv(zwolle_home, monkeypatch, capsys):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(zwolle_home))
    gebieden.save_afbakening("Binnenstad", ["GM0193-0100", "GM0193-0101"], "GM0193", user=KENNIS)
    assert main(["dashboard", "Binnenstad", "--format", "json", "--start-indicators"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["codes"] == ["GM0193-0100", "GM0193-0101"]
    gas = next(r for r in out["indicators"] if r["name"] == "Aardgasverbruik woningen")
    assert (gas["latest_value"], gas["owner"], gas["direction"]) == (56.0, "kennis", "lager")
    assert main(["dashboard", "GM0193-0100,GM0193-0101", "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert list(rows[0]) == dash.CSV_COLUMNS
    by_name = {r["name"]: r for r in rows}
    assert by_name["Aardgasverbruik woningen"]["latest_value"] == "56.0"
    assert by_name["Aardgasverbruik woningen"]["latest_date"] == "2023"
