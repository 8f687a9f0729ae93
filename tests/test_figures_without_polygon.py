"""Counting is driven by the figures, not by the polygons (issue 9.2).

Real mirror data: the 2014 CBS buurten (TopoJSON) give Utrecht (GM0344) 110 polygons; the
Utrecht 2020 KWB rows have 111 buurten. BU03440621 (811 dwellings, 1 325 inhabitants,
820 m³ gas per dwelling) has figures but no polygon.
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
    mirror.import_paths([shared_data / ROWS], store)
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
