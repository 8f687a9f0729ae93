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


# -- a label with only a verblijfsobject id joins through the VBO to its pand ----------------
DOESBURG_LABELS = FIXTURE.parent / "ep_online_doesburg_vbo.csv"
VBO_ZIP = FIXTURE.parents[1] / "bag" / "9999VBO15092020.zip"
DOESBURG_HOUSE, DOESBURG_OTHER = "0221100000312938", "0221100000311191"


@pytest.fixture
def doesburg(shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    gpkg = shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg"
    assert main(["bag", "import", str(gpkg)]) == 0
    return open_store()


def test_a_label_with_only_a_vbo_id_is_not_joined_without_the_vbos(doesburg, capsys):
    assert main(["labels", "import", str(DOESBURG_LABELS)]) == 0
    out = capsys.readouterr().out
    assert "1 labels opgeslagen (3 regels gelezen)" in out
    assert "2 labels hebben alleen een verblijfsobject-id" in out
    stored = open_store().energy_labels()
    assert stored["pand_id"].tolist() == [DOESBURG_OTHER]


def test_a_label_with_only_a_vbo_id_joins_through_the_vbo_to_its_pand(doesburg, capsys):
    from transitieatlas.heat import service as heat_service

    before = segment(doesburg, "GM0221", parse_scheme(SCHEME), "pand")
    unknown_before = next(n for n in before.notes if "zonder gebruiksdoel" in n)
    assert main(["bag", "import", str(VBO_ZIP)]) == 0
    assert main(["labels", "import", str(DOESBURG_LABELS)]) == 0
    out = capsys.readouterr().out
    assert "2 labels opgeslagen (3 regels gelezen)" in out
    assert "1 labels via hun verblijfsobject aan een pand gekoppeld" in out
    assert "1 labels hebben alleen een verblijfsobject-id" in out  # 0221010000999999
    store = open_store()
    labels = store.energy_labels().set_index("pand_id")
    assert labels.loc[DOESBURG_HOUSE, "vbo_id"] == "0221010000330226"
    assert labels.loc[DOESBURG_HOUSE, "label"] == "C"
    panden = heat_service.buildings_with_labels(store).set_index("id")
    assert panden.loc[DOESBURG_HOUSE, "label"] == "C" and panden.loc[DOESBURG_OTHER, "label"] == "B"
    after = segment(store, "GM0221", parse_scheme(SCHEME), "pand")
    units = after.units
    assert units.loc[DOESBURG_HOUSE, "group"] == "matig"  # C
    assert units.loc[DOESBURG_OTHER, "group"] == "zuinig"  # B
    # the two panden with VBOs now have a use: two fewer panden of unknown use, and the
    # house is one dwelling (woonfunctie, 223 m²)
    count = int(unknown_before.split()[0])
    assert any(n.startswith(f"{count - 2} panden zonder gebruiksdoel") for n in after.notes)
    assert units.loc[DOESBURG_HOUSE, "dwellings"] == 1
    assert units.loc[DOESBURG_HOUSE, "oppervlakte_m2"] == 223
    assert units.loc[DOESBURG_OTHER, "functie"] == "utiliteit"
