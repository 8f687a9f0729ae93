"""Import refuses or reports what it used to accept silently (issue 9.5, 9.6, 9.15)."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest
from openpyxl import Workbook

from transitieatlas.cli import main
from transitieatlas.errors import InputError
from transitieatlas.sources import files, tables
from transitieatlas.store import importing as mirror
from transitieatlas.store.opendata import ImportBatch, Provenance, open_store

UTRECHT_LONLAT = (5.12, 52.09)


def _feature(code, name, coords):
    geometry = None if coords is None else {"type": "Polygon", "coordinates": [coords]}
    return {
        "type": "Feature",
        "properties": {"buurtcode": code, "buurtnaam": name},
        "geometry": geometry,
    }


def _square(x, y, d=0.001):
    return [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]


def _write_geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


# -- 5: bounds, duplicates, no geometry, formulas -------------------------------------------
def test_swapped_lon_lat_is_refused(tmp_path):
    lon, lat = UTRECHT_LONLAT
    path = _write_geojson(
        tmp_path / "verwisseld.geojson", [_feature("BU03440111", "A", _square(lat, lon))]
    )
    with pytest.raises(InputError, match="buiten Nederland") as caught:
        files.read_geodata(path)
    assert "lengte- en breedtegraad verwisseld" in str(caught.value)
    assert len(str(caught.value).splitlines()) == 1


def test_coordinates_in_the_netherlands_are_accepted(tmp_path):
    lon, lat = UTRECHT_LONLAT
    path = _write_geojson(
        tmp_path / "goed.geojson", [_feature("BU03440111", "A", _square(lon, lat))]
    )
    frame = files.read_geodata(path)
    x, y = frame.geometry.iloc[0].centroid.coords[0]
    assert 130_000 < x < 140_000 and 450_000 < y < 460_000


def test_duplicate_codes_are_reported(tmp_path):
    lon, lat = UTRECHT_LONLAT
    path = _write_geojson(
        tmp_path / "dubbel.geojson",
        [
            _feature("BU03440111", "Eerste", _square(lon, lat)),
            _feature("BU03440111", "Tweede", _square(lon + 0.01, lat)),
            _feature("BU03440112", "Derde", _square(lon + 0.02, lat)),
        ],
    )
    [summary] = mirror.import_paths([path], open_store())
    assert any("dubbele gebiedscode" in w and "BU03440111" in w for w in summary.warnings)
    areas = open_store().areas(level="buurt")
    assert sorted(areas["code"]) == ["BU03440111", "BU03440112"]


def test_file_without_usable_geometry_is_refused(tmp_path):
    path = _write_geojson(
        tmp_path / "leeg.geojson",
        [_feature("BU03440111", "A", None), _feature("BU03440112", "B", None)],
    )
    with pytest.raises(InputError, match="geen enkel object met bruikbare geometrie"):
        mirror.import_paths([path], open_store())
    assert open_store().is_empty()


def _figures_store():
    figures = pd.DataFrame(
        {"code": ["BU03440111"], "year": [2020], "indicator": ["woningvoorraad"],
         "value": [910.0], "unit": ["aantal"], "source": ["eerder"]}
    )  # fmt: skip
    open_store().write(ImportBatch().add("figures", figures, Provenance("eerder", "e", 2020)))


def test_xlsx_formulas_without_cached_values_are_refused(tmp_path):
    _figures_store()
    book = Workbook()
    sheet = book.active
    sheet.append(["gwb_code", "woningvoorraad", "jaar"])
    sheet.append(["BU03440111", "=400+510", 2020])
    sheet.append(["BU03440112", 300, 2020])
    path = tmp_path / "formules.xlsx"
    book.save(path)  # openpyxl stores formulas without a computed value
    with pytest.raises(InputError, match="formule") as caught:
        tables.read_table(path)
    assert "B2" in str(caught.value)
    assert open_store().figures()["value"].tolist() == [910.0]


# -- 15: a row with more fields than its header ----------------------------------------------
def test_csv_row_with_too_many_fields_is_named(tmp_path):
    header = "buurt_code,a,b,c,d,e,f,g"
    good = "BU03440111,1,2,3,4,5,6,7"
    lines = [header, good, good, good, "BU03440112,1,2,3,4,5,6,7,8", good]
    path = tmp_path / "scheef.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        tables.read_table(path)
    assert "rij 5 heeft 9 velden, de kop 8" in str(caught.value)


# -- 6: limits ------------------------------------------------------------------------------
def test_gzip_bomb_is_refused_without_unpacking_it(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_JSON_BYTES", 1_000_000)
    path = tmp_path / "bom.json.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(b'{"type": "FeatureCollection", "features": [], "x": "')
        handle.write(b" " * 5_000_000)
        handle.write(b'"}')
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="groter dan 1 MB uitgepakt"):
        files.read_geodata(path)


def test_oversized_csv_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 100_000)
    path = tmp_path / "groot.csv"
    row = "BU03440111," + ",".join(["1"] * 20) + "\n"
    path.write_text("buurt_code," + ",".join(f"k{i}" for i in range(20)) + "\n" + row * 3000)
    with pytest.raises(InputError, match="groter dan 0,1 MB"):
        tables.read_table(path)


def test_limits_are_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "grenzen.md").read_text(encoding="utf-8")
    assert f"{files.MAX_JSON_BYTES // 1_000_000} MB" in doc
    assert f"{tables.MAX_TABLE_BYTES // 1_000_000} MB" in doc
    assert f"{files.MAX_GEODATA_BYTES // 1_000_000} MB" in doc


def test_cli_reports_one_dutch_line(tmp_path, capsys):
    lon, lat = UTRECHT_LONLAT
    path = _write_geojson(
        tmp_path / "verwisseld.geojson", [_feature("BU03440111", "A", _square(lat, lon))]
    )
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("transitieatlas: verwisseld.geojson:")
    assert open_store().is_empty()


def test_real_gzipped_geojson_below_the_limit_is_read(shared_data):
    path = shared_data / "regional/friesland_warmtekaart/koopwoningen_frl.geojson.gz"
    assert path.stat().st_size * files.GZIP_MAX_RATIO > files.MAX_JSON_BYTES  # counted
    assert files.unpacked_size(path, files.MAX_JSON_BYTES) > path.stat().st_size
    assert len(files.read_geodata(path)) == 931
