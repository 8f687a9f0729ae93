"""Meetings in the database: agenda, kwesties brought in per geleding, minutes, decisions.

- The agenda is generated from the fixed structure (:mod:`transitieatlas.council.agenda`)
  with its variable parts from the app; the presidium may save an edited text.
- Each geleding brings in kwesties itself with one-time codes (like the voting codes);
  the presidium accepts (the kwestie joins the inventory of the Kwesties page) or rejects.
- Minutes are ``concept`` until adopted (``vastgesteld``), after which they no longer
  change. The public sees adopted minutes, and concept minutes only when the council
  chose to publish them (4.6.6).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from transitieatlas.accounts.auth import UserInfo, require_role
from transitieatlas.council import agenda as agenda_mod
from transitieatlas.council import campaign_repo, indicator_repo
from transitieatlas.db import maybe_session
from transitieatlas.db.models import (
    Campaign,
    CouncilIndicator,
    Decision,
    Kwestie,
    Meeting,
    MeetingCode,
    Submission,
    VoteCode,
    utcnow,
)
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.geledingen import GELEDINGEN
from transitieatlas.voting import rounds

PRESIDIUM_ROLE = "editor"
CONCEPT, ADOPTED = "concept", "vastgesteld"
SUBMITTED, ACCEPTED, REJECTED = "ingediend", "geaccepteerd", "afgewezen"
MAX_CODES = 200


def create_meeting(held_on: date, *, user: UserInfo | None, session: Session | None = None) -> int:
    """Plan a meeting on ``held_on``; returns its id (one meeting per day)."""
    who = require_role(user, PRESIDIUM_ROLE, "een vergadering plannen")
    with maybe_session(session) as s:
        if s.scalar(select(Meeting.id).where(Meeting.held_on == held_on)) is not None:
            raise InputError(f"Er is al een vergadering op {agenda_mod.dutch_date(held_on)}.")
        row = Meeting(
            held_on=held_on,
            minutes_md="",
            minutes_status=CONCEPT,
            publish_concept=False,
            created_by=who.name,
            created_at=utcnow(),
        )
        s.add(row)
        s.flush()
        return row.id


def _meeting(s: Session, meeting_id: int) -> Meeting:
    row = s.get(Meeting, meeting_id)
    if row is None:
        raise NotInStore(f"Vergadering {meeting_id} bestaat niet.")
    return row


@dataclass(frozen=True)
class MeetingInfo:
    """A meeting as pages and CLI see it: the day, the saved agenda (Markdown; None until
    the presidium saves one, then it is generated) and minutes, ``minutes_status`` ``concept`` or ``vastgesteld`` (adopted on
    ``adopted_on``), and whether a concept is shown to the public."""

    id: int
    held_on: date
    agenda_md: str | None
    minutes_md: str
    minutes_status: str
    publish_concept: bool
    adopted_on: date | None


def _info(row: Meeting) -> MeetingInfo:
    return MeetingInfo(
        id=row.id,
        held_on=row.held_on,
        agenda_md=row.agenda_md,
        minutes_md=row.minutes_md,
        minutes_status=row.minutes_status,
        publish_concept=row.publish_concept,
        adopted_on=row.adopted_on,
    )


def list_meetings(session: Session | None = None) -> list[MeetingInfo]:
    """Every meeting, newest first."""
    with maybe_session(session) as s:
        return [_info(m) for m in s.scalars(select(Meeting).order_by(Meeting.held_on.desc()))]


def get_meeting(meeting_id: int, session: Session | None = None) -> MeetingInfo:
    """One meeting."""
    with maybe_session(session) as s:
        return _info(_meeting(s, meeting_id))


def meeting_on(held_on: date | None, session: Session | None = None) -> MeetingInfo | None:
    """The meeting on ``held_on``; with None the next one from today (else the latest)."""
    meetings = list_meetings(session=session)
    if held_on is not None:
        return next((m for m in meetings if m.held_on == held_on), None)
    upcoming = [m for m in meetings if m.held_on >= date.today()]
    return upcoming[-1] if upcoming else (meetings[0] if meetings else None)


# --- the agenda --------------------------------------------------------------------------


def agenda_input(
    held_on: date, area: str = "", store: Any | None = None, session: Session | None = None
) -> agenda_mod.AgendaInput:
    """Gather the variable parts of the agenda of ``held_on`` from the database.

    "Since the last meeting" = after the end of the previous meeting's day.
    """
    with maybe_session(session) as s:
        previous = s.scalar(
            select(Meeting).where(Meeting.held_on < held_on).order_by(Meeting.held_on.desc())
        )
        since = datetime.combine(previous.held_on, time.max) if previous else None
        this = s.scalar(select(Meeting).where(Meeting.held_on == held_on))
        concept = s.scalars(
            select(Meeting.held_on)
            .where(Meeting.held_on < held_on, Meeting.minutes_status == CONCEPT)
            .order_by(Meeting.held_on)
        ).all()
        kwesties_in = []
        if this is not None:
            kwesties_in = [
                {"title": x.title, "geleding": x.geleding}
                for x in s.scalars(
                    select(Submission)
                    .where(Submission.meeting_id == this.id, Submission.status != REJECTED)
                    .order_by(Submission.id)
                )
            ]
        closed = [
            r
            for r in rounds.list_rounds("gesloten", session=s)
            if since is None or (r.closed_at and r.closed_at > since)
        ]
        open_titles = [r.title for r in rounds.list_rounds("open", session=s)]
        planned = [r.next_vote_on for r in rounds.list_rounds("gesloten", session=s)]
        campaigns = campaign_repo.list_campaigns(session=s)
        area_obj = indicator_repo.resolve_area(area, session=s) if area else None
        figures = indicator_repo.dashboard(area_obj, store, session=s) if area_obj else []
        with_campaign = {c["subject"] for c in campaigns}
        latest = closed[0] if closed else None
        top = [item for item in (latest.order() if latest else []) if item not in with_campaign][:3]
        return agenda_mod.AgendaInput(
            held_on=held_on,
            area=area_obj.name if area_obj else "",
            minutes_to_adopt=[f"vergadering van {agenda_mod.dutch_date(d)}" for d in concept],
            figures=figures,
            dashboard_changes=indicator_repo.changes_since(since, session=s),
            kwesties_in=kwesties_in,
            clusters=rounds.list_clusters(session=s),
            open_rounds=open_titles,
            closed_rounds=[(r.title, r.result.ranking if r.result else ()) for r in closed],
            next_vote=max((p for p in planned if p), default=None),
            campaigns=campaigns,
            top_without_campaign=top,
        )


def agenda_markdown(
    meeting_id: int, area: str = "", store: Any | None = None, session: Session | None = None
) -> str:
    """The meeting's agenda text: the saved (edited) one, else freshly generated."""
    with maybe_session(session) as s:
        row = _meeting(s, meeting_id)
        if row.agenda_md:
            return row.agenda_md
        return agenda_mod.to_markdown(agenda_input(row.held_on, area, store, session=s))


def save_agenda(
    meeting_id: int, text: str, *, user: UserInfo | None, session: Session | None = None
) -> None:
    """Keep an edited agenda text (empty text = generate again)."""
    require_role(user, PRESIDIUM_ROLE, "de agenda wijzigen")
    with maybe_session(session) as s:
        _meeting(s, meeting_id).agenda_md = text.strip() or None


# --- kwesties per geleding with one-time codes -------------------------------------------


def issue_codes(
    meeting_id: int,
    counts: Mapping[str, int],
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> list[tuple[str, str]]:
    """``counts[geleding]`` one-time codes to bring in a kwestie; ``(printed code, geleding)``."""
    require_role(user, PRESIDIUM_ROLE, "inbrengcodes maken")
    problems = rounds.code_count_problems(counts, MAX_CODES)
    if problems:
        raise InputError("De inbrengcodes kunnen niet worden gemaakt:", problems)
    made = []
    with maybe_session(session) as s:
        _meeting(s, meeting_id)
        for g in GELEDINGEN:
            for _ in range(counts.get(g, 0)):
                code = _new_code(s)
                s.add(MeetingCode(code=code, meeting_id=meeting_id, geleding=g, spent=False))
                s.flush()
                made.append((rounds.format_code(code), g))
    return made


def _new_code(s: Session) -> str:
    while True:
        code = "".join(secrets.choice(rounds.CODE_ALPHABET) for _ in range(rounds.CODE_LENGTH))
        if s.get(MeetingCode, code) is None and s.get(VoteCode, code) is None:
            return code


def submit_kwestie(
    code: str, title: str, description: str = "", session: Session | None = None
) -> int:
    """A geleding brings in a kwestie with a one-time code (no account needed)."""
    clean = title.strip()
    if not clean:
        raise InputError("Geef de kwestie een titel.")
    if any(ch in clean for ch in ">;,"):
        raise InputError("De titel mag geen > ; of , bevatten (die zijn nodig bij het stemmen).")
    with maybe_session(session) as s:
        row = s.get(MeetingCode, rounds.normalise_code(code))
        if row is None:
            raise InputError("Deze inbrengcode bestaat niet. Controleer de code op uw briefje.")
        spent = s.execute(
            update(MeetingCode)
            .where(MeetingCode.code == row.code, MeetingCode.spent.is_(False))
            .values(spent=True)
        )
        if spent.rowcount != 1:  # type: ignore[attr-defined]
            raise InputError("Deze inbrengcode is al gebruikt.")
        sub = Submission(
            meeting_id=row.meeting_id,
            geleding=row.geleding,
            title=clean,
            description=description.strip(),
            status=SUBMITTED,
            moderated_by="",
            submitted_at=utcnow(),
        )
        s.add(sub)
        s.flush()
        return sub.id


def moderate(
    submission_id: int, accept: bool, *, user: UserInfo | None, session: Session | None = None
) -> int | None:
    """The presidium accepts (returns the new kwestie's id) or rejects a submission."""
    who = require_role(user, PRESIDIUM_ROLE, "ingebrachte kwesties beoordelen")
    with maybe_session(session) as s:
        sub = s.get(Submission, submission_id)
        if sub is None:
            raise NotInStore(f"Inbreng {submission_id} bestaat niet.")
        if sub.status != SUBMITTED:
            raise InputError(f"'{sub.title}' is al {sub.status}.")
        sub.moderated_by = who.name
        if not accept:
            sub.status = REJECTED
            return None
        kwestie_id = rounds.add_kwestie(
            sub.title,
            sub.geleding,
            sub.description,
            proposed_by=f"geleding {sub.geleding} (inbrengcode)",
            user=who,
            session=s,
        )
        sub.status, sub.kwestie_id = ACCEPTED, kwestie_id
        return kwestie_id


def list_submissions(meeting_id: int, session: Session | None = None) -> list[dict[str, Any]]:
    """Kwesties brought in for a meeting, in order of arrival."""
    with maybe_session(session) as s:
        return [
            {
                "id": x.id,
                "geleding": x.geleding,
                "title": x.title,
                "description": x.description,
                "status": x.status,
                "kwestie_id": x.kwestie_id,
            }
            for x in s.scalars(
                select(Submission)
                .where(Submission.meeting_id == meeting_id)
                .order_by(Submission.id)
            )
        ]


# --- minutes and decisions ---------------------------------------------------------------


def save_minutes(
    meeting_id: int,
    text: str,
    *,
    publish_concept: bool | None = None,
    user: UserInfo | None,
    session: Session | None = None,
) -> None:
    """Write the concept minutes (refused once they are adopted)."""
    require_role(user, PRESIDIUM_ROLE, "het verslag schrijven")
    with maybe_session(session) as s:
        row = _meeting(s, meeting_id)
        if row.minutes_status == ADOPTED:
            raise InputError("Dit verslag is vastgesteld en verandert niet meer.")
        row.minutes_md = text.strip()
        if publish_concept is not None:
            row.publish_concept = publish_concept


def adopt_minutes(
    meeting_id: int, on: date, *, user: UserInfo | None, session: Session | None = None
) -> None:
    """Adopt the minutes (usually at the next meeting, item 2)."""
    require_role(user, PRESIDIUM_ROLE, "een verslag vaststellen")
    with maybe_session(session) as s:
        row = _meeting(s, meeting_id)
        if row.minutes_status == ADOPTED:
            raise InputError("Dit verslag is al vastgesteld.")
        if not row.minutes_md.strip():
            raise InputError("Het verslag is nog leeg.")
        if on < row.held_on:
            raise InputError("Een verslag kan niet worden vastgesteld vóór de vergadering zelf.")
        row.minutes_status, row.adopted_on = ADOPTED, on


def published_minutes(session: Session | None = None) -> list[MeetingInfo]:
    """What the public sees: adopted minutes, and concepts the council chose to publish."""
    return [
        m
        for m in list_meetings(session=session)
        if m.minutes_md and (m.minutes_status == ADOPTED or m.publish_concept)
    ]


def add_decision(
    meeting_id: int,
    text: str,
    *,
    kwestie_id: int | None = None,
    campaign_id: int | None = None,
    indicator_id: int | None = None,
    user: UserInfo | None,
    session: Session | None = None,
) -> int:
    """Record a decision, linked to a kwestie, a campaign and/or an indicator."""
    require_role(user, PRESIDIUM_ROLE, "een besluit vastleggen")
    if not text.strip():
        raise InputError("Het besluit is leeg.")
    with maybe_session(session) as s:
        row = _meeting(s, meeting_id)
        if row.minutes_status == ADOPTED:
            raise InputError("Het verslag is vastgesteld: besluiten veranderen niet meer.")
        for model, key, word in (
            (Kwestie, kwestie_id, "kwestie"),
            (Campaign, campaign_id, "campagne"),
            (CouncilIndicator, indicator_id, "indicator"),
        ):
            if key is not None and s.get(model, key) is None:
                raise InputError(f"De {word} {key} bestaat niet.")
        dec = Decision(
            meeting_id=meeting_id,
            text=text.strip(),
            kwestie_id=kwestie_id,
            campaign_id=campaign_id,
            indicator_id=indicator_id,
        )
        s.add(dec)
        s.flush()
        return dec.id


def decisions(meeting_id: int, session: Session | None = None) -> list[dict[str, Any]]:
    """A meeting's decisions with the names of what they link to."""
    with maybe_session(session) as s:
        out = []
        for d in s.scalars(
            select(Decision).where(Decision.meeting_id == meeting_id).order_by(Decision.id)
        ):
            out.append(
                {
                    "id": d.id,
                    "text": d.text,
                    "kwestie": s.get(Kwestie, d.kwestie_id).title if d.kwestie_id else None,  # type: ignore[union-attr]
                    "campaign": s.get(Campaign, d.campaign_id).title if d.campaign_id else None,  # type: ignore[union-attr]
                    "indicator": (
                        s.get(CouncilIndicator, d.indicator_id).name if d.indicator_id else None  # type: ignore[union-attr]
                    ),
                }
            )
        return out
