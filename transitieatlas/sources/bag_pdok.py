"""BAG panden and verblijfsobjecten live from PDOK: the BAG OGC API Features v2, paged.

Collections ``pand`` and ``verblijfsobject`` of ``https://api.pdok.nl/kadaster/bag/ogc/v2``.
Each page is one GET through :mod:`transitieatlas.sources._http` (Dutch errors, on-disk cache
of raw responses), asked in RD New for a bounding box; the ``next`` link is followed until the
last page.

Schema (v2), as checked for this module:

- ``pand``: ``identificatie``, ``bouwjaar``, ``status``, ``gebruiksdoel``,
  ``aantal_verblijfsobjecten`` and a relation ``verblijfsobject``; the feature ``id`` is a UUID;
  no floor area (PDOK's schema page ``/collections/pand/schema``, stored copy of
  https://api.pdok.nl/kadaster/bag/ogc/v2/collections/pand/schema?f=html). These go through
  the same canonical frame and current-object filter as BAG files
  (:func:`transitieatlas.sources.bag.canonical`).
- ``verblijfsobject``: ``identificatie``, ``gebruiksdoel`` (text, several uses
  comma-separated), ``oppervlakte`` (m²), ``status``, address fields, a Point geometry and the
  pand relation as ``pand.href``: a list of links ``…/collections/pand/items/<pand feature
  UUID>`` — no ``pand_identificatie`` and no ``bouwjaar`` any more (the older
  ``lv/bag/ogc/v1-demo`` collection had ``pand_identificatie``, ``bouwjaar``, ``pandstatus``).
  Source: a raw v2 feature recorded from ``/collections/verblijfsobject/items`` (properties
  ``bronhouder_identificatie … gebruiksdoel … identificatie … oppervlakte, pand.href, postcode
  … status …``, ``"pand.href": ["https://api.pdok.nl/kadaster/bag/ogc/v2/collections/pand/
  items/4c396a25-…"]``) in a public repository file found through the code index (the index
  does not name the repository), and clients that read ``pand.href`` the same way.

So a VBO's pand id comes from the pand features of the same fetch (feature UUID →
``identificatie``, :func:`fetch_bag`); a link to a pand outside the box stays unresolved and is
counted. Base URL: ``TRANSITIEATLAS_BAG_URL`` (for tests: a local server with recorded pages),
else PDOK.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import geopandas as gpd
import pandas as pd
import shapely.geometry

from transitieatlas.errors import InputError, SourceUnavailable
from transitieatlas.sources import _http, bag_units
from transitieatlas.sources.bag import BagRead, _finish

PDOK_BAG_URL = "https://api.pdok.nl/kadaster/bag/ogc/v2"
RD_CRS_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
PAGE_SIZE = 1000
MAX_PAGES = 500
"""At 1 000 objects a page: 500 000 objects, more than the largest gemeente has panden."""
MAX_UNIT_PAGES = 2000
"""Verblijfsobjecten: up to 2 000 000 (Amsterdam has about 0.5 million)."""
SOURCE = "PDOK BAG (OGC API Features)"


def base_url() -> str:
    return os.environ.get("TRANSITIEATLAS_BAG_URL", "").strip() or PDOK_BAG_URL


def fetch_panden(
    bbox: tuple[float, float, float, float],
    progress: Callable[[str], None] | None = None,
    url: str | None = None,
) -> BagRead:
    """Current panden within ``bbox`` (RD New: minx, miny, maxx, maxy) from PDOK."""
    features = _items("pand", bbox, progress, url, "BAG-panden", "panden", MAX_PAGES)
    read = _finish(_frame(features), "PDOK BAG")
    return read


def fetch_verblijfsobjecten(
    bbox: tuple[float, float, float, float],
    pand_refs: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    url: str | None = None,
) -> tuple[gpd.GeoDataFrame, int]:
    """Current verblijfsobjecten within ``bbox`` (RD New) from PDOK, in the canonical units
    frame (:mod:`.bag_units`), and the number of VBOs read before the current filter.

    ``pand_refs``: pand feature UUID → pand ``identificatie`` (from the pand pages), to
    resolve each VBO's ``pand.href``.
    """
    features = _items(
        "verblijfsobject", bbox, progress, url, "BAG-verblijfsobjecten", "verblijfsobjecten",
        MAX_UNIT_PAGES,
    )  # fmt: skip
    frame = _frame(features)
    if frame.empty:
        return gpd.GeoDataFrame(
            {c: pd.Series(dtype=object) for c in bag_units.UNIT_COLUMNS[:-1]},
            geometry=[], crs="EPSG:28992",
        ), 0  # fmt: skip
    try:
        return bag_units.canonical_units(frame, pand_refs), len(frame)
    except ValueError as err:
        raise SourceUnavailable(f"{SOURCE}: {err}") from err


def fetch_bag(
    bbox: tuple[float, float, float, float],
    progress: Callable[[str], None] | None = None,
    url: str | None = None,
) -> BagRead:
    """Panden and verblijfsobjecten within ``bbox``: the panden get what they lack (floor
    area) from their units (:func:`.bag_units.fill_from_units`); ``units`` holds the VBOs."""
    pand_features = _items("pand", bbox, progress, url, "BAG-panden", "panden", MAX_PAGES)
    pand_refs = {
        str(f["id"]): bag_units.strip_prefix(
            pd.Series([str((f.get("properties") or {}).get("identificatie"))]),
            bag_units.PAND_PREFIX,
        ).iloc[0]
        for f in pand_features
        if f.get("id") is not None
    }
    read = _finish(_frame(pand_features), "PDOK BAG")
    units, units_read = fetch_verblijfsobjecten(bbox, pand_refs, progress, url)
    read.units, read.units_read = units, units_read
    gone = units_read - len(units)
    if gone:
        read.notes.append(f"{gone} ingetrokken of niet gerealiseerde verblijfsobjecten weggelaten")
    unresolved = int(units["pand_id"].isna().sum())
    if unresolved:
        read.notes.append(
            f"{unresolved} verblijfsobjecten met een pand buiten het opgehaalde kader"
        )
    read.buildings = bag_units.fill_from_units(read.buildings, units)
    return read


def _items(
    collection: str,
    bbox: tuple[float, float, float, float],
    progress: Callable[[str], None] | None,
    url: str | None,
    label: str,
    noun: str,
    max_pages: int,
) -> list[dict]:
    """All features of ``collection`` in ``bbox``, following the ``next`` links."""
    minx, miny, maxx, maxy = bbox
    if not (minx < maxx and miny < maxy):
        raise InputError("Het gebied heeft geen geldige begrenzing (bbox).")
    next_url: str | None = f"{(url or base_url()).rstrip('/')}/collections/{collection}/items"
    params: dict | None = {
        "bbox": f"{minx:.0f},{miny:.0f},{maxx:.0f},{maxy:.0f}",
        "bbox-crs": RD_CRS_URI,
        "crs": RD_CRS_URI,
        "limit": PAGE_SIZE,
        "f": "json",
    }
    features: list[dict] = []
    for page in range(1, max_pages + 1):
        assert next_url is not None
        data = _http.get_json(next_url, params, source=SOURCE)
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise SourceUnavailable(f"{SOURCE} gaf een onleesbaar antwoord (geen features).")
        features.extend(data["features"])
        _http.report(progress, f"{label}: pagina {page}, {len(features)} {noun}")
        next_url = next(
            (link.get("href") for link in data.get("links", []) if link.get("rel") == "next"), None
        )
        params = None  # the next link carries every parameter
        if not next_url or not data["features"]:
            break
    else:
        raise SourceUnavailable(
            f"{SOURCE}: meer dan {max_pages} pagina's {noun}; kies een kleiner gebied."
        )
    return features


def _frame(features: list[dict]) -> gpd.GeoDataFrame:
    rows = [f.get("properties") or {} for f in features]
    geometry = [
        shapely.geometry.shape(f["geometry"]) if f.get("geometry") else None for f in features
    ]
    table = pd.DataFrame(rows)
    if table.empty:
        table = pd.DataFrame(columns=["identificatie", "status"])
    return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:28992")
