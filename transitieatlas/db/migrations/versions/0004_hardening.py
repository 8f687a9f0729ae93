"""Hardening: rate-limit counters, owners of saved gebieden, vote receipts apart from ballots.

Revision ID: 0004_hardening
Revises: 0003_rounds

- ``rate_limits``: failed logins per name and per client, anonymous submissions; in the
  database so the limits hold across app processes.
- ``gebiedsafbakening.owner``: the account that saved a gebied; only the owner or an
  editor/admin may overwrite or delete it.
- ``vote_receipts``: the receipt a voter gets, with no link to the ballot (ballot secrecy:
  a receipt proves that a vote was counted, not what it was).
- ``vote_rounds.seed`` becomes BIGINT: drawn seeds go up to 2**32, beyond PostgreSQL's INTEGER.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_hardening"
down_revision = "0003_rounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("hits", sa.Integer, nullable=False),
        sa.Column("window_start", sa.DateTime, nullable=False),
    )
    with op.batch_alter_table("gebiedsafbakening") as batch:
        batch.add_column(sa.Column("owner", sa.String(100), nullable=False, server_default=""))
    op.create_table(
        "vote_receipts",
        sa.Column("receipt", sa.String(32), primary_key=True),
        sa.Column(
            "round_id",
            sa.Integer,
            sa.ForeignKey("vote_rounds.id", ondelete="CASCADE", name="fk_receipt_round"),
            nullable=False,
        ),
        sa.Column("geleding", sa.String(20), nullable=False),
    )
    op.create_index("ix_vote_receipts_round_id", "vote_receipts", ["round_id"])
    if op.get_bind().dialect.name != "sqlite":  # SQLite's INTEGER already holds 64 bits
        op.alter_column("vote_rounds", "seed", type_=sa.BigInteger, existing_type=sa.Integer)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("vote_rounds", "seed", type_=sa.Integer, existing_type=sa.BigInteger)
    op.drop_index("ix_vote_receipts_round_id", table_name="vote_receipts")
    op.drop_table("vote_receipts")
    with op.batch_alter_table("gebiedsafbakening") as batch:
        batch.drop_column("owner")
    op.drop_table("rate_limits")
