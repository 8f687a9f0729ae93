import errno
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from transitieatlas.errors import InputError, StoreWriteError
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.store.opendata import dataset_id, open_store


def _areas(codes, year=2024, size=100.0):
    return gpd.GeoDataFrame(
        {
            "code": codes,
            "name": [f"Buurt {c}" for c in codes],
            "level": "buurt",
            "gemeente_code": "GM0080",
            "wijk_code": None,
            "year": year,
        },
        geometry=[box(i * size, 0, (i + 1) * size, size) for i in range(len(codes))],
        crs="EPSG:28992",
    )


def _figures(code, value, year=2024):
    return pd.DataFrame(
        {
            "code": [code],
            "year": [year],
            "indicator": ["inwoners"],
            "value": [value],
            "unit": ["aantal"],
            "source": ["test"],
        }
    )


PROV = Provenance("Testbron", "T1", 2024, licence="Bron: test")


def test_write_and_read_back():
    store = open_store()
    assert store.is_empty()
    store.write(
        ImportBatch()
        .add("areas", _areas(["BU1", "BU2"]), PROV)
        .add("figures", _figures("BU1", np.nan), PROV)
    )
    areas = store.areas(level="buurt", gemeente="GM0080")
    assert list(areas["code"]) == ["BU1", "BU2"]
    assert areas.crs.to_epsg() == 28992
    assert areas.geometry.area.sum() == pytest.approx(20_000.0)
    figs = store.figures(codes=["BU1"])
    assert figs["value"].isna().all()  # missing stays missing, never zero
    assert store.provenance(areas["dataset"].iloc[0]).licence == "Bron: test"


def test_reimport_replaces_same_dataset():
    store = open_store()
    store.write(ImportBatch().add("figures", _figures("BU1", 10.0), PROV))
    store.write(ImportBatch().add("figures", _figures("BU1", 12.0), PROV))
    assert len(store.datasets()) == 1
    assert store.figures()["value"].tolist() == [12.0]
    files = list((store.root / "figures").glob("*.parquet"))
    assert len(files) == 1


def test_failed_write_leaves_store_unchanged():
    store = open_store()
    store.write(ImportBatch().add("areas", _areas(["BU1"]), PROV))
    before = [d.to_json() for d in store.datasets()]
    bad = _areas(["BU9", "BU9"])  # duplicate codes
    other = Provenance("Andere bron", "T2", 2024)
    with pytest.raises(InputError, match="dubbele gebiedscodes"):
        store.write(
            ImportBatch().add("figures", _figures("BU9", 1.0), other).add("areas", bad, other)
        )
    assert [d.to_json() for d in store.datasets()] == before
    assert len(list(store.root.rglob("*.parquet"))) == 1


def test_interrupted_write_removes_partial_files(monkeypatch):
    store = open_store()
    calls = {"n": 0}
    import transitieatlas.store.opendata as mod

    real = mod._to_parquet

    def flaky(frame, path):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        real(frame, path)

    monkeypatch.setattr(mod, "_to_parquet", flaky)
    with pytest.raises(KeyboardInterrupt):
        store.write(
            ImportBatch()
            .add("areas", _areas(["BU1"]), PROV)
            .add("figures", _figures("BU1", 1.0), PROV)
        )
    assert store.is_empty()
    assert not list(store.root.rglob("*.parquet"))


def test_latest_year_wins_per_code():
    store = open_store()
    store.write(
        ImportBatch().add("areas", _areas(["BU1"], year=2024, size=50), Provenance("A", "a", 2024))
    )
    store.write(
        ImportBatch().add("areas", _areas(["BU1"], year=2014, size=10), Provenance("B", "b", 2014))
    )
    assert store.areas()["year"].tolist() == [2024]
    assert store.areas(year=2015)["year"].tolist() == [2014]


def test_wrong_crs_refused():
    store = open_store()
    wgs = _areas(["BU1"]).set_crs("EPSG:4326", allow_override=True)
    with pytest.raises(InputError, match="RD New"):
        store.write(ImportBatch().add("areas", wgs, PROV))


def test_dataset_id_is_stable():
    assert dataset_id("figures", PROV) == "figures-testbron-t1-2024"


def test_old_division_not_mixed_with_new():
    """Buurten of 2014 that no longer exist must not show up beside the 2023 division."""
    store = open_store()
    store.write(
        ImportBatch().add(
            "areas", _areas(["BU1", "BU2", "BU3"], year=2014), Provenance("Oud", "o", 2014)
        )
    )
    store.write(
        ImportBatch().add(
            "areas", _areas(["BU1", "BU4"], year=2023), Provenance("Nieuw", "n", 2023)
        )
    )
    assert sorted(store.areas(level="buurt")["code"]) == ["BU1", "BU4"]
    assert sorted(store.areas(level="buurt", year=2020)["code"]) == ["BU1", "BU2", "BU3"]


def _disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_at_the_manifest_leaves_no_temporary_file(monkeypatch):
    store = open_store()
    store.write(ImportBatch().add("areas", _areas(["BU1"]), PROV))
    before = store.manifest_path.read_text(encoding="utf-8")
    monkeypatch.setattr(os, "fsync", _disk_full)
    other = Provenance("Andere bron", "T2", 2024)
    with pytest.raises(StoreWriteError, match="de schijf is vol") as caught:
        store.write(ImportBatch().add("areas", _areas(["BU2"]), other))
    assert len(str(caught.value).splitlines()) == 1
    assert store.manifest_path.read_text(encoding="utf-8") == before
    names = sorted(p.name for p in store.root.rglob("*") if p.is_file())
    assert [n for n in names if n.startswith(".manifest-") or n.endswith(".tmp")] == []
    assert len([n for n in names if n.endswith(".parquet")]) == 1


def test_full_disk_while_writing_data_leaves_no_temporary_file(monkeypatch):
    store = open_store()
    real = pd.DataFrame.to_parquet

    def half_then_full(frame, path, **kwargs):
        Path(path).write_bytes(b"PAR1 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", half_then_full)
    with pytest.raises(StoreWriteError, match="de schijf is vol"):
        store.write(ImportBatch().add("figures", _figures("BU1", 1.0), PROV))
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    assert store.is_empty()
    assert [p.name for p in store.root.rglob("*") if p.is_file() and p.suffix != ".lock"] == []


def test_full_disk_during_cli_import_is_one_dutch_line(monkeypatch, tmp_path, capsys):
    from transitieatlas.cli import main

    path = tmp_path / "buurten.geojson"
    areas = _areas(["BU00800001", "BU00800002"]).rename(
        columns={"code": "buurtcode", "name": "buurtnaam"}
    )
    areas.geometry = areas.geometry.translate(180_000, 580_000)  # Leeuwarden
    areas.to_file(path, driver="GeoJSON")
    monkeypatch.setattr(os, "fsync", _disk_full)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "transitieatlas: De lokale opslag kon niet worden bijgewerkt: de schijf is vol. "
        "Er is niets gewijzigd; maak ruimte vrij en probeer het opnieuw."
    ]
    assert open_store().is_empty()
