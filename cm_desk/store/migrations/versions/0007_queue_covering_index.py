"""The queue's views answered from one index: ix_items_waiting becomes ix_items_queue.

The window's first read lists every item of a view (37,000 in *Needs reply*
at 50,000 items) in its order. The old index found them, but each one was then
read from the table for its kind, snooze, priority, age and conversation:
random reads over a table that also holds every body. On a cold page cache (the
first start of the day) that took 1.6 s. The new index holds those columns too,
with the old ones first, so what used the old index uses this one: 55 ms cold.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 01:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

QUEUE_COLUMNS = [
    "direction",
    "triage",
    "answered_at",
    "kind",
    "snoozed_until",
    "priority",
    "sort_key",
    "conversation_id",
]


def upgrade() -> None:
    op.drop_index("ix_items_waiting", table_name="items")
    op.create_index("ix_items_queue", "items", QUEUE_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_items_queue", table_name="items")
    op.create_index("ix_items_waiting", "items", ["direction", "triage", "answered_at"])
