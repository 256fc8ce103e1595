"""Items whose flags changed since sync compared them, kept by triggers.

Sync pushes the CM's read/flagged/answered changes to the server; finding
them by comparing every message with its server flags reads the whole items
table (bodies and all) on each sync. Triggers note the changed items
instead. The trigger DDL is frozen here on purpose.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A new version on every change: sync forgets a note only if it is the one it
# compared, so a change made while a sync runs is never lost.
_NOTE = (
    "INSERT OR REPLACE INTO flag_changes (item_id, version) VALUES (NEW.id, "
    "(SELECT coalesce(max(version), 0) + 1 FROM flag_changes))"
)
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER items_flags_changed AFTER UPDATE OF seen, flagged, answered_at ON items "
    "WHEN OLD.seen IS NOT NEW.seen OR OLD.flagged IS NOT NEW.flagged "
    "OR OLD.answered_at IS NOT NEW.answered_at "
    f"BEGIN {_NOTE}; END",
    "CREATE TRIGGER items_flags_new AFTER INSERT ON items WHEN NEW.kind = 'mail' AND EXISTS "
    "(SELECT 1 FROM accounts a WHERE a.id = NEW.account_id AND a.imap_host <> '') "
    f"BEGIN {_NOTE}; END",
)


def upgrade() -> None:
    op.create_table(
        "flag_changes",
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    op.create_index("ix_flag_changes_version", "flag_changes", ["version"])
    if op.get_bind().dialect.name == "sqlite":
        for ddl in _SQLITE_TRIGGERS:
            op.execute(ddl)
        # Everything mail already held is compared once by the next sync.
        op.execute(
            "INSERT INTO flag_changes (item_id, version) "
            "SELECT DISTINCT item_id, 1 FROM mail_locations WHERE gone_at IS NULL"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS items_flags_new")
        op.execute("DROP TRIGGER IF EXISTS items_flags_changed")
    op.drop_index("ix_flag_changes_version", table_name="flag_changes")
    op.drop_table("flag_changes")
