"""The Rekenvoorbeelden page in headless Chromium, offline: Leeuwarden buurten, then Doesburg
panden; moving the participation slider changes the figures; no request leaves 127.0.0.1."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose

pytestmark = pytest.mark.browser


def _first_metric(page) -> str:
    return page.locator("[data-testid='stMetricValue']").first.inner_text()


def test_rekenvoorbeelden_leeuwarden_and_doesburg(
    streamlit_server, page, blocked_requests, shared_data
):
    url = streamlit_server("transitieatlas/pages/rekenvoorbeelden.py")
    page.set_viewport_size({"width": 1300, "height": 1100})
    page.goto(url)
    expect(page.get_by_role("heading", name="Rekenvoorbeelden", exact=True, level=1)).to_be_visible(
        timeout=120_000
    )
    expect(page.get_by_text("Configuraties naast elkaar, bij 100% deelname")).to_be_visible(
        timeout=120_000
    )
    metrics = page.locator("[data-testid='stMetricValue']")
    expect(metrics.first).to_have_text(re.compile(r"€-?[\d.]+ – €-?[\d.]+"), timeout=60_000)
    assert metrics.count() >= 2

    choose(page, "Vraaggroep", "Meergezinswoningen (gestapeld)")
    expect(page.get_by_text("Break-even-deelname warmtenet")).to_be_visible(timeout=60_000)

    choose(page, "Gebied", "Doesburg (GM0221)")
    page.get_by_text("pand", exact=True).click()
    expect(page.get_by_text(re.compile("niveau pand")).first).to_be_visible(timeout=120_000)
    before = _first_metric(page)
    slider = page.get_by_role("slider")
    slider.focus()
    for _ in range(10):  # 100% → 50% in steps of 5
        slider.press("ArrowLeft")
    expect(page.get_by_text("Configuraties naast elkaar, bij 50% deelname")).to_be_visible(
        timeout=60_000
    )
    expect(page.locator("[data-testid='stMetricValue']").first).not_to_have_text(before)
    assert blocked_requests == []
