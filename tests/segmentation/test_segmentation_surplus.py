"""Surplus heat per demand group: PBL heat sources assigned to panden, cells or buurten."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from transitieatlas.segmentation import (
    default_scheme,
    parse_scheme,
    segment,
    summarise,
    surplus,
    to_frame,
)
from transitieatlas.segmentation.capacity import load_constants
from transitieatlas.segmentation.groups import SURPLUS_COLUMNS
from transitieatlas.store import importing as mirror
from transitieatlas.store.opendata import open_store

RD = "EPSG:28992"


def _sources(points, mw, kinds=None):
    return gpd.GeoDataFrame(
        {
            "id": [str(i + 1) for i in range(len(points))],
            "naam": [f"bron {i + 1}" for i in range(len(points))],
            "type_bron": kinds or [None] * len(points),
            "vermogen_mw": mw,
        },
        geometry=[shapely.Point(p) for p in points],
        crs=RD,
    )


# -- hand-made cases -----------------------------------------------------------------------
def test_two_panden_and_one_point_inside_near_and_too_far():
    panden = gpd.GeoDataFrame(
        geometry=[shapely.box(0, 0, 10, 10), shapely.box(100, 0, 110, 10)],
        index=pd.Index(["A", "B"], name="id"),
        crs=RD,
    )
    inside = surplus.assign_to_panden(_sources([(5, 5)], [1.0]), panden, 100.0)
    assert inside["unit"].tolist() == ["A"] and inside["distance_m"].tolist() == [0.0]
    # 60 m right of A, 30 m left of B: the nearest pand wins
    between = surplus.assign_to_panden(_sources([(70, 5)], [1.0]), panden, 100.0)
    assert between["unit"].tolist() == ["B"] and between["distance_m"].tolist() == [30.0]
    # 150 m above both: no pand within 100 m
    far = surplus.assign_to_panden(_sources([(5, 160)], [1.0]), panden, 100.0)
    assert far["unit"].tolist() == [None] and np.isnan(far["distance_m"].iloc[0])
    assert surplus.assign_to_panden(_sources([(5, 160)], [1.0]), panden, 160.0)[
        "unit"
    ].tolist() == ["A"]


def test_yearly_heat_only_with_a_cited_full_load_hours_figure():
    hours = surplus.full_load_hours(load_constants())
    assert hours == {"geothermie": 6000.0}
    sources = _sources([(0, 0)] * 3, [15.0, 15.0, np.nan], ["Geothermie", "BioWKK", "Geothermie"])
    gj = surplus.source_heat_gj(sources, hours)
    assert gj[0] == pytest.approx(15 * 6000 * 3.6) == 324_000.0
    assert np.isnan(gj[1]) and np.isnan(gj[2])


def test_group_figures_sum_known_values_and_say_unknown_by_hand():
    scheme = parse_scheme({"name": "t", "rules": [
        {"group": "oud", "label": "Oud", "when": [{"attribute": "bouwjaar", "op": "<", "value": 1945}]},
        {"group": "leeg", "label": "Leeg", "when": [{"attribute": "bouwjaar", "op": ">=", "value": 2050}]},
    ]})  # fmt: skip
    units = pd.DataFrame(
        {"bouwjaar": [1900.0, 1930.0, 1990.0, 1995.0], "buildings": 1.0, "dwellings": 1.0,
         "floor_area_m2": 100.0, "heat_demand_gj": 50.0, "owner_dwellings": 1.0},
        index=pd.Index(list("abcd"), name="id"),
    )  # fmt: skip
    # sources: 1 in a (Geothermie 10 MW), 2 in b (8 MW BioWKK + unknown), 1 in c (unknown MW)
    sources = _sources(
        [(0, 0)] * 4, [10.0, 8.0, np.nan, np.nan], ["Geothermie", "BioWKK", None, None]
    )
    unit_of = pd.Series(["a", "b", "b", "c"], index=sources["id"])
    gj = surplus.source_heat_gj(sources, {"geothermie": 6000.0})
    figures = surplus.per_unit(sources, unit_of, gj, units.index)
    assert figures["surplus_sources"].tolist() == [1, 2, 1, 0]
    frame = to_frame(
        summarise(units.assign(**figures), scheme, "pand"), ["group", *SURPLUS_COLUMNS]
    )
    got = frame.set_index("group")
    assert got.loc["oud"].tolist() == [3.0, 18.0, 216_000.0]  # GJ: only the geothermal source
    assert got.loc["overig", "surplus_sources"] == 1 and np.isnan(got.loc["overig", "surplus_mw"])
    assert np.isnan(got.loc["overig", "surplus_gj"])
    assert got.loc["leeg"].tolist() == [0.0, 0.0, 0.0]
    # without surplus data every group's surplus is unknown, never 0
    plain = to_frame(summarise(units, scheme, "pand"), SURPLUS_COLUMNS)
    assert plain.isna().all().all()


def test_in_a_buurt_the_source_goes_to_its_largest_non_residential_unit_or_nowhere():
    units = pd.DataFrame(
        {"code": ["BU1", "BU1", "BU1", "BU2"], "functie": ["woning", "utiliteit", "utiliteit", "woning"],
         "floor_area_m2": [90.0, 400.0, 1200.0, 80.0]},
        index=["w1", "u1", "u2", "w2"],
    )  # fmt: skip
    area_of = pd.Series(["BU1", "BU2", None], index=["s1", "s2", "s3"], dtype=object)
    assert surplus.non_residential_unit(units, area_of).tolist() == ["u2", None, None]
    dwellings_only = units[units["functie"] == "woning"]
    assert surplus.non_residential_unit(dwellings_only, area_of).tolist() == [None, None, None]


# -- real data -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("surplus_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        s = open_store()
        mirror.import_paths(
            [
                shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
                shared_data / "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz",
                shared_data / "bag/delft_wippolder_sample/wippolder.gpkg",
                shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg",
                shared_data / "pbl/startanalyse2020_buurten/GM0080.geojson.gz",
                shared_data / "pbl/warmtebronnen_mt_2020/20200213_MT_bronnen.geojson",
            ],
            s,
        )
        yield open_store()


def _sums_match_totals(result):
    frame = to_frame(result.results, SURPLUS_COLUMNS)
    assert frame["surplus_sources"].sum() == result.totals["surplus_sources"]
    assert frame["surplus_mw"].sum() == pytest.approx(result.totals["surplus_mw"])  # NaN skipped
    return frame


def test_leeuwarden_frieslandcampina_lies_in_its_buurt_but_in_no_group(store):
    sources = store.heat_sources()
    campina = sources[sources["naam"] == "FrieslandCampina Leeuwarden"].geometry.iloc[0]
    buurten = store.areas(level="buurt", gemeente="GM0080")
    holder = buurten[buurten.contains(campina)]["code"].tolist()
    assert len(holder) == 1
    centre = buurten.union_all().centroid  # the source lies outside the centre, ~1.9 km
    assert 1_000 < campina.distance(centre) < 5_000
    result = segment(store, "GM0080", default_scheme(), "buurt")
    note = [n for n in result.surplus_notes if n.startswith("bron FrieslandCampina Leeuwarden")]
    assert note == [
        f"bron FrieslandCampina Leeuwarden (BioWKK, 16,83 MW) ligt in buurt {holder[0]} maar is "
        "aan geen groep toe te wijzen: dit niveau (buurt) telt alleen woningen, geen bedrijfspanden"
    ]
    frame = _sums_match_totals(result)
    assert frame["surplus_sources"].sum() == 0 == result.totals["surplus_sources"]
    inside = gpd.sjoin(sources, buurten[["code", "geometry"]], predicate="within")
    assert result.totals["surplus_sources_unassigned"] == len(inside) >= 1


def test_delft_tu_power_station_is_not_assigned_beyond_100_m(store):
    result = segment(store, "GM0503", default_scheme(), "pand")
    sources = store.heat_sources()
    wkc = sources[sources["naam"] == "TU Delft Warmtekrachtcentrale"].geometry.iloc[0]
    panden = result.units.geometry
    assert 800 < panden.distance(wkc).min() < 1_000  # ~0.9 km from the Wippolder sample
    assert result.units["surplus_sources"].sum() == 0
    frame = _sums_match_totals(result)
    assert frame["surplus_sources"].sum() == 0 and (frame["surplus_mw"] == 0).all()
    assert any(
        n.startswith("bron TU Delft Warmtekrachtcentrale (STEG, 1,81 MW) ligt in gebied GM0503")
        and n.endswith("geen pand in de opslag binnen 100 m")
        for n in result.surplus_notes
    )


def test_doesburg_foundry_lands_in_the_group_of_its_pand(store):
    sources = store.heat_sources()
    foundry = sources[sources["naam"] == "Gieterij Doesburg BV"].geometry.iloc[0]
    result = segment(store, "GM0221", default_scheme(), "pand")
    holder = result.units[result.units.contains(foundry)]
    assert len(holder) == 1  # the point lies inside one footprint
    assert result.units.loc[holder.index[0], "surplus_sources"] == 1
    group = holder["group"].iloc[0]
    got = {r.group: r for r in result.results}[group]
    assert got.surplus_sources == 1
    assert np.isnan(got.surplus_mw) and np.isnan(got.surplus_gj)  # the file gives no capacity
    frame = _sums_match_totals(result)
    assert frame["surplus_sources"].sum() == 1 == result.totals["surplus_sources"]
    assert any("1 zonder vermogen" in n for n in result.surplus_notes)
    # on the map: a marker with the group of its pand, and the pand's details name it
    from transitieatlas.segmentation import details, export

    rows = dict(details.pand_details(result.units, str(holder.index[0]), default_scheme()))
    assert rows["Warmtebronnen (overschot)"] == "1"

    markers = export.source_markers(result.heat_sources, result.units, default_scheme())
    assert [m["label"] for m in markers] == [
        "warmtebron: Gieterij Doesburg BV (type onbekend, vermogen onbekend)"
    ]
    label = dict(default_scheme().groups)[group]
    assert markers[0]["popup"].endswith(f"; groep {label}")
    assert 52.0 < markers[0]["lat"] < 52.03 and 6.12 < markers[0]["lon"] < 6.16


def test_without_heat_sources_the_surplus_is_unknown(shared_data, tmp_path):
    s = open_store(tmp_path / "store")
    mirror.import_paths([shared_data / "bag/delft_wippolder_sample/wippolder.gpkg"], s)
    result = segment(s, "GM0503", default_scheme(), "pand")
    assert to_frame(result.results, SURPLUS_COLUMNS).isna().all().all()
    assert any(n.startswith("overschot onbekend: geen warmtebronnen") for n in result.surplus_notes)
