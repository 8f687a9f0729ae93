"""Tests of the database foundation: migrations, sessions and gebiedsafbakeningen."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from transitieatlas import db
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.db import gebieden
from transitieatlas.db.models import Base
from transitieatlas.errors import InputError, NotInStore


@pytest.fixture(autouse=True)
def temp_home(tmp_path, monkeypatch, db_backend):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    yield tmp_path / "home"
    db.dispose_all()


def test_init_db_creates_sqlite_file_in_home_at_head(temp_home, db_backend):
    if db_backend != "sqlite":
        pytest.skip("the SQLite file only exists on SQLite")
    db.init_db()
    assert (temp_home / "transitieatlas.sqlite").is_file()
    assert db.current_revision() == db.alembic_heads()[0]
    tables = set(inspect(db.get_engine()).get_table_names())
    assert {"gebiedsafbakening", "users", "actors", "actor_history", "alembic_version"} <= tables


def test_single_head_and_readable_revision_ids():
    heads = db.alembic_heads()
    assert len(heads) == 1
    assert heads[0][:4].isdigit() and "_" in heads[0]


def test_migrated_schema_matches_models():
    db.init_db()
    with db.get_engine().connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


ANNA = UserInfo("anna", "editor", 1)


def test_init_db_is_idempotent():
    db.init_db()
    db.init_db()
    assert db.current_revision() == db.alembic_heads()[0]


def test_save_list_load_delete_afbakening():
    new_id = gebieden.save_afbakening(
        " Oud-Oost ",
        ["BU00800101", "BU00800102", "BU00800101", " "],
        "GM0080",
        "ons gebied",
        user=ANNA,
    )
    assert isinstance(new_id, int)
    loaded = gebieden.load_afbakening("Oud-Oost")
    assert loaded["codes"] == ["BU00800101", "BU00800102"]
    assert loaded["gemeente_code"] == "GM0080"
    assert loaded["description"] == "ons gebied"
    # saving again under the same name replaces, keeps the id
    same_id = gebieden.save_afbakening("Oud-Oost", ["WK008001"], "GM0080", user=ANNA)
    assert same_id == new_id
    assert gebieden.load_afbakening("Oud-Oost")["codes"] == ["WK008001"]
    gebieden.save_afbakening("Aldlân", ["BU00800300"], "GM0080", user=ANNA)
    assert [a["name"] for a in gebieden.list_afbakeningen()] == ["Aldlân", "Oud-Oost"]
    gebieden.delete_afbakening("Oud-Oost", user=ANNA)
    assert [a["name"] for a in gebieden.list_afbakeningen()] == ["Aldlân"]
    with pytest.raises(NotInStore, match="Oud-Oost"):
        gebieden.load_afbakening("Oud-Oost")
    with pytest.raises(NotInStore):
        gebieden.delete_afbakening("Oud-Oost", user=ANNA)


def test_afbakening_input_errors_listed_together():
    with pytest.raises(InputError) as err:
        gebieden.save_afbakening("  ", [], "GM0080", user=ANNA)
    assert err.value.problems == ["de naam is leeg", "er zijn geen buurten of wijken gekozen"]
    assert gebieden.list_afbakeningen() == []


def test_session_scope_rolls_back_on_error():
    with pytest.raises(RuntimeError), db.session_scope() as session:
        gebieden.save_afbakening("Weg", ["BU1"], "GM0080", user=ANNA, session=session)
        raise RuntimeError("boom")
    assert gebieden.list_afbakeningen() == []


def test_saved_gebied_needs_an_account_and_only_owner_or_editor_may_change_it():
    from transitieatlas.errors import PermissionDenied

    kees = UserInfo("kees", "viewer", 7)
    with pytest.raises(PermissionDenied, match="Log in"):
        gebieden.save_afbakening("Wirdum", ["BU1"], "GM0080", user=None)
    gebieden.save_afbakening("Wirdum", ["BU1"], "GM0080", user=kees)
    assert gebieden.load_afbakening("Wirdum")["owner"] == "kees"
    gebieden.save_afbakening("Wirdum", ["BU1", "BU2"], "GM0080", user=kees)  # the owner
    other = UserInfo("piet", "viewer", 8)
    with pytest.raises(PermissionDenied, match="van iemand anders"):
        gebieden.save_afbakening("Wirdum", ["BU9"], "GM0080", user=other)
    with pytest.raises(PermissionDenied, match="Alleen de maker"):
        gebieden.delete_afbakening("Wirdum", user=other)
    with pytest.raises(PermissionDenied):
        gebieden.delete_afbakening("Wirdum", user=None)
    assert gebieden.load_afbakening("Wirdum")["codes"] == ["BU1", "BU2"]
    gebieden.save_afbakening("Wirdum", ["BU3"], "GM0080", user=ANNA)  # an editor may
    assert gebieden.load_afbakening("Wirdum")["owner"] == "kees"
    gebieden.delete_afbakening("Wirdum", user=ANNA)
    assert gebieden.list_afbakeningen() == []


def test_saved_gebied_length_limits():
    with pytest.raises(InputError) as err:
        gebieden.save_afbakening(
            "N" * 101,
            ["BU1"] * 2 + [f"BU{i}" for i in range(5001)],
            "GM0080",
            "d" * 2001,
            user=ANNA,
        )
    assert err.value.problems == [
        "de naam is langer dan 100 tekens",
        "meer dan 5000 buurten of wijken",
        "de toelichting is langer dan 2000 tekens",
    ]
    assert gebieden.list_afbakeningen() == []


def test_disk_full_during_a_write_gives_a_dutch_line_and_writes_nothing(db_backend):
    """SQLite's own SQLITE_FULL (max_page_count reached), as on a full disk."""
    if db_backend != "sqlite":
        pytest.skip("SQLite's page limit stands in for a full disk")
    from sqlalchemy import event

    from transitieatlas.actors import repo
    from transitieatlas.errors import StorageFull

    repo.submit_actor({"name": "Eerste", "geleding": "burgers"})
    engine = db.get_engine()
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    def _cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    event.listen(engine, "connect", _cap)
    try:
        with pytest.raises(StorageFull, match="vol: er is niets opgeslagen"):
            repo.submit_actor({"name": "Tweede", "geleding": "kennis", "description": "x" * 5000})
    finally:
        event.remove(engine, "connect", _cap)
        engine.dispose()
    names = [a.name for a in repo.list_actors(UserInfo("anna", "editor"))]
    assert names == ["Eerste"]
