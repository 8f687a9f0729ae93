"""Method 2 (``buildings``): heat demand of dwellings from the building stock.

Per dwelling (PBL Vesta MAIS kengetallen, ``data/vesta_kengetallen.csv``):

    space heating (GJ/yr) = vrv_<label>_asl + vrv_<label>_opp × A
    hot water (GJ/yr)     = vww_asl

with A the floor area in m², clamped to [50, 200] m² as Vesta does; the label is the
dwelling's energy label when known, else Vesta's default label for its type × period.
These are *useful* heat (Vesta's functional demand). ``final_energy_gj`` is the gas a
boiler would need for it: space / η_space + hot water / η_hot_water. Vesta has no
cooking figure, so ``cooking_gj`` stays empty for this method.

The stock is a long frame with one row per area × dwelling type × construction period
(× label): ``code, woningtype, bouwjaarklasse, dwellings`` and optional ``label``,
``floor_area_m2``. Helpers build it from BAG panden, CBS 100 m grid cells and
buurt counts by construction period, always by stable indicator names (``data/indicators.csv``);
the source adapters map each source's own column names to them. Where the source lacks the dwelling type, the type is
split by a stated mix (``data/heat_constants.csv``: ``mix_*``, ``share_meergezins_default``);
where it lacks the floor area, a stated default per type (``floor_area_*``) is used.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from transitieatlas.heat import common as heat_base

LABELS = ("N", "G", "F", "E", "D", "C", "B", "A")
"""Vesta label columns: N = no label, then G (worst) … A (best)."""

VESTA_TYPES = (
    "vrijstaand",
    "2 onder 1 kap",
    "rijwoning hoek",
    "rijwoning tussen",
    "meergezins: laag en midden",
    "meergezins: hoog",
)
EENGEZINS = VESTA_TYPES[:4]
MEERGEZINS = VESTA_TYPES[4:]

VESTA_CLASSES: tuple[tuple[str, int, int], ...] = (
    ("voor 1930", 0, 1929),
    ("1930 - 1945", 1930, 1945),
    ("1946 - 1964", 1946, 1964),
    ("1965 - 1974", 1965, 1974),
    ("1975 - 1991", 1975, 1991),
    ("1992 - 1995", 1992, 1995),
    ("1996 - 1999", 1996, 1999),
    ("2000 - 2005", 2000, 2005),
    ("2006 - 2010", 2006, 2010),
    ("2011 - 2014", 2011, 2014),
    ("2015 - 2020", 2015, 9999),
)
"""Vesta's construction-period classes (inclusive years). Dwellings built after 2020 use the
last class (Vesta has none newer)."""

FLOOR_AREA_KEY = {
    "vrijstaand": "floor_area_vrijstaand_m2",
    "2 onder 1 kap": "floor_area_2_onder_1_kap_m2",
    "rijwoning hoek": "floor_area_rijwoning_hoek_m2",
    "rijwoning tussen": "floor_area_rijwoning_tussen_m2",
    "meergezins: laag en midden": "floor_area_meergezins_m2",
    "meergezins: hoog": "floor_area_meergezins_m2",
}

GRID_PERIODS: dict[str, tuple[int | None, int]] = {
    "woningen_bouwjaar_voor_1945": (None, 1944),
    "woningen_bouwjaar_1945_1965": (1945, 1964),
    "woningen_bouwjaar_1965_1975": (1965, 1974),
    "woningen_bouwjaar_1975_1985": (1975, 1984),
    "woningen_bouwjaar_1985_1995": (1985, 1994),
    "woningen_bouwjaar_1995_2005": (1995, 2004),
    "woningen_bouwjaar_2005_2015": (2005, 2014),
    "woningen_bouwjaar_vanaf_2015": (2015, 2030),
}
"""Indicators of dwellings by construction period (CBS 100 m grid) and their years (inclusive)."""

BUILDING_PERIODS: dict[str, tuple[int | None, int]] = {
    "gebouwen_bouwjaar_voor_1945": (None, 1944),
    "gebouwen_bouwjaar_1945_1960": (1945, 1960),
    "gebouwen_bouwjaar_1961_1980": (1961, 1980),
    "gebouwen_bouwjaar_1981_2000": (1981, 2000),
    "gebouwen_bouwjaar_2001_2010": (2001, 2010),
    "gebouwen_bouwjaar_2011_2024": (2011, 2024),
}
"""Indicators of buildings by construction period (Zwolle, Digitale Tweelingstad, aggregated)."""

BUILDING_LABELS = {
    "gebouwen_energie_hoog": "B",
    "gebouwen_energie_gemiddeld": "D",
    "gebouwen_energie_laag": "F",
    "gebouwen_energie_onbekend": "default",
}
"""Building efficiency-class indicators → the Vesta label used for them (assumption: high =
A/B → B, moderate = C/D → D, low = E/F/G → F, unknown → Vesta's default label)."""

IN_USE_STATUSES = ("Pand in gebruik", "Verbouwing pand")
"""BAG pand statuses counted as existing dwellings (also "Pand in gebruik (niet ingemeten)")."""

PANDEN_NOTE = "BAG-panden: type uit aantal verblijfsobjecten, oppervlakte = midden min/max"
"""The ``note`` of stock rows built from BAG panden (:func:`stock_from_panden`)."""

CBS_SECRET = -99990
"""Counts at or below this (CBS: -99997 secret, -99998/-99999 missing) are missing."""


def vesta_class(year: float) -> str | None:
    """The Vesta construction-period class of a construction year (None when unknown).

    >>> vesta_class(1968), vesta_class(2023), vesta_class(float("nan"))
    ('1965 - 1974', '2015 - 2020', None)
    """
    if year is None or not np.isfinite(year) or year < 1000:
        return None
    for name, start, end in VESTA_CLASSES:
        if start <= year <= end:
            return name
    return None


def period_weights(start: int | None, end: int, oldest: int) -> dict[str, float]:
    """Spread a source construction period over Vesta classes in proportion to the years.

    An open start (``None``, e.g. "voor 1945") begins at ``oldest`` (an assumption).

    >>> period_weights(1985, 1994, 1900)
    {'1975 - 1991': 0.7, '1992 - 1995': 0.3}
    """
    first = oldest if start is None else start
    years = np.arange(first, end + 1)
    counts: dict[str, float] = {}
    for year in years:
        name = vesta_class(float(year))
        if name is not None:
            counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values())
    return {name: round(n / total, 10) for name, n in counts.items()}


def type_mix(
    share_meergezins: float | np.ndarray, constants: Mapping[str, float]
) -> dict[str, Any]:
    """Shares of the six Vesta dwelling types for a given share of multi-family dwellings.

    >>> c = {"mix_eengezins_vrijstaand": 0.25, "mix_eengezins_2_onder_1_kap": 0.25,
    ...      "mix_eengezins_rijwoning_hoek": 0.25, "mix_eengezins_rijwoning_tussen": 0.25,
    ...      "mix_meergezins_hoog": 0.2}
    >>> type_mix(0.5, c)["meergezins: hoog"]
    0.1
    """
    eengezins_keys = {
        "vrijstaand": "mix_eengezins_vrijstaand",
        "2 onder 1 kap": "mix_eengezins_2_onder_1_kap",
        "rijwoning hoek": "mix_eengezins_rijwoning_hoek",
        "rijwoning tussen": "mix_eengezins_rijwoning_tussen",
    }
    eg_total = sum(constants[k] for k in eengezins_keys.values())
    mix = {t: (1.0 - share_meergezins) * constants[k] / eg_total for t, k in eengezins_keys.items()}
    high = constants["mix_meergezins_hoog"]
    mix["meergezins: laag en midden"] = share_meergezins * (1.0 - high)
    mix["meergezins: hoog"] = share_meergezins * high
    return mix


def kengetallen_long(kengetallen: pd.DataFrame) -> pd.DataFrame:
    """Vesta kengetallen as one row per type × period × label: ``asl_gj``, ``opp_gj_per_m2``,
    ``hot_water_gj`` and ``default_label``."""
    rows = []
    for label in LABELS:
        part = kengetallen[["woningtype", "bouwjaarklasse", "default_label", "vww_asl"]].copy()
        part["label"] = label
        part["asl_gj"] = kengetallen[f"vrv_{label}_asl"]
        part["opp_gj_per_m2"] = kengetallen[f"vrv_{label}_opp"]
        rows.append(part)
    return pd.concat(rows, ignore_index=True).rename(columns={"vww_asl": "hot_water_gj"})


@functools.lru_cache(maxsize=4)
def _default_long(path: Path) -> pd.DataFrame:
    """:func:`kengetallen_long` of the kengetallen file at ``path``, built once per process
    (the same table for every call; callers never change it in place)."""
    return kengetallen_long(heat_base.load_kengetallen(path))


def _expand_types(stock: pd.DataFrame, constants: Mapping[str, float]) -> pd.DataFrame:
    """Rows whose ``woningtype`` is a group (``eengezins``, ``meergezins``, ``onbekend``) are
    split over Vesta types; ``onbekend`` uses ``share_meergezins`` (row) or the default."""
    known = stock[stock["woningtype"].isin(VESTA_TYPES)]
    groups = stock[~stock["woningtype"].isin(VESTA_TYPES)]
    row_share = (
        pd.to_numeric(groups["share_meergezins"], errors="coerce")
        if "share_meergezins" in groups
        else pd.Series(np.nan, index=groups.index)
    )
    share = np.where(
        groups["woningtype"] == "eengezins",
        0.0,
        np.where(
            groups["woningtype"] == "meergezins",
            1.0,
            row_share.fillna(constants["share_meergezins_default"]).clip(0.0, 1.0),
        ),
    )
    mix = type_mix(share, constants)
    parts = [known]
    for vesta_type, factor in mix.items():
        part = groups.copy()
        part["woningtype"] = vesta_type
        part["dwellings"] = groups["dwellings"].to_numpy() * factor
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return out[out["dwellings"] > 0]


def expand_types(stock: pd.DataFrame, constants: Mapping[str, float]) -> pd.DataFrame:
    """Split rows whose ``woningtype`` is ``eengezins``/``meergezins``/``onbekend`` over the six
    Vesta types by the stated mix (the same split the heat totals use)."""
    return _expand_types(stock, constants)


def per_dwelling_gj(
    stock: pd.DataFrame,
    constants: Mapping[str, float],
    kengetallen: pd.DataFrame,
    long: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add ``label_used``, ``floor_area_used_m2``, ``space_heating_gj`` and ``hot_water_gj``
    per dwelling to a stock frame whose ``woningtype`` values are Vesta types (``long``:
    :func:`kengetallen_long` of ``kengetallen`` when the caller has it)."""
    table = kengetallen_long(kengetallen) if long is None else long
    frame = stock.copy()
    if "label" not in frame:
        frame["label"] = None
    defaults = kengetallen.set_index(["woningtype", "bouwjaarklasse"])["default_label"]
    keys = pd.MultiIndex.from_arrays([frame["woningtype"], frame["bouwjaarklasse"]])
    default_for_row = defaults.reindex(keys).to_numpy()
    label = frame["label"].where(frame["label"].isin(LABELS), None)
    frame["label_used"] = label.fillna(pd.Series(default_for_row, index=frame.index))
    area = (
        frame["floor_area_m2"] if "floor_area_m2" in frame else pd.Series(np.nan, index=frame.index)
    )
    default_area = frame["woningtype"].map(lambda t: constants[FLOOR_AREA_KEY[t]])
    area = pd.to_numeric(area, errors="coerce").fillna(default_area)
    frame["floor_area_used_m2"] = area.clip(
        constants["vesta_min_floor_area_m2"], constants["vesta_max_floor_area_m2"]
    )
    merged = frame.merge(
        table[["woningtype", "bouwjaarklasse", "label", "asl_gj", "opp_gj_per_m2", "hot_water_gj"]],
        left_on=["woningtype", "bouwjaarklasse", "label_used"],
        right_on=["woningtype", "bouwjaarklasse", "label"],
        how="left",
        suffixes=("", "_vesta"),
    )
    space = merged["asl_gj"] + merged["opp_gj_per_m2"] * merged["floor_area_used_m2"]
    merged["space_heating_gj"] = space.clip(lower=0.0)
    return merged.drop(columns=["label_vesta", "asl_gj", "opp_gj_per_m2"])


def heat_demand_from_buildings(
    stock: pd.DataFrame,
    constants: Mapping[str, float] | None = None,
    kengetallen: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Heat demand per area from the building stock (method ``buildings``), index ``code``.

    ``stock``: ``code, woningtype, bouwjaarklasse, dwellings`` (+ optional ``label``,
    ``floor_area_m2``, ``share_meergezins``, ``year``, ``note``); ``woningtype`` is a Vesta
    type or a group ``eengezins``/``meergezins``/``onbekend`` that is split by the stated mix.
    Returns ``year,method,dwellings,final_energy_gj,heat_demand_gj,space_heating_gj,
    hot_water_gj,cooking_gj,note`` (GJ per year).

    >>> s = pd.DataFrame({"code": ["X"], "woningtype": ["rijwoning tussen"],
    ...                   "bouwjaarklasse": ["1965 - 1974"], "dwellings": [10.0],
    ...                   "floor_area_m2": [100.0]})
    >>> r = heat_demand_from_buildings(s).loc["X"]
    >>> round(float(r["space_heating_gj"]), 2), round(float(r["hot_water_gj"]), 1)
    (307.29, 77.0)
    """
    values = heat_base.merged_constants(constants)
    table = heat_base.load_kengetallen() if kengetallen is None else kengetallen
    long = _default_long(heat_base.kengetallen_path()) if kengetallen is None else None
    rows = _expand_types(stock[stock["bouwjaarklasse"].notna()], values)
    rows = per_dwelling_gj(rows, values, table, long)
    rows["space_total"] = rows["space_heating_gj"] * rows["dwellings"]
    rows["water_total"] = rows["hot_water_gj"] * rows["dwellings"]
    grouped = rows.groupby("code")
    out = pd.DataFrame(
        {
            "dwellings": grouped["dwellings"].sum(),
            "space_heating_gj": grouped["space_total"].sum(),
            "hot_water_gj": grouped["water_total"].sum(),
        }
    )
    out["heat_demand_gj"] = out["space_heating_gj"] + out["hot_water_gj"]
    out["final_energy_gj"] = (
        out["space_heating_gj"] / values["efficiency_space_heating"]
        + out["hot_water_gj"] / values["efficiency_hot_water"]
    )
    out["cooking_gj"] = np.nan
    out["method"] = "buildings"
    out["year"] = grouped["year"].max() if "year" in rows else np.nan
    notes = grouped["note"].first() if "note" in rows else pd.Series("", index=out.index)
    out["note"] = notes.reindex(out.index).fillna("")
    unknown_year = stock[stock["bouwjaarklasse"].isna()].groupby("code")["dwellings"].sum()
    unknown_year = unknown_year[unknown_year > 0].reindex(out.index).dropna()
    for code, count in unknown_year.items():
        out.loc[code, "note"] = (
            f"{out.loc[code, 'note']}; {count:g} woning(en) zonder bouwjaar niet meegeteld"
        )
    out.index.name = "code"
    return out[
        [
            "year",
            "method",
            "dwellings",
            "final_energy_gj",
            "heat_demand_gj",
            "space_heating_gj",
            "hot_water_gj",
            "cooking_gj",
            "note",
        ]
    ]


# --- building the stock from the sources -------------------------------------------------


def cell_id(x: float, y: float) -> str:
    """CBS 100 m grid id of an RD point (lower-left corner in hectometres).

    >>> cell_id(158345.2, 493577.9)
    'E1583N4935'
    """
    return f"E{int(x // 100):04d}N{int(y // 100):04d}"


def _dwellings_in_pand(gebruiksdoel: str, vbo: float) -> float:
    """Dwellings in a pand: all its verblijfsobjecten when only *woonfunctie*, else the count
    minus one per other use listed (at least 1) — an assumption, BAG panden do not say."""
    uses = [u.strip() for u in str(gebruiksdoel).split(",") if u.strip()]
    if "woonfunctie" not in uses:
        return 0.0
    count = vbo if np.isfinite(vbo) and vbo > 0 else 1.0
    return float(max(1.0, count - (len(uses) - 1)))


def stock_from_panden(panden: pd.DataFrame, codes: pd.Series | None = None) -> pd.DataFrame:
    """Dwelling stock from BAG panden (``bouwjaar``, ``gebruiksdoel``, ``aantal_verblijfsobjecten``
    and ``oppervlakte_min``/``oppervlakte_max`` or ``oppervlakte_m2``).

    ``codes`` gives the area code per pand (same index); when omitted, the 100 m grid cell of
    the pand's centroid is the code. Assumptions (stated in ``note``): floor area per dwelling =
    mean of the smallest and largest verblijfsobject; 1 dwelling → eengezins (type mix),
    more → meergezins (height unknown: mix); only panden in use with a *woonfunctie*. A
    ``label`` column (A–G, from EP-Online) is kept; the heat then uses it instead of Vesta's
    default label. Non-residential objects: :mod:`transitieatlas.heat.utility`.
    """
    frame = panden.copy()
    if "status" in frame:
        status = frame["status"].astype(str)
        in_use = status.str.startswith(IN_USE_STATUSES) | frame["status"].isna()
        frame = frame[in_use]
    vbo = pd.to_numeric(frame.get("aantal_verblijfsobjecten", 1.0), errors="coerce")
    frame["dwellings"] = [
        _dwellings_in_pand(g, v)
        for g, v in zip(frame["gebruiksdoel"], np.broadcast_to(vbo, len(frame)), strict=True)
    ]
    frame = frame[frame["dwellings"] > 0]
    area: Any
    if "oppervlakte_min" in frame and "oppervlakte_max" in frame:
        area = (
            pd.to_numeric(frame["oppervlakte_min"], errors="coerce")
            + pd.to_numeric(frame["oppervlakte_max"], errors="coerce")
        ) / 2.0
    else:
        area = pd.to_numeric(frame.get("oppervlakte_m2", np.nan), errors="coerce")
    code: Any
    if codes is None:
        centroids = frame.geometry.centroid
        code = [cell_id(p.x, p.y) for p in centroids]
    else:
        code = codes.reindex(frame.index).to_numpy()
    return pd.DataFrame(
        {
            "code": code,
            "woningtype": np.where(frame["dwellings"] > 1, "meergezins", "eengezins"),
            "bouwjaarklasse": [
                vesta_class(float(y)) for y in pd.to_numeric(frame["bouwjaar"], errors="coerce")
            ],
            "dwellings": frame["dwellings"].to_numpy(),
            "floor_area_m2": np.asarray(area, dtype=float),
            "label": frame["label"].to_numpy() if "label" in frame else None,
            "note": PANDEN_NOTE,
        }
    ).dropna(subset=["code"])


def _clean_cbs(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    return numbers.where(numbers > CBS_SECRET)


def _period_rows(
    code: str,
    dwellings: float,
    shares: Mapping[str, float],
    periods: Mapping[str, tuple[int | None, int]],
    oldest: int,
) -> list[dict]:
    rows = []
    for column, share in shares.items():
        if not share or not np.isfinite(share):
            continue
        start, end = periods[column]
        for vesta, weight in period_weights(start, end, oldest).items():
            rows.append(
                {"code": code, "bouwjaarklasse": vesta, "dwellings": dwellings * share * weight}
            )
    return rows


def stock_from_grid(
    grid: pd.DataFrame, constants: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Dwelling stock per CBS 100 m grid cell (column ``code``).

    Uses the indicators ``woningvoorraad`` and the eight construction-period counts of
    :data:`GRID_PERIODS` (missing ones count as unknown); negative CBS codes (-99997 …) are
    missing. Period shares come from the cell's known period counts, else from all cells of
    the same ``buurt_code``; the multi-family share from ``meergezinswoningen`` (else the
    buurt's share). Cells without a dwelling count get no stock.

    >>> g = pd.DataFrame({"code": ["E1"], "woningvoorraad": [10.0],
    ...                   "woningen_bouwjaar_1985_1995": [10.0]})
    >>> s = stock_from_grid(g)
    >>> s.groupby("bouwjaarklasse")["dwellings"].sum().round(6).to_dict()
    {'1975 - 1991': 7.0, '1992 - 1995': 3.0}
    """
    values = heat_base.merged_constants(constants)
    oldest = int(values["oldest_year_assumed"])
    cols = list(GRID_PERIODS)
    grid = grid.reindex(columns=[*grid.columns, *(c for c in cols if c not in grid)])
    counts = grid[cols].apply(_clean_cbs)
    dwellings = _clean_cbs(grid["woningvoorraad"])
    multi = (
        _clean_cbs(grid["meergezinswoningen"])
        if "meergezinswoningen" in grid
        else pd.Series(np.nan, index=grid.index)
    )
    buurt = grid["buurt_code"] if "buurt_code" in grid else pd.Series("", index=grid.index)
    buurt_counts = counts.groupby(buurt).sum(min_count=1)
    buurt_shares = buurt_counts.div(buurt_counts.sum(axis=1), axis=0)
    own_total = counts.sum(axis=1)
    own = counts.div(own_total.where(own_total > 0), axis=0)
    from_buurt = pd.DataFrame(
        buurt_shares.reindex(buurt).to_numpy(), index=grid.index, columns=cols
    )
    use_own = own.notna().any(axis=1)
    shares = own.where(use_own, from_buurt, axis=0).fillna(0.0)
    both = multi.notna() & dwellings.notna()
    buurt_multi = (
        multi[both].groupby(buurt[both]).sum() / dwellings[both].groupby(buurt[both]).sum()
    )
    share_multi = (multi / dwellings).fillna(
        pd.Series(buurt_multi.reindex(buurt).to_numpy(), index=grid.index)
    )
    keep = dwellings.notna() & (dwellings > 0)
    how = np.where(use_own, "bouwjaren van het vierkant", "bouwjaren van de buurt")
    parts = []
    for column, (start, end) in GRID_PERIODS.items():
        for vesta, weight in period_weights(start, end, oldest).items():
            parts.append(
                pd.DataFrame(
                    {
                        "code": grid["code"],
                        "bouwjaarklasse": vesta,
                        "dwellings": dwellings * shares[column] * weight,
                        "woningtype": "onbekend",
                        "share_meergezins": share_multi.clip(upper=1.0),
                        "note": [
                            "CBS-vierkant: "
                            + h
                            + "; type uit aandeel meergezins; standaardoppervlakte"
                            for h in how
                        ],
                    }
                )[keep]
            )
    out = pd.concat(parts, ignore_index=True)
    return out[out["dwellings"] > 0].reset_index(drop=True)


def stock_from_period_counts(
    counts: pd.DataFrame,
    dwellings: pd.Series,
    periods: Mapping[str, tuple[int | None, int]] = BUILDING_PERIODS,
    labels: Mapping[str, str] | None = BUILDING_LABELS,
    share_meergezins: pd.Series | None = None,
    constants: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Dwelling stock per area from counts by construction period (and by label class).

    ``counts`` is indexed by area code with the period columns of ``periods`` and, when
    ``labels`` is given, the label-class columns (mapped to a Vesta label or ``default``).
    ``dwellings`` (same index) is the number of dwellings spread in proportion to the period
    counts (:data:`BUILDING_PERIODS` count buildings, not dwellings); label shares are applied
    independently of the period (an assumption: the source gives no cross-table).

    >>> counts = pd.DataFrame({"gebouwen_bouwjaar_voor_1945": [1.0],
    ...                        "gebouwen_bouwjaar_2011_2024": [3.0]}, index=["B1"])
    >>> s = stock_from_period_counts(counts, pd.Series({"B1": 100.0}),
    ...                              {k: BUILDING_PERIODS[k] for k in counts}, labels=None)
    >>> recent = s["bouwjaarklasse"].isin(["2011 - 2014", "2015 - 2020"])
    >>> round(float(s["dwellings"].sum()), 6), round(float(s.loc[recent, "dwellings"].sum()), 6)
    (100.0, 75.0)
    """
    values = heat_base.merged_constants(constants)
    oldest = int(values["oldest_year_assumed"])
    period_counts = counts[list(periods)].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    rows: list[dict] = []
    for code in counts.index:
        total = float(dwellings.get(code, np.nan))
        known = period_counts.loc[code].sum()
        if not np.isfinite(total) or total <= 0 or known <= 0:
            continue
        shares = (period_counts.loc[code] / known).to_dict()
        label_shares = _label_shares(counts.loc[code], labels)
        share_multi = np.nan if share_meergezins is None else share_meergezins.get(code, np.nan)
        for row in _period_rows(code, total, shares, periods, oldest):
            for label, lshare in label_shares.items():
                rows.append(
                    {
                        **row,
                        "dwellings": row["dwellings"] * lshare,
                        "label": label,
                        "woningtype": "onbekend",
                        "share_meergezins": share_multi,
                        "note": "buurttellingen naar bouwperiode; type en oppervlakte aangenomen",
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "code",
            "bouwjaarklasse",
            "dwellings",
            "label",
            "woningtype",
            "share_meergezins",
            "note",
        ],
    )


def _label_shares(row: pd.Series, labels: Mapping[str, str] | None) -> dict[str | None, float]:
    if not labels:
        return {None: 1.0}
    counts = {labels[c]: _number(row.get(c)) for c in labels}
    total = sum(v for v in counts.values() if np.isfinite(v))
    if total <= 0:
        return {None: 1.0}
    return {(None if k == "default" else k): v / total for k, v in counts.items() if v > 0}


def _number(value: object) -> float:
    """A count as float; missing or text → 0."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if np.isfinite(number) else 0.0


# --- PBL Startanalyse counts and per-row figures (used by segmentation) --------------------

PBL_PERIODS: dict[str, tuple[int | None, int]] = {
    "woningen_bouwjaar_voor_1930": (None, 1929),
    "woningen_bouwjaar_1930_1945": (1930, 1945),
    "woningen_bouwjaar_1946_1964": (1946, 1964),
    "woningen_bouwjaar_1965_1974": (1965, 1974),
    "woningen_bouwjaar_1975_1991": (1975, 1991),
    "woningen_bouwjaar_1992_2005": (1992, 2005),
    "woningen_bouwjaar_vanaf_2006": (2006, 2020),
}
"""PBL Startanalyse construction periods ``won_bp1``…``won_bp7`` (bounds assumed: the Vesta
classes, merged above 1992 and 2006; the file does not state them)."""

PBL_TYPES: dict[str, str] = {
    "woningen_vrijstaand": "vrijstaand",
    "woningen_2_onder_1_kap": "2 onder 1 kap",
    "woningen_rijwoning_hoek": "rijwoning hoek",
    "woningen_rijwoning_tussen": "rijwoning tussen",
    "woningen_meergezins_laag": "meergezins: laag en midden",
    "woningen_meergezins_hoog": "meergezins: hoog",
}
"""PBL Startanalyse dwelling types → Vesta types."""

PBL_LABELS = tuple("abcdefg")


def stock_from_type_period_counts(
    wide: pd.DataFrame, constants: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Dwelling stock per area from counts by type, by period and label shares (PBL Startanalyse).

    ``wide`` is indexed by area code with :data:`PBL_PERIODS` and :data:`PBL_TYPES` columns and
    optional ``pct_label_<x>_definitief`` / ``_voorlopig`` (% of all dwellings). The three
    distributions are combined as if independent (an assumption: the source has no cross-table);
    dwellings = sum of the period counts. Label shares that do not reach 100 % leave the rest on
    Vesta's default label.

    >>> w = pd.DataFrame({"woningen_bouwjaar_voor_1930": [10.0], "woningen_vrijstaand": [5.0],
    ...                   "woningen_rijwoning_tussen": [5.0]}, index=["BU1"])
    >>> s = stock_from_type_period_counts(w)
    >>> round(float(s["dwellings"].sum()), 6), sorted(s["woningtype"].unique())
    (10.0, ['rijwoning tussen', 'vrijstaand'])
    """
    values = heat_base.merged_constants(constants)
    oldest = int(values["oldest_year_assumed"])
    periods = {k: v for k, v in PBL_PERIODS.items() if k in wide}
    types = {k: v for k, v in PBL_TYPES.items() if k in wide}
    counts = wide[list(periods)].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    type_counts = wide[list(types)].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    rows: list[dict] = []
    for code in wide.index:
        total = float(counts.loc[code].sum())
        type_total = float(type_counts.loc[code].sum()) if types else 0.0
        if total <= 0:
            continue
        type_shares = (
            {types[c]: v / type_total for c, v in type_counts.loc[code].items() if v > 0}
            if type_total > 0
            else {"onbekend": 1.0}
        )
        label_shares = _pbl_label_shares(wide.loc[code])
        period_shares = (counts.loc[code] / total).to_dict()
        for row in _period_rows(code, total, period_shares, periods, oldest):
            for vesta_type, tshare in type_shares.items():
                for label, lshare in label_shares.items():
                    rows.append(
                        {**row, "woningtype": vesta_type, "label": label,
                         "dwellings": row["dwellings"] * tshare * lshare,
                         "note": "PBL-tellingen naar bouwperiode en type, labelaandelen; "
                                 "onafhankelijk gecombineerd; standaardoppervlakte"}
                    )  # fmt: skip
    return pd.DataFrame(
        rows, columns=["code", "bouwjaarklasse", "dwellings", "woningtype", "label", "note"]
    )


def _pbl_label_shares(row: pd.Series) -> dict[str | None, float]:
    shares: dict[str | None, float] = {}
    for letter in PBL_LABELS:
        value = sum(
            _number(row.get(f"pct_label_{letter}_{kind}")) for kind in ("definitief", "voorlopig")
        )
        if value > 0:
            shares[letter.upper()] = value / 100.0
    known = sum(shares.values())
    if known > 1.0:
        shares = {k: v / known for k, v in shares.items()}
    elif known < 1.0:
        shares[None] = 1.0 - known
    return shares


def stock_rows_gj(
    stock: pd.DataFrame,
    constants: Mapping[str, float] | None = None,
    kengetallen: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The stock rows with Vesta types (groups split by the stated mix) and per row
    ``heat_demand_gj``, ``space_heating_gj``, ``hot_water_gj`` (GJ/yr for all its dwellings)
    and ``floor_area_used_m2`` (per dwelling). Summed per ``code`` the heat equals
    :func:`heat_demand_from_buildings`; rows without construction period are dropped there too."""
    values = heat_base.merged_constants(constants)
    table = heat_base.load_kengetallen() if kengetallen is None else kengetallen
    long = _default_long(heat_base.kengetallen_path()) if kengetallen is None else None
    rows = _expand_types(stock[stock["bouwjaarklasse"].notna()], values)
    rows = per_dwelling_gj(rows, values, table, long).rename(
        columns={
            "space_heating_gj": "space_per_dwelling_gj",
            "hot_water_gj": "water_per_dwelling_gj",
        }
    )
    rows["space_heating_gj"] = rows["space_per_dwelling_gj"] * rows["dwellings"]
    rows["hot_water_gj"] = rows["water_per_dwelling_gj"] * rows["dwellings"]
    rows["heat_demand_gj"] = rows["space_heating_gj"] + rows["hot_water_gj"]
    return rows.reset_index(drop=True)
