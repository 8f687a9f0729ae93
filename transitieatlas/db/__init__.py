"""Database of what users create (actors, users, gebiedsafbakeningen, votes).

SQLAlchemy 2 on SQLite by default (``transitieatlas.sqlite`` under ``config.home()``);
any SQLAlchemy URL in ``TRANSITIEATLAS_DB_URL`` works too (PostgreSQL needs the
``psycopg`` extra: ``postgresql+psycopg://user:pw@host/db``).

Use::

    from transitieatlas.db import session_scope
    with session_scope() as session:       # migrates to head on first use per URL
        session.add(...)                    # commits on success, rolls back on error

Schema migrations are Alembic scripts shipped inside the package
(``transitieatlas/db/migrations/versions``) and run in code (no ``alembic.ini``), so
they also work from an installed wheel: :func:`init_db` upgrades to head.

Adding a migration (e.g. for your own tables):

1. Create ``transitieatlas/db/migrations/versions/00NN_<topic>.py`` with a readable fixed
   ``revision = "00NN_<topic>"`` and ``down_revision`` = the current head (the newest
   file in that folder; check with ``alembic_heads()``), plus ``upgrade()``/``downgrade()``
   written with ``op.create_table`` etc. Never edit a migration that has been committed.
2. Add the matching ORM classes on :class:`transitieatlas.db.models.Base` (or your own
   module importing ``Base``) so that ``Base.metadata`` matches the migrated schema;
   ``tests/db/test_db.py`` checks that the two agree.
3. Use only portable types (``sa.String``, ``sa.Integer``, ``sa.JSON``, ``sa.DateTime``):
   the same scripts run on SQLite and PostgreSQL. Name constraints explicitly.

Revisions: ``0001_base`` (gebiedsafbakening), ``0002_actors`` (users, actors, actor
relations, actor history), then later ones in the versions folder (e.g. ``0003_rounds``).
PostgreSQL: install the extra (``pip install 'transitieatlas[postgres]'``) and set
``TRANSITIEATLAS_DB_URL``; the database tests run on PostgreSQL as well when
``TRANSITIEATLAS_TEST_PG_URL`` points at a server (``.ci/run`` starts a throwaway one).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from transitieatlas import config
from transitieatlas.errors import StorageFull

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
# Alembic keeps its migration context in module globals: one upgrade at a time per process
# (Streamlit sessions and fragments are threads and may first touch a fresh database together).
_migrate_lock = threading.Lock()
_lock = threading.Lock()


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """The (cached) engine for ``url`` (default :func:`transitieatlas.config.db_url`)."""
    url = url or config.db_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = create_engine(url, future=True)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _enable_sqlite_foreign_keys)
            _engines[url] = engine
    return engine


def alembic_config(url: str | None = None):  # type: ignore[no-untyped-def]
    """An Alembic ``Config`` built in code, pointing at the packaged migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", (url or config.db_url()).replace("%", "%%"))
    return cfg


def alembic_heads() -> list[str]:
    """The head revision id(s) of the packaged migrations (normally exactly one)."""
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def init_db(url: str | None = None) -> None:
    """Create or upgrade the database at ``url`` to the newest schema (Alembic ``head``)."""
    from alembic import command

    url = url or config.db_url()
    engine = get_engine(url)
    cfg = alembic_config(url)
    with _migrate_lock, engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
        _migrated.add(url)


def current_revision(url: str | None = None) -> str | None:
    """The revision the database at ``url`` is at (``None`` when never migrated)."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _ensure_migrated(url: str) -> None:
    if url not in _migrated:  # the lock in init_db makes a second, concurrent upgrade a no-op
        init_db(url)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on an exception.

    The database is migrated to head the first time a URL is used in this process.
    """
    url = url or config.db_url()
    _ensure_migrated(url)
    session = sessionmaker(bind=get_engine(url), expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except OperationalError as err:
        session.rollback()
        if _disk_full(err):
            raise StorageFull(
                "De schijf (of de database) is vol: er is niets opgeslagen. "
                "Maak ruimte vrij en probeer het opnieuw."
            ) from err
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _disk_full(err: OperationalError) -> bool:
    """True for SQLite's SQLITE_FULL and PostgreSQL's disk_full (SQLSTATE 53100)."""
    text = str(err.orig).lower()
    return (
        "disk is full" in text
        or "no space left" in text
        or getattr(err.orig, "sqlstate", None) == "53100"
        or getattr(err.orig, "sqlite_errorname", "") == "SQLITE_FULL"
    )


@contextmanager
def maybe_session(session: Session | None = None, url: str | None = None) -> Iterator[Session]:
    """Use the caller's ``session`` (caller commits) or open a committing one of our own."""
    if session is not None:
        yield session
        return
    with session_scope(url) as own:
        yield own


def dispose_all() -> None:
    """Close every cached engine (tests call this between temporary databases)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _migrated.clear()
