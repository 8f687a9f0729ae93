"""Geometry and style payloads of the area map, on real buurten and small hand-made cases."""

from __future__ import annotations

import itertools
import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer

from transitieatlas.errors import InputError
from transitieatlas.maps import component, payload

RD = 28992
FRYSLAN = "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz"
ZWOLLE = "regional/zwolle_energy_transition/energy_buurt_mapped/energy_buurt_2023_mapped.geojson"


@pytest.fixture(scope="module")
def leeuwarden(shared_data) -> gpd.GeoDataFrame:
    """Leeuwarden's 134 buurten (RD coordinates in a file that declares CRS84)."""
    gdf = gpd.read_file(f"/vsigzip/{shared_data / FRYSLAN}").set_crs(RD, allow_override=True)
    gdf = gdf.rename(columns={"buurtcode": "code", "buurtnaam": "name"})
    gdf = gdf[gdf["code"].str.startswith("BU0080") & ~gdf.geometry.is_empty]
    return gdf[["code", "name", "geometry"]].reset_index(drop=True)


@pytest.fixture(scope="module")
def leeuwarden_payload(leeuwarden) -> dict:
    return payload.geometry_payload(leeuwarden)


def squares() -> gpd.GeoDataFrame:
    """Two 100 m squares sharing a border near Leeuwarden, plus one empty geometry."""
    a = shapely.box(182_000, 579_000, 182_100, 579_100)
    b = shapely.box(182_100, 579_000, 182_200, 579_100)
    return gpd.GeoDataFrame(
        {"code": ["BU1", "BU2", "BU3"]}, geometry=[a, b, shapely.Polygon()], crs=RD
    )


def test_hash_is_stable_and_follows_content(leeuwarden, leeuwarden_payload):
    again = payload.geometry_payload(leeuwarden.copy())
    assert again["hash"] == leeuwarden_payload["hash"]
    assert json.dumps(again, sort_keys=True) == json.dumps(leeuwarden_payload, sort_keys=True)
    moved = leeuwarden.copy()
    moved.loc[0, "geometry"] = shapely.affinity.translate(moved.geometry.iloc[0], 1.0, 0.0)
    assert payload.geometry_hash(moved) != leeuwarden_payload["hash"]
    assert payload.geometry_hash(leeuwarden.iloc[:-1]) != leeuwarden_payload["hash"]
    assert len(leeuwarden_payload["hash"]) == 16


def test_same_features_in_same_order_none_empty(leeuwarden, leeuwarden_payload):
    assert leeuwarden_payload["codes"] == leeuwarden["code"].tolist()
    assert len(leeuwarden_payload["codes"]) == 134
    for level in range(len(leeuwarden_payload["levels"])):
        features = payload.decode_level(leeuwarden_payload, level)
        assert len(features) == 134
        assert all(parts and all(len(r) >= 3 for p in parts for r in p) for parts in features)


def test_levels_get_finer_and_deeper(leeuwarden_payload):
    levels = leeuwarden_payload["levels"]
    assert len(levels) >= 2
    tolerances = [lv["tolerance_m"] for lv in levels]
    assert tolerances == sorted(tolerances, reverse=True)
    assert tolerances[-1] >= payload.MIN_TOLERANCE_M
    zooms = [lv["max_zoom"] for lv in levels]
    assert zooms == sorted(zooms)
    vertices = [lv["n_vertices"] for lv in levels]
    assert vertices == sorted(vertices) and vertices[0] < vertices[-1]


def test_quantised_round_trip_within_tolerance(leeuwarden, leeuwarden_payload):
    """Decoded coarsest level stays within tolerance + quantisation of the true outline."""
    level = leeuwarden_payload["levels"][0]
    to_rd = Transformer.from_crs(4326, RD, always_xy=True)
    for code, parts in zip(
        leeuwarden_payload["codes"], payload.decode_level(leeuwarden_payload, 0), strict=True
    ):
        original = leeuwarden.set_index("code").geometry.loc[code].boundary
        xy = np.array([pt for part in parts for ring in part for pt in ring])
        x, y = to_rd.transform(xy[:, 0], xy[:, 1])
        distances = shapely.distance(original, shapely.points(np.column_stack([x, y])))
        assert distances.max() <= level["tolerance_m"] + 1.5, code


def test_hand_made_squares_encode_exactly():
    result = payload.geometry_payload(squares(), tolerance_m=1.0)
    assert result["codes"] == ["BU1", "BU2"]
    assert result["skipped"] == ["BU3"]
    level = result["levels"][0]
    assert level["feature_parts"] == [1, 1]
    assert level["part_rings"] == [1, 1]
    assert level["ring_lengths"] == [4, 4]  # closing vertex dropped
    decoded = payload.decode_level(result, 0)
    to_wgs = Transformer.from_crs(RD, 4326, always_xy=True)
    lon, lat = to_wgs.transform(182_100, 579_000)
    corner = [round(lon, 5), round(lat, 5)]
    ring_a = [[round(c, 5) for c in pt] for pt in decoded[0][0][0]]
    ring_b = [[round(c, 5) for c in pt] for pt in decoded[1][0][0]]
    assert corner in ring_a and corner in ring_b
    # Integer deltas: the sum of all coordinates is the last vertex, quantised.
    coords = np.asarray(level["coords"]).reshape(-1, 2)
    assert coords.dtype.kind == "i"


def test_shared_borders_stay_identical_between_neighbours(leeuwarden, leeuwarden_payload):
    """Neighbours' decoded outlines still share (≥ 90 % of) each border longer than 100 m.

    Identical shared vertices are what makes the decoded borders overlap exactly; simplifying
    each polygon on its own leaves almost no common border (see the control test below).
    """
    original = np.asarray(leeuwarden.geometry.values, dtype=object)
    tree = shapely.STRtree(original)
    pairs = []
    for i, j in zip(*tree.query(original, predicate="intersects"), strict=True):
        if i < j:
            border = shapely.length(
                shapely.intersection(shapely.boundary(original[i]), shapely.boundary(original[j]))
            )
            if border > 100:
                pairs.append((i, j, border))
    assert len(pairs) > 250
    decoded = payload.decode_level(leeuwarden_payload, 0)
    outlines = gpd.GeoSeries(
        [
            shapely.MultiPolygon([shapely.Polygon(p[0], p[1:]) for p in parts]).boundary
            for parts in decoded
        ],
        crs=4326,
    ).to_crs(RD)
    outlines = np.asarray(outlines.values, dtype=object)
    for i, j, border in pairs:
        kept = shapely.length(shapely.intersection(outlines[i], outlines[j]))
        assert kept >= 0.9 * border, (
            leeuwarden_payload["codes"][i],
            leeuwarden_payload["codes"][j],
        )


def test_plain_simplification_would_break_shared_borders(leeuwarden):
    """Control for the test above: per-polygon simplification does not keep borders shared."""
    geoms = np.asarray(leeuwarden.geometry.values, dtype=object)
    plain = shapely.simplify(geoms, 25.0, preserve_topology=True)
    overlaps = [
        shapely.area(shapely.intersection(plain[i], plain[j]))
        for i, j in itertools.combinations(range(40), 2)
        if shapely.touches(geoms[i], geoms[j])
    ]
    coverage = payload.simplify_level(geoms, 25.0)
    covered = [
        shapely.area(shapely.intersection(coverage[i], coverage[j]))
        for i, j in itertools.combinations(range(40), 2)
        if shapely.touches(geoms[i], geoms[j])
    ]
    assert max(overlaps) > 10.0  # m²: plain simplification makes neighbours overlap
    assert max(covered) < max(overlaps) / 10


def test_zwolle_and_crs_handling(shared_data):
    zwolle = gpd.read_file(shared_data / ZWOLLE)
    zwolle["code"] = "GM0193-" + zwolle["BRTNR"].astype(str)
    result = payload.geometry_payload(zwolle)
    assert len(result["codes"]) == 78
    (south, west), (north, east) = result["bounds"]
    assert 52.4 < south < north < 52.6 and 5.9 < west < east < 6.3
    as_wgs = payload.geometry_payload(zwolle.to_crs(4326))
    assert as_wgs["codes"] == result["codes"]
    assert abs(as_wgs["levels"][0]["n_vertices"] - result["levels"][0]["n_vertices"]) < 40


def test_style_payload_aligns_palette_tooltips_and_selection():
    style = payload.style_payload(
        ["BU1", "BU2", "BU3", "BU4"],
        colours={"BU1": "#ff0000", "BU2": "#00ff00", "BU3": "#ff0000"},
        tooltips={"BU1": "Oud <b>centrum</b>", "BU2": "Noord"},
        legend=[("#ff0000", "hoog"), ("#00ff00", "laag")],
        selected=["BU3", "BU9"],
        legend_title="Warmtevraag (GJ/ha)",
    )
    assert style["palette"] == [payload.MISSING_COLOUR, "#ff0000", "#00ff00"]
    assert style["fill"] == [1, 2, 1, 0]
    assert style["tooltips"] == ["Oud <b>centrum</b>", "Noord", "BU3", "BU4"]
    assert style["legend"] == [["#ff0000", "hoog"], ["#00ff00", "laag"]]
    assert style["selected"] == [2]
    assert style["legend_title"] == "Warmtevraag (GJ/ha)"


def test_prepare_geometry_writes_files_once_and_reuses_them(tmp_path, leeuwarden):
    ref = component.prepare_geometry(leeuwarden, tmp_path)
    assert component.wait_for_levels(ref, 60)
    main = json.loads(ref.file.read_text())
    assert main["hash"] == ref.hash and list(ref.codes) == leeuwarden["code"].tolist()
    assert "coords" in main["levels"][0]
    for level in main["levels"][1:]:
        finer = json.loads((tmp_path / level["file"]).read_text())
        assert len(finer["feature_parts"]) == 134 and finer["n_vertices"] > 0
    full = payload.geometry_payload(leeuwarden)
    assert main["hash"] == full["hash"]
    assert main["levels"][0] == full["levels"][0]
    stamp = ref.file.stat().st_mtime_ns
    again = component.prepare_geometry(leeuwarden, tmp_path)
    assert again == ref and ref.file.stat().st_mtime_ns == stamp


def test_markers_and_lines_are_cleaned():
    markers = component.clean_markers(
        [
            {"id": 7, "lat": "53.2", "lon": 5.8, "label": "<i>Dorpshuis</i>", "popup": "x"},
            {"id": 8, "lat": float("nan"), "lon": 5.8},
            {"id": 9, "lat": None, "lon": 5.8},
        ]
    )
    assert markers == [
        {
            "id": "7",
            "lat": 53.2,
            "lon": 5.8,
            "colour": None,
            "label": "<i>Dorpshuis</i>",
            "popup": "x",
        }
    ]
    lines = component.clean_lines([{"coords": [[53.2, 5.8], [53.21, 5.81]]}, {"coords": [[1, 2]]}])
    assert len(lines) == 1 and lines[0]["coords"][1] == [53.21, 5.81]


def test_nothing_to_draw_is_a_dutch_input_error():
    only_empty = squares().iloc[[2]]
    with pytest.raises(InputError, match="geen gebieden"):
        payload.geometry_payload(only_empty)


def test_separate_shapes_are_one_quantised_level_without_simplification(tmp_path):
    """Panden (coverage=False): one level, every vertex kept up to the 1e-5 degree grid."""
    rings = [
        [(182_000, 579_000), (182_000.4, 579_020), (182_000, 579_040), (182_030, 579_040),
         (182_030, 579_000)],
        [(182_020, 579_010), (182_050, 579_010), (182_050, 579_030), (182_020, 579_030)],
    ]  # fmt: skip
    shapes = gpd.GeoDataFrame(
        {"code": ["a", "b"]}, geometry=[shapely.Polygon(r) for r in rings], crs=RD
    )  # they overlap: not a coverage
    result = payload.geometry_payload(shapes, coverage=False)
    assert len(result["levels"]) == 1 and result["coverage"] is False
    to_wgs = Transformer.from_crs(RD, 4326, always_xy=True)
    decoded = payload.decode_level(result)
    for ring, feature in zip(rings, decoded, strict=True):
        got = np.asarray(feature[0][0])
        assert len(got) == len(ring)  # the 0.4 m kink survives (a 1 m simplification drops it)
        want = np.column_stack(to_wgs.transform(*np.asarray(ring).T))
        assert np.abs(got - want).max() <= 0.5 / payload.SCALE + 1e-12
    assert payload.geometry_hash(shapes, coverage=False) != payload.geometry_hash(shapes)
    assert result["hash"] == payload.geometry_hash(shapes, coverage=False)
    ref = component.prepare_geometry(shapes, tmp_path, coverage=False)
    assert ref.hash == result["hash"] and sorted(p.name for p in tmp_path.glob("*.json")) == [
        f"{ref.hash}.json"
    ]
    assert json.loads(ref.file.read_text())["levels"] == result["levels"]


def test_style_payload_equals_a_lookup_per_code():
    rng = np.random.default_rng(7)
    codes = [f"c{i}" for i in range(500)]
    colours = {c: rng.choice(["#111111", "#222222", None, ""]) for c in codes[::2]}
    colours["not-drawn"] = "#999999"
    tooltips = {c: f"tip <b>{c}</b>" for c in codes[::3]}
    style = payload.style_payload(codes, colours, tooltips, selected=["c3", "zz"])
    palette, fill = style["palette"], style["fill"]
    assert palette[0] == payload.MISSING_COLOUR and "#999999" not in palette
    assert [palette[f] for f in fill] == [colours.get(c) or payload.MISSING_COLOUR for c in codes]
    assert style["tooltips"] == [tooltips.get(c, c) for c in codes]
    assert palette == [payload.MISSING_COLOUR] + list(
        dict.fromkeys(colours[c] for c in codes if colours.get(c))
    )
    assert style["selected"] == [3]


def test_multipolygons_with_holes_keep_their_parts_and_rings():
    """Mixed polygons and multipolygons (one vectorised pass): parts, rings and vertices."""
    outer = [(182_000, 579_000), (182_100, 579_000), (182_100, 579_100), (182_000, 579_100)]
    hole = [(182_020, 579_020), (182_040, 579_020), (182_040, 579_040)]
    with_hole = shapely.Polygon(outer, holes=[hole])
    far = shapely.box(183_000, 579_000, 183_050, 579_050)
    shapes = gpd.GeoDataFrame(
        {"code": ["multi", "plain"]},
        geometry=[
            shapely.MultiPolygon([with_hole, far]),
            shapely.box(184_000, 579_000, 184_010, 579_010),
        ],
        crs=RD,
    )
    full = payload.geometry_payload(shapes, coverage=False)
    level = full["levels"][0]
    assert level["feature_parts"] == [2, 1]
    assert level["part_rings"] == [2, 1, 1]
    assert level["ring_lengths"] == [4, 3, 4, 4]  # closing vertices dropped
    decoded = payload.decode_level(full, 0)
    to_wgs = Transformer.from_crs(RD, 4326, always_xy=True)
    want = np.column_stack(to_wgs.transform(*np.asarray(hole).T))
    assert np.abs(np.asarray(decoded[0][0][1]) - want).max() <= 0.5 / payload.SCALE + 1e-12


def test_a_geometry_key_replaces_hashing_the_geometry(tmp_path):
    """With a key (store version + area + level on the page) the geometry is not hashed: same
    key and codes, same hash; another key or other codes, another hash; same payload."""
    shapes = squares().iloc[:2]
    moved = shapes.copy()
    moved["geometry"] = shapes.geometry.translate(5, 0)
    keyed = payload.geometry_hash(shapes, coverage=False, key="v1|GM0221|pand")
    assert payload.geometry_hash(moved, coverage=False, key="v1|GM0221|pand") == keyed
    assert payload.geometry_hash(shapes, coverage=False, key="v2|GM0221|pand") != keyed
    assert payload.geometry_hash(shapes.iloc[:1], coverage=False, key="v1|GM0221|pand") != keyed
    assert keyed != payload.geometry_hash(shapes, coverage=False)
    ref = component.prepare_geometry(shapes, tmp_path, coverage=False, key="v1|GM0221|pand")
    assert ref.hash == keyed
    written = json.loads(ref.file.read_text())
    assert written["levels"] == payload.geometry_payload(shapes, coverage=False)["levels"]


DOESBURG_PANDEN = "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg"


def _metres(lonlat_error: np.ndarray, lat: float) -> np.ndarray:
    """Degrees (lon, lat) → metres east and north at latitude ``lat``."""
    return lonlat_error * [111_320 * np.cos(np.radians(lat)), 110_570]


def test_many_vertices_are_interpolated_within_millimetres(shared_data, leeuwarden):
    """The grid route of ``_transform_xy`` against PROJ itself, vertex by vertex: all of
    Doesburg's panden (about 58 000 vertices in 3 km) and Leeuwarden's buurten (spread over
    25 km, so the grid would not pay: exact route, identical)."""
    exact = Transformer.from_crs(RD, 4326, always_xy=True)
    panden = gpd.read_file(shared_data / DOESBURG_PANDEN)
    xy = shapely.get_coordinates(panden.geometry.to_numpy())
    span = xy.max(axis=0) - xy.min(axis=0)
    nodes = (np.ceil(span / payload.GRID_STEP_M) + 2).prod()
    assert nodes * 8 <= len(xy)  # the grid route is the one under test
    want = np.column_stack(exact.transform(xy[:, 0], xy[:, 1]))
    got = payload._transform_xy(xy)
    error_m = np.abs(_metres(got - want, 52.0))
    assert error_m.max() < 0.005  # 1.6 mm measured; the quantisation step is about 1 m
    assert not np.array_equal(got, want)  # interpolated, not the same call
    buurt_xy = shapely.get_coordinates(leeuwarden.geometry.to_numpy())
    want = np.column_stack(exact.transform(buurt_xy[:, 0], buurt_xy[:, 1]))
    np.testing.assert_array_equal(payload._transform_xy(buurt_xy), want)


def test_separate_shapes_skip_the_validity_repair_but_keep_polygons_only():
    """Panden are drawn as they are: a self-crossing footprint stays itself (a coverage would
    be repaired), a collection keeps only its polygon, a line is skipped as empty."""
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    square = shapely.box(20, 0, 30, 10)
    mixed = shapely.GeometryCollection([square, shapely.LineString([(0, 0), (5, 5)])])
    line = shapely.LineString([(0, 0), (1, 1)])
    shapes = gpd.GeoDataFrame({"code": ["a", "b", "c"]}, geometry=[bowtie, mixed, line], crs=RD)
    codes, geoms, skipped = payload.clean_areas(shapes, repair=False)
    assert codes == ["a", "b"] and skipped == ["c"]
    assert geoms[0].equals_exact(bowtie, 0) and geoms[1].equals(square)
    repaired_codes, repaired, _ = payload.clean_areas(shapes)
    assert repaired_codes == ["a", "b"]
    assert shapely.get_num_geometries(repaired[0]) == 2  # make_valid split the bowtie


def test_tip_table_sends_distinct_texts_once_and_fills_the_template_like_the_texts():
    """Three panden, two construction years: the payload carries each year once plus an
    index per pand; filling the template (as the browser does) gives ``texts()``; a code the
    table does not know shows the code alone."""
    table = payload.TipTable(
        ["p1", "p2", "p3"],
        "pand {code}: {groep}; bouwjaar {bouwjaar}",
        {"groep": ["Rijwoning", "Rijwoning", "<b>Flat</b>"], "bouwjaar": ["1930", "1930", "1975"]},
        static=frozenset({"bouwjaar"}),
    )
    codes = ["p3", "p1", "zz", "p2"]  # the geometry payload's order, with one unknown code
    tip = payload.tip_payload(table, codes)
    assert tip["columns"]["bouwjaar"] == {"values": ["1975", "1930"], "index": [0, 1, -1, 1]}
    assert tip["columns"]["groep"]["values"] == ["<b>Flat</b>", "Rijwoning"]
    texts = table.texts()
    assert texts["p3"] == "pand p3: <b>Flat</b>; bouwjaar 1975"
    assert [payload.tip_text(tip, codes, f) for f in range(4)] == [
        texts["p3"], texts["p1"], "zz", texts["p2"]
    ]  # fmt: skip
    style = payload.style_payload(codes, {"p1": "#ff0000"}, table)
    assert style["tooltips"] is None and style["tip"] == tip
    with pytest.raises(ValueError, match="unknown columns"):
        payload.TipTable(["a"], "{code} {nope}", {"groep": ["x"]})
    with pytest.raises(ValueError, match="aligned"):
        payload.TipTable(["a", "b"], "{groep}", {"groep": ["x"]})


def test_static_tip_columns_are_written_once_beside_the_geometry(tmp_path):
    """A static column becomes a file named after the geometry hash, written once; the other
    columns stay in the style."""
    shapes = squares().iloc[:2]
    ref = component.prepare_geometry(shapes, tmp_path, key="vierkanten|1")
    table = payload.TipTable(
        ["BU1", "BU2"], "{code}: {groep}, {jaar}", {"groep": ["a", "b"], "jaar": ["1900", "2000"]},
        static=frozenset({"jaar"}),
    )  # fmt: skip
    args = component.render_args(
        shapes, None, table, directory=tmp_path, route="route", geometry_key="vierkanten|1"
    )
    file = tmp_path / f"{ref.hash}.tip-jaar.json"
    sent = args["style"]["tip"]["columns"]
    assert sent["jaar"] == {"url": f"../route/{file.name}"}
    assert sent["groep"] == payload.tip_payload(table, ref.codes)["columns"]["groep"]
    assert json.loads(file.read_text()) == {"values": ["1900", "2000"], "index": [0, 1]}
    before = file.stat().st_mtime_ns
    component.static_tip_files(table, ref, "route")
    assert file.stat().st_mtime_ns == before
    # without a geometry key every column stays in the style
    inline = component.render_args(shapes, None, table, directory=tmp_path, route="route")
    assert inline["style"]["tip"]["columns"]["jaar"]["values"] == ["1900", "2000"]


def test_plain_polygons_take_the_fast_structure_identical_to_the_ragged_array(shared_data):
    """Doesburg's panden (a few with holes), a square with two holes and an empty polygon:
    the structure without ring objects equals the one from ``shapely.to_ragged_array``."""
    panden = gpd.read_file(shared_data / DOESBURG_PANDEN).geometry.to_numpy()
    two_holes = shapely.Polygon(
        [(0, 0), (30, 0), (30, 10), (0, 10)],
        [[(2, 2), (4, 2), (4, 4)], [(10, 2), (12, 2), (12, 4), (10, 4)]],
    )
    geoms = np.asarray([*panden, two_holes, shapely.Polygon(), panden[0]], dtype=object)
    assert (shapely.get_num_interior_rings(panden) > 0).sum() > 0
    fast = payload._polygon_structure(geoms)
    _, coords, (ring_offsets, part_offsets) = shapely.to_ragged_array(geoms)
    reference = (
        coords,
        np.arange(len(geoms)),
        np.repeat(np.arange(len(part_offsets) - 1), np.diff(part_offsets)),
        np.repeat(np.arange(len(ring_offsets) - 1), np.diff(ring_offsets)),
    )
    for got, want in zip(fast, reference, strict=True):
        np.testing.assert_array_equal(got, want)
    assert np.bincount(fast[3])[-4:-1].tolist() == [5, 4, 5]  # the two-holed square: closed rings
