"""PBL's candidate heat sources for heat networks (MT-bronnen, Vesta MAIS input, 2020) as the
canonical heat-sources frame (:data:`transitieatlas.frames.HEAT_SOURCE_COLUMNS`).

The file ``20200213_MT_bronnen.geojson`` holds 648 points (WGS84) with the source's own RD New
coordinates in ``X``/``Y`` (metres); fields ``nr``, ``bron_naam``, ``type_bron``,
``MWcapaciteit``, ``capfactor``, ``volfactor``, ``Brontemperatuur`` and ``status``, many
null (data README section 12). The points are placed at ``X``/``Y`` (exact, the file's own
RD coordinates); a point whose WGS84 geometry lies more than :data:`MAX_OFFSET_M` from them is
counted in the notes. Unknown numbers stay NaN, never 0 (a stated capacity of 0 MW stays 0).

Meaning of ``capfactor`` and ``volfactor`` in PBL's model (``pbl-nl/model-vesta-public``
commit ``055f172d``, ``model/RuimtelijkeData/WarmteBronnen.dms`` lines 54–55 and 404–405,
``model/stam/CalculationSchemes/AanbodOpties/RestWarmteIteratie.dms`` line 28): the share of
a heat network's capacity (``P_cap``) and of its yearly volume (``P_vol``) that the source
can cover, not the source's own load factor.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from transitieatlas.errors import InputError
from transitieatlas.frames import HEAT_SOURCE_COLUMNS, RD_NEW

SOURCE = "PBL MT-warmtebronnen (Vesta MAIS), 2020-02-13"
LICENCE = (
    "Bron: PBL (Vesta MAIS invoer, open data); via entranos/warmteweegschaal (geen licentiebestand)"
)
MAX_OFFSET_M = 50.0
"""Largest accepted distance (m) between a point's WGS84 geometry and its own X/Y (RD New)."""
FIELDS = {
    "bron_naam": "naam",
    "type_bron": "type_bron",
    "MWcapaciteit": "vermogen_mw",
    "capfactor": "capfactor",
    "volfactor": "volfactor",
    "Brontemperatuur": "temperatuur_c",
    "status": "status",
}
"""Field of the file → column of the canonical frame."""
NUMERIC = ("vermogen_mw", "capfactor", "volfactor", "temperatuur_c")


def read_heat_sources(path: str | Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The heat sources of ``path`` (RD New points) and Dutch notes on what is missing."""
    path = Path(path)
    features = _features(path)
    props = pd.DataFrame([f.get("properties") or {} for f in features])
    missing = [c for c in ("nr", "X", "Y", "bron_naam") if c not in props]
    if missing:
        raise InputError(
            f"{path.name}: geen warmtebronnenbestand (kolommen ontbreken: {', '.join(missing)})."
        )
    frame = props.rename(columns=FIELDS).reindex(columns=["nr", "X", "Y", *FIELDS.values()])
    for column in NUMERIC:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    x = pd.to_numeric(frame["X"], errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(frame["Y"], errors="coerce").to_numpy(dtype=float)
    placed = np.isfinite(x) & np.isfinite(y)
    out = gpd.GeoDataFrame(
        {
            "id": frame["nr"].astype(str).str.strip().to_numpy(),
            **{c: frame[c].to_numpy() for c in HEAT_SOURCE_COLUMNS[1:]},
        },
        geometry=shapely.points(x, y),
        crs=RD_NEW,
    )
    for column in ("naam", "type_bron", "status"):
        out[column] = pd.Series([_text(v) for v in out[column]], index=out.index, dtype=object)
    notes = _notes(out, placed, _offsets(features, x, y))
    return out[placed].reset_index(drop=True), notes


def _text(value: object) -> str | None:
    """Trimmed text, None for a missing or empty value."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value).strip() or None


def _features(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputError(f"{path}: bestand niet gevonden.")
    try:
        data = json.loads(path.read_bytes())
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{path.name}: het bestand is afgebroken of beschadigd ({err}).") from err
    if not features:
        raise InputError(f"{path.name}: geen enkele warmtebron in het bestand.")
    return list(features)


def _offsets(features: list[dict], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Distance (m) between each feature's WGS84 point and its own X/Y (NaN without geometry)."""
    coords = [(f.get("geometry") or {}).get("coordinates") or (np.nan, np.nan) for f in features]
    lonlat = np.asarray(coords, dtype=float)[:, :2]
    rd = gpd.GeoSeries(shapely.points(lonlat), crs="EPSG:4326").to_crs(RD_NEW)
    return np.hypot(shapely.get_x(rd.to_numpy()) - x, shapely.get_y(rd.to_numpy()) - y)


def _notes(frame: gpd.GeoDataFrame, placed: np.ndarray, offsets: np.ndarray) -> list[str]:
    notes = []
    if (~placed).any():
        notes.append(f"{int((~placed).sum())} bronnen zonder X/Y-coördinaten niet opgenomen")
    far = int((np.nan_to_num(offsets, nan=0.0) > MAX_OFFSET_M).sum())
    if far:
        notes.append(
            f"{far} bronnen waarvan de kaartpunt meer dan {MAX_OFFSET_M:g} m van de eigen "
            "RD-coördinaten ligt; de RD-coördinaten (X/Y) zijn gebruikt"
        )
    kept = frame[placed]
    notes.append(
        f"{int(kept['vermogen_mw'].isna().sum())} van {len(kept)} bronnen zonder vermogen (MW), "
        f"{int(kept['type_bron'].isna().sum())} zonder type"
    )
    return notes


__all__ = ["LICENCE", "SOURCE", "read_heat_sources"]
