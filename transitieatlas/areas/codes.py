"""Areas: CBS codes, the gemeente → wijk → buurt hierarchy and area sizes.

CBS codes (Kerncijfers Wijken en Buurten, wijk- en buurtkaart):

- gemeente ``GM`` + 4 digits, e.g. ``GM0080`` (Leeuwarden);
- wijk ``WK`` + 4 digits of the gemeente + 2 of the wijk, e.g. ``WK008000``;
- buurt ``BU`` + the wijk's 6 digits + 2 of the buurt, e.g. ``BU00800000``.

Areas of a municipal division without CBS code are ``<GMcode>-<local id>``
(e.g. ``GM0193-0101`` in Zwolle); their gemeente is the prefix.

>>> gemeente_of("BU00800105"), wijk_of("BU00800105"), level_of("WK008001")
('GM0080', 'WK008001', 'wijk')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.frames import COARSE_GRID_M

__all__ = [
    "level_of",
    "gemeente_of",
    "wijk_of",
    "validate_code",
    "area_ha",
    "hierarchy",
    "buurten_in",
    "areas_table",
]

_PATTERNS = {
    "gemeente": re.compile(r"^GM\d{4}$"),
    "wijk": re.compile(r"^WK\d{6}$"),
    "buurt": re.compile(r"^BU\d{8}$"),
    "local": re.compile(r"^GM\d{4}-[\w.]+$"),
}
M2_PER_HA = 10_000.0


def level_of(code: str) -> str | None:
    """``gemeente``, ``wijk`` or ``buurt`` for a CBS code (``buurt`` for municipal codes); else None."""
    code = code.strip().upper()
    for level in ("gemeente", "wijk", "buurt"):
        if _PATTERNS[level].match(code):
            return level
    return "buurt" if _PATTERNS["local"].match(code) else None


def gemeente_of(code: str) -> str | None:
    """The gemeente code that contains ``code`` (itself for a gemeente)."""
    code = code.strip().upper()
    level = level_of(code)
    if level is None:
        return None
    return code[:6] if code.startswith("GM") else "GM" + code[2:6]


def wijk_of(code: str) -> str | None:
    """The wijk code that contains a CBS buurt (itself for a wijk); None otherwise."""
    code = code.strip().upper()
    if _PATTERNS["wijk"].match(code):
        return code
    if _PATTERNS["buurt"].match(code):
        return "WK" + code[2:8]
    return None


def validate_code(code: str, level: str | None = None) -> str:
    """Normalised code, or an :class:`InputError` in Dutch saying what a valid code looks like."""
    norm = (code or "").strip().upper()
    found = level_of(norm)
    if found is None or (level is not None and found != level):
        examples = {"gemeente": "GM0080", "wijk": "WK008000", "buurt": "BU00800000"}
        want = level or "gemeente, wijk of buurt"
        hint = examples.get(level or "", "GM0080, WK008000 of BU00800000")
        raise InputError(f"'{code}' is geen geldige {want}code (voorbeeld: {hint}).")
    return norm


def area_ha(geometry: gpd.GeoSeries) -> pd.Series:
    """Area of each polygon in hectares, computed in RD New (EPSG:28992), 1 ha = 10 000 m²."""
    if geometry.crs is None or geometry.crs.to_epsg() != 28992:
        geometry = geometry.to_crs(28992)
    return geometry.area / M2_PER_HA


def hierarchy(areas: pd.DataFrame) -> pd.DataFrame:
    """One row per buurt with its ``wijk_code`` and ``gemeente_code``, filled from the codes where missing."""
    buurten = areas[areas["level"] == "buurt"][
        ["code", "name", "wijk_code", "gemeente_code"]
    ].copy()
    buurten["gemeente_code"] = buurten["gemeente_code"].fillna(buurten["code"].map(gemeente_of))
    buurten["wijk_code"] = buurten["wijk_code"].fillna(buurten["code"].map(wijk_of))
    return buurten.reset_index(drop=True)


def buurten_in(codes: Iterable[str], areas: pd.DataFrame) -> list[str]:
    """The buurt codes of a *gebiedsafbakening*: buurten as given, wijken and gemeenten expanded.

    ``areas`` is a frame with at least ``code``, ``level``, ``wijk_code``, ``gemeente_code``.
    Codes that are not in ``areas`` are refused with every unknown code listed.
    """
    table = hierarchy(areas)
    known = set(areas["code"])
    wanted = [c.strip().upper() for c in codes]
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise InputError("Onbekende gebiedscode(s): " + ", ".join(unknown))
    result: list[str] = []
    for code in wanted:
        level = level_of(code)
        if level == "gemeente":
            picked = table.loc[table["gemeente_code"] == code, "code"]
        elif level == "wijk":
            picked = table.loc[table["wijk_code"] == code, "code"]
        else:
            picked = pd.Series([code])
        result.extend(c for c in picked if c not in result)
    return result


def areas_table(areas: gpd.GeoDataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per area: ``code,name,gemeente_code,level,area_ha,area_source``.

    ``area_ha`` is the CBS statistic ``oppervlakte_totaal_ha`` when ``figures`` holds it
    (latest year), else the area of the RD polygon (``area_source`` says which).
    """
    table = pd.DataFrame(
        {
            "code": areas["code"].to_numpy(),
            "name": areas["name"].to_numpy(),
            "gemeente_code": areas["gemeente_code"]
            .fillna(areas["code"].map(gemeente_of))
            .to_numpy(),
            "level": areas["level"].to_numpy(),
            "area_ha": area_ha(areas.geometry).round(2).to_numpy(),
            "area_source": "polygoon (RD New)",
        }
    )
    if "precision_m" in areas:  # coarse polygons (e.g. the 2014 TopoJSON): say so
        coarse = pd.to_numeric(areas["precision_m"], errors="coerce").gt(COARSE_GRID_M)
        table.loc[coarse.to_numpy(), "area_source"] = (
            "grove polygoon (hoekpunten op een raster van ~300 m): onnauwkeurig"
        )
    if figures is not None and not figures.empty:
        rows = figures[figures["indicator"] == "oppervlakte_totaal_ha"].dropna(subset=["value"])
        latest = rows.sort_values("year").drop_duplicates("code", keep="last")
        stat: dict[str, float] = dict(
            zip(latest["code"], latest["value"].astype(float), strict=True)
        )
        has = table["code"].isin(list(stat))
        table.loc[has, "area_ha"] = [stat[c] for c in table.loc[has, "code"]]
        table.loc[has, "area_source"] = "CBS oppervlakte totaal"
    return table.sort_values("code").reset_index(drop=True)
