"""BAG files: the official LV BAG extract of Doesburg, the GeoPackage derived from it, Delft."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from transitieatlas.cli import main
from transitieatlas.errors import InputError
from transitieatlas.sources import bag
from transitieatlas.store.opendata import open_store


@pytest.fixture(scope="module")
def doesburg(shared_data):
    folder = shared_data / "bag" / "doesburg_panden_2020"
    return bag.read_bag(folder / "0221PND15092020.zip"), bag.read_bag(
        folder / "doesburg_panden_20200915.gpkg"
    )


def test_lvbag_zip_gives_the_current_panden_the_geopackage_holds(doesburg):
    zipped, derived = doesburg
    assert zipped.read == 13_098 and derived.read == 7_797  # voorkomens incl. history / current
    assert len(zipped.buildings) == len(derived.buildings) == 7_395
    assert set(zipped.buildings["id"]) == set(derived.buildings["id"])
    # the 20 placeholder years 9999 of the current voorkomens are all demolished/unrealised panden
    assert int(zipped.buildings["bouwjaar"].isna().sum()) == 0
    assert zipped.buildings["bouwjaar"].max() == 2020
    status = zipped.buildings["status"].value_counts()
    assert status["Pand in gebruik"] == 7_204 and "Pand gesloopt" not in status
    assert int(bag.standing(zipped.buildings).sum()) == 7_227  # without the 168 permits only
    joined = zipped.buildings.set_index("id").geometry.area
    other = derived.buildings.set_index("id").geometry.area.reindex(joined.index)
    assert np.allclose(joined.to_numpy(), other.to_numpy())


def test_a_file_of_another_gemeente_is_refused(shared_data, tmp_path, monkeypatch, capsys):
    path = shared_data / "bag" / "delft_wippolder_sample" / "wippolder.gpkg"
    with pytest.raises(InputError, match="hoort bij gemeente GM0503, niet bij GM0221"):
        bag.read_bag(path, gemeente="GM0221")
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path))
    assert main(["bag", "import", str(path), "--gemeente", "GM0221"]) == 1
    assert "GM0503" in capsys.readouterr().err and open_store().is_empty()
    assert main(["bag", "import", str(path), "--gemeente", "GM0503"]) == 0
    stored = open_store().buildings()
    numeric = stored["id"][stored["id"].str.fullmatch(r"\d+")]  # the fixture also has id "x2"
    assert len(stored) == 60 and len(numeric) == 59
    assert numeric.str.fullmatch(r"0503\d{12}").all()  # leading zero restored


def test_placeholder_year_9999_is_unknown():
    frame = gpd.GeoDataFrame(
        {"identificatie": ["NL.IMBAG.Pand.0221100000000001", "0221100000000002"],
         "bouwjaar": [9999, 1931], "status": ["Bouwvergunning verleend", "Pand in gebruik"]},
        geometry=[shapely.box(0, 0, 1, 1)] * 2, crs="EPSG:28992",
    )  # fmt: skip
    out = bag.canonical(frame)
    assert np.isnan(out["bouwjaar"].iloc[0]) and out["bouwjaar"].iloc[1] == 1931
    assert out["id"].tolist() == ["0221100000000001", "0221100000000002"]


def test_a_broken_zip_is_a_dutch_message(tmp_path):
    broken = tmp_path / "0221PND15092020.zip"
    broken.write_bytes(b"PK\x03\x04 afgebroken")
    with pytest.raises(InputError, match="beschadigd of afgebroken"):
        bag.read_bag(broken)


def test_units_are_summed_per_pand():
    panden = gpd.GeoDataFrame(
        {"id": ["0221100000000001", "0221100000000002"], "status": ["Pand in gebruik"] * 2},
        geometry=[shapely.box(0, 0, 10, 10), shapely.box(20, 0, 30, 10)], crs="EPSG:28992",
    )  # fmt: skip
    units = pd.DataFrame({
        "pand_id": ["0221100000000001"] * 3,
        "gebruiksdoel": ["woonfunctie", "woonfunctie", "winkelfunctie,kantoorfunctie"],
        "oppervlakte": [70.0, 85.0, 120.0],
    })  # fmt: skip
    out = bag.attach_units(panden, units).set_index("id")
    first = out.loc["0221100000000001"]
    assert first["gebruiksdoel"] == "kantoorfunctie,winkelfunctie,woonfunctie"
    assert first["woningen"] == 2 and first["aantal_verblijfsobjecten"] == 3
    assert first["oppervlakte_m2"] == 275 and first["oppervlakte_max"] == 120
    assert pd.isna(out.loc["0221100000000002", "gebruiksdoel"])
    assert out.loc["0221100000000002", "woningen"] == 0
