"""Segmentation schemes in the database: save (a new version each time), load, history.

The scheme is checked (:func:`transitieatlas.segmentation.scheme.parse_scheme`) before it is
written, so a bad scheme changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from transitieatlas.db import maybe_session
from transitieatlas.db.models import SegmentationScheme
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.segmentation.scheme import Scheme, parse_scheme


def save_scheme(
    name: str,
    scheme: Scheme | str,
    author: str = "",
    note: str = "",
    session: Session | None = None,
) -> int:
    """Store ``scheme`` as the next version of ``name``; returns the version number."""
    name = (name or "").strip()
    if not name:
        raise InputError("Geef de indeling een naam.")
    checked = parse_scheme(scheme) if isinstance(scheme, str) else parse_scheme(scheme.to_dict())
    with maybe_session(session) as s:
        latest = s.scalar(
            select(func.max(SegmentationScheme.version)).where(SegmentationScheme.name == name)
        )
        version = int(latest or 0) + 1
        s.add(SegmentationScheme(name=name, version=version, scheme=checked.to_json(),
                                 author=author or "", note=note or ""))  # fmt: skip
        s.flush()
    return version


def load_scheme(name: str, version: int | None = None, session: Session | None = None) -> Scheme:
    """The newest (or the given) version of a saved scheme."""
    with maybe_session(session) as s:
        query = select(SegmentationScheme).where(SegmentationScheme.name == (name or "").strip())
        if version is not None:
            query = query.where(SegmentationScheme.version == version)
        row = s.scalars(query.order_by(SegmentationScheme.version.desc())).first()
        if row is None:
            raise NotInStore(f"Er is geen opgeslagen indeling '{name}'" + (
                f" met versie {version}." if version else "."))  # fmt: skip
        return parse_scheme(row.scheme)


def list_schemes(session: Session | None = None) -> list[str]:
    """Names of the saved schemes, alphabetically."""
    with maybe_session(session) as s:
        return sorted(set(s.scalars(select(SegmentationScheme.name))))


def history(name: str, session: Session | None = None) -> list[dict[str, Any]]:
    """All versions of a scheme, newest first: ``version, author, note, created_at, groups``."""
    with maybe_session(session) as s:
        rows = s.scalars(
            select(SegmentationScheme)
            .where(SegmentationScheme.name == (name or "").strip())
            .order_by(SegmentationScheme.version.desc())
        ).all()
        return [
            {"version": r.version, "author": r.author, "note": r.note,
             "created_at": r.created_at.isoformat(),
             "groups": len(parse_scheme(r.scheme).groups)}
            for r in rows
        ]  # fmt: skip
