"""The Warmtevraag page in headless Chromium: heat maps of Leeuwarden and Zwolle, offline.

The store is filled by the CLI from real files of ../shared/data: the Fryslân buurten (with the
third-party modelled heat demand), the 2022 gemeenten (names), and Zwolle 2019 with its
demographics and building counts. The page runs on its own (it is not yet in app.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose, wait_for_drawn
from transitieatlas.cli import main as cli

pytestmark = pytest.mark.browser

ZWOLLE = "regional/zwolle_energy_transition"


@pytest.fixture(scope="module")
def heat_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("heat-browser-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        first = [
            "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz",
            "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
            f"{ZWOLLE}/energy_buurt_mapped/energy_buurt_2019_mapped.geojson",
        ]
        assert cli(["import", *(str(shared_data / p) for p in first)]) == 0
        tables = [
            f"{ZWOLLE}/demographics_buurt_combined.csv",
            f"{ZWOLLE}/Zwolle_Neighbourhood_Aggregated_Buildings.csv",
        ]
        assert cli(["import", *(str(shared_data / p) for p in tables)]) == 0
    return home


def test_heat_maps_of_leeuwarden_and_zwolle(streamlit_server, page, blocked_requests, heat_home):
    url = streamlit_server(
        "transitieatlas/pages/warmtevraag.py", env={"TRANSITIEATLAS_HOME": str(heat_home)}
    )
    page.set_viewport_size({"width": 1300, "height": 1100})
    page.goto(url)
    expect(page.get_by_role("heading", name="Warmtevraag", exact=True, level=1)).to_be_visible(
        timeout=90_000
    )
    # Leeuwarden (the default gemeente): only the third-party model is available
    expect(page.get_by_text("modeluitkomst van derden").first).to_be_visible(timeout=90_000)
    wait_for_drawn(page, 134, timeout_ms=90_000)
    expect(page.get_by_text("Warmtevraag totaal")).to_be_visible()

    choose(page, "Gemeente", "Zwolle (GM0193)")
    expect(page.get_by_text("uit gasverbruik").first).to_be_visible(timeout=90_000)
    wait_for_drawn(page, 78, timeout_ms=90_000)
    expect(page.get_by_text("Warmtedichtheid").first).to_be_visible()
    assert blocked_requests == []
