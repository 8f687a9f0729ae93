"""Prioritisation: kwesties, clusters, voting rounds, one-time voting codes and ballots.

Revision ID: 0003_rounds
Revises: 0002_actors

Ballot secrecy by design: ``vote_codes`` records only whether a code is spent (no time,
no ballot), and ``vote_ballots`` holds no code, no voter and no time: a random
``ballot_id``, the geleding and the choices.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_rounds"
down_revision = "0002_actors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("name", name="uq_clusters_name"),
    )
    op.create_table(
        "kwesties",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("geleding", sa.String(20), nullable=False),
        sa.Column("links", sa.JSON, nullable=False),
        sa.Column("proposed_by", sa.String(200), nullable=False),
        sa.Column(
            "cluster_id",
            sa.Integer,
            sa.ForeignKey("clusters.id", ondelete="SET NULL", name="fk_kwestie_cluster"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("title", name="uq_kwesties_title"),
    )
    op.create_table(
        "vote_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("item_kind", sa.String(20), nullable=False),
        sa.Column("shortlist_size", sa.Integer, nullable=True),
        sa.Column(
            "parent_id",
            sa.Integer,
            sa.ForeignKey("vote_rounds.id", name="fk_round_parent"),
            nullable=True,
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.Column("seed", sa.Integer, nullable=True),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("next_vote_on", sa.Date, nullable=True),
    )
    op.create_table(
        "vote_codes",
        sa.Column("code", sa.String(20), primary_key=True),
        sa.Column(
            "round_id",
            sa.Integer,
            sa.ForeignKey("vote_rounds.id", ondelete="CASCADE", name="fk_code_round"),
            nullable=False,
            index=True,
        ),
        sa.Column("geleding", sa.String(20), nullable=False),
        sa.Column("spent", sa.Boolean, nullable=False),
    )
    op.create_table(
        "vote_ballots",
        sa.Column("ballot_id", sa.String(32), primary_key=True),
        sa.Column(
            "round_id",
            sa.Integer,
            sa.ForeignKey("vote_rounds.id", ondelete="CASCADE", name="fk_ballot_round"),
            nullable=False,
            index=True,
        ),
        sa.Column("geleding", sa.String(20), nullable=False),
        sa.Column("choices", sa.JSON, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("vote_ballots")
    op.drop_table("vote_codes")
    op.drop_table("vote_rounds")
    op.drop_table("kwesties")
    op.drop_table("clusters")
