"""The Warmtevraag page through Streamlit's AppTest on a small hand-made store."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.store.opendata import open_store

PAGE = str(Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "warmtevraag.py")


@pytest.fixture(autouse=True)
def seeded(_private_home):
    """Three 1 km² buurten: dense flats, a village, one without gas figures."""
    codes = ["BU09990001", "BU09990002", "BU09990003"]
    buurten = gpd.GeoDataFrame(
        {
            "code": codes,
            "name": ["Flats", "Dorp", "Leeg"],
            "level": "buurt",
            "gemeente_code": "GM0999",
            "wijk_code": "WK099900",
            "year": 2022,
        },
        geometry=[box(0, 0, 1000, 1000), box(1000, 0, 2000, 1000), box(2000, 0, 3000, 1000)],
        crs="EPSG:28992",
    )
    values = {
        "woningvoorraad": [4000, 300, 50],
        "gem_aardgas_woning": [900, 1500, None],
        "pct_stadsverwarming": [0, 0, None],
        "pct_meergezinswoning": [80, 5, None],
        "pct_bouwjaar_vanaf_2000": [10, 20, None],
        "oppervlakte_land_ha": [100, 100, 100],
    }
    rows = [
        {"code": c, "year": 2022, "indicator": k, "value": v[i], "unit": "", "source": "test"}
        for k, v in values.items()
        for i, c in enumerate(codes)
    ]
    batch = ImportBatch().add("areas", buurten, Provenance("test", "buurten", 2022))
    batch.add("figures", pd.DataFrame(rows), Provenance("test", "kwb", 2022))
    open_store().write(batch)


def test_page_shows_map_table_and_screen():
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("code")
    # Flats: 4 000 × 900 m³ × 0.03165 = 113 940 GJ gas × 0.8962994 = 102 124.3 GJ on 100 ha land
    assert table.loc["BU09990001", "warmtevraag (GJ)"] == pytest.approx(102124.3, rel=1e-5)
    assert table.loc["BU09990001", "warmtedichtheid (GJ/ha)"] == pytest.approx(1021.243, rel=1e-5)
    assert pd.isna(table.loc["BU09990003", "warmtevraag (GJ)"])
    screen = at.dataframe[-1].value.set_index("code")
    assert bool(screen.loc["BU09990001", "kandidaat"]) is True
    assert screen.loc["BU09990001", "reden"].startswith(
        "Kandidaat: warmtedichtheid 1021 GJ/ha ≥ 360"
    )
    # Dorp: 300 × 1 500 × 0.03165 × 0.8962994 = 12 765.7 GJ / 100 ha = 128 GJ/ha
    assert "warmtedichtheid 128 GJ/ha < 360" in screen.loc["BU09990002", "reden"]


def test_threshold_slider_changes_the_candidates():
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.slider[0].set_value(100).run()  # min. warmtedichtheid
    at.slider[1].set_value(0).run()  # meergezins off
    at.slider[2].set_value(0).run()  # corporatie off
    assert not at.exception
    screen = at.dataframe[-1].value.set_index("code")
    assert bool(screen.loc["BU09990002", "kandidaat"]) is True
    assert screen.loc["BU09990002", "reden"] == (
        "Kandidaat: warmtedichtheid 128 GJ/ha ≥ 100; 80% gebouwd vóór 2000 ≥ 50%."
    )


def test_class_scheme_is_offered_in_dutch():
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    scheme = at.selectbox(key="warmte_scheme")
    assert scheme.options == [
        "Kwantielen (even veel gebieden per klasse)",
        "Natuurlijke grenzen (Fisher-Jenks)",
        "Gelijke intervallen",
    ]
    assert scheme.value == "quantiles"
