"""The council-written sections of the concept-WUP, kept with their full history.

Sections (``SECTIONS``) are free Dutch text written by the council or campaign team, e.g. the
organisation form and the decisions. Saving appends a version; nothing is overwritten.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from transitieatlas.db import maybe_session
from transitieatlas.db.models import WupSection
from transitieatlas.errors import InputError

SECTIONS = {
    "organisatievorm": "Organisatievorm",
    "besluiten": "Besluiten van de wijk- of dorpsraad",
    "solidariteit": "Afspraken over solidariteit en compensatie",
    "intekenen": "Hoe de geledingen intekenen",
}
"""Section key → Dutch heading, in the order of the document."""

MAX_LENGTH = 20_000


def save_section(
    area: str, section: str, text: str, author: str = "", session: Session | None = None
) -> int:
    """Append a new version of ``section`` for ``area``; returns its id."""
    if section not in SECTIONS:
        raise InputError(
            f"Onderdeel '{section}' bestaat niet in de concept-WUP. Kies uit: {', '.join(SECTIONS)}."
        )
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise InputError(f"De tekst is te lang ({len(text)} tekens; hoogstens {MAX_LENGTH}).")
    if not area.strip():
        raise InputError("Geef het gebied op waar deze tekst bij hoort.")
    with maybe_session(session) as s:
        row = WupSection(area=area.strip(), section=section, text=text, author=author.strip())
        s.add(row)
        s.flush()
        return int(row.id)


def _as_dict(row: WupSection) -> dict[str, Any]:
    return {
        "id": row.id,
        "section": row.section,
        "text": row.text,
        "author": row.author,
        "created_at": row.created_at.isoformat(),
    }


def history(area: str, section: str, session: Session | None = None) -> list[dict[str, Any]]:
    """All versions of one section, newest first."""
    with maybe_session(session) as s:
        rows = s.scalars(
            select(WupSection)
            .where(WupSection.area == area.strip(), WupSection.section == section)
            .order_by(WupSection.id.desc())
        ).all()
        return [_as_dict(r) for r in rows]


def current_sections(area: str, session: Session | None = None) -> dict[str, str]:
    """The newest text of every section of ``area`` (missing sections are absent)."""
    with maybe_session(session) as s:
        rows = s.scalars(
            select(WupSection).where(WupSection.area == area.strip()).order_by(WupSection.id)
        ).all()
        return {r.section: r.text for r in rows}
