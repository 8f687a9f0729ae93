"""Demand groups: named business-park polygons (bedrijventerreinen) for the scheme rule.

Revision ID: 0009_seg_scheme
Revises: 0008_finance

Append-only like the schemes: every save adds a version; the newest version per name is the
polygon in use. Geometry as WKT in RD New (EPSG:28992).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_seg_scheme"
down_revision = "0009_council2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "business_parks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("geometry_wkt", sa.Text, nullable=False),
        sa.Column("area_ha", sa.Float, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("name", "version", name="uq_business_park_version"),
    )
    op.create_index("ix_business_parks_name", "business_parks", ["name"])


def downgrade() -> None:
    op.drop_index("ix_business_parks_name", table_name="business_parks")
    op.drop_table("business_parks")
