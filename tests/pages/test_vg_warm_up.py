"""The Vraaggroepen warm-up: what a gemeente's first visit needs is built in the background."""

from __future__ import annotations

import pytest

from transitieatlas import segmentation
from transitieatlas.maps import component, payload
from transitieatlas.pages import _vg_cache as cache
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

DELFT = "bag/delft_wippolder_sample/wippolder.gpkg"
DOESBURG = "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg"


@pytest.fixture
def store(_private_home, shared_data):
    importing.import_paths([shared_data / DELFT, shared_data / DOESBURG], open_store())
    return open_store()


def test_gemeenten_with_panden_most_first(store):
    # Doesburg's file also holds a few panden of its neighbours (ids 0299…, 1876…).
    found = segmentation.gemeenten_with_panden(store)
    assert found[-2:] == ["GM0503", "GM0221"]  # 59 and 7 393 panden: the small ones first
    assert set(found) - {"GM0221", "GM0503"} <= {"GM0299", "GM1876"}


def test_warm_up_fills_what_the_first_visit_asks_for(store):
    version = store.version()
    done = cache.warm_up(store, version)
    assert {"GM0221", "GM0503"} <= set(done)
    scheme = segmentation.default_scheme()
    # the page's first call for Doesburg gets the warm-up's object back, not a new one
    first = cache.segment(store, version, "GM0221", "pand", scheme.to_json(), ())
    assert first is cache.segment(store, version, "GM0221", "pand", scheme.to_json(), ())
    assert len(first.units) == 7393
    shapes, *_ = cache.map_layer(
        first, None, version, "GM0221", "pand", scheme.to_json(),
        tuple(g for g, _ in scheme.groups), (),
    )  # fmt: skip
    key = cache.geometry_key(version, "GM0221", "pand")
    digest = payload.geometry_hash(shapes, coverage=False, key=key)
    assert (component.geometry_dir() / f"{digest}.json").exists()


def test_warm_up_starts_once_per_store_version(store, shared_data, monkeypatch):
    assert cache.start_warm_up(store) is None  # switched off (tests/conftest.py)
    monkeypatch.setenv("TRANSITIEATLAS_WARM_UP", "1")
    thread = cache.start_warm_up(store)
    assert thread is not None
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert cache.start_warm_up(open_store()) is None  # same version: nothing to do
    importing.import_paths([shared_data / DELFT], open_store())  # a new import: new version
    again = cache.start_warm_up(open_store())
    assert again is not None
    again.join(timeout=120)


def test_the_page_opens_on_an_area_with_data(store):
    # No Leeuwarden in this store: the gemeente with the most panden, Doesburg.
    assert cache.default_area(store, store.version()) == "GM0221"
    assert cache.default_area(store, store.version(), "GM0503") == "GM0503"
