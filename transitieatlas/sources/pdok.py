"""The CBS wijk- en buurtkaart (gemeenten, wijken, buurten) from PDOK's WFS.

Endpoint (one per year, 2019 onwards): ``https://service.pdok.nl/cbs/wijkenbuurten/<year>/wfs/v1_0``
with feature types ``wijkenbuurten:gemeenten``, ``wijkenbuurten:wijken`` and
``wijkenbuurten:buurten``. We ask WFS 2.0 ``GetFeature`` for GeoJSON in RD New
(``srsName=EPSG:28992``), filtered on ``gemeentecode`` with an FES XML ``FILTER``
(PDOK's MapServer ignores ``CQL_FILTER``), and page with ``count``/``startIndex``.
Properties used: ``gemeentecode``/``gemeentenaam``, ``wijkcode``/``wijknaam``,
``buurtcode``/``buurtnaam`` and ``water`` (``JA``/``NEE``; the gemeenten layer holds
land and water parts of one gemeente as separate features).

The base URL can be changed with the environment variable ``TRANSITIEATLAS_PDOK_URL``
or the ``base_url`` parameter (a template; ``{year}`` is filled in), so tests can
point it at a local server. Data: CBS and Kadaster, CC BY 4.0.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from transitieatlas import config
from transitieatlas.errors import InputError
from transitieatlas.frames import AREA_COLUMNS, RD_NEW, ImportBatch, Provenance
from transitieatlas.sources._http import Progress, get_json, report
from transitieatlas.sources.cbs import gemeente_code

DEFAULT_URL = "https://service.pdok.nl/cbs/wijkenbuurten/{year}/wfs/v1_0"
LICENCE = "Bron: CBS, Kadaster, CC BY 4.0"
PAGE_SIZE = 1000
"""Features per request; PDOK serves at most 1,000 per page."""
MAX_PAGES = 200
LEVELS = ("gemeente", "wijk", "buurt")
TYPENAMES = {
    "gemeente": "wijkenbuurten:gemeenten",
    "wijk": "wijkenbuurten:wijken",
    "buurt": "wijkenbuurten:buurten",
}
_FIELDS = {  # level -> (code field, name field, code prefix)
    "gemeente": ("gemeentecode", "gemeentenaam", "GM"),
    "wijk": ("wijkcode", "wijknaam", "WK"),
    "buurt": ("buurtcode", "buurtnaam", "BU"),
}


def wfs_url(year: int, base_url: str | None = None) -> str:
    """The WFS endpoint of ``year`` (parameter, else ``TRANSITIEATLAS_PDOK_URL``, else PDOK)."""
    template = base_url or config.pdok_url() or DEFAULT_URL
    return template.replace("{year}", str(int(year)))


def gemeente_filter_xml(gemeente: str) -> str:
    """FES filter selecting the features of one gemeente."""
    return (
        "<Filter><PropertyIsEqualTo><PropertyName>gemeentecode</PropertyName>"
        f"<Literal>{gemeente}</Literal></PropertyIsEqualTo></Filter>"
    )


def request_params(gemeente: str, level: str, start: int = 0, count: int = PAGE_SIZE) -> dict:
    """The GetFeature parameters of one page."""
    return {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeNames": TYPENAMES[level],
        "outputFormat": "json",
        "srsName": "EPSG:28992",
        "count": count,
        "startIndex": start,
        "filter": gemeente_filter_xml(gemeente),
    }


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise InputError(f"Onbekend niveau '{level}': kies uit {', '.join(LEVELS)}.")
    return level


def fetch_features(
    gemeente: str,
    year: int,
    level: str,
    base_url: str | None = None,
    progress: Progress | None = None,
    page_size: int = PAGE_SIZE,
) -> list[dict]:
    """All GeoJSON features of one level of one gemeente, over as many pages as needed."""
    gm = gemeente_code(gemeente)
    url = wfs_url(year, base_url)
    features: list[dict] = []
    for page in range(MAX_PAGES):
        params = request_params(gm, _check_level(level), start=page * page_size, count=page_size)
        payload = get_json(url, params, source=f"PDOK (wijk- en buurtkaart {year})")
        batch = payload.get("features") if isinstance(payload, dict) else None
        if batch is None:
            raise InputError(f"PDOK gaf geen GeoJSON terug voor {TYPENAMES[level]} ({url}).")
        features.extend(batch)
        report(progress, f"PDOK {year}: {len(features)} {level}-vlakken van {gm} ontvangen")
        if len(batch) < page_size:
            break
    return features


def _looks_like_degrees(frame: gpd.GeoDataFrame) -> bool:
    minx, miny, maxx, maxy = frame.total_bounds
    return minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90


def parse_features(features: list[dict], gemeente: str, year: int, level: str) -> gpd.GeoDataFrame:
    """Features → canonical areas frame (EPSG:28992), one row per code.

    Codes are stripped; features of another gemeente are dropped; where a code has
    land and water parts, the land parts are kept (all parts if it only has water);
    invalid polygons are repaired. Coordinates that are clearly degrees (a server that
    ignored ``srsName``) are transformed from WGS84.
    """
    gm = gemeente_code(gemeente)
    code_field, name_field, prefix = _FIELDS[_check_level(level)]
    records: list[dict[str, Any]] = []
    for feature in features:
        props = feature.get("properties") or {}
        code = str(props.get(code_field) or "").strip()
        if not code.startswith(prefix) or str(props.get("gemeentecode") or "").strip() != gm:
            continue
        geometry = feature.get("geometry")
        records.append(
            {
                "code": code,
                "name": str(props.get(name_field) or "").strip() or code,
                "level": level,
                "gemeente_code": gm,
                "wijk_code": (str(props.get("wijkcode") or "").strip() or None)
                if level == "buurt"
                else None,
                "year": int(year),
                "water": str(props.get("water") or "").strip().upper() == "JA",
                "geometry": shape(geometry) if geometry else None,
            }
        )
    if not records:
        return gpd.GeoDataFrame(
            columns=[*AREA_COLUMNS, "geometry"], geometry="geometry", crs=RD_NEW
        )
    frame = gpd.GeoDataFrame(pd.DataFrame(records), geometry="geometry", crs=RD_NEW)
    if _looks_like_degrees(frame):
        frame = frame.set_crs("EPSG:4326", allow_override=True).to_crs(RD_NEW)
    frame = _one_row_per_code(frame)
    invalid = ~frame.geometry.is_valid & frame.geometry.notna()
    if invalid.any():
        frame.loc[invalid, "geometry"] = frame.geometry[invalid].make_valid()
    return frame[[*AREA_COLUMNS, "geometry"]].sort_values("code").reset_index(drop=True)


def _one_row_per_code(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    land_codes = set(frame.loc[~frame["water"], "code"])
    keep = ~frame["water"] | ~frame["code"].isin(land_codes)
    frame = frame[keep]
    if not frame["code"].duplicated().any():
        return frame
    geometry = frame.groupby("code")["geometry"].agg(lambda g: shapely.union_all(list(g)))
    first = frame.drop(columns="geometry").drop_duplicates("code").set_index("code")
    merged = first.join(geometry.rename("geometry")).reset_index()
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=frame.crs)


def provenance(gemeente: str, year: int, level: str, base_url: str | None = None) -> Provenance:
    """Provenance of one level; level and gemeente keep datasets apart in the store."""
    return Provenance(
        source=f"CBS Wijk- en buurtkaart {year}, gemeente {gemeente}",
        table_id=TYPENAMES[level],
        year=int(year),
        retrieved=date.today().isoformat(),
        licence=LICENCE,
        origin=wfs_url(year, base_url),
        note="Via PDOK WFS, RD New (EPSG:28992).",
    )


def fetch_areas(
    gemeente: str,
    year: int,
    level: str,
    progress: Progress | None = None,
    base_url: str | None = None,
) -> ImportBatch:
    """Polygons of the gemeente, its wijken or its buurten for ``year`` as an ImportBatch.

    Raises :class:`InputError` for an invalid or unknown gemeente code (no features)
    and :class:`SourceUnavailable` when PDOK cannot be reached.
    """
    gm = gemeente_code(gemeente)
    _check_level(level)
    report(progress, f"PDOK {year}: {TYPENAMES[level]} voor {gm} ophalen")
    features = fetch_features(gm, year, level, base_url=base_url, progress=progress)
    frame = parse_features(features, gm, year, level)
    if frame.empty:
        raise InputError(
            f"PDOK kent geen {level}-vlakken voor gemeentecode {gm} in {year}. "
            f"Controleer de code (bijvoorbeeld GM0080 voor Leeuwarden) en het jaar."
        )
    return ImportBatch().add("areas", frame, provenance(gm, year, level, base_url))
