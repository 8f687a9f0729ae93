"""Classify units by a scheme (first match wins) and sum the figures per group."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from transitieatlas.segmentation import capacity as cap
from transitieatlas.segmentation import surplus as surplus_mod
from transitieatlas.segmentation.scheme import Condition, Scheme
from transitieatlas.segmentation.units import FIGURES

COLUMNS = [
    "group", "label", "rule", "level", "buildings", "dwellings", "floor_area_m2",
    "heat_demand_gj", "investment_low_eur", "investment_high_eur",
    "households_cannot_invest", "method",
]  # fmt: skip
"""The columns of ``transitieatlas segment`` (one row per group), in this order."""
SURPLUS_COLUMNS = ["surplus_sources", "surplus_mw", "surplus_gj"]
"""Surplus heat per group (:mod:`.surplus`): heat sources, known capacity (MW), yearly heat
(GJ/yr) where a cited full-load-hours figure exists; NaN = unknown."""
TABLE_COLUMNS = [*COLUMNS, "buyers_per_year", "new_build_buildings", *SURPLUS_COLUMNS]
"""The page's table and exports: :data:`COLUMNS` plus the natural moments (buyers of an
existing home per year, estimated; new-build panden from BAG) and the surplus."""
JSON_COLUMNS = [*COLUMNS, *SURPLUS_COLUMNS]
"""``transitieatlas segment --format json``: :data:`COLUMNS` plus the surplus (the CSV keeps
exactly :data:`COLUMNS`)."""

LEVEL_METHOD = {
    "pand": "per BAG-pand; woningen en warmtevraag (Vesta-kengetallen) alleen voor panden met "
    "woonfunctie; eigendom en WOZ van het gebied",
    "cel": "per CBS-vierkant van 100 m: woningen naar bouwperiode, type en eigendom naar rato "
    "verdeeld over de groepen; warmtevraag Vesta-kengetallen",
    "buurt": "per buurt: woningen naar bouwperiode, type, label en eigendom naar rato verdeeld "
    "over de groepen; warmtevraag Vesta-kengetallen",
}


@dataclass(frozen=True)
class GroupResult:
    """The figures of one demand group (units: m², GJ/yr, €)."""

    group: str
    label: str
    rule: str
    level: str
    buildings: float
    dwellings: float
    floor_area_m2: float
    heat_demand_gj: float
    investment_low_eur: float
    investment_high_eur: float
    households_cannot_invest: float
    method: str
    owner_dwellings: float = float("nan")
    buyers_per_year: float = float("nan")
    new_build_buildings: float = float("nan")
    surplus_sources: float = float("nan")
    surplus_mw: float = float("nan")
    surplus_gj: float = float("nan")

    def row(self, columns: list[str] = COLUMNS) -> dict[str, object]:
        """The CLI/table row (:data:`COLUMNS`, or e.g. :data:`TABLE_COLUMNS`)."""
        data = asdict(self)
        return {c: data[c] for c in columns}


def condition_mask(units: pd.DataFrame, cond: Condition) -> np.ndarray:
    """Where ``cond`` holds; a unit without the attribute never matches."""
    if cond.attribute not in units:
        return np.zeros(len(units), dtype=bool)
    column = units[cond.attribute]
    present = column.notna().to_numpy()
    if cond.op in ("contains_any", "contains_none"):
        text = column.fillna("").astype(str)
        hit = np.zeros(len(units), dtype=bool)
        for value in cond.value:
            hit |= text.str.contains(str(value), regex=False).to_numpy()
        return present & (hit if cond.op == "contains_any" else ~hit)
    if cond.op == "in":
        return present & column.isin(list(cond.value)).to_numpy()
    if cond.op in ("==", "!="):
        equal = (column == cond.value).to_numpy(dtype=bool)
        return present & (equal if cond.op == "==" else ~equal)
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
    low, high = cond.interval()  # type: ignore[misc]
    with np.errstate(invalid="ignore"):
        return np.isfinite(values) & (values >= low) & (values < high)


def classify(units: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """``group`` and ``rule_nr`` (1-based; 0 = remainder) per unit, same index."""
    group = np.full(len(units), scheme.remainder.group, dtype=object)
    rule_nr = np.zeros(len(units), dtype=int)
    free = np.ones(len(units), dtype=bool)
    for number, rule in enumerate(scheme.rules, start=1):
        match = free.copy()
        for cond in rule.when:
            match &= condition_mask(units, cond)
        group[match] = rule.group
        rule_nr[match] = number
        free &= ~match
    return pd.DataFrame({"group": group, "rule_nr": rule_nr}, index=units.index)


def summarise(
    units: pd.DataFrame,
    scheme: Scheme,
    level: str,
    constants: Mapping[str, float] | None = None,
    assignment: pd.DataFrame | None = None,
) -> list[GroupResult]:
    """One :class:`GroupResult` per group of ``scheme`` (empty groups included, with zeros)."""
    values = cap.load_constants(constants)
    assignment = classify(units, scheme) if assignment is None else assignment
    frame = units.assign(group=assignment["group"].to_numpy())
    names = [name for name in (*FIGURES, *surplus_mod.FIGURES) if name in frame]
    table = frame.groupby("group")[names].sum(min_count=1)  # one pass for all figures
    sums = {name: table[name] for name in names}
    counted = frame.groupby("group").size()
    rules: dict[str, list[str]] = {}
    for rule in (*scheme.rules, scheme.remainder):
        rules.setdefault(rule.group, []).append(rule.describe())
    method = f"{LEVEL_METHOD[level]}; {cap.method_text(values)}; {_buyers_text(values)}"
    out = []
    for group, label in scheme.groups:
        present = group in counted.index
        figures = {k: float(v.get(group, np.nan)) if present else 0.0 for k, v in sums.items()}
        if level != "pand":  # panden are not counted at cel/buurt level
            figures["buildings"] = figures["new_build_buildings"] = np.nan
        owner = figures["owner_dwellings"]
        sources, mw, gj = surplus_mod.group_figures(figures)
        low, high, cannot = cap.capacity(
            owner if np.isfinite(owner) else 0.0, figures["dwellings"], values
        )
        out.append(
            GroupResult(
                group=group,
                label=label,
                rule=" of ".join(rules[group]),
                level=level,
                buildings=figures["buildings"],
                dwellings=figures["dwellings"],
                floor_area_m2=figures["floor_area_m2"],
                heat_demand_gj=figures["heat_demand_gj"],
                investment_low_eur=low,
                investment_high_eur=high,
                households_cannot_invest=cannot,
                method=method,
                owner_dwellings=owner,
                buyers_per_year=figures.get("buyers_per_year", np.nan),
                new_build_buildings=figures.get("new_build_buildings", np.nan),
                surplus_sources=sources,
                surplus_mw=mw,
                surplus_gj=gj,
            )  # fmt: skip
        )
    return out


def _buyers_text(values: Mapping[str, float]) -> str:
    """The Dutch method of the natural-moment figures."""
    rate = values.get("turnover_existing_owner_per_year", np.nan)
    share = f"{rate:.1%}".replace(".", ",") if np.isfinite(rate) else "onbekend"
    return (
        f"kopers van een bestaande woning per jaar: eigenaar-bewoners × {share} (schatting; "
        "landelijke verkopen CBS/Kadaster 2019); nieuwbouw: panden met BAG-status "
        "bouwvergunning verleend of bouw gestart"
    )


def to_frame(results: list[GroupResult], columns: list[str] = COLUMNS) -> pd.DataFrame:
    """The results as a table with :data:`COLUMNS` (or the given columns)."""
    return pd.DataFrame([r.row(columns) for r in results], columns=columns)
