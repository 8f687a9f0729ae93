"""The information evening in headless Chromium with every outside request refused:
the exported presentation and map (served from a plain local web server, as a file on a
laptop would be opened), and the Presentatie page of the app, driven by keys like a clicker."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading

import pytest
from _evening import import_leeuwarden, seed_actors
from playwright.sync_api import expect

from tests.browser.conftest import block_external
from transitieatlas.cli import main as cli

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def evening_home(shared_data, tmp_path_factory):
    home = import_leeuwarden(tmp_path_factory.mktemp("evening-browser"), shared_data)
    seed_actors(home)
    return home


@pytest.fixture(scope="module")
def exported(evening_home, tmp_path_factory):
    """The default presentation and a Leeuwarden map exported by the CLI into one folder."""
    folder = tmp_path_factory.mktemp("exported")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(evening_home))
        assert cli(["present", "export", "-o", str(folder / "avond.html")]) == 0
        assert cli(["map", "export", "GM0080", "--indicator", "pct_koopwoningen",
                    "-o", str(folder / "kaart.html")]) == 0  # fmt: skip
    return folder


@contextlib.contextmanager
def serve(folder):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _luminance(css: str) -> float:
    """WCAG relative luminance of ``rgb(r, g, b)``."""
    channels = [int(v) / 255 for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(fg: str, bg: str) -> float:
    high, low = sorted([_luminance(fg), _luminance(bg)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def _active_title(page_or_frame) -> str:
    return page_or_frame.locator("section.active h1").inner_text()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_exported_presentation_offline_with_clicker_keys(page, blocked_requests, exported, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    with serve(exported) as url:
        page.goto(url + "avond.html")
        expect(page.locator("section.active h1")).to_have_text("Waarom deze avond?")
        page.keyboard.press("PageDown")
        expect(page.locator("body")).to_have_attribute("data-index", "1")
        assert _active_title(page) == "Wat is een taakdemocratie?"
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(page.locator("body")).to_have_attribute("data-index", "3")
        assert _active_title(page) == "Warmtevraag per hectare · Leeuwarden (GM0080)"
        img = page.locator("section.active img")
        expect(img).to_be_visible()
        assert img.evaluate("i => i.complete && i.naturalWidth") > 1000  # the map is drawn
        page.keyboard.press("PageUp")
        expect(page.locator("body")).to_have_attribute("data-index", "2")
        page.keyboard.press("End")
        expect(page.locator("body")).to_have_attribute("data-index", "5")
        footer = page.locator("section.active footer").inner_text()
        assert "Leeuwarden (GM0080) · gegevens van " in footer and "6 / 6" in footer
        # readable from the back: title at least 36 px, body text 25 px at 720p
        sizes = page.evaluate("""() => [
            parseFloat(getComputedStyle(document.querySelector('section.active h1')).fontSize),
            parseFloat(getComputedStyle(document.querySelector('section.active p')).fontSize)]""")
        assert sizes[0] >= 36 and sizes[1] >= 25
        colours = page.evaluate("""() => ['section.active h1', 'section.active footer']
            .map(s => getComputedStyle(document.querySelector(s)).color)
            .concat([getComputedStyle(document.body).backgroundColor])""")
        assert _contrast(colours[0], colours[2]) >= 7  # WCAG AAA for the titles and text
        assert _contrast(colours[1], colours[2]) >= 7  # the footer too
        # the screen fits: nothing hidden below the fold
        assert page.evaluate("document.documentElement.scrollHeight") <= size[1] + 1
    assert blocked_requests == []


def test_exported_map_draws_offline_with_escaped_tooltips(page, blocked_requests, exported):
    page.set_viewport_size({"width": 1200, "height": 900})
    with serve(exported) as url:
        page.goto(url + "kaart.html")
        paths = page.locator("path.leaflet-interactive")
        expect(paths).to_have_count(134, timeout=30_000)
        expect(page.locator(".ta-legend")).to_contain_text("geen gegevens")
        expect(page.locator(".ta-source")).to_contain_text("koopwoningen_frl.geojson.gz")
        expect(page.locator(".ta-title")).to_have_text("Koopwoningen · Leeuwarden · 2023")
    assert blocked_requests == []


def test_presentatie_page_in_the_app_switches_with_page_down(
    streamlit_server, page, blocked_requests, evening_home, tmp_path
):
    home = tmp_path / "home"
    shutil.copytree(evening_home, home)
    url = streamlit_server("app.py", env={"TRANSITIEATLAS_HOME": str(home)})
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(url + "presentatie")
    frame = page.frame_locator('iframe[title="st.iframe"]')
    expect(frame.locator("section.active h1")).to_have_text("Waarom deze avond?", timeout=120_000)
    expect(page.get_by_role("button", name="Opslaan")).to_have_count(0)  # nothing to edit
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # app focused
    page.keyboard.press("PageDown")
    expect(frame.locator("body")).to_have_attribute("data-index", "1")
    page.keyboard.press("PageDown")
    expect(frame.locator("section.active h1")).to_have_text("Leeuwarden in cijfers (2023)")
    page.keyboard.press("PageUp")
    expect(frame.locator("body")).to_have_attribute("data-index", "1")
    assert blocked_requests == []


def test_survey_answered_from_two_phones_offline(browser, tmp_path, monkeypatch):
    """Two browser contexts (two phones) answer; the first one trying again is refused."""
    from transitieatlas.evening import survey_repo, survey_server

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path))
    survey_repo.create_survey("avond", "Avond in de Wâlde", min_count=1)
    server = survey_server.make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/enquete/avond"
    blocked: list[str] = []
    try:
        phones = [browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(2)]
        for i, context in enumerate(phones):
            blocked += block_external(context)
            page = context.new_page()
            page.goto(url)
            page.get_by_label(["Burgers", "Bedrijven"][i], exact=True).check()
            page.get_by_label("binnen 10 jaar", exact=True).check()
            for j, name in enumerate(
                ["Samen inkopen", "Woningen isoleren", "Een warmtenet in de wijk"]
            ):
                page.locator("label", has_text=name).locator("select").select_option(str(j + 1))
            page.get_by_label("Woningcorporaties", exact=True).check()
            page.get_by_role("button", name="Versturen").click()
            expect(page.get_by_role("heading", name="Dank u wel!")).to_be_visible()
        again = phones[0].new_page()
        again.goto(url)
        again.get_by_label("Kennis en wetenschap").check()
        again.get_by_label("later", exact=True).check()
        for j, name in enumerate(
            ["Samen inkopen", "Woningen isoleren", "Een warmtenet in de wijk"]
        ):
            again.locator("label", has_text=name).locator("select").select_option(str(j + 1))
        again.get_by_role("button", name="Versturen").click()
        expect(again.get_by_text("U heeft deze enquête al ingevuld")).to_be_visible()
        projector = phones[1].new_page()
        projector.goto(url + "/uitslag")
        expect(projector.get_by_text("2 antwoorden")).to_be_visible()
        for context in phones:
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    _, results, n = survey_repo.survey_results("avond")
    assert n == 2
    assert results[0].ranking[0][:2] == ("binnen 10 jaar", 2.0)  # burgers 1 + bedrijven 1
    assert results[1].ranking[0][0] == "Samen inkopen"
    assert blocked == []
