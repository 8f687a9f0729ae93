"""Aggregation over a set of areas: hand-computed sums and weighted means."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from transitieatlas.areas.aggregate import (
    Rule,
    aggregate_figures,
    coverage_text,
    rules_from_registry,
)

SRC = "CBS test"


def _figures(rows: list[tuple[str, int, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(c, y, i, v, u, SRC) for c, y, i, v, u in rows],
        columns=["code", "year", "indicator", "value", "unit", "source"],
    )


def _row(result: pd.DataFrame, indicator: str, year: int = 2020) -> pd.Series:
    hit = result[(result["indicator"] == indicator) & (result["year"] == year)]
    assert len(hit) == 1, f"{indicator} {year}: {len(hit)} rows"
    return hit.iloc[0]


def test_percentage_weighted_by_dwellings_not_plain_mean():
    # 100 dwellings at 20 % koop and 300 at 60 % → (20 + 180) / 400 = 50 %, not 40 %.
    figures = _figures(
        [
            ("BU1", 2020, "woningvoorraad", 100, "aantal"),
            ("BU2", 2020, "woningvoorraad", 300, "aantal"),
            ("BU1", 2020, "pct_koopwoningen", 20, "%"),
            ("BU2", 2020, "pct_koopwoningen", 60, "%"),
        ]
    )
    result = aggregate_figures(figures, ["BU1", "BU2"], area_word="buurt")
    koop = _row(result, "pct_koopwoningen")
    assert koop["value"] == pytest.approx(50.0)
    assert koop["method"] == "weighted_mean"
    assert koop["weight"] == "woningvoorraad"
    assert koop["note"] == "gewogen naar woningvoorraad; 2 van 2 buurten met waarde"
    assert koop["unit"] == "%"
    voorraad = _row(result, "woningvoorraad")
    assert voorraad["value"] == 400
    assert voorraad["method"] == "sum"


def test_missing_value_reduces_coverage_and_weight():
    # BU3 has dwellings but no WOZ: WOZ = (100*200 + 300*300) / 400 = 275.
    figures = _figures(
        [
            ("BU1", 2020, "woningvoorraad", 100, "aantal"),
            ("BU2", 2020, "woningvoorraad", 300, "aantal"),
            ("BU3", 2020, "woningvoorraad", 600, "aantal"),
            ("BU1", 2020, "gem_woz_woning", 200, "x 1 000 euro"),
            ("BU2", 2020, "gem_woz_woning", 300, "x 1 000 euro"),
            ("BU3", 2020, "gem_woz_woning", math.nan, "x 1 000 euro"),
        ]
    )
    result = aggregate_figures(figures, ["BU1", "BU2", "BU3"], area_word="buurt")
    woz = _row(result, "gem_woz_woning")
    assert woz["value"] == pytest.approx(275.0)
    assert woz["n_with_value"] == 2
    assert woz["note"] == "gewogen naar woningvoorraad; 2 van 3 buurten met waarde"
    assert _row(result, "woningvoorraad")["value"] == 1000


def test_weighted_mean_without_weight_is_missing_not_plain_mean():
    figures = _figures(
        [
            ("BU1", 2020, "pct_koopwoningen", 20, "%"),
            ("BU2", 2020, "pct_koopwoningen", 60, "%"),
        ]
    )
    koop = _row(aggregate_figures(figures, ["BU1", "BU2"], area_word="buurt"), "pct_koopwoningen")
    assert math.isnan(koop["value"])
    assert "gewicht woningvoorraad ontbreekt" in koop["note"]


def test_partial_sum_says_incomplete_and_codes_outside_set_ignored():
    figures = _figures(
        [
            ("BU1", 2020, "inwoners", 1000, "aantal"),
            ("BU2", 2020, "inwoners", math.nan, "aantal"),
            ("BU9", 2020, "inwoners", 5000, "aantal"),
        ]
    )
    row = _row(aggregate_figures(figures, ["BU1", "BU2"], area_word="buurt"), "inwoners")
    assert row["value"] == 1000
    assert row["note"] == "opgeteld; 1 van 2 buurten met waarde (som onvolledig)"


def test_classes_only_pass_when_equal_and_years_kept_apart():
    figures = _figures(
        [
            ("BU1", 2020, "stedelijkheid", 2, "klasse"),
            ("BU2", 2020, "stedelijkheid", 2, "klasse"),
            ("BU1", 2021, "stedelijkheid", 2, "klasse"),
            ("BU2", 2021, "stedelijkheid", 4, "klasse"),
        ]
    )
    result = aggregate_figures(figures, ["BU1", "BU2"])
    assert _row(result, "stedelijkheid", 2020)["value"] == 2
    assert math.isnan(_row(result, "stedelijkheid", 2021)["value"])
    assert list(result["year"]) == [2020, 2021]


def test_custom_rules_and_density_weighted_by_land_area():
    rules = {"dichtheid": Rule("weighted_mean", "land"), "land": Rule("sum")}
    figures = _figures(
        [
            ("A", 2020, "land", 10, "ha"),
            ("B", 2020, "land", 30, "ha"),
            ("A", 2020, "dichtheid", 1000, "per km²"),
            ("B", 2020, "dichtheid", 200, "per km²"),
        ]
    )
    # (10*1000 + 30*200) / 40 = 400
    assert _row(aggregate_figures(figures, ["A", "B"], rules), "dichtheid")["value"] == 400


def test_registry_rules_and_coverage_text():
    rules = rules_from_registry()
    assert rules["gem_woz_woning"] == Rule(
        "weighted_mean", "woningvoorraad", "x 1 000 euro", "Gemiddelde WOZ-waarde van woningen"
    )
    assert rules["inwoners"].aggregation == "sum"
    assert coverage_text(12, 14, "buurt") == "12 van 14 buurten met waarde"
    assert coverage_text(1, 1, "wijk") == "1 van 1 wijk met waarde"


def test_unregistered_counts_add_up_but_unregistered_percentages_do_not():
    figures = _figures(
        [
            ("A", 2020, "inwoners_0_17", 30, "aantal"),
            ("B", 2020, "inwoners_0_17", 12, "aantal"),
            ("A", 2020, "pct_iets", 10, "%"),
            ("B", 2020, "pct_iets", 30, "%"),
        ]
    )
    result = aggregate_figures(figures, ["A", "B"], rules={})
    assert _row(result, "inwoners_0_17")["value"] == 42
    assert _row(result, "inwoners_0_17")["method"] == "sum"
    pct = _row(result, "pct_iets")
    assert math.isnan(pct["value"])
    assert pct["note"].startswith("onbekende indicator, niet op te tellen")
