"""Heat demand of non-residential buildings (*utiliteit*) from BAG panden, by the Vesta kengetallen.

Per utility verblijfsobject (PBL Vesta MAIS, ``data/vesta_kengetallen_utiliteit.csv``)::

    space heating (GJ/yr) = vrv_<label>_asl + vrv_<label>_opp × A
    hot water (GJ/yr)     = vww_asl + vww_opp × A

with A the object's floor area in m² (not clamped: Vesta clamps only dwellings), the
function from the BAG gebruiksdoel (:data:`UTIL_TYPES`; an object with several uses takes the
first in Vesta's order :data:`PRIORITY`), the period from the pand's bouwjaar
(:data:`UTIL_CLASSES`, else ``onbekend``) and the label from EP-Online when known, else
Vesta's default label for function × period. Areas 1, 9999, 99999 and 999999 m² are BAG
placeholders (Vesta: ``rare_waarden``) and count as unknown. Like for dwellings these are
*useful* heat; ``final_energy_gj`` divides by the same boiler efficiencies.

A pand in the PDOK WFS schema lists its uses and the smallest and largest object, not the
objects one by one. Assumptions (status *aanname*, method note ``docs/methode-warmtevraag.md``):
utility objects = verblijfsobjecten − dwellings (:func:`heat.stock.stock_from_panden`: all
of them without a *woonfunctie*, else one per other use); they are spread evenly over the
pand's non-residential uses; each has the mean of the smallest and largest object as area.
A pand without a known area gets no figure (counted, never invented). As Vesta's default run
(``IndustrieDoetMee = 1`` in ``Runs/DefaultSettings/Basis.dms``: objects whose only use is
*industriefunctie* are left out, their process heat is not modelled), panden whose only
non-residential use is industrie get no utility objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from transitieatlas.heat import common as heat_base
from transitieatlas.heat import stock as heat_stock

UTIL_TYPES: dict[str, str] = {
    "kantoorfunctie": "kantoor",
    "winkelfunctie": "winkel",
    "gezondheidszorgfunctie": "gezondheidszorg",
    "logiesfunctie": "logies",
    "onderwijsfunctie": "onderwijs",
    "industriefunctie": "industrie",
    "bijeenkomstfunctie": "bijeenkomst",
    "sportfunctie": "sport",
    "overige gebruiksfunctie": "overig",
    "celfunctie": "cel",
}
"""BAG gebruiksdoel → Vesta utility type (``model/Classifications.dms``, UtilTypeBestaand)."""

PRIORITY = (
    "cel",
    "onderwijs",
    "industrie",
    "sport",
    "gezondheidszorg",
    "kantoor",
    "bijeenkomst",
    "winkel",
    "logies",
    "overig",
)
"""Vesta's order for an object with several uses (``model/RuimtelijkeData/bag.dms``,
``gebruiksdoel_index`` [9,4,5,7,2,0,6,1,3,8] over UtilTypeBestaand)."""

UTIL_CLASSES: tuple[tuple[str, int, int], ...] = (
    ("voor 1920", 0, 1919),
    ("1920 - 1974", 1920, 1974),
    ("1975 - 1989", 1975, 1989),
    ("1990 - 1994", 1990, 1994),
    ("vanaf 1995", 1995, 9999),
)
"""Vesta's construction-period classes of utility buildings (inclusive years; class breaks
0, 1920, 1975, 1990, 1995 of ``BouwjaarUtilBestaand``); no year → ``onbekend``."""

PLACEHOLDER_AREAS = (1.0, 9999.0, 99999.0, 999999.0)
"""BAG floor areas that are placeholders, not measurements (Vesta ``rare_waarden``)."""

STOCK_COLUMNS = [
    "code",
    "pand",
    "utiltype",
    "gebruiksdoel",
    "bouwjaarklasse",
    "objects",
    "floor_area_m2",
    "label",
]
"""Utility stock: one row per pand × utility type; ``objects`` verblijfsobjecten of
``floor_area_m2`` m² each (NaN = unknown), ``label`` A–G or None."""


def util_class(year: float | None) -> str:
    """Vesta's utility construction-period class of a year.

    >>> util_class(1920), util_class(1995), util_class(float("nan"))
    ('1920 - 1974', 'vanaf 1995', 'onbekend')
    """
    if year is None or not np.isfinite(year) or year < 1000 or year >= 9999:
        return "onbekend"
    for name, start, end in UTIL_CLASSES:
        if start <= year <= end:
            return name
    return "onbekend"


def utility_uses(gebruiksdoel: object) -> list[str]:
    """The Vesta utility types in a BAG gebruiksdoel list, in Vesta's priority order.

    >>> utility_uses("winkelfunctie, woonfunctie, kantoorfunctie")
    ['kantoor', 'winkel']
    """
    if not isinstance(gebruiksdoel, str):
        return []
    found = {UTIL_TYPES[u.strip()] for u in gebruiksdoel.split(",") if u.strip() in UTIL_TYPES}
    return [t for t in PRIORITY if t in found]


def _object_area(frame: pd.DataFrame) -> pd.Series:
    """Floor area per verblijfsobject (m²): mean of smallest and largest, else the pand's
    ``oppervlakte_m2`` / objects; placeholders and non-positive values are unknown."""
    if {"oppervlakte_min", "oppervlakte_max"} <= set(frame.columns):
        low = pd.to_numeric(frame["oppervlakte_min"], errors="coerce")
        high = pd.to_numeric(frame["oppervlakte_max"], errors="coerce")
        low = low.where(~low.isin(PLACEHOLDER_AREAS))
        high = high.where(~high.isin(PLACEHOLDER_AREAS))
        area = (low.fillna(high) + high.fillna(low)) / 2.0
    elif "oppervlakte_m2" in frame:
        vbo = pd.to_numeric(frame.get("aantal_verblijfsobjecten", 1.0), errors="coerce")
        area = pd.to_numeric(frame["oppervlakte_m2"], errors="coerce") / vbo.where(vbo > 0, 1.0)
    else:
        area = pd.Series(np.nan, index=frame.index)
    return area.where(area > 0)


def utility_stock_from_panden(panden: pd.DataFrame, codes: pd.Series | None = None) -> pd.DataFrame:
    """Utility stock (:data:`STOCK_COLUMNS`) from BAG panden with ``gebruiksdoel``.

    ``codes``: the area of each pand (same index), else the pand's 100 m cell. Only panden in
    use (as for dwellings); ``label`` is taken from the panden when they have one (EP-Online).

    >>> p = pd.DataFrame({"id": ["1"], "gebruiksdoel": ["kantoorfunctie, onderwijsfunctie"],
    ...                   "bouwjaar": [1923], "aantal_verblijfsobjecten": [5],
    ...                   "oppervlakte_min": [163.0], "oppervlakte_max": [2272.0]})
    >>> s = utility_stock_from_panden(p, pd.Series(["X"]))
    >>> s[["utiltype", "objects", "floor_area_m2"]].values.tolist()
    [['onderwijs', 2.5, 1217.5], ['kantoor', 2.5, 1217.5]]
    """
    frame = panden
    if "status" in frame:
        status = frame["status"].astype(str)
        frame = frame[status.str.startswith(heat_stock.IN_USE_STATUSES) | frame["status"].isna()]
    if "gebruiksdoel" not in frame or frame.empty:
        return pd.DataFrame(columns=STOCK_COLUMNS)
    vbo = pd.to_numeric(frame.get("aantal_verblijfsobjecten", 1.0), errors="coerce")
    vbo = pd.Series(np.broadcast_to(vbo, len(frame)), index=frame.index).astype(float)
    vbo = vbo.where(vbo > 0, 1.0)
    area = _object_area(frame)
    if codes is None:
        code: Any = pd.Series(
            [heat_stock.cell_id(p.x, p.y) for p in frame.geometry.centroid], index=frame.index
        )
    else:
        code = codes.reindex(frame.index)
    labels = frame["label"] if "label" in frame else pd.Series(None, index=frame.index)
    ids = frame["id"] if "id" in frame else frame.get("identificatie", frame.index.to_series())
    rows: list[dict] = []
    for i, gebruiksdoel in frame["gebruiksdoel"].items():
        uses = utility_uses(gebruiksdoel)
        if not uses or uses == ["industrie"]:  # Vesta default: pure industry not modelled
            continue
        dwellings = heat_stock._dwellings_in_pand(str(gebruiksdoel), float(vbo[i]))
        objects = float(vbo[i]) - dwellings
        if objects <= 0:
            continue
        year = pd.to_numeric(pd.Series([frame.at[i, "bouwjaar"]]), errors="coerce").iloc[0]
        label = labels[i] if labels[i] in heat_stock.LABELS[1:] else None
        for use in uses:
            rows.append(
                {
                    "code": code[i],
                    "pand": str(ids[i]),
                    "utiltype": use,
                    "gebruiksdoel": str(gebruiksdoel),
                    "bouwjaarklasse": util_class(float(year)),
                    "objects": objects / len(uses),
                    "floor_area_m2": float(area[i]),
                    "label": label,
                }
            )
    out = pd.DataFrame(rows, columns=STOCK_COLUMNS)
    return out.dropna(subset=["code"]).reset_index(drop=True)


def utility_rows_gj(
    stock: pd.DataFrame,
    constants: Mapping[str, float] | None = None,
    kengetallen: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The stock rows with ``label_used`` and, for all objects of the row, ``space_heating_gj``,
    ``hot_water_gj``, ``heat_demand_gj``, ``final_energy_gj`` and ``floor_area_total_m2``
    (NaN where the area is unknown)."""
    values = heat_base.merged_constants(constants)
    table = heat_base.load_utility_kengetallen() if kengetallen is None else kengetallen
    keyed = table.set_index(["utiltype", "bouwjaarklasse"])
    keys = pd.MultiIndex.from_arrays([stock["utiltype"], stock["bouwjaarklasse"]])
    found = keyed.reindex(keys)
    label = stock["label"].where(stock["label"].isin(heat_stock.LABELS[1:]), None)
    label_used = label.fillna(pd.Series(found["default_label"].to_numpy(), index=stock.index))
    pick = {
        kind: np.array(
            [found[f"vrv_{lab}_{kind}"].to_numpy()[n] for n, lab in enumerate(label_used)],
            dtype=float,
        )
        if len(stock)
        else np.array([], dtype=float)
        for kind in ("asl", "opp")
    }
    area = pd.to_numeric(stock["floor_area_m2"], errors="coerce").to_numpy(dtype=float)
    objects = pd.to_numeric(stock["objects"], errors="coerce").to_numpy(dtype=float)
    space = np.clip(pick["asl"] + pick["opp"] * area, 0.0, None) * objects
    water = found["vww_asl"].to_numpy(dtype=float) + found["vww_opp"].to_numpy(dtype=float) * area
    water = water * objects
    out = stock.copy()
    out["label_used"] = label_used.to_numpy()
    out["floor_area_total_m2"] = area * objects
    out["space_heating_gj"] = space
    out["hot_water_gj"] = water
    out["heat_demand_gj"] = space + water
    out["final_energy_gj"] = (
        space / values["efficiency_space_heating"] + water / values["efficiency_hot_water"]
    )
    return out


def heat_demand_from_utility(
    stock: pd.DataFrame,
    constants: Mapping[str, float] | None = None,
    kengetallen: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Utility heat demand per area, index ``code``: ``utility_objects``,
    ``utility_objects_unknown_area``, ``utility_floor_area_m2``, ``space_heating_gj``,
    ``hot_water_gj``, ``heat_demand_gj``, ``final_energy_gj`` (GJ/yr).

    >>> s = pd.DataFrame({"code": ["X"], "pand": ["1"], "utiltype": ["kantoor"],
    ...                   "gebruiksdoel": ["kantoorfunctie"], "bouwjaarklasse": ["1920 - 1974"],
    ...                   "objects": [1.0], "floor_area_m2": [569.0], "label": [None]})
    >>> round(float(heat_demand_from_utility(s).loc["X", "heat_demand_gj"]), 4)
    174.4927
    """
    rows = utility_rows_gj(stock, constants, kengetallen)
    known = rows["floor_area_total_m2"].notna()
    rows["objects_unknown"] = np.where(known, 0.0, rows["objects"])
    grouped = rows.groupby("code")
    out = pd.DataFrame(
        {
            "utility_objects": grouped["objects"].sum(),
            "utility_objects_unknown_area": grouped["objects_unknown"].sum(),
            "utility_floor_area_m2": grouped["floor_area_total_m2"].sum(),
            "space_heating_gj": grouped["space_heating_gj"].sum(),
            "hot_water_gj": grouped["hot_water_gj"].sum(),
            "heat_demand_gj": grouped["heat_demand_gj"].sum(),
            "final_energy_gj": grouped["final_energy_gj"].sum(),
        }
    )
    out.index.name = "code"
    return out


UTILITY_NOTE = "incl. utiliteit (Vesta-kengetallen utiliteit per m²)"


def add_utility(dwellings: pd.DataFrame, utility: pd.DataFrame) -> pd.DataFrame:
    """A dwellings result (:func:`heat.stock.heat_demand_from_buildings`) plus utility demand
    per code: heat columns summed, ``utility_objects`` and ``utility_heat_demand_gj`` added.

    >>> d = pd.DataFrame({"dwellings": [2.0], "heat_demand_gj": [100.0], "space_heating_gj":
    ...     [80.0], "hot_water_gj": [20.0], "final_energy_gj": [110.0], "note": [""]},
    ...     index=pd.Index(["A"], name="code"))
    >>> u = pd.DataFrame({"utility_objects": [1.0], "heat_demand_gj": [50.0],
    ...     "space_heating_gj": [49.0], "hot_water_gj": [1.0], "final_energy_gj": [51.0]},
    ...     index=pd.Index(["B"], name="code"))
    >>> add_utility(d, u)[["dwellings", "heat_demand_gj", "utility_heat_demand_gj"]].values.tolist()
    [[2.0, 100.0, 0.0], [0.0, 50.0, 50.0]]
    """
    heat_cols = ("heat_demand_gj", "space_heating_gj", "hot_water_gj", "final_energy_gj")
    index = dwellings.index.union(utility.index)
    out = dwellings.reindex(index)
    out["dwellings"] = out["dwellings"].fillna(0.0)
    extra = utility.reindex(index)
    for column in heat_cols:
        out[column] = out[column].fillna(0.0) + extra[column].fillna(0.0)
    out["utility_objects"] = extra["utility_objects"].fillna(0.0)
    out["utility_heat_demand_gj"] = extra["heat_demand_gj"].fillna(0.0)
    if "method" in out:
        out["method"] = out["method"].fillna("buildings")
    if "note" in out:
        has = out["utility_objects"] > 0
        note = out["note"].fillna("").astype(str)
        out["note"] = np.where(has, np.where(note == "", "", note + "; ") + UTILITY_NOTE, note)
    out.index.name = "code"
    return out


def heat_of_panden(
    panden: pd.DataFrame,
    codes: pd.Series | None = None,
    constants: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Dwellings and utility objects of BAG panden together, per code (index ``code``):
    ``dwellings``, ``utility_objects``, ``heat_demand_gj`` (all), ``utility_heat_demand_gj``,
    ``space_heating_gj``, ``hot_water_gj``, ``final_energy_gj`` (GJ/yr)."""
    stock = heat_stock.stock_from_panden(panden, codes=codes)
    if stock.empty:
        columns = ["dwellings", "heat_demand_gj", "space_heating_gj", "hot_water_gj"]
        dwellings = pd.DataFrame(columns=[*columns, "final_energy_gj", "note"], dtype=float)
        dwellings.index.name = "code"
    else:
        dwellings = heat_stock.heat_demand_from_buildings(stock, constants)
    utility = utility_stock_from_panden(panden, codes)
    if utility.empty:
        out = dwellings.copy()
        out["utility_objects"] = 0.0
        out["utility_heat_demand_gj"] = 0.0
        return out
    return add_utility(dwellings, heat_demand_from_utility(utility, constants))


def pand_labels(labels: pd.DataFrame) -> pd.Series:
    """One energy label (A–G) per BAG pand id from EP-Online records (``pand_id``, ``label``):
    the most common label of its objects, a tie going to the worse label.

    >>> r = pd.DataFrame({"pand_id": ["1", "1", "2", "2", "2"],
    ...                   "label": ["B", "D", "A", "A", "C"]})
    >>> pand_labels(r).to_dict()
    {'1': 'D', '2': 'A'}
    """
    known = labels.dropna(subset=["pand_id", "label"])
    known = known[known["label"].isin(heat_stock.LABELS[1:])]
    if known.empty:
        return pd.Series(dtype=object)
    counts = known.groupby(["pand_id", "label"]).size().rename("n").reset_index()
    counts = counts.sort_values(["pand_id", "n", "label"], ascending=[True, False, False])
    first = counts.drop_duplicates("pand_id").set_index("pand_id")["label"]
    first.index = first.index.astype(str)
    return first
