"""Keyword rules, the items each one matched, and an item priority they can set.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keyword_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("require", sa.Text(), nullable=False),
        sa.Column("exclude", sa.Text(), nullable=False),
        sa.Column("whole_word", sa.Boolean(), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("tag", sa.String(100), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("route", sa.String(16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "rule_hits",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rule_id"], ["keyword_rules.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "rule_id"),
    )
    op.create_index("ix_rule_hits_rule_id", "rule_hits", ["rule_id"])
    # A plain ADD COLUMN: rebuilding ``items`` would cost minutes on a big workspace.
    op.add_column("items", sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("priority")
    op.drop_index("ix_rule_hits_rule_id", table_name="rule_hits")
    op.drop_table("rule_hits")
    op.drop_table("keyword_rules")
