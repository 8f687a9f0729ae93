"""``transitieatlas heat`` on a store filled from the real mirror files (Zwolle 2019, Ermelo grid)."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from transitieatlas.cli import main
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.heat import common as heat
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

REQUIRED = [
    "code",
    "name",
    "year",
    "method",
    "dwellings",
    "final_energy_gj",
    "heat_demand_gj",
    "space_heating_gj",
    "hot_water_gj",
    "land_area_ha",
    "heat_density_gj_per_ha",
]


@pytest.fixture(scope="module")
def heat_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("heat_home")
    store = open_store(home / "store")
    zwolle = shared_data / "regional/zwolle_energy_transition"
    importing.import_paths(
        [
            zwolle / "energy_buurt_mapped/energy_buurt_2019_mapped.geojson",
            shared_data / "cbs/vierkant100m_ermelo_harderwijk_zeewolde/CBS_Statistiek.gpkg",
        ],
        store,
    )
    importing.import_paths(
        [
            zwolle / "demographics_buurt_combined.csv",
            zwolle / "Zwolle_Neighbourhood_Aggregated_Buildings.csv",
            shared_data / "cbs/kwb_buurt_rows/utrecht_provincie_2020/buurten.csv",
        ],
        store,
    )
    # two buurten with a third-party modelled heat demand (method "model")
    squares = gpd.GeoDataFrame(
        {"code": ["BU09980001", "BU09980002"], "name": ["Noord", "Zuid"], "level": "buurt",
         "gemeente_code": "GM0998", "wijk_code": "WK099800", "year": 2023},
        geometry=[box(0, 0, 1000, 1000), box(0, -1000, 1000, 0)], crs="EPSG:28992",
    )  # fmt: skip
    model = pd.DataFrame({"code": ["BU09980001", "BU09980002"], "year": 2023,
                          "indicator": "warmtevraag_model_kwh", "value": [2.5e6, np.nan],
                          "unit": "kWh", "source": "test"})  # fmt: skip
    store.write(
        ImportBatch()
        .add("areas", squares, Provenance("test", "model", 2023))
        .add("figures", model, Provenance("test", "model", 2023))
    )
    return home


@pytest.fixture
def run(heat_home, monkeypatch, capsys):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(heat_home))

    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(["heat", *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return _run


def test_gas_csv_columns_and_werkeren(run, shared_data):
    code, out, _ = run("GM0193", "--level", "buurt", "--method", "gas", "--format", "csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns[: len(heat.OUTPUT_COLUMNS)]) == heat.OUTPUT_COLUMNS
    assert set(REQUIRED) <= set(table.columns)
    assert table["code"].str.startswith("GM0193-").all()
    assert (table["year"] == 2019).all() and (table["method"] == "gas").all()
    # the same buurt computed straight from the files gives the same figure
    g = gpd.read_file(
        shared_data
        / "regional/zwolle_energy_transition/energy_buurt_mapped/energy_buurt_2019_mapped.geojson"
    )
    row = g[g["BRTNR"] == 223].iloc[0]
    demo = pd.read_csv(
        shared_data / "regional/zwolle_energy_transition/demographics_buurt_combined.csv"
    )
    dwellings = demo[(demo["year"] == 2019) & (demo["buurt_naam"] == "werkeren")]["woningen"].iloc[
        0
    ]
    tj = float(row[[c for c in g.columns if c.startswith("totaal_aardgasverbruik_woningen")][0]])
    heated = float(
        row[[c for c in g.columns if c.startswith("aantal_woningen_met_verwarming_op_basis")][0]]
    )
    expected = tj * 1000 * 0.8962994 * dwellings / heated
    werkeren = table.set_index("code").loc["GM0193-0223"]
    assert werkeren["heat_demand_gj"] == pytest.approx(expected, rel=1e-5)
    assert werkeren["final_energy_gj"] == pytest.approx(tj * 1000)
    assert werkeren["heat_density_gj_per_ha"] == pytest.approx(expected / 94.798477, rel=1e-4)


def test_buildings_for_zwolle_uses_the_building_counts(run):
    code, out, _ = run("GM0193", "--method", "buildings", "--year", "2019")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert (table["method"] == "buildings").all()
    assert table["note"].str.contains("bouwperiode").any()
    assert table["heat_demand_gj"].gt(0).sum() >= 60


def test_grid_cells_as_json(run):
    code, out, _ = run("GM0233", "--level", "cel", "--method", "buildings", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) > 500
    first = rows[0]
    assert set(REQUIRED) <= set(first)
    assert first["land_area_ha"] == pytest.approx(1.0)
    assert first["land_area_source"] == heat.LAND_FROM_CELL
    assert first["heat_density_gj_per_ha"] == pytest.approx(first["heat_demand_gj"])


def test_calibration_table(run):
    code, out, _ = run("GM0193", "--kalibratie", "--year", "2019")
    assert code == 0
    table = pd.read_csv(io.StringIO(out)).set_index("code")
    assert {"heat_gas_gj", "heat_buildings_gj", "difference_gj", "difference_pct"} <= set(
        table.columns
    )
    total = table.loc["totaal"]
    assert total["difference_gj"] == pytest.approx(
        total["heat_buildings_gj"] - total["heat_gas_gj"], rel=1e-5
    )
    assert 20 < total["difference_pct"] < 35  # measured 28.7 % through the store


def test_heat_network_screen_reasons(run):
    code, out, _ = run(
        "GM0233",
        "--level",
        "cel",
        "--method",
        "buildings",
        "--warmtenet",
        "--min-dichtheid",
        "1000",
    )
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert table["reason"].str.match(r"^(Kandidaat|Geen kandidaat): warmtedichtheid").all()
    dense = table[table["heat_density_gj_per_ha"] < 1000]
    assert not dense["candidate"].any()
    assert dense["reason"].str.contains("< 1000").all()
    assert np.isfinite(table["share_meergezins"]).any()


def test_unknown_gemeente_is_one_dutch_line(run):
    code, out, err = run("GM0999")
    assert code == 1
    assert out == ""
    assert err.startswith("transitieatlas: Geen buurten van GM0999 in de lokale opslag")


def test_utrecht_buurten_without_polygons(run):
    # the Utrecht 2020 rows have no polygons: areas come from the figure codes, land unknown
    code, out, _ = run("GM0307", "--method", "gas")
    assert code == 0
    table = pd.read_csv(io.StringIO(out)).set_index("code")
    # Hof (see test_heat_gas): 396 × 1 310 m³ → 14 716.119 GJ
    assert table.loc["BU03070100", "heat_demand_gj"] == pytest.approx(14716.119, abs=1e-3)
    assert table["land_area_ha"].isna().all()
    assert (table["land_area_source"] == heat.LAND_UNKNOWN).all()
    assert table["heat_density_gj_per_ha"].isna().all()
    assert (table["year"] == 2020).all()


def test_model_method_takes_over_third_party_figures(run):
    code, out, _ = run("GM0998", "--method", "model")
    assert code == 0
    table = pd.read_csv(io.StringIO(out)).set_index("code")
    # 2.5 million kWh × 0.0036 GJ/kWh = 9 000 GJ on 100 ha → 90 GJ/ha
    assert table.loc["BU09980001", "heat_demand_gj"] == pytest.approx(9000)
    assert table.loc["BU09980001", "heat_density_gj_per_ha"] == pytest.approx(90)
    assert table.loc["BU09980001", "note"].startswith("modeluitkomst van derden")
    assert pd.isna(table.loc["BU09980002", "heat_demand_gj"])
    code, _, err = run("GM0998", "--method", "gas")
    assert code == 1
    assert "Geen aardgasverbruik van woningen" in err


def test_available_methods_follow_the_store(heat_home, monkeypatch):
    from transitieatlas.heat import service as heat_store

    store = open_store(heat_home / "store")
    zwolle = store.areas(level="buurt", gemeente="GM0193")
    cells = store.areas(level="cel", gemeente="GM0233")
    model = store.areas(level="buurt", gemeente="GM0998")
    assert heat_store.available_methods(store, zwolle) == ["gas", "buildings"]
    assert heat_store.available_methods(store, cells) == ["buildings"]
    assert heat_store.available_methods(store, model) == ["model"]


def test_ermelo_buurten_from_their_grid_cells(shared_data, capsys):
    """Ermelo's buurten have no construction-year figures of their own: their stock is the sum
    of their CBS 100 m cells, so a buurt's heat demand equals the sum over its cells."""
    folder = shared_data / "cbs" / "vierkant100m_ermelo_harderwijk_zeewolde"
    assert (
        main(
            ["import", str(folder / "CBS_buurten_ermelo.gpkg"), str(folder / "CBS_Statistiek.gpkg")]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        main(["heat", "GM0233", "--level", "buurt", "--method", "buildings", "--format", "csv"])
        == 0
    )
    buurten = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("code")
    assert (
        main(["heat", "GM0233", "--level", "cel", "--method", "buildings", "--format", "csv"]) == 0
    )
    cells = pd.read_csv(io.StringIO(capsys.readouterr().out))
    cell_buurt = open_store().areas(level="cel", gemeente="GM0233").set_index("code")["buurt_code"]
    per_buurt = (
        cells.assign(buurt=cells["code"].map(cell_buurt)).groupby("buurt")["heat_demand_gj"].sum()
    )
    common = buurten.index.intersection(per_buurt.index)
    assert len(common) >= 10
    assert buurten.loc[common, "heat_demand_gj"].to_numpy() == pytest.approx(
        per_buurt[common].to_numpy(), rel=1e-5
    )  # CSV rounds to 0.001 GJ
    assert (buurten["note"].str.contains("CBS-vierkanten")).all()
    assert buurten["heat_demand_gj"].sum() > 0
