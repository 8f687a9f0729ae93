"""Read geodata files into GeoDataFrames in RD New (EPSG:28992).

Supported: GeoPackage (one layer or all), GeoJSON (also gzipped ``.geojson.gz``),
TopoJSON (own decoder, :mod:`transitieatlas.sources.topojson`), GeoParquet,
FlatGeobuf and Shapefile.

What :func:`read_geodata` does to every file:

- **CRS**: reprojects to EPSG:28992. A file that declares WGS84 (or nothing) but holds
  coordinates outside lon/lat range and inside the RD New range is taken as RD New
  (a real Fryslân file does this); that override is recorded in ``attrs["notes"]``.
- **Repair**: invalid polygons are repaired with ``shapely.make_valid``; only the
  polygonal parts are kept.
- **Empty geometries** are counted (``attrs["empty_geometries"]``) and reported in
  ``attrs["notes"]``, not dropped silently; a file with no usable geometry at all is refused.
- **Bounds**: after reprojection every geometry must lie in the RD New range (the
  Netherlands); swapped longitude/latitude is named as such.
- **Size**: files above :data:`MAX_GEODATA_BYTES`, and JSON above :data:`MAX_JSON_BYTES`
  once unpacked, are refused before they are read (``.gz`` is unpacked as a stream and
  stopped at the limit). The limits are documented in ``docs/grenzen.md``.

Any file that cannot be read completely raises :class:`InputError` naming the file and
the problem in Dutch; nothing partial is returned.
"""

from __future__ import annotations

import gzip
import json
import warnings
import zlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from transitieatlas.errors import InputError
from transitieatlas.frames import COARSE_GRID_M, RD_NEW
from transitieatlas.sources import topojson

RD_X = (-7_000.0, 300_000.0)
"""Valid easting range of RD New (m)."""
RD_Y = (289_000.0, 629_000.0)
"""Valid northing range of RD New (m)."""
NL_LON = (3.0, 7.6)
NL_LAT = (50.6, 53.8)
"""Longitude and latitude range of the Netherlands with a margin (degrees, WGS84)."""
MAX_GEODATA_BYTES = 1_000_000_000
"""Largest geodata file read (bytes on disk, 1000 MB); see docs/grenzen.md."""
MAX_JSON_BYTES = 300_000_000
"""Largest (Geo/Topo)JSON read, counted after unpacking a ``.gz`` (300 MB); see docs/grenzen.md."""
_CHUNK = 1 << 20
GZIP_MAX_RATIO = 1032
"""Deflate expands at most about 1 032 times (zlib technical details), so a ``.gz`` smaller
than the limit / 1 032 needs no counting pass."""

GEO_SUFFIXES = (
    ".gpkg",
    ".geojson",
    ".geojson.gz",
    ".json",
    ".json.gz",
    ".topojson",
    ".parquet",
    ".geoparquet",
    ".fgb",
    ".shp",
)


def suffix(path: Path) -> str:
    """Lower-case suffix, keeping ``.gz`` together with the one before (``.geojson.gz``)."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def list_layers(path: Path) -> list[str]:
    """Names of the layers with geometry in a GeoPackage (or any file pyogrio reads)."""
    try:
        layers = pyogrio.list_layers(str(path))
    except Exception as err:  # pyogrio raises several error types
        raise InputError(f"{Path(path).name}: {_explain(err)}") from err
    return [str(name) for name, geometry_type in layers if geometry_type]


def read_geodata(path: str | Path, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a geodata file completely into a GeoDataFrame in EPSG:28992.

    ``layer``: a GeoPackage layer name; without it all layers are read (column ``layer``
    tells them apart when there are several). ``attrs["notes"]`` lists what was changed
    (Dutch), ``attrs["empty_geometries"]`` counts empty or missing geometries.
    Raises :class:`InputError` for a missing, truncated or unknown file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: bestand niet gevonden.")
    kind = suffix(path)
    if kind not in GEO_SUFFIXES:
        raise InputError(
            f"{path.name}: onbekend bestandstype '{kind or '(geen extensie)'}'. "
            f"Bruikbaar zijn: {', '.join(GEO_SUFFIXES)}."
        )
    check_size(path, kind)
    if kind == ".gpkg" and layer is None:
        frame = _read_all_layers(path)
    else:
        raw = _read_raw(path, kind, layer)
        frame = normalise_geodata(raw, path.name)
        grid = raw.attrs.get("grid_m")
        if grid and grid > COARSE_GRID_M:
            frame.attrs["grid_m"] = float(grid)
            frame.attrs["notes"].append(
                f"grof: hoekpunten op een raster van ongeveer {grid:.0f} m; oppervlakten "
                "hieruit zijn onnauwkeurig"
            )
    check_bounds(frame, path.name)
    return frame


def megabytes(n: int) -> str:
    """Bytes as Dutch megabytes: ``1_500_000`` → ``1,5``."""
    return f"{n / 1_000_000:g}".replace(".", ",")


def check_size(path: Path, kind: str) -> None:
    """Refuse a file larger than the limits (on disk; JSON also unpacked), in Dutch."""
    size = path.stat().st_size
    if size > MAX_GEODATA_BYTES:
        raise InputError(
            f"{path.name}: het bestand is groter dan {megabytes(MAX_GEODATA_BYTES)} MB "
            f"({megabytes(size)} MB); knip het op per gemeente of provincie."
        )
    if kind.endswith(".gz") and size * GZIP_MAX_RATIO > MAX_JSON_BYTES:
        unpacked_size(path, MAX_JSON_BYTES)  # small files cannot unpack past the limit
    elif kind in (".json", ".geojson", ".topojson") and size > MAX_JSON_BYTES:
        raise InputError(_too_big(path, MAX_JSON_BYTES, ""))


def _too_big(path: Path, limit: int, how: str) -> str:
    return (
        f"{path.name}: het bestand is groter dan {megabytes(limit)} MB{how}; "
        "knip het op per gemeente of provincie (zie docs/grenzen.md)."
    )


def unpacked_size(path: Path, limit: int) -> int:
    """The unpacked size of a gzip file, read as a stream; :class:`InputError` above ``limit``
    (the rest is not unpacked, so a gzip bomb costs neither memory nor much time)."""
    total = 0
    try:
        with gzip.open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise InputError(_too_big(path, limit, " uitgepakt"))
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"{path.name}: {_explain(err)}") from err
    return total


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes (a gzip file unpacked as a stream), at most ``limit`` of them."""
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if not gzipped:
        if path.stat().st_size > limit:
            raise InputError(_too_big(path, limit, ""))
        return path.read_bytes()
    parts, total = [], 0
    with gzip.open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise InputError(_too_big(path, limit, " uitgepakt"))
            parts.append(chunk)
    return b"".join(parts)


def _read_raw(path: Path, kind: str, layer: str | None) -> gpd.GeoDataFrame:
    """The file as GeoDataFrame in its own (declared) CRS."""
    try:
        if kind in (".parquet", ".geoparquet"):
            return gpd.read_parquet(path)
        if kind in (".json", ".json.gz", ".topojson"):
            return _read_json(path)
        target = f"/vsigzip/{path}" if kind.endswith(".gz") else str(path)
        return _read_ogr(target, layer)
    except InputError:
        raise
    except Exception as err:  # pyogrio/pyarrow/json raise many types; all mean "unreadable"
        raise InputError(f"{path.name}: {_explain(err)}") from err


def _read_ogr(target: str, layer: str | None) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return gpd.read_file(target, layer=layer, engine="pyogrio")


def _read_all_layers(path: Path) -> gpd.GeoDataFrame:
    """Every layer of a GeoPackage, each checked on its own, in one frame."""
    layers = list_layers(path)
    if not layers:
        raise InputError(f"{path.name}: het GeoPackage bevat geen kaartlagen.")
    if len(layers) == 1:
        return normalise_geodata(_read_raw(path, ".gpkg", layers[0]), path.name)
    frames = [
        normalise_geodata(_read_raw(path, ".gpkg", name), f"{path.name}, laag {name}")
        for name in layers
    ]
    out = gpd.GeoDataFrame(
        pd.concat(
            [f.assign(layer=n) for f, n in zip(frames, layers, strict=True)], ignore_index=True
        ),
        geometry="geometry",
        crs=RD_NEW,
    )
    out.attrs["notes"] = [n for f in frames for n in f.attrs["notes"]]
    out.attrs["empty_geometries"] = sum(f.attrs["empty_geometries"] for f in frames)
    out.attrs["crs_override"] = any(f.attrs["crs_override"] for f in frames)
    return out


def _read_json(path: Path) -> gpd.GeoDataFrame:
    """GeoJSON or TopoJSON, plain or gzipped; decided by the content, not the name."""
    raw = _read_bytes(path, MAX_JSON_BYTES)
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise InputError(f"{path.name}: dit JSON-bestand bevat geen geodata.")
    if data.get("type") == "Topology":
        frame = topojson.read_topology(data)
        out = frame.set_crs("EPSG:4326")
        out.attrs["grid_m"] = frame.attrs.get("grid_m")
        return out
    if data.get("type") in ("FeatureCollection", "Feature"):
        kind = ".geojson.gz" if path.suffix.lower() == ".gz" else ".geojson"
        target = f"/vsigzip/{path}" if kind.endswith(".gz") else str(path)
        return _read_ogr(target, None)
    raise InputError(
        f"{path.name}: dit JSON-bestand is geen GeoJSON of TopoJSON (type '{data.get('type')}')."
    )


def _explain(err: Exception) -> str:
    """A Dutch sentence for a low-level read error."""
    text = str(err)
    if isinstance(err, json.JSONDecodeError | EOFError | zlib.error) or "Unterminated" in text:
        return f"het bestand is afgebroken of beschadigd ({text})."
    if "not recognized" in text or "not a TopoJSON" in text:
        return "dit is geen geodata-bestand (het formaat wordt niet herkend)."
    return f"dit bestand kan niet worden gelezen als geodata ({text})."


def normalise_geodata(frame: gpd.GeoDataFrame, label: str) -> gpd.GeoDataFrame:
    """Bring a GeoDataFrame to EPSG:28992, repair polygons, count empty geometries."""
    notes: list[str] = []
    frame = _to_rd(frame, label, notes)
    frame, repaired = repair_polygons(frame)
    if repaired:
        notes.append(f"{repaired} ongeldige geometrieën hersteld")
    empty = int((frame.geometry.isna() | frame.geometry.is_empty).sum())
    if len(frame) and empty == len(frame):
        raise InputError(
            f"{label}: geen enkel object met bruikbare geometrie; dit bestand kan niet als "
            "kaart worden ingelezen."
        )
    if empty:
        notes.append(f"{empty} objecten zonder geometrie")
    frame.attrs["notes"] = notes
    frame.attrs["empty_geometries"] = empty
    frame.attrs["crs_override"] = any("RD New" in n for n in notes)
    return frame


def looks_like_rd(bounds: np.ndarray) -> bool:
    """True when ``(minx, miny, maxx, maxy)`` lies inside the RD New range."""
    minx, miny, maxx, maxy = bounds
    return RD_X[0] <= minx <= maxx <= RD_X[1] and RD_Y[0] <= miny <= maxy <= RD_Y[1]


def check_bounds(frame: gpd.GeoDataFrame, label: str) -> None:
    """:class:`InputError` when a geometry (in RD New) lies outside the Netherlands."""
    bounds = _bounds(frame)
    if bounds is None or looks_like_rd(bounds):
        return
    raise InputError(
        f"{label}: de coördinaten liggen buiten Nederland (RD New x {bounds[0]:.0f} … "
        f"{bounds[2]:.0f}, y {bounds[1]:.0f} … {bounds[3]:.0f}); controleer het "
        "coördinatenstelsel van het bestand."
    )


def swapped_lonlat(bounds: np.ndarray) -> bool:
    """True when lon/lat ``bounds`` lie outside the Netherlands but would fit if swapped."""
    minx, miny, maxx, maxy = bounds
    inside = NL_LON[0] <= minx <= maxx <= NL_LON[1] and NL_LAT[0] <= miny <= maxy <= NL_LAT[1]
    swapped = NL_LON[0] <= miny <= maxy <= NL_LON[1] and NL_LAT[0] <= minx <= maxx <= NL_LAT[1]
    return swapped and not inside


def looks_like_lonlat(bounds: np.ndarray) -> bool:
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _bounds(frame: gpd.GeoDataFrame) -> np.ndarray | None:
    geoms = frame.geometry[~(frame.geometry.isna() | frame.geometry.is_empty)]
    if geoms.empty:
        return None
    return np.asarray(geoms.total_bounds, dtype=float)


def _to_rd(frame: gpd.GeoDataFrame, label: str, notes: list[str]) -> gpd.GeoDataFrame:
    """Set or correct the CRS from the coordinate range, then reproject to RD New."""
    bounds = _bounds(frame)
    declared = CRS.from_user_input(frame.crs) if frame.crs is not None else None
    if bounds is None:
        return frame.set_crs(RD_NEW, allow_override=True)
    if declared is None or declared.is_geographic:
        if swapped_lonlat(bounds):
            raise InputError(
                f"{label}: de coördinaten liggen buiten Nederland (lengte {bounds[0]:.2f} … "
                f"{bounds[2]:.2f}, breedte {bounds[1]:.2f} … {bounds[3]:.2f}); zijn lengte- en "
                "breedtegraad verwisseld? Zet ze in de volgorde lengte, breedte (x, y)."
            )
        if looks_like_lonlat(bounds):
            return frame.set_crs("EPSG:4326", allow_override=True).to_crs(RD_NEW)
        if looks_like_rd(bounds):
            said = declared.name if declared is not None else "geen coördinatenstelsel"
            notes.append(
                f"{label}: bestand noemt {said}, maar de coördinaten zijn RD New "
                f"(EPSG:28992); als RD New gelezen"
            )
            return frame.set_crs(RD_NEW, allow_override=True)
        raise InputError(
            f"{label}: de coördinaten ({bounds[0]:.0f}, {bounds[1]:.0f} … {bounds[2]:.0f}, "
            f"{bounds[3]:.0f}) passen niet bij het opgegeven coördinatenstelsel."
        )
    if declared.to_epsg() == 28992:
        return frame.set_crs(RD_NEW, allow_override=True)
    return frame.to_crs(RD_NEW)


def repair_polygons(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """Make invalid polygons valid (polygonal parts only); returns the frame and the count."""
    geoms = np.asarray(frame.geometry.values, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6))
    bad = present & polygonal & ~shapely.is_valid(geoms)
    if not bad.any():
        return frame, 0
    repaired = shapely.make_valid(geoms[bad], method="structure", keep_collapsed=False)
    values = geoms.copy()
    values[bad] = [_polygonal(g) for g in repaired]
    frame = frame.copy()
    frame[frame.geometry.name] = gpd.GeoSeries(values, index=frame.index, crs=frame.crs)
    return frame, int(bad.sum())


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a repaired geometry (a MultiPolygon when it has several)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    flat = [q for p in parts for q in shapely.get_parts(p)]
    if not flat:
        return shapely.Polygon()
    return flat[0] if len(flat) == 1 else shapely.MultiPolygon(flat)
