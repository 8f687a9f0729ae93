"""Saved presentations (database) and the default one that ships with the app.

A presentation is a name, a title, an area code and an ordered list of screens (see
:mod:`transitieatlas.evening.screens`). The default presentation
(``transitieatlas/data/standaardpresentatie.json``: the evening of section 4.3.3 for the default
area, Leeuwarden GM0080) is written to the database the first time it is asked for, so
``transitieatlas check --offline`` without a name checks it right after ``make run``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from transitieatlas import config
from transitieatlas.areas.codes import validate_code
from transitieatlas.db import maybe_session
from transitieatlas.db.models import Presentation, utcnow
from transitieatlas.errors import InputError, NotInStore, TransitieatlasError
from transitieatlas.evening import screens as screen_kinds
from transitieatlas.evening.screens import Slide
from transitieatlas.store.opendata import Store

DEFAULT_FILE = config.REFERENCE_DIR / "standaardpresentatie.json"


@dataclass(frozen=True)
class PresentationInfo:
    """A presentation as the rest of the app sees it."""

    name: str
    title: str
    area_code: str
    screens: tuple[dict[str, Any], ...]


def default_definition() -> PresentationInfo:
    """The default presentation as shipped (not read from the database)."""
    raw = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    return PresentationInfo(raw["name"], raw["title"], raw["area_code"], tuple(raw["screens"]))


def _info(row: Presentation) -> PresentationInfo:
    return PresentationInfo(row.name, row.title, row.area_code, tuple(row.screens))


def validate(name: str, area_code: str, screens: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every problem (Dutch) with a presentation definition; empty when it can be saved."""
    problems = [] if name.strip() else ["de presentatie heeft een naam nodig"]
    try:
        validate_code(area_code)
    except InputError as err:
        problems.append(str(err))
    if not screens:
        problems.append("de presentatie heeft minstens één scherm nodig")
    for i, spec in enumerate(screens, start=1):
        try:
            screen_kinds.check_spec(spec)
        except InputError as err:
            problems.append(f"scherm {i}: {err}")
    return problems


def save_presentation(
    name: str, title: str, area_code: str, screens: Sequence[Mapping[str, Any]]
) -> PresentationInfo:
    """Create or replace the presentation ``name``; nothing is written when it is invalid."""
    problems = validate(name, area_code, screens)
    if problems:
        raise InputError("De presentatie kan zo niet worden opgeslagen:", problems)
    with maybe_session() as s:
        row = s.scalars(select(Presentation).where(Presentation.name == name.strip())).first()
        if row is None:
            row = Presentation(name=name.strip())
            s.add(row)
        row.title = title.strip() or name.strip()
        row.area_code = validate_code(area_code)
        row.screens = [dict(spec) for spec in screens]
        row.updated_at = utcnow()
        s.flush()
        return _info(row)


def ensure_default() -> PresentationInfo:
    """The default presentation, written to the database when it is not there yet."""
    default = default_definition()
    with maybe_session() as s:
        row = s.scalars(select(Presentation).where(Presentation.name == default.name)).first()
        if row is not None:
            return _info(row)
    return save_presentation(default.name, default.title, default.area_code, default.screens)


def list_presentations() -> list[PresentationInfo]:
    """All saved presentations by name (the default one included)."""
    ensure_default()
    with maybe_session() as s:
        return [_info(r) for r in s.scalars(select(Presentation).order_by(Presentation.name))]


def get_presentation(name: str | None = None) -> PresentationInfo:
    """The presentation ``name`` (``None``: the default one); :class:`NotInStore` otherwise."""
    if name is None:
        return ensure_default()
    found = {p.name: p for p in list_presentations()}
    if name not in found:
        raise NotInStore(
            f"Er is geen presentatie '{name}'. Bestaande presentaties: {', '.join(found)}"
        )
    return found[name]


def render_all(store: Store, presentation: PresentationInfo) -> list[Slide]:
    """Every screen rendered; :class:`InputError` listing each screen that cannot be shown."""
    slides, problems = [], []
    for i, spec in enumerate(presentation.screens, start=1):
        try:
            slides.append(screen_kinds.render(store, presentation.area_code, spec))
        except TransitieatlasError as err:
            problems.append(f"scherm {i} ({screen_kinds.describe(spec)}): {err}")
    if problems:
        raise InputError(f"De presentatie '{presentation.name}' is niet compleet:", problems)
    return slides
