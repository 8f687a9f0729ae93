"""The database layer against a real PostgreSQL server, when one is reachable.

Set ``TRANSITIEATLAS_TEST_PG_URL`` (e.g. ``postgresql+psycopg://user@127.0.0.1:5432/test``)
to run these; each test works in its own temporary schema, dropped afterwards.
Without the variable (the default, also in CI) the tests are skipped.
"""

from __future__ import annotations

import json
import os
import uuid

import pytest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.actors import model as d
from transitieatlas.actors import repo
from transitieatlas.actors.repo import ActorConflict
from transitieatlas.db import gebieden

pytestmark = pytest.mark.postgres

ADMIN = UserInfo("beheer", "admin")
ANNA = UserInfo("anna", "editor")
CSV_TEXT = (
    "name,geleding,kind,description,website,contact,address,lon,lat,tags,buurt,status\n"
    "Dorpsbelang,burgers,vereniging,'=1+1,,,,5.8,53.2,wup;zon,,approved\n"
    'Energiecoöperatie,bedrijven,,"twee\nregels",,,,5.7999999999999,53.21,,,pending\n'
)


def _schema_url(base: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    return (
        make_url(base)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


@pytest.fixture
def pg_schema(monkeypatch):
    """Yield a function that makes a fresh schema and points TRANSITIEATLAS_DB_URL at it."""
    base = os.environ.get("TRANSITIEATLAS_TEST_PG_URL")
    if not base:
        pytest.skip(
            "geen PostgreSQL-server: zet TRANSITIEATLAS_TEST_PG_URL om deze tests te draaien"
        )
    pytest.importorskip(
        "psycopg", reason="psycopg ontbreekt (pip install 'transitieatlas[postgres]')"
    )
    from sqlalchemy import create_engine, text

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

    yield use_new_schema
    db.dispose_all()
    with admin_engine.begin() as conn:
        for schema in made:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin_engine.dispose()


def test_postgres_migrates_and_stores_afbakening(pg_schema):
    url = pg_schema()
    db.init_db()
    assert db.get_engine(url).dialect.name == "postgresql"
    assert db.current_revision() == db.alembic_heads()[0]
    gebieden.save_afbakening("Oud-Oost", ["BU00800101", "BU00800102"], "GM0080", user=ADMIN)
    assert gebieden.load_afbakening("Oud-Oost")["codes"] == ["BU00800101", "BU00800102"]


def test_postgres_workflow_conflict_round_trip_and_restore(pg_schema):
    pg_schema()
    assert repo.import_actors(d.parse_csv(CSV_TEXT), ADMIN) == 2
    assert repo.export_actors(ADMIN) == CSV_TEXT
    assert [a.name for a in repo.list_actors()] == ["Dorpsbelang"]
    first = repo.list_actors(ANNA)[0]
    repo.edit_actor(first.id, {"kind": "stichting"}, ANNA, first.version)
    with pytest.raises(ActorConflict):
        repo.edit_actor(first.id, {"kind": "club"}, ANNA, first.version)
    auth.add_user("anna", "editor", "lang genoeg")
    backup = json.loads(repo.backup_json(ADMIN))
    export = repo.export_actors(ADMIN)

    pg_schema()  # a fresh, empty database
    repo.restore(backup, ADMIN)
    assert repo.export_actors(ADMIN) == export
    new_id = repo.create_actor({"name": "Nieuw", "geleding": "kennis"}, ANNA)
    assert new_id == 3  # sequences continue after the restored ids
