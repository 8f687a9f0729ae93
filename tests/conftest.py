"""Shared fixtures: a private TRANSITIEATLAS_HOME per test and the path of the real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from transitieatlas import config

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own empty home folder, so no test touches a developer's store."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(home))
    monkeypatch.delenv("TRANSITIEATLAS_DB_URL", raising=False)
    return home


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real open data beside the checkout (../shared/data); skip when absent."""
    path = config.mirror_dir() or SHARED_DATA
    if not path.is_dir():
        pytest.skip("../shared/data ontbreekt")
    return path
