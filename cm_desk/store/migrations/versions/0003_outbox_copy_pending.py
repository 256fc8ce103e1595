"""Outbox: remember that a sent message's copy in Sent is still to be filed.

A crash (or a failing IMAP server) between the SMTP send and the APPEND to
Sent left no copy and no trace of the missing step; the next delivery run
now files it (after looking for it by Message-ID, so never twice).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 14:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("copy_pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("copy_pending")
