"""The evening's surveys in the database: create, answer (one answer per phone), close,
results, and the contacts for the campaign team (kept apart from the answers)."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from transitieatlas.db import maybe_session
from transitieatlas.db.models import Survey, SurveyContact, SurveyResponse, utcnow
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.evening import survey as logic

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


def survey_results(name: str) -> tuple[dict[str, Any], list[logic.QuestionResult], int]:
    """The survey, its results (see :func:`transitieatlas.evening.survey.results`) and the
    number of answers."""
    survey = get_survey(name)
    with maybe_session() as s:
        rows = s.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey["id"]))
        answers = [logic.Answer(r.geleding, dict(r.answers)) for r in rows]
    return survey, logic.results(survey["questions"], answers, survey["min_count"]), len(answers)


def contacts(name: str) -> list[dict[str, str]]:
    """Contact details given with consent (for the campaign team only), with the consent text."""
    survey = get_survey(name)
    with maybe_session() as s:
        rows = s.scalars(select(SurveyContact).where(SurveyContact.survey_id == survey["id"]))
        return [{"name": r.name, "contact": r.contact, "geleding": r.geleding,
                 "consent": r.consent, "consented_at": r.consented_at.isoformat()}
                for r in rows]  # fmt: skip
