"""What the map shows when a pand (or a cell or buurt) is clicked: its attributes, its group
and the rule that put it there (pure: no store, no streamlit)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from transitieatlas.segmentation.scheme import ATTRIBUTES, Scheme

FIGURES = (
    ("dwellings", "Woningen", ""),
    ("heat_demand_gj", "Warmtevraag", "GJ/jaar"),
    ("floor_area_m2", "Vloeroppervlakte", "m²"),
    ("surplus_sources", "Warmtebronnen (overschot)", ""),
)


def rule_text(scheme: Scheme, rule_nr: int) -> str:
    """``regel 3: bouwjaar kleiner dan 1945`` (``rule_nr`` 1-based; 0 = the remainder)."""
    if rule_nr <= 0 or rule_nr > len(scheme.rules):
        return f"restgroep: {scheme.remainder.describe()}"
    return f"regel {rule_nr}: {scheme.rules[rule_nr - 1].describe()}"


def pand_details(units: pd.DataFrame, code: str, scheme: Scheme) -> list[tuple[str, str]]:
    """(Dutch label, text) rows of pand ``code`` in classified pand ``units`` (index = pand
    id, with ``group`` and ``rule_nr``): group, rule, the rule attributes and figures; an
    unknown value reads ``onbekend``. Empty when ``code`` is not a pand of ``units``."""
    if code not in units.index:
        return []
    row = units.loc[code]
    labels = dict(scheme.groups)
    rows = [
        ("Pand (BAG-id)", code),
        ("Vraaggroep", labels.get(str(row["group"]), str(row["group"]))),
        ("Ingedeeld door", rule_text(scheme, int(row["rule_nr"]))),
    ]
    for name, attribute in ATTRIBUTES.items():
        if name in row.index:
            rows.append((attribute.label, _text(row[name], attribute.unit)))
    rows += [(label, _text(row[name], unit)) for name, label, unit in FIGURES if name in row.index]
    return rows


def area_details(units: pd.DataFrame, code: str, scheme: Scheme) -> pd.DataFrame:
    """Per group the dwellings and heat demand of cell or buurt ``code`` (units at cel/buurt
    level: several rows per area, column ``code``), largest group first; columns ``groep``,
    ``regel``, ``woningen``, ``aandeel`` (share of the area's dwellings), ``warmtevraag_gj``."""
    rows = units[units["code"].astype(str) == code]
    if rows.empty:
        return pd.DataFrame(columns=["groep", "regel", "woningen", "aandeel", "warmtevraag_gj"])
    labels = dict(scheme.groups)
    sums = rows.groupby(["group", "rule_nr"])[["dwellings", "heat_demand_gj"]].sum(min_count=1)
    sums = sums.reset_index().sort_values("dwellings", ascending=False)
    total = sums["dwellings"].sum()
    return pd.DataFrame(
        {
            "groep": [labels.get(g, g) for g in sums["group"]],
            "regel": [rule_text(scheme, int(r)) for r in sums["rule_nr"]],
            "woningen": sums["dwellings"].to_numpy(),
            "aandeel": (sums["dwellings"] / total).to_numpy() if total else float("nan"),
            "warmtevraag_gj": sums["heat_demand_gj"].to_numpy(),
        }
    )


def _text(value: Any, unit: str = "") -> str:
    """A value as Dutch text: ``onbekend`` when missing, ja/nee for booleans, whole numbers
    with a dot per thousand."""
    if value is None or (isinstance(value, float | np.floating) and math.isnan(value)):
        return "onbekend"
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    if isinstance(value, int | float | np.integer | np.floating):
        if unit == "jaar":
            return str(int(value))
        number = f"{float(value):,.0f}".replace(",", ".")
        return f"{number} {unit}".strip()
    return str(value)
