"""Hostile text in a real browser: a gebied named with markdown shows literally, loads nothing.

A saved gebied named ``![x](https://evil.example/p.png) [klik](https://evil.example/)``
used to become an image fetched from elsewhere and a phishing link in the Profiel heading.
The store holds Zwolle's real buurten of 2021 (../shared/data).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose, settle
from transitieatlas import db
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.cli import main as cli
from transitieatlas.db import gebieden

pytestmark = pytest.mark.browser

ZWOLLE_2021 = (
    "regional/zwolle_energy_transition/energy_buurt_mapped/energy_buurt_2021_mapped.geojson"
)
HOSTILE = "![x](https://evil.example/p.png) [klik](https://evil.example/) <b>vet</b> $x$"
TIMEOUT = 90_000


@pytest.fixture(scope="module")
def hostile_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("hostile-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        assert cli(["import", str(shared_data / ZWOLLE_2021)]) == 0
        from transitieatlas.store.opendata import open_store

        buurten = open_store().areas(level="buurt")
        codes = sorted(buurten.loc[buurten["gemeente_code"] == "GM0193", "code"])[:2]
        gebieden.save_afbakening(HOSTILE, codes, "GM0193", user=UserInfo("kees", "viewer"))
        db.dispose_all()
    return home


def test_gebied_named_with_markdown_shows_literally_and_loads_nothing(
    streamlit_server, page, blocked_requests, hostile_home
):
    url = streamlit_server("app.py", env={"TRANSITIEATLAS_HOME": str(hostile_home)})
    page.set_viewport_size({"width": 1300, "height": 1100})
    page.set_default_timeout(TIMEOUT)
    page.goto(url + "profiel")
    main = page.locator("[data-testid='stMain'], section.stMain").first
    # the page first shows the default gemeente's profile; wait for it before switching
    expect(main.get_by_role("heading", level=3).first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    page.get_by_text("Opgeslagen gebied", exact=True).click()
    heading = main.get_by_role("heading", level=3).filter(has_text="evil.example")
    shown = HOSTILE.replace("://", ":\u2060//")  # an invisible joiner stops autolinks
    expect(heading).to_have_text(f"{shown} · 2021", timeout=TIMEOUT)
    # (Streamlit's own heading anchor, href="#x-https-evil-example-…", stays on the page)
    assert main.locator("img[src*='evil.example']").count() == 0
    assert main.locator("a[href*='://evil.example']").count() == 0
    assert main.locator("b", has_text="vet").count() == 0

    # the Gebied page lists it by name in the sidebar, also as plain text
    page.goto(url)
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    choose(page, "Open een gebiedsafbakening", "evil.example")
    chooser = sidebar.locator("[data-testid='stSelectbox']").filter(
        has_text="Open een gebiedsafbakening"
    )
    expect(chooser.locator("input")).to_have_value(HOSTILE, timeout=TIMEOUT)  # raw, as typed
    assert page.locator("img[src*='evil.example'], a[href*='://evil.example']").count() == 0
    assert blocked_requests == []
