"""Area sets for the map demo app, the benchmark and the browser tests, read from the mirror.

Read directly from the files in ``../shared/data`` (not from the store), each returned as the
canonical areas frame: ``code``, ``name``, ``geometry`` in RD New (EPSG:28992), invalid
polygons repaired and empty geometries dropped (as the map would skip them).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from transitieatlas import config
from transitieatlas.maps import payload

RD = 28992
AREA_SETS = {
    "leeuwarden": "Leeuwarden (134 buurten)",
    "zwolle": "Zwolle (78 buurten)",
    "fryslan": "Fryslân (alle buurten)",
    "nederland": "Nederland (alle buurten 2014)",
}
"""Area set key → label in the demo app."""

FRYSLAN = "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz"
ZWOLLE = "regional/zwolle_energy_transition/energy_buurt_mapped/energy_buurt_2023_mapped.geojson"
NEDERLAND = "cbs/boundaries/national_2014_2015_topojson/Buurt_2014_layer_q1e3.json"


def mirror() -> Path:
    """The offline mirror folder (``../shared/data`` by default)."""
    path = config.mirror_dir()
    if path is None:
        raise FileNotFoundError("offline mirror (../shared/data) not found")
    return path


def _canonical(gdf: gpd.GeoDataFrame, code: str, name: str) -> gpd.GeoDataFrame:
    names = gdf[name].where(gdf[name].notna(), gdf[code])
    out = gpd.GeoDataFrame(
        {"code": gdf[code].astype(str).to_numpy(), "name": names.astype(str).to_numpy()},
        geometry=gdf.geometry.to_numpy(),
        crs=gdf.crs,
    )
    codes, geoms, skipped = payload.clean_areas(out)  # repaired, polygonal, not empty
    out = out[~out["code"].isin(skipped)].reset_index(drop=True)
    return out.set_geometry(gpd.GeoSeries(geoms, crs=RD))


@cache
def fryslan() -> gpd.GeoDataFrame:
    """All drawable Fryslân buurten (907; the file declares CRS84 but holds RD coordinates)."""
    gdf = gpd.read_file(f"/vsigzip/{mirror() / FRYSLAN}").set_crs(RD, allow_override=True)
    return _canonical(gdf, "buurtcode", "buurtnaam")


@cache
def leeuwarden() -> gpd.GeoDataFrame:
    """The 134 buurten of Leeuwarden (GM0080)."""
    gdf = fryslan()
    return gdf[gdf["code"].str.startswith("BU0080")].reset_index(drop=True)


@cache
def zwolle() -> gpd.GeoDataFrame:
    """The 78 Zwolle buurten (municipal numbering: code ``GM0193-<BRTNR>``)."""
    gdf = gpd.read_file(mirror() / ZWOLLE)
    gdf["code"] = "GM0193-" + gdf["BRTNR"].astype(str)
    return _canonical(gdf.to_crs(RD), "code", "buurt_naam")


@cache
def nederland() -> gpd.GeoDataFrame:
    """All drawable buurten of the Netherlands, CBS 2014 (coarse TopoJSON, WGS84 → RD)."""
    from transitieatlas.sources.topojson import read_topology

    topology = json.loads((mirror() / NEDERLAND).read_text(encoding="utf-8"))
    gdf = read_topology(topology).set_crs(4326).to_crs(RD)
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    ok[ok] = shapely.area(geoms[ok]) > 0
    return _canonical(gdf[ok], "statcode", "statnaam")


def load(name: str) -> gpd.GeoDataFrame:
    """One area set by key (see :data:`AREA_SETS`)."""
    loaders = {
        "leeuwarden": leeuwarden,
        "zwolle": zwolle,
        "fryslan": fryslan,
        "nederland": nederland,
    }
    return loaders[name]()
