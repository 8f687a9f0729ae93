"""The Vraaggroepen page through AppTest: edit a rule, save it in the database (editor), reload
an earlier version from its history; bad edits and other roles change nothing; a business park
is read from a GeoJSON file and used by the rule (real Delft and Doesburg BAG panden)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from pyproj import Transformer
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from transitieatlas.accounts import auth
from transitieatlas.segmentation import default_scheme, repo
from transitieatlas.segmentation.scheme import scheme_to_rows
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "transitieatlas" / "pages" / "vraaggroepen.py")
PARK = ROOT / "tests" / "segmentation" / "data" / "doesburg_bedrijventerrein.geojson"
ROW = next(i for i, r in enumerate(scheme_to_rows(default_scheme())) if r["groep"] == "voor_1945")
"""Row of the rule table holding 'bouwjaar kleiner dan 1945'."""


@pytest.fixture(autouse=True)
def seeded(_private_home, shared_data):
    importing.import_paths(
        [shared_data / "bag/delft_wippolder_sample/wippolder.gpkg"], open_store()
    )


def _page(role: str = "editor", area: str = "GM0503") -> AppTest:
    user = auth.add_user(f"anna-{role}", role, "anna-wachtwoord-1")
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.session_state["user"] = user
    at.session_state["vg_area"] = area
    return at.run()


def _edit(at: AppTest, changes: dict) -> None:
    at.session_state["vg_rules"] = {
        "edited_rows": {ROW: changes}, "added_rows": [], "deleted_rows": []
    }  # fmt: skip


def _save(at: AppTest, name: str, note: str) -> AppTest:
    at.text_input(key="vg_save_name").set_value(name)
    at.text_input(key="vg_save_note").set_value(note)
    return at.button(key="vg_save").click().run()


def _rule_of(at: AppTest, label: str) -> str:
    table = at.dataframe[0].value.set_index("groep")
    return str(table.loc[label, "regel"])


def test_edit_save_reload_and_history():
    at = _page()
    assert not at.exception
    assert _rule_of(at, "Eengezinswoningen vóór 1945") == "bouwjaar kleiner dan 1945"
    _edit(at, {"waarde": "1930"})
    _save(at, "Wijkraad Wippolder", "grens 1930")
    assert not at.exception and not at.error
    assert any("opgeslagen als nieuwe versie" in s.value for s in at.success)
    assert _rule_of(at, "Eengezinswoningen vóór 1945") == "bouwjaar kleiner dan 1930"
    assert any("Wijkraad Wippolder, versie 1" in c.value for c in at.caption)

    _edit(at, {"waarde": "1935"})
    _save(at, "Wijkraad Wippolder", "toch 1935")
    assert _rule_of(at, "Eengezinswoningen vóór 1945") == "bouwjaar kleiner dan 1935"
    history = repo.history("Wijkraad Wippolder")
    assert [(h["version"], h["author"], h["note"]) for h in history] == [
        (2, "anna-editor", "toch 1935"),
        (1, "anna-editor", "grens 1930"),
    ]

    # a new session (reload): pick the saved scheme, see its history, use version 1
    again = _page("viewer")
    assert again.selectbox(key="vg_saved_pick").value == "Wijkraad Wippolder"
    shown = next(d.value for d in again.dataframe if "versie" in d.value.columns)
    assert shown["versie"].tolist() == [2, 1] and shown["toelichting"].tolist() == [
        "toch 1935",
        "grens 1930",
    ]
    again.selectbox(key="vg_saved_version_Wijkraad Wippolder").set_value(1)
    again.button(key="vg_use_saved").click().run()
    assert not again.exception
    assert _rule_of(again, "Eengezinswoningen vóór 1945") == "bouwjaar kleiner dan 1930"
    assert any("Wijkraad Wippolder, versie 1" in c.value for c in again.caption)


def test_bad_edit_is_a_dutch_message_and_saves_nothing():
    at = _page()
    _edit(at, {"kenmerk": "kleur", "waarde": "rood"})
    _save(at, "Wijkraad", "fout")
    assert not at.exception
    assert any("onbekend kenmerk 'kleur'" in e.value for e in at.error)
    assert repo.list_schemes() == []
    assert _rule_of(at, "Eengezinswoningen vóór 1945") == "bouwjaar kleiner dan 1945"


def test_apply_uses_the_edits_in_the_same_run_and_refuses_a_bad_edit():
    """ "Toepassen" is a callback: the page run after the click already shows the edited
    threshold (in the table and in the method caption), without a second run; a bad edit
    gives one Dutch line and leaves the scheme in force."""
    at = _page("viewer")
    _edit(at, {"waarde": "1930"})
    at.button(key="vg_apply").click().run()
    assert not at.exception and not at.error
    assert _rule_of(at, "Eengezinswoningen vóór 1945") == "bouwjaar kleiner dan 1930"
    assert any("aangepast, niet opgeslagen" in c.value for c in at.caption)
    _edit(at, {"kenmerk": "kleur"})
    at.button(key="vg_apply").click().run()
    assert any("onbekend kenmerk 'kleur'" in e.value for e in at.error)
    assert _rule_of(at, "Eengezinswoningen vóór 1945") == "bouwjaar kleiner dan 1930"
    at.button(key="vg_reset").click().run()
    assert _rule_of(at, "Eengezinswoningen vóór 1945") == "bouwjaar kleiner dan 1945"


def test_a_viewer_cannot_save():
    at = _page("viewer")
    assert not at.exception
    assert not [b for b in at.button if b.key in ("vg_save", "vg_park_save")]
    assert sum("Log in als redacteur" in i.value for i in at.info) == 2


def test_business_park_upload_save_and_use_on_doesburg(shared_data):
    importing.import_paths(
        [
            shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
            shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg",
        ],
        open_store(),
    )
    at = _page(area="GM0221")
    assert not at.exception
    table = at.dataframe[0].value.set_index("groep")
    assert table.loc["Bedrijven op het bedrijventerrein", "panden"] == 0
    at.file_uploader(key="vg_park_file").upload(
        PARK.name, PARK.read_bytes(), "application/geo+json"
    ).run()
    at.text_input(key="vg_park_name").set_value("Doesburg-zuid")
    at.button(key="vg_park_save").click().run()
    assert not at.exception and not at.error
    assert [p["name"] for p in repo.list_parks()] == ["Doesburg-zuid"]
    at.multiselect(key="vg_parks").set_value(["Doesburg-zuid"]).run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("groep")
    assert table.loc["Bedrijven op het bedrijventerrein", "panden"] == 71
    assert table["panden"].sum() == 7_393

    # a point is not a business park: one Dutch line, nothing saved
    point = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
             "geometry": {"type": "Point", "coordinates": [6.14, 52.0]}}]}  # fmt: skip
    at.file_uploader(key="vg_park_file").set_value(
        ("punt.geojson", json.dumps(point).encode(), "application/geo+json")
    ).run()
    at.text_input(key="vg_park_name").set_value("Punt")
    at.button(key="vg_park_save").click().run()
    assert any("geen vlak" in e.value for e in at.error)
    assert [p["name"] for p in repo.list_parks()] == ["Doesburg-zuid"]


def test_draw_a_business_park_on_the_map(shared_data):
    corners_rd = [(85_290, 447_040), (85_380, 447_040), (85_380, 447_170), (85_290, 447_170)]
    to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    at = _page()
    at.toggle(key="vg_draw").set_value(True).run()
    for seq, (x, y) in enumerate(corners_rd, start=1):  # clicks on the map, as the map sends them
        lon, lat = to_wgs84.transform(x, y)
        at.session_state["vg_map"] = {"type": "point", "lat": lat, "lon": lon,
                                                 "seq": seq}  # fmt: skip
        at.run()
    assert not at.exception
    assert any("4 hoeken aangeklikt" in m.value for m in at.markdown)
    at.text_input(key="vg_park_name").set_value("Wippolder-west")
    at.button(key="vg_draw_save").click().run()
    assert not at.exception and not at.error
    shape = repo.load_parks(["Wippolder-west"]).geometry.iloc[0]
    assert shape.area == pytest.approx(90 * 130, rel=0.005)  # the clicked 90 m × 130 m

    at.multiselect(key="vg_parks").set_value(["Wippolder-west"]).run()
    raw = gpd.read_file(shared_data / "bag/delft_wippolder_sample/wippolder.gpkg")
    inside = raw[raw.centroid.within(box(*corners_rd[0], *corners_rd[2]))]
    social = inside["gebruiksdoel"].str.contains("gezondheidszorg|bijeenkomst|onderwijs|sport|cel")
    expected = int((~social & inside["identificatie"].astype(str).str.isdigit()).sum())
    # 29 panden inside: 2 maatschappelijk (an earlier rule), 1 sample row "x2" not in Delft
    assert expected == 26
    table = at.dataframe[0].value.set_index("groep")
    assert table.loc["Bedrijven op het bedrijventerrein", "panden"] == expected
    lines = json.loads(next(e for e in at.get("component_instance")).proto.json_args)["lines"]
    assert [ln["label"] for ln in lines] == ["Wippolder-west"]
