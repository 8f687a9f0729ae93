"""Investment capacity of owner-occupiers per demand group: a low–high range and the
households that cannot invest (method: ``docs/methode-vraaggroepen.md``).

Per group, with ``E`` = owner-occupied dwellings (dwellings × share owner-occupied):

    investment_low_eur  = E × share_can_invest_low  × cost_per_home_low_eur
    investment_high_eur = E × share_can_invest_high × cost_per_home_high_eur
    households_cannot_invest = E × share_cannot_invest

Constants (value, unit, source, status) in ``data/vraaggroepen_constants.csv``. Tenants do not
invest here (their landlord does: corporations and private landlords are separate parties);
non-residential owners have no public figures, so their capacity is unknown (NaN), never 0.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from transitieatlas import config
from transitieatlas.errors import InputError
from transitieatlas.text import format_number

REQUIRED = (
    "cost_per_home_low_eur",
    "cost_per_home_high_eur",
    "share_can_invest_low",
    "share_can_invest_high",
    "share_cannot_invest",
    "share_owner_occupied_default",
)


def constants_path() -> Path:
    """``data/vraaggroepen_constants.csv`` of this checkout."""
    return config.REFERENCE_DIR / "vraaggroepen_constants.csv"


@functools.lru_cache(maxsize=2)
def _read(path: Path) -> tuple[tuple[str, float], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        try:
            out.append((row["name"], float(row["value"])))
        except (KeyError, ValueError) as err:
            raise InputError(f"{path.name}: regel '{row}' heeft geen getal als waarde.") from err
    missing = sorted(set(REQUIRED) - {name for name, _ in out})
    if missing:
        raise InputError(f"{path.name}: constanten ontbreken: {', '.join(missing)}.")
    return tuple(out)


def load_constants(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The constants of the table, optionally overridden (e.g. from the app)."""
    values = dict(_read(constants_path()))
    values.update(overrides or {})
    return values


def capacity(
    owner_dwellings: float, dwellings: float, constants: Mapping[str, float]
) -> tuple[float, float, float]:
    """``(low €, high €, households that cannot invest)`` for a group.

    A group without (known) dwellings, e.g. only non-residential buildings or panden whose
    use is unknown, gives NaN: unknown, not zero. A group of tenants only (corporations) gives
    NaN for the capacity (the landlord invests) and 0 households that cannot invest.

    >>> c = {"cost_per_home_low_eur": 15000, "cost_per_home_high_eur": 20000,
    ...      "share_can_invest_low": 0.79, "share_can_invest_high": 0.85,
    ...      "share_cannot_invest": 0.21}
    >>> capacity(100.0, 120.0, c)
    (1185000.0, 1700000.0, 21.0)
    """
    if not np.isfinite(dwellings) or dwellings <= 0 or not np.isfinite(owner_dwellings):
        return (np.nan, np.nan, np.nan)
    if owner_dwellings <= 0:  # only tenants: the landlord's capacity is not known here
        return (np.nan, np.nan, 0.0)
    low = owner_dwellings * constants["share_can_invest_low"] * constants["cost_per_home_low_eur"]
    high = (
        owner_dwellings * constants["share_can_invest_high"] * constants["cost_per_home_high_eur"]
    )
    return (float(low), float(high), float(owner_dwellings * constants["share_cannot_invest"]))


METHOD = (
    "investering: eigenaar-bewoners × aandeel dat kan investeren × kosten per woning "
    "(laag {share_can_invest_low:.0%} × €{cost_low}, hoog "
    "{share_can_invest_high:.0%} × €{cost_high}); kan niet: "
    "{share_cannot_invest:.0%} van de eigenaar-bewoners (DNB 2022); huurders: de verhuurder "
    "investeert; utiliteit: onbekend"
)


def method_text(constants: Mapping[str, float]) -> str:
    """The Dutch one-line method of the capacity figures with the constants used."""
    costs = {
        "cost_low": format_number(constants["cost_per_home_low_eur"], 0),
        "cost_high": format_number(constants["cost_per_home_high_eur"], 0),
    }
    return METHOD.format(**constants, **costs)
