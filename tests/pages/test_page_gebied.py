"""The Gebied page through Streamlit's AppTest: empty store, choosing buurten, saving and reopening."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from transitieatlas.accounts import auth
from transitieatlas.areas.catalog import expand_to_buurten
from transitieatlas.db import gebieden
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.store.opendata import open_store

PAGE = str(Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "gebied.py")


def _fill_store():
    rows = [
        ("BU00800000", "Binnenstad-Noord", "GM0080", "WK008000"),
        ("BU00800001", "Binnenstad-Zuid", "GM0080", "WK008000"),
        ("BU00800100", "Huizum-West", "GM0080", "WK008001"),
        ("BU01930000", "Zwolle Centrum", "GM0193", "WK019300"),
    ]
    areas = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["code", "name", "gemeente_code", "wijk_code"]).assign(
            level="buurt", year=2023
        ),
        geometry=[
            box(180_000 + i * 500, 580_000, 180_500 + i * 500, 580_500) for i in range(len(rows))
        ],
        crs="EPSG:28992",
    )
    gemeenten = gpd.GeoDataFrame(
        {"code": ["GM0080"], "name": ["Leeuwarden"], "level": "gemeente", "gemeente_code": "GM0080"}
        | {"wijk_code": [None], "year": [2022]},
        geometry=[box(180_000, 580_000, 182_000, 580_500)],
        crs="EPSG:28992",
    )
    prov = Provenance("Test", "buurten", 2023, licence="Bron: test")
    open_store().write(
        ImportBatch().add("areas", areas, prov).add("areas", gemeenten, Provenance("T", "gm", 2022))
    )


def _logged_in() -> AppTest:
    """The page for Kees, who has an account (role kijker) and is logged in."""
    user = auth.add_user("kees", "viewer", "kees-wachtwoord")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = user
    return at.run()


def test_empty_store_explains_how_to_get_data():
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert "Er zijn nog geen gegevens" in at.warning[0].value
    assert "transitieatlas fetch --gemeente" in at.warning[0].value


def test_choose_buurten_save_and_reopen():
    _fill_store()
    at = _logged_in()
    assert not at.exception
    assert at.selectbox(key="gebied_gemeente").value == "GM0080"  # Leeuwarden is the default
    buurten = at.multiselect(key="gebied_buurten_GM0080")
    assert buurten.options == ["Binnenstad-Noord", "Binnenstad-Zuid", "Huizum-West"]
    buurten.set_value(["BU00800000", "BU00800100"]).run()

    # A click on the map toggles a buurt: the component's value arrives in session_state.
    at.session_state["gebied_map"] = {"type": "area", "code": "BU00800001", "seq": 1}
    at.run()
    assert at.multiselect(key="gebied_buurten_GM0080").value == [
        "BU00800000",
        "BU00800100",
        "BU00800001",
    ]

    # three squares of 500 m x 500 m = 3 x 25 ha
    assert "Gekozen: 3 buurten, samen 75 ha." in [c.value for c in at.caption]

    at.text_input[0].input("Dorpsraad Binnenstad")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    assert "opgeslagen met 3 buurten" in at.success[0].value
    saved = gebieden.load_afbakening("Dorpsraad Binnenstad")
    assert saved["codes"] == ["BU00800000", "BU00800100", "BU00800001"]
    assert saved["gemeente_code"] == "GM0080"


def test_saving_without_name_gives_dutch_error():
    _fill_store()
    at = _logged_in()
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert "de naam is leeg" in at.error[0].value
    assert gebieden.list_afbakeningen() == []


def test_expand_saved_wijk_codes():
    buurten = pd.DataFrame({"code": ["BU1", "BU2", "BU3"], "wijk_code": ["WK1", "WK1", "WK2"]})
    assert expand_to_buurten(["WK1", "BU3", "BU9"], buurten) == ["BU1", "BU2", "BU3"]


def test_reopen_saved_afbakening():
    _fill_store()
    gebieden.save_afbakening(
        "Huizum", ["WK008001", "BU00800000"], "GM0080", user=auth.UserInfo("kees", "viewer")
    )
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.selectbox(key="gebied_open").set_value("Huizum").run()
    at.button(key="gebied_open_btn").click().run()
    assert not at.exception
    assert at.multiselect(key="gebied_buurten_GM0080").value == ["BU00800100", "BU00800000"]


def test_map_click_of_another_gemeente_is_ignored():
    _fill_store()
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.session_state["gebied_map"] = {"type": "area", "code": "BU00800001", "seq": 7}
    at.selectbox(key="gebied_gemeente").set_value("GM0193").run()
    assert not at.exception
    assert at.multiselect(key="gebied_buurten_GM0193").value == []


def test_public_cannot_save_and_others_cannot_delete():
    _fill_store()
    public = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not public.exception
    assert any("Log in (zijbalk) om een gebied op te slaan" in i.value for i in public.info)
    assert not any(b.label == "Opslaan" for b in public.button)

    gebieden.save_afbakening(
        "Van Kees", ["BU00800000"], "GM0080", user=auth.UserInfo("kees", "viewer")
    )
    piet = auth.add_user("piet", "viewer", "piet-wachtwoord")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = piet
    at.run()
    at.selectbox(key="gebied_open").set_value("Van Kees").run()
    assert not any(b.key == "gebied_delete_btn" for b in at.button)  # not his
    at.multiselect(key="gebied_buurten_GM0080").set_value(["BU00800100"]).run()
    at.text_input[0].input("Van Kees")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert "van iemand anders" in at.error[0].value
    assert gebieden.load_afbakening("Van Kees")["codes"] == ["BU00800000"]


def test_saved_name_is_shown_literally_in_the_success_message():
    _fill_store()
    at = _logged_in()
    at.multiselect(key="gebied_buurten_GM0080").set_value(["BU00800000"]).run()
    at.text_input[0].input("![x](https://example.org/p.png) [klik](https://example.org)")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert not at.exception
    j = "\u2060"  # an invisible word joiner in "://": no bare-URL autolink
    assert at.success[0].value == (
        rf"Gebied '\!\[x\]\(https\:{j}//example\.org/p\.png\) \[klik\]\(https\:{j}//example\.org\)' "
        "opgeslagen met 1 buurten."
    )
