"""Finance: the council-written sections of the concept-WUP, with their history.

Revision ID: 0008_finance
Revises: 0007_evening

Append-only: every save adds a row; the newest row per (area, section) is the current text.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_finance"
down_revision = "0007_evening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wup_sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("area", sa.String(200), nullable=False),
        sa.Column("section", sa.String(50), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_wup_sections_area", "wup_sections", ["area"])


def downgrade() -> None:
    op.drop_index("ix_wup_sections_area", table_name="wup_sections")
    op.drop_table("wup_sections")
