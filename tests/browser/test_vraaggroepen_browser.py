"""The Vraaggroepen page in headless Chromium on the real Delft BAG sample (59 panden).

The map draws every pand; a pand's tooltip is filled in by the browser from the template and
columns the server sent (the construction year and dwellings once per area, as files), and
equals the text Python makes for the exports; a filter change recolours the panden without
fetching those files again; a click shows the pand's attributes, group and rule.
"""

from __future__ import annotations

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import canvas_pixel, map_point, map_stats, settle, wait_for_drawn
from transitieatlas import segmentation
from transitieatlas.cli import main as cli
from transitieatlas.segmentation import details, export
from transitieatlas.store.opendata import open_store

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="transitieatlas.maps.component.areamap"]'
DELFT = "bag/delft_wippolder_sample/wippolder.gpkg"


@pytest.fixture(scope="module")
def delft_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("vraaggroepen-browser-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        assert cli(["import", str(shared_data / DELFT)]) == 0
        store = open_store()
        scheme = segmentation.default_scheme()
        result = segmentation.segment(store, "GM0503", scheme, "pand")
        _, _, tips, _ = export.map_layer(result.units, None, scheme, "pand")
    units = result.units
    # A large pand in the north (the legend covers the map's lower left corner).
    large = units[units.geometry.area >= units.geometry.area.quantile(0.75)]
    code = str(large.geometry.centroid.y.idxmax())
    inner = units.geometry.loc[code].buffer(-3).representative_point()
    point = gpd.GeoSeries([inner], crs=units.crs).to_crs(4326).iloc[0]
    expected = {
        "code": code,
        "group": str(units.loc[code, "group"]),
        "label": dict(scheme.groups)[str(units.loc[code, "group"])],
        "text": tips.texts()[code],
        "rule": details.rule_text(scheme, int(units.loc[code, "rule_nr"])),
        "lat": point.y,
        "lon": point.x,
    }
    return home, expected


def open_area(page, url: str, code: str) -> None:
    """Open the page and type ``code`` in its area field, as a user does."""
    page.set_viewport_size({"width": 1300, "height": 1400})
    page.goto(url)
    settle(page)
    area = page.get_by_label("Gebied (gemeentecode, buurtcode of naam van een opgeslagen gebied)")
    area.fill(code)
    area.press("Enter")


def hover(page, lat: float, lon: float) -> None:
    page.mouse.move(*map_point(page, lat, lon))


def test_pand_tooltips_come_from_the_template_and_static_files(
    streamlit_server, page, blocked_requests, delft_home
):
    home, expected = delft_home
    url = streamlit_server(
        "transitieatlas/pages/vraaggroepen.py", env={"TRANSITIEATLAS_HOME": str(home)}
    )
    open_area(page, url, "GM0503")
    wait_for_drawn(page, 59)
    settle(page)
    tooltip = page.frame_locator(FRAME).locator(".areamap-tooltip")
    hover(page, expected["lat"], expected["lon"])
    expect(tooltip).to_have_text(expected["text"])
    before = map_stats(page)
    assert before["tipFetches"] == 2  # bouwjaar and woningen, each once

    # Leave the pand's group out of the map: recoloured, the tooltip the same, no new files.
    colour = pixel(page, expected["lat"], expected["lon"])
    page.get_by_role("button", name=f"Remove {expected['label']}", exact=True).click()
    page.wait_for_function(
        """([sel, seq]) => {
            const a = document.querySelector(sel).contentWindow.__areamap;
            return a && a.seq > seq && a.drawn === 59;
        }""",
        arg=[FRAME, before["seq"]],
    )
    settle(page)
    legend = page.frame_locator(FRAME).locator(".areamap-legend")
    expect(legend).not_to_contain_text(expected["label"])
    assert pixel(page, expected["lat"], expected["lon"]) != colour
    page.mouse.move(0, 0)
    hover(page, expected["lat"], expected["lon"])
    expect(tooltip).to_have_text(expected["text"])
    after = map_stats(page)
    assert after["tipFetches"] == 2 and after["geometryFetches"] == before["geometryFetches"]

    # A click shows the pand's attributes, its group and the rule that put it there.
    page.mouse.click(*map_point(page, expected["lat"], expected["lon"]))
    table = page.locator("[data-testid='stTable']")
    expect(page.get_by_text(f"Aangeklikt pand {expected['code']}")).to_be_visible()
    expect(table).to_contain_text(expected["label"])
    expect(table).to_contain_text(expected["rule"])
    assert blocked_requests == []


def pixel(page, lat: float, lon: float) -> tuple[int, int, int]:
    """The colour the map's base canvas painted at a WGS84 point."""
    return canvas_pixel(page, *map_point(page, lat, lon))


def test_heat_sources_are_markers_beside_the_groups(
    streamlit_server, page, blocked_requests, shared_data, tmp_path
):
    home = tmp_path / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        boundaries = "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson"
        sources = "pbl/warmtebronnen_mt_2020/20200213_MT_bronnen.geojson"
        paths = [str(shared_data / p) for p in (DELFT, boundaries, sources)]
        assert cli(["import", *paths]) == 0
    url = streamlit_server(
        "transitieatlas/pages/vraaggroepen.py", env={"TRANSITIEATLAS_HOME": str(home)}
    )
    open_area(page, url, "GM0503")
    wait_for_drawn(page, 60)  # with the gemeente polygon the sample's 60th pand counts too
    # the three Delft sources (TU Delft WKC, Prysmian, DSM) lie more than 100 m from the
    # sample: drawn as markers, named in the notes, in no group
    page.wait_for_function(
        """(sel) => {
            const a = document.querySelector(sel).contentWindow.__areamap;
            return a && a.drawn === 60 && a.markers === 3;
        }""",
        arg=FRAME,
    )
    settle(page)
    expect(page.get_by_text("TU Delft Warmtekrachtcentrale (STEG, 1,81 MW)")).to_be_visible()
    # (the table's surplus columns are checked through AppTest: the grid is drawn on a canvas)
    assert blocked_requests == []
