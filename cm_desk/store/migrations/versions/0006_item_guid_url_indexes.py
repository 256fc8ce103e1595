"""Indexes on items.guid and items.url: a feed refresh looks its entries up by them.

Without them every refresh of every source scanned the whole items table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 16:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_guid", "items", ["guid"])
    op.create_index("ix_items_url", "items", ["url"])


def downgrade() -> None:
    op.drop_index("ix_items_url", table_name="items")
    op.drop_index("ix_items_guid", table_name="items")
