"""Where inbound items stand: triage state and whether they have been answered."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection, select, update

from cm_desk.domain.models import Changes, Triage
from cm_desk.store.engine import Store
from cm_desk.store.schema import Item
from cm_desk.store.sqlutil import chunks
from cm_desk.triage.common import utc


def conversations_of(conn: Connection, item_ids: Sequence[int]) -> set[int]:
    """The conversations some items belong to."""
    out: set[int] = set()
    for chunk in chunks(list(item_ids)):
        out.update(conn.execute(select(Item.conversation_id).where(Item.id.in_(chunk))).scalars())
    return out


def set_triage_in(conn: Connection, item_ids: Iterable[int], triage: Triage) -> Changes:
    """Set the triage state of items in the caller's transaction."""
    ids = sorted(set(item_ids))
    changed = 0
    for chunk in chunks(ids):
        changed += conn.execute(
            update(Item)
            .where(Item.id.in_(chunk), Item.triage != triage.value)
            .values(triage=triage.value)
        ).rowcount
    return Changes(items_updated=changed, conversations=conversations_of(conn, ids))


def set_triage(store: Store, item_ids: Iterable[int], triage: Triage) -> Changes:
    """Move items to ``triage`` (new, open, done, spam, abuse)."""
    with store.write() as conn:
        return set_triage_in(conn, item_ids, triage)


def mark_answered_in(
    conn: Connection, item_ids: Iterable[int], when: datetime | None = None
) -> Changes:
    """Stamp items answered in the caller's transaction; an earlier answer is kept."""
    ids = sorted(set(item_ids))
    answered = utc(when)
    changed = 0
    for chunk in chunks(ids):
        changed += conn.execute(
            update(Item)
            .where(Item.id.in_(chunk), Item.answered_at.is_(None))
            .values(answered_at=answered)
        ).rowcount
    return Changes(items_updated=changed, conversations=conversations_of(conn, ids))


def mark_answered(store: Store, item_ids: Iterable[int], when: datetime | None = None) -> Changes:
    """Record that items were answered (outside cm-desk, say) at ``when`` (default now)."""
    with store.write() as conn:
        return mark_answered_in(conn, item_ids, when)


def snooze(store: Store, item_ids: Iterable[int], until: datetime | None) -> Changes:
    """Hide items from the queue until ``until`` (None: wake them now)."""
    ids = sorted(set(item_ids))
    with store.write() as conn:
        changed = 0
        for chunk in chunks(ids):
            changed += conn.execute(
                update(Item).where(Item.id.in_(chunk)).values(snoozed_until=until)
            ).rowcount
        return Changes(items_updated=changed, conversations=conversations_of(conn, ids))
