"""Method 1 (``gas``): heat demand of dwellings from their measured natural-gas use.

Steps (constants from ``data/heat_constants.csv``, see ``docs/methode-warmtevraag.md``):

1. total gas of the area's dwellings, GJ/yr:
   Klimaatmonitor ``aardgas_woningen_tj`` × 1000 (temperature-corrected, already on the
   lower heating value), else ``aardgas_woningen_mln_m3`` × 10⁶ × LHV, else CBS
   ``gem_aardgas_woning`` (m³ per dwelling) × ``woningvoorraad`` × LHV,
   with LHV = 31.65 MJ/m³ = 0.03165 GJ/m³ (Groningen gas, *onderwaarde*);
2. cooking = ``share_cooking`` × gas; gas for heat = the rest;
3. space heating = gas for heat × ``share_space_heating`` × ``efficiency_space_heating``,
   hot water = gas for heat × ``share_hot_water`` × ``efficiency_hot_water`` (useful heat);
4. district-heating bias: CBS averages count dwellings on *stadsverwarming* with (almost)
   no gas, so the gas is spread over the gas-heated dwellings only —
   ``woningen_gasverwarmd`` (Klimaatmonitor) when given, else
   ``woningvoorraad × (1 − pct_stadsverwarming/100)`` — and the heat demand per gas-heated
   dwelling is applied to all dwellings. When neither is known, no correction is made and
   the note says the heat demand may be too low.

``final_energy_gj`` is the gas actually used (not scaled); ``heat_demand_gj`` =
space heating + hot water of all dwellings; ``cooking_gj`` is the gas used for cooking.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.heat import common as heat_base

GAS_INPUTS = ("aardgas_woningen_tj", "aardgas_woningen_mln_m3", "gem_aardgas_woning")


def split_gas_gj(gas_gj: pd.Series | float, constants: Mapping[str, float]) -> pd.DataFrame:
    """Split final gas energy (GJ) into cooking and useful space heating and hot water (GJ).

    cooking = gas × c; space = gas × (1 − c) × s_rv × η_rv; hot water = gas × (1 − c) × s_tw × η_tw

    >>> c = {"share_cooking": 0.03, "share_space_heating": 0.79, "share_hot_water": 0.21,
    ...      "efficiency_space_heating": 0.995, "efficiency_hot_water": 0.657}
    >>> row = split_gas_gj(100.0, c).iloc[0]
    >>> [round(float(row[c]), 3) for c in ("space_heating_gj", "hot_water_gj", "cooking_gj")]
    [76.247, 13.383, 3.0]
    """
    gas = pd.Series(gas_gj) if not isinstance(gas_gj, pd.Series) else gas_gj
    for_heat = gas * (1.0 - constants["share_cooking"])
    space = for_heat * constants["share_space_heating"] * constants["efficiency_space_heating"]
    water = for_heat * constants["share_hot_water"] * constants["efficiency_hot_water"]
    return pd.DataFrame(
        {
            "cooking_gj": gas * constants["share_cooking"],
            "space_heating_gj": space,
            "hot_water_gj": water,
            "heat_demand_gj": space + water,
        },
        index=gas.index,
    )


def _column(wide: pd.DataFrame, name: str) -> pd.Series:
    if name not in wide:
        return pd.Series(np.nan, index=wide.index, dtype=float)
    return pd.to_numeric(wide[name], errors="coerce")


def total_gas_gj(wide: pd.DataFrame, lhv_mj_per_m3: float) -> tuple[pd.Series, pd.Series]:
    """Total residential gas per area in GJ/yr and a Dutch word for its source.

    >>> w = pd.DataFrame({"woningvoorraad": [100.0], "gem_aardgas_woning": [1000.0]}, index=["BU1"])
    >>> round(float(total_gas_gj(w, 31.65)[0]["BU1"]), 1)
    3165.0
    """
    gj_per_m3 = lhv_mj_per_m3 / 1000.0
    tj = _column(wide, "aardgas_woningen_tj") * 1000.0
    mln = _column(wide, "aardgas_woningen_mln_m3") * 1e6 * gj_per_m3
    avg = _column(wide, "gem_aardgas_woning") * _column(wide, "woningvoorraad") * gj_per_m3
    total = tj.fillna(mln).fillna(avg)
    source = pd.Series(
        np.select(
            [tj.notna(), mln.notna(), avg.notna()],
            [
                "Klimaatmonitor TJ (temperatuurgecorrigeerd)",
                "Klimaatmonitor mln m³",
                "CBS gemiddeld m³ × woningen",
            ],
            default="geen gasgegevens",
        ),
        index=wide.index,
    )
    return total, source


def gas_heated_dwellings(wide: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Dwellings heated with gas and a Dutch note on how they were found.

    ``woningen_gasverwarmd`` when known, else ``woningvoorraad × (1 − pct_stadsverwarming/100)``,
    else all dwellings (no correction possible).
    """
    dwellings = _column(wide, "woningvoorraad")
    counted = _column(wide, "woningen_gasverwarmd")
    share_dh = _column(wide, "pct_stadsverwarming") / 100.0
    from_share = dwellings * (1.0 - share_dh.clip(0.0, 1.0))
    # a Klimaatmonitor approximation above the dwelling count would shrink the heat: cap it
    gas_heated = counted.fillna(from_share).fillna(dwellings).clip(upper=dwellings)
    note = pd.Series(
        np.select(
            [counted.notna(), share_dh.notna()],
            [
                "gas verdeeld over de woningen met gasverwarming (Klimaatmonitor)",
                "gecorrigeerd voor stadsverwarming (CBS-percentage)",
            ],
            default="aandeel stadsverwarming onbekend: niet gecorrigeerd, warmtevraag mogelijk te laag",
        ),
        index=wide.index,
    )
    return gas_heated, note


def heat_demand_from_gas(
    wide: pd.DataFrame, constants: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Heat demand per area from gas use (method ``gas``); index ``code`` as in ``wide``.

    ``wide`` has one row per area (index = code) with ``woningvoorraad`` and at least one of
    :data:`GAS_INPUTS`; optional ``pct_stadsverwarming``, ``woningen_gasverwarmd``, ``year``.
    Returns ``year,method,dwellings,dwellings_gas_heated,final_energy_gj,heat_demand_gj,
    space_heating_gj,hot_water_gj,cooking_gj,gas_source,note`` (GJ per year).

    >>> w = pd.DataFrame({"woningvoorraad": [100.0], "gem_aardgas_woning": [1000.0],
    ...                   "pct_stadsverwarming": [50.0]}, index=pd.Index(["BU1"], name="code"))
    >>> r = heat_demand_from_gas(w).loc["BU1"]
    >>> [round(float(r[c]), 1) for c in ("final_energy_gj", "dwellings_gas_heated", "heat_demand_gj")]
    [3165.0, 50.0, 5673.6]
    """
    values = heat_base.merged_constants(constants)
    missing = [c for c in ("woningvoorraad",) if c not in wide]
    if not any(c in wide for c in GAS_INPUTS):
        missing.append("aardgasverbruik (" + " of ".join(GAS_INPUTS) + ")")
    if missing:
        raise InputError("Voor de warmtevraag uit gasverbruik ontbreekt:", missing)
    total, gas_source = total_gas_gj(wide, values["gas_lhv_mj_per_m3"])
    dwellings = _column(wide, "woningvoorraad")
    gas_heated, note = gas_heated_dwellings(wide)
    split = split_gas_gj(total, values)
    scale = dwellings / gas_heated.where(gas_heated > 0)
    none_on_gas = gas_heated.notna() & (gas_heated <= 0)
    note = note.where(
        ~none_on_gas, "geen woningen met gasverwarming: warmtevraag niet te schatten uit gas"
    )
    out = pd.DataFrame(index=wide.index)
    out["year"] = wide.get("year", np.nan)
    out["method"] = "gas"
    out["dwellings"] = dwellings
    out["dwellings_gas_heated"] = gas_heated
    out["final_energy_gj"] = total
    out["space_heating_gj"] = split["space_heating_gj"] * scale
    out["hot_water_gj"] = split["hot_water_gj"] * scale
    out["heat_demand_gj"] = out["space_heating_gj"] + out["hot_water_gj"]
    out["cooking_gj"] = split["cooking_gj"]
    out["gas_source"] = gas_source
    out["note"] = note
    out.index.name = "code"
    return out
