"""The council's cycle: dashboard indicators, campaigns with five seats, sign-ups, meetings.

Revision ID: 0006_council
Revises: 0005_segmentation

Personal data of sign-ups (name, contact) sit only in ``signups`` and only with consent;
``signup_erasures`` records that a sign-up was deleted on request, nothing about whom.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_council"
down_revision = "0005_segmentation"
branch_labels = None
depends_on = None


def _fk(column: str, target: str, name: str, ondelete: str, nullable: bool) -> sa.Column:
    return sa.Column(
        column,
        sa.Integer,
        sa.ForeignKey(target, ondelete=ondelete, name=name),
        nullable=nullable,
    )


def upgrade() -> None:
    op.create_table(
        "council_indicators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("store_indicator", sa.String(100), nullable=False),
        sa.Column("unit", sa.String(50), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("owner", sa.String(20), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("target", sa.Float, nullable=True),
        sa.Column("target_date", sa.Date, nullable=True),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("added_why", sa.Text, nullable=False),
        sa.Column("retired_by", sa.String(200), nullable=True),
        sa.Column("retired_at", sa.DateTime, nullable=True),
        sa.Column("retired_why", sa.Text, nullable=True),
        sa.UniqueConstraint("name", name="uq_council_indicators_name"),
    )
    op.create_table(
        "council_values",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("indicator_id", "council_indicators.id", "fk_value_indicator", "CASCADE", False),
        sa.Column("area", sa.String(200), nullable=False),
        sa.Column("measured_on", sa.Date, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("entered_by", sa.String(200), nullable=False),
        sa.Column("entered_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_council_values_indicator_id", "council_values", ["indicator_id"])
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        _fk("round_id", "vote_rounds.id", "fk_campaign_round", "SET NULL", True),
        sa.Column("assignment", sa.Text, nullable=False),
        sa.Column("budget_eur", sa.Float, nullable=True),
        sa.Column("project_leader", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("canvas", sa.JSON, nullable=False),
        sa.Column("team_accounts", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("title", name="uq_campaigns_title"),
    )
    op.create_table(
        "campaign_seats",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("campaign_id", "campaigns.id", "fk_seat_campaign", "CASCADE", False),
        sa.Column("geleding", sa.String(20), nullable=False),
        _fk("actor_id", "actors.id", "fk_seat_actor", "SET NULL", True),
        sa.UniqueConstraint("campaign_id", "geleding", name="uq_campaign_seat"),
    )
    op.create_table(
        "campaign_milestones",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("campaign_id", "campaigns.id", "fk_milestone_campaign", "CASCADE", False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("due", sa.Date, nullable=True),
        sa.Column("progress", sa.Integer, nullable=False),
    )
    op.create_index("ix_campaign_milestones_campaign_id", "campaign_milestones", ["campaign_id"])
    op.create_table(
        "signup_targets",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("campaign_id", "campaigns.id", "fk_target_campaign", "CASCADE", False),
        sa.Column("buurt", sa.String(30), nullable=False),
        sa.Column("group_name", sa.String(200), nullable=False),
        sa.Column("households", sa.Integer, nullable=False),
        sa.UniqueConstraint("campaign_id", "buurt", "group_name", name="uq_signup_target"),
    )
    op.create_table(
        "signups",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("campaign_id", "campaigns.id", "fk_signup_campaign", "CASCADE", False),
        sa.Column("address_key", sa.String(300), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("bag_id", sa.String(20), nullable=False),
        sa.Column("buurt", sa.String(30), nullable=False),
        sa.Column("group_name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(300), nullable=False),
        sa.Column("consent", sa.Boolean, nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("entered_by", sa.String(200), nullable=False),
        sa.Column("entered_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("campaign_id", "address_key", name="uq_signup_address"),
    )
    op.create_index("ix_signups_campaign_id", "signups", ["campaign_id"])
    op.create_table(
        "signup_erasures",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("campaign_id", "campaigns.id", "fk_erasure_campaign", "CASCADE", False),
        sa.Column("erased_by", sa.String(200), nullable=False),
        sa.Column("erased_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("agenda_md", sa.Text, nullable=True),
        sa.Column("minutes_md", sa.Text, nullable=False),
        sa.Column("minutes_status", sa.String(20), nullable=False),
        sa.Column("publish_concept", sa.Boolean, nullable=False),
        sa.Column("adopted_on", sa.Date, nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("held_on", name="uq_meetings_held_on"),
    )
    op.create_table(
        "meeting_codes",
        sa.Column("code", sa.String(20), primary_key=True),
        _fk("meeting_id", "meetings.id", "fk_mcode_meeting", "CASCADE", False),
        sa.Column("geleding", sa.String(20), nullable=False),
        sa.Column("spent", sa.Boolean, nullable=False),
    )
    op.create_index("ix_meeting_codes_meeting_id", "meeting_codes", ["meeting_id"])
    op.create_table(
        "meeting_submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("meeting_id", "meetings.id", "fk_submission_meeting", "CASCADE", False),
        sa.Column("geleding", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _fk("kwestie_id", "kwesties.id", "fk_submission_kwestie", "SET NULL", True),
        sa.Column("moderated_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_meeting_submissions_meeting_id", "meeting_submissions", ["meeting_id"])
    op.create_table(
        "meeting_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("meeting_id", "meetings.id", "fk_decision_meeting", "CASCADE", False),
        sa.Column("text", sa.Text, nullable=False),
        _fk("kwestie_id", "kwesties.id", "fk_decision_kwestie", "SET NULL", True),
        _fk("campaign_id", "campaigns.id", "fk_decision_campaign", "SET NULL", True),
        _fk("indicator_id", "council_indicators.id", "fk_decision_indicator", "SET NULL", True),
    )
    op.create_index("ix_meeting_decisions_meeting_id", "meeting_decisions", ["meeting_id"])


def downgrade() -> None:
    for table in (
        "meeting_decisions",
        "meeting_submissions",
        "meeting_codes",
        "meetings",
        "signup_erasures",
        "signups",
        "signup_targets",
        "campaign_milestones",
        "campaign_seats",
        "campaigns",
        "council_values",
        "council_indicators",
    ):
        op.drop_table(table)
