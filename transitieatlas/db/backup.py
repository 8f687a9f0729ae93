"""Backup and restore of everything users created, as one JSON-ready dict.

Every table of :data:`transitieatlas.db.models.Base` is included (actors, relations,
history, gebieden, kwesties, clusters, rounds with results, voting codes, ballots,
receipts, accounts), except :data:`EXCLUDED` (passing counters such as failed logins).
Accounts are saved **without** password hashes: a backup file can then not be used to
guess passwords offline; after a restore the administrator gives each account a new
password (``transitieatlas users passwd NAME``). ``docs/beveiliging.md`` lists the contents.

A restore checks the whole file first (format, version, every row an object with the
columns of its table and values of the right type, known roles and geledingen) and only
then replaces the database in one transaction: a bad file writes nothing.
Role checks are the caller's (``transitieatlas.actors.repo.backup``/``restore``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.orm import Session

from transitieatlas.db import alembic_heads
from transitieatlas.db.models import Base, utcnow
from transitieatlas.errors import InputError

FORMAT = "transitieatlas-backup"
VERSION = 2
"""2: every table under ``tables``; 1 (read only): actors, relations, history,
afbakeningen and users at the top level."""
EXCLUDED = frozenset({"rate_limits"})
SECRET_COLUMNS = {"users": ("password_hash",)}
"""Columns never written to a backup (restored as NULL)."""
V1_KEYS = {
    "users": "users",
    "actors": "actors",
    "relations": "actor_relations",
    "history": "actor_history",
    "afbakeningen": "gebiedsafbakening",
}
MAX_PROBLEMS = 20

Allowed = Mapping[tuple[str, str], Collection[str]]
"""``(table, column) → allowed values``, e.g. ``("users", "role"): ROLES``."""


def tables() -> list[Table]:
    """The tables a backup holds, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in EXCLUDED]


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def dump(session: Session) -> dict[str, Any]:
    """Every table (rows ordered by primary key) as a JSON-ready dict."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": VERSION,
        "schema_revision": alembic_heads()[0],
        "created_at": utcnow().isoformat(),
        "without": {t: list(cols) for t, cols in SECRET_COLUMNS.items()},
        "tables": {},
    }
    for table in tables():
        skip = SECRET_COLUMNS.get(table.name, ())
        columns = [c for c in table.columns if c.name not in skip]
        rows = session.execute(select(*columns).order_by(*table.primary_key.columns)).mappings()
        data["tables"][table.name] = [{k: _json_value(v) for k, v in row.items()} for row in rows]
    return data


# --- checking a file ----------------------------------------------------------------------


def _converter(column: sa.Column) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return lambda v: datetime.fromisoformat(v) if isinstance(v, str) else _bad(v)
    if isinstance(kind, sa.Date):
        return lambda v: date.fromisoformat(v) if isinstance(v, str) else _bad(v)
    if isinstance(kind, sa.Boolean):
        return lambda v: v if isinstance(v, bool) else _bad(v)
    if isinstance(kind, sa.Integer):
        return lambda v: v if isinstance(v, int) and not isinstance(v, bool) else _bad(v)
    if isinstance(kind, sa.Float):
        return lambda v: (
            float(v) if isinstance(v, int | float) and not isinstance(v, bool) else _bad(v)
        )
    if isinstance(kind, sa.JSON):
        return lambda v: v if isinstance(v, list | dict) else _bad(v)
    length = getattr(kind, "length", None)
    return lambda v: v if isinstance(v, str) and (length is None or len(v) <= length) else _bad(v)


def _bad(value: Any) -> Any:
    raise ValueError(repr(value)[:60])


def _required(column: sa.Column) -> bool:
    return not (
        column.nullable
        or column.default is not None
        or column.server_default is not None
        or (column.primary_key and column.autoincrement is True)
    )


def _check_row(
    table: Table, index: int, record: Any, allowed: Allowed, problems: list[str]
) -> dict[str, Any] | None:
    where = f"{table.name}, rij {index}"
    if not isinstance(record, dict):
        problems.append(f"{where}: geen object maar {type(record).__name__}")
        return None
    skip = SECRET_COLUMNS.get(table.name, ())
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.name in skip:
            row[column.name] = None
            continue
        if column.name not in record:
            if _required(column) or column.primary_key:
                problems.append(f"{where}: kolom '{column.name}' ontbreekt")
            continue
        value = record[column.name]
        if value is None:
            if not column.nullable:
                problems.append(f"{where}: kolom '{column.name}' is leeg")
            row[column.name] = None
            continue
        try:
            row[column.name] = _converter(column)(value)
        except ValueError as err:
            problems.append(f"{where}: '{column.name}' heeft een ongeldige waarde {err}")
            continue
        choices = allowed.get((table.name, column.name))
        if choices is not None and value not in choices:
            problems.append(
                f"{where}: onbekende waarde '{str(value)[:40]}' voor '{column.name}' "
                f"(kies uit: {', '.join(choices)})"
            )
    return row


def _records(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("format_version") == 1:
        return {name: data.get(key) or [] for key, name in V1_KEYS.items()}
    stored = data.get("tables")
    if not isinstance(stored, dict):
        raise InputError("De back-up kan niet worden teruggezet: het deel 'tables' ontbreekt.")
    return stored


def check(data: Any, allowed: Allowed) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows ready to insert; InputError (Dutch, all problems) otherwise."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("Dit is geen back-up van de transitieatlas.")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(
            f"De back-up heeft een ongeldig versienummer ({str(version)[:20]}); "
            "verwacht een geheel getal zoals 2."
        )
    if version > VERSION:
        raise InputError(
            "Deze back-up komt uit een nieuwere versie van de transitieatlas; werk eerst bij."
        )
    records = _records(data)
    problems: list[str] = []
    out: dict[str, list[dict[str, Any]]] = {}
    known = {t.name: t for t in tables()}
    for name in records:
        if name not in known:
            problems.append(f"onbekend deel '{str(name)[:40]}'")
    for name, table in known.items():
        rows = records.get(name, [])
        if not isinstance(rows, list):
            problems.append(f"{name}: geen lijst van rijen")
            continue
        checked = [_check_row(table, i, r, allowed, problems) for i, r in enumerate(rows, 1)]
        out[name] = [r for r in checked if r is not None]
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"en nog {len(problems) - MAX_PROBLEMS} problemen")
        raise InputError("De back-up kan niet worden teruggezet; er is niets veranderd:", shown)
    return out


# --- writing ------------------------------------------------------------------------------


def filled_tables(session: Session) -> list[str]:
    """Names of the backed-up tables that hold at least one row."""
    return [t.name for t in tables() if session.execute(select(t).limit(1)).first() is not None]


def load(session: Session, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Replace every backed-up table by ``rows`` (from :func:`check`); returns row counts."""
    for table in reversed(tables()):
        session.execute(delete(table))
    counts = {}
    for table in tables():
        batch = rows.get(table.name, [])
        if batch:
            session.execute(insert(table), batch)
        counts[table.name] = len(batch)
    if session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)
    return counts


def _reset_sequences(session: Session) -> None:
    for table in tables():
        if "id" in table.columns and isinstance(table.columns["id"].type, sa.Integer):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
