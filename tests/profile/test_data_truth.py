"""Data truth on the real mirror files of Utrecht (issue 9.2 and 9.3).

9.2: counting is driven by the figures, not by the polygons. The 2014 CBS buurten
(TopoJSON) give Utrecht (GM0344) 110 polygons; the Utrecht 2020 KWB rows have 111 buurten.
BU03440621 (811 dwellings, 1 325 inhabitants, 820 m³ gas per dwelling) has figures but no
polygon.
9.3: areas from the coarse 2014 TopoJSON are marked coarse; all-zero columns are missing;
every indicator has a Dutch label.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from transitieatlas.cli import main
from transitieatlas.heat import common as heat
from transitieatlas.profile.build import build_profile, collect
from transitieatlas.store import importing as mirror
from transitieatlas.store.opendata import open_store

NO_POLYGON = "BU03440621"
ROWS = "cbs/kwb_buurt_rows/utrecht_provincie_2020/buurten.csv"


@pytest.fixture(scope="module")
def utrecht_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("utrecht_home")
    store = open_store(home / "store")
    mirror.import_paths(
        [shared_data / "cbs/boundaries/national_2014_2015_topojson/Buurt_2014_layer_q1e3.json"],
        store,
    )
    (summary,) = mirror.import_paths([shared_data / ROWS], store)
    (home / "warnings.txt").write_text("\n".join(summary.warnings), encoding="utf-8")
    return home


@pytest.fixture
def store(utrecht_home, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(utrecht_home))
    return open_store()


@pytest.fixture(scope="module")
def rows(shared_data) -> pd.DataFrame:
    """The Utrecht buurten of the CSV itself (the expected totals, read independently)."""
    table = pd.read_csv(shared_data / ROWS)
    return table[table["buurt_code"].str.startswith("BU0344")].set_index("buurt_code")


def test_the_buurt_has_figures_but_no_polygon(store, rows):
    polygons = set(store.areas(level="buurt", gemeente="GM0344")["code"])
    assert len(polygons) == 110 and NO_POLYGON not in polygons
    assert len(rows) == 111 and rows.loc[NO_POLYGON, "woningvoorraad"] == 811


def test_heat_table_keeps_the_buurt_without_polygon(store, rows, capsys):
    assert main(["heat", "GM0344", "--level", "buurt", "--method", "gas"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("code")
    assert len(table) == 111
    row = table.loc[NO_POLYGON]
    assert row["dwellings"] == 811
    # 811 × 820 m³ = 665 020 m³ × 0.03165 GJ/m³ (as test_heat_gas) = 21 047.883 GJ final energy
    assert row["final_energy_gj"] == pytest.approx(811 * 820 * 0.0316500, rel=1e-3)
    assert pd.isna(row["land_area_ha"]) and pd.isna(row["heat_density_gj_per_ha"])
    assert row["land_area_source"] == heat.LAND_UNKNOWN
    assert "geen polygoon" in row["note"]
    assert table["dwellings"].sum() == rows["woningvoorraad"].sum()


def test_gemeente_profile_counts_every_buurt_with_figures(store, rows):
    profile = build_profile("GM0344", collect(store, "GM0344"), year=2020)
    inwoners = profile.figure("inwoners")
    dwellings = profile.figure("woningvoorraad")
    assert inwoners.value == rows["aantal_inwoners"].sum()
    assert dwellings.value == rows["woningvoorraad"].sum()
    assert "111 van 111 buurten met waarde" in inwoners.note
    assert NO_POLYGON in profile.units and len(profile.units) == 111


# -- 9.3 coarse geometry ----------------------------------------------------------------------
OOG_IN_AL = "BU03440112"


def test_coarse_polygons_carry_their_grid(store):
    areas = store.areas(level="buurt", gemeente="GM0344").set_index("code")
    # 1 000 steps over the Netherlands: about 310 m north-south
    assert 290 <= areas.loc[OOG_IN_AL, "precision_m"] <= 330


def test_heat_density_from_a_coarse_polygon_says_so(store, capsys):
    assert main(["heat", "GM0344", "--method", "gas"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("code")
    row = table.loc[OOG_IN_AL]
    assert row["land_area_source"] == heat.LAND_FROM_COARSE_POLYGON
    assert heat.COARSE_NOTE in row["note"]
    assert row["land_area_ha"] == pytest.approx(16.56, abs=0.01)  # the coarse figure itself
    coarse = table["land_area_source"] == heat.LAND_FROM_COARSE_POLYGON
    assert coarse.sum() == 110  # every buurt with a polygon; BU03440621 has none


def test_areas_csv_says_the_area_is_coarse(store, capsys):
    assert main(["areas", "GM0344", "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("code")
    assert table.loc[OOG_IN_AL, "area_source"].startswith("grove polygoon")


# -- 9.3 all-zero columns and labels -----------------------------------------------------------
ALL_ZERO = ["afstand_bos_km", "afstand_openbaar_groen_km", "afstand_park_km",
            "afstand_semi_openbaar_groen_km", "afstand_treinstation_km"]  # fmt: skip


def test_columns_that_are_zero_everywhere_are_stored_as_missing(store, utrecht_home):
    figures = store.figures(indicators=ALL_ZERO, year=2020)
    assert len(figures) == 5 * 969 and figures["value"].isna().all()
    kept = store.figures(indicators=["afstand_ziekenhuis_km"], codes=[OOG_IN_AL])
    assert kept["value"].tolist() == [3.8]  # a distance that is not 0 everywhere stays
    warnings = (utrecht_home / "warnings.txt").read_text(encoding="utf-8")
    assert (
        "overal 0, in de bron ontbrekend, als leeg opgeslagen: " + ", ".join(ALL_ZERO) in warnings
    )


def test_every_mapped_indicator_has_a_dutch_label():
    import csv

    from transitieatlas import config
    from transitieatlas.indicators import load_labels

    labels = load_labels()
    missing = sorted(
        {
            row["indicator"]
            for path in (config.REFERENCE_DIR / "column_mappings").glob("*.csv")
            for row in csv.DictReader(path.open(encoding="utf-8"))
            if row["indicator"] and row["indicator"] not in labels
        }
    )
    assert missing == []


def test_profile_and_export_show_no_raw_indicator_names(store):
    from transitieatlas.profile.export import profile_html

    profile = build_profile(OOG_IN_AL, collect(store, OOG_IN_AL), year=2020)
    raw = [f.indicator for f in profile.figures if f.label == f.indicator]
    assert raw == []
    assert profile.figure("afstand_ziekenhuis_km").label == "Afstand tot ziekenhuis (km)"
    html = profile_html(profile)
    assert "afstand_ziekenhuis_km" not in html and "Afstand tot ziekenhuis (km)" in html


def test_gebied_summary_says_the_area_is_coarse(store):
    from transitieatlas.areas.catalog import selection_summary

    buurten = store.areas(level="buurt", gemeente="GM0344")
    text = selection_summary(buurten, [OOG_IN_AL])
    assert text.startswith("Gekozen: 1 buurt, samen 17 ha (grove kaart, raster ~")
    assert text.endswith("m: oppervlakte onnauwkeurig).")
