"""The Vraaggroepen page through Streamlit's AppTest on the real Delft BAG sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

PAGE = str(Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "vraaggroepen.py")


@pytest.fixture(autouse=True)
def seeded(_private_home, shared_data):
    importing.import_paths(
        [shared_data / "bag/delft_wippolder_sample/wippolder.gpkg"], open_store()
    )


def _map(at):
    maps = [e for e in at.get("component_instance")]
    assert maps, "no map component"
    return maps[0]


def test_page_shows_groups_map_and_filter():
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["vg_area"] = "GM0503"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("groep")
    assert table["panden"].sum() == 59  # the 60th sample row has id "x2", no gemeente number
    assert table.loc["Appartementen (VvE's)", "woningen"] > 0
    assert any("zonder gebruiksdoel" in i.value for i in at.info)
    style = json.loads(_map(at).proto.json_args)["style"]
    legend = [label for _, label in style["legend"]]
    assert any(label.startswith("Appartementen (VvE's) (") for label in legend)
    assert all(label.endswith("panden)") for label in legend)  # legend with counts
    assert len(style["fill"]) == 59 and len(set(style["fill"])) > 2
    at.multiselect(key="vg_shown").set_value(["appartementen"]).run()
    assert not at.exception
    style = json.loads(_map(at).proto.json_args)["style"]
    assert [label.split(" (")[0] for _, label in style["legend"]] == ["Appartementen"]
    assert len(set(style["fill"])) == 2  # the group's colour and the grey of the others


def test_unknown_area_is_one_dutch_line():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["vg_area"] = "GM12"
    at.run()
    assert not at.exception
    assert any("geen geldige code" in w.value for w in at.warning)


def test_survey_interest_shows_beside_the_groups():
    from transitieatlas.evening import survey, survey_repo

    survey_repo.create_survey("avond", "Avond", survey.default_questions(), min_count=2)
    for phone, groups in (("t1", ["Appartementen (VvE's)"]),
                          ("t2", ["Appartementen (VvE's)", "Woningcorporaties"])):  # fmt: skip
        raw = {"van_gas_af": "later", "kwesties": ["Woningen isoleren", "Een warmtenet in de wijk",
               "Samen inkopen"], "groepen": groups}  # fmt: skip
        survey_repo.answer("avond", phone, "burgers", raw)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["vg_area"] = "GM0503"
    at.run()
    assert "belangstelling (enquête)" not in at.dataframe[0].value.columns
    at.selectbox(key="vg_survey").set_value("avond").run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("groep")
    interest = table["belangstelling (enquête)"]
    assert interest["Appartementen (VvE's)"] == 2 and interest["Woningcorporaties"] == 1
    assert interest["Kantoren"] == 0
    assert any("2 antwoorden geteld" in c.value for c in at.caption)


def test_surplus_columns_notes_and_source_markers(shared_data):
    importing.import_paths(
        [
            shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
            shared_data / "pbl/warmtebronnen_mt_2020/20200213_MT_bronnen.geojson",
        ],
        open_store(),
    )
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["vg_area"] = "GM0503"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("groep")
    surplus = table[["warmtebronnen", "vermogen (MW)", "overschot (GJ/jaar)"]]
    assert surplus.sum().tolist() == [0, 0, 0]  # no Delft source within 100 m of the sample
    infos = [i.value.replace("\\", "") for i in at.info]  # markdown-escaped text
    assert any(
        i.startswith("bron TU Delft Warmtekrachtcentrale (STEG, 1,81 MW) ligt in gebied GM0503")
        for i in infos
    )
    markers = json.loads(_map(at).proto.json_args)["markers"]
    tud = next(m for m in markers if "TU Delft" in m["label"])
    assert tud["popup"].endswith("in geen groep (zie de opmerkingen)")
    assert 51.99 < tud["lat"] < 52.01 and 4.36 < tud["lon"] < 4.38
    assert len(markers) == 3  # TU Delft WKC, Prysmian, DSM: the sources inside Delft
