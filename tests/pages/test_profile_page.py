"""The page "Profiel" run headless (streamlit AppTest) on the small hand-made store."""

from __future__ import annotations

from pathlib import Path

import pytest
from _profile_store import make_store
from streamlit.testing.v1 import AppTest

from transitieatlas import config

PAGE = Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "profiel.py"


@pytest.fixture
def app():
    make_store(config.store_dir())
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_profile_page_shows_gemeente_table_map_and_trends(app):
    assert [h.value for h in app.subheader] == ["Testdorp · 2021"]
    table = app.dataframe[0].value
    row = table[table["Kenmerk"] == "Koopwoningen"].iloc[0]
    assert (row["Dit gebied"], row["Nederland"]) == ("48,1%", "57%")
    assert "3 van 4 cijfers berekend uit 4 buurten" in app.info[0].value
    # the map component got the classes; the year list holds both years
    assert app.selectbox(key="profiel_indicator").value == "gem_woz_woning"
    years = app.sidebar.selectbox[-1].options
    assert years == ["2021", "2020"]


def test_profile_page_switches_to_a_buurt(app):
    app.sidebar.radio[0].set_value("Buurt").run()
    app.selectbox(key="profiel_Buurt").set_value("BU99990002").run()
    assert not app.exception, [e.value for e in app.exception]
    assert [h.value for h in app.subheader] == ["Molenbuurt · 2021"]
    table = app.dataframe[0].value
    row = table[table["Kenmerk"] == "Koopwoningen"].iloc[0]
    # compared with the gemeente and with the two touching buurten (100 + 600 dwellings)
    assert (row["Dit gebied"], row["Gemeente"], row["Omgeving"]) == ("60%", "48,1%", "45,7%")


def test_profile_page_unknown_code_shows_dutch_error(app):
    app.sidebar.radio[0].set_value("Code").run()
    app.text_input(key="profiel_code").set_value("BU00000001").run()
    assert not app.exception
    assert "Onbekend gebied\\: BU00000001" in app.error[0].value
