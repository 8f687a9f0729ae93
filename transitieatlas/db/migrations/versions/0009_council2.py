"""Council 2: self sign-up records the consent text and moment, and who entered a sign-up.

Revision ID: 0009_council2
Revises: 0008_finance

A household that signs up itself on the public page ticks a consent box; the exact text it
agreed to and the moment are kept with the sign-up (AVG: proof of consent).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_council2"
down_revision = "0008_finance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signups") as batch:
        batch.add_column(sa.Column("consent_text", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("consent_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("signups") as batch:
        batch.drop_column("consent_at")
        batch.drop_column("consent_text")
