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


def _note_sum(n_values: int, n_areas: int, area_word: str) -> str:
    note = "opgeteld; " + coverage_text(n_values, n_areas, area_word)
    return note + " (som onvolledig)" if 0 < n_values < n_areas else note


def _weighted_result(
    stats: dict, rule: Rule, n_areas: int, area_word: str
) -> tuple[float, int, str]:
    """Σ(value × weight) / Σ(weight) over areas with a value and a positive weight."""
    weight = rule.weight or "?"
    if not stats["has_weight"]:
        coverage = coverage_text(stats["n_values"], n_areas, area_word)
        return math.nan, 0, f"niet te berekenen: gewicht {weight} ontbreekt ({coverage})"
    if stats["w_sum"] <= 0:
        plural = _plural(area_word, 2)
        return math.nan, 0, f"niet te berekenen: geen {plural} met waarde én {weight}"
    value = stats["vw_sum"] / stats["w_sum"]
    note = f"gewogen naar {weight}; {coverage_text(stats['n_weighted'], n_areas, area_word)}"
    return float(value), int(stats["n_weighted"]), note


def _uniform_result(
    stats: dict, rule: Rule | None, n_areas: int, area_word: str
) -> tuple[float, int, str]:
    """Classes (e.g. stedelijkheid) cannot be averaged: keep the value only when all agree."""
    n = int(stats["n_values"])
    coverage = coverage_text(n, n_areas, area_word)
    if n and stats["n_distinct"] == 1:
        return (
            float(stats["first"]),
            n,
            f"alle {_plural(area_word, 2)} met waarde gelijk; {coverage}",
        )
    reason = "niet op te tellen" if rule else "onbekende indicator, niet op te tellen"
    return math.nan, n, f"{reason}; {coverage}"


def _inferred_rule(unit: object) -> Rule | None:
    """For an indicator outside the registry: counts (unit ``aantal``) add up; nothing else
    is guessed (a percentage without a known weight stays missing)."""
    return Rule("sum", None, "aantal") if unit == "aantal" else None


def _group_stats(data: pd.DataFrame, rules: Mapping[str, Rule]) -> pd.DataFrame:
    """Per (year, indicator): counts, sums, weighted sums, unit and sources, in one pass."""
    weight_of = {n: r.weight for n, r in rules.items() if r.aggregation == "weighted_mean"}
    data = data.assign(weight_name=data["indicator"].map(weight_of).astype(object))
    weights = data[["code", "year", "indicator", "value"]].rename(
        columns={"indicator": "weight_name", "value": "w"}
    )
    weights["weight_name"] = weights["weight_name"].astype(object)
    merged = data.merge(weights, on=["code", "year", "weight_name"], how="left")
    has_value = merged["value"].notna()
    usable = has_value & merged["w"].notna() & (merged["w"] > 0)
    merged = merged.assign(
        has_value=has_value,
        v=merged["value"].where(has_value, 0.0),
        vw=(merged["value"] * merged["w"]).where(usable, 0.0),
        wu=merged["w"].where(usable, 0.0),
        usable=usable,
        w_seen=merged["w"].notna(),
        present=merged["value"].where(has_value),
    )
    grouped = merged.groupby(["year", "indicator"], sort=True)
    return pd.DataFrame(
        {
            "n_values": grouped["has_value"].sum(),
            "sum": grouped["v"].sum(),
            "vw_sum": grouped["vw"].sum(),
            "w_sum": grouped["wu"].sum(),
            "n_weighted": grouped["usable"].sum(),
            "has_weight": grouped["w_seen"].any(),
            "n_distinct": grouped["present"].nunique(),
            "first": grouped["present"].first(),
            "unit": grouped["unit"].first(),
        }
    ).assign(source=_joined_sources(data))


def _joined_sources(data: pd.DataFrame) -> pd.Series:
    """The distinct sources per (year, indicator), joined with ``; ``."""
    distinct = data.dropna(subset=["source"]).drop_duplicates(["year", "indicator", "source"])
    joined: dict[tuple, list[str]] = {}
    for year, indicator, source in zip(
        distinct["year"], distinct["indicator"], distinct["source"].astype(str), strict=True
    ):
        joined.setdefault((year, indicator), []).append(source)
    return pd.Series({key: "; ".join(sorted(v)) for key, v in joined.items()}, dtype=object)


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
    n_areas = len(code_list)
    data = figures[figures["code"].isin(code_list)]
    if data.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    data = data[["code", "year", "indicator", "value", "unit", "source"]].assign(
        value=pd.to_numeric(data["value"], errors="coerce").astype(float)
    )
    out = []
    for (year, indicator), stats in _group_stats(data, rules).iterrows():
        rule = rules.get(indicator) or _inferred_rule(stats["unit"])
        method = rule.aggregation if rule else "none"
        if method == "sum":
            n = int(stats["n_values"])
            value = float(stats["sum"]) if n else math.nan
            result = (value, n, _note_sum(n, n_areas, area_word))
        elif rule is not None and method == "weighted_mean":
            result = _weighted_result(stats, rule, n_areas, area_word)
        else:
            result = _uniform_result(stats, rule, n_areas, area_word)
        unit = stats["unit"] if isinstance(stats["unit"], str) else (rule.unit if rule else "")
        out.append(
            {
                "year": int(year),
                "indicator": indicator,
                "value": result[0],
                "unit": unit,
                "source": stats["source"],
                "method": method,
                "weight": rule.weight if rule is not None and method == "weighted_mean" else None,
                "n_areas": n_areas,
                "n_with_value": result[1],
                "note": result[2],
            }
        )
    return pd.DataFrame(out, columns=RESULT_COLUMNS).reset_index(drop=True)
