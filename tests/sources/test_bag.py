"""BAG files: the official LV BAG extract of Doesburg, the GeoPackage derived from it, Delft."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from transitieatlas.cli import main
from transitieatlas.errors import InputError
from transitieatlas.sources import bag, bag_units
from transitieatlas.store.opendata import open_store

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def vbo_zip():
    """The real LV BAG VBO extract of Doesburg (2 units), see tests/fixtures/bag/README.md."""
    return FIXTURES / "bag" / "9999VBO15092020.zip"


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
    out = bag_units.fill_from_units(panden, units).set_index("id")
    first = out.loc["0221100000000001"]
    assert first["gebruiksdoel"] == "kantoorfunctie,winkelfunctie,woonfunctie"
    assert first["woningen"] == 2 and first["aantal_verblijfsobjecten"] == 3
    assert first["oppervlakte_m2"] == 275 and first["oppervlakte_max"] == 120
    assert pd.isna(out.loc["0221100000000002", "gebruiksdoel"])
    assert pd.isna(out.loc["0221100000000002", "woningen"])  # unknown, not zero


# -- verblijfsobjecten ------------------------------------------------------------------------
def test_the_real_doesburg_vbo_extract_gives_its_two_current_units(vbo_zip):
    read = bag.read_bag(vbo_zip, gemeente="GM0221")
    assert read.buildings.empty and read.units_read == 5  # voorkomens with history
    units = read.units.set_index("id")
    assert len(units) == 2
    house = units.loc["0221010000330226"]  # 4 voorkomens: 306, 315, 223, 223 m²; the last counts
    assert house["oppervlakte"] == 223 and house["status"] == "Verbouwing verblijfsobject"
    assert house["gebruiksdoel"] == "woonfunctie" and house["pand_id"] == "0221100000312938"
    other = units.loc["0221010000330999"]
    assert (other["gebruiksdoel"], other["oppervlakte"]) == ("overige gebruiksfunctie", 18)
    assert other["pand_id"] == "0221100000311191"
    assert house.geometry.equals(shapely.Point(206335.699, 447529.842))
    assert "3 niet-actuele voorkomens" in read.notes[0]


def test_a_vbo_file_of_another_gemeente_is_refused(vbo_zip, tmp_path, monkeypatch, capsys):
    with pytest.raises(InputError, match="hoort bij gemeente GM0221, niet bij GM0503 .0% van de "
                       "verblijfsobjecten"):  # fmt: skip
        bag.read_bag(vbo_zip, gemeente="GM0503")
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path))
    assert main(["bag", "import", str(vbo_zip), "--gemeente", "GM0503"]) == 1
    assert "GM0221" in capsys.readouterr().err and open_store().is_empty()


def test_a_geojson_and_a_geopackage_of_vbos_in_the_pdok_schema(vbo_zip, shared_data, tmp_path):
    units = bag.read_bag(vbo_zip).units
    pdok = units.rename(columns={"id": "identificatie", "pand_id": "pand_identificatie"})
    pdok["identificatie"] = pdok["identificatie"].astype("int64")  # as a number, zero lost
    pdok.to_file(tmp_path / "vbo.geojson", driver="GeoJSON")
    read = bag.read_bag(tmp_path / "vbo.geojson", gemeente="GM0221")
    assert read.buildings.empty
    assert read.units.drop(columns="geometry").equals(units.drop(columns="geometry"))
    # the BAG GeoPackage of PDOK: layers pand and verblijfsobject in one file
    panden = gpd.read_file(shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg")
    gpkg = tmp_path / "bag.gpkg"
    panden.to_file(gpkg, layer="pand")
    pdok.to_file(gpkg, layer="verblijfsobject")
    both = bag.read_bag(gpkg, gemeente="GM0221")
    assert len(both.buildings) == 7_395 and len(both.units) == 2
    filled = both.buildings.set_index("id")
    assert filled.loc["0221100000312938", "gebruiksdoel"] == "woonfunctie"
    assert filled.loc["0221100000312938", "oppervlakte_m2"] == 223
    assert int(filled["gebruiksdoel"].notna().sum()) == 2


def test_bag_import_stores_vbos_beside_panden_and_panden_get_their_use(
    vbo_zip, shared_data, tmp_path, monkeypatch, capsys
):
    from transitieatlas.heat import service as heat_service

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path))
    gpkg = shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg"
    assert main(["bag", "import", str(gpkg)]) == 0
    assert main(["bag", "import", str(vbo_zip), "--gemeente", "GM0221"]) == 0
    assert "ok  9999VBO15092020.zip: 2 verblijfsobjecten" in capsys.readouterr().out
    store = open_store()
    assert len(store.buildings()) == 7_395 and len(store.units()) == 2
    assert {i.kind for i in store.datasets()} == {"buildings", "units"}
    panden = heat_service.buildings_with_labels(store).set_index("id")
    house = panden.loc["0221100000312938"]
    assert house["gebruiksdoel"] == "woonfunctie" and house["aantal_verblijfsobjecten"] == 1
    assert house["oppervlakte_min"] == house["oppervlakte_max"] == house["oppervlakte_m2"] == 223
    assert panden.loc["0221100000311191", "gebruiksdoel"] == "overige gebruiksfunctie"
    assert int(panden["gebruiksdoel"].notna().sum()) == 2
    # importing the same file again replaces its VBOs, it does not add them twice
    assert main(["bag", "import", str(vbo_zip)]) == 0
    assert len(open_store().units()) == 2
