"""Business parks drawn on the map: clicked corners (WGS84) to a polygon in RD New, and
polygons back to map outlines (pure: no store, database or files).

The offline map reports a click on empty ground as ``{"type": "point", "lat", "lon"}`` and a
click on a drawn shape as ``{"type": "area", "code", "lat", "lon"}``; a corner on a pand is
that pand's centroid, a corner on a cell or buurt is the clicked point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

from transitieatlas.errors import InputError

_TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
_TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
MIN_AREA_M2 = 100.0
"""A drawn business park smaller than this (m²) is refused as a slip of the mouse."""


def click_corner(
    click: Mapping[str, Any] | None, units: pd.DataFrame
) -> tuple[float, float] | None:
    """The ``(lat, lon)`` of a map click: the centroid of a clicked pand (``units`` indexed by
    pand id, RD New), else the clicked point (empty ground, a cell or a buurt); None for
    anything else (a marker, or an area click without its point)."""
    if not click:
        return None
    kind = click.get("type")
    if kind == "area" and "geometry" in units and str(click.get("code")) in units.index:
        centre = units.geometry.loc[str(click["code"])].centroid
        lon, lat = _TO_WGS84.transform(centre.x, centre.y)
        return float(lat), float(lon)
    if kind in ("point", "area") and None not in (click.get("lat"), click.get("lon")):
        return float(click["lat"]), float(click["lon"])
    return None


def polygon_from_corners(corners: Sequence[tuple[float, float]]) -> shapely.Polygon:
    """The polygon (RD New, m) through the clicked ``(lat, lon)`` corners, in click order.

    >>> square = [(52.0, 6.0), (52.0, 6.001), (52.001, 6.001), (52.001, 6.0)]
    >>> round(polygon_from_corners(square).area)  # about 69 m × 111 m
    7640
    """
    unique = list(dict.fromkeys((round(a, 7), round(b, 7)) for a, b in corners))
    if len(unique) < 3:
        raise InputError("Klik minstens drie hoeken van het terrein aan op de kaart.")
    xs, ys = _TO_RD.transform([lon for _, lon in unique], [lat for lat, _ in unique])
    polygon = shapely.Polygon(list(zip(xs, ys, strict=True)))
    if not polygon.is_valid:
        raise InputError(
            "De randen van het getekende terrein kruisen elkaar: klik de hoeken in volgorde "
            "rondom aan (begin opnieuw)."
        )
    if polygon.area < MIN_AREA_M2:
        raise InputError(
            f"Het getekende terrein is maar {polygon.area:.0f} m²; klik de hoeken verder uit "
            "elkaar aan."
        )
    return polygon


def outline(corners: Sequence[tuple[float, float]], label: str, colour: str) -> dict[str, Any]:
    """A closed map line through ``(lat, lon)`` corners (the map component's line format)."""
    coords = [[lat, lon] for lat, lon in corners]
    return {"coords": coords + coords[:1], "colour": colour, "weight": 3, "label": label}


def park_outlines(parks: gpd.GeoDataFrame, colour: str = "#222222") -> list[dict[str, Any]]:
    """Map lines of the exterior rings of saved parks (RD New, column ``name``)."""
    lines = []
    for name, geom in zip(parks["name"], parks.geometry, strict=True):
        for part in shapely.get_parts(geom):
            xs, ys = part.exterior.xy
            lons, lats = _TO_WGS84.transform(list(xs), list(ys))
            lines.append(
                {"coords": [[la, lo] for la, lo in zip(lats, lons, strict=True)],
                 "colour": colour, "weight": 2, "label": str(name)}
            )  # fmt: skip
    return lines
