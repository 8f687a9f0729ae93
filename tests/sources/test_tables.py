"""Key-figure tables: column mappings, key matching, the Zwolle XLSX exports and bad input."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from transitieatlas import config
from transitieatlas.errors import InputError
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.indicators import load_indicators
from transitieatlas.sources import mirror, tables
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

FIXTURES = Path(__file__).parents[1] / "fixtures" / "files"
MIRROR = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ZWOLLE = MIRROR / "regional" / "zwolle_energy_transition"
needs_mirror = pytest.mark.skipif(not MIRROR.is_dir(), reason="../shared/data not present")


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    return open_store()


def _areas(codes: list[str], names: list[str], gemeente: str) -> gpd.GeoDataFrame:
    boxes = [shapely.box(i * 100, 400_000, i * 100 + 100, 400_100) for i in range(len(codes))]
    return gpd.GeoDataFrame(
        {"code": codes, "name": names, "level": "buurt", "gemeente_code": gemeente,
         "wijk_code": None, "year": 2023},
        geometry=boxes, crs="EPSG:28992",
    )  # fmt: skip


@pytest.fixture
def two_buurten(store):
    areas = _areas(["BU00800001", "BU00800002"], ["Oldegalileën", "De Vliet-Noord"], "GM0080")
    store.write(ImportBatch().add("areas", areas, Provenance("test", "t", 2023)))
    return store


# -- pure helpers ------------------------------------------------------------------------
def test_header_key_and_name_normalisation():
    assert tables.header_key("CO₂-uitstoot Woningen (elektriciteit) [kton]") == (
        "co2_uitstoot_woningen_elektriciteit_kton"
    )
    assert tables.header_key("co2-uitstoot_woningen_(elektriciteit)_[kton]") == (
        "co2_uitstoot_woningen_elektriciteit_kton"
    )
    assert tables.normalise_name("Aa-landen-Zuid") == tables.normalise_name("aa landen zuid")
    assert tables.normalise_name("Barrahûs") == "barrahus"


def test_numeric_reads_dutch_numbers_and_missing_codes():
    values = tables.numeric(pd.Series(["1,5", "1.234,5", "?", "", "-99997", "12", "x", None]))
    expected = [1.5, 1234.5, np.nan, np.nan, np.nan, 12.0, np.nan, np.nan]
    np.testing.assert_array_equal(values.to_numpy(), np.array(expected))
    numbers = tables.numeric(pd.Series([5, -99999999, -3]))
    np.testing.assert_array_equal(numbers.to_numpy(), [5.0, np.nan, -3.0])


def test_year_from_text():
    assert tables.year_from_text("Thema's - 2015 - Buurten (2023) van Gemeente Zwolle") == 2015
    assert tables.year_from_text("buurten.csv") is None


def test_every_column_mapping_is_well_formed():
    registry = load_indicators()
    sources = tables.available_sources()
    assert {"zwolle_klimaatmonitor", "cbs_vierkant100m", "friesland_warmtekaart"} <= set(sources)
    for source in sources:
        path = config.REFERENCE_DIR / "column_mappings" / f"{source}.csv"
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert list(rows[0]) == list(tables.MAPPING_COLUMNS), source
        for row in rows:
            if not row["indicator"]:
                continue
            assert row["unit"], (source, row)
            float(row["factor"])
            if row["indicator"] in registry:  # a stable name keeps the registry's unit
                assert registry[row["indicator"]].unit == row["unit"], (source, row)


# -- code- and name-keyed tables ---------------------------------------------------------
def test_code_keyed_csv_with_semicolons_and_decimal_commas(two_buurten, tmp_path):
    path = tmp_path / "kerncijfers_2022.csv"
    path.write_text(
        "buurtcode;aantal_inwoners;Gemiddelde huishoudsgrootte;opmerking\n"
        "BU00800001;1.250;2,1;a\nBU00800002;-99997;1,8;b\nBU99990000;5;1;c\n",
        encoding="utf-8",
    )
    result = tables.import_table(path, two_buurten, source="cbs_wijkenbuurtenkaart")
    figures = result.figures.set_index(["code", "indicator"])["value"]
    assert figures[("BU00800001", "inwoners")] == 1250
    assert np.isnan(figures[("BU00800002", "inwoners")])
    assert figures[("BU00800002", "gem_huishoudensgrootte")] == pytest.approx(1.8)
    assert set(result.figures["year"]) == {2022}  # from the file name
    assert result.unmapped == ["opmerking"]
    assert result.unmatched_keys == ["BU99990000"]


def test_name_keyed_table_matches_within_the_gemeente(two_buurten, tmp_path):
    path = tmp_path / "energie.csv"
    path.write_text(
        "buurt,jaar,Aardgasverbruik woningen [miljoen m3]\n"
        "OLDEGALILEEN,2021,1.5\nde vliet noord,2021,0.5\nNergenshuizen,2021,9\n",
        encoding="utf-8",
    )
    result = tables.import_table(path, two_buurten)  # mapping chosen by its headers
    by_code = result.figures.set_index("code")["value"]
    assert by_code["BU00800001"] == 1.5 and by_code["BU00800002"] == 0.5
    assert set(result.figures["indicator"]) == {"aardgas_woningen_mln_m3"}
    assert result.unmatched_keys == ["Nergenshuizen"]


def test_csv_whose_codes_match_no_area_leaves_store_unchanged(two_buurten, tmp_path):
    before = [d.id for d in two_buurten.datasets()]
    path = tmp_path / "no_matching_code.csv"
    shutil.copy(FIXTURES / "no_matching_code.csv", path)
    with pytest.raises(InputError, match="no_matching_code.csv: geen enkele code"):
        importing.import_paths([path], two_buurten)
    assert [d.id for d in two_buurten.datasets()] == before


def test_xlsx_without_code_or_name_column_leaves_store_unchanged(two_buurten, tmp_path):
    before = [d.id for d in two_buurten.datasets()]
    path = tmp_path / "no_key_column.xlsx"
    shutil.copy(FIXTURES / "no_key_column.xlsx", path)
    with pytest.raises(InputError, match="no_key_column.xlsx: geen kolom met gebiedscodes"):
        importing.import_paths([path], two_buurten)
    assert [d.id for d in two_buurten.datasets()] == before


def test_table_without_year_asks_for_one(two_buurten, tmp_path):
    path = tmp_path / "cijfers.csv"
    path.write_text("buurtcode,aantal_inwoners\nBU00800001,10\n", encoding="utf-8")
    with pytest.raises(InputError, match="geen jaar gevonden"):
        tables.import_table(path, two_buurten, source="cbs_wijkenbuurtenkaart")
    result = tables.import_table(path, two_buurten, source="cbs_wijkenbuurtenkaart", year=2020)
    assert list(result.figures["year"]) == [2020]


# -- the real Zwolle Klimaatmonitor exports ----------------------------------------------
@pytest.fixture
def zwolle_store(store):
    ctx = mirror.Context(known=store, root=MIRROR)
    path = ZWOLLE / "energy_buurt_mapped" / "energy_buurt_2023_mapped.geojson"
    store.write(mirror.zwolle.import_zwolle_geojson(path, ctx).batch)
    return store


@needs_mirror
def test_zwolle_themas_xlsx_2015(zwolle_store):
    path = ZWOLLE / "raw_themas_xlsx" / "themas_2015_buurten2023_zwolle.xlsx"
    result = tables.import_table(
        path, zwolle_store, source="zwolle_klimaatmonitor", gemeente="GM0193"
    )
    figures = result.figures
    assert set(figures["year"]) == {2015}  # from the title row
    assert figures["code"].nunique() == 78
    assert figures["indicator"].nunique() == 20
    assert result.unmapped == []
    value = figures.set_index(["code", "indicator"])["value"]
    assert value[("GM0193-0100", "aardgas_woningen_tj")] == 55  # Binnenstad-Zuid
    assert value[("GM0193-0100", "gem_inkomen_inwoner")] == pytest.approx(32.1)  # € 32 100
    assert np.isnan(value[("GM0193-0100", "pv_installaties_woningen")])  # '' in 2015
    units = figures.drop_duplicates("indicator").set_index("indicator")["unit"]
    assert units["aardgas_woningen_tj"] == "TJ" and units["pct_woningen_met_pv"] == "%"


@needs_mirror
def test_zwolle_themas_xlsx_2023_question_marks_are_missing(zwolle_store):
    path = ZWOLLE / "raw_themas_xlsx" / "themas_2023_buurten2023_zwolle.xlsx"
    result = tables.import_table(path, zwolle_store, source="zwolle_klimaatmonitor")
    frame, _ = tables.read_table(path)
    question_marks = int((frame["Gemiddeld inkomen per inwoner [€]"] == "?").sum())
    assert question_marks > 0
    income = result.figures[result.figures["indicator"] == "gem_inkomen_inwoner"]
    assert len(income) == 78
    assert int(income["value"].isna().sum()) == question_marks  # '?' = Ontbreekt
    value = result.figures.set_index(["code", "indicator"])["value"]
    assert np.isnan(value[("GM0193-0100", "gem_inkomen_inwoner")])
    assert value[("GM0193-0100", "woningen_gasverwarmd")] == 1253


@needs_mirror
def test_utrecht_rows_969_buurten_19_without_gas(store):
    ctx = mirror.Context(known=store, root=MIRROR)
    path = MIRROR / "cbs" / "kwb_buurt_rows" / "utrecht_provincie_2020" / "buurten.csv"
    result = mirror.cbs.import_utrecht_rows(path, ctx)
    ((_, figures, prov),) = result.batch.items
    gas = figures[figures["indicator"] == "gem_aardgas_woning"]
    assert gas["code"].nunique() == 969
    assert int(gas["value"].isna().sum()) == 19
    assert prov.year == 2020 and "waarschijnlijk 2020" in prov.note
    assert result.unmapped == []
    woz = figures.set_index(["code", "indicator"])["value"][("BU03070100", "gem_woz_woning")]
    assert woz == 335.0


def test_cli_import_prints_unmapped_columns(two_buurten, tmp_path, capsys):
    from transitieatlas.cli import main

    path = tmp_path / "wijkraad_telling.csv"
    path.write_text(
        "buurtcode,aantal_inwoners,fietsenstallingen\nBU00800001,10,3\nBU00800002,20,4\n",
        encoding="utf-8",
    )
    code = main(["import", str(path), "--source", "cbs_wijkenbuurtenkaart", "--year", "2023"])
    out = capsys.readouterr().out
    assert code == 0
    assert "niet gekoppelde kolommen: fietsenstallingen" in out
    figures = open_store().figures(indicators=["inwoners"], year=2023)
    assert figures.set_index("code")["value"].to_dict() == {"BU00800001": 10, "BU00800002": 20}


def test_csv_whose_names_match_no_area_leaves_store_unchanged(two_buurten, tmp_path):
    before = [d.id for d in two_buurten.datasets()]
    path = tmp_path / "buurtnamen_2021.csv"
    path.write_text("buurtnaam,aantal_inwoners\nAtlantis,10\nNergenshuizen,20\n", encoding="utf-8")
    with pytest.raises(
        InputError, match="buurtnamen_2021.csv: geen enkele naam in kolom 'buurtnaam'"
    ):
        importing.import_paths([path], two_buurten)
    assert [d.id for d in two_buurten.datasets()] == before


@needs_mirror
def test_percent_formatted_xlsx_cells_become_percent(store):
    """Excel shows 0.08 formatted as '#0%' as 8 %; the figure must be stored as 8, not 0.08."""
    ctx = mirror.Context(known=store, root=MIRROR)
    geojson = ZWOLLE / "energy_buurt_mapped" / "energy_buurt_2020_mapped.geojson"
    store.write(mirror.zwolle.import_zwolle_geojson(geojson, ctx).batch)
    path = ZWOLLE / "raw_themas_xlsx" / "themas_2020_buurten2023_zwolle.xlsx"
    result = tables.import_table(path, store, source="zwolle_klimaatmonitor", gemeente="GM0193")
    xlsx = result.figures.set_index(["code", "indicator"])["value"]
    assert xlsx[("GM0193-0100", "pct_woningen_met_pv")] == pytest.approx(8.0)
    assert 0 <= result.figures.query("indicator == 'pct_woningen_met_pv'")["value"].max() <= 100
