"""The profile as one self-contained HTML file and as a PDF."""

from __future__ import annotations

import base64
import re

import pytest
from _profile_store import B1, make_store

from transitieatlas.profile.build import build_profile, collect
from transitieatlas.profile.export import (
    default_map_indicator,
    figure_table,
    map_classes,
    profile_html,
    profile_pdf,
    trend_indicators,
)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    store = make_store(tmp_path_factory.mktemp("store"))
    return build_profile("WK999900", collect(store, "WK999900"))


def test_html_is_self_contained_with_figures_map_trends_and_sources(profile):
    page = profile_html(profile, generated="2026-11-26")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Gebiedsprofiel Oud</title>" in page
    # key figures with comparisons, Dutch formatting
    assert re.search(r"Aantal inwoners.*?>950<.*?>2\.600<.*?>1\.600<.*?>17\.900\.000<", page, re.S)
    assert "50%" in page and "48,1%" in page
    assert "alle cijfers berekend uit 2 buurten" in page
    assert "gewogen naar woningvoorraad; 2 van 2 buurten met waarde" in page
    # map as an embedded PNG, trend charts as inline SVG
    png = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.count("<svg") == 4
    # nothing loaded from elsewhere
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script" not in page and "@import" not in page
    assert "Bron: CBS, CC BY 4.0" in page
    assert "Gegevens opgehaald op 2026-01-03" in page
    assert "profiel gemaakt op 2026-11-26" in page


def test_pdf_has_table_map_trends_and_sources_pages(profile):
    pdf = profile_pdf(profile, map_indicator="pct_koopwoningen")
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 4
    assert b"Gebiedsprofiel Oud" in pdf


def test_map_and_trend_choices(profile):
    assert default_map_indicator(profile) == "gem_woz_woning"
    classes = map_classes(profile, "pct_koopwoningen", "equal_interval", 2)
    # map areas: the two buurten of the wijk (20 %, 60 %) and the neighbouring wijk (46.9 %)
    assert classes.tooltips[B1] == "Kerkbuurt: 20%"
    assert classes.tooltips["WK999901"] == "Nieuw: 46,9%"
    assert classes.bins == pytest.approx([40.0, 60.0])
    assert trend_indicators(profile) == [
        "inwoners",
        "woningvoorraad",
        "gem_woz_woning",
        "pct_koopwoningen",
    ]


def test_figure_table_for_the_page(profile):
    table = figure_table(profile)
    assert list(table.columns) == [
        "Thema",
        "Kenmerk",
        "Dit gebied",
        "Gemeente",
        "Omgeving",
        "Nederland",
        "Toelichting",
    ]
    row = table[table["Kenmerk"] == "Koopwoningen"].iloc[0]
    assert (row["Dit gebied"], row["Gemeente"], row["Nederland"]) == ("50%", "48,1%", "57%")
