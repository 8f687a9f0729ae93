"""Surplus heat per demand group: candidate heat sources assigned to units (pure).

Section 4.5.3 of the source document: "per groep wordt de totale energie/warmtevraag (en
eventueel overschot) berekend". The only surplus data we hold are PBL's candidate heat sources
(points with capacity, :data:`transitieatlas.frames.HEAT_SOURCE_COLUMNS`). A source is assigned

- at ``pand`` level to the pand whose footprint contains the point, else to the nearest pand
  within ``surplus_max_distance_m`` (sources are geocoded at a site address, not on a roof);
- at ``cel``/``buurt`` level to the area containing the point, and within it to the area's
  non-residential unit with the largest floor area; these levels hold dwellings only, so the
  source is then named in a note instead (:func:`unassigned_notes`).

Per unit (then summed per group, :data:`FIGURES`): number of sources, known capacity (MW, sum
of the capacities that are known) and yearly heat (GJ/yr) = MW × full-load hours × 3.6 GJ/MWh
only for source types with a cited full-load-hours figure (``surplus_full_load_hours_<type>``
in ``data/vraaggroepen_constants.csv``); the file's ``capfactor`` is not a load factor (see
:mod:`transitieatlas.sources.heatsources`), so it is not used. Method: ``docs/methode-vraaggroepen.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from transitieatlas.text import format_number

GJ_PER_MWH = 3.6
"""1 MWh = 3.6 GJ (exact)."""
FIGURES = ("surplus_sources", "surplus_mw", "surplus_mw_known", "surplus_gj", "surplus_gj_known")
"""Per unit, summed per group: sources, the sum of known capacities (MW), how many capacities
are known, the sum of known yearly heat (GJ/yr) and how many of those are known."""
HOURS_PREFIX = "surplus_full_load_hours_"
DISTANCE_KEY = "surplus_max_distance_m"


def full_load_hours(constants: Mapping[str, float]) -> dict[str, float]:
    """Full-load hours per source type (lower case) from the constants table.

    >>> full_load_hours({"surplus_full_load_hours_geothermie": 6000.0, "other": 1.0})
    {'geothermie': 6000.0}
    """
    return {
        k[len(HOURS_PREFIX) :]: float(v) for k, v in constants.items() if k.startswith(HOURS_PREFIX)
    }


def source_heat_gj(sources: pd.DataFrame, hours: Mapping[str, float]) -> np.ndarray:
    """Yearly heat per source (GJ/yr) = MW × full-load hours × 3.6; NaN without a capacity or
    without a cited full-load-hours figure for its type.

    >>> s = pd.DataFrame({"vermogen_mw": [2.0, 2.0, np.nan], "type_bron": ["Geothermie", "Industrie", "Geothermie"]})
    >>> source_heat_gj(s, {"geothermie": 6000.0}).tolist()
    [43200.0, nan, nan]
    """
    kind = sources["type_bron"].astype("string").str.strip().str.lower()
    per_type = kind.map(dict(hours)).astype(float).to_numpy()
    mw = pd.to_numeric(sources["vermogen_mw"], errors="coerce").to_numpy(dtype=float)
    return mw * per_type * GJ_PER_MWH


def assign_to_panden(
    sources: gpd.GeoDataFrame, panden: gpd.GeoDataFrame, max_distance_m: float
) -> pd.DataFrame:
    """Per source (index = source ``id``): ``unit`` (the pand's index value or None) and
    ``distance_m`` (0 inside the footprint; NaN when no pand lies within ``max_distance_m``).

    Inside a footprint wins; otherwise the nearest pand within the distance (ties: first).
    Only the panden whose bounding box lies within the distance are measured, so a few sources
    among 50 000 panden cost milliseconds (no spatial index is built per call).
    """
    ids = pd.Index(sources["id"].astype(str).to_numpy(), name="id")
    units = np.full(len(ids), None, dtype=object)
    distances = np.full(len(ids), np.nan)
    shapes = panden.geometry.to_numpy()
    if len(ids) and len(shapes):
        bounds = shapely.bounds(shapes)
        xs = shapely.get_x(sources.geometry.to_numpy())
        ys = shapely.get_y(sources.geometry.to_numpy())
        for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
            near = np.flatnonzero(
                (bounds[:, 0] <= x + max_distance_m) & (bounds[:, 2] >= x - max_distance_m)
                & (bounds[:, 1] <= y + max_distance_m) & (bounds[:, 3] >= y - max_distance_m)
            )  # fmt: skip
            if not len(near):
                continue
            gaps = shapely.distance(shapes[near], shapely.Point(x, y))
            best = int(np.nanargmin(gaps)) if np.isfinite(gaps).any() else -1
            if best >= 0 and gaps[best] <= max_distance_m:
                units[k] = panden.index[near[best]]
                distances[k] = float(gaps[best])
    return pd.DataFrame({"unit": units, "distance_m": distances}, index=ids)


def assign_to_areas(sources: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> pd.Series:
    """The ``code`` of the area containing each source (index = source ``id``; None outside)."""
    index = pd.Index(sources["id"].astype(str).to_numpy(), name="id")
    out = pd.Series([None] * len(sources), index=index, dtype=object)
    if sources.empty or areas.empty:
        return out
    points = gpd.GeoDataFrame(
        {"source": index.to_numpy()}, geometry=sources.geometry.to_numpy(), crs=sources.crs
    )
    joined = gpd.sjoin(points, areas[["code", "geometry"]].to_crs(sources.crs), predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    out.loc[joined["source"].to_numpy()] = joined["code"].to_numpy()
    return out


def non_residential_unit(units: pd.DataFrame, area_of_source: pd.Series) -> pd.Series:
    """Per source in an area, the area's non-residential unit (``functie`` == ``utiliteit``)
    with the largest floor area (None when the area has none, as at cel/buurt level today)."""
    out = pd.Series([None] * len(area_of_source), index=area_of_source.index, dtype=object)
    if "functie" not in units or units.empty:
        return out
    utility = units[units["functie"].eq("utiliteit")]
    if utility.empty:
        return out
    area = pd.to_numeric(utility.get("floor_area_m2"), errors="coerce").fillna(-1.0)
    best = area.groupby(utility["code"].to_numpy()).idxmax().to_dict()
    return pd.Series(
        [best.get(code) if code is not None else None for code in area_of_source],
        index=area_of_source.index,
        dtype=object,
    )


def per_unit(
    sources: pd.DataFrame, unit_of_source: pd.Series, gj: np.ndarray, index: pd.Index
) -> pd.DataFrame:
    """The :data:`FIGURES` per unit (``index``); units without a source get zeros."""
    mw = pd.to_numeric(sources["vermogen_mw"], errors="coerce").to_numpy(dtype=float)
    frame = pd.DataFrame(
        {
            "unit": unit_of_source.reindex(sources["id"].astype(str)).to_numpy(),
            "surplus_sources": 1.0,
            "surplus_mw": np.nan_to_num(mw),
            "surplus_mw_known": np.isfinite(mw).astype(float),
            "surplus_gj": np.nan_to_num(gj),
            "surplus_gj_known": np.isfinite(gj).astype(float),
        }
    )
    frame = frame[frame["unit"].notna()]
    sums = frame.groupby("unit")[list(FIGURES)].sum()
    return sums.reindex(index).fillna(0.0)


def group_figures(sums: Mapping[str, float]) -> tuple[float, float, float]:
    """``(sources, MW, GJ/yr)`` of a group from its summed :data:`FIGURES`: a figure with no
    known value among the group's sources is NaN (unknown), with no sources 0; NaN without
    surplus data at all.

    >>> group_figures({"surplus_sources": 2, "surplus_mw": 5.0, "surplus_mw_known": 1,
    ...                "surplus_gj": 0.0, "surplus_gj_known": 0})
    (2.0, 5.0, nan)
    >>> group_figures({"surplus_sources": 0, "surplus_mw": 0, "surplus_mw_known": 0,
    ...                "surplus_gj": 0, "surplus_gj_known": 0})
    (0.0, 0.0, 0.0)
    """
    count = float(sums.get("surplus_sources", np.nan))
    if not np.isfinite(count):
        return np.nan, np.nan, np.nan

    def known(value: str, known_count: str) -> float:
        if count == 0:
            return 0.0
        return float(sums[value]) if float(sums.get(known_count, 0.0)) > 0 else np.nan

    return count, known("surplus_mw", "surplus_mw_known"), known("surplus_gj", "surplus_gj_known")


def describe_source(source: pd.Series) -> str:
    """A source in a note: name, type and capacity (Dutch).

    >>> describe_source(pd.Series({"naam": "Zuivel BV", "type_bron": None, "vermogen_mw": 16.83}))
    'Zuivel BV (type onbekend, 16,83 MW)'
    """
    kind = source.get("type_bron")
    kind = kind if isinstance(kind, str) and kind else "type onbekend"
    mw = source.get("vermogen_mw")
    power = (
        f"{format_number(float(mw), 2)} MW"
        if mw is not None and np.isfinite(mw)
        else "vermogen onbekend"
    )
    return f"{source.get('naam')} ({kind}, {power})"


def unassigned_notes(sources: pd.DataFrame, where: pd.Series, reason: str) -> list[str]:
    """One Dutch note per source that lies in the area but is assigned to no group.

    ``where``: per source id the place named in the note (a buurt or cell code, or the area).
    """
    rows = sources.set_index(sources["id"].astype(str))
    return [
        f"bron {describe_source(rows.loc[sid])} ligt in {place} maar is aan geen groep toe te wijzen: {reason}"
        for sid, place in where.items()
    ]


def data_notes(sources: pd.DataFrame, hours: Mapping[str, float]) -> list[str]:
    """How many of the area's sources have no capacity and no yearly figure (Dutch)."""
    if sources.empty:
        return []
    gj = source_heat_gj(sources, hours)
    no_mw = int(pd.to_numeric(sources["vermogen_mw"], errors="coerce").isna().sum())
    no_gj = int(np.isnan(gj).sum())
    typed = ", ".join(sorted(hours)) or "geen"
    return [
        f"overschot: {len(sources)} warmtebronnen in of bij het gebied; {no_mw} zonder vermogen, "
        f"{no_gj} zonder jaarcijfer (GJ/jaar): alleen voor typen met een bronvermeld aantal "
        f"vollasturen ({typed}); de capfactor van het bronbestand is geen bedrijfstijd"
    ]


__all__ = [
    "FIGURES",
    "GJ_PER_MWH",
    "assign_to_areas",
    "assign_to_panden",
    "data_notes",
    "describe_source",
    "full_load_hours",
    "group_figures",
    "non_residential_unit",
    "per_unit",
    "source_heat_gj",
    "unassigned_notes",
]
