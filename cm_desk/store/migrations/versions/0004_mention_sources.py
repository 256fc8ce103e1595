"""Mentions reached through several sources, and each feed's last status.

The same article found by two alerts is one mention that lists both sources
(``mention_sources``); ``feed_state`` remembers how the last fetch ended and
how many failed in a row (for back-off).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 14:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mention_sources",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "source_id"),
    )
    op.create_index("ix_mention_sources_source_id", "mention_sources", ["source_id"])
    with op.batch_alter_table("feed_state", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_status", sa.String(16), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "INSERT INTO mention_sources (item_id, source_id) "
        "SELECT id, source_id FROM items WHERE kind = 'mention' AND source_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("feed_state", schema=None) as batch_op:
        batch_op.drop_column("failures")
        batch_op.drop_column("last_status")
    op.drop_index("ix_mention_sources_source_id", table_name="mention_sources")
    op.drop_table("mention_sources")
