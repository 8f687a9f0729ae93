"""PBL Startanalyse aardgasvrije buurten 2020, per buurt (one GeoJSON file per gemeente).

A file holds the buurten that have a Startanalyse result (not always every buurt of the
gemeente), as WGS84 MultiPolygons with 430 properties, almost all as text. It gives:

- areas: buurten (``BU_CODE``, ``I02_buurtnaam``), reprojected to RD New, with PBL's
  cheapest strategy ``sln_V01`` kept as column ``pbl_strategie`` (e.g. ``s4c``);
- figures (strings cast to numbers) through ``data/column_mappings/pbl_startanalyse.csv``:
  dwellings, non-residential buildings, woningequivalenten, dwellings by construction
  period and by type, energy-label shares (EP-Online);
- PBL's reference demand for 2019 as buurt totals. The H fields are **per
  woningequivalent** (GJ/weq/yr, rounded to whole GJ), so a buurt total is H × ``I11``:
  ``pbl_ref2019_warmtevraag_gj`` = (H02 space heating + H03 hot tap water) × I11, plus
  the parts and H09 natural gas; H15 (t CO₂/yr) is already a buurt total.

Field meanings: PBL's model code ``pbl-nl/model-vesta-public`` (commit ``c1f7462``,
``CombineerRuns/Combineer.dms`` lines 399–446) and the Startanalyse 2020 technical note,
as decoded in the data README (section 11). The strategy results per variant (``s1a_*`` …
``s5a_*``) and the other reference fields are not stored; the import says how many.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely.geometry

from transitieatlas.errors import InputError
from transitieatlas.sources import files, tables

RD_NEW = "EPSG:28992"
YEAR = 2019
"""Reference year of the Startanalyse 2020 (its ``ref_2019_*`` situation) and of its buurt
division (codes of the 2019/2020 division)."""
MAPPING = "pbl_startanalyse"
LICENCE = (
    "Bron: PBL Startanalyse aardgasvrije buurten 2020 (open data); buurtgrenzen CBS/Kadaster "
    "CC BY 4.0; labels RVO EP-Online; via entranos/warmteweegschaal (geen licentiebestand)"
)
SOURCE = "PBL Startanalyse aardgasvrije buurten 2020"
MODEL_FIELD = re.compile(r"^(ref_20\d\d|s\d[a-z])_[A-Z]\d\d(_\d+)?$")
"""Per-strategy and reference result fields (``s1a_H01``, ``ref_2030_K10`` …)."""
REFERENCE = {
    "pbl_ref2019_ruimteverwarming_gj": ("ref_2019_H02",),
    "pbl_ref2019_warm_tapwater_gj": ("ref_2019_H03",),
    "pbl_ref2019_warmtevraag_gj": ("ref_2019_H02", "ref_2019_H03"),
    "pbl_ref2019_aardgas_gj": ("ref_2019_H09",),
}
"""Buurt totals (GJ/yr) = sum of these per-woningequivalent fields × ``I11_aantalweq``."""


def read_startanalyse(
    path: str | Path,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, list[str], list[str]]:
    """Areas, figures, notes and unmapped columns of one Startanalyse file (``GM0080.geojson.gz``)."""
    path = Path(path)
    fields, features = _load(path)
    if "BU_CODE" not in fields or "I11_aantalweq" not in fields:
        raise InputError(
            f"{path.name}: geen PBL Startanalyse-bestand (kolommen BU_CODE en I11_aantalweq ontbreken)."
        )
    model = [c for c in fields if MODEL_FIELD.match(c)]
    wanted = {f for fields_ in REFERENCE.values() for f in fields_} | {"ref_2019_H15"}
    columns = [c for c in fields if c not in model or c in wanted]
    frame = _frame(path, features, columns)
    notes = list(frame.attrs.get("notes", []))
    codes = frame["BU_CODE"].astype(str).str.strip()
    areas = _areas(frame, codes)
    table = pd.DataFrame(frame.drop(columns="geometry"))
    figures, unmapped = tables.wide_to_figures(
        table, codes, YEAR, tables.load_mapping(MAPPING), SOURCE, skip=model
    )
    figures = pd.concat([figures, reference_figures(table, codes)], ignore_index=True)
    notes.append(
        f"{len(model)} modeluitkomsten per strategievariant niet opgeslagen; "
        "referentiewarmtevraag 2019 = (H02 + H03) × woningequivalenten"
    )
    return areas, figures, notes, unmapped


def _load(path: Path) -> tuple[list[str], list[dict]]:
    """Property names and features of the GeoJSON (gzipped or not), parsed with :mod:`json`:
    five times faster than GDAL for these 430 text properties."""
    try:
        raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        features = data["features"]
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{path.name}: het bestand is afgebroken of beschadigd ({err}).") from err
    fields = list(features[0]["properties"]) if features else []
    return fields, features


def _frame(path: Path, features: list[dict], columns: list[str]) -> gpd.GeoDataFrame:
    """``columns`` of the features with their geometry (WGS84 → RD New)."""
    table = pd.DataFrame([{c: f["properties"].get(c) for c in columns} for f in features])
    geometry = [
        shapely.geometry.shape(f["geometry"]) if f.get("geometry") else None for f in features
    ]
    frame = gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")
    return files.normalise_geodata(frame, path.name)


def reference_figures(table: pd.DataFrame, codes: pd.Series) -> pd.DataFrame:
    """PBL's 2019 reference demand as buurt totals (GJ/yr) and CO₂ (t/yr), long format.

    >>> t = pd.DataFrame({"I11_aantalweq": ["10"], "ref_2019_H02": ["50"], "ref_2019_H03": ["4"],
    ...                   "ref_2019_H09": ["53"], "ref_2019_H15": ["4351"]})
    >>> reference_figures(t, pd.Series(["BU1"])).set_index("indicator")["value"].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'pbl_ref2019_ruimteverwarming_gj': 500.0, 'pbl_ref2019_warm_tapwater_gj': 40.0,
     'pbl_ref2019_warmtevraag_gj': 540.0, 'pbl_ref2019_aardgas_gj': 530.0,
     'pbl_ref2019_co2_ton': 4351.0}
    """
    weq = tables.numeric(table["I11_aantalweq"])
    parts = []
    for indicator, fields in REFERENCE.items():
        if not all(f in table.columns for f in fields):
            continue
        per_weq = sum(tables.numeric(table[f]) for f in fields)
        parts.append(_long(codes, indicator, per_weq * weq, "GJ"))
    if "ref_2019_H15" in table.columns:
        parts.append(
            _long(codes, "pbl_ref2019_co2_ton", tables.numeric(table["ref_2019_H15"]), "ton")
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _long(codes: pd.Series, indicator: str, values: pd.Series, unit: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": codes.to_numpy(),
            "year": YEAR,
            "indicator": indicator,
            "value": values.astype(float).to_numpy(),
            "unit": unit,
            "source": f"{SOURCE} (referentie 2019, per woningequivalent × woningequivalenten)",
        }
    )


def _areas(frame: gpd.GeoDataFrame, codes: pd.Series) -> gpd.GeoDataFrame:
    names = frame.get("I02_buurtnaam", codes)
    names = names.where(names.notna() & (names.astype(str).str.strip() != ""), codes)
    areas = gpd.GeoDataFrame(
        {
            "code": codes.to_numpy(),
            "name": names.astype(str).to_numpy(),
            "level": "buurt",
            "gemeente_code": [f"GM{c[2:6]}" for c in codes],
            "wijk_code": [f"WK{c[2:8]}" for c in codes],
            "year": YEAR,
            "pbl_strategie": (
                frame["sln_V01"].where(frame["sln_V01"].astype(str).str.strip() != "").to_numpy()
                if "sln_V01" in frame
                else None
            ),
        },
        geometry=frame.geometry.to_numpy(),
        crs=RD_NEW,
    )
    empty = areas.geometry.isna() | areas.geometry.is_empty
    return areas[~empty].reset_index(drop=True)


__all__ = ["read_startanalyse", "reference_figures"]
