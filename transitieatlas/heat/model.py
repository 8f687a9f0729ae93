"""Method 3 (``model``): heat demand taken over from a third party's model, not computed here.

The figure ``warmtevraag_model_kwh`` (kWh per year, e.g. the EXTRAQT Warmtekaart Fryslân)
converted to GJ; see ``docs/methode-warmtevraag.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from transitieatlas.errors import InputError

GJ_PER_KWH = 0.0036
"""1 kWh = 3.6 MJ = 0.0036 GJ (definition)."""


def heat_demand_from_model(
    wide: pd.DataFrame, constants: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Heat demand taken over from a third-party model (method ``model``), not computed here.

    Uses ``warmtevraag_model_kwh`` (e.g. the EXTRAQT Warmtekaart for Fryslân) × 0.0036 GJ/kWh;
    the split into space heating and hot water is unknown. Index ``code`` as in ``wide``.
    ``constants`` is accepted like the other methods' but not used (nothing is computed).

    >>> w = pd.DataFrame({"warmtevraag_model_kwh": [1e6]}, index=pd.Index(["BU1"], name="code"))
    >>> float(heat_demand_from_model(w).loc["BU1", "heat_demand_gj"])
    3600.0
    """
    if "warmtevraag_model_kwh" not in wide:
        raise InputError("Voor de modeluitkomst ontbreekt: warmtevraag_model_kwh")
    out = pd.DataFrame(index=wide.index)
    out["year"] = wide.get("year", np.nan)
    out["method"] = "model"
    out["dwellings"] = pd.to_numeric(wide.get("woningvoorraad", np.nan), errors="coerce")
    out["final_energy_gj"] = np.nan
    out["heat_demand_gj"] = (
        pd.to_numeric(wide["warmtevraag_model_kwh"], errors="coerce") * GJ_PER_KWH
    )
    out["space_heating_gj"] = np.nan
    out["hot_water_gj"] = np.nan
    out["cooking_gj"] = np.nan
    out["note"] = "modeluitkomst van derden (niet door de transitieatlas berekend); zie de bron"
    out.index.name = "code"
    return out
