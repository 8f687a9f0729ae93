"""Alembic environment: uses the connection handed over by ``transitieatlas.db.init_db``.

When run without one (e.g. the ``alembic`` command with a Config built by
``transitieatlas.db.alembic_config``) it connects to ``sqlalchemy.url`` itself.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from transitieatlas.db.models import Base

target_metadata = Base.metadata
cfg = context.config


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection or on a fresh one."""
    connection = cfg.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(cfg.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool)
    with engine.begin() as own:
        _run(own)


if context.is_offline_mode():
    context.configure(url=cfg.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
