"""The Vraaggroepen page with a business park at cel level (real Ermelo 100 m cells): a park is
drawn by clicking on cells, saved, chosen, and splits the cell it covers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Transformer
from streamlit.testing.v1 import AppTest

from transitieatlas.accounts import auth
from transitieatlas.segmentation import default_scheme, repo, segment
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

PAGE = str(Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "vraaggroepen.py")
CELL = "E1714N4793"  # a real Ermelo cell (x 171 400–171 500, y 479 300–479 400) with 15 dwellings
PARK_GROUP = "Bedrijven op het bedrijventerrein"


@pytest.fixture(autouse=True)
def seeded(_private_home, shared_data):
    grid = shared_data / "cbs/vierkant100m_ermelo_harderwijk_zeewolde"
    importing.import_paths(
        [
            shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
            grid / "CBS_buurten_ermelo.gpkg",
            grid / "CBS_Statistiek.gpkg",
        ],
        open_store(),
    )


def test_draw_a_park_on_cells_and_use_it_at_cel_level():
    user = auth.add_user("anna-editor", "editor", "anna-wachtwoord-1")
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["user"] = user
    at.session_state["vg_area"] = "GM0233"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("groep")
    assert table.loc[PARK_GROUP, "woningen"] == 0  # no park chosen: the rule holds nowhere

    # the western half of the cell, clicked on the cell itself (an area click with its point)
    at.toggle(key="vg_draw").set_value(True).run()
    to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    corners = [(171_400.5, 479_300.5), (171_450, 479_300.5), (171_450, 479_399.5),
               (171_400.5, 479_399.5)]  # fmt: skip
    for seq, (x, y) in enumerate(corners, start=1):
        lon, lat = to_wgs84.transform(x, y)
        at.session_state["vg_map"] = {"type": "area", "code": CELL, "lat": lat,
                                                 "lon": lon, "seq": seq}  # fmt: skip
        at.run()
    assert not at.exception
    assert any("4 hoeken aangeklikt" in m.value for m in at.markdown)
    at.text_input(key="vg_park_name").set_value("Halve cel")
    at.button(key="vg_draw_save").click().run()
    assert not at.exception and not at.error
    park = repo.load_parks(["Halve cel"])
    assert park.geometry.iloc[0].area == pytest.approx(49.5 * 99, rel=0.005)

    at.multiselect(key="vg_parks").set_value(["Halve cel"]).run()
    assert not at.exception
    assert any("bedrijventerrein op vierkantniveau" in i.value for i in at.info)
    expected = segment(open_store(), "GM0233", default_scheme(), "cel", business_parks=park)
    units = expected.units
    inside = units.loc[units["bedrijventerrein"].eq(True).to_numpy(), "dwellings"].sum()
    assert inside == pytest.approx(15 * 0.495, rel=0.01)  # 49.5 m × 99 m of the 100 m cell
    groups = {r.label: r for r in expected.results}
    table = at.dataframe[0].value.set_index("groep")
    assert table.loc[PARK_GROUP, "woningen"] == pytest.approx(groups[PARK_GROUP].dwellings)
    assert 0 < table.loc[PARK_GROUP, "woningen"] <= inside  # corporations come first
    assert table["woningen"].sum() == pytest.approx(expected.totals["dwellings"])
    lines = json.loads(next(e for e in at.get("component_instance")).proto.json_args)["lines"]
    assert [ln["label"] for ln in lines] == ["Halve cel"]
