"""Natural moments (buyers of existing and new homes) and business-park polygons, on real
Doesburg and Leeuwarden data; saving a park and a scheme needs the editor role."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from transitieatlas.accounts.auth import UserInfo
from transitieatlas.db.models import Base
from transitieatlas.errors import InputError, NotInStore, PermissionDenied
from transitieatlas.segmentation import (
    default_scheme,
    parks,
    parse_scheme,
    repo,
    segment,
    summarise,
)
from transitieatlas.segmentation.capacity import load_constants
from transitieatlas.store import importing as mirror
from transitieatlas.store.opendata import open_store

PARK = Path(__file__).parent / "data" / "doesburg_bedrijventerrein.geojson"
DOESBURG = "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg"
EDITOR = UserInfo(name="anna", role="editor", id=1)
VIEWER = UserInfo(name="kees", role="viewer", id=2)


@pytest.fixture
def session():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s


@pytest.fixture(scope="module")
def store(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("moments_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        mirror.import_paths(
            [
                shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
                shared_data / DOESBURG,
                shared_data / "pbl/startanalyse2020_buurten/GM0080.geojson.gz",
            ],
            open_store(),
        )
        yield open_store()


# -- buyers of existing homes ----------------------------------------------------------------
def test_turnover_constant_is_sales_over_owner_stock():
    c = load_constants()
    # CBS/Kadaster: 218 595 existing owner-occupied homes sold in 2019; CBS 82900NED:
    # 4 487 894 owner-occupied homes on 1 January 2019
    assert c["turnover_existing_owner_per_year"] == pytest.approx(218_595 / 4_487_894, abs=5e-5)


def test_buyers_per_year_by_hand():
    scheme = parse_scheme({"name": "t", "rules": [
        {"group": "oud", "label": "Oud", "when": [
            {"attribute": "bouwjaar", "op": "<", "value": 1945}]},
    ], "remainder": {"group": "rest", "label": "Rest"}})  # fmt: skip
    units = pd.DataFrame(
        {
            "bouwjaar": [1900.0, 1930.0, 1990.0],
            "buildings": 1.0,
            "dwellings": [10.0, 20.0, 40.0],
            "floor_area_m2": np.nan,
            "heat_demand_gj": 0.0,
            "owner_dwellings": [5.0, 15.0, 40.0],
            "buyers_per_year": [0.25, 0.75, 2.0],  # 5% of owner-occupied dwellings
            "new_build_buildings": [0.0, 0.0, 1.0],
        }
    )
    got = {r.group: r for r in summarise(units, scheme, "pand")}
    assert got["oud"].buyers_per_year == pytest.approx(1.0)
    assert got["rest"].buyers_per_year == pytest.approx(2.0)
    assert got["rest"].new_build_buildings == 1.0 and got["oud"].new_build_buildings == 0.0
    assert "eigenaar-bewoners × 4,9%" in got["oud"].method


def test_leeuwarden_buyers_per_group_sum_to_owner_stock_times_turnover(store):
    result = segment(store, "GM0080", default_scheme(), "buurt")
    rate = load_constants()["turnover_existing_owner_per_year"]
    owners = sum(r.owner_dwellings for r in result.results)
    buyers = {r.group: r.buyers_per_year for r in result.results}
    assert owners > 20_000  # Leeuwarden: 62 407 dwellings, a bit under half owner-occupied
    assert sum(buyers.values()) == pytest.approx(owners * rate, rel=1e-9)
    assert buyers["corporatie"] == 0.0  # tenants do not buy
    assert buyers["koop_lage_woz"] > 0 or buyers["voor_1945"] > 0
    # new-build is not known per buurt: unknown, not zero
    assert all(np.isnan(r.new_build_buildings) for r in result.results)


# -- buyers of new homes: BAG status ---------------------------------------------------------
def test_doesburg_new_build_group_from_bag_status(store, shared_data):
    raw = gpd.read_file(shared_data / DOESBURG)
    permits = raw[raw["status"].isin(["Bouwvergunning verleend", "Bouw gestart"])]
    assert len(permits) == 168  # README: 7 395 current panden, 7 227 standing
    result = segment(store, "GM0221", default_scheme(), "pand")
    groups = {r.group: r for r in result.results}
    inside = result.units.index.isin(permits["identificatie"].astype(str))
    assert groups["nieuwbouw"].buildings == inside.sum() == 168
    assert groups["nieuwbouw"].new_build_buildings == 168
    assert sum(r.new_build_buildings for r in result.results) == 168
    assert (result.units.loc[inside, "group"] == "nieuwbouw").all()
    assert (~inside).sum() == 7_393 - 168  # the rest stands (2 border panden are not Doesburg's)
    # no verblijfsobjecten in the Doesburg file: dwellings and so buyers are unknown, not 0
    filled = [r for r in result.results if r.buildings > 0 and r.group != "nieuwbouw"]
    assert len(filled) >= 3 and all(np.isnan(r.buyers_per_year) for r in filled)


# -- business parks ----------------------------------------------------------------------------
def test_park_from_geojson_is_saved_versioned_and_groups_its_panden(store, session):
    shape = repo.read_park_file(PARK.read_bytes(), PARK.name)
    assert shape.geom_type == "Polygon" and 19.0 < shape.area / 10_000 < 23.0  # about 20.8 ha
    assert repo.save_park("Doesburg-zuid", shape, user=EDITOR, session=session) == 1
    assert repo.save_park("Doesburg-zuid", shape, user=EDITOR, session=session) == 2
    listed = repo.list_parks(session=session)
    assert [(p["name"], p["version"], p["author"]) for p in listed] == [
        ("Doesburg-zuid", 2, "anna")
    ]
    parks = repo.load_parks(["Doesburg-zuid"], session=session)

    result = segment(store, "GM0221", default_scheme(), "pand", business_parks=parks)
    units = result.units
    # independent count: pand centroids inside the polygon, with shapely directly
    centroids = units.geometry.centroid
    expected = shapely.contains_xy(shape, centroids.x.to_numpy(), centroids.y.to_numpy())
    assert expected.sum() == 71
    assert (units["bedrijventerrein"].to_numpy(dtype=bool) == expected).all()
    groups = {r.group: r for r in result.results}
    assert groups["bedrijventerrein"].buildings == 71
    assert set(units.loc[expected, "group"]) == {"bedrijventerrein"}
    without = {r.group: r for r in segment(store, "GM0221", default_scheme(), "pand").results}
    assert without["bedrijventerrein"].buildings == 0
    assert sum(r.buildings for r in result.results) == sum(r.buildings for r in without.values())


def test_bad_park_files_and_roles_change_nothing(session, tmp_path):
    point = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
             "geometry": {"type": "Point", "coordinates": [6.14, 52.0]}}]}  # fmt: skip
    with pytest.raises(InputError, match="geen vlak"):
        repo.read_park_file(json.dumps(point).encode(), "punt.geojson")
    paris = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
             "geometry": {"type": "Polygon", "coordinates": [[[2.30, 48.85], [2.31, 48.85],
                                                              [2.31, 48.86], [2.30, 48.85]]]}}]}  # fmt: skip
    with pytest.raises(InputError, match="buiten Nederland"):
        repo.read_park_file(json.dumps(paris).encode(), "parijs.geojson")
    with pytest.raises(InputError):
        repo.read_park_file(b"{not json", "kapot.geojson")
    shape = repo.read_park_file(PARK.read_bytes(), PARK.name)
    with pytest.raises(PermissionDenied, match="redacteur"):
        repo.save_park("Doesburg-zuid", shape, user=VIEWER, session=session)
    with pytest.raises(InputError, match="naam"):
        repo.save_park("  ", shape, user=EDITOR, session=session)
    with pytest.raises(PermissionDenied):
        repo.save_scheme("Wijkraad", default_scheme(), user=VIEWER, session=session)
    assert repo.list_parks(session=session) == [] and repo.list_schemes(session=session) == []
    with pytest.raises(NotInStore, match="bedrijventerrein"):
        repo.load_parks(["Doesburg-zuid"], session=session)


# -- drawing on the map ------------------------------------------------------------------------
def test_drawn_corners_become_a_polygon_in_rd():
    to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)

    def corner(x, y):
        lon, lat = to_wgs84.transform(x, y)
        return lat, lon

    square = [corner(206_000, 446_000), corner(206_200, 446_000), corner(206_200, 446_100),
              corner(206_000, 446_100)]  # fmt: skip
    shape = parks.polygon_from_corners(square)
    assert shape.area == pytest.approx(200 * 100, rel=1e-4)
    assert shape.bounds == pytest.approx((206_000, 446_000, 206_200, 446_100), abs=0.05)
    with pytest.raises(InputError, match="minstens drie"):
        parks.polygon_from_corners(square[:2] + square[:1])
    bowtie = [square[0], square[2], square[1], square[3]]
    with pytest.raises(InputError, match="kruisen elkaar"):
        parks.polygon_from_corners(bowtie)
    tiny = [corner(206_000, 446_000), corner(206_005, 446_000), corner(206_005, 446_005)]
    with pytest.raises(InputError, match="m²"):
        parks.polygon_from_corners(tiny)
    line = parks.outline(square, "t", "#d62728")["coords"]
    assert line[0] == line[-1] and len(line) == 5


def test_a_click_on_a_pand_is_its_centroid():
    units = gpd.GeoDataFrame(
        {"unit": ["p1"]},
        geometry=[shapely.box(206_000, 446_000, 206_020, 446_010)],
        crs="EPSG:28992",
        index=pd.Index(["p1"], name="id"),
    )
    lat, lon = parks.click_corner({"type": "area", "code": "p1", "seq": 3}, units)
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True).transform(lon, lat)
    assert (x, y) == pytest.approx((206_010, 446_005), abs=0.01)
    assert parks.click_corner({"type": "point", "lat": 52.0, "lon": 6.1}, units) == (52.0, 6.1)
    assert parks.click_corner({"type": "marker", "id": "m"}, units) is None
    assert parks.click_corner(None, units) is None


# -- CLI ---------------------------------------------------------------------------------------
def test_cli_uses_saved_scheme_and_business_park(store, monkeypatch, capsys):
    import io

    from transitieatlas.cli import main
    from transitieatlas.segmentation import COLUMNS

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(store.root.parent))
    repo.save_park("Doesburg-zuid", repo.read_park_file(PARK.read_bytes()), "anna")
    data = default_scheme().to_dict()
    data["rules"] = [r for r in data["rules"] if r["group"] != "nieuwbouw"]
    repo.save_scheme("Zonder nieuwbouw", default_scheme(), "anna")
    repo.save_scheme("Zonder nieuwbouw", parse_scheme(data), "anna", "nieuwbouw eruit")
    args = ["segment", "GM0221", "--level", "pand", "--business-park", "Doesburg-zuid"]
    assert main([*args, "--saved-scheme", "Zonder nieuwbouw@1", "--natural-moments"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("group")
    assert table.columns.tolist() == [*COLUMNS[1:], "buyers_per_year", "new_build_buildings"]
    assert table.loc["bedrijventerrein", "buildings"] == 71
    assert table.loc["nieuwbouw", "buildings"] == table["new_build_buildings"].sum() == 168
    assert main([*args, "--saved-scheme", "Zonder nieuwbouw"]) == 0  # newest: version 2
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("group")
    assert "nieuwbouw" not in table.index and table.columns.tolist() == COLUMNS[1:]
    assert main([*args, "--saved-scheme", "Zonder nieuwbouw@x"]) == 1
    assert "geen versienummer" in capsys.readouterr().err
    assert main(["segment", "GM0221", "--business-park", "Nergens"]) == 1
    assert "geen opgeslagen bedrijventerrein 'Nergens'" in capsys.readouterr().err
