"""EP-Online labels joined to BAG panden feed pand-level rules on ``label`` and the heat."""

from __future__ import annotations

from pathlib import Path

import pytest

from transitieatlas.cli import main
from transitieatlas.segmentation import parse_scheme, segment
from transitieatlas.store.opendata import open_store

FIXTURE = Path(__file__).parents[1] / "fixtures" / "eponline" / "ep_online_delft.csv"
OFFICE, HOUSE, SCHOOL = "0503100000025503", "0503100000004254", "0503100000032817"

SCHEME = {
    "name": "labels",
    "rules": [
        {"group": "zuinig", "label": "Label A of B",
         "when": [{"attribute": "label", "op": "in", "value": ["A", "B"]}]},
        {"group": "matig", "label": "Label C of D",
         "when": [{"attribute": "label", "op": "in", "value": ["C", "D"]}]},
    ],
    "remainder": {"group": "onbekend", "label": "Geen label"},
}  # fmt: skip


@pytest.fixture
def labelled(shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    gpkg = shared_data / "bag/delft_wippolder_sample/wippolder.gpkg"
    assert main(["bag", "import", str(gpkg)]) == 0
    return open_store()


def test_rules_on_label_work_at_pand_level_after_an_ep_online_import(labelled):
    before = segment(labelled, "GM0503", parse_scheme(SCHEME), "pand")
    assert before.units["group"].eq("onbekend").all()
    office_before = before.units.loc[OFFICE, "heat_demand_gj"]
    assert main(["labels", "import", str(FIXTURE)]) == 0
    after = segment(open_store(), "GM0503", parse_scheme(SCHEME), "pand")
    units = after.units
    assert units.loc[OFFICE, "label"] == "B" and units.loc[OFFICE, "group"] == "zuinig"
    assert units.loc[HOUSE, "group"] == "zuinig"  # A++ counts as A
    assert units.loc[SCHOOL, "group"] == "matig"
    # 59 panden: without gemeente polygons the area is the BAG id prefix 0503, which the
    # sample's row "x2" (no id) lacks; all but the three labelled panden stay without label
    assert len(units) == 59 and units["group"].eq("onbekend").sum() == 56
    # the office's heat now uses label B instead of Vesta's default E (hand values in
    # tests/heat/test_heat_utility.py): 174.492705739 → 143.026926579 GJ
    assert office_before == pytest.approx(174.492705739, rel=1e-9)
    assert units.loc[OFFICE, "heat_demand_gj"] == pytest.approx(143.026926579, rel=1e-9)
    assert units["heat_demand_gj"].sum() == pytest.approx(after.totals["heat_demand_gj"], rel=1e-9)
