"""The business-park rule at cel and buurt level: each cell or buurt is split by the share of
its polygon inside the parks (hand-computed case, real Ermelo cells, real Leeuwarden buurten)."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from transitieatlas.segmentation import (
    build_units,
    default_scheme,
    parks,
    parkshare,
    parse_scheme,
    repo,
    segment,
    summarise,
    to_frame,
)
from transitieatlas.store import importing as mirror
from transitieatlas.store.opendata import open_store

RD = "EPSG:28992"
ONLY_PARK = parse_scheme(
    {"name": "alleen terrein", "rules": [{"group": "terrein", "label": "Op het terrein", "when": [
        {"attribute": "bedrijventerrein", "op": "==", "value": True}]}],
     "remainder": {"group": "rest", "label": "Rest"}}
)  # fmt: skip
"""A scheme whose only rule is the park: its groups are the inside and outside parts."""
SUMMED = ["dwellings", "floor_area_m2", "heat_demand_gj", "owner_dwellings", "buyers_per_year"]


def _parks(*shapes) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": [f"t{i}" for i in range(len(shapes))]}, geometry=list(shapes),
                            crs=RD)  # fmt: skip


def _groups(result) -> pd.DataFrame:
    return to_frame(result.results).set_index("group")


@pytest.fixture(scope="module")
def store(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("parks_area_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        grid = shared_data / "cbs/vierkant100m_ermelo_harderwijk_zeewolde"
        mirror.import_paths(
            [
                shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
                grid / "CBS_buurten_ermelo.gpkg",
                grid / "CBS_Statistiek.gpkg",
                shared_data / "pbl/startanalyse2020_buurten/GM0080.geojson.gz",
            ],
            open_store(),
        )
        mirror.import_paths(
            [shared_data / "regional/friesland_warmtekaart/koopwoningen_frl.geojson.gz"],
            open_store(),
        )
        yield open_store()


# -- by hand -----------------------------------------------------------------------------------
def test_shares_and_split_by_hand():
    cells = gpd.GeoDataFrame(
        {"code": ["a", "b", "c"]},
        geometry=[shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100),
                  shapely.box(500, 0, 600, 100)],
        crs=RD,
    )  # fmt: skip
    # overlapping parks count once (their union); the third only touches a along x = 100
    parks = _parks(
        shapely.box(-50, -10, 25, 60), shapely.box(0, 40, 210, 120), shapely.box(100, -5, 205, 45)
    )
    shares = parkshare.park_shares(cells, parks)
    # a: 25 × 60 (first) + 100 × 60 (second, y 40–100) − 25 × 20 (both) = 7 000 of 10 000 m²;
    # b: y 40–100 (second) and y 0–45 (third) together cover it whole; c lies far away
    assert shares.to_dict() == pytest.approx({"a": 0.7, "b": 1.0, "c": 0.0}, abs=1e-12)
    units = pd.DataFrame(
        {
            "code": ["a", "a", "b", "c"],
            "unit": ["a#0", "a#1", "b#2", "c#3"],
            "bouwjaar": [1950.0, 1990.0, 1990.0, 1990.0],
            "dwellings": [10.0, 30.0, 5.0, 8.0],
            "floor_area_m2": [1000.0, 2400.0, 600.0, 800.0],
            "heat_demand_gj": [400.0, 900.0, 150.0, 240.0],
            "owner_dwellings": [10.0, 0.0, 5.0, 8.0],
        }
    )
    split = parkshare.split_by_share(units, shares)
    assert split["unit"].tolist() == ["a#0~in", "a#0~uit", "a#1~in", "a#1~uit", "b#2", "c#3"]
    assert split["bedrijventerrein"].tolist() == [True, False, True, False, True, False]
    assert split["dwellings"].tolist() == pytest.approx([7.0, 3.0, 21.0, 9.0, 5.0, 8.0])
    assert split["heat_demand_gj"].tolist() == pytest.approx([280, 120, 630, 270, 150, 240])
    assert (split.groupby("code")[["dwellings", "heat_demand_gj"]].sum()
            == units.groupby("code")[["dwellings", "heat_demand_gj"]].sum()).all().all()  # fmt: skip
    got = to_frame(summarise(split, ONLY_PARK, "cel")).set_index("group")
    # inside: 7 + 21 (a) + 5 (b) dwellings; owners 7 + 0 + 5 = 12
    assert got.loc["terrein", "dwellings"] == pytest.approx(33.0)
    assert got.loc["rest", "dwellings"] == pytest.approx(20.0)
    assert got.loc["terrein", "floor_area_m2"] == pytest.approx(700 + 1680 + 600)
    assert got.loc["terrein", "investment_low_eur"] == pytest.approx(12 * 0.79 * 15_000)
    assert got.loc["rest", "households_cannot_invest"] == pytest.approx((3 + 8) * 0.21)


def test_no_park_leaves_the_attribute_unknown_and_the_rows_whole():
    units = pd.DataFrame({"code": ["a"], "unit": ["a#0"], "dwellings": [4.0]})
    split = parkshare.split_by_share(units, pd.Series({"b": 0.5}))  # a has no share: unknown
    assert split["bedrijventerrein"].tolist() == [None] and split["dwellings"].tolist() == [4.0]
    no_polygon = gpd.GeoDataFrame({"code": ["a"]}, geometry=[None], crs=RD)
    assert np.isnan(parkshare.park_shares(no_polygon, _parks(shapely.box(0, 0, 1, 1)))["a"])


# -- real data: Ermelo cells -------------------------------------------------------------------
def _cell(store, code: str) -> shapely.Geometry:
    cells = store.areas(level="cel", gemeente="GM0233").set_index("code")
    return cells.geometry[code]


def test_half_an_ermelo_cell_by_a_box(store):
    code = "E1714N4793"  # a real 100 m cell of buurt BU02330000 with 15 dwellings
    minx, miny, maxx, maxy = _cell(store, code).bounds
    park = _parks(shapely.box(minx, miny, minx + 50.0, maxy))  # its western half
    plain = segment(store, "GM0233", ONLY_PARK, "cel")
    with_park = segment(store, "GM0233", ONLY_PARK, "cel", business_parks=park)
    units = with_park.units
    inside = units[units["bedrijventerrein"].eq(True).to_numpy()]
    assert set(inside["code"]) == {code}  # its neighbours only touch the box along an edge
    assert plain.units.loc[plain.units["code"] == code, "dwellings"].sum() == pytest.approx(15.0)
    for figure in SUMMED:
        whole = plain.units.loc[plain.units["code"] == code, figure].sum()
        assert inside[figure].sum() == pytest.approx(0.5 * whole, rel=1e-9)
    groups = _groups(with_park)
    assert groups.loc["terrein", "dwellings"] == pytest.approx(7.5)
    assert groups.loc["rest", "dwellings"] == pytest.approx(_groups(plain).loc["rest", "dwellings"]
                                                            - 7.5)  # fmt: skip
    assert units["bedrijventerrein"].notna().all()  # with a park every cell is known: in or out
    assert "bedrijventerrein op vierkantniveau" in " ".join(with_park.notes)
    assert "1 van 925 vierkanten (deels) op een terrein" in " ".join(with_park.notes)
    assert plain.units["bedrijventerrein"].isna().all()  # no park chosen: unknown everywhere


@pytest.mark.parametrize(("area", "level"), [("GM0233", "cel"), ("GM0233", "buurt"),
                                             ("GM0080", "buurt")])  # fmt: skip
def test_groups_with_a_park_still_sum_to_the_area_totals(store, area, level):
    buurten = store.areas(level="buurt", gemeente=area)
    first = buurten.geometry.iloc[0]
    minx, miny, maxx, maxy = first.bounds
    park = _parks(first, shapely.box(minx, miny, (minx + maxx) / 2, maxy).buffer(150))
    plain = segment(store, area, default_scheme(), level)
    result = segment(store, area, default_scheme(), level, business_parks=park)
    groups = _groups(result)
    assert groups.loc["bedrijventerrein", "dwellings"] > 0
    assert groups["dwellings"].sum() == pytest.approx(result.totals["dwellings"], rel=1e-12)
    assert groups["heat_demand_gj"].sum() == pytest.approx(result.totals["heat_demand_gj"],
                                                           rel=1e-12)  # fmt: skip
    assert result.totals == plain.totals
    per_area = result.units.groupby("code")[SUMMED].sum()
    assert per_area.to_numpy() == pytest.approx(
        plain.units.groupby("code")[SUMMED].sum().reindex(per_area.index).to_numpy(), rel=1e-9
    )


def test_three_levels_one_answer_with_a_park_in_ermelo(store):
    """Ermelo's buurten have no counts of their own: a buurt is the sum of its cells, and each
    cell is split by its own share, so buurt and cells give the same groups with a park too."""
    buurt = "BU02330001"
    minx, miny, maxx, maxy = store.areas(codes=[buurt]).geometry.iloc[0].bounds
    park = _parks(shapely.box(minx, miny, (minx + maxx) / 2, maxy))  # western half of its box
    direct = _groups(segment(store, buurt, ONLY_PARK, "buurt", business_parks=park))
    cells = segment(store, buurt, ONLY_PARK, "cel", business_parks=park)
    assert direct.loc["terrein", "dwellings"] > 0 and direct.loc["rest", "dwellings"] > 0
    for figure in ("dwellings", "heat_demand_gj", "investment_low_eur"):
        assert direct[figure].to_numpy() == pytest.approx(_groups(cells)[figure].to_numpy())
    # the split respects the cells: between the dwellings of cells wholly inside and of cells
    # the park touches at all
    shares = parkshare.park_shares(_cells_of(store, buurt), park)
    per_cell = cells.units.groupby("code")["dwellings"].sum()
    whole_in = per_cell[shares.reindex(per_cell.index) == 1.0].sum()
    touched = per_cell[shares.reindex(per_cell.index) > 0.0].sum()
    assert whole_in < direct.loc["terrein", "dwellings"] < touched


def _cells_of(store, buurt: str) -> gpd.GeoDataFrame:
    cells = store.areas(level="cel", gemeente="GM0233")
    return cells[cells["buurt_code"] == buurt].reset_index(drop=True)


def test_why_a_buurt_split_by_area_differs_from_its_cells(store):
    """Where a buurt has counts of its own (Leeuwarden), only its area share is known. Ermelo
    shows how far that can be off: a park on the buurt's land without dwellings (no cell)
    holds no dwellings by its cells, but most of them by the buurt's area share."""
    buurt = "BU02330003"  # 297 ha, 455 dwellings in 102 cells, about two thirds without a cell
    polygon = store.areas(codes=[buurt]).geometry.iloc[0]
    cells = _cells_of(store, buurt)
    park = _parks(polygon.difference(shapely.union_all(cells.geometry.to_numpy())))
    by_cells = segment(store, buurt, ONLY_PARK, "cel", business_parks=park)
    assert _groups(by_cells).loc["terrein", "dwellings"] == pytest.approx(0.0, abs=1e-6)
    assert _groups(by_cells)["dwellings"].sum() == pytest.approx(455.0)
    plain = build_units(store, buurt, "buurt")
    share = parkshare.park_shares(store.areas(codes=[buurt]), park)[buurt]
    by_area = parkshare.split_by_share(plain.units, pd.Series({buurt: share}))
    inside = by_area.loc[by_area["bedrijventerrein"].eq(True).to_numpy(), "dwellings"].sum()
    assert 0.6 < share < 0.75
    assert inside == pytest.approx(share * 455.0)  # over 300 dwellings where none stand


# -- real data: Leeuwarden buurten ---------------------------------------------------------------
def test_a_leeuwarden_buurt_as_its_own_park_is_wholly_inside(store):
    buurten = store.areas(level="buurt", gemeente="GM0080")
    code = "BU00801001"
    park = _parks(buurten.set_index("code").geometry[code])
    plain = segment(store, "GM0080", ONLY_PARK, "buurt")
    result = segment(store, "GM0080", ONLY_PARK, "buurt", business_parks=park)
    shares = parkshare.park_shares(buurten, park)
    assert shares[code] == 1.0 and (shares.drop(code) == 0.0).all()  # neighbours share edges
    units = result.units
    inside = units[units["bedrijventerrein"].eq(True).to_numpy()]
    assert set(inside["code"]) == {code} and len(inside) == (plain.units["code"] == code).sum()
    assert inside["dwellings"].sum() == pytest.approx(655.0)  # Startanalyse: 655 dwellings
    groups = _groups(result)
    assert groups.loc["terrein", "dwellings"] == pytest.approx(655.0)
    assert groups.loc["terrein", "heat_demand_gj"] == pytest.approx(
        plain.units.loc[plain.units["code"] == code, "heat_demand_gj"].sum()
    )
    assert "bedrijventerrein op buurtniveau: naar oppervlakteaandeel verdeeld" in " ".join(
        result.notes
    )


def test_part_of_a_leeuwarden_buurt_by_a_box(store):
    buurten = store.areas(level="buurt", gemeente="GM0080").set_index("code")
    code = "BU00801001"
    polygon = buurten.geometry[code]
    minx, miny, maxx, maxy = polygon.bounds
    box = shapely.box(minx - 10, miny - 10, (minx + maxx) / 2, maxy + 10)
    # independent of the module: the overlay by shapely on the buurt's own polygon
    expected = polygon.intersection(box).area / polygon.area
    assert 0.05 < expected < 0.95
    result = segment(store, code, ONLY_PARK, "buurt", business_parks=_parks(box))
    units = result.units
    mine = units[units["code"] == code]
    inside = mine.loc[mine["bedrijventerrein"].eq(True).to_numpy(), "dwellings"].sum()
    assert inside == pytest.approx(expected * 655.0, rel=1e-9)
    assert _groups(result).loc["terrein", "dwellings"] == pytest.approx(expected * 655.0)


def test_cli_segment_with_a_business_park_per_buurt(store, monkeypatch, capsys, tmp_path):
    from transitieatlas.cli import main

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(store.root.parent))
    polygon = store.areas(codes=["BU00801001"]).geometry.iloc[0]
    repo.save_park("Buurt als terrein", polygon, "anna")
    scheme = tmp_path / "terrein.json"
    scheme.write_text(ONLY_PARK.to_json(), encoding="utf-8")
    args = ["segment", "GM0080", "--level", "buurt", "--scheme", str(scheme)]
    assert main([*args, "--business-park", "Buurt als terrein"]) == 0
    out = capsys.readouterr()
    table = pd.read_csv(io.StringIO(out.out)).set_index("group")
    assert table.loc["terrein", "dwellings"] == pytest.approx(655.0)
    assert table["dwellings"].sum() == pytest.approx(62_407)
    assert "bedrijventerrein op buurtniveau" in out.err
    assert main(args) == 0  # without a park: the rule holds nowhere
    assert (
        pd.read_csv(io.StringIO(capsys.readouterr().out))
        .set_index("group")
        .loc["terrein", "dwellings"]
        == 0
    )


def test_a_click_on_a_cell_is_the_clicked_point():
    cell_units = pd.DataFrame({"code": ["E1714N4793"], "dwellings": [15.0]})
    click = {"type": "area", "code": "E1714N4793", "lat": 52.3, "lon": 5.6, "seq": 2}
    assert parks.click_corner(click, cell_units) == (52.3, 5.6)
    assert parks.click_corner({"type": "area", "code": "E1714N4793"}, cell_units) is None


def test_the_method_of_every_group_states_the_area_share_split(store):
    code = "BU00801001"
    park = _parks(store.areas(codes=[code]).geometry.iloc[0])
    result = segment(store, "GM0080", default_scheme(), "buurt", business_parks=park)
    clause = "bedrijventerrein op buurtniveau: naar oppervlakteaandeel verdeeld"
    assert all(clause in r.method for r in result.results)
    cells = segment(store, "GM0233", default_scheme(), "buurt", business_parks=park)
    assert all("op vierkantniveau" in r.method for r in cells.results)  # Ermelo: per cell
    plain = segment(store, "GM0080", default_scheme(), "buurt")
    assert not any("bedrijventerrein" in r.method for r in plain.results)


def test_cli_segment_with_a_park_file_per_cell(store, monkeypatch, capsys, tmp_path):
    from transitieatlas.cli import main

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(store.root.parent))
    minx, miny, maxx, maxy = _cell(store, "E1714N4793").bounds
    path = tmp_path / "halve_cel.geojson"
    _parks(shapely.box(minx, miny, minx + 50.0, maxy)).to_file(path, driver="GeoJSON")
    scheme = tmp_path / "terrein.json"
    scheme.write_text(ONLY_PARK.to_json(), encoding="utf-8")
    args = ["segment", "GM0233", "--level", "cel", "--scheme", str(scheme)]
    assert main([*args, "--business-park-file", str(path), "--format", "json"]) == 0
    out = capsys.readouterr()
    records = {r["group"]: r for r in json.loads(out.out)}
    assert records["terrein"]["dwellings"] == pytest.approx(7.5)  # half of the cell's 15
    assert "op vierkantniveau" in records["terrein"]["method"]
    assert "1 van 925 vierkanten (deels) op een terrein" in out.err
    assert main([*args, "--business-park-file", str(tmp_path / "weg.geojson")]) == 1
    assert "weg.geojson' bestaat niet" in capsys.readouterr().err


def test_a_self_crossing_area_or_park_is_repaired_not_a_crash():
    bowtie = shapely.Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])  # two triangles of 2 500
    assert not bowtie.is_valid
    areas = gpd.GeoDataFrame({"code": ["x"]}, geometry=[bowtie], crs=RD)
    # the park covers the left triangle (x < 50) whole: 2 500 of 5 000 m²
    assert parkshare.park_shares(areas, _parks(shapely.box(-1, -1, 50, 101)))["x"] == 0.5
    cell = gpd.GeoDataFrame({"code": ["c"]}, geometry=[shapely.box(0, 0, 100, 100)], crs=RD)
    assert parkshare.park_shares(cell, _parks(bowtie))["c"] == pytest.approx(0.5)
