"""Campaigns in the database: created from a closed round's toplijst in one step.

Rules (issue 12): a new campaign always gets five seats, one per geleding, all vacant; a
seat is filled with an approved actor of the transitiekaart **of the same geleding** (an
unknown actor is refused and nothing changes) and can be made vacant again, never
removed. The campaign team (``team_accounts``: account names) and administrators are the
only ones who see the personal data of sign-ups (:func:`may_see_personal`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from transitieatlas.accounts.auth import UserInfo, has_role, require_role
from transitieatlas.council import campaigns as domain
from transitieatlas.db import maybe_session
from transitieatlas.db.models import (
    Actor,
    Campaign,
    CampaignMilestone,
    CampaignSeat,
    CouncilIndicator,
    VoteRound,
    utcnow,
)
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.geledingen import GELEDINGEN, LABELS, normalise
from transitieatlas.voting.published import PublishedResult

PRESIDIUM_ROLE = "editor"


def create_from_round(
    round_id: int,
    *,
    rank: int = 1,
    title: str = "",
    assignment: str = "",
    budget_eur: float | None = None,
    project_leader: str = "",
    user: UserInfo | None,
    session: Session | None = None,
) -> int:
    """A campaign for the item at ``rank`` of a closed round's toplijst; returns its id."""
    who = require_role(user, PRESIDIUM_ROLE, "een campagne starten")
    with maybe_session(session) as s:
        vote_round = s.get(VoteRound, round_id)
        if vote_round is None:
            raise NotInStore(f"Stemronde {round_id} bestaat niet.")
        if vote_round.status != "gesloten" or not vote_round.result:
            raise InputError(
                f"Ronde '{vote_round.title}' is nog niet gesloten: er is nog geen toplijst."
            )
        ranking = PublishedResult.from_json(vote_round.result).ranking
        if not 1 <= rank <= len(ranking):
            raise InputError(f"De toplijst heeft plaatsen 1 tot en met {len(ranking)}.")
        subject = ranking[rank - 1].item
        return create_campaign(
            title.strip() or f"Campagne {subject}",
            subject,
            vote_round.item_kind,
            assignment=assignment,
            budget_eur=budget_eur,
            project_leader=project_leader,
            round_id=round_id,
            user=who,
            session=s,
        )


def create_campaign(
    title: str,
    subject: str,
    subject_kind: str = "vrij",
    *,
    assignment: str = "",
    budget_eur: float | None = None,
    project_leader: str = "",
    round_id: int | None = None,
    user: UserInfo | None,
    session: Session | None = None,
) -> int:
    """A campaign with five vacant seats; returns its id."""
    who = require_role(user, PRESIDIUM_ROLE, "een campagne starten")
    clean = title.strip()
    problems = [] if clean else ["de campagne heeft geen naam"]
    if not subject.strip():
        problems.append("kies de kwestie of het cluster van de campagne")
    if budget_eur is not None and budget_eur < 0:
        problems.append(f"het budget kan niet negatief zijn (€ {budget_eur:g})")
    with maybe_session(session) as s:
        if clean and s.scalar(select(Campaign.id).where(Campaign.title == clean)) is not None:
            problems.append(f"er is al een campagne '{clean}'")
        if problems:
            raise InputError("De campagne kan niet worden gestart:", problems)
        row = Campaign(
            title=clean,
            subject=subject.strip(),
            subject_kind=subject_kind,
            round_id=round_id,
            assignment=assignment.strip(),
            budget_eur=budget_eur,
            project_leader=project_leader.strip(),
            status="voorbereiding",
            canvas={},
            team_accounts=[],
            created_by=who.name,
            created_at=utcnow(),
        )
        s.add(row)
        s.flush()
        for g in GELEDINGEN:
            s.add(CampaignSeat(campaign_id=row.id, geleding=g, actor_id=None))
        s.flush()
        return row.id


def _campaign(s: Session, campaign_id: int) -> Campaign:
    row = s.get(Campaign, campaign_id)
    if row is None:
        raise NotInStore(f"Campagne {campaign_id} bestaat niet.")
    return row


def fill_seat(
    campaign_id: int,
    geleding: str,
    actor_id: int | None,
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> None:
    """Put an approved actor of ``geleding`` in its seat, or make the seat vacant (None)."""
    require_role(user, PRESIDIUM_ROLE, "het campagneteam samenstellen")
    geleding = normalise(geleding)
    if geleding not in GELEDINGEN:
        raise InputError(f"Onbekende geleding '{geleding}' (kies uit: {', '.join(GELEDINGEN)}).")
    with maybe_session(session) as s:
        _campaign(s, campaign_id)
        if actor_id is not None:
            actor = s.get(Actor, actor_id)
            if actor is None or actor.deleted or actor.status != "approved":
                raise InputError(
                    f"Actor {actor_id} staat niet (goedgekeurd) op de transitiekaart: "
                    "de zetel blijft zoals hij was."
                )
            if actor.geleding != geleding:
                raise InputError(
                    f"'{actor.name}' hoort bij {LABELS.get(actor.geleding, actor.geleding)}, "
                    f"niet bij {LABELS[geleding]}: de zetel blijft zoals hij was."
                )
        seat = s.scalar(
            select(CampaignSeat).where(
                CampaignSeat.campaign_id == campaign_id, CampaignSeat.geleding == geleding
            )
        )
        if seat is None:  # never expected: seats are made with the campaign
            seat = CampaignSeat(campaign_id=campaign_id, geleding=geleding)
            s.add(seat)
        seat.actor_id = actor_id


def update_campaign(
    campaign_id: int,
    *,
    user: UserInfo | None,
    session: Session | None = None,
    **fields: Any,
) -> None:
    """Change ``assignment``, ``budget_eur``, ``project_leader``, ``status``, ``canvas`` or
    ``team_accounts`` (account names that may see sign-ups' personal data)."""
    require_role(user, PRESIDIUM_ROLE, "een campagne wijzigen")
    allowed = {"assignment", "budget_eur", "project_leader", "status", "canvas", "team_accounts"}
    problems = [f"onbekend veld '{k}'" for k in fields if k not in allowed]
    if "status" in fields:
        problems += domain.status_problems(fields["status"])
    if fields.get("budget_eur") is not None and fields["budget_eur"] < 0:
        problems.append(f"het budget kan niet negatief zijn (€ {fields['budget_eur']:g})")
    with maybe_session(session) as s:
        row = _campaign(s, campaign_id)
        if "canvas" in fields:
            names = list(s.scalars(select(CouncilIndicator.name)))
            try:
                fields["canvas"] = domain.clean_canvas(fields["canvas"], names)
            except ValueError as err:
                problems.append(str(err))
        if "team_accounts" in fields:
            fields["team_accounts"] = [
                n.strip() for n in dict.fromkeys(fields["team_accounts"]) if n.strip()
            ]
        if problems:
            raise InputError(f"Campagne '{row.title}' is niet gewijzigd:", problems)
        for key, value in fields.items():
            setattr(row, key, value.strip() if isinstance(value, str) else value)


def add_milestone(
    campaign_id: int,
    title: str,
    due: date | None = None,
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> int:
    """Add a milestone (progress 0 %); returns its id."""
    require_role(user, PRESIDIUM_ROLE, "een mijlpaal toevoegen")
    if not title.strip():
        raise InputError("De mijlpaal heeft geen naam.")
    with maybe_session(session) as s:
        _campaign(s, campaign_id)
        row = CampaignMilestone(campaign_id=campaign_id, title=title.strip(), due=due, progress=0)
        s.add(row)
        s.flush()
        return row.id


def set_progress(
    milestone_id: int, progress: int, *, user: UserInfo | None, session: Session | None = None
) -> None:
    """Record a milestone's progress in % (0–100)."""
    require_role(user, PRESIDIUM_ROLE, "de voortgang bijwerken")
    if not 0 <= progress <= 100:
        raise InputError(f"Voortgang is een percentage van 0 tot 100, niet {progress}.")
    with maybe_session(session) as s:
        row = s.get(CampaignMilestone, milestone_id)
        if row is None:
            raise NotInStore(f"Mijlpaal {milestone_id} bestaat niet.")
        row.progress = progress


def get_campaign(campaign_id: int, session: Session | None = None) -> dict[str, Any]:
    """A campaign with its five seats (vacant ones too), milestones and progress."""
    with maybe_session(session) as s:
        return _as_dict(s, _campaign(s, campaign_id))


def list_campaigns(session: Session | None = None) -> list[dict[str, Any]]:
    """Every campaign, oldest first."""
    with maybe_session(session) as s:
        return [_as_dict(s, c) for c in s.scalars(select(Campaign).order_by(Campaign.id))]


def _as_dict(s: Session, row: Campaign) -> dict[str, Any]:
    filled: dict[str, Mapping[str, Any] | None] = {}
    for seat in s.scalars(select(CampaignSeat).where(CampaignSeat.campaign_id == row.id)):
        actor = s.get(Actor, seat.actor_id) if seat.actor_id else None
        usable = actor is not None and not actor.deleted
        filled[seat.geleding] = {"id": actor.id, "name": actor.name} if usable else None  # type: ignore[union-attr]
    milestones = [
        {"id": m.id, "title": m.title, "due": m.due, "progress": m.progress}
        for m in s.scalars(
            select(CampaignMilestone)
            .where(CampaignMilestone.campaign_id == row.id)
            .order_by(CampaignMilestone.due, CampaignMilestone.id)
        )
    ]
    return {
        "id": row.id,
        "title": row.title,
        "subject": row.subject,
        "subject_kind": row.subject_kind,
        "round_id": row.round_id,
        "assignment": row.assignment,
        "budget_eur": row.budget_eur,
        "project_leader": row.project_leader,
        "status": row.status,
        "canvas": dict(row.canvas or {}),
        "team_accounts": list(row.team_accounts or []),
        "seats": domain.seats(filled),
        "milestones": milestones,
        "progress": domain.milestone_progress(milestones),
        "created_by": row.created_by,
    }


def may_see_personal(user: UserInfo | None, campaign: Mapping[str, Any]) -> bool:
    """True for an administrator or an account in the campaign's team."""
    if user is None:
        return False
    return has_role(user, "admin") or user.name in campaign.get("team_accounts", [])


def campaign_by_title(title: str, session: Session | None = None) -> dict[str, Any]:
    """One campaign by its name (NotInStore when there is none)."""
    with maybe_session(session) as s:
        row = s.scalar(select(Campaign).where(Campaign.title == title.strip()))
        if row is None:
            raise NotInStore(f"Er is geen campagne met de naam '{title}'.")
        return _as_dict(s, row)


def seat_actor_ids(campaigns: Iterable[Mapping[str, Any]]) -> dict[int, list[str]]:
    """Actor id → titles of the campaigns in whose team it sits (for the map layer)."""
    out: dict[int, list[str]] = {}
    for c in campaigns:
        for seat in c["seats"]:
            if seat["actor_id"] is not None:
                out.setdefault(seat["actor_id"], []).append(c["title"])
    return out
