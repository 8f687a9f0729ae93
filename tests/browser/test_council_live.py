"""In Chromium: the speaking timer ticks on its own while someone speaks, and a household
signs up itself on the public Intekenen page (no account) without seeing anyone's data.

Runs tests/browser/council_live_app.py against its own database, entirely offline. Waits
for states and texts only, never for a fixed time.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import STATE_TIMEOUT_MS, login, settle
from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.council import campaign_repo, signup_repo

pytestmark = pytest.mark.browser

CHAIR, PASSWORD = "voorzitter", "raad-wachtwoord-2"
TIMEOUT = STATE_TIMEOUT_MS  # expect's default is set once, in conftest


@pytest.fixture(scope="module")
def live_home(tmp_path_factory):
    """A chair account and an open campaign for one buurt and group (households known)."""
    home = tmp_path_factory.mktemp("council-live-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        auth.add_user(CHAIR, "editor", PASSWORD)
        chair = UserInfo(CHAIR, "editor")
        cid = campaign_repo.create_campaign("Warmtenet Binnenstad", "Warmtenet", user=chair)
        campaign_repo.update_campaign(cid, status="lopend", team_accounts=[CHAIR], user=chair)
        signup_repo.set_households(cid, "BU01930100", "particuliere woningen", 4, user=chair)
        db.dispose_all()
    return home


@pytest.fixture(scope="module")
def base_url_live(streamlit_server, live_home):
    return streamlit_server(
        "tests/browser/council_live_app.py", env={"TRANSITIEATLAS_HOME": str(live_home)}
    )


def test_speaking_timer_ticks_without_a_click(page: Page, base_url_live, blocked_requests):
    page.set_default_timeout(TIMEOUT)
    page.goto(base_url_live)
    login(page, CHAIR, PASSWORD)
    page.get_by_role("button", name="Vergadering plannen").click()
    expect(page.get_by_text("gepland.").first).to_be_visible()
    settle(page)
    page.locator("[data-testid='stRadio']").get_by_text("Spreektijd", exact=True).click()
    expect(page.get_by_text("Niemand aan het woord: de klok staat stil.")).to_be_visible()
    settle(page)
    page.get_by_role("button", name="Kennis en wetenschap").click()
    # no further click: the fragment reruns every second, so the spoken time grows
    expect(page.get_by_text(re.compile(r"Dit agendapunt: 0:0[2-9] gesproken"))).to_be_visible()
    page.get_by_role("button", name="Niemand").click()
    expect(page.get_by_text(re.compile(r"de klok staat stil"))).to_be_visible()
    assert blocked_requests == []


def test_household_signs_up_on_the_public_page(page: Page, base_url_live, blocked_requests):
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{base_url_live.rstrip('/')}/intekenen")
    settle(page)
    expect(page.get_by_role("heading", name="Intekenen", level=1, exact=True)).to_be_visible()
    page.get_by_label("Adres (straat, huisnummer, plaats)").fill("Melkmarkt 12, Zwolle")
    page.get_by_label("Naam (niet verplicht)").fill("Jet Zelfstandig")
    page.get_by_text("Ik geef deze toestemming").click()
    page.get_by_role("button", name="Intekenen").click()
    expect(page.get_by_text("Dank u wel: uw intekening is ontvangen.")).to_be_visible()
    settle(page)
    counts = page.locator("[data-testid='stTable']")
    expect(counts).to_contain_text("25%")  # 1 of 4 households
    expect(page.locator("[data-testid='stApp']")).not_to_contain_text("Jet Zelfstandig")
    expect(page.locator("[data-testid='stApp']")).not_to_contain_text("Melkmarkt")
    assert blocked_requests == []
