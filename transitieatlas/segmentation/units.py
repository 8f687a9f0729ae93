"""The units a scheme classifies, at three levels (pure: frames in, frames out).

- ``pand``: one unit per BAG pand (:func:`units_from_panden`);
- ``cel`` / ``buurt``: the heat module's dwelling stock of each area (rows per type ×
  construction period × label, see :mod:`transitieatlas.heat.stock`) split once more by
  tenure (koop / corporatie / particuliere huur) in proportion to the area's shares
  (:func:`units_from_stock`). A group then gets a fraction of an area's dwellings.

Every unit carries the figures that are summed per group (:data:`FIGURES`) and the
attributes rules read (:data:`transitieatlas.segmentation.scheme.ATTRIBUTES`); an attribute
the source does not give is missing (None/NaN), and a condition on it does not hold.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from transitieatlas.heat import stock as heat_stock
from transitieatlas.heat import utility as heat_utility

FIGURES = (
    "buildings", "dwellings", "floor_area_m2", "heat_demand_gj", "owner_dwellings",
    "buyers_per_year", "new_build_buildings",
)  # fmt: skip
"""Per unit, summed per group: panden (1 each; unknown at cel/buurt level), dwellings,
floor area (m², where known), heat demand (GJ/yr, heat module), owner-occupied dwellings,
estimated buyers of an existing owner-occupied home per year (owner-occupied dwellings ×
the yearly turnover rate) and new-build panden (BAG status permit granted or construction
started; unknown at cel/buurt level)."""

TENURES = ("koop", "corporatie", "particuliere huur")
NEW_BUILD_STATUSES = ("Bouwvergunning verleend", "Bouw gestart")
"""BAG pand statuses of homes still to come: the buyers of new homes (a natural moment)."""


def new_build(status: pd.Series | None, length: int) -> np.ndarray:
    """True for panden with a new-build status, False for other statuses, None without status.

    >>> new_build(pd.Series(["Bouw gestart", "Pand in gebruik", None]), 3).tolist()
    [True, False, None]
    """
    if status is None:
        return np.full(length, None, dtype=object)
    flags = status.isin(NEW_BUILD_STATUSES).to_numpy(dtype=object)
    flags[status.isna().to_numpy()] = None
    return flags


def class_midpoint(name: str, oldest: int = 1900) -> float:
    """Representative construction year of a Vesta class (its middle year).

    >>> class_midpoint("1965 - 1974"), class_midpoint("voor 1930")
    (1969.5, 1914.5)
    """
    for label, start, end in heat_stock.VESTA_CLASSES:
        if label == name:
            first = oldest if start == 0 else start
            last = min(end, 2020)
            return (first + last) / 2.0
    return float("nan")


def units_from_panden(
    panden: gpd.GeoDataFrame,
    area_codes: pd.Series,
    area_values: pd.DataFrame | None = None,
    business_parks: gpd.GeoDataFrame | None = None,
    owner_default: float = 0.574,
    turnover: float = float("nan"),
    heat: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """One unit per pand, index = pand ``id``.

    ``area_codes``: the area (buurt or gemeente) of each pand, same index as ``panden``;
    ``area_values``: per area code optional ``pct_koopwoningen`` (%) and ``gem_woz_woning``
    (x 1 000 euro), applied to the panden in it. Dwellings and heat come from the heat module
    (:func:`transitieatlas.heat.utility.heat_of_panden`): only panden with a *woonfunctie*
    have dwellings; heat counts dwellings and non-residential objects (Vesta kengetallen
    utiliteit); panden whose use BAG does not give (no verblijfsobjecten) have unknown
    dwellings and heat (NaN).
    """
    frame = panden.reset_index(drop=True)
    codes = pd.Series(np.asarray(area_codes), index=frame.index)
    ids = frame["id"].astype(str)
    use_known = (
        frame["gebruiksdoel"].notna()
        if "gebruiksdoel" in frame
        else pd.Series(False, index=frame.index)
    )
    if heat is None:
        heat = pand_heat(frame[use_known], ids[use_known])
    known = use_known.to_numpy(dtype=bool)
    dwellings = pd.to_numeric(heat["dwellings"].reindex(ids), errors="coerce").fillna(0.0)
    dwellings = np.where(known, dwellings.to_numpy(dtype=float), np.nan)
    heat_gj = pd.to_numeric(heat["heat_demand_gj"].reindex(ids), errors="coerce").fillna(0.0)
    heat_gj = np.where(known, heat_gj.to_numpy(dtype=float), np.nan)
    values = (area_values if area_values is not None else pd.DataFrame()).reindex(codes)
    owner = (
        pd.to_numeric(values.get("pct_koopwoningen"), errors="coerce").to_numpy(dtype=float) / 100.0
        if "pct_koopwoningen" in values
        else np.full(len(frame), np.nan)
    )
    owner = np.where(np.isfinite(owner), owner, owner_default)
    count = np.nan_to_num(dwellings)
    functie = np.where(~known, "onbekend", np.where(count > 0, "woning", "utiliteit"))
    woningtype = np.full(len(frame), None, dtype=object)
    woningtype[count == 1] = "eengezins"
    woningtype[count > 1] = "meergezins"
    area = _floor_area(frame)
    status = frame.get("status")
    fresh = new_build(status, len(frame))
    is_new = (
        status.isin(NEW_BUILD_STATUSES).to_numpy(dtype=bool)
        if status is not None
        else np.zeros(len(frame), dtype=bool)
    )
    owned = np.nan_to_num(dwellings) * owner
    centroids = frame.geometry.centroid
    units = gpd.GeoDataFrame(
        {
            "unit": ids.to_numpy(),
            "code": codes.to_numpy(),
            "buildings": 1.0,
            "dwellings": dwellings,
            "floor_area_m2": area.to_numpy(),
            "heat_demand_gj": heat_gj,
            "owner_dwellings": owned,
            "buyers_per_year": np.where(
                is_new, 0.0, np.where(np.isfinite(dwellings), owned * turnover, np.nan)
            ),
            "new_build_buildings": is_new.astype(float),
            "nieuwbouw": fresh,
            "gebruiksdoel": frame["gebruiksdoel"].to_numpy() if "gebruiksdoel" in frame else None,
            "functie": functie,
            "bouwjaar": pd.to_numeric(frame["bouwjaar"], errors="coerce").to_numpy(),
            "woningtype": woningtype,
            "oppervlakte_m2": area.to_numpy(),
            "grondvlak_m2": frame.geometry.area.to_numpy(),
            "label": frame["label"].to_numpy() if "label" in frame else None,
            "eigendom": None,
            "woz": pd.to_numeric(values.get("gem_woz_woning"), errors="coerce").to_numpy()
            if "gem_woz_woning" in values
            else np.nan,
            "woningdichtheid": _panden_per_cell(centroids),
            "bedrijventerrein": _inside(centroids, business_parks),
        },
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    return units.set_index(pd.Index(ids.to_numpy(), name="id"))


def _panden_per_cell(centroids: gpd.GeoSeries) -> np.ndarray:
    """Per pand, the number of panden whose centroid lies in the same CBS 100 m cell (the cell
    of :func:`transitieatlas.heat.stock.cell_id`), vectorised; NaN for a missing centroid."""
    x = shapely.get_x(centroids.to_numpy())
    y = shapely.get_y(centroids.to_numpy())
    known = np.isfinite(x) & np.isfinite(y)
    out = np.full(len(x), np.nan)
    if known.any():
        # One integer per cell (hectometre column, row; RD y < 1 000 km so the row fits 4 digits).
        cells = np.floor_divide(x[known], 100) * 10_000 + np.floor_divide(y[known], 100)
        _, inverse, counts = np.unique(cells, return_inverse=True, return_counts=True)
        out[known] = counts[inverse].astype(float)
    return out


def pand_heat(panden: gpd.GeoDataFrame, ids: pd.Series) -> pd.DataFrame:
    """Dwellings and heat demand (GJ/yr: ``heat_demand_gj`` of dwellings and utility objects,
    ``utility_heat_demand_gj`` of the latter) per pand id (index ``code``), by the heat module
    (:func:`transitieatlas.heat.utility.heat_of_panden`); only panden with a gebruiksdoel."""
    columns = ["dwellings", "heat_demand_gj", "utility_heat_demand_gj"]
    if panden.empty:
        return pd.DataFrame(columns=columns, dtype=float)
    return heat_utility.heat_of_panden(panden, codes=ids)[columns]


def _floor_area(frame: pd.DataFrame) -> pd.Series:
    """Floor area of a pand (m²): the BAG sum of its units, else (smallest + largest unit) / 2
    × the number of units (an estimate for the WFS schema), else NaN."""
    if "oppervlakte_m2" in frame and frame["oppervlakte_m2"].notna().any():
        return pd.to_numeric(frame["oppervlakte_m2"], errors="coerce")
    if {"oppervlakte_min", "oppervlakte_max", "aantal_verblijfsobjecten"} <= set(frame.columns):
        mid = (
            pd.to_numeric(frame["oppervlakte_min"], errors="coerce")
            + pd.to_numeric(frame["oppervlakte_max"], errors="coerce")
        ) / 2.0
        return mid * pd.to_numeric(frame["aantal_verblijfsobjecten"], errors="coerce")
    return pd.Series(np.nan, index=frame.index)


def _inside(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame | None) -> np.ndarray:
    """True/False per point when polygons are given, else None (unknown)."""
    if polygons is None or polygons.empty:
        return np.full(len(points), None, dtype=object)
    joined = gpd.sjoin(
        gpd.GeoDataFrame(geometry=points.to_numpy(), crs=points.crs),
        polygons[["geometry"]].to_crs(points.crs),
        how="left",
        predicate="within",
    )
    hit = joined["index_right"].notna().groupby(level=0).any()
    return hit.reindex(range(len(points))).fillna(False).to_numpy(dtype=object)


def units_from_stock(
    rows: pd.DataFrame,
    area_values: pd.DataFrame,
    defaults: Mapping[str, float],
    oldest: int = 1900,
) -> pd.DataFrame:
    """Units from heat-stock rows with heat (:func:`heat.stock.stock_rows_gj`), split by tenure.

    ``area_values`` per area code: ``share_koop``, ``share_corporatie`` (0–1, NaN = unknown →
    ``defaults['share_owner_occupied_default']`` / ``['share_corporatie_default']``),
    ``woz`` (x 1 000 €), ``woningdichtheid`` (dwellings/ha). Figures of every row are
    multiplied by the tenure share, so the units of an area sum exactly to its stock.
    """
    values = area_values.reindex(rows["code"])
    koop = pd.to_numeric(values.get("share_koop"), errors="coerce").to_numpy(dtype=float)
    corp = pd.to_numeric(values.get("share_corporatie"), errors="coerce").to_numpy(dtype=float)
    koop = np.where(np.isfinite(koop), koop, defaults["share_owner_occupied_default"])
    corp = np.where(np.isfinite(corp), corp, defaults["share_corporatie_default"])
    koop = np.clip(koop, 0.0, 1.0)
    corp = np.clip(np.minimum(corp, 1.0 - koop), 0.0, 1.0)
    shares = {"koop": koop, "corporatie": corp, "particuliere huur": 1.0 - koop - corp}
    years = rows["bouwjaarklasse"].map(lambda c: class_midpoint(c, oldest)).to_numpy()
    base = pd.DataFrame(
        {
            "code": rows["code"].to_numpy(),
            "gebruiksdoel": "woonfunctie",
            "functie": "woning",
            "bouwjaar": years,
            "woningtype": rows["woningtype"].to_numpy(),
            "oppervlakte_m2": rows["floor_area_used_m2"].to_numpy(),
            "grondvlak_m2": np.nan,
            "label": rows["label"].where(rows["label"].isin(tuple("ABCDEFG")), None).to_numpy()
            if "label" in rows
            else None,
            "woz": pd.to_numeric(values.get("woz"), errors="coerce").to_numpy(dtype=float),
            "woningdichtheid": pd.to_numeric(
                values.get("woningdichtheid"), errors="coerce"
            ).to_numpy(dtype=float),
            "bedrijventerrein": None,
            "nieuwbouw": None,
        }
    )
    turnover = float(defaults.get("turnover_existing_owner_per_year", np.nan))
    parts = []
    for tenure in TENURES:
        share = shares[tenure]
        part = base.copy()
        part["eigendom"] = tenure
        part["buildings"] = np.nan
        part["dwellings"] = rows["dwellings"].to_numpy() * share
        part["floor_area_m2"] = part["dwellings"] * rows["floor_area_used_m2"].to_numpy()
        part["heat_demand_gj"] = rows["heat_demand_gj"].to_numpy() * share
        part["owner_dwellings"] = part["dwellings"] if tenure == "koop" else 0.0
        part["buyers_per_year"] = part["owner_dwellings"] * turnover
        part["new_build_buildings"] = np.nan
        parts.append(part[part["dwellings"] > 0])
    units = pd.concat(parts, ignore_index=True)
    units["unit"] = units["code"] + "#" + units.index.astype(str)
    return units
