"""Heat demand of dwellings per area: shared constants, land area, density and calibration.

The methods live in their own modules and are listed in :mod:`transitieatlas.heat.methods`:

- :mod:`transitieatlas.heat.gas` (method ``gas``): measured gas use → final energy (lower
  heating value) → useful heat (boiler efficiency) → space heating / hot water / cooking;
- :mod:`transitieatlas.heat.stock` (method ``buildings``): dwellings per type × construction
  period (× energy label) × the PBL Vesta MAIS kengetallen (fixed GJ per dwelling + GJ per m²);
- :mod:`transitieatlas.heat.model` (method ``model``): a third party's modelled demand.

Every constant lives in ``data/heat_constants.csv`` (value, unit, source, status) and the
kengetallen in ``data/vesta_kengetallen.csv``; the method note for users is
``docs/methode-warmtevraag.md``. All energy figures are GJ per year; land area in ha.

The output frame of every method has the columns :data:`OUTPUT_COLUMNS`, one row per area.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from transitieatlas import config
from transitieatlas.errors import InputError
from transitieatlas.frames import COARSE_GRID_M

OUTPUT_COLUMNS = [
    "code",
    "name",
    "year",
    "method",
    "dwellings",
    "final_energy_gj",
    "heat_demand_gj",
    "space_heating_gj",
    "hot_water_gj",
    "cooking_gj",
    "land_area_ha",
    "land_area_source",
    "heat_density_gj_per_ha",
    "note",
]
"""Columns of a heat-demand result (``note`` says in Dutch what was assumed for that area)."""

LAND_FROM_FIGURE = "CBS oppervlakte land"
LAND_FROM_POLYGON = "polygoon (RD New, incl. water)"
LAND_FROM_CELL = "vierkant 100 m (1 ha)"
LAND_UNKNOWN = "onbekend (geen polygoon, geen CBS-oppervlakte)"
LAND_FROM_COARSE_POLYGON = "grove polygoon (hoekpunten op een raster van ~300 m): onnauwkeurig"
COARSE_NOTE = (
    "oppervlakte uit een grove kaart (hoekpunten op een raster van ~300 m): "
    "oppervlakte en warmtedichtheid onnauwkeurig"
)


def constants_path() -> Path:
    """``data/heat_constants.csv`` of this checkout."""
    return config.REFERENCE_DIR / "heat_constants.csv"


def kengetallen_path() -> Path:
    """``data/vesta_kengetallen.csv`` of this checkout."""
    return config.REFERENCE_DIR / "vesta_kengetallen.csv"


def utility_kengetallen_path() -> Path:
    """``data/vesta_kengetallen_utiliteit.csv`` of this checkout."""
    return config.REFERENCE_DIR / "vesta_kengetallen_utiliteit.csv"


@functools.lru_cache(maxsize=4)
def _read_constants(path: Path) -> tuple[tuple[str, float], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    problems = [
        f"regel {i + 2}: waarde '{r['value']}' is geen getal"
        for i, r in enumerate(rows)
        if not _is_number(r.get("value", ""))
    ]
    if problems:
        raise InputError(f"{path.name} is niet bruikbaar:", problems)
    return tuple((r["name"], float(r["value"])) for r in rows)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def load_constants(path: Path | None = None) -> dict[str, float]:
    """All heat constants by name (values in the unit stated in the CSV).

    >>> load_constants()["gas_lhv_mj_per_m3"]
    31.65
    """
    return dict(_read_constants(path or constants_path()))


def constants_table(path: Path | None = None) -> pd.DataFrame:
    """The constants table with name, value, unit, description, source and status (for display)."""
    return pd.read_csv(path or constants_path())


@functools.lru_cache(maxsize=4)
def _read_kengetallen(path: Path) -> pd.DataFrame:
    return pd.read_csv(path)


def load_kengetallen(path: Path | None = None) -> pd.DataFrame:
    """The Vesta MAIS kengetallen, one row per dwelling type × construction period.

    Columns ``woningtype``, ``bouwjaarklasse``, ``default_label``, ``vrv_<label>_asl``
    (space heating, GJ per dwelling per year), ``vrv_<label>_opp`` (GJ per m² per year) for
    labels N (no label), G … A, ``vww_asl`` (hot water, GJ per dwelling per year), ``source``.
    """
    return _read_kengetallen(path or kengetallen_path()).copy()


def load_utility_kengetallen(path: Path | None = None) -> pd.DataFrame:
    """The Vesta MAIS kengetallen of non-residential buildings (utiliteit), one row per
    function × construction period.

    Columns ``utiltype`` (kantoor, winkel, …), ``bouwjaarklasse``, ``default_label``,
    ``vrv_<label>_asl`` (space heating, GJ per verblijfsobject per year), ``vrv_<label>_opp``
    (GJ per m² per year), ``vww_asl`` / ``vww_opp`` (hot water, GJ per object / per m²),
    ``source``, ``status``.
    """
    return _read_kengetallen(path or utility_kengetallen_path()).copy()


def merged_constants(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The constants from the CSV with ``overrides`` applied (unknown names are refused)."""
    values = load_constants()
    unknown = sorted(set(overrides or {}) - set(values))
    if unknown:
        raise InputError("Onbekende constante(n) voor de warmtevraag: " + ", ".join(unknown))
    values.update(overrides or {})
    return values


def wide_figures(figures: pd.DataFrame, indicators: list[str] | None = None) -> pd.DataFrame:
    """Long figures (``code,year,indicator,value``) → one row per code, one column per indicator.

    Per code and indicator the latest year wins; column ``year`` holds the latest year of
    the code's figures. Index: ``code``.

    >>> long = pd.DataFrame({"code": ["BU1", "BU1"], "year": [2020, 2020],
    ...                      "indicator": ["woningvoorraad", "gem_aardgas_woning"],
    ...                      "value": [100.0, 1200.0]})
    >>> float(wide_figures(long).loc["BU1", "gem_aardgas_woning"])
    1200.0
    """
    frame = figures
    if indicators is not None:
        frame = frame[frame["indicator"].isin(indicators)]
    if frame.empty:
        return pd.DataFrame(columns=["year", *(indicators or [])], index=pd.Index([], name="code"))
    frame = frame.sort_values("year").drop_duplicates(["code", "indicator"], keep="last")
    wide = frame.pivot(index="code", columns="indicator", values="value")
    wide.columns.name = None
    wide.insert(0, "year", frame.groupby("code")["year"].max())
    return wide


def land_area(areas: pd.DataFrame, figures_wide: pd.DataFrame | None = None) -> pd.DataFrame:
    """Land area per area in ha: the figure ``oppervlakte_land_ha`` when known, else the polygon.

    ``areas`` is a GeoDataFrame with ``code`` and a geometry (any CRS; measured in RD New).
    Returns a frame indexed by ``code`` with ``land_area_ha`` and ``land_area_source``.
    The polygon area includes water, so it underestimates the density a little.
    """
    from transitieatlas.areas.codes import area_ha

    polygon = pd.Series(area_ha(areas.geometry).to_numpy(), index=areas["code"].to_numpy())
    out = pd.DataFrame({"land_area_ha": polygon, "land_area_source": LAND_FROM_POLYGON})
    out.loc[out["land_area_ha"].isna(), "land_area_source"] = LAND_UNKNOWN
    if "precision_m" in areas:  # the polygon's vertices snap to a coarse grid (sources.files)
        coarse = pd.to_numeric(areas["precision_m"], errors="coerce").gt(COARSE_GRID_M)
        out.loc[coarse.to_numpy() & out["land_area_ha"].notna().to_numpy(), "land_area_source"] = (
            LAND_FROM_COARSE_POLYGON
        )
    if figures_wide is not None and "oppervlakte_land_ha" in figures_wide:
        land = pd.to_numeric(figures_wide["oppervlakte_land_ha"], errors="coerce").reindex(
            out.index
        )
        known = land.notna() & (land > 0)
        out.loc[known, "land_area_ha"] = land[known]
        out.loc[known, "land_area_source"] = LAND_FROM_FIGURE
    out.index.name = "code"
    return out


def heat_density_gj_per_ha(heat_gj: pd.Series, land_ha: pd.Series) -> pd.Series:
    """Heat density = heat demand (GJ/yr) / land area (ha); NaN where the area is 0 or unknown.

    >>> heat_density_gj_per_ha(pd.Series([500.0, 10.0]), pd.Series([2.0, 0.0])).tolist()
    [250.0, nan]
    """
    land = pd.to_numeric(land_ha, errors="coerce")
    return heat_gj / land.where(land > 0)


def finish(
    result: pd.DataFrame,
    names: Mapping[str, str] | pd.Series | None = None,
    land: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add name, land area and density to a method's result and order the columns.

    ``result`` is indexed by ``code``; ``land`` comes from :func:`land_area` (or any frame
    with ``land_area_ha`` and ``land_area_source`` by code).
    """
    out = result.copy()
    out.index.name = "code"
    names_series = pd.Series(names if names is not None else {}, dtype=object)
    out["name"] = names_series.reindex(out.index).to_numpy() if len(names_series) else None
    if land is not None:
        out["land_area_ha"] = land["land_area_ha"].reindex(out.index).to_numpy()
        out["land_area_source"] = land["land_area_source"].reindex(out.index).to_numpy()
    for column in ("land_area_ha", "land_area_source", "year", "note", "cooking_gj"):
        if column not in out:
            out[column] = np.nan if column != "note" else ""
    out["heat_density_gj_per_ha"] = heat_density_gj_per_ha(
        out["heat_demand_gj"], out["land_area_ha"]
    )
    out = out.reset_index()
    return out[OUTPUT_COLUMNS + [c for c in out.columns if c not in OUTPUT_COLUMNS]]


def calibration(gas: pd.DataFrame, buildings: pd.DataFrame) -> pd.DataFrame:
    """Both methods side by side per area, with the difference (buildings − gas).

    Inputs are results of the two methods (columns :data:`OUTPUT_COLUMNS`). Returns
    ``code,name,dwellings_gas,dwellings_buildings,heat_gas_gj,heat_buildings_gj,
    difference_gj,difference_pct`` where ``difference_pct`` = 100 × difference / gas value,
    and a total row ``code='totaal'`` over the areas where both are known.

    >>> g = pd.DataFrame({"code": ["A"], "name": ["a"], "dwellings": [10.0], "heat_demand_gj": [300.0]})
    >>> b = pd.DataFrame({"code": ["A"], "name": ["a"], "dwellings": [10.0], "heat_demand_gj": [360.0]})
    >>> float(calibration(g, b).loc[0, "difference_pct"])
    20.0
    """
    left = gas.set_index("code")[["name", "dwellings", "heat_demand_gj"]]
    right = buildings.set_index("code")[["name", "dwellings", "heat_demand_gj"]]
    both = left.join(right, how="inner", lsuffix="_gas", rsuffix="_buildings")
    table = pd.DataFrame(
        {
            "name": both["name_gas"].fillna(both["name_buildings"]),
            "dwellings_gas": both["dwellings_gas"],
            "dwellings_buildings": both["dwellings_buildings"],
            "heat_gas_gj": both["heat_demand_gj_gas"],
            "heat_buildings_gj": both["heat_demand_gj_buildings"],
        },
        index=both.index,
    )
    complete = table.dropna(subset=["heat_gas_gj", "heat_buildings_gj"])
    total = complete[
        ["dwellings_gas", "dwellings_buildings", "heat_gas_gj", "heat_buildings_gj"]
    ].sum()
    table.loc["totaal"] = {"name": "Totaal (gebieden met beide methoden)", **total.to_dict()}
    table["difference_gj"] = table["heat_buildings_gj"] - table["heat_gas_gj"]
    gas_value = table["heat_gas_gj"].where(table["heat_gas_gj"] > 0)
    table["difference_pct"] = 100.0 * table["difference_gj"] / gas_value
    table.index.name = "code"
    return table.reset_index()


PBL_REFERENCE = "pbl_ref2019_warmtevraag_gj"
"""PBL Startanalyse 2020: space heating + hot water 2019 of all buildings in the buurt (GJ)."""


def side_by_side(
    results: Mapping[str, pd.DataFrame], reference: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every method's heat demand per area next to PBL's reference, with ratios.

    ``results``: method name → result frame (``code``, ``name``, ``heat_demand_gj``);
    ``reference``: wide figures per code with :data:`PBL_REFERENCE`, ``woningvoorraad`` and
    ``woningequivalenten``. ``pbl_ref_dwellings_gj`` is PBL's reference × dwellings /
    woningequivalenten: the dwellings' part, assuming a woningequivalent of utility needs as
    much as a dwelling (PBL's own definition of the unit). Ratios are method / that part.
    A total row ``totaal`` sums the areas where PBL has a reference.

    >>> r = {"buildings": pd.DataFrame({"code": ["A"], "name": ["a"], "heat_demand_gj": [90.0]})}
    >>> ref = pd.DataFrame({PBL_REFERENCE: [200.0], "woningvoorraad": [50.0],
    ...                     "woningequivalenten": [100.0]}, index=["A"])
    >>> float(side_by_side(r, ref).set_index("code").loc["A", "ratio_buildings_pbl"])
    0.9
    """
    names: dict[str, str] = {}
    table = pd.DataFrame()
    for method, result in results.items():
        frame = result.set_index("code")
        names.update(frame["name"].dropna().to_dict())
        table = table.join(frame["heat_demand_gj"].rename(f"heat_{method}_gj"), how="outer")
    if reference is not None and PBL_REFERENCE in reference:
        ref = reference.reindex(table.index.union(reference.index))
        table = table.reindex(ref.index)
        table["pbl_ref_all_gj"] = pd.to_numeric(ref[PBL_REFERENCE], errors="coerce")
        share = pd.to_numeric(ref.get("woningvoorraad"), errors="coerce") / pd.to_numeric(
            ref.get("woningequivalenten"), errors="coerce"
        ).where(lambda v: v > 0)
        table["pbl_ref_dwellings_gj"] = table["pbl_ref_all_gj"] * share
        known = table["pbl_ref_dwellings_gj"].notna()
        total = table[known].sum(numeric_only=True, min_count=1)
        table.loc["totaal"] = total
        for method in results:
            table[f"ratio_{method}_pbl"] = table[f"heat_{method}_gj"] / table[
                "pbl_ref_dwellings_gj"
            ].where(lambda v: v > 0)
    table.insert(0, "name", [names.get(c, "Totaal (buurten met PBL-referentie)" if c == "totaal" else c)
                             for c in table.index])  # fmt: skip
    table.index.name = "code"
    return table.reset_index()


__all__ = [
    "OUTPUT_COLUMNS",
    "PBL_REFERENCE",
    "side_by_side",
    "calibration",
    "constants_table",
    "finish",
    "heat_density_gj_per_ha",
    "land_area",
    "load_constants",
    "load_kengetallen",
    "load_utility_kengetallen",
    "merged_constants",
    "wide_figures",
]
