"""The Profiel page in headless Chromium on real files of ../shared/data, offline.

The store holds the Fryslân buurten (Leeuwarden, with koopwoningen and modelled heat
demand), the 2022 gemeenten and two Zwolle years. The page runs on its own (the lead
registers it in app.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose, wait_for_drawn
from transitieatlas.cli import main as cli

pytestmark = pytest.mark.browser

ZWOLLE = "regional/zwolle_energy_transition/energy_buurt_mapped/energy_buurt_{}_mapped.geojson"


@pytest.fixture(scope="module")
def profiel_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("profiel-browser-home")
    files = [
        "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz",
        "regional/friesland_warmtekaart/koopwoningen_frl.geojson.gz",
        "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
        ZWOLLE.format(2020),
        ZWOLLE.format(2021),
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        assert cli(["import", *(str(shared_data / p) for p in files)]) == 0
    return home


def test_profiel_of_leeuwarden_and_a_zwolle_buurt(
    streamlit_server, page, blocked_requests, profiel_home
):
    url = streamlit_server(
        "transitieatlas/pages/profiel.py", env={"TRANSITIEATLAS_HOME": str(profiel_home)}
    )
    page.set_viewport_size({"width": 1300, "height": 1100})
    page.goto(url)
    expect(page.get_by_role("heading", name="Leeuwarden · 2023")).to_be_visible(timeout=90_000)
    # no own row for the gemeente: aggregated from its 134 buurten, and the page says so
    expect(page.get_by_text("berekend uit 134 buurten").first).to_be_visible()
    wait_for_drawn(page, 134, timeout_ms=90_000, at_least=True)

    page.get_by_text("Buurt", exact=True).click()
    choose(page, "Gemeente", "Zwolle (GM0193)")
    choose(page, "Buurt", "Binnenstad-Noord")
    expect(page.get_by_role("heading", name="Binnenstad-Noord · 2021")).to_be_visible(
        timeout=90_000
    )
    expect(page.get_by_text("Ontwikkeling door de jaren")).to_be_visible()
    wait_for_drawn(page, 3, timeout_ms=90_000, at_least=True)
    assert blocked_requests == []
