"""Saved gebiedsafbakeningen: the council's chosen area as a named set of buurt/wijk codes.

Codes follow the store's area codes (``BU00800000``, ``WK008000``, ``GM0080-…``); this
module does not check them against the store, it only stores what the page chose.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from transitieatlas.db import maybe_session
from transitieatlas.db.models import Afbakening, utcnow
from transitieatlas.errors import InputError, NotInStore


def _clean_codes(codes: Any) -> list[str]:
    """Strip, drop empties and duplicates, keep the order in which they were chosen."""
    if isinstance(codes, str):
        codes = [codes]
    seen: dict[str, None] = {}
    for code in codes or []:
        text = str(code).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


def _as_dict(row: Afbakening) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "codes": list(row.codes),
        "gemeente_code": row.gemeente_code,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def save_afbakening(
    name: str,
    codes: list[str],
    gemeente_code: str,
    description: str = "",
    session: Session | None = None,
) -> int:
    """Store (or replace, when ``name`` exists) a gebiedsafbakening; returns its id.

    Raises InputError (Dutch) when the name is empty or no codes are given.
    """
    clean_name = (name or "").strip()
    clean_codes = _clean_codes(codes)
    problems = []
    if not clean_name:
        problems.append("de naam is leeg")
    if not clean_codes:
        problems.append("er zijn geen buurten of wijken gekozen")
    if problems:
        raise InputError("De gebiedsafbakening kan niet worden opgeslagen:", problems)
    with maybe_session(session) as s:
        row = s.scalars(select(Afbakening).where(Afbakening.name == clean_name)).first()
        if row is None:
            row = Afbakening(name=clean_name, created_at=utcnow())
            s.add(row)
        row.codes = clean_codes
        row.gemeente_code = (gemeente_code or "").strip()
        row.description = description or ""
        row.updated_at = utcnow()
        s.flush()
        return row.id


def list_afbakeningen(session: Session | None = None) -> list[dict[str, Any]]:
    """All saved afbakeningen, sorted by name (dicts as :func:`load_afbakening`)."""
    with maybe_session(session) as s:
        return [_as_dict(r) for r in s.scalars(select(Afbakening).order_by(Afbakening.name))]


def load_afbakening(name: str, session: Session | None = None) -> dict[str, Any]:
    """One afbakening: ``id, name, description, codes, gemeente_code, created_at, updated_at``.

    Raises NotInStore when no afbakening has this name.
    """
    with maybe_session(session) as s:
        row = s.scalars(select(Afbakening).where(Afbakening.name == (name or "").strip())).first()
        if row is None:
            raise NotInStore(f"Er is geen gebiedsafbakening met de naam '{name}'.")
        return _as_dict(row)


def delete_afbakening(name: str, session: Session | None = None) -> None:
    """Remove an afbakening; raises NotInStore when no afbakening has this name."""
    with maybe_session(session) as s:
        row = s.scalars(select(Afbakening).where(Afbakening.name == (name or "").strip())).first()
        if row is None:
            raise NotInStore(f"Er is geen gebiedsafbakening met de naam '{name}'.")
        s.delete(row)
