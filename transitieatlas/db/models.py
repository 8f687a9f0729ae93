"""ORM classes of the transitieatlas database (SQLAlchemy 2 declarative).

Every class here must match the Alembic migrations in ``migrations/versions``;
``tests/test_db.py`` compares the migrated schema with ``Base.metadata``.
Times are stored as naive UTC (``utcnow()``), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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
    seed: Mapped[int | None] = mapped_column(Integer, nullable=True)
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
