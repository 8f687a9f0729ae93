"""Figures for a set of areas: sums for counts, weighted means for averages and percentages.

The rule per indicator comes from ``data/indicators.csv`` (columns ``aggregation`` and
``weight``): ``sum`` adds the values (counts, areas in ha), ``weighted_mean`` takes
Σ(value × weight) / Σ(weight) over the areas that have both (e.g. WOZ weighted by
woningvoorraad), ``none`` (classes such as stedelijkheid) only passes a value on when
every area has the same one. A plain mean of percentages is never taken: without the
weight the result is missing and the note says why.

Every result states its weight and its coverage in Dutch, for example
``"gewogen naar woningvoorraad; 12 van 14 buurten met waarde"``.

Pure: takes and returns DataFrames in the long figures format of docs/architecture.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

RESULT_COLUMNS = [
    "year",
    "indicator",
    "value",
    "unit",
    "source",
    "method",
    "weight",
    "n_areas",
    "n_with_value",
    "note",
]
"""Columns of :func:`aggregate_figures`: ``method`` is ``sum|weighted_mean|none``,
``weight`` the weighting indicator (or None), ``n_with_value`` how many areas contributed."""


@dataclass(frozen=True)
class Rule:
    """How one indicator aggregates: ``sum``, ``weighted_mean`` (with ``weight``) or ``none``."""

    aggregation: str
    weight: str | None = None
    unit: str = ""
    label: str = ""


def rules_from_registry(indicators: Mapping | None = None) -> dict[str, Rule]:
    """Aggregation rules by indicator name from the indicator registry (``data/indicators.csv``)."""
    if indicators is None:
        from transitieatlas.indicators import load_indicators

        indicators = load_indicators()
    return {
        name: Rule(ind.aggregation, ind.weight, ind.unit, ind.label_nl)
        for name, ind in indicators.items()
    }


def _plural(word: str, n: int) -> str:
    """``buurt`` → ``buurten`` when n != 1 (Dutch plural of the area words used here)."""
    if n == 1:
        return word
    plurals = {"buurt": "buurten", "wijk": "wijken", "gemeente": "gemeenten", "gebied": "gebieden"}
    return plurals.get(word, word)


def coverage_text(n_with_value: int, n_areas: int, area_word: str = "gebied") -> str:
    """Dutch coverage text, e.g. ``12 van 14 buurten met waarde``."""
    return f"{n_with_value} van {n_areas} {_plural(area_word, n_areas)} met waarde"


def _sources(rows: pd.DataFrame) -> str:
    values = [str(s) for s in rows.get("source", pd.Series(dtype=object)).dropna().unique()]
    return "; ".join(sorted(values))


def _unit(rows: pd.DataFrame, rule: Rule | None) -> str:
    units = rows.get("unit", pd.Series(dtype=object)).dropna()
    if len(units):
        return str(units.iloc[0])
    return rule.unit if rule else ""


def _aggregate_one(
    rows: pd.DataFrame,
    weights: pd.Series | None,
    rule: Rule | None,
    n_areas: int,
    area_word: str,
) -> dict:
    """One indicator in one year. ``rows``: code-indexed values; ``weights``: code-indexed weights."""
    values = rows.set_index("code")["value"].astype(float).dropna()
    method = rule.aggregation if rule else "none"
    base = {
        "unit": _unit(rows, rule),
        "source": _sources(rows),
        "method": method,
        "weight": rule.weight if rule and method == "weighted_mean" else None,
        "n_areas": n_areas,
    }
    if method == "sum":
        value = float(values.sum()) if len(values) else math.nan
        note = "opgeteld; " + coverage_text(len(values), n_areas, area_word)
        if 0 < len(values) < n_areas:
            note += " (som onvolledig)"
        return {**base, "value": value, "n_with_value": len(values), "note": note}
    if method == "weighted_mean":
        return {**base, **_weighted(values, weights, rule, n_areas, area_word)}
    return {**base, **_uniform(values, rule, n_areas, area_word)}


def _weighted(
    values: pd.Series, weights: pd.Series | None, rule: Rule, n_areas: int, area_word: str
) -> dict:
    """Σ(value × weight) / Σ(weight) over areas with a value and a positive weight."""
    weight_name = rule.weight or "?"
    if weights is None or weights.dropna().empty:
        return {
            "value": math.nan,
            "n_with_value": 0,
            "note": f"niet te berekenen: gewicht {weight_name} ontbreekt "
            f"({coverage_text(len(values), n_areas, area_word)})",
        }
    w = weights.astype(float).reindex(values.index)
    usable = w.notna() & (w > 0)
    values, w = values[usable], w[usable]
    if w.sum() <= 0:
        return {
            "value": math.nan,
            "n_with_value": 0,
            "note": f"niet te berekenen: geen {_plural(area_word, 2)} met waarde én {weight_name}",
        }
    value = float(np.dot(values.to_numpy(), w.to_numpy()) / w.sum())
    note = f"gewogen naar {weight_name}; {coverage_text(len(values), n_areas, area_word)}"
    return {"value": value, "n_with_value": len(values), "note": note}


def _uniform(values: pd.Series, rule: Rule | None, n_areas: int, area_word: str) -> dict:
    """Classes (e.g. stedelijkheid) cannot be averaged: keep the value only when all agree."""
    coverage = coverage_text(len(values), n_areas, area_word)
    if len(values) and values.nunique() == 1:
        return {
            "value": float(values.iloc[0]),
            "n_with_value": len(values),
            "note": f"alle {_plural(area_word, 2)} met waarde gelijk; {coverage}",
        }
    reason = "niet op te tellen" if rule else "onbekende indicator, niet op te tellen"
    return {"value": math.nan, "n_with_value": len(values), "note": f"{reason}; {coverage}"}


def aggregate_figures(
    figures: pd.DataFrame,
    codes: Iterable[str],
    rules: Mapping[str, Rule] | None = None,
    area_word: str = "gebied",
) -> pd.DataFrame:
    """Aggregate the long ``figures`` of ``codes`` per (year, indicator).

    ``figures``: long frame ``code, year, indicator, value, unit, source`` (rows of other
    codes are ignored). ``rules``: by indicator name (default: the registry). ``area_word``
    names the areas in the note (``buurt``, ``wijk``, ``gemeente``). Returns one row per
    (year, indicator) with the columns :data:`RESULT_COLUMNS`.
    """
    rules = rules_from_registry() if rules is None else rules
    code_list = list(dict.fromkeys(codes))
    data = figures[figures["code"].isin(code_list)]
    out = []
    for year, year_rows in data.groupby("year", sort=True):
        by_indicator = dict(tuple(year_rows.groupby("indicator", sort=False)))
        for indicator, rows in by_indicator.items():
            rule = rules.get(indicator)
            weights = None
            if rule and rule.aggregation == "weighted_mean" and rule.weight in by_indicator:
                weights = by_indicator[rule.weight].set_index("code")["value"]
            result = _aggregate_one(rows, weights, rule, len(code_list), area_word)
            out.append({"year": int(year), "indicator": indicator, **result})
    frame = pd.DataFrame(out, columns=RESULT_COLUMNS)
    return frame.sort_values(["year", "indicator"]).reset_index(drop=True)
