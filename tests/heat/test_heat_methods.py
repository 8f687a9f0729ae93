"""The registry of heat methods: names, Dutch labels, functions and the refusal of unknown names."""

from __future__ import annotations

import pandas as pd
import pytest

from transitieatlas.errors import InputError
from transitieatlas.heat import gas, methods, model, stock
from transitieatlas.heat import service as heat_store
from transitieatlas.store.opendata import open_store


def test_registry_lists_three_methods_with_their_functions():
    assert methods.method_names() == ["gas", "buildings", "model"]
    assert methods.get("gas").function is gas.heat_demand_from_gas
    assert methods.get("buildings").function is stock.heat_demand_from_buildings
    assert methods.get("model").function is model.heat_demand_from_model
    assert methods.label("buildings") == "uit de woningvoorraad (Vesta-kengetallen)"
    assert methods.get("model").inputs == ("warmtevraag_model_kwh",)


def test_every_method_function_takes_figures_or_stock_and_constants():
    wide = pd.DataFrame(
        {"woningvoorraad": [10.0], "gem_aardgas_woning": [1000.0], "warmtevraag_model_kwh": [1e5]},
        index=pd.Index(["BU1"], name="code"),
    )
    block = pd.DataFrame(
        {"code": ["BU1"], "woningtype": ["rijwoning tussen"], "bouwjaarklasse": ["1965 - 1974"],
         "dwellings": [10.0], "floor_area_m2": [100.0]}
    )  # fmt: skip
    for method in methods.METHODS.values():
        given = block if method.takes == "stock" else wide
        result = method.function(given, None)
        assert result.loc["BU1", "method"] == method.name
        assert result.loc["BU1", "heat_demand_gj"] > 0
    # 1e5 kWh × 0.0036 GJ/kWh
    assert methods.get("model").function(wide, None).loc["BU1", "heat_demand_gj"] == 360.0


def test_unknown_method_is_refused_with_all_three():
    with pytest.raises(InputError) as err:
        heat_store.compute(open_store(), "GM0080", "buurt", "vesta")
    message = str(err.value)
    for name in ("gas", "buildings", "model"):
        assert f"{name} (" in message
    assert message.startswith("Onbekende methode 'vesta'")
