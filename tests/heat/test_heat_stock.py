"""Method 2 (building stock × Vesta kengetallen): hand cases, grid cells, BAG sample, Zwolle,
and the calibration report where both methods apply (Zwolle)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from transitieatlas.heat import common as heat
from transitieatlas.heat import gas as heat_gas
from transitieatlas.heat import stock as heat_stock
from transitieatlas.sources import tables

# Single-family type mix (data/heat_constants.csv): vrijstaand 0.23, 2-onder-1-kap 0.17,
# hoek 0.18, tussen 0.42; default floor areas 175 / 150 / 135 / 125 m² (mean 142 m², CBS 2022).


def test_kengetallen_transcribed_from_vesta():
    k = heat.load_kengetallen().set_index(["woningtype", "bouwjaarklasse"])
    assert len(k) == 66
    assert set(k.index.get_level_values(0)) == set(heat_stock.VESTA_TYPES)
    # spot checks against data/20241112_Woningen_BAG.csv @055f172d
    assert k.loc[("vrijstaand", "voor 1930"), "vrv_F_asl"] == 36.91448137
    assert k.loc[("rijwoning tussen", "1965 - 1974"), "default_label"] == "C"
    assert k.loc[("rijwoning tussen", "1965 - 1974"), "vrv_C_opp"] == 0.196926852
    assert k.loc[("meergezins: hoog", "2015 - 2020"), "vww_asl"] == 5.5
    assert k["source"].str.contains("055f172d3d20f841ac723fbda3e7d025128e8c38").all()


def test_one_dwelling_by_hand_with_label_and_area_clamp():
    # rijwoning tussen, 1965-1974, label G, 300 m² → clamped to 200 m² (Vesta interval 50–200):
    # space = 17.87564141 + 0.180980559 × 200 = 54.07175321; hot water 7.7
    stock = pd.DataFrame(
        {
            "code": ["X"],
            "woningtype": ["rijwoning tussen"],
            "bouwjaarklasse": ["1965 - 1974"],
            "dwellings": [1.0],
            "label": ["G"],
            "floor_area_m2": [300.0],
        }
    )
    r = heat_stock.heat_demand_from_buildings(stock).loc["X"]
    assert r["space_heating_gj"] == pytest.approx(54.07175321)
    assert r["hot_water_gj"] == pytest.approx(7.7)
    # final energy = 54.07175321 / 0.995 + 7.7 / 0.657 = 54.34347 + 11.71994
    assert r["final_energy_gj"] == pytest.approx(54.07175321 / 0.995 + 7.7 / 0.657)
    assert np.isnan(r["cooking_gj"])


def test_period_weights_spread_by_years():
    # "voor 1945" with the assumed oldest year 1900: 30 years before 1930, 15 in 1930–1944
    assert heat_stock.period_weights(None, 1944, 1900) == {
        "voor 1930": pytest.approx(2 / 3),
        "1930 - 1945": pytest.approx(1 / 3),
    }
    assert heat_stock.period_weights(2015, 2030, 1900) == {"2015 - 2020": 1.0}


def test_grid_cell_by_hand():
    # One cell: 10 dwellings all built 1965–1975, no multi-family dwellings.
    # Per type (default label for 1965-1974, default area 175 / 150 / 135 / 125 m²):
    #   vrijstaand D: 35.58012963 + 0.157835723 × 175 = 63.20138, tap 9.2
    #   2-onder-1-kap D: 19.48626247 + 0.201898253 × 150 = 49.77100, tap 7.5
    #   hoek D: 23.51033799 + 0.18201791 × 135 = 48.08276, tap 8.6
    #   tussen C: 11.0365568 + 0.196926852 × 125 = 35.65241, tap 7.7
    # mixed (0.23 / 0.17 / 0.18 / 0.42): space 46.62630, tap 8.173 → 54.79930 GJ per dwelling
    # × 10 = 547.9930 GJ on 1 ha.
    cols = {c: [0] for c in heat_stock.GRID_PERIODS}
    cols["woningen_bouwjaar_1965_1975"] = [10]
    grid = pd.DataFrame(
        {
            "code": ["E1583N4935"],
            "woningvoorraad": [10],
            "meergezinswoningen": [0],
            "buurt_code": ["BU1"],
            **cols,
        }
    )
    stock = heat_stock.stock_from_grid(grid)
    assert stock["dwellings"].sum() == pytest.approx(10)
    r = heat_stock.heat_demand_from_buildings(stock).loc["E1583N4935"]
    assert r["space_heating_gj"] == pytest.approx(466.2629737425, rel=1e-7)
    assert r["heat_demand_gj"] == pytest.approx(547.9929737425, rel=1e-7)


@pytest.fixture(scope="module")
def raw_grid(shared_data):
    return gpd.read_file(
        shared_data / "cbs/vierkant100m_ermelo_harderwijk_zeewolde/CBS_Statistiek.gpkg"
    )


@pytest.fixture(scope="module")
def grid(raw_grid):
    """The grid cells by indicator name, mapped as the mirror's grid recogniser maps them."""
    rules = tables.load_mapping("cbs_vierkant100m")
    table = raw_grid.drop(columns="geometry")
    figures, _ = tables.wide_to_figures(table, raw_grid["c28992r100"], 2020, rules, "test")
    wide = heat.wide_figures(figures).reindex(pd.Index(raw_grid["c28992r100"], name="code"))
    return wide.reset_index().assign(buurt_code=raw_grid["buurtcode"].to_numpy())


def test_grid_columns_map_to_the_domain_indicators():
    rules = tables.load_mapping("cbs_vierkant100m")
    mapped = {r.indicator for r in rules.values()}
    assert set(heat_stock.GRID_PERIODS) | {"woningvoorraad", "meergezinswoningen"} <= mapped
    zwolle = {r.indicator for r in tables.load_mapping("zwolle_gebouwen").values()}
    assert set(heat_stock.BUILDING_PERIODS) | set(heat_stock.BUILDING_LABELS) <= zwolle


def test_real_grid_cells(grid, raw_grid):
    stock = heat_stock.stock_from_grid(grid)
    result = heat_stock.heat_demand_from_buildings(stock)
    known = pd.to_numeric(raw_grid["aantal_woningen"], errors="coerce")
    known = known.where(known >= 0)  # CBS codes -99997 … are missing
    assert known.notna().sum() == grid["woningvoorraad"].notna().sum()
    # every dwelling of a cell with a known count and a period mix ends up in the stock
    per_cell = stock.groupby("code")["dwellings"].sum()
    counts = pd.Series(known.to_numpy(), index=raw_grid["c28992r100"]).reindex(per_cell.index)
    assert np.allclose(per_cell, counts)
    assert len(result) >= 0.99 * int((known > 0).sum())
    # a cell is 1 ha, so the density equals the heat demand; densities are plausible
    cells = gpd.GeoDataFrame(
        {"code": raw_grid["c28992r100"]}, geometry=raw_grid.geometry, crs=raw_grid.crs
    )
    final = heat.finish(result, None, heat.land_area(cells))
    assert final["land_area_ha"].round(6).eq(1.0).all()
    assert np.allclose(final["heat_density_gj_per_ha"], final["heat_demand_gj"])
    per_dwelling = final["heat_demand_gj"] / final["dwellings"]
    assert per_dwelling.between(15, 90).all()


def test_bag_single_pand_by_hand(shared_data):
    panden = gpd.read_file(shared_data / "bag/delft_wippolder_sample/wippolder.gpkg")
    pand = panden[panden["identificatie"] == "503100000004254"]
    # 1925, woonfunctie, one verblijfsobject of 146 m² → eengezins, class "voor 1930":
    #   vrijstaand F 36.91448137 + 0.137664785 × 146 = 57.01354, tap 8.5
    #   2-onder-1-kap F 22.63935457 + 0.199192644 × 146 = 51.72148, tap 10.6
    #   hoek E 25.65249089 + 0.154540136 × 146 = 48.21535, tap 8.6
    #   tussen E 14.27187243 + 0.20025533 × 146 = 43.50915, tap 7.3
    # mixed: 48.858372 + 8.371 = 57.229372 GJ
    stock = heat_stock.stock_from_panden(pand)
    assert stock["woningtype"].tolist() == ["eengezins"]
    assert stock["floor_area_m2"].tolist() == [146.0]
    r = heat_stock.heat_demand_from_buildings(stock).iloc[0]
    assert r["heat_demand_gj"] == pytest.approx(57.22937228686, rel=1e-7)


def test_bag_sample_per_cell(shared_data):
    panden = gpd.read_file(shared_data / "bag/delft_wippolder_sample/wippolder.gpkg")
    stock = heat_stock.stock_from_panden(panden)
    homes = panden[panden["gebruiksdoel"].str.contains("woonfunctie")]
    assert len(homes) == 51  # 48 pure housing + 3 mixed-use panden
    # dwellings: all verblijfsobjecten of pure housing panden, minus one per other use in mixed ones
    pure = homes[homes["gebruiksdoel"] == "woonfunctie"]["aantal_verblijfsobjecten"].sum()
    mixed = homes[homes["gebruiksdoel"] != "woonfunctie"]
    expected = pure + sum(
        max(1, v - (len(g.split(",")) - 1))
        for g, v in zip(mixed["gebruiksdoel"], mixed["aantal_verblijfsobjecten"], strict=True)
    )
    assert stock["dwellings"].sum() == expected
    result = heat_stock.heat_demand_from_buildings(stock)
    assert set(result.index) <= {heat_stock.cell_id(p.x, p.y) for p in panden.geometry.centroid}
    assert result["dwellings"].sum() == pytest.approx(expected)
    assert (result["heat_demand_gj"] / result["dwellings"]).between(20, 80).all()


@pytest.fixture(scope="module")
def zwolle(shared_data):
    base = shared_data / "regional/zwolle_energy_transition"
    year = 2019
    g = gpd.read_file(base / f"energy_buurt_mapped/energy_buurt_{year}_mapped.geojson")
    g["code"] = "GM0193-" + g["BRTNR"].astype(str).str.zfill(4)
    demo = pd.read_csv(base / "demographics_buurt_combined.csv")
    dwellings = demo[demo["year"] == year].set_index("buurt_naam")["woningen"]

    def num(col):
        return pd.to_numeric(g[col].replace("?", np.nan), errors="coerce").to_numpy()

    tj = [c for c in g.columns if c.startswith("totaal_aardgasverbruik_woningen")][0]
    gas_heated = [
        c for c in g.columns if c.startswith("aantal_woningen_met_verwarming_op_basis_van_aardgas")
    ]
    wide = pd.DataFrame(
        {
            "aardgas_woningen_tj": num(tj),
            "woningvoorraad": g["buurt_naam"].map(dwellings).to_numpy(),
            "year": year,
        },
        index=pd.Index(g["code"], name="code"),
    )
    if gas_heated:
        wide["woningen_gasverwarmd"] = num(gas_heated[0])
    raw = pd.read_csv(base / "Zwolle_Neighbourhood_Aggregated_Buildings.csv")
    rules = tables.load_mapping("zwolle_gebouwen")  # the mirror's adapter: raw → indicators
    codes = raw["buurt_naam"].map(dict(zip(g["buurt_naam"], g["code"], strict=True)))
    figures, _ = tables.wide_to_figures(raw, codes, 2024, rules, "test")
    counts = heat.wide_figures(figures).reindex(pd.Index(codes, name="code"))
    counts["buurt_naam"] = raw["buurt_naam"].to_numpy()
    names = dict(zip(g["code"], g["OMSCHR"], strict=True))
    return wide, counts, g, names


def test_zwolle_stock_keeps_dwellings_and_labels(zwolle):
    wide, counts, _, _ = zwolle
    stock = heat_stock.stock_from_period_counts(counts, wide["woningvoorraad"])
    per_buurt = stock.groupby("code")["dwellings"].sum()
    assert np.allclose(per_buurt, wide["woningvoorraad"].reindex(per_buurt.index))
    # Aa-landen-midden: 380 high, 1184 moderate, 23 low, 8 unknown of 1595 buildings
    code = counts.index[counts["buurt_naam"] == "aa-landen-midden"][0]
    part = stock[stock["code"] == code]
    share_b = part.loc[part["label"] == "B", "dwellings"].sum() / part["dwellings"].sum()
    assert share_b == pytest.approx(380 / 1595)


def test_zwolle_calibration_report(zwolle):
    wide, counts, g, names = zwolle
    land = heat.land_area(g)
    gas = heat.finish(heat_gas.heat_demand_from_gas(wide), names, land)
    stock = heat_stock.stock_from_period_counts(counts, wide["woningvoorraad"])
    buildings = heat.finish(heat_stock.heat_demand_from_buildings(stock), names, land)
    cal = heat.calibration(gas, buildings).set_index("code")
    both = cal.drop(index="totaal").dropna(subset=["heat_gas_gj", "heat_buildings_gj"])
    assert len(both) >= 60
    assert np.allclose(both["difference_gj"], both["heat_buildings_gj"] - both["heat_gas_gj"])
    pct = 100 * both["difference_gj"] / both["heat_gas_gj"].where(both["heat_gas_gj"] > 0)
    assert np.allclose(both["difference_pct"], pct, equal_nan=True)
    total = cal.loc["totaal"]
    assert total["heat_gas_gj"] == pytest.approx(both["heat_gas_gj"].sum())
    assert total["heat_buildings_gj"] == pytest.approx(both["heat_buildings_gj"].sum())
    # measured 2019: gas method 1 954 126 GJ, buildings method 2 486 876 GJ → +27.3 %
    # (34.3 vs 43.6 GJ per dwelling); the method note reports this gap
    assert total["heat_gas_gj"] == pytest.approx(1954126, rel=1e-5)
    assert total["heat_buildings_gj"] == pytest.approx(2486876, rel=1e-5)
    assert 20 < total["difference_pct"] < 35


def test_dwellings_without_construction_year_are_reported():
    stock = pd.DataFrame(
        {"code": ["X", "X"], "woningtype": ["rijwoning tussen", "rijwoning tussen"],
         "bouwjaarklasse": ["1965 - 1974", None], "dwellings": [10.0, 3.0], "note": ["bron", "bron"]}
    )  # fmt: skip
    r = heat_stock.heat_demand_from_buildings(stock).loc["X"]
    assert r["dwellings"] == 10
    assert r["note"] == "bron; 3 woning(en) zonder bouwjaar niet meegeteld"
