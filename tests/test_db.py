"""Tests of the database foundation: migrations, sessions and gebiedsafbakeningen."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from transitieatlas import db
from transitieatlas.db import gebieden
from transitieatlas.db.models import Base
from transitieatlas.errors import InputError, NotInStore


@pytest.fixture(autouse=True)
def temp_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TRANSITIEATLAS_DB_URL", raising=False)
    yield tmp_path / "home"
    db.dispose_all()


def test_init_db_creates_sqlite_file_in_home_at_head(temp_home):
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


def test_init_db_is_idempotent():
    db.init_db()
    db.init_db()
    assert db.current_revision() == db.alembic_heads()[0]


def test_save_list_load_delete_afbakening():
    new_id = gebieden.save_afbakening(
        " Oud-Oost ", ["BU00800101", "BU00800102", "BU00800101", " "], "GM0080", "ons gebied"
    )
    assert isinstance(new_id, int)
    loaded = gebieden.load_afbakening("Oud-Oost")
    assert loaded["codes"] == ["BU00800101", "BU00800102"]
    assert loaded["gemeente_code"] == "GM0080"
    assert loaded["description"] == "ons gebied"
    # saving again under the same name replaces, keeps the id
    same_id = gebieden.save_afbakening("Oud-Oost", ["WK008001"], "GM0080")
    assert same_id == new_id
    assert gebieden.load_afbakening("Oud-Oost")["codes"] == ["WK008001"]
    gebieden.save_afbakening("Aldlân", ["BU00800300"], "GM0080")
    assert [a["name"] for a in gebieden.list_afbakeningen()] == ["Aldlân", "Oud-Oost"]
    gebieden.delete_afbakening("Oud-Oost")
    assert [a["name"] for a in gebieden.list_afbakeningen()] == ["Aldlân"]
    with pytest.raises(NotInStore, match="Oud-Oost"):
        gebieden.load_afbakening("Oud-Oost")
    with pytest.raises(NotInStore):
        gebieden.delete_afbakening("Oud-Oost")


def test_afbakening_input_errors_listed_together():
    with pytest.raises(InputError) as err:
        gebieden.save_afbakening("  ", [], "GM0080")
    assert err.value.problems == ["de naam is leeg", "er zijn geen buurten of wijken gekozen"]
    assert gebieden.list_afbakeningen() == []


def test_session_scope_rolls_back_on_error():
    with pytest.raises(RuntimeError), db.session_scope() as session:
        gebieden.save_afbakening("Weg", ["BU1"], "GM0080", session=session)
        raise RuntimeError("boom")
    assert gebieden.list_afbakeningen() == []
