import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from transitieatlas.errors import InputError
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
