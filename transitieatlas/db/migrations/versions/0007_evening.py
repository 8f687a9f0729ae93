"""Information evening: presentations, the evening's survey, its answers and contacts.

Revision ID: 0007_evening
Revises: 0006_council

Survey answers hold a random per-phone token (one answer per phone per survey), the
geleding and the answers: no name, no time. Contact details given with consent are a
separate table that cannot be linked to the answers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_evening"
down_revision = "0006_council"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "presentations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("area_code", sa.String(40), nullable=False),
        sa.Column("screens", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("name", name="uq_presentations_name"),
    )
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("questions", sa.JSON, nullable=False),
        sa.Column("min_count", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("name", name="uq_surveys_name"),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "survey_id",
            sa.Integer,
            sa.ForeignKey("surveys.id", ondelete="CASCADE", name="fk_response_survey"),
            nullable=False,
        ),
        sa.Column("phone", sa.String(64), nullable=False),
        sa.Column("geleding", sa.String(20), nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.UniqueConstraint("survey_id", "phone", name="uq_survey_responses_phone"),
    )
    op.create_table(
        "survey_contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "survey_id",
            sa.Integer,
            sa.ForeignKey("surveys.id", ondelete="CASCADE", name="fk_contact_survey"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("geleding", sa.String(20), nullable=False),
        sa.Column("consent", sa.Text, nullable=False),
        sa.Column("consented_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("survey_contacts")
    op.drop_table("survey_responses")
    op.drop_table("surveys")
    op.drop_table("presentations")
