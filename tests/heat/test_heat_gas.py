"""Method 1 (gas → heat) on hand-computed real buurten: Utrecht 2020 KWB rows and Zwolle.

Constants used in the arithmetic below (data/heat_constants.csv):
LHV 31.65 MJ/m³ = 0.03165 GJ/m³; cooking 3 %; of the rest 79 % space heating at η 0.995 and
21 % hot water at η 0.657. So useful heat per GJ of gas = 0.97 × (0.79 × 0.995 + 0.21 × 0.657)
= 0.97 × (0.78605 + 0.13797) = 0.97 × 0.92402 = 0.8962994.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transitieatlas.errors import InputError
from transitieatlas.heat import common as heat
from transitieatlas.heat import gas as heat_gas


@pytest.fixture(scope="module")
def utrecht(shared_data) -> pd.DataFrame:
    rows = pd.read_csv(shared_data / "cbs/kwb_buurt_rows/utrecht_provincie_2020/buurten.csv")
    wide = rows.set_index("buurt_code").rename(
        columns={"aardgasverbruik_m3_gemiddeld": "gem_aardgas_woning"}
    )[["woningvoorraad", "gem_aardgas_woning"]]
    wide.index.name = "code"
    wide["year"] = 2020
    return wide


def test_constants_are_the_documented_ones():
    c = heat.load_constants()
    assert c["gas_lhv_mj_per_m3"] == 31.65
    assert c["gas_hhv_mj_per_m3"] == 35.17
    assert c["share_space_heating"] + c["share_hot_water"] == pytest.approx(1.0)
    # Warmtewet derivation: 0.94 / 1.05 × 35.17 MJ = 31.486 MJ heat per m³, / 31.65 = 0.995
    assert pytest.approx(c["efficiency_space_heating"], abs=5e-4) == 0.94 / 1.05 * 35.17 / 31.65
    assert pytest.approx(c["efficiency_hot_water"], abs=5e-4) == 20.782 / 31.65


def test_every_constant_has_unit_source_and_status():
    table = heat.constants_table()
    assert (
        not table[["name", "value", "unit", "description", "source", "status"]].isna().any().any()
    )
    assert table["name"].is_unique


def test_hof_amersfoort_by_hand(utrecht):
    # BU03070100 Hof: 396 dwellings × 1 310 m³ = 518 760 m³ × 0.03165 GJ/m³ = 16 418.754 GJ.
    # cooking 0.03 × 16 418.754 = 492.563; heat gas 0.97 × 16 418.754 = 15 926.191 GJ;
    # space 15 926.191 × 0.79 × 0.995 = 12 518.783; hot water 15 926.191 × 0.21 × 0.657 = 2 197.337;
    # heat demand 14 716.119 GJ. No pct_stadsverwarming in this file → no correction.
    r = heat_gas.heat_demand_from_gas(utrecht).loc["BU03070100"]
    assert r["final_energy_gj"] == pytest.approx(16418.754)
    assert r["cooking_gj"] == pytest.approx(492.5626, rel=1e-6)
    assert r["space_heating_gj"] == pytest.approx(12518.7827, rel=1e-6)
    assert r["hot_water_gj"] == pytest.approx(2197.3366, rel=1e-6)
    assert r["heat_demand_gj"] == pytest.approx(14716.1194, rel=1e-6)
    assert r["method"] == "gas"
    assert "niet gecorrigeerd" in r["note"]


@pytest.mark.parametrize(
    ("code", "dwellings", "m3", "heat_gj"),
    [
        # Eemdijk (Bunschoten): 294 × 1 990 = 585 060 m³ → 18 517.149 GJ × 0.8962994 = 16 596.910
        ("BU03130003", 294, 1990, 16596.9095),
        # Veldhuizen (Utrecht): 3 413 × 1 100 = 3 754 300 m³ → 118 823.595 GJ × 0.8962994 = 106 501.517
        ("BU03441024", 3413, 1100, 106501.5169),
    ],
)
def test_more_utrecht_buurten_by_hand(utrecht, code, dwellings, m3, heat_gj):
    assert utrecht.loc[code, "woningvoorraad"] == dwellings
    assert utrecht.loc[code, "gem_aardgas_woning"] == m3
    r = heat_gas.heat_demand_from_gas(utrecht).loc[code]
    assert r["heat_demand_gj"] == pytest.approx(heat_gj, rel=1e-6)
    assert r["dwellings"] == dwellings


def test_buurt_without_gas_value_gives_missing_not_zero(utrecht):
    r = heat_gas.heat_demand_from_gas(utrecht).loc["BU03440131"]  # no gas value in the file
    assert np.isnan(r["heat_demand_gj"])
    assert r["gas_source"] == "geen gasgegevens"


def test_district_heating_correction_by_hand():
    # Hypothetical share: 400 dwellings, average 380 m³ (CBS average incl. district heating),
    # 60 % on stadsverwarming. Total gas 400 × 380 × 0.03165 = 4 810.8 GJ, spread over
    # 400 × 0.4 = 160 gas-heated dwellings; heat = 4 810.8 × 0.8962994 × 400 / 160 = 10 779.77 GJ
    # (without the correction 4 311.91 GJ: 2.5 × too low).
    wide = pd.DataFrame(
        {
            "woningvoorraad": [400.0, 400.0],
            "gem_aardgas_woning": [380.0, 380.0],
            "pct_stadsverwarming": [60.0, np.nan],
        },
        index=pd.Index(["BU_SV", "BU_ONBEKEND"], name="code"),
    )
    r = heat_gas.heat_demand_from_gas(wide)
    assert r.loc["BU_SV", "dwellings_gas_heated"] == 160
    assert r.loc["BU_SV", "heat_demand_gj"] == pytest.approx(10779.77, rel=1e-5)
    assert r.loc["BU_SV", "final_energy_gj"] == pytest.approx(4810.8)
    assert r.loc["BU_ONBEKEND", "heat_demand_gj"] == pytest.approx(4311.91, rel=1e-5)
    assert "stadsverwarming" in r.loc["BU_SV", "note"]
    assert "mogelijk te laag" in r.loc["BU_ONBEKEND", "note"]


def test_all_district_heated_is_not_estimated():
    wide = pd.DataFrame(
        {"woningvoorraad": [50.0], "gem_aardgas_woning": [100.0], "pct_stadsverwarming": [100.0]},
        index=pd.Index(["B"], name="code"),
    )
    r = heat_gas.heat_demand_from_gas(wide).loc["B"]
    assert np.isnan(r["heat_demand_gj"])
    assert "geen woningen met gasverwarming" in r["note"]


def test_missing_inputs_listed_in_dutch():
    with pytest.raises(InputError) as err:
        heat_gas.heat_demand_from_gas(pd.DataFrame({"x": [1.0]}))
    assert "woningvoorraad" in str(err.value) and "aardgasverbruik" in str(err.value)


def test_constant_override_changes_result_and_unknown_is_refused(utrecht):
    base = heat_gas.heat_demand_from_gas(utrecht.loc[["BU03070100"]])
    other = heat_gas.heat_demand_from_gas(utrecht.loc[["BU03070100"]], {"share_cooking": 0.0})
    assert other["heat_demand_gj"].iloc[0] == pytest.approx(base["heat_demand_gj"].iloc[0] / 0.97)
    with pytest.raises(InputError):
        heat_gas.heat_demand_from_gas(utrecht, {"rendement_ketel": 0.9})


@pytest.fixture(scope="module")
def zwolle_2023(shared_data):
    import geopandas as gpd

    base = shared_data / "regional/zwolle_energy_transition"
    g = gpd.read_file(base / "energy_buurt_mapped/energy_buurt_2023_mapped.geojson")
    demo = pd.read_csv(base / "demographics_buurt_combined.csv")
    dwellings = demo[demo["year"] == 2023].set_index("buurt_naam")["woningen"]

    def num(col):
        return pd.to_numeric(g[col].replace("?", np.nan), errors="coerce").to_numpy()

    wide = pd.DataFrame(
        {
            "aardgas_woningen_tj": num(
                "totaal_aardgasverbruik_woningen_(temperatuurgecorrigeerd)_[tj]"
            ),
            "aardgas_woningen_mln_m3": num(
                "aardgasverbruik_woningen_(temperatuurgecorrigeerd)_[miljoen_m3]"
            ),
            "woningen_gasverwarmd": num(
                "aantal_woningen_met_verwarming_op_basis_van_aardgas__(benadering)_[aantal]"
            ),
            "woningvoorraad": g["buurt_naam"].map(dwellings).to_numpy(),
            "year": 2023,
        },
        index=pd.Index("GM0193-" + g["BRTNR"].astype(str).str.zfill(4), name="code"),
    )
    return wide, g


def test_klimaatmonitor_uses_the_lower_heating_value(zwolle_2023):
    wide, _ = zwolle_2023
    both = wide.dropna(subset=["aardgas_woningen_tj", "aardgas_woningen_mln_m3"])
    # Σ TJ / Σ mln m³ = MJ per m³: the rounded per-buurt figures give ≈ 31.65 (onderwaarde),
    # far from the upper value 35.17.
    ratio = both["aardgas_woningen_tj"].sum() / both["aardgas_woningen_mln_m3"].sum()
    assert ratio == pytest.approx(31.65, rel=0.03)


def test_werkeren_zwolle_by_hand(zwolle_2023):
    # Werkeren (BRTNR 223) 2023: 41 TJ (temperature-corrected) = 41 000 GJ of gas;
    # 1 443 dwellings heated with gas (Klimaatmonitor), 1 659 dwellings in total.
    # heat = 41 000 × 0.8962994 × 1 659 / 1 443 = 42 249.06 GJ
    wide, _ = zwolle_2023
    row = wide.loc["GM0193-0223"]
    assert (row["aardgas_woningen_tj"], row["woningen_gasverwarmd"], row["woningvoorraad"]) == (
        41,
        1443,
        1659,
    )
    r = heat_gas.heat_demand_from_gas(wide).loc["GM0193-0223"]
    assert r["final_energy_gj"] == 41000
    assert r["heat_demand_gj"] == pytest.approx(42249.06, rel=1e-6)
    assert r["gas_source"].startswith("Klimaatmonitor TJ")


def test_finish_adds_land_area_and_density(zwolle_2023):
    wide, g = zwolle_2023
    g = g.assign(code="GM0193-" + g["BRTNR"].astype(str).str.zfill(4))
    result = heat.finish(
        heat_gas.heat_demand_from_gas(wide),
        dict(zip(g["code"], g["OMSCHR"], strict=True)),
        heat.land_area(g),
    )
    assert list(result.columns[: len(heat.OUTPUT_COLUMNS)]) == heat.OUTPUT_COLUMNS
    row = result.set_index("code").loc["GM0193-0223"]
    # Werkeren polygon: SHAPEAREA 947 984.77 m² = 94.798 ha → 42 249.06 / 94.798 = 445.68 GJ/ha
    assert row["land_area_ha"] == pytest.approx(94.798, rel=1e-4)
    assert row["land_area_source"] == heat.LAND_FROM_POLYGON
    assert row["heat_density_gj_per_ha"] == pytest.approx(445.68, rel=1e-4)
    assert row["name"] == "Werkeren"


def test_land_area_prefers_the_cbs_figure():
    import geopandas as gpd
    from shapely.geometry import box

    areas = gpd.GeoDataFrame(
        {"code": ["A", "B"]}, geometry=[box(0, 0, 100, 100), box(0, 0, 200, 100)], crs=28992
    )
    land = heat.land_area(areas, pd.DataFrame({"oppervlakte_land_ha": [0.5]}, index=["A"]))
    assert land.loc["A", "land_area_ha"] == 0.5
    assert land.loc["A", "land_area_source"] == heat.LAND_FROM_FIGURE
    assert land.loc["B", "land_area_ha"] == pytest.approx(2.0)
    assert land.loc["B", "land_area_source"] == heat.LAND_FROM_POLYGON


def test_method_note_states_the_constants_in_use():
    from transitieatlas import config

    note = (config.REPO_DIR / "docs" / "methode-warmtevraag.md").read_text(encoding="utf-8")
    c = heat.load_constants()

    def nl(value: float) -> str:
        return f"{value:g}".replace(".", ",")

    for name in (
        "gas_lhv_mj_per_m3",
        "gas_hhv_mj_per_m3",
        "efficiency_space_heating",
        "efficiency_hot_water",
    ):
        assert nl(c[name]) in note, name
    assert f"{c['share_space_heating']:.0%}" in note and f"{c['share_cooking']:.0%}" in note
    assert f"{c['heatnet_min_density_gj_per_ha']:g} GJ per ha" in note
    assert "055f172d3d20f841ac723fbda3e7d025128e8c38" in note


def test_gas_heated_count_above_dwellings_is_capped():
    # 100 dwellings, Klimaatmonitor approximation says 120 on gas: use 100, so the heat is
    # not scaled down below what the gas itself gives (100 × 1 000 m³ × 0.03165 × 0.8962994)
    wide = pd.DataFrame(
        {
            "woningvoorraad": [100.0],
            "gem_aardgas_woning": [1000.0],
            "woningen_gasverwarmd": [120.0],
        },
        index=pd.Index(["B"], name="code"),
    )
    r = heat_gas.heat_demand_from_gas(wide).loc["B"]
    assert r["dwellings_gas_heated"] == 100
    assert r["heat_demand_gj"] == pytest.approx(3165.0 * 0.8962994)
