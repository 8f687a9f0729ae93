"""Choropleth classes, colours, legend and tooltips for one indicator over a set of areas.

Class schemes come from ``mapclassify`` (a named registry, as in pysal/mapclassify's
``classify``): ``quantiles``, ``natural_breaks`` (Fisher-Jenks) and ``equal_interval``.
Colours: ColorBrewer ``YlGnBu`` (sequential, colour-blind safe; Brewer & Harrower,
colorbrewer2.org). Areas without a value get their own grey class ``geen gegevens``;
they are never put in the lowest class. Numbers are formatted the Dutch way
(``1.234,5``, :mod:`transitieatlas.text`). The output dicts (colour and tooltip per area code, legend as
``(colour, label)`` pairs) are what :func:`transitieatlas.maps.component.area_map` takes.

Pure: no I/O.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.text import MISSING_LABEL, display_unit, format_number, format_value

MISSING_COLOUR = "#bdbdbd"
MIN_K, MAX_K = 2, 9
FISHER_JENKS_SAMPLE = 300
"""Fisher-Jenks is O(n²·k) in pure Python (about 3 s for 1 000 values here); above this many
values the breaks are fitted on this many evenly spaced quantiles of the data (deterministic)."""

YLGNBU: dict[int, list[str]] = {
    1: ["#41b6c4"],
    2: ["#a1dab4", "#225ea8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
    8: ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
    9: [
        "#ffffd9",
        "#edf8b1",
        "#c7e9b4",
        "#7fcdbb",
        "#41b6c4",
        "#1d91c0",
        "#225ea8",
        "#253494",
        "#081d58",
    ],
}
"""ColorBrewer YlGnBu per number of classes (light = low, dark = high)."""


@dataclass
class Choropleth:
    """Classes of one indicator: ``classes`` per code (-1 = no value), colours, tooltips, legend."""

    scheme: str
    k: int
    bins: list[float]
    classes: dict[str, int]
    colours: dict[str, str]
    tooltips: dict[str, str]
    legend: list[tuple[str, str]]
    counts: list[int] = field(default_factory=list)
    missing: int = 0


def _quantile_bins(y: np.ndarray, k: int) -> np.ndarray:
    """``mapclassify.Quantiles(y, k).bins``, step for step (scipy's ``scoreatpercentile``
    with linear interpolation), without importing mapclassify (scipy, sklearn, pyplot:
    seconds on a cold start)."""
    ordered = np.sort(np.asarray(y).flatten(), axis=None)
    w = 100.0 / k
    percents = np.arange(w, 100 + w, w)
    if percents[-1] > 100.0:
        percents[-1] = 100.0
    scores = []
    for per in percents:
        idx = per / 100.0 * (ordered.shape[0] - 1)
        i = int(idx)
        if i == idx:
            scores.append(np.add.reduce(ordered[i : i + 1] * np.array(1), axis=0) / 1.0)
        else:
            weights = np.array([(i + 1 - idx), (idx - i)], float)
            scores.append(np.add.reduce(ordered[i : i + 2] * weights, axis=0) / weights.sum())
    return np.unique(np.array(scores))


def _equal_interval_bins(y: np.ndarray, k: int) -> np.ndarray:
    """``mapclassify.EqualInterval(y, k).bins``, step for step (see :func:`_quantile_bins`)."""
    y = np.asarray(y).flatten()
    max_y, min_y = max(y), min(y)
    width = (max_y - min_y) * 1.0 / k
    cuts = np.arange(min_y + width, max_y + width, width)
    if len(cuts) > k:  # arange can overshoot by one
        cuts = cuts[0:k]
    cuts[-1] = max_y
    return cuts.copy()


def _natural_breaks_bins(y: np.ndarray, k: int) -> np.ndarray:
    """``mapclassify.FisherJenks(y, k).bins``; above :data:`FISHER_JENKS_SAMPLE` values the
    breaks are fitted on that many evenly spaced quantiles of ``y`` (deterministic)."""
    fit = y
    if len(y) > FISHER_JENKS_SAMPLE:
        fit = np.quantile(y, np.linspace(0, 1, FISHER_JENKS_SAMPLE))
    k = min(k, len(np.unique(fit)))
    import mapclassify  # slow to import (scipy, sklearn): only for natural breaks

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
        warnings.filterwarnings("ignore", message="Not enough unique values", category=UserWarning)
        return np.asarray(mapclassify.FisherJenks(fit, k=k).bins, dtype=float)


@dataclass(frozen=True)
class ClassScheme:
    """A way to cut values into classes: ``bins(values, k)`` gives the upper bounds."""

    name: str
    label: str
    bins: Callable[[np.ndarray, int], np.ndarray]


SCHEMES: dict[str, ClassScheme] = {
    s.name: s
    for s in (
        ClassScheme("quantiles", "Kwantielen (even veel gebieden per klasse)", _quantile_bins),
        ClassScheme("natural_breaks", "Natuurlijke grenzen (Fisher-Jenks)", _natural_breaks_bins),
        ClassScheme("equal_interval", "Gelijke intervallen", _equal_interval_bins),
    )
}
"""Scheme name → :class:`ClassScheme`: the one list the page, the CLI and the export read."""


def scheme_names() -> list[str]:
    """The valid scheme names.

    >>> scheme_names()
    ['quantiles', 'natural_breaks', 'equal_interval']
    """
    return list(SCHEMES)


def scheme_label(scheme: str) -> str:
    """The Dutch label of a scheme (:class:`InputError` with the valid names when unknown)."""
    check_scheme(scheme)
    return SCHEMES[scheme].label


def check_scheme(scheme: str, k: int = 5) -> None:
    """:class:`InputError` (Dutch, listing every problem and the valid names) for a bad scheme or k."""
    problems = []
    if scheme not in SCHEMES:
        problems.append(f"onbekende klasse-indeling '{scheme}'; kies uit: {', '.join(SCHEMES)}")
    if not MIN_K <= int(k) <= MAX_K:
        problems.append(f"aantal klassen {k} moet tussen {MIN_K} en {MAX_K} liggen")
    if problems:
        raise InputError("De kaart kan zo niet worden ingedeeld:", problems)


def _bins(values: np.ndarray, scheme: str, k: int) -> np.ndarray:
    """Upper bounds of the classes (the last is the maximum)."""
    k = min(k, len(np.unique(values)))
    bins = np.unique(np.asarray(SCHEMES[scheme].bins(values, k), dtype=float))
    bins[-1] = max(bins[-1], values.max())
    return bins


def classify(
    values: pd.Series, scheme: str = "quantiles", k: int = 5
) -> tuple[list[float], pd.Series]:
    """Class bounds and the class of each value (0 = lowest, -1 = missing).

    ``k`` shrinks to the number of distinct values when there are fewer.
    Raises :class:`InputError` for an unknown scheme (listing the valid names).
    """
    check_scheme(scheme, k)
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    present = numbers.dropna()
    classes = pd.Series(-1, index=numbers.index, dtype=int)
    if present.empty:
        return [], classes
    distinct = present.nunique()
    if distinct == 1:
        classes[present.index] = 0
        return [float(present.iloc[0])], classes
    bins = _bins(present.to_numpy(), scheme, min(int(k), distinct))
    idx = np.searchsorted(bins, present.to_numpy(), side="left")
    classes[present.index] = np.clip(idx, 0, len(bins) - 1)
    return [float(b) for b in bins], classes


def _legend_decimals(edges: list[float]) -> int:
    """Fewest decimals (from the data's range) at which all class edges print differently."""
    spread = max(edges) - min(edges) if edges else 0
    start = 0 if spread >= 10 else 1 if spread >= 1 else 2
    for decimals in range(start, 5):
        shown = [format_number(e, decimals) for e in edges[1:]]
        if len(set(shown)) == len(shown):
            return decimals
    return 4


def legend_labels(bins: list[float], minimum: float, unit: str | None) -> list[str]:
    """One Dutch label per class: ``12,0 – 45,5 %`` (the lowest from the minimum)."""
    if not bins:
        return []
    if len(bins) == 1:
        return [format_value(bins[0], unit)]
    edges = [minimum, *bins]
    decimals = _legend_decimals(edges)
    shown = display_unit(unit)
    suffix = ("" if shown == "%" else " ") + shown if shown else ""
    labels = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        low_text, high_text = format_number(low, decimals), format_number(high, decimals)
        span = high_text if low_text == high_text else f"{low_text} – {high_text}"
        labels.append(span + suffix)
    return labels


def choropleth(
    values: pd.Series | Mapping[str, float],
    names: Mapping[str, str] | None = None,
    unit: str | None = None,
    scheme: str = "quantiles",
    k: int = 5,
) -> Choropleth:
    """Colours, tooltips (``Naam: waarde eenheid``) and legend for ``values`` keyed by area code.

    Codes in ``names`` without a value are shown grey as ``geen gegevens``.
    """
    values = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values
    names = dict(names or {})
    index = list(dict.fromkeys([*values.index, *names]))
    values = pd.to_numeric(values, errors="coerce").astype(float).reindex(index)
    bins, classes = classify(values, scheme, k)
    palette = YLGNBU[max(len(bins), 1)]
    colours = {code: (MISSING_COLOUR if c < 0 else palette[c]) for code, c in classes.items()}
    tooltips = {
        code: f"{names.get(code, code)}: {format_value(values[code], unit)}" for code in index
    }
    present = values.dropna()
    labels = legend_labels(bins, float(present.min()) if len(present) else math.nan, unit)
    counts = [int((classes == i).sum()) for i in range(len(bins))]
    legend = [(palette[i], label) for i, label in enumerate(labels)]
    missing = int((classes < 0).sum())
    if missing:
        legend.append((MISSING_COLOUR, MISSING_LABEL))
    return Choropleth(
        scheme=scheme,
        k=len(bins),
        bins=bins,
        classes={str(c): int(v) for c, v in classes.items()},
        colours=colours,
        tooltips=tooltips,
        legend=legend,
        counts=counts,
        missing=missing,
    )
