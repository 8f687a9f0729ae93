"""The business-park attribute at ``cel`` and ``buurt`` level (pure: frames in, frames out).

At pand level a pand is on a park when its centroid lies inside (:mod:`.units`). A cell or a
buurt is a count of dwellings without locations, so it is split instead: the share of the
area's polygon inside the union of the parks (intersection area / polygon area, RD New m²)
goes to an inside part (``bedrijventerrein`` true), the rest to an outside part (false).
Every figure of a unit row scales with its part. Assumption: the dwellings (and so floor
area, heat demand and owners) are spread evenly over the area's polygon. An area without
overlap stays whole and outside; an area wholly inside stays whole and inside.
Method note: ``docs/methode-vraaggroepen.md`` (section 1b).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from transitieatlas.segmentation.units import FIGURES

RD_NEW = "EPSG:28992"
LEVEL_NAMES = {"cel": "vierkant", "buurt": "buurt"}
SNAP = 1e-9
"""Shares within this of 0 or 1 (overlay rounding) count as 0 or 1: the area stays whole."""


def park_shares(areas: gpd.GeoDataFrame, parks: gpd.GeoDataFrame) -> pd.Series:
    """Per area ``code``, the share (0–1) of its polygon area (RD New m²) inside the union of
    ``parks``; NaN for an area without a polygon (or with zero area).

    >>> cell = gpd.GeoDataFrame({"code": ["c"]}, geometry=[shapely.box(0, 0, 100, 100)],
    ...                         crs=RD_NEW)
    >>> park = gpd.GeoDataFrame(geometry=[shapely.box(-50, 0, 25, 100)], crs=RD_NEW)
    >>> park_shares(cell, park).to_dict()
    {'c': 0.25}
    """
    geoms = _valid(_in_rd(areas))
    union = shapely.union_all(_valid(_in_rd(parks)))
    known = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    total = np.where(known, shapely.area(geoms), np.nan)
    hit = np.zeros(len(geoms), dtype=bool)
    hit[known] = shapely.intersects(geoms[known], union)
    inside = np.zeros(len(geoms))
    if hit.any():  # intersections only where the bounding test says they touch
        inside[hit] = shapely.area(shapely.intersection(geoms[hit], union))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, np.clip(inside / total, 0.0, 1.0), np.nan)
    # An area wholly inside (or outside) stays whole despite rounding in the overlay.
    share = np.where(share > 1.0 - SNAP, 1.0, np.where(share < SNAP, 0.0, share))
    return pd.Series(share, index=pd.Index(areas["code"].astype(str), name="code"), name="share")


def _in_rd(frame: gpd.GeoDataFrame) -> np.ndarray:
    """The geometries of ``frame`` in RD New (a frame without CRS is taken to be in RD New)."""
    return (frame.to_crs(RD_NEW) if frame.crs is not None else frame).geometry.to_numpy()


def _valid(geoms: np.ndarray) -> np.ndarray:
    """``geoms`` with invalid (self-crossing) polygons repaired, so the overlay cannot fail."""
    out = geoms.copy()
    broken = ~shapely.is_missing(out) & ~shapely.is_valid(out)
    if broken.any():
        out[broken] = shapely.make_valid(out[broken])
    return out


def split_by_share(units: pd.DataFrame, shares: pd.Series) -> pd.DataFrame:
    """``units`` (rows with ``code``) split into an inside part (``bedrijventerrein`` True,
    figures × share) and an outside part (False, figures − inside part); a row whose area has
    share 0 or 1 stays whole, a row whose share is unknown (NaN or absent) keeps
    ``bedrijventerrein`` unknown (None). Per row, inside + outside equal the original figures.

    >>> rows = pd.DataFrame({"code": ["a", "b", "c"], "unit": ["a#0", "b#1", "c#2"],
    ...                      "dwellings": [10.0, 4.0, 2.0]})
    >>> out = split_by_share(rows, pd.Series({"a": 0.3, "b": 0.0}))
    >>> out[["unit", "dwellings", "bedrijventerrein"]].values.tolist()
    [['a#0~in', 3.0, True], ['a#0~uit', 7.0, False], ['b#1', 4.0, False], ['c#2', 2.0, None]]
    """
    shares = shares[~shares.index.duplicated()]  # one share per code (the first)
    share = shares.reindex(units["code"].astype(str)).to_numpy(dtype=float)
    unknown = ~np.isfinite(share)
    partial = ~unknown & (share > 0.0) & (share < 1.0)
    flags = (share >= 1.0).astype(object)  # Python bools, None where unknown
    flags[unknown] = None
    whole = units.assign(bedrijventerrein=flags)
    if not partial.any():
        return whole.reset_index(drop=True)
    figures = [f for f in FIGURES if f in units]
    part = units[partial]
    inside = part.assign(
        **{f: part[f].to_numpy(dtype=float) * share[partial] for f in figures},
        bedrijventerrein=True,
    )
    outside = part.assign(
        **{f: part[f].to_numpy(dtype=float) - inside[f].to_numpy(dtype=float) for f in figures},
        bedrijventerrein=False,
    )
    if "unit" in units:
        inside["unit"] = part["unit"].astype(str) + "~in"
        outside["unit"] = part["unit"].astype(str) + "~uit"
    # Keep the original order: each split row becomes its inside part, then its outside part.
    position = np.arange(len(units), dtype=float)
    pieces = pd.concat(
        [
            whole[~partial].assign(_order=position[~partial]),
            inside.assign(_order=position[partial]),
            outside.assign(_order=position[partial] + 0.5),
        ]
    )
    return pieces.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


NOTE_START = "bedrijventerrein op "
"""How :func:`share_note` begins (the method clause is the note up to its first ';')."""


def method_clause(notes: tuple[str, ...] | list[str]) -> str | None:
    """The method part of the share note among ``notes`` (for each group's method), or None.

    >>> method_clause(["x", share_note(pd.Series({"a": 0.5}), "cel")])
    'bedrijventerrein op vierkantniveau: naar oppervlakteaandeel verdeeld (aanname: woningen gelijk verspreid over het vierkant)'
    """
    found = [n for n in notes if n.startswith(NOTE_START)]
    return found[0].split(";")[0] if found else None


def share_note(shares: pd.Series, level: str) -> str:
    """What the split did (Dutch, for the notes), with the assumption.

    >>> share_note(pd.Series({"a": 0.5, "b": 1.0, "c": 0.0, "d": np.nan}), "buurt")
    'bedrijventerrein op buurtniveau: naar oppervlakteaandeel verdeeld (aanname: woningen gelijk verspreid over de buurt); 2 van 4 buurten (deels) op een terrein; 1 buurten zonder vlak: onbekend'
    """
    name = LEVEL_NAMES.get(level, level)
    plural = "vierkanten" if level == "cel" else "buurten"
    touched = int((shares.fillna(0.0) > 0).sum())
    text = (
        f"{NOTE_START}{name}niveau: naar oppervlakteaandeel verdeeld (aanname: woningen "
        f"gelijk verspreid over {'het vierkant' if level == 'cel' else 'de buurt'}); "
        f"{touched} van {len(shares)} {plural} (deels) op een terrein"
    )
    missing = int(shares.isna().sum())
    if missing:
        text += f"; {missing} {plural} zonder vlak: onbekend"
    return text
