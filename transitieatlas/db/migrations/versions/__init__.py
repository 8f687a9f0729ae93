"""Alembic revisions; file and revision id ``00NN_<topic>``, each pointing at the previous."""
