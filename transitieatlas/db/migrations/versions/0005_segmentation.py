"""Demand groups: the campaign team's segmentation schemes, with their history.

Revision ID: 0005_segmentation
Revises: 0004_hardening

Append-only: every save adds a version; the newest version per name is the scheme in use,
the older ones are its history (a scheme is JSON, see transitieatlas.segmentation.scheme).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_segmentation"
down_revision = "0004_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "segmentation_schemes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("scheme", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("name", "version", name="uq_segmentation_scheme_version"),
    )
    op.create_index("ix_segmentation_schemes_name", "segmentation_schemes", ["name"])


def downgrade() -> None:
    op.drop_index("ix_segmentation_schemes_name", table_name="segmentation_schemes")
    op.drop_table("segmentation_schemes")
