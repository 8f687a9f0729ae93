"""Shared fixtures: a private TRANSITIEATLAS_HOME per test and the path of the real data."""

from __future__ import annotations

import os
import uuid
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
    # The app's background warm-up (pages/_vg_cache.py) is tested on its own; elsewhere it
    # would only add CPU to every page test whose store holds panden.
    monkeypatch.setenv("TRANSITIEATLAS_WARM_UP", "0")
    return home


@pytest.fixture(autouse=True)
def _cheap_scrypt(request, monkeypatch):
    """Hash passwords with scrypt N=2^10 in tests (N=2^17 costs 0.3-3 s a hash on a busy
    2-core machine); tests marked ``real_scrypt`` keep the production parameters."""
    from transitieatlas.accounts import auth

    monkeypatch.setattr(auth, "_dummy_hash", None)
    if request.node.get_closest_marker("real_scrypt") is None:
        monkeypatch.setitem(auth._SCRYPT, "n", 2**10)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real open data beside the checkout (../shared/data); skip when absent."""
    path = config.mirror_dir() or SHARED_DATA
    if not path.is_dir():
        pytest.skip("../shared/data ontbreekt")
    return path


# --- the database tests run on SQLite and, when CI provides one, on PostgreSQL -------------

DB_MODULES = {
    "test_actors_repo",
    "test_auth",
    "test_backup",
    "test_db",
    "test_rounds",
}
"""Test modules whose every test runs once per database backend."""


def pytest_generate_tests(metafunc) -> None:
    """Run the tests of :data:`DB_MODULES` on SQLite, and on PostgreSQL when
    ``TRANSITIEATLAS_TEST_PG_URL`` points at a server (``.ci/run`` starts one)."""
    if metafunc.module.__name__.rsplit(".", 1)[-1] not in DB_MODULES:
        return
    backends = ["sqlite"]
    if os.environ.get("TRANSITIEATLAS_TEST_PG_URL"):
        backends.append("postgres")
    metafunc.parametrize("db_backend", backends, indirect=True)


def _schema_url(base: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    return (
        make_url(base)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


@pytest.fixture(autouse=True)
def db_backend(request, _private_home, monkeypatch):
    """``sqlite`` (the default database under the private home) or ``postgres`` (a fresh
    schema on the server of ``TRANSITIEATLAS_TEST_PG_URL``, dropped afterwards)."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield backend
        return
    pytest.importorskip(
        "psycopg", reason="psycopg ontbreekt (pip install 'transitieatlas[postgres]')"
    )
    from sqlalchemy import create_engine, text

    from transitieatlas import db

    base = os.environ["TRANSITIEATLAS_TEST_PG_URL"]
    admin_engine = create_engine(base)
    made: list[str] = []

    def use_new_schema() -> str:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with admin_engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        made.append(schema)
        url = _schema_url(base, schema)
        monkeypatch.setenv("TRANSITIEATLAS_DB_URL", url)
        return url

    use_new_schema()
    request.node.use_new_schema = use_new_schema
    yield backend
    db.dispose_all()
    with admin_engine.begin() as conn:
        for schema in made:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin_engine.dispose()


@pytest.fixture
def fresh_database(request, db_backend, tmp_path, monkeypatch):
    """A function that points the tool at a new, empty database of the same backend."""

    def switch(name: str = "leeg") -> None:
        from transitieatlas import db

        db.dispose_all()
        if db_backend == "postgres":
            request.node.use_new_schema()
        else:
            monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / name))

    return switch
