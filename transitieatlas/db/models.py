"""ORM classes of the transitieatlas database (SQLAlchemy 2 declarative).

Every class here must match the Alembic migrations in ``migrations/versions``;
``tests/db/test_db.py`` compares the migrated schema with ``Base.metadata``.
Times are stored as naive UTC (``utcnow()``), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Current time in UTC without tzinfo (how the database stores it)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class Base(DeclarativeBase):
    """Declarative base; its metadata is Alembic's ``target_metadata``."""


class Afbakening(Base):
    """A gebiedsafbakening: the council's chosen area as a set of buurt/wijk codes."""

    __tablename__ = "gebiedsafbakening"
    __table_args__ = (UniqueConstraint("name", name="uq_gebiedsafbakening_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    codes: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    gemeente_code: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    owner: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    """Name of the account that saved it first ('' for areas saved before 0004_hardening)."""
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class User(Base):
    """An account that can log in (editor or admin); viewers need no account."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("name", name="uq_users_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(300), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Actor(Base):
    """An actor on the transitiekaart. ``version`` guards against lost updates."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    geleding: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    website: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    contact: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    private_contact: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    buurt_code: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    submitted_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class ActorRelation(Base):
    """A directed relation between two actors, e.g. "lid van" or "werkt samen met"."""

    __tablename__ = "actor_relations"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "kind", name="uq_actor_relation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE", name="fk_relation_source"), nullable=False
    )
    target_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE", name="fk_relation_target"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ActorHistory(Base):
    """One change to an actor: who, when, which field, old and new value (as text)."""

    __tablename__ = "actor_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE", name="fk_history_actor"),
        nullable=False,
        index=True,
    )
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    user_name: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    field: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)


# --- prioritisation (revision 0003_rounds; used by transitieatlas.voting.rounds) ----------------


class Cluster(Base):
    """A group of kwesties made by the presidium, with its name and the explanation why."""

    __tablename__ = "clusters"
    __table_args__ = (UniqueConstraint("name", name="uq_clusters_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    explanation: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Kwestie(Base):
    """An issue proposed by a geleding; in at most one cluster (``cluster_id``)."""

    __tablename__ = "kwesties"
    __table_args__ = (UniqueConstraint("title", name="uq_kwesties_title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)
    links: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    proposed_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL", name="fk_kwestie_cluster"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class VoteRound(Base):
    """A voting round over ``items`` (cluster names or kwestie titles)."""

    __tablename__ = "vote_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    method: Mapped[str] = mapped_column(String(20), nullable=False)
    items: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    item_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    shortlist_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("vote_rounds.id", name="fk_round_parent"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    opened_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    opened_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    seed: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), nullable=True
    )
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    next_vote_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class VoteCode(Base):
    """A one-time voting code for one round and geleding; never linked to a ballot."""

    __tablename__ = "vote_codes"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("vote_rounds.id", ondelete="CASCADE", name="fk_code_round"),
        nullable=False,
        index=True,
    )
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)
    spent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class VoteBallot(Base):
    """A secret ballot: random id, geleding and choices; no code, voter or time."""

    __tablename__ = "vote_ballots"

    ballot_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("vote_rounds.id", ondelete="CASCADE", name="fk_ballot_round"),
        nullable=False,
        index=True,
    )
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)
    choices: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False)


# --- hardening (revision 0004_hardening): rate limits, gebied owners, vote receipts -------------


class RateLimit(Base):
    """A counter of events (failed logins, anonymous submissions) per key in a time window.

    ``key`` is e.g. ``login-name:anna``, ``login-client:203.0.113.5`` or ``submit:*``; the
    counter lives in the database so that it holds across app processes and the CLI.
    """

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class VoteReceipt(Base):
    """A voter's receipt: proves that *a* ballot was counted, never which one.

    No link to the ballot or the code; published (sorted) in the archive of a closed round.
    """

    __tablename__ = "vote_receipts"

    receipt: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("vote_rounds.id", ondelete="CASCADE", name="fk_receipt_round"),
        nullable=False,
        index=True,
    )
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)


# --- council's cycle (revision 0006_council; used by transitieatlas.council) --------------------


class CouncilIndicator(Base):
    """A dashboard indicator chosen by the council: from the store or a manual series.

    Adding and retiring are recorded with who, when and why (the dashboard's own
    maintenance is agenda item 3b of section 4.6.5).
    """

    __tablename__ = "council_indicators"
    __table_args__ = (UniqueConstraint("name", name="uq_council_indicators_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    store_indicator: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    unit: Mapped[str] = mapped_column(String(50), nullable=False)
    source: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    owner: Mapped[str] = mapped_column(String(20), nullable=False)
    direction: Mapped[str] = mapped_column(String(10), nullable=False)
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    target_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    added_by: Mapped[str] = mapped_column(String(200), nullable=False)
    added_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    added_why: Mapped[str] = mapped_column(Text, nullable=False)
    retired_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    retired_why: Mapped[str | None] = mapped_column(Text, nullable=True)


class CouncilValue(Base):
    """One value of a manual series for an area; never updated, so the history stays."""

    __tablename__ = "council_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("council_indicators.id", ondelete="CASCADE", name="fk_value_indicator"),
        nullable=False,
        index=True,
    )
    area: Mapped[str] = mapped_column(String(200), nullable=False)
    measured_on: Mapped[date] = mapped_column(Date, nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    source: Mapped[str] = mapped_column(String(500), nullable=False)
    entered_by: Mapped[str] = mapped_column(String(200), nullable=False)
    entered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Campaign(Base):
    """A campaign for a top kwestie or cluster, with assignment, budget and canvas."""

    __tablename__ = "campaigns"
    __table_args__ = (UniqueConstraint("title", name="uq_campaigns_title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    subject_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("vote_rounds.id", ondelete="SET NULL", name="fk_campaign_round"), nullable=True
    )
    assignment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    budget_eur: Mapped[float | None] = mapped_column(Float, nullable=True)
    project_leader: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    canvas: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    team_accounts: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class CampaignSeat(Base):
    """The seat of one geleding in a campaign team; ``actor_id`` None = vacant."""

    __tablename__ = "campaign_seats"
    __table_args__ = (UniqueConstraint("campaign_id", "geleding", name="uq_campaign_seat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE", name="fk_seat_campaign"), nullable=False
    )
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL", name="fk_seat_actor"), nullable=True
    )


class CampaignMilestone(Base):
    """A milestone of a campaign with its progress (0–100 %)."""

    __tablename__ = "campaign_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE", name="fk_milestone_campaign"),
        nullable=False,
        index=True,
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class SignupTarget(Base):
    """Households (or buildings) per buurt × demand group: the denominator of the share."""

    __tablename__ = "signup_targets"
    __table_args__ = (
        UniqueConstraint("campaign_id", "buurt", "group_name", name="uq_signup_target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE", name="fk_target_campaign"), nullable=False
    )
    buurt: Mapped[str] = mapped_column(String(30), nullable=False)
    group_name: Mapped[str] = mapped_column(String(200), nullable=False)
    households: Mapped[int] = mapped_column(Integer, nullable=False)


class Signup(Base):
    """A sign-up (intekening) or a doubter to visit; personal data only with consent."""

    __tablename__ = "signups"
    __table_args__ = (UniqueConstraint("campaign_id", "address_key", name="uq_signup_address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE", name="fk_signup_campaign"),
        nullable=False,
        index=True,
    )
    address_key: Mapped[str] = mapped_column(String(300), nullable=False)
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    bag_id: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    buurt: Mapped[str] = mapped_column(String(30), nullable=False)
    group_name: Mapped[str] = mapped_column(String(200), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    contact: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    consent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    signed_on: Mapped[date] = mapped_column(Date, nullable=False)
    entered_by: Mapped[str] = mapped_column(String(200), nullable=False)
    entered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    consent_text: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    """The consent text the household agreed to (self sign-up; empty when the team entered it)."""
    consent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    """When that consent was given (UTC)."""


class SignupErasure(Base):
    """That a sign-up was deleted on request (AVG): when and by whom, nothing personal."""

    __tablename__ = "signup_erasures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE", name="fk_erasure_campaign"), nullable=False
    )
    erased_by: Mapped[str] = mapped_column(String(200), nullable=False)
    erased_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Meeting(Base):
    """A council meeting: its (editable) agenda and its minutes (concept/vastgesteld)."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("held_on", name="uq_meetings_held_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    agenda_md: Mapped[str | None] = mapped_column(Text, nullable=True)
    minutes_md: Mapped[str] = mapped_column(Text, nullable=False, default="")
    minutes_status: Mapped[str] = mapped_column(String(20), nullable=False)
    publish_concept: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    adopted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class MeetingCode(Base):
    """A one-time code with which a geleding brings in one kwestie for a meeting."""

    __tablename__ = "meeting_codes"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE", name="fk_mcode_meeting"),
        nullable=False,
        index=True,
    )
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)
    spent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Submission(Base):
    """A kwestie brought in by a geleding for a meeting, moderated by the presidium."""

    __tablename__ = "meeting_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE", name="fk_submission_meeting"),
        nullable=False,
        index=True,
    )
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    kwestie_id: Mapped[int | None] = mapped_column(
        ForeignKey("kwesties.id", ondelete="SET NULL", name="fk_submission_kwestie"),
        nullable=True,
    )
    moderated_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Decision(Base):
    """A decision in the minutes, linked to a kwestie, a campaign and/or an indicator."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE", name="fk_decision_meeting"),
        nullable=False,
        index=True,
    )
    text: Mapped[str] = mapped_column(Text, nullable=False)
    kwestie_id: Mapped[int | None] = mapped_column(
        ForeignKey("kwesties.id", ondelete="SET NULL", name="fk_decision_kwestie"), nullable=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL", name="fk_decision_campaign"),
        nullable=True,
    )
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_indicators.id", ondelete="SET NULL", name="fk_decision_indicator"),
        nullable=True,
    )


# --- information evening (revision 0007_evening; used by transitieatlas.evening) -----------------


class Presentation(Base):
    """A saved, ordered list of screens for a projector (``screens``: list of
    ``{"kind": ..., **params}`` dicts, see :mod:`transitieatlas.evening.screens`)."""

    __tablename__ = "presentations"
    __table_args__ = (UniqueConstraint("name", name="uq_presentations_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    area_code: Mapped[str] = mapped_column(String(40), nullable=False)
    screens: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Survey(Base):
    """The evening's survey: its questions (JSON), open or closed, and the minimum number of
    answers before a geleding's result is shown."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("name", name="uq_surveys_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    min_count: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SurveyResponse(Base):
    """One phone's answers: ``phone`` is a random token kept in that phone's cookie (one
    answer per phone per survey); no name, no time, no address."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "phone", name="uq_survey_responses_phone"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE", name="fk_response_survey"), nullable=False
    )
    phone: Mapped[str] = mapped_column(String(64), nullable=False)
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


class SurveyContact(Base):
    """Contact details given with consent, kept apart from the answers (not linkable to
    them); only for the campaign team. ``consent`` is the exact text agreed to."""

    __tablename__ = "survey_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE", name="fk_contact_survey"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    contact: Mapped[str] = mapped_column(String(200), nullable=False)
    geleding: Mapped[str] = mapped_column(String(20), nullable=False)
    consent: Mapped[str] = mapped_column(Text, nullable=False)
    consented_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


# --- finance (concept-WUP) -----------------------------------------------------------------


class WupSection(Base):
    """One version of a council-written section of the concept-WUP (organisation form,
    decisions, …). Append-only: the newest version per area and section is the text; the
    older rows are its history."""

    __tablename__ = "wup_sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    section: Mapped[str] = mapped_column(String(50), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


# --- segmentation (vraaggroepen) -------------------------------------------------------------


class SegmentationScheme(Base):
    """One version of a demand-group scheme (JSON). Append-only: the newest version per name
    is the scheme in use; older rows are its history."""

    __tablename__ = "segmentation_schemes"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_segmentation_scheme_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    scheme: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


# --- segmentation: business parks (bedrijventerreinen) ---------------------------------------


class BusinessPark(Base):
    """One version of a named business-park polygon (bedrijventerrein) that the scheme rule
    "op een bedrijventerrein" uses: (multi)polygon as WKT in RD New (EPSG:28992). Append-only:
    the newest version per name is the polygon in use."""

    __tablename__ = "business_parks"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_business_park_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    geometry_wkt: Mapped[str] = mapped_column(Text, nullable=False)
    area_ha: Mapped[float] = mapped_column(Float, nullable=False)
    author: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
