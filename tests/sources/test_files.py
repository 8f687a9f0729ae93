"""Geodata reading: TopoJSON decoding, CRS checks, repair and bad input, on real and tiny files."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from transitieatlas.errors import InputError
from transitieatlas.sources import files, topojson

FIXTURES = Path(__file__).parents[1] / "fixtures" / "files"
MIRROR = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TOPO = MIRROR / "cbs" / "boundaries" / "national_2014_2015_topojson"
FRL = MIRROR / "regional" / "friesland_warmtekaart"

needs_mirror = pytest.mark.skipif(not MIRROR.is_dir(), reason="../shared/data not present")


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))


# -- TopoJSON, hand-made -------------------------------------------------------------------
def _square_topology() -> dict:
    """A 4×4 square with a 2×2 hole, then a MultiPolygon reusing arc 0 reversed.

    Quantised with scale 0.5 and translate (10, 20), arcs delta-encoded:
    arc 0: (0,0) (8,0) (8,8) (0,8) (0,0) → absolute (10,20) (14,20) (14,24) (10,24) (10,20)
    arc 1: (2,2) (2,6) (6,6) (6,2) (2,2) → hole (11,21) (11,23) (13,23) (13,21) (11,21)
    """
    return {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [
            [[0, 0], [8, 0], [0, 8], [-8, 0], [0, -8]],
            [[2, 2], [0, 4], [4, 0], [0, -4], [-4, 0]],
        ],
        "objects": {
            "layer": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0], [1]], "id": "A", "properties": {"n": 1}},
                    {"type": "MultiPolygon", "arcs": [[[~0]]], "properties": {"n": 2}},
                    {"type": "Point", "coordinates": [4, 4], "properties": {"n": 3}},
                    {"type": None, "properties": {"n": 4}},
                ],
            }
        },
    }


def test_topojson_decodes_delta_encoding_transform_and_holes():
    frame = topojson.read_topology(_square_topology())
    assert list(frame["n"]) == [1, 2, 3, 4]
    square = frame.geometry.iloc[0]
    assert square.geom_type == "Polygon"
    assert list(square.exterior.coords) == [(10, 20), (14, 20), (14, 24), (10, 24), (10, 20)]
    assert list(square.interiors[0].coords) == [(11, 21), (11, 23), (13, 23), (13, 21), (11, 21)]
    assert square.area == pytest.approx(16 - 4)
    assert frame["id"].iloc[0] == "A"
    reversed_multi = frame.geometry.iloc[1]
    assert reversed_multi.geom_type == "MultiPolygon"
    assert list(reversed_multi.geoms[0].exterior.coords)[1] == (10, 24)  # walked backwards
    assert frame.geometry.iloc[2].equals(shapely.Point(12, 22))  # quantised, not delta-encoded
    assert frame.geometry.iloc[3] is None


def test_topojson_without_transform_keeps_absolute_coordinates():
    topology = {
        "type": "Topology",
        "arcs": [[[150_000, 450_000], [150_100, 450_000], [150_100, 450_100], [150_000, 450_000]]],
        "objects": {"x": {"type": "Polygon", "arcs": [[0]], "properties": {"code": "BU00010001"}}},
    }
    frame = topojson.read_topology(topology)
    assert frame["object"].tolist() == ["x"]
    assert frame.geometry.iloc[0].area == pytest.approx(5_000)


def test_topojson_rejects_other_json():
    with pytest.raises(ValueError):
        topojson.read_topology({"type": "FeatureCollection", "features": []})


@needs_mirror
def test_national_topojson_buurten_decode_to_valid_rd_polygons():
    frame = files.read_geodata(TOPO / "Buurt_2014_layer_q1e3.json")
    assert len(frame) == 11_691
    assert frame.crs.to_epsg() == 28992
    assert shapely.is_valid(np.asarray(frame.geometry.values)).all()
    assert set(frame.geom_type.dropna()) <= {"Polygon", "MultiPolygon"}
    # the 1000×1000 quantisation collapses the smallest buurten; they are counted, not hidden
    assert frame.attrs["empty_geometries"] == 1116
    assert any("zonder geometrie" in n for n in frame.attrs["notes"])
    leeuwarden = frame[frame["statcode"].str.startswith("BU0080")]
    assert len(leeuwarden) == 90
    minx, miny, maxx, maxy = leeuwarden.total_bounds
    assert 175_000 < minx < maxx < 196_000
    assert 560_000 < miny < maxy < 587_000
    # Leeuwarden (2014, before the 2018 merger) measured 16 684 ha incl. water
    assert 16_000 < leeuwarden.area.sum() / 10_000 < 17_500


@needs_mirror
def test_wrong_crs_declaration_is_detected_from_coordinates():
    frame = files.read_geodata(FRL / "buurt_potentie_extraqt.geojson.gz")
    assert frame.crs.to_epsg() == 28992
    assert frame.attrs["crs_override"] is True
    assert any("RD New" in n for n in frame.attrs["notes"])
    assert len(frame) == 949
    assert frame.attrs["empty_geometries"] == 42
    np.testing.assert_allclose(frame.total_bounds, [118_774, 534_941, 224_891, 615_134])
    leeuwarden = frame[frame["buurtcode"].str.startswith("BU0080")]
    assert len(leeuwarden) == 134
    assert 25_000 < leeuwarden.area.sum() / 10_000 < 26_000  # 25 506 ha measured


@needs_mirror
def test_gzipped_wgs84_geojson_is_reprojected_and_repaired():
    frame = files.read_geodata(FRL / "koopwoningen_frl.geojson.gz")
    assert frame.crs.to_epsg() == 28992
    assert frame.attrs["crs_override"] is False
    minx, miny, maxx, maxy = frame.total_bounds
    assert minx > 118_000 and maxx < 226_000 and miny > 534_000 and maxy < 616_000
    assert shapely.is_valid(np.asarray(frame.geometry.values)).all()
    assert any("hersteld" in n for n in frame.attrs["notes"])


def test_geopackage_all_layers_and_geoparquet(tmp_path):
    squares = gpd.GeoDataFrame(
        {"code": ["BU00010001", "BU00010002"]},
        geometry=[shapely.box(5.0, 52.0, 5.01, 52.01), shapely.box(5.01, 52.0, 5.02, 52.01)],
        crs="EPSG:4326",
    )
    squares.to_file(tmp_path / "two.gpkg", layer="a")
    squares.to_crs(28992).to_file(tmp_path / "two.gpkg", layer="b")
    both = files.read_geodata(tmp_path / "two.gpkg")
    assert sorted(both["layer"].unique()) == ["a", "b"]
    assert both.crs.to_epsg() == 28992
    np.testing.assert_allclose(
        both.area[both.layer == "a"], both.area[both.layer == "b"], rtol=1e-6
    )
    one = files.read_geodata(tmp_path / "two.gpkg", layer="b")
    assert len(one) == 2
    for name in ("two.fgb", "two.shp"):
        squares.to_file(tmp_path / name)
        other = files.read_geodata(tmp_path / name)
        assert other.crs.to_epsg() == 28992 and len(other) == 2
        assert other.area.sum() == pytest.approx(both.area[both.layer == "a"].sum(), rel=1e-6)
    squares.to_parquet(tmp_path / "two.parquet")
    parquet = files.read_geodata(tmp_path / "two.parquet")
    assert parquet.crs.to_epsg() == 28992
    # 0.01° × 0.01° at 52° N is about 686 m × 1 112 m ≈ 76 ha
    assert 70 < parquet.area.iloc[0] / 10_000 < 80


def test_gzip_geojson_by_python_and_topojson_by_content(tmp_path):
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "GM0001"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[150000, 450000], [151000, 450000], [151000, 451000], [150000, 450000]]
                    ],
                },
            }
        ],
    }
    path = tmp_path / "rd.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    frame = files.read_geodata(path)
    assert frame.attrs["crs_override"] is True  # GeoJSON without crs = CRS84, but RD values
    assert frame.area.iloc[0] == pytest.approx(500_000)
    topology = _square_topology()
    topology["transform"] = {"scale": [100, 100], "translate": [150_000, 450_000]}
    topo = tmp_path / "squares.topojson"
    topo.write_text(json.dumps(topology))
    squares = files.read_geodata(topo)  # TopoJSON recognised by content, RD values detected
    assert squares.crs.to_epsg() == 28992 and squares.attrs["crs_override"] is True
    assert squares.geometry.iloc[0].area == pytest.approx((800 * 800) - (400 * 400))


def test_invalid_polygon_is_repaired_to_polygonal_parts():
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])
    frame = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[bowtie, shapely.Polygon()], crs=28992)
    fixed = files.normalise_geodata(frame, "test")
    geom = fixed.geometry.iloc[0]
    assert geom.is_valid and geom.geom_type == "MultiPolygon"
    assert geom.area == pytest.approx(50)
    assert fixed.attrs["empty_geometries"] == 1
    assert "1 ongeldige geometrieën hersteld" in fixed.attrs["notes"]


# -- bad input ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.geojson", "afgebroken"),
        ("not_geodata.geojson", "geen geodata"),
        ("notes.xyz", "onbekend bestandstype"),
    ],
)
def test_bad_files_raise_input_error_naming_the_file(name, message, tmp_path):
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    with pytest.raises(InputError) as info:
        files.read_geodata(path)
    assert name in str(info.value)
    assert message in str(info.value)


@needs_mirror
def test_real_truncated_geojson(tmp_path):
    raw = (MIRROR / "cbs" / "boundaries" / "wijken_2024" / "Wijken2024.geojson").read_bytes()
    path = tmp_path / "Wijken2024_afgebroken.geojson"
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(
        InputError, match="Wijken2024_afgebroken.geojson: het bestand is afgebroken"
    ):
        files.read_geodata(path)


def test_coordinates_that_fit_no_crs_are_refused(tmp_path):
    frame = gpd.GeoDataFrame(geometry=[shapely.box(900_000, 900_000, 900_100, 900_100)], crs=4326)
    with pytest.raises(InputError, match="passen niet"):
        files.normalise_geodata(frame, "ver_weg.geojson")


def test_missing_file():
    with pytest.raises(InputError, match="niet gevonden"):
        files.read_geodata(FIXTURES / "bestaat_niet.gpkg")


def test_text_file_named_gpkg_is_not_geodata(tmp_path):
    path = tmp_path / "buurten.gpkg"
    shutil.copy(FIXTURES / "not_geodata.geojson", path)
    with pytest.raises(InputError, match="buurten.gpkg: dit is geen geodata-bestand"):
        files.read_geodata(path)
