"""The heat-demand methods by name: Dutch label, function and the inputs each needs.

One registry (as pysal/mapclassify's ``_classifiers``): the Warmtevraag page, the ``heat``
CLI and :mod:`transitieatlas.heat.service` read their choices, labels and inputs from it, so a
new method is one entry here. Every function takes its input frame and the constants
overrides and returns the per-area frame described in :mod:`transitieatlas.heat.common`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.heat.gas import GAS_INPUTS, heat_demand_from_gas
from transitieatlas.heat.model import heat_demand_from_model
from transitieatlas.heat.stock import heat_demand_from_buildings

MethodFunction = Callable[[pd.DataFrame, Mapping[str, float] | None], pd.DataFrame]


@dataclass(frozen=True)
class HeatMethod:
    """One way to estimate heat demand.

    ``takes`` is ``"figures"`` (wide figures per area, index ``code``) or ``"stock"`` (the
    dwelling stock frame of :mod:`transitieatlas.heat.stock`). ``inputs``: indicators of
    which at least one must be present (``"figures"``); ``year_from``: indicators whose latest
    year is the default year; ``missing``: Dutch words for the inputs when none are present.
    """

    name: str
    label: str
    function: MethodFunction
    takes: str
    inputs: tuple[str, ...]
    year_from: tuple[str, ...]
    missing: str


METHODS: dict[str, HeatMethod] = {
    m.name: m
    for m in (
        HeatMethod(
            "gas",
            "uit gasverbruik",
            heat_demand_from_gas,
            "figures",
            GAS_INPUTS,
            GAS_INPUTS,
            "aardgasverbruik van woningen",
        ),
        HeatMethod(
            "buildings",
            "uit de woningvoorraad (Vesta-kengetallen)",
            heat_demand_from_buildings,
            "stock",
            (),
            ("woningvoorraad",),
            "gegevens over de woningvoorraad naar bouwjaar",
        ),
        HeatMethod(
            "model",
            "modeluitkomst van derden",
            heat_demand_from_model,
            "figures",
            ("warmtevraag_model_kwh",),
            ("warmtevraag_model_kwh",),
            "gemodelleerde warmtevraag",
        ),
    )
}
"""Method name → :class:`HeatMethod`, in the order offered to users (gas first)."""


def method_names() -> list[str]:
    """The valid method names.

    >>> method_names()
    ['gas', 'buildings', 'model']
    """
    return list(METHODS)


def label(name: str) -> str:
    """The Dutch label of a method, e.g. ``label("gas")`` → ``'uit gasverbruik'``."""
    return get(name).label


def get(name: str) -> HeatMethod:
    """The method called ``name``; :class:`InputError` listing every valid one otherwise.

    >>> get("vesta")
    Traceback (most recent call last):
    ...
    transitieatlas.errors.InputError: Onbekende methode 'vesta': kies uit gas (uit gasverbruik), buildings (uit de woningvoorraad (Vesta-kengetallen)), model (modeluitkomst van derden).
    """
    if name not in METHODS:
        choices = ", ".join(f"{m.name} ({m.label})" for m in METHODS.values())
        raise InputError(f"Onbekende methode '{name}': kies uit {choices}.")
    return METHODS[name]


__all__ = ["METHODS", "HeatMethod", "get", "label", "method_names"]
