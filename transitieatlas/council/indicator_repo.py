"""The dashboard's indicators and manual values in the database, and the dashboard itself.

Rules (issue 12; source document 4.6.5 item 3b):

- adding and retiring an indicator needs the presidium's role (``editor``) and records
  who, when and why; a retired indicator leaves the dashboard but keeps its history;
- a manual value is entered with date and source and checked
  (:func:`transitieatlas.council.dashboard.value_problems`); values are never changed or
  deleted: a correction is a new entry for the same date, which then counts;
- indicators from the store are read through the area profile
  (:mod:`transitieatlas.profile.build`), so the gemeente and the Netherlands comparison are
  the profile's own.

``area`` is the council's area: the name of a saved gebiedsafbakening or area code(s)
(:func:`resolve_area`); manual values are kept per area key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from transitieatlas.accounts.auth import UserInfo, require_role
from transitieatlas.council import constants
from transitieatlas.council import dashboard as dash
from transitieatlas.db import maybe_session
from transitieatlas.db.models import Afbakening, Campaign, CouncilIndicator, CouncilValue, utcnow
from transitieatlas.errors import InputError, NotInStore

PRESIDIUM_ROLE = "editor"


@dataclass(frozen=True)
class Area:
    """The council's area: ``key`` (for manual values), its ``codes`` and a Dutch ``name``."""

    key: str
    codes: tuple[str, ...]
    name: str


def resolve_area(text: str, session: Session | None = None) -> Area:
    """A saved gebiedsafbakening by name, else comma-separated area codes."""
    clean = (text or "").strip()
    if not clean:
        raise InputError("Geef een gebied: de naam van een opgeslagen gebied of een gebiedscode.")
    with maybe_session(session) as s:
        saved = s.scalar(select(Afbakening).where(Afbakening.name == clean))
        if saved is not None:
            return Area(saved.name, tuple(saved.codes), saved.name)
    codes = tuple(
        c.upper() if c[:2].lower() in ("gm", "wk", "bu", "nl") and "-" not in c else c
        for c in (part.strip() for part in clean.split(","))
        if c
    )
    return Area(",".join(codes), codes, ", ".join(codes))


# --- indicators ----------------------------------------------------------------------------


def add_indicator(
    name: str,
    kind: str,
    unit: str,
    owner: str,
    direction: str,
    why: str,
    *,
    source: str = "",
    store_indicator: str = "",
    target: float | None = None,
    target_date: date | None = None,
    user: UserInfo | None,
    session: Session | None = None,
) -> int:
    """Add an indicator to the dashboard (who/when/why recorded); returns its id."""
    who = require_role(user, PRESIDIUM_ROLE, "een indicator toevoegen")
    clean = name.strip()
    problems = dash.definition_problems(
        clean, kind, unit, owner, direction, why, store_indicator, target_date, target
    )
    if kind == "handmatig" and store_indicator.strip():
        problems.append("een handmatige reeks volgt geen cijfer uit de opslag")
    if kind in dash.COMPUTED_KINDS and store_indicator.strip():
        from transitieatlas.council import computed
        from transitieatlas.heat.methods import method_names

        problems += dash.computed_problems(
            kind, store_indicator, unit, method_names(), computed.group_names()
        )
        unit = dash.computed_unit(kind, store_indicator) or unit
        problems = [p for p in problems if not p.startswith("de eenheid is leeg")]
    with maybe_session(session) as s:
        if kind == "intekenen" and store_indicator.strip():
            known = s.scalar(select(Campaign.id).where(Campaign.title == store_indicator.strip()))
            if known is None:
                problems.append(f"er is geen campagne '{store_indicator.strip()}'")
        if clean and s.scalar(select(CouncilIndicator.id).where(CouncilIndicator.name == clean)):
            problems.append(f"er is al een indicator '{clean}' (ook als die is afgevoerd)")
        if problems:
            raise InputError("De indicator kan niet worden toegevoegd:", problems)
        row = CouncilIndicator(
            name=clean,
            kind=kind,
            store_indicator=store_indicator.strip(),
            unit=unit.strip(),
            source=source.strip(),
            owner=owner,
            direction=direction,
            target=target,
            target_date=target_date,
            added_by=who.name,
            added_at=utcnow(),
            added_why=why.strip(),
        )
        s.add(row)
        s.flush()
        return row.id


def retire_indicator(
    indicator_id: int, why: str, *, user: UserInfo | None, session: Session | None = None
) -> None:
    """Take an indicator off the dashboard; its values and history stay."""
    who = require_role(user, PRESIDIUM_ROLE, "een indicator afvoeren")
    if not why.strip():
        raise InputError("Leg uit waarom deze indicator van het dashboard gaat.")
    with maybe_session(session) as s:
        row = _indicator(s, indicator_id)
        if row.retired_at is not None:
            raise InputError(f"Indicator '{row.name}' is al afgevoerd.")
        row.retired_by, row.retired_at, row.retired_why = who.name, utcnow(), why.strip()


def set_target(
    indicator_id: int,
    target: float | None,
    target_date: date | None,
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> None:
    """Set (or clear, with two Nones) an indicator's target value and date."""
    require_role(user, PRESIDIUM_ROLE, "een doel vastleggen")
    if (target is None) != (target_date is None):
        raise InputError("Een doel heeft een waarde én een datum (of geen van beide).")
    with maybe_session(session) as s:
        row = _indicator(s, indicator_id)
        row.target, row.target_date = target, target_date


def _indicator(s: Session, indicator_id: int) -> CouncilIndicator:
    row = s.get(CouncilIndicator, indicator_id)
    if row is None:
        raise NotInStore(f"Indicator {indicator_id} bestaat niet.")
    return row


def _as_dict(row: CouncilIndicator) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "kind": row.kind,
        "store_indicator": row.store_indicator,
        "unit": row.unit,
        "source": row.source,
        "owner": row.owner,
        "direction": row.direction,
        "target": row.target,
        "target_date": row.target_date,
        "added_by": row.added_by,
        "added_at": row.added_at,
        "added_why": row.added_why,
        "retired_by": row.retired_by,
        "retired_at": row.retired_at,
        "retired_why": row.retired_why,
        "active": row.retired_at is None,
    }


def list_indicators(
    include_retired: bool = False, session: Session | None = None
) -> list[dict[str, Any]]:
    """Indicators in the order they were added (active ones only unless asked)."""
    with maybe_session(session) as s:
        query = select(CouncilIndicator).order_by(CouncilIndicator.id)
        if not include_retired:
            query = query.where(CouncilIndicator.retired_at.is_(None))
        return [_as_dict(r) for r in s.scalars(query)]


def changes_since(when: datetime | None, session: Session | None = None) -> list[str]:
    """Dutch lines for indicators added or retired after ``when`` (all when None)."""
    lines = []
    for ind in list_indicators(include_retired=True, session=session):
        if when is None or ind["added_at"] > when:
            lines.append(f"Toegevoegd: {ind['name']} (door {ind['added_by']}: {ind['added_why']})")
        if ind["retired_at"] is not None and (when is None or ind["retired_at"] > when):
            lines.append(
                f"Afgevoerd: {ind['name']} (door {ind['retired_by']}: {ind['retired_why']})"
            )
    return lines


def seed_start_indicators(*, user: UserInfo | None, session: Session | None = None) -> list[str]:
    """Add the suggested first indicators (``data/council_start_indicators.csv``) that are
    not there yet; returns the names added."""
    added = []
    with maybe_session(session) as s:
        have = set(s.scalars(select(CouncilIndicator.name)))
        for row in constants.start_indicators():
            if row["name"] in have:
                continue
            add_indicator(
                row["name"],
                row["kind"],
                row["unit"],
                row["owner"],
                row["direction"],
                row["why"],
                source=row["source"],
                store_indicator=row["store_indicator"],
                user=user,
                session=s,
            )
            added.append(row["name"])
    return added


# --- manual values -------------------------------------------------------------------------


def add_value(
    indicator_id: int,
    area: str,
    measured_on: date,
    value: float,
    source: str,
    *,
    unit: str = "",
    user: UserInfo | None,
    today: date | None = None,
    session: Session | None = None,
) -> int:
    """Enter one value of a manual series for ``area`` (an area key); returns its id."""
    who = require_role(user, PRESIDIUM_ROLE, "een waarde invoeren")
    with maybe_session(session) as s:
        ind = _indicator(s, indicator_id)
        problems = [] if area.strip() else ["kies het gebied waarvoor de waarde geldt"]
        if ind.kind != "handmatig":
            problems.append(f"'{ind.name}' komt uit de opslag; daar voert u geen waarden in")
        if ind.retired_at is not None:
            problems.append(f"'{ind.name}' is afgevoerd")
        problems += dash.value_problems(
            float(value), measured_on, unit, ind.unit, source, today or date.today()
        )
        if problems:
            raise InputError(f"De waarde voor '{ind.name}' is niet opgeslagen:", problems)
        row = CouncilValue(
            indicator_id=ind.id,
            area=area.strip(),
            measured_on=measured_on,
            value=float(value),
            source=source.strip(),
            entered_by=who.name,
            entered_at=utcnow(),
        )
        s.add(row)
        s.flush()
        return row.id


def value_history(
    indicator_id: int, area: str, session: Session | None = None
) -> list[dict[str, Any]]:
    """Every value ever entered for an indicator and area, in order of entry."""
    with maybe_session(session) as s:
        rows = s.scalars(
            select(CouncilValue)
            .where(CouncilValue.indicator_id == indicator_id, CouncilValue.area == area)
            .order_by(CouncilValue.id)
        )
        return [
            {
                "id": r.id,
                "measured_on": r.measured_on,
                "value": r.value,
                "source": r.source,
                "entered_by": r.entered_by,
                "entered_at": r.entered_at,
            }
            for r in rows
        ]


# --- the dashboard -------------------------------------------------------------------------


def dashboard(
    area: Area, store: Any | None, session: Session | None = None, today: date | None = None
) -> list[dict]:
    """Every active indicator as a dashboard row for ``area``.

    Store and computed indicators need an opened ``store``; without one (or without figures
    for the area) their row has no values (computed rows then say why in ``note``).
    """
    from transitieatlas.council import computed

    indicators = list_indicators(session=session)
    store_names = [i["store_indicator"] for i in indicators if i["kind"] == "opslag"]
    series = store_series(store, list(area.codes), store_names) if store and store_names else {}
    computer = computed.Computer(store, area.codes, today) if store is not None else None
    rows = []
    for ind in indicators:
        if ind["kind"] in dash.COMPUTED_KINDS:
            shown = {**ind, "source": computed.source_text(ind)}
            if computer is None:
                rows.append(dash.dashboard_row(shown, [], note="geen open-data-opslag"))
                continue
            points, note, comparisons = computed.points_for(computer, ind)
            rows.append(dash.dashboard_row(shown, points, comparisons, note=note))
        elif ind["kind"] == "handmatig":
            history = value_history(ind["id"], area.key, session=session)
            points = dash.manual_points((h["measured_on"], h["value"]) for h in history)
            rows.append(dash.dashboard_row(ind, points))
        elif ind["kind"] == "intekenen":
            rows.append(dash.dashboard_row(ind, _signup_points(ind, area, session)))
        else:
            points, comparisons = series.get(ind["store_indicator"], ([], {}))
            rows.append(dash.dashboard_row(ind, points, comparisons))
    return rows


def store_series(
    store: Any, codes: Sequence[str], indicators: Sequence[str]
) -> dict[str, tuple[list[dash.Point], dict[str, float | None]]]:
    """Yearly series of ``indicators`` for the area ``codes`` from the area profile, with the
    gemeente and Netherlands values of the latest year (None where the store has none)."""
    from transitieatlas.profile.build import build_profile, collect

    try:
        profile = build_profile(list(codes), collect(store, list(codes)))
    except NotInStore:
        return {}
    trends: pd.DataFrame = profile.trends
    out: dict[str, tuple[list[dash.Point], dict[str, float | None]]] = {}
    for name in dict.fromkeys(indicators):
        rows = trends[trends["indicator"] == name]
        own = rows[rows["role"] == "gebied"]
        points = dash.year_points(dict(zip(own["year"].astype(int), own["value"], strict=True)))
        comparisons: dict[str, float | None] = {}
        if points:
            latest = int(points[-1].label)
            for role in ("gemeente", "nederland"):
                match = rows[(rows["role"] == role) & (rows["year"] == latest)]
                comparisons[role] = float(match["value"].iloc[0]) if len(match) else None
        out[name] = (points, comparisons)
    return out


def _signup_points(ind: dict[str, Any], area: Area, session: Session | None) -> list[dash.Point]:
    """The sign-up share (%) of the campaign named in ``store_indicator`` over the area."""
    from transitieatlas.council import signup_repo

    with maybe_session(session) as s:
        campaign_id = s.scalar(select(Campaign.id).where(Campaign.title == ind["store_indicator"]))
        if campaign_id is None:
            return []
        return dash.manual_points(signup_repo.share_series(campaign_id, area.codes, session=s))
