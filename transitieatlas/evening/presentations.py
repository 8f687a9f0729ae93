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
from transitieatlas.accounts.auth import UserInfo, require_role
from transitieatlas.areas.codes import validate_code
from transitieatlas.db import maybe_session
from transitieatlas.db.models import Presentation, utcnow
from transitieatlas.errors import InputError, NotInStore, TransitieatlasError
from transitieatlas.evening import screens as screen_kinds
from transitieatlas.evening.screens import Slide
from transitieatlas.store.opendata import Store

DEFAULT_FILE = config.REFERENCE_DIR / "standaardpresentatie.json"
EDITOR_ROLE = "editor"
"""Who may create, change and remove presentations (as saved gebieden and actors)."""
SHIPPED = UserInfo(name="Transitieatlas (standaard)", role="admin")
"""The author of the default presentation that ships with the app."""


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


def data_problems(
    store: Store, area_code: str, screens: Sequence[Mapping[str, Any]], numbered: bool = True
) -> list[str]:
    """Problems (Dutch) a quick look at the store finds before saving: no map of the area, a
    map screen of an indicator the store has no values of there, an unknown survey. (The full
    check, rendering every screen, is ``transitieatlas check --offline``.) ``numbered``:
    each problem starts with ``scherm N:``."""
    from transitieatlas.evening import mapdata, survey_repo

    try:
        name, areas = mapdata.map_areas(store, area_code)
    except TransitieatlasError as err:
        return [str(err)]
    problems: list[str] = []
    known: list[str] | None = None
    for i, spec in enumerate(screens, start=1):
        problem = ""
        if spec.get("kind") == "kaart":
            if known is None:
                known = mapdata.available_indicators(store, areas["code"].tolist())
            if spec.get("indicator") not in known:
                problem = (
                    f"de opslag heeft geen waarden van '{spec.get('indicator')}' voor {name}. "
                    f"Kies uit: {', '.join(known) or 'geen (importeer eerst gegevens)'}"
                )
        elif spec.get("kind") == "enquete":
            try:
                survey_repo.get_survey(str(spec.get("survey", "avond")))
            except NotInStore as err:
                problem = f"{err} Maak haar eerst: transitieatlas survey create"
        if problem:
            problems.append(f"scherm {i}: {problem}" if numbered else problem)
    return problems


def save_presentation(
    name: str,
    title: str,
    area_code: str,
    screens: Sequence[Mapping[str, Any]],
    *,
    user: UserInfo | None,
    store: Store | None = None,
) -> PresentationInfo:
    """Create or replace the presentation ``name`` (role editor, as other things users make);
    nothing is written when it is invalid. With ``store`` the screens' data are checked too
    (:func:`data_problems`)."""
    require_role(user, EDITOR_ROLE, "een presentatie opslaan")
    problems = validate(name, area_code, screens)
    if store is not None and not problems:
        problems = data_problems(store, area_code, screens)
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
    return save_presentation(
        default.name, default.title, default.area_code, default.screens, user=SHIPPED
    )


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


# --- editing (pure helpers for the page) ---------------------------------------------------


def make_screen(kind: str, **params: Any) -> dict[str, Any]:
    """A screen spec from a kind and its parameters; empty parameters are left out, a round
    number becomes an int. :class:`InputError` (Dutch) as :func:`screens.check_spec`.

    >>> make_screen("kaart", indicator=" pct_koopwoningen ", round="")
    {'kind': 'kaart', 'indicator': 'pct_koopwoningen'}
    >>> make_screen("uitslag", round="3")
    {'kind': 'uitslag', 'round': 3}
    """
    spec: dict[str, Any] = {"kind": kind}
    for key, value in params.items():
        value = value.strip() if isinstance(value, str) else value
        if value in (None, "", []):
            continue
        if key == "round":
            if not str(value).isdigit():
                raise InputError(f"Rondenummer '{value}' is geen getal.")
            value = int(value)
        spec[key] = value
    screen_kinds.check_spec(spec)
    return spec


def moved(screens: Sequence[Mapping[str, Any]], index: int, step: int) -> list[dict[str, Any]]:
    """The screens with screen ``index`` moved ``step`` places (kept inside the list).

    >>> moved([{"kind": "a"}, {"kind": "b"}, {"kind": "c"}], 2, -1)
    [{'kind': 'a'}, {'kind': 'c'}, {'kind': 'b'}]
    >>> moved([{"kind": "a"}, {"kind": "b"}], 0, -1)
    [{'kind': 'a'}, {'kind': 'b'}]
    """
    out = [dict(s) for s in screens]
    target = max(0, min(len(out) - 1, index + step))
    out.insert(target, out.pop(index))
    return out


def removed(screens: Sequence[Mapping[str, Any]], index: int) -> list[dict[str, Any]]:
    """The screens without screen ``index``.

    >>> removed([{"kind": "a"}, {"kind": "b"}], 0)
    [{'kind': 'b'}]
    """
    return [dict(s) for i, s in enumerate(screens) if i != index]
