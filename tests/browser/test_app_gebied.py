"""The real app (app.py) in headless Chromium: the Gebied page opens on Leeuwarden offline.

The store is filled by the CLI from two real files of ../shared/data (the Fryslân buurten and
the 2022 gemeenten), as a volunteer would do with ``transitieatlas import``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_for_drawn
from transitieatlas.cli import main as cli

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="transitieatlas.maps.component.areamap"]'
FRYSLAN = "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz"
GEMEENTEN = "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson"


@pytest.fixture(scope="module")
def app_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("app-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        assert cli(["import", str(shared_data / FRYSLAN), str(shared_data / GEMEENTEN)]) == 0
    return home


def drawn(page) -> int:
    return page.evaluate(
        """(sel) => {
            const f = document.querySelector(sel);
            const a = f && f.contentWindow && f.contentWindow.__areamap;
            return a ? a.drawn : -1;
        }""",
        FRAME,
    )


def test_gebied_page_shows_leeuwarden_offline(streamlit_server, page, blocked_requests, app_home):
    url = streamlit_server("app.py", env={"TRANSITIEATLAS_HOME": str(app_home)})
    page.set_viewport_size({"width": 1300, "height": 1000})
    page.goto(url)
    expect(page.get_by_role("heading", name="Gebied", exact=True, level=1)).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_text(re.compile(r"^134 buurten"))).to_be_visible(timeout=60_000)
    wait_for_drawn(page, 134)
    assert drawn(page) == 134
    expect(page.get_by_label("Gemeente", exact=True)).to_have_value("Leeuwarden (GM0080)")
    expect(page.get_by_text(re.compile(r"Bron: .*opgehaald"))).to_be_visible()
    assert blocked_requests == []
