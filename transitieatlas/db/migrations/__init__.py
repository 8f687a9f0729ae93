"""Alembic migration environment of the transitieatlas database (run via ``init_db``)."""
