"""PBL heat sources (MT-bronnen) as the canonical heat-sources frame, and the store's checks."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

from transitieatlas.errors import InputError
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.sources.heatsources import read_heat_sources
from transitieatlas.store.opendata import open_store


def _feature(nr, x, y, lonlat, **props):
    base = {"nr": nr, "X": x, "Y": y, "bron_naam": f"bron {nr}", "type_bron": None,
            "MWcapaciteit": None, "capfactor": None, "volfactor": None, "status": "Optie B",
            "Brontemperatuur": None}  # fmt: skip
    base.update(props)
    geometry = {"type": "Point", "coordinates": list(lonlat)} if lonlat else None
    return {"type": "Feature", "properties": base, "geometry": geometry}


def _write(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_reader_keeps_rd_coordinates_and_unknowns_as_nan(tmp_path):
    # Amersfoort's RD origin (155 000, 463 000) is 5.38720621 E, 52.15517440 N.
    path = _write(tmp_path / "bronnen.geojson", [
        _feature(1, 155000.0, 463000.0, (5.38720621, 52.15517440), type_bron=" Industrie ",
                 MWcapaciteit=2.5, capfactor=0.5, Brontemperatuur=80),
        _feature(2, 155100.0, 463000.0, (5.38720621, 52.15517440), MWcapaciteit=0),  # 100 m off
        _feature(3, None, None, None, bron_naam="zonder plek"),
    ])  # fmt: skip
    frame, notes = read_heat_sources(path)
    assert frame["id"].tolist() == ["1", "2"] and frame.crs.to_epsg() == 28992
    assert [(p.x, p.y) for p in frame.geometry] == [(155000.0, 463000.0), (155100.0, 463000.0)]
    assert frame["type_bron"].tolist() == ["Industrie", None]
    assert frame["vermogen_mw"].tolist() == [2.5, 0.0]  # a stated 0 MW stays 0
    assert frame["capfactor"].iloc[0] == 0.5 and np.isnan(frame["capfactor"].iloc[1])
    assert frame["temperatuur_c"].iloc[0] == 80.0 and np.isnan(frame["volfactor"]).all()
    assert "1 bronnen zonder X/Y-coördinaten niet opgenomen" in notes
    assert any(n.startswith("1 bronnen waarvan de kaartpunt meer dan 50 m") for n in notes)
    assert "0 van 2 bronnen zonder vermogen (MW), 1 zonder type" in notes


def test_reader_refuses_other_files_in_dutch(tmp_path):
    with pytest.raises(InputError, match="geen warmtebronnenbestand"):
        read_heat_sources(
            _write(
                tmp_path / "a.geojson",
                [{"type": "Feature", "properties": {"naam": "x"}, "geometry": None}],
            )
        )
    (tmp_path / "b.geojson").write_text('{"type": "FeatureCollection", "feat')
    with pytest.raises(InputError, match="afgebroken of beschadigd"):
        read_heat_sources(tmp_path / "b.geojson")
    with pytest.raises(InputError, match="geen enkele warmtebron"):
        read_heat_sources(_write(tmp_path / "c.geojson", []))


def test_store_refuses_heat_sources_that_are_not_rd_points(tmp_path):
    store = open_store(tmp_path / "store")
    columns = {"id": ["1"], "naam": ["a"], "type_bron": [None], "vermogen_mw": [1.0],
               "capfactor": [np.nan], "volfactor": [np.nan], "temperatuur_c": [np.nan],
               "status": ["Optie B"]}  # fmt: skip
    square = gpd.GeoDataFrame(columns, geometry=[shapely.box(0, 0, 1, 1)], crs="EPSG:28992")
    wgs = gpd.GeoDataFrame(columns, geometry=[shapely.Point(5, 52)], crs="EPSG:4326")
    prov = Provenance("test", "t", None)
    with pytest.raises(InputError) as err:
        store.write(ImportBatch().add("heat_sources", square, prov).add("heat_sources", wgs, prov))
    assert "moeten punten zijn" in str(err.value.problems) and "RD New" in str(err.value.problems)
    assert store.heat_sources().empty and store.is_empty()
    good = gpd.GeoDataFrame(columns, geometry=[shapely.Point(155000, 463000)], crs="EPSG:28992")
    store.write(ImportBatch().add("heat_sources", good, prov))
    assert store.heat_sources()["vermogen_mw"].tolist() == [1.0]
