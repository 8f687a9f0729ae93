"""A small TopoJSON decoder (the GDAL inside pyogrio's wheels cannot read TopoJSON).

Follows the TopoJSON 1.0 specification: shared ``arcs`` (delta-encoded when the topology
has a ``transform``, then scaled and translated), arc indexes in geometries (a negative
index ``~i`` means arc ``i`` reversed), and consecutive arcs of a ring sharing their end
point. Polygons keep their holes; nested ``GeometryCollection`` objects are flattened.
Coordinates come out as they are stored; the caller decides the CRS (TopoJSON files
made by the usual tools hold WGS84 lon/lat).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import shapely


def decode_arcs(topology: Mapping[str, Any]) -> list[np.ndarray]:
    """Every arc of ``topology`` as an ``(n, 2)`` array of absolute coordinates."""
    transform = topology.get("transform")
    scale = np.asarray(transform["scale"], dtype=float) if transform else None
    translate = np.asarray(transform["translate"], dtype=float) if transform else None
    arcs = []
    for arc in topology.get("arcs", []):
        points = np.asarray([p[:2] for p in arc], dtype=float).reshape(-1, 2)
        if transform:
            points = np.cumsum(points, axis=0) * scale + translate
        arcs.append(points)
    return arcs


M_PER_DEGREE_LAT = 110_574.0
"""Metres per degree of latitude (WGS84, at about 52° N)."""
M_PER_DEGREE_LON_EQUATOR = 111_320.0
"""Metres per degree of longitude at the equator (times cos(latitude) elsewhere)."""


def grid_size_m(topology: Mapping[str, Any]) -> float | None:
    """The coarsest step of the quantisation grid in metres, or None without a transform.

    A quantised topology snaps every vertex to a grid; the 2014 CBS TopoJSON (1 000 × 1 000
    over the Netherlands) has steps of about 270 m (east) × 310 m (north), so areas
    measured on it are coarse. Lon/lat scales are converted at the grid's middle latitude.
    """
    transform = topology.get("transform")
    if not transform:
        return None
    (sx, sy), (_, ty) = transform["scale"], transform["translate"]
    if -180 <= ty <= 90 and abs(sx) < 1 and abs(sy) < 1:  # degrees
        top = max(
            (
                float(np.cumsum(np.asarray(a)[:, 1]).max())
                for a in topology.get("arcs", [])
                if len(a)
            ),
            default=0.0,
        )
        lat = ty + sy * top / 2
        east = abs(sx) * M_PER_DEGREE_LON_EQUATOR * float(np.cos(np.radians(lat)))
        return max(east, abs(sy) * M_PER_DEGREE_LAT)
    return max(abs(sx), abs(sy))


def _ring(indexes: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Stitch arcs into one ring; consecutive arcs share their joining point."""
    parts = []
    for n, index in enumerate(indexes):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if n == 0 else arc[1:])
    return np.concatenate(parts) if parts else np.empty((0, 2))


def _position(point: list[float], transform: Mapping[str, Any] | None) -> list[float]:
    """A Point/MultiPoint position (quantised but not delta-encoded)."""
    if not transform:
        return list(point[:2])
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return [point[0] * sx + tx, point[1] * sy + ty]


def _polygon(rings: list[list[int]], arcs: list[np.ndarray]) -> shapely.Polygon:
    coords = [_ring(r, arcs) for r in rings]
    coords = [c for c in coords if len(c) >= 4]
    if not coords:
        return shapely.Polygon()
    return shapely.Polygon(coords[0], coords[1:])


def to_shape(
    geometry: Mapping[str, Any], arcs: list[np.ndarray], transform: Mapping[str, Any] | None
) -> shapely.Geometry | None:
    """One TopoJSON geometry object as a shapely geometry (``None`` for a null geometry)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return _polygon(geometry["arcs"], arcs)
    if kind == "MultiPolygon":
        parts = [_polygon(p, arcs) for p in geometry["arcs"]]
        return shapely.MultiPolygon([p for p in parts if not p.is_empty])
    if kind == "LineString":
        return shapely.LineString(_ring(geometry["arcs"], arcs))
    if kind == "MultiLineString":
        return shapely.MultiLineString([_ring(line, arcs) for line in geometry["arcs"]])
    if kind == "Point":
        return shapely.Point(_position(geometry["coordinates"], transform))
    if kind == "MultiPoint":
        return shapely.MultiPoint([_position(p, transform) for p in geometry["coordinates"]])
    return None


def _features(obj: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Leaf geometry objects of a TopoJSON object (GeometryCollections flattened)."""
    if obj.get("type") == "GeometryCollection":
        for child in obj.get("geometries", []):
            yield from _features(child)
    else:
        yield obj


def read_topology(topology: Mapping[str, Any], name: str | None = None) -> gpd.GeoDataFrame:
    """Decode object ``name`` of a parsed TopoJSON ``topology`` (default: all objects).

    Returns a GeoDataFrame with the features' ``properties`` as columns, ``id`` when the
    features carry one, and column ``object`` naming the TopoJSON object. No CRS is set.
    Raises ``ValueError`` when the data is not a TopoJSON topology.
    """
    if topology.get("type") != "Topology" or not isinstance(topology.get("objects"), dict):
        raise ValueError("not a TopoJSON Topology")
    arcs = decode_arcs(topology)
    transform = topology.get("transform")
    names = [name] if name else list(topology["objects"])
    records, shapes = [], []
    for obj_name in names:
        for feature in _features(topology["objects"][obj_name]):
            record = dict(feature.get("properties") or {})
            if "id" in feature and "id" not in record:
                record["id"] = feature["id"]
            record["object"] = obj_name
            records.append(record)
            shapes.append(to_shape(feature, arcs, transform))
    frame = gpd.GeoDataFrame(records, geometry=gpd.GeoSeries(shapes), crs=None)
    frame.attrs["grid_m"] = grid_size_m(topology)
    return frame
