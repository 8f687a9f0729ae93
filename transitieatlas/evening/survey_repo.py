"""The evening's surveys in the database: create, answer (one answer per phone), close,
results, and what a closed survey gives the council: its ranking as kwesties (one step by the
presidium), its group interest beside the vraaggroepen, and the contacts for the campaign
team only (kept apart from the answers)."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from transitieatlas.accounts.auth import UserInfo, require_role
from transitieatlas.db import maybe_session
from transitieatlas.db.models import Survey, SurveyContact, SurveyResponse, utcnow
from transitieatlas.errors import InputError, NotInStore, PermissionDenied
from transitieatlas.evening import survey as logic
from transitieatlas.voting import rounds

OPEN, CLOSED = "open", "closed"
_write_lock = threading.Lock()
"""One writer at a time (SQLite allows one; the web server answers phones in threads)."""


class AlreadyAnswered(InputError):
    """This phone has already answered this survey."""


class SurveyClosed(InputError):
    """The survey no longer takes answers."""


def create_survey(
    name: str,
    title: str,
    questions: Sequence[Mapping[str, Any]] | None = None,
    min_count: int = logic.DEFAULT_MIN_COUNT,
) -> dict[str, Any]:
    """A new open survey (default questions when none given); :class:`InputError` when the
    name is taken or the questions are unusable."""
    qs = [dict(q) for q in (questions or logic.default_questions())]
    problems = logic.question_problems(qs)
    if not name.strip():
        problems.append("de enquête heeft een naam nodig")
    if min_count < 1:
        problems.append("het minimum aantal antwoorden per geleding is minstens 1")
    if problems:
        raise InputError("De enquête kan zo niet worden gemaakt:", problems)
    with _write_lock, maybe_session() as s:
        if s.scalars(select(Survey).where(Survey.name == name.strip())).first():
            raise InputError(f"Er is al een enquête '{name.strip()}'. Kies een andere naam.")
        row = Survey(name=name.strip(), title=title.strip() or name.strip(), questions=qs,
                     min_count=min_count, status=OPEN)  # fmt: skip
        s.add(row)
        s.flush()
        return _info(row)


def _info(row: Survey) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "title": row.title, "questions": row.questions,
            "min_count": row.min_count, "status": row.status}  # fmt: skip


def get_survey(name: str) -> dict[str, Any]:
    """The survey called ``name``; :class:`NotInStore` (Dutch) when there is none."""
    with maybe_session() as s:
        row = s.scalars(select(Survey).where(Survey.name == name)).first()
        if row is None:
            raise NotInStore(f"Er is geen enquête '{name}'.")
        return _info(row)


def answer(
    name: str,
    phone: str,
    geleding: str,
    answers: Mapping[str, Any],
    contact: Mapping[str, str] | None = None,
) -> None:
    """Store one phone's answer. Raises :class:`SurveyClosed`, :class:`AlreadyAnswered` or
    :class:`InputError` (Dutch); nothing is stored then. ``contact`` (``name``, ``contact``)
    is stored separately, with the consent text, only when both are filled in."""
    if not phone:
        raise InputError("Uw telefoon is niet herkend: sta cookies toe en laad de pagina opnieuw.")
    with _write_lock, maybe_session() as s:
        survey = s.scalars(select(Survey).where(Survey.name == name)).first()
        if survey is None:
            raise NotInStore(f"Er is geen enquête '{name}'.")
        if survey.status != OPEN:
            raise SurveyClosed("Deze enquête is gesloten: er kunnen geen antwoorden meer bij.")
        checked = logic.check_answer(survey.questions, geleding, answers)
        taken = s.scalars(
            select(SurveyResponse.id).where(
                SurveyResponse.survey_id == survey.id, SurveyResponse.phone == phone
            )
        ).first()
        if taken is not None:
            raise AlreadyAnswered("U heeft deze enquête al ingevuld: één antwoord per telefoon.")
        s.add(SurveyResponse(survey_id=survey.id, phone=phone, geleding=checked.geleding,
                             answers=checked.answers))  # fmt: skip
        if contact and contact.get("name", "").strip() and contact.get("contact", "").strip():
            s.add(SurveyContact(survey_id=survey.id, name=contact["name"].strip()[:200],
                                contact=contact["contact"].strip()[:200], geleding=geleding,
                                consent=logic.CONSENT_TEXT))  # fmt: skip
        try:
            s.flush()
        except IntegrityError as err:  # a second request of the same phone at the same moment
            raise AlreadyAnswered(
                "U heeft deze enquête al ingevuld: één antwoord per telefoon."
            ) from err


def close_survey(name: str) -> dict[str, Any]:
    """Close the survey (no more answers); closing twice is harmless."""
    with _write_lock, maybe_session() as s:
        row = s.scalars(select(Survey).where(Survey.name == name)).first()
        if row is None:
            raise NotInStore(f"Er is geen enquête '{name}'.")
        if row.status == OPEN:
            row.status, row.closed_at = CLOSED, utcnow()
        return _info(row)


def answer_count(name: str) -> int:
    """Number of answers so far."""
    survey = get_survey(name)
    with maybe_session() as s:
        return int(
            s.scalar(
                select(func.count(SurveyResponse.id)).where(
                    SurveyResponse.survey_id == survey["id"]
                )
            )
            or 0
        )


def list_surveys(session: Session | None = None) -> list[dict[str, Any]]:
    """Every survey, newest first."""
    with maybe_session(session) as s:
        return [_info(r) for r in s.scalars(select(Survey).order_by(Survey.id.desc()))]


def _answers(s: Session, survey_id: int) -> list[logic.Answer]:
    rows = s.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id))
    return [logic.Answer(r.geleding, dict(r.answers)) for r in rows]


def survey_results(name: str) -> tuple[dict[str, Any], list[logic.QuestionResult], int]:
    """The survey, its results (see :func:`transitieatlas.evening.survey.results`) and the
    number of answers."""
    survey = get_survey(name)
    with maybe_session() as s:
        answers = _answers(s, survey["id"])
    return survey, logic.results(survey["questions"], answers, survey["min_count"]), len(answers)


def make_kwesties(
    name: str, *, user: UserInfo | None, top: int | None = None
) -> tuple[list[str], list[str]]:
    """The presidium's one step after the evening: the closed survey's ranking becomes
    kwesties, best first (at most ``top``), each brought in on behalf of the geleding that
    ranked it highest (:func:`transitieatlas.evening.survey.kwestie_proposals`).

    Returns (titles added, titles skipped because a kwestie of that title exists). All or
    nothing; :class:`InputError` (Dutch) when the survey is still open, has no ranking
    question or too few answers, and :class:`PermissionDenied` for anyone but the presidium.
    """
    require_role(user, rounds.CHAIR_ROLE, "kwesties uit een enquête maken")
    survey, results, n = survey_results(name)
    if survey["status"] != CLOSED:
        raise InputError(
            f"Sluit de enquête '{name}' eerst (transitieatlas survey close); "
            "daarna kan haar rangorde kwesties worden."
        )
    ranking = logic.first_of_kind(results, "rangorde")
    if ranking is None:
        raise InputError(f"De enquête '{name}' heeft geen vraag met een rangorde van kwesties.")
    proposals = logic.kwestie_proposals(survey["title"], ranking, top)
    if not proposals:
        raise InputError(
            f"De enquête '{name}' heeft te weinig antwoorden ({n}): geen geleding heeft er "
            f"{survey['min_count']} of meer, dus er is geen rangorde om kwesties van te maken."
        )
    added, skipped = [], []
    with maybe_session() as s:
        existing = {k.title for k in rounds.list_kwesties(session=s)}
        for p in proposals:
            if p.title.strip() in existing:
                skipped.append(p.title)
                continue
            rounds.add_kwestie(p.title, p.geleding, p.description, (), f"enquête {name}",
                               user=user, session=s)  # fmt: skip
            added.append(p.title)
    return added, skipped


def group_interest(name: str) -> tuple[dict[str, int], int]:
    """Per demand group of the survey's ``groep`` question the number of answers that would
    join it (shown geledingen only, see :func:`transitieatlas.evening.survey.group_interest`),
    and the number of answers counted. :class:`InputError` when the survey has no such
    question."""
    survey = get_survey(name)
    with maybe_session() as s:
        answers = _answers(s, survey["id"])
    results = logic.results(survey["questions"], answers, survey["min_count"])
    groups = logic.first_of_kind(results, "groep")
    if groups is None:
        raise InputError(f"De enquête '{name}' vraagt niet bij welke groep men wil aansluiten.")
    counted = sum(1 for a in answers if a.geleding in groups.shown)
    return logic.group_interest(groups, answers), counted


def contacts(name: str, *, user: UserInfo | None, campaign: str) -> list[dict[str, str]]:
    """Contact details given with consent, with the consent text: only for the team of the
    campaign named ``campaign`` (or an administrator); :class:`PermissionDenied` otherwise."""
    from transitieatlas.council import campaign_repo

    team = campaign_repo.campaign_by_title(campaign)
    if not campaign_repo.may_see_personal(user, team):
        raise PermissionDenied(
            "Contactgegevens uit de enquête zijn alleen voor het campagneteam van "
            f"'{team['title']}'."
        )
    survey = get_survey(name)
    with maybe_session() as s:
        rows = s.scalars(select(SurveyContact).where(SurveyContact.survey_id == survey["id"]))
        return [{"name": r.name, "contact": r.contact, "geleding": r.geleding,
                 "consent": r.consent, "consented_at": r.consented_at.isoformat()}
                for r in rows]  # fmt: skip
