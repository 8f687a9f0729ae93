"""Choropleth classes, colours, legend and tooltips."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from transitieatlas.errors import InputError
from transitieatlas.profile.choropleth import (
    MISSING_COLOUR,
    SCHEMES,
    YLGNBU,
    choropleth,
    classify,
)
from transitieatlas.text import MISSING_LABEL


def test_equal_interval_by_hand_and_missing_is_grey():
    values = pd.Series({"A": 0.0, "B": 10.0, "C": 20.0, "D": 40.0, "E": math.nan})
    names = {"A": "Aa", "B": "Bee", "C": "Cee", "D": "Dee", "E": "Ee", "F": "Ef"}
    result = choropleth(values, names, unit="%", scheme="equal_interval", k=4)
    # equal intervals of 10 over 0–40: upper bounds 10, 20, 30, 40
    assert result.bins == pytest.approx([10, 20, 30, 40])
    assert result.classes == {"A": 0, "B": 0, "C": 1, "D": 3, "E": -1, "F": -1}
    assert result.colours["A"] == YLGNBU[4][0]
    assert result.colours["D"] == YLGNBU[4][3]
    assert result.colours["E"] == result.colours["F"] == MISSING_COLOUR
    assert MISSING_COLOUR not in YLGNBU[4]
    assert result.legend == [
        (YLGNBU[4][0], "0 – 10%"),
        (YLGNBU[4][1], "10 – 20%"),
        (YLGNBU[4][2], "20 – 30%"),
        (YLGNBU[4][3], "30 – 40%"),
        (MISSING_COLOUR, "geen gegevens"),
    ]
    assert result.counts == [2, 1, 0, 1]
    assert result.missing == 2
    assert result.tooltips["C"] == "Cee: 20%"
    assert result.tooltips["F"] == "Ef: geen gegevens"


def test_quantiles_put_equal_numbers_in_each_class():
    values = pd.Series({f"B{i}": float(i) for i in range(1, 11)})
    bins, classes = classify(values, "quantiles", k=5)
    assert bins == pytest.approx([2.8, 4.6, 6.4, 8.2, 10.0])
    assert classes.value_counts().sort_index().tolist() == [2, 2, 2, 2, 2]


def test_quantiles_and_equal_interval_match_mapclassify_exactly():
    # computed without mapclassify (its import costs seconds); the bounds must be bit-identical
    import warnings

    import mapclassify

    from transitieatlas.profile.choropleth import _equal_interval_bins, _quantile_bins

    rng = np.random.default_rng(7)
    samples = [
        rng.normal(size=97) * 1e4,
        rng.integers(0, 4, size=50).astype(float),  # many ties: fewer classes
        np.round(rng.lognormal(size=33), 1),
        np.concatenate([np.zeros(40), [0.5, 0.7, 9.0]]),
        np.array([1.0, 2.0]),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for y in samples:
            for k in range(2, 10):
                k = min(k, len(np.unique(y)))
                assert np.array_equal(_quantile_bins(y, k), mapclassify.Quantiles(y, k=k).bins)
                assert np.array_equal(
                    _equal_interval_bins(y, k), mapclassify.EqualInterval(y, k=k).bins
                )


def test_natural_breaks_find_the_gaps():
    values = pd.Series([1, 2, 3, 50, 51, 52, 200, 201], index=list("abcdefgh"), dtype=float)
    bins, classes = classify(values, "natural_breaks", k=3)
    assert bins == pytest.approx([3, 52, 201])
    assert classes.tolist() == [0, 0, 0, 1, 1, 1, 2, 2]


def test_natural_breaks_on_many_values_is_deterministic_and_fast():
    rng = np.random.default_rng(7)
    values = pd.Series(rng.gamma(2.0, 3.0, 5000))
    first, classes = classify(values, "natural_breaks", k=5)
    second, _ = classify(values, "natural_breaks", k=5)
    assert first == second
    assert first[-1] == pytest.approx(values.max())
    assert set(classes) == {0, 1, 2, 3, 4}


def test_fewer_distinct_values_than_classes_and_legend_units():
    values = pd.Series({"A": 5.0, "B": 5.0, "C": 7.0})
    result = choropleth(values, unit="m³", scheme="quantiles", k=5)
    assert result.k == 2
    assert [label for _, label in result.legend] == ["5,0 m³", "5,0 – 7,0 m³"]
    single = choropleth(pd.Series({"A": 3.0, "B": 3.0}), unit="kWh")
    assert single.legend == [(YLGNBU[1][0], "3 kWh")]
    empty = choropleth(pd.Series({"A": math.nan}), {"A": "Aa"})
    assert empty.legend == [(MISSING_COLOUR, MISSING_LABEL)]
    assert empty.colours == {"A": MISSING_COLOUR}


def test_unknown_scheme_lists_valid_names():
    with pytest.raises(InputError) as err:
        classify(pd.Series([1.0, 2.0]), "jenks_caspall", k=12)
    message = str(err.value)
    for name in SCHEMES:
        assert name in message
    assert "tussen 2 en 9" in message
