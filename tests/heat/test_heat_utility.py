"""Heat demand of non-residential buildings (Vesta kengetallen utiliteit): the table, hand
cases on real Delft panden, unknown areas, and the heat service adding utility to dwellings."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from transitieatlas.heat import common as heat
from transitieatlas.heat import stock as heat_stock
from transitieatlas.heat import utility

VESTA_COMMIT = "055f172d3d20f841ac723fbda3e7d025128e8c38"


def test_utility_kengetallen_transcribed_from_vesta():
    k = heat.load_utility_kengetallen().set_index(["utiltype", "bouwjaarklasse"])
    assert len(k) == 60  # 10 functions × (5 periods + onbekend)
    assert set(k.index.get_level_values(0)) == set(utility.UTIL_TYPES.values())
    assert {c for c, *_ in utility.UTIL_CLASSES} | {"onbekend"} == set(k.index.get_level_values(1))
    # spot checks against data/20241107_Utiliteiten_BAG.csv @055f172d
    assert k.loc[("kantoor", "1920 - 1974"), "vrv_E_asl"] == 16.0571986
    assert k.loc[("kantoor", "1920 - 1974"), "vrv_E_opp"] == 0.274668757
    assert k.loc[("bijeenkomst", "vanaf 1995"), "default_label"] == "B"
    assert k.loc[("gezondheidszorg", "onbekend"), "vww_opp"] == 0.038334258
    assert k["source"].str.contains(VESTA_COMMIT).all()
    assert k["source"].str.contains("20241107_Utiliteiten_BAG.csv").all()
    assert k["status"].str.startswith("geverifieerd").all()


@pytest.fixture(scope="module")
def delft(shared_data):
    panden = gpd.read_file(shared_data / "bag/delft_wippolder_sample/wippolder.gpkg")
    return panden.rename(columns={"identificatie": "id"})


def _one(panden, pand_id, **changes):
    pand = panden[panden["id"] == pand_id].copy()
    for column, value in changes.items():
        pand[column] = value
    return pand


def test_office_pand_by_hand(delft):
    # 503100000025503: kantoorfunctie, 1933, one verblijfsobject of 569 m² → class 1920 - 1974,
    # Vesta default label E: 16.0571986 + 0.274668757 × 569 + hot water 0.003776774 × 569
    # = 16.0571986 + 156.286522733 + 2.148984406 = 174.492705739 GJ
    pand = _one(delft, "503100000025503")
    stock = utility.utility_stock_from_panden(pand, pd.Series("X", index=pand.index))
    assert stock[["utiltype", "bouwjaarklasse", "objects", "floor_area_m2"]].values.tolist() == [
        ["kantoor", "1920 - 1974", 1.0, 569.0]
    ]
    result = utility.heat_demand_from_utility(stock).loc["X"]
    assert result["heat_demand_gj"] == pytest.approx(174.492705739, rel=1e-9)
    assert result["hot_water_gj"] == pytest.approx(2.148984406, rel=1e-9)
    # an EP-Online label B replaces the default: 11.15026542 + 0.227992402 × 569 + 2.148984406
    labelled = _one(delft, "503100000025503", label="B")
    stock = utility.utility_stock_from_panden(labelled, pd.Series("X", index=labelled.index))
    result = utility.heat_demand_from_utility(stock).loc["X"]
    assert result["heat_demand_gj"] == pytest.approx(143.026926579, rel=1e-9)


def test_mixed_use_pand_splits_objects_over_its_uses(delft):
    # 503100000032817: kantoor- en onderwijsfunctie, 5 objects of 163 … 2272 m², 1923:
    # 2.5 objects each of (163 + 2272) / 2 = 1217.5 m²; onderwijs E per object
    # 31.21383004 + 0.248269107 × 1217.5 + 0.004616057 × 1217.5 = 339.101517 GJ
    pand = _one(delft, "503100000032817")
    rows = utility.utility_rows_gj(
        utility.utility_stock_from_panden(pand, pd.Series("X", index=pand.index))
    ).set_index("utiltype")
    assert rows["objects"].to_dict() == {"onderwijs": 2.5, "kantoor": 2.5}
    assert rows.loc["onderwijs", "heat_demand_gj"] == pytest.approx(2.5 * 339.1015172, rel=1e-8)
    assert rows["floor_area_total_m2"].sum() == pytest.approx(5 * 1217.5)


def test_dwellings_keep_their_objects_and_utility_gets_the_rest(delft):
    # 503100000019913: winkelfunctie + woonfunctie, 7 objects → 6 dwellings and 1 shop
    pand = _one(delft, "503100000019913")
    stock = utility.utility_stock_from_panden(pand, pd.Series("X", index=pand.index))
    assert stock["objects"].tolist() == [1.0]
    homes = heat_stock.stock_from_panden(pand, pd.Series("X", index=pand.index))
    assert homes["dwellings"].sum() == 6
    # a pand with only dwellings has no utility rows
    assert utility.utility_stock_from_panden(_one(delft, "503100000004254")).empty


def test_pure_industry_is_left_out_as_in_vesta_and_mixed_industry_kept(delft):
    factory = _one(delft, "503100000025503", gebruiksdoel="industriefunctie")
    assert utility.utility_stock_from_panden(factory, pd.Series("X", index=factory.index)).empty
    mixed = _one(delft, "503100000025503", gebruiksdoel="industriefunctie, kantoorfunctie")
    stock = utility.utility_stock_from_panden(mixed, pd.Series("X", index=mixed.index))
    assert stock["utiltype"].tolist() == ["industrie", "kantoor"]


def test_placeholder_area_is_unknown_not_a_figure(delft):
    pand = _one(delft, "503100000025503", oppervlakte_min=9999.0, oppervlakte_max=9999.0)
    stock = utility.utility_stock_from_panden(pand, pd.Series("X", index=pand.index))
    assert np.isnan(stock["floor_area_m2"]).all()
    result = utility.heat_demand_from_utility(stock).loc["X"]
    assert result["utility_objects_unknown_area"] == 1.0
    assert result["heat_demand_gj"] == 0.0


def test_heat_of_panden_is_dwellings_plus_utility(delft):
    codes = pd.Series("X", index=delft.index)
    both = utility.heat_of_panden(delft, codes).loc["X"]
    homes = heat_stock.heat_demand_from_buildings(heat_stock.stock_from_panden(delft, codes))
    rows = utility.utility_rows_gj(utility.utility_stock_from_panden(delft, codes))
    assert both["dwellings"] == homes.loc["X", "dwellings"]
    assert both["utility_objects"] == pytest.approx(rows["objects"].sum()) == 13
    assert both["heat_demand_gj"] == pytest.approx(
        homes.loc["X", "heat_demand_gj"] + rows["heat_demand_gj"].sum(), rel=1e-12
    )
    assert both["utility_heat_demand_gj"] > 10_000  # the 13 124 m² bijeenkomst pand dominates


def test_pand_label_is_the_most_common_and_a_tie_takes_the_worse():
    records = pd.DataFrame(
        {"pand_id": ["p", "p", "p", "q", "q"], "label": ["C", "C", "A", "B", "E"]}
    )
    assert utility.pand_labels(records).to_dict() == {"p": "C", "q": "E"}
