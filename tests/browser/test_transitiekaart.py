"""The Transitiekaart page in headless Chromium, on Leeuwarden's real buurten.

Checks: only approved actors are drawn, each marker is painted in its geleding's colour,
the legend and the five-geledingen overview (with a vacant seat), a hostile actor name
stays text, a marker click opens the actor, and nothing is requested outside 127.0.0.1.
"""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.actors import model as d
from transitieatlas.actors import repo as actor_repo
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.geledingen import COLOURS, LABELS
from transitieatlas.store.opendata import open_store

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="transitieatlas.maps.component.areamap"]'
XSS = "<img src=x onerror=alert(1)>"
ACTORS_CSV = (
    "name,geleding,kind,description,website,lon,lat,tags\n"
    f"{XSS},burgers,bewonersvereniging,Wij organiseren <b>avonden</b>,https://example.org,5.7990,53.2010,wup\n"
    "Basisschool De Wâlde,voorzieningen,school,,,5.8100,53.1950,school\n"
    "Installatiebedrijf Post,bedrijven,installateur,,,5.7800,53.2100,\n"
    "Gemeente Leeuwarden,overheid,gemeente,,,5.7930,53.1900,\n"
)


def _seed(home) -> None:
    """Leeuwarden's 134 buurten in the store, 4 approved actors, 1 pending, editor Anna."""
    from benchmarks import data

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        mp.delenv("TRANSITIEATLAS_DB_URL", raising=False)
        buurten = data.leeuwarden().assign(
            level="buurt", gemeente_code="GM0080", wijk_code=None, year=2023
        )
        provenance = Provenance(source="CBS wijk- en buurtkaart", table_id="buurten", year=2023)
        open_store().write(ImportBatch().add("areas", buurten, provenance))
        admin = UserInfo("test", "admin")
        actor_repo.import_actors(d.parse_csv(ACTORS_CSV), admin, buurten=actor_repo.store_buurten())
        actor_repo.submit_actor(
            {"name": "Geheime aanmelding", "geleding": "kennis", "lon": 5.8, "lat": 53.2}
        )
        auth.add_user("anna", "editor", "anna-wachtwoord")
        db.dispose_all()


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory, shared_data):
    """A home seeded by :func:`_seed`, shared by both tests (one Streamlit server)."""
    home = tmp_path_factory.mktemp("transitiekaart-home")
    _seed(home)
    return home


def _frame(page):
    return next(f for f in page.frames if "areamap/index.html" in f.url)


def _marker_pixel(page, lat: float, lon: float) -> tuple[int, int, int]:
    """The colour on screen at a WGS84 point of the map (from a 1-pixel screenshot)."""
    point = _frame(page).evaluate(
        "([lat, lon]) => window.__areamap.map.latLngToContainerPoint([lat, lon])", [lat, lon]
    )
    box = page.locator(FRAME).bounding_box()
    clip = {"x": box["x"] + point["x"], "y": box["y"] + point["y"], "width": 1, "height": 1}
    image = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    return image.getpixel((0, 0))


def _settled_pixel(page, lat: float, lon: float, expected, timeout_s: float = 15.0):
    """The painted colour at a point, re-read until it matches or the map stops changing.

    The map may still be zooming or redrawing right after the markers were added.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        painted = _marker_pixel(page, lat, lon)
        close = max(abs(a - b) for a, b in zip(painted, expected, strict=True)) <= 20
        if close or time.monotonic() > deadline:
            return painted
        time.sleep(0.25)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def test_transitiekaart_markers_by_geleding_offline(
    streamlit_server, page, blocked_requests, seeded_home
):
    url = streamlit_server("app.py", env={"TRANSITIEATLAS_HOME": str(seeded_home)})
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(url + "transitiekaart")
    page.wait_for_function(
        """sel => {
            const f = document.querySelector(sel);
            const a = f && f.contentWindow && f.contentWindow.__areamap;
            return a && a.drawn === 134 && a.markers === 4;
        }""",
        arg=FRAME,
        timeout=60_000,
    )
    frame = page.frame_locator(FRAME)
    stats = _frame(page).evaluate("() => JSON.parse(JSON.stringify(window.__areamap))")
    assert stats["errors"] == []

    # Every approved actor is painted in its geleding's Okabe-Ito colour.
    rows = [line.split(",") for line in ACTORS_CSV.strip().splitlines()[1:]]
    for row in rows:
        geleding, lon, lat = row[1], float(row[5]), float(row[6])
        expected = _rgb(COLOURS[geleding])
        painted = _settled_pixel(page, lat, lon, expected)
        assert max(abs(a - b) for a, b in zip(painted, expected, strict=True)) <= 20, (
            geleding,
            painted,
        )

    # Legend: the five geledingen in their colours.
    legend = frame.locator(".areamap-legend")
    for label in LABELS.values():
        expect(legend).to_contain_text(label)

    # Overview: kennis has no approved actor (the pending one does not count) → vacant seat.
    overview = page.locator('[data-testid="stTable"]').first
    expect(overview).to_contain_text("vacant (lege zetel)")
    rows = overview.locator("tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text("Kennis en wetenschap")
    expect(rows.nth(0)).to_contain_text("vacant")
    expect(rows.nth(1)).to_contain_text("bezet")
    assert page.get_by_text("Geheime aanmelding").count() == 0

    # The hostile name stays text: the marker's tooltip shows it literally, no <img> is made.
    lat, lon = 53.2010, 5.7990
    point = _frame(page).evaluate(
        "([lat, lon]) => window.__areamap.map.latLngToContainerPoint([lat, lon])", [lat, lon]
    )
    box = page.locator(FRAME).bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(XSS)
    assert frame.locator("img[src='x']").count() == 0

    # A click on the marker opens the actor beside the map, as text.
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    expect(page.get_by_text("Gekozen actor")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Wij organiseren <b>avonden</b>")).to_be_visible()
    assert page.locator("img[src='x']").count() == 0

    assert blocked_requests == []


def _wait_markers(page, count: int) -> None:
    page.wait_for_function(
        """([sel, n]) => {
            const f = document.querySelector(sel);
            const a = f && f.contentWindow && f.contentWindow.__areamap;
            return a && a.drawn === 134 && a.markers === n;
        }""",
        arg=[FRAME, count],
        timeout=60_000,
    )


def test_editor_approves_in_the_app_and_the_public_map_shows_it(
    streamlit_server, page, blocked_requests, seeded_home
):
    # Runs after the read-only test above, on the same server and data (4 approved, 1 pending).
    url = streamlit_server("app.py", env={"TRANSITIEATLAS_HOME": str(seeded_home)})
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(url + "transitiekaart")
    _wait_markers(page, 4)

    page.goto(url + "actoren_beheer")
    expect(page.get_by_text("Deze pagina is voor de redactie")).to_be_visible(timeout=30_000)
    page.get_by_text("Inloggen (presidium en redactie)").click()
    page.get_by_label("Naam").fill("anna")
    page.get_by_label("Wachtwoord").fill("anna-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    # a login costs one scrypt at N=2^17 (seconds on a busy machine): wait for the state
    expect(page.get_by_text("1 aanmelding wacht op een besluit.")).to_be_visible(timeout=90_000)
    expect(page.get_by_text("Geheime aanmelding (Kennis en wetenschap, nr 5)")).to_be_visible()
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("Goedgekeurd.")).to_be_visible(timeout=30_000)

    page.goto(url + "transitiekaart")
    _wait_markers(page, 5)
    overview = page.locator('[data-testid="stTable"]').first
    expect(overview).not_to_contain_text("vacant")
    assert blocked_requests == []
