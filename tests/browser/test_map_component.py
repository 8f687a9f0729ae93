"""The offline area map in headless Chromium, driven through the demo app benchmarks/map_app.py.

One server and one page for the whole sequence (Streamlit starts in seconds, not free):
Leeuwarden's 134 buurten drawn offline, tooltip as text, a click returning the buurt code to
Python, an indicator switch that recolours without geometry, and a switch to Zwolle.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from benchmarks import data
from tests.browser.conftest import canvas_pixel, map_point, map_stats

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="transitieatlas.maps.component.areamap"]'
GEOMETRY_ROUTE = "/component/transitieatlas.maps.component.areamap_geometry/"
BACKGROUND = (0xF3, 0xF2, 0xEE)
ENV = {"AREAMAP_HOSTILE_TOOLTIP": "1", "AREAMAP_MARKERS": "1"}
"""Demo app settings: HTML in one tooltip; 60 clustered markers and one lone marker."""


@pytest.fixture(scope="module")
def leeuwarden(shared_data):
    return data.leeuwarden()


def map_frame(page):
    frame = page.frame_locator(FRAME)
    return frame, next(f for f in page.frames if "areamap/index.html" in f.url)


def wait_seq(page, above: int, drawn: int) -> dict:
    """Wait until the map completed a render after ``above`` with ``drawn`` polygons."""
    page.wait_for_function(
        """([sel, above, drawn]) => {
            const f = document.querySelector(sel);
            const a = f && f.contentWindow && f.contentWindow.__areamap;
            return a && a.seq > above && a.drawn === drawn;
        }""",
        arg=[FRAME, above, drawn],
        timeout=60_000,
    )
    return map_stats(page)


def inside_point(gdf, code: str) -> tuple[float, float]:
    """(lat, lon) of a point well inside buurt ``code``."""
    geom = gdf.set_index("code").geometry.loc[code]
    inner = geom.buffer(-60) if not geom.buffer(-60).is_empty else geom
    point = gpd.GeoSeries([inner.representative_point()], crs=gdf.crs).to_crs(4326).iloc[0]
    return point.y, point.x


def test_map_draws_offline_tooltips_clicks_and_recolours(
    streamlit_server, page, blocked_requests, leeuwarden
):
    url = streamlit_server("benchmarks/map_app.py", env=ENV)
    geometry_requests: list[str] = []
    page.on(
        "request",
        lambda r: geometry_requests.append(r.url) if GEOMETRY_ROUTE in r.url else None,
    )
    page.set_viewport_size({"width": 1200, "height": 950})
    page.goto(url)

    first = wait_seq(page, 0, 134)
    assert first["drawn"] == 134
    assert first["geometryFetches"] == 1 and first["errors"] == []

    # A large buurt: its tooltip shows its name, as text.
    areas = leeuwarden.assign(ha=leeuwarden.geometry.area)
    big = areas.sort_values("ha").iloc[-1]
    x, y = map_point(page, *inside_point(leeuwarden, big["code"]))
    assert max(abs(a - b) for a, b in zip(canvas_pixel(page, x, y), BACKGROUND, strict=True)) > 20
    page.mouse.move(x, y)
    frame, _ = map_frame(page)
    tooltip = frame.locator(".areamap-tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(big["name"])
    expect(tooltip).to_contain_text("Oppervlakte (ha)")

    # The HTML in the first buurt's tooltip stays text (no <b>, no <img> created).
    hostile = leeuwarden["code"].iloc[0]
    assert hostile not in areas.sort_values("ha")["code"].iloc[-3:].tolist()  # no markers there
    hx, hy = map_point(page, *inside_point(leeuwarden, hostile))
    page.mouse.move(hx, hy)
    expect(tooltip).to_contain_text("<b>vet</b><img src=x")
    assert tooltip.evaluate("el => el.childElementCount") == 0

    # A click returns the buurt code to Python, which shows it.
    before = map_stats(page)["seq"]
    page.mouse.click(x, y)
    expect(page.get_by_text(re.compile(rf'"code": "{big["code"]}"'))).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(r'"type": "area"'))).to_be_visible()
    # ... with the clicked point (a business park can be drawn on cells and buurten)
    shown = page.get_by_text(re.compile(r'"type": "area"')).inner_text()
    clicked = json.loads(shown[shown.index("{") :])
    assert (clicked["lat"], clicked["lon"]) == pytest.approx(
        inside_point(leeuwarden, big["code"]), abs=1e-3
    )

    # Indicator switch: colours change, geometry is neither re-sent nor rebuilt.
    fill_before = frame.locator("#root").evaluate(
        "(el, code) => window.__areamap.fillOf(code)", big["code"]
    )
    before = map_stats(page)["seq"]
    page.get_by_text("Afstand tot het midden (km)").click()
    after = wait_seq(page, before, 134)
    expect(frame.locator(".areamap-legend")).to_contain_text("Afstand tot het midden (km)")
    assert after["geometryFetches"] == 1
    assert after["geometryBuilds"] == 1
    assert after["renders"] >= 2 and after["styleApplies"] >= 2
    assert after["geometryInArgs"] and not any(after["geometryInArgs"])
    fills = frame.locator("#root").evaluate(
        "(el, codes) => codes.map(c => window.__areamap.fillOf(c))",
        leeuwarden["code"].tolist(),
    )
    assert len(set(fills)) >= 3
    assert fill_before is not None
    page.mouse.move(x + 1, y + 1)
    expect(tooltip).to_contain_text("Afstand tot het midden (km)")
    assert len({u for u in geometry_requests if u.endswith(f"{first['geometryHash']}.json")}) == 1

    # Another area set: new geometry, drawn in the same map.
    before = map_stats(page)["seq"]
    page.get_by_text("Zwolle (78 buurten)").click()
    zwolle = wait_seq(page, before, 78)
    assert zwolle["geometryFetches"] == 2
    assert zwolle["geometryHash"] != first["geometryHash"]
    assert zwolle["errors"] == []

    # Zooming in loads a finer level (simplified for that zoom) from the server.
    frame.locator("#root").evaluate(
        "() => window.__areamap.map.setZoom(window.__areamap.map.getZoom() + 3)"
    )
    expect(frame.locator("#root")).to_have_attribute(
        "data-level", re.compile(r"[1-9]"), timeout=30_000
    )
    assert map_stats(page)["levelFetches"] >= 1

    # Page switch and back: a new map iframe reuses the decoded geometry of this tab.
    page.locator('[data-testid="stSidebarNav"] a', has_text="Leeg").click()
    expect(page.get_by_text("Lege pagina.")).to_be_visible()
    page.locator('[data-testid="stSidebarNav"] a', has_text="Kaart").click()
    back = wait_seq(page, 0, 78)  # fit to all of Zwolle again
    assert back["sharedHits"] == 1 and back["geometryFetches"] == 0

    assert blocked_requests == []


def test_markers_cluster_show_text_and_return_clicks(
    streamlit_server, page, blocked_requests, leeuwarden
):
    url = streamlit_server("benchmarks/map_app.py", env=ENV)
    page.set_viewport_size({"width": 1200, "height": 950})
    page.goto(url)
    assert wait_seq(page, 0, 134)["markers"] == 61
    frame, _ = map_frame(page)
    cluster = frame.locator(".marker-cluster")
    expect(cluster).to_have_count(1)
    expect(cluster).to_contain_text("60")
    lone = frame.locator("path.leaflet-interactive")
    expect(lone).to_have_count(1)
    lone.hover()
    label = frame.locator(".leaflet-tooltip")
    expect(label).to_contain_text("<b>Dorpshuis</b>")
    assert label.locator("b").count() == 0
    lone.click()
    expect(page.get_by_text(re.compile(r'"id": "dorpshuis"'))).to_be_visible(timeout=20_000)
    expect(page.get_by_text(re.compile(r'"type": "marker"'))).to_be_visible()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Open <i>elke</i> dag")
    assert popup.locator("i").count() == 0
    assert blocked_requests == []
