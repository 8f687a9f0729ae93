"""BAG panden live from PDOK: the BAG OGC API Features (``collections/pand/items``), paged.

Each page is one GET through :mod:`transitieatlas.sources._http` (Dutch errors, on-disk cache
of raw responses), asked in RD New for a bounding box; the ``next`` link is followed until the
last page. The features are in PDOK's BAG schema (``identificatie``, ``bouwjaar``, ``status``,
``gebruiksdoel``, ``oppervlakte_min``/``_max``, ``aantal_verblijfsobjecten``) and go through
the same canonical frame and current-object filter as BAG files
(:func:`transitieatlas.sources.bag.canonical`). Base URL: ``TRANSITIEATLAS_BAG_URL`` (for
tests: a local server with recorded pages), else PDOK.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import shapely.geometry

from transitieatlas.errors import InputError, SourceUnavailable
from transitieatlas.sources import _http
from transitieatlas.sources.bag import BagRead, _finish

PDOK_BAG_URL = "https://api.pdok.nl/kadaster/bag/ogc/v2"
RD_CRS_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
PAGE_SIZE = 1000
MAX_PAGES = 500
"""At 1 000 panden a page: 500 000 panden, more than the largest gemeente has."""
SOURCE = "PDOK BAG (OGC API Features)"


def base_url() -> str:
    return os.environ.get("TRANSITIEATLAS_BAG_URL", "").strip() or PDOK_BAG_URL


def fetch_panden(
    bbox: tuple[float, float, float, float],
    progress: Callable[[str], None] | None = None,
    url: str | None = None,
) -> BagRead:
    """Current panden within ``bbox`` (RD New: minx, miny, maxx, maxy) from PDOK."""
    minx, miny, maxx, maxy = bbox
    if not (minx < maxx and miny < maxy):
        raise InputError("Het gebied heeft geen geldige begrenzing (bbox).")
    next_url: str | None = f"{(url or base_url()).rstrip('/')}/collections/pand/items"
    params: dict | None = {
        "bbox": f"{minx:.0f},{miny:.0f},{maxx:.0f},{maxy:.0f}",
        "bbox-crs": RD_CRS_URI,
        "crs": RD_CRS_URI,
        "limit": PAGE_SIZE,
        "f": "json",
    }
    features: list[dict] = []
    for page in range(1, MAX_PAGES + 1):
        assert next_url is not None
        data = _http.get_json(next_url, params, source=SOURCE)
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise SourceUnavailable(f"{SOURCE} gaf een onleesbaar antwoord (geen features).")
        features.extend(data["features"])
        _http.report(progress, f"BAG-panden: pagina {page}, {len(features)} panden")
        next_url = next(
            (link.get("href") for link in data.get("links", []) if link.get("rel") == "next"), None
        )
        params = None  # the next link carries every parameter
        if not next_url or not data["features"]:
            break
    else:
        raise SourceUnavailable(
            f"{SOURCE}: meer dan {MAX_PAGES} pagina's; kies een kleiner gebied."
        )
    return _finish(_frame(features), "PDOK BAG")


def _frame(features: list[dict]) -> gpd.GeoDataFrame:
    rows = [f.get("properties") or {} for f in features]
    geometry = [
        shapely.geometry.shape(f["geometry"]) if f.get("geometry") else None for f in features
    ]
    table = pd.DataFrame(rows)
    if table.empty:
        table = pd.DataFrame(columns=["identificatie", "status"])
    return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:28992")
