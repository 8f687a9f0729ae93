"""Heat demand of dwellings per area: where it is computed, and nowhere else.

- :mod:`.common`: constants (``data/heat_constants.csv``), land area, density, calibration;
- :mod:`.gas`, :mod:`.stock`, :mod:`.model`: the three methods, listed by name with their
  Dutch label and inputs in :mod:`.methods` (the registry the page and the CLI read);
- :mod:`.network`: the heat-network screen (candidate or not, with the reason);
- :mod:`.service`: the store-facing part (picks the inputs from the store, runs a method).

Everything but :mod:`.service` is pure (no store, no files besides the reference tables).
"""

from transitieatlas.heat.common import OUTPUT_COLUMNS, calibration, land_area, wide_figures
from transitieatlas.heat.gas import heat_demand_from_gas
from transitieatlas.heat.methods import METHODS, HeatMethod, method_names
from transitieatlas.heat.model import heat_demand_from_model
from transitieatlas.heat.stock import heat_demand_from_buildings

__all__ = [
    "METHODS",
    "OUTPUT_COLUMNS",
    "HeatMethod",
    "calibration",
    "heat_demand_from_buildings",
    "heat_demand_from_gas",
    "heat_demand_from_model",
    "land_area",
    "method_names",
    "wide_figures",
]
