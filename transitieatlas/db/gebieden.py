"""Saved gebiedsafbakeningen: the council's chosen area as a named set of buurt/wijk codes.

Codes follow the store's area codes (``BU00800000``, ``WK008000``, ``GM0080-…``); this
module does not check them against the store, it only stores what the page chose.

Rights: saving needs an account (any role); the account that saved a gebied first is its
``owner``; only the owner or an editor/administrator may overwrite or delete it. Limits on
names, descriptions and the number of codes are in :data:`LIMITS` (docs/beveiliging.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from transitieatlas.db import maybe_session
from transitieatlas.db.models import Afbakening, utcnow
from transitieatlas.errors import InputError, NotInStore, PermissionDenied

if TYPE_CHECKING:  # accounts sit above db; only the type is needed here
    from transitieatlas.accounts.auth import UserInfo

LIMITS = {"name": 100, "description": 2000, "codes": 5000}
"""Longest name and description (characters), most buurt/wijk codes in one gebied."""


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
        "owner": row.owner,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def may_change(row_owner: str, user: UserInfo | None) -> bool:
    """True when ``user`` may overwrite or delete a gebied owned by ``row_owner``."""
    if user is None or user.id is None and user.name == "publiek":
        return False
    return user.at_least("editor") or (bool(row_owner) and row_owner == user.name)


def _problems(name: str, codes: list[str], description: str) -> list[str]:
    problems = []
    if not name:
        problems.append("de naam is leeg")
    elif len(name) > LIMITS["name"]:
        problems.append(f"de naam is langer dan {LIMITS['name']} tekens")
    if not codes:
        problems.append("er zijn geen buurten of wijken gekozen")
    elif len(codes) > LIMITS["codes"]:
        problems.append(f"meer dan {LIMITS['codes']} buurten of wijken")
    if any(len(c) > 40 for c in codes):
        problems.append("een gebiedscode is langer dan 40 tekens")
    if len(description) > LIMITS["description"]:
        problems.append(f"de toelichting is langer dan {LIMITS['description']} tekens")
    return problems


def save_afbakening(
    name: str,
    codes: list[str],
    gemeente_code: str,
    description: str = "",
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> int:
    """Store (or replace, when ``name`` exists) a gebiedsafbakening; returns its id.

    Raises InputError (Dutch) for an empty or too long name, no or too many codes;
    PermissionDenied for the public, or when someone else's gebied would be overwritten.
    """
    clean_name = (name or "").strip()
    clean_codes = _clean_codes(codes)
    clean_description = (description or "").strip()
    if user is None or (user.id is None and user.name == "publiek"):
        raise PermissionDenied("Log in om een gebied op te slaan (zijbalk).")
    problems = _problems(clean_name, clean_codes, clean_description)
    if problems:
        raise InputError("De gebiedsafbakening kan niet worden opgeslagen:", problems)
    with maybe_session(session) as s:
        row = s.scalars(select(Afbakening).where(Afbakening.name == clean_name)).first()
        if row is None:
            row = Afbakening(name=clean_name, owner=user.name[:100], created_at=utcnow())
            s.add(row)
        elif not may_change(row.owner, user):
            raise PermissionDenied(
                f"Er is al een gebied '{clean_name}' van iemand anders; kies een andere naam "
                "(alleen de maker of een redacteur mag het overschrijven)."
            )
        row.codes = clean_codes
        row.gemeente_code = (gemeente_code or "").strip()[:20]
        row.description = clean_description
        row.updated_at = utcnow()
        s.flush()
        return row.id


def list_afbakeningen(session: Session | None = None) -> list[dict[str, Any]]:
    """All saved afbakeningen, sorted by name (dicts as :func:`load_afbakening`)."""
    with maybe_session(session) as s:
        return [_as_dict(r) for r in s.scalars(select(Afbakening).order_by(Afbakening.name))]


def load_afbakening(name: str, session: Session | None = None) -> dict[str, Any]:
    """One afbakening: ``id, name, description, codes, gemeente_code, owner, created_at,
    updated_at``. Raises NotInStore when no afbakening has this name."""
    with maybe_session(session) as s:
        row = s.scalars(select(Afbakening).where(Afbakening.name == (name or "").strip())).first()
        if row is None:
            raise NotInStore(f"Er is geen gebiedsafbakening met de naam '{name}'.")
        return _as_dict(row)


def delete_afbakening(name: str, *, user: UserInfo | None, session: Session | None = None) -> None:
    """Remove an afbakening (its owner or an editor); NotInStore when the name is unknown."""
    with maybe_session(session) as s:
        row = s.scalars(select(Afbakening).where(Afbakening.name == (name or "").strip())).first()
        if row is None:
            raise NotInStore(f"Er is geen gebiedsafbakening met de naam '{name}'.")
        if not may_change(row.owner, user):
            raise PermissionDenied(
                "Alleen de maker van dit gebied of een redacteur mag het verwijderen."
            )
        s.delete(row)
