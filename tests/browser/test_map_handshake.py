"""The area map still draws when Streamlit did not hear its first ``componentReady``.

Under load, a rerun can re-create the map's iframe, whose files then come from the cache, so
its script posts ``componentReady`` before Streamlit's React effect has registered a listener
for that iframe. Streamlit drops such a message ("Received component message for
unregistered ComponentInstance!") and never sends the render arguments: the council-cycle
browser test saw an empty map for 120 s beside a CPU hog. This test replays that order
deterministically: a host page (standing in for Streamlit) ignores the first
``componentReady`` and answers only a later one.
"""

from __future__ import annotations

import json
import mimetypes

import geopandas as gpd
import pytest
from playwright.sync_api import expect
from shapely.geometry import box

from tests.browser.conftest import wait_for_drawn
from tests.browser.test_voting_flow import settle
from transitieatlas.maps import component, payload

pytestmark = pytest.mark.browser

ORIGIN = "http://areamap.test"
HOST_PAGE = """<!doctype html><html><body>
<iframe id="map" src="index.html" width="400" height="300"></iframe>
<script>
const frame = document.getElementById("map");
window.heard = [];
window.addEventListener("message", (event) => {
  const msg = event.data;
  if (!msg || !msg.isStreamlitMessage) return;
  window.heard.push(msg.type);
  if (msg.type !== "streamlit:componentReady") return;
  const readies = window.heard.filter((t) => t === "streamlit:componentReady").length;
  if (readies === 1) return;  // like Streamlit before its listener for the iframe exists
  frame.contentWindow.postMessage({type: "streamlit:render", args: ARGS}, "*");
});
</script></body></html>"""


@pytest.fixture
def two_squares(tmp_path):
    """Two 100 m squares in RD New, prepared as a geometry payload in ``tmp_path``."""
    areas = gpd.GeoDataFrame(
        {"code": ["A", "B"]},
        geometry=[box(155_000, 463_000, 155_100, 463_100), box(155_200, 463_000, 155_300, 463_100)],
        crs=28992,
    )
    ref = component.prepare_geometry(areas, tmp_path)
    assert component.wait_for_levels(ref)
    return ref


def serve(route, ref) -> None:
    """The host page, the component's frontend files and the geometry payload files."""
    path = route.request.url.removeprefix(ORIGIN + "/").split("?")[0]
    if path == "host.html":
        args = {
            "geometry": {"hash": ref.hash, "url": f"geometry/{ref.hash}.json"},
            "style": payload.style_payload(ref.codes, {"A": "#ff0000", "B": "#0000ff"}),
            "markers": [],
            "lines": [],
            "height": 300,
            "tiles": None,
        }
        route.fulfill(body=HOST_PAGE.replace("ARGS", json.dumps(args)), content_type="text/html")
        return
    if path.startswith("geometry/"):
        file = ref.directory / path.removeprefix("geometry/")
    else:
        file = component.FRONTEND_DIR / path
    if not file.is_file():
        route.fulfill(status=404)
        return
    route.fulfill(path=file, content_type=mimetypes.guess_type(file.name)[0] or "text/plain")


def test_map_draws_although_its_first_ready_message_was_not_heard(page, two_squares):
    page.context.route("**/*", lambda route: serve(route, two_squares))
    page.goto(f"{ORIGIN}/host.html")
    page.wait_for_function(
        """() => {
            const a = document.getElementById("map").contentWindow.__areamap;
            return Boolean(a) && a.drawn === 2;
        }""",
        timeout=60_000,
    )
    stats = page.frames[1].evaluate("() => JSON.parse(JSON.stringify(window.__areamap))")
    assert stats["readySent"] >= 2
    assert stats["renders"] >= 1 and stats["errors"] == []
    assert page.evaluate("window.heard").count("streamlit:componentReady") >= 2


def map_state(page) -> dict:
    """Counters of the area map on ``page`` (every area-map iframe, in page order)."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].map((f) => {
            const a = f.contentWindow && f.contentWindow.__areamap;
            return a ? {drawn: a.drawn, bootAt: a.bootAt, readySent: a.readySent} : null;
        })""",
        'iframe[title="transitieatlas.maps.component.areamap"]',
    )


def test_map_draws_again_after_lines_appear_above_it(streamlit_server, page, blocked_requests):
    """Two new elements above the map: it must be drawn afterwards, not stay empty."""
    page.goto(streamlit_server("tests/browser/map_shift_app.py"))
    wait_for_drawn(page, 2)
    before = map_state(page)
    page.get_by_role("button", name="Twee regels erboven").click()
    expect(page.get_by_text("regel 2")).to_be_visible()
    expect(page.get_by_text("onder de kaart")).to_be_visible()
    settle(page)
    wait_for_drawn(page, 2)
    after = map_state(page)
    assert len(after) == 1 and after[0]["drawn"] == 2, (before, after)
    assert blocked_requests == []
