"""Compact map payloads for the offline area-map component (pure: no Streamlit, no files).

Geometry and styling are sent separately, so that switching an indicator or a class scheme
re-sends only colours and tooltips, never the polygons:

- :func:`geometry_payload` simplifies a set of areas (a polygon coverage in RD New, EPSG:28992)
  per zoom level with a topology-preserving coverage simplification (``shapely.coverage_simplify``:
  a border shared by two buurten is simplified once, so both keep identical vertices), transforms
  to WGS84 and quantises the coordinates to integer steps of 1e-5 degree (about 1.1 m north-south,
  0.7 m east-west at 53° N), delta-encoded. The result carries a content ``hash``.
  Separate shapes that are not a coverage (building footprints, which may overlap;
  ``coverage=False``) are not simplified: one level, only quantised (the 1e-5 degree grid drops
  vertices closer than about a metre). Footprints are small, so simplifying saves few vertices
  (Doesburg: 45 798 quantised vertices, 37 485 at 1 m, 27 564 at 4.3 m) and costs most of the
  time (``shapely.simplify`` on 51 765 footprints: about 0.6 s).
- :func:`style_payload` holds per-area fill colours (as indices into a small palette), tooltip
  texts (or a :class:`TipTable`: a template over factorised columns), the legend and the
  selection, aligned with the geometry payload's ``codes``.

Encoding of one level (all arrays are plain JSON integer lists)::

    feature_parts[f]   number of polygon parts of feature f
    part_rings[p]      number of rings of part p (exterior first, then holes)
    ring_lengths[r]    number of vertices of ring r (closing vertex omitted)
    coords             x0, y0, x1, y1, ... : quantised lon/lat, each the difference with the
                       previous vertex of the whole level (the first relative to 0)

A vertex is ``(origin[0] + X / scale, origin[1] + Y / scale)`` with X, Y the running sums.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from transitieatlas.errors import InputError
from transitieatlas.tooltips import FIELD, TipTable

__all__ = ["TipTable"]  # re-exported: the map component's callers name it from here

RD_EPSG = 28992
SCALE = 100_000
"""Quantisation steps per degree (1e-5 degree ≈ 1.1 m north-south)."""

VIEWPORT_PX = (800, 520)
"""Assumed map size in pixels (width, height) for choosing the coarsest level."""

MIN_TOLERANCE_M = 1.0
"""No level finer than this (m): below the quantisation step it would not change the shapes."""

MAX_LEVELS = 4
PAYLOAD_VERSION = 1
MISSING_COLOUR = "#d9d9d9"
"""Fill for areas without a colour (missing value): light grey, never the lowest class."""

_TO_WGS84 = Transformer.from_crs(RD_EPSG, 4326, always_xy=True)
_EQUATOR_M_PER_PX_Z0 = 156_543.033_928
"""Web Mercator metres per pixel at zoom 0 on the equator (256 px tiles)."""


def clean_areas(areas: Any, repair: bool = True) -> tuple[list[str], np.ndarray, list[str]]:
    """Codes and polygonal RD geometries of the drawable areas, plus the codes skipped as empty.

    ``areas`` is a GeoDataFrame with a ``code`` column (the canonical areas frame). A missing
    CRS is taken as RD New; other CRSs are transformed to RD New. Invalid polygons are repaired
    (``make_valid``, keeping only their polygonal parts). ``repair=False`` (separate shapes that
    are drawn as they are, not simplified as a coverage) skips the validity test, which costs
    0.13 s for 51 765 panden: only non-polygonal geometries are reduced to their polygons.
    """
    gdf = areas
    if gdf.crs is None:
        gdf = gdf.set_crs(RD_EPSG)
    elif gdf.crs.to_epsg() != RD_EPSG:
        gdf = gdf.to_crs(RD_EPSG)
    codes = [str(c) for c in gdf["code"].tolist()]
    geoms = np.asarray(gdf.geometry.values, dtype=object).copy()
    missing = shapely.is_missing(geoms)
    geoms[missing] = shapely.Polygon()
    fix = ~np.isin(shapely.get_type_id(geoms), [3, 6])
    if repair:
        fix |= ~shapely.is_valid(geoms)
    for i in np.flatnonzero(fix):
        geoms[i] = _polygonal(geoms[i])
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    kept = [c for c, e in zip(codes, empty, strict=True) if not e]
    skipped = [c for c, e in zip(codes, empty, strict=True) if e]
    return kept, geoms[~empty], skipped


def _polygonal(geom: Any) -> Any:
    """The polygonal part of a geometry, repaired when invalid; empty polygon when none."""
    if geom is None or shapely.is_empty(geom):
        return shapely.Polygon()
    if not shapely.is_valid(geom):
        try:
            geom = shapely.make_valid(geom)
        except shapely.errors.GEOSException:
            geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    if shapely.get_type_id(geom) in (3, 6):  # Polygon, MultiPolygon
        return geom
    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def level_tolerances(
    geoms: np.ndarray, viewport_px: tuple[int, int] = VIEWPORT_PX, coverage: bool = True
) -> list[float]:
    """Simplification tolerances (m), coarsest first, one per zoom level band.

    The coarsest keeps every vertex within half a pixel when the whole set fills the viewport;
    each next level is two zoom steps deeper (tolerance / 4), down to :data:`MIN_TOLERANCE_M`.
    Separate shapes (``coverage`` false) get one level, :data:`MIN_TOLERANCE_M` (quantised only).
    """
    if not coverage:
        return [MIN_TOLERANCE_M]
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    m_per_px = max((xmax - xmin) / viewport_px[0], (ymax - ymin) / viewport_px[1], 1e-9)
    tolerances: list[float] = []
    tol = 0.5 * m_per_px
    while len(tolerances) < MAX_LEVELS:
        tolerances.append(round(float(max(tol, MIN_TOLERANCE_M)), 2))
        if tol <= 2 * MIN_TOLERANCE_M:
            break
        tol /= 4
    return tolerances


def max_zoom_for(tolerance_m: float, lat: float) -> float:
    """Deepest Leaflet zoom at which a level simplified with ``tolerance_m`` looks identical.

    That is where one pixel still spans at least twice the tolerance (metres per pixel in Web
    Mercator at latitude ``lat``).
    """
    m_per_px_z0 = _EQUATOR_M_PER_PX_Z0 * math.cos(math.radians(lat))
    return round(math.log2(m_per_px_z0 / (2 * tolerance_m)), 2)


def simplify_level(geoms: np.ndarray, tolerance_m: float, coverage: bool = True) -> np.ndarray:
    """Topology-preserving simplification of the coverage (shared borders stay shared); separate
    shapes (``coverage`` false, e.g. panden) are returned as they are (see the module docstring).

    An area that would vanish keeps its unsimplified shape, so the feature count never changes.
    """
    if not coverage:
        return geoms
    simplified = shapely.coverage_simplify(geoms, tolerance_m, simplify_boundary=True)
    vanished = shapely.is_empty(simplified) | (shapely.area(simplified) <= 0)
    if vanished.any():
        simplified = simplified.copy()
        simplified[vanished] = geoms[vanished]
    return simplified


def encode_level(geoms_rd: np.ndarray, origin: tuple[float, float]) -> dict[str, Any]:
    """Transform RD polygons to WGS84, quantise and delta-encode them (see module docstring)."""
    coords, part_feature, ring_part, coord_ring = _structure(geoms_rd)
    lonlat = _transform_xy(coords) if len(coords) else coords
    quantised = np.rint((lonlat - np.asarray(origin)) * SCALE).astype(np.int64)
    keep = _keep_vertices(quantised, coord_ring)
    quantised, coord_ring = quantised[keep], coord_ring[keep]
    # Difference per axis with the previous vertex; the first pair is absolute.
    deltas = np.empty_like(quantised)
    if len(quantised):
        deltas[0] = quantised[0]
        deltas[1:] = np.diff(quantised, axis=0)
    return {
        "feature_parts": np.bincount(part_feature, minlength=len(geoms_rd)).tolist(),
        "part_rings": np.bincount(ring_part, minlength=len(part_feature)).tolist(),
        "ring_lengths": np.bincount(coord_ring, minlength=len(ring_part)).tolist(),
        "n_vertices": int(len(quantised)),
        "coords": deltas.reshape(-1).tolist(),
    }


def _structure(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(coordinates, feature of each polygon part, part of each ring, ring of each coordinate)
    of (multi)polygons, in one vectorised call (``shapely.to_ragged_array``: several times
    faster than ``get_parts`` + ``get_rings`` + ``get_coordinates``, same order)."""
    if len(geoms) == 0:
        none = np.zeros(0, dtype=np.int64)
        return np.zeros((0, 2)), none, none, none
    if (shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON).all():
        return _polygon_structure(geoms)
    kind, coords, offsets = shapely.to_ragged_array(geoms, include_z=False)
    if kind == shapely.GeometryType.POLYGON:
        ring_offsets, part_offsets = offsets
        part_feature = np.arange(len(geoms))
    else:  # MULTIPOLYGON (polygons mixed with multipolygons come back as multipolygons)
        ring_offsets, part_offsets, feature_offsets = offsets
        part_feature = np.repeat(np.arange(len(geoms)), np.diff(feature_offsets))
    ring_part = np.repeat(np.arange(len(part_offsets) - 1), np.diff(part_offsets))
    coord_ring = np.repeat(np.arange(len(ring_offsets) - 1), np.diff(ring_offsets))
    return coords, part_feature, ring_part, coord_ring


GRID_STEP_M = 250.0
"""Node spacing (m) of the transformation grid of :func:`_transform_xy`."""


def _polygon_structure(
    geoms: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_structure` of plain polygons (panden: all but a few without holes), without
    making a geometry object per ring as ``to_ragged_array`` does (51 765 panden: 0.04 s
    instead of 0.2 s): a polygon without holes is one ring holding all its coordinates; only
    the few with holes are split into rings."""
    n = len(geoms)
    coords, feature = shapely.get_coordinates(geoms, return_index=True)
    per_feature = np.bincount(feature, minlength=n)
    empty = per_feature == 0
    rings_of = np.where(empty, 0, 1 + shapely.get_num_interior_rings(geoms))
    ring_lengths = np.repeat(per_feature, rings_of)  # right for one-ring features
    holed = np.flatnonzero(rings_of > 1)
    if len(holed):
        first_ring = np.concatenate([[0], np.cumsum(rings_of)[:-1]])
        rings, owner = shapely.get_rings(geoms[holed], return_index=True)
        lengths = shapely.get_num_coordinates(rings)
        position = first_ring[holed][owner] + _rank_within(owner)
        ring_lengths[position] = lengths
    ring_part = np.repeat(np.arange(n), rings_of)
    coord_ring = np.repeat(np.arange(len(ring_lengths)), ring_lengths)
    return coords, np.arange(n), ring_part, coord_ring


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """0, 1, 2, … within each run of equal values of the sorted ``groups``."""
    starts = np.concatenate([[0], np.flatnonzero(np.diff(groups)) + 1])
    rank = np.arange(len(groups))
    return rank - np.repeat(starts, np.diff(np.concatenate([starts, [len(groups)]])))


def _transform_xy(xy: np.ndarray) -> np.ndarray:
    """RD New (m) → WGS84 (lon, lat degrees) of many vertices.

    PROJ transforms about a million vertices a second here (the inverse double stereographic
    projection plus the datum shift "Amersfoort to WGS 84 (4)", a 7-parameter Helmert). For large
    sets the exact transform is applied to the nodes of a regular :data:`GRID_STEP_M` grid over
    the vertices' bounding box and the vertices are interpolated bilinearly between the nodes:
    the transform is smooth, so the interpolation error grows with the square of the spacing:
    0.25 mm at 100 m, 1.6 mm at 250 m, 25 mm at 1 km (measured on Doesburg's panden; a test
    keeps it under 5 mm), far below the 1e-5 degree (about 1 m) quantisation step. Small sets,
    and sets spread so thinly that the grid would not save work, are transformed exactly.
    """
    if len(xy) == 0:
        return np.zeros((0, 2))
    xs, ys = xy[:, 0], xy[:, 1]
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    nx = int(math.ceil((x1 - x0) / GRID_STEP_M)) + 2
    ny = int(math.ceil((y1 - y0) / GRID_STEP_M)) + 2
    if nx * ny * 8 > len(xy):
        lon, lat = _TO_WGS84.transform(xs, ys)
        return np.column_stack([lon, lat])
    gx = x0 + GRID_STEP_M * np.arange(nx)
    gy = y0 + GRID_STEP_M * np.arange(ny)
    node_x, node_y = np.meshgrid(gx, gy)  # shape (ny, nx)
    node_lon, node_lat = _TO_WGS84.transform(node_x.ravel(), node_y.ravel())
    fx = (xs - x0) / GRID_STEP_M
    fy = (ys - y0) / GRID_STEP_M
    ix = np.minimum(fx.astype(np.int64), nx - 2)
    iy = np.minimum(fy.astype(np.int64), ny - 2)
    tx, ty = fx - ix, fy - iy
    corner = iy * nx + ix
    out = np.empty((len(xy), 2))
    for axis, node in enumerate((np.asarray(node_lon), np.asarray(node_lat))):
        v00, v01 = node[corner], node[corner + 1]
        v10, v11 = node[corner + nx], node[corner + nx + 1]
        out[:, axis] = (v00 * (1 - tx) + v01 * tx) * (1 - ty) + (v10 * (1 - tx) + v11 * tx) * ty
    return out


def _keep_vertices(quantised: np.ndarray, coord_ring: np.ndarray) -> np.ndarray:
    """Mask dropping each ring's closing vertex and vertices equal to their predecessor."""
    n = len(quantised)
    keep = np.ones(n, dtype=bool)
    if n == 0:
        return keep
    last_of_ring = np.ones(n, dtype=bool)
    last_of_ring[:-1] = coord_ring[1:] != coord_ring[:-1]
    keep &= ~last_of_ring
    same_as_prev = np.zeros(n, dtype=bool)
    same_as_prev[1:] = (quantised[1:] == quantised[:-1]).all(axis=1) & (
        coord_ring[1:] == coord_ring[:-1]
    )
    keep &= ~same_as_prev
    return keep


def geometry_frame(
    codes: Sequence[str], geoms: np.ndarray, skipped: Sequence[str], coverage: bool = True
) -> dict:
    """The level-independent part of a geometry payload: codes, bounds, origin, no hash yet.

    ``coverage`` (kept in the frame for :func:`level_entry`): simplify as a coverage."""
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    xs, ys = np.meshgrid(np.linspace(xmin, xmax, 5), np.linspace(ymin, ymax, 5))
    corners = _transform_xy(np.column_stack([xs.ravel(), ys.ravel()]))
    lon0, lat0 = corners.min(axis=0)
    lon1, lat1 = corners.max(axis=0)
    origin = (math.floor(lon0 * 100) / 100, math.floor(lat0 * 100) / 100)
    return {
        "version": PAYLOAD_VERSION,
        "codes": list(codes),
        "skipped": list(skipped),
        "bounds": [[float(lat0), float(lon0)], [float(lat1), float(lon1)]],
        "origin": list(origin),
        "scale": SCALE,
        "coverage": bool(coverage),
        "levels": [],
    }


def level_entry(geoms: np.ndarray, tolerance_m: float, frame: Mapping[str, Any]) -> dict[str, Any]:
    """One encoded level: tolerance (m), deepest zoom it serves, and the encoded polygons."""
    lat_mid = (frame["bounds"][0][0] + frame["bounds"][1][0]) / 2
    simplified = simplify_level(geoms, tolerance_m, frame.get("coverage", True))
    encoded = encode_level(simplified, tuple(frame["origin"]))
    return {"tolerance_m": tolerance_m, "max_zoom": max_zoom_for(tolerance_m, lat_mid), **encoded}


def geometry_hash(
    areas: Any, tolerance_m: float | None = None, coverage: bool = True, key: str | None = None
) -> str:
    """Content hash (16 hex characters) of a set of areas: codes, CRS, exact geometry and
    (when not the default) the simplification mode.

    The payload is a deterministic function of exactly this content (and the payload version),
    so the hash identifies the payload before it is computed; the component uses it as the key
    of its geometry cache (files on disk, memory in the browser).

    ``key``: a caller's name for this exact geometry (e.g. store version + area + level, where
    the store version changes with every write); then the codes and that key are hashed
    instead of the geometry (about 0.35 s less for 51 765 panden).
    """
    digest = hashlib.blake2b(digest_size=8)
    crs = areas.crs.to_epsg() if areas.crs is not None else RD_EPSG
    head: list[Any] = [PAYLOAD_VERSION, SCALE, MAX_LEVELS, tolerance_m, crs]
    if not coverage:
        head.append("separate")
    if key is not None:
        head.append(["key", key])
    digest.update(json.dumps(head).encode())
    digest.update("\x1f".join(areas["code"].astype(str).tolist()).encode())
    if key is not None:
        return digest.hexdigest()
    geoms = np.asarray(areas.geometry.values, dtype=object)
    wkbs = shapely.to_wkb(geoms, output_dimension=2)
    digest.update(b"".join(b"-" if w is None else w for w in wkbs))
    return digest.hexdigest()


def geometry_payload(
    areas: Any, tolerance_m: float | None = None, coverage: bool = True
) -> dict[str, Any]:
    """Compact, hashed geometry payload of a set of areas (see the module docstring).

    ``areas`` is the canonical areas frame (``code`` + polygon geometry, RD New). With
    ``tolerance_m`` one level simplified with that tolerance (m) is made; without it one level per
    band of two zoom steps (:func:`level_tolerances`). Empty geometries are left out and listed
    under ``skipped``; every other area keeps exactly one feature. ``hash`` is
    :func:`geometry_hash` of the input. ``coverage=False`` for separate shapes (panden): these
    are not simplified (one level, quantised only).
    """
    codes, geoms, skipped = clean_areas(areas, repair=coverage)
    if not codes:
        raise InputError("Er zijn geen gebieden met een vlak om op de kaart te tekenen.")
    frame = geometry_frame(codes, geoms, skipped, coverage)
    tolerances = (
        [tolerance_m] if tolerance_m is not None else level_tolerances(geoms, coverage=coverage)
    )
    frame["levels"] = [level_entry(geoms, tol, frame) for tol in tolerances]
    frame["hash"] = geometry_hash(areas, tolerance_m, coverage)
    return frame


def _positions(keys: Sequence[Any], codes: Sequence[str]) -> np.ndarray:
    """Per code its position in ``keys`` (-1: absent); no hash join when the two are the same
    list (the usual case: a layer and its geometry built from the same frame)."""
    if len(keys) == len(codes) and list(map(str, keys)) == list(codes):
        return np.arange(len(codes))
    return pd.Index([str(k) for k in keys], dtype=object).get_indexer(list(codes))


def _lookup(mapping: Mapping[str, Any], codes: list[str], default: Any) -> list[Any]:
    """``[mapping.get(code, default) for code in codes]``, vectorised (a hash join in pandas);
    ``default`` is one value or a list aligned with ``codes``."""
    if len(mapping) == len(codes) and list(mapping) == codes:
        return list(mapping.values())  # same codes in the same order
    out = np.empty(len(codes), dtype=object)
    out[:] = default if isinstance(default, list) else [default] * len(codes)
    if mapping and codes:
        values = np.empty(len(mapping), dtype=object)
        values[:] = list(mapping.values())
        where = pd.Index(list(mapping), dtype=object).get_indexer(codes)  # dict keys: unique
        hit = where >= 0
        out[hit] = values[where[hit]]
    return out.tolist()


def decode_level(payload: Mapping[str, Any], level: int = 0) -> list[list[list[list[float]]]]:
    """Decode one level back to per-feature lists of parts of rings of (lon, lat) pairs.

    The reference decoder (the JavaScript in the component does the same); used in tests.
    """
    entry = payload["levels"][level]
    flat = np.asarray(entry["coords"], dtype=np.int64).reshape(-1, 2)
    absolute = np.cumsum(flat, axis=0) / payload["scale"] + np.asarray(payload["origin"])
    features: list[list[list[list[float]]]] = []
    ring_iter = iter(entry["ring_lengths"])
    part_iter = iter(entry["part_rings"])
    pos = 0
    for n_parts in entry["feature_parts"]:
        parts = []
        for _ in range(n_parts):
            rings = []
            for _ in range(next(part_iter)):
                n = next(ring_iter)
                rings.append(absolute[pos : pos + n].tolist())
                pos += n
            parts.append(rings)
        features.append(parts)
    return features


def tip_payload(
    table: TipTable, codes: Sequence[str], only: Iterable[str] | None = None
) -> dict[str, Any]:
    """``table`` aligned with a geometry payload's ``codes``: the template and per column its
    distinct ``values`` and an ``index`` per area (-1: the area is not in the table, the map
    then shows its code); ``only``: just these columns."""
    where = _positions(table.codes, codes)
    wanted = set(table.columns) if only is None else set(only)
    columns = {}
    for name, values in table.columns.items():
        if name not in wanted:
            continue
        index, uniques = pd.factorize(np.asarray(values, dtype=object)[where], sort=False)
        index[where < 0] = -1
        columns[name] = {"values": [str(u) for u in uniques], "index": index.tolist()}
    return {"template": table.template, "columns": columns}


def tip_text(tip: Mapping[str, Any], codes: Sequence[str], f: int) -> str:
    """The tooltip of area ``f`` from a resolved :func:`tip_payload` (every column given as
    values and index): the reference of what the component's JavaScript shows; for tests."""
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        if match.group(1) == "code":
            return str(codes[f])
        column = tip["columns"][match.group(1)]
        k = column["index"][f]
        missing = missing or k < 0
        return "" if k < 0 else str(column["values"][k])

    text = FIELD.sub(fill, tip["template"])
    return str(codes[f]) if missing else text


def style_payload(
    codes: Sequence[str],
    colours: Mapping[str, str | None] | None = None,
    tooltips: Mapping[str, str] | TipTable | None = None,
    legend: Iterable[tuple[str, str]] | None = None,
    *,
    selected: Iterable[str] | None = None,
    legend_title: str | None = None,
    missing_colour: str = MISSING_COLOUR,
    tip_columns: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Colours, tooltips, legend and selection aligned with a geometry payload's ``codes``.

    ``colours`` maps code → CSS colour (a missing code or ``None`` gets ``missing_colour``);
    ``tooltips`` maps code → plain text (shown as text, never as HTML; default: the code), or
    is a :class:`TipTable` (then ``tooltips`` is null and ``tip`` holds :func:`tip_payload`);
    ``legend`` is a list of (colour, label) pairs; ``selected`` codes get a dark outline.
    Fills are indices into ``palette`` so that a colour switch stays small. ``tip_columns``:
    only these columns of a :class:`TipTable` (the map component sends the others as files).
    """
    codes = list(codes)
    found = _lookup(colours or {}, codes, None)
    colour_of = [c or missing_colour for c in found]
    palette: list[str] = [missing_colour]
    index: dict[str, int] = {missing_colour: 0}
    for colour in dict.fromkeys(colour_of):  # distinct colours in order of first appearance
        if colour not in index:
            index[colour] = len(palette)
            palette.append(colour)
    if isinstance(tooltips, TipTable):
        tip, tip_texts = tip_payload(tooltips, codes, tip_columns), None
    else:
        tip, tip_texts = None, [str(t) for t in _lookup(tooltips or {}, codes, codes)]
    chosen = set(selected or ())
    return {
        "palette": palette,
        "fill": [index[c] for c in colour_of],
        "tooltips": tip_texts,
        "tip": tip,
        "legend": [[str(c), str(label)] for c, label in (legend or [])],
        "legend_title": legend_title,
        "selected": [i for i, code in enumerate(codes) if code in chosen] if chosen else [],
    }
