"""Promises: commitments made to someone, with a due date and an owner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from cm_desk.domain.models import PromiseStatus
from cm_desk.store.engine import Store
from cm_desk.store.schema import Promise
from cm_desk.triage.common import NotFoundError, utc


def make_promise_in(
    conn: Connection,
    conversation_id: int,
    what: str,
    due: datetime | None,
    owner_colleague_id: int | None = None,
    item_id: int | None = None,
    person_id: int | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Record an open promise in the caller's transaction; returns its id."""
    what = what.strip()
    if not what:
        raise ValueError("a promise needs a description of what was promised")
    result = conn.execute(
        insert(Promise)
        .values(
            conversation_id=conversation_id,
            item_id=item_id,
            person_id=person_id,
            what=what,
            due_at=utc(due) if due is not None else None,
            owner_colleague_id=owner_colleague_id,
            status=PromiseStatus.OPEN.value,
            created_at=utc(now),
            resolved_at=None,
        )
        .returning(Promise.id)
    )
    return int(result.scalar_one())


def make_promise(
    store: Store,
    conversation_id: int,
    what: str,
    due: datetime | None,
    owner_colleague_id: int | None = None,
    item_id: int | None = None,
    person_id: int | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Record that ``what`` was promised in a conversation (owner None = the CM)."""
    with store.write() as conn:
        return make_promise_in(
            conn, conversation_id, what, due, owner_colleague_id, item_id, person_id, now=now
        )


def settle_promise_in(
    conn: Connection, promise_id: int, status: PromiseStatus, *, when: datetime | None = None
) -> None:
    """Set a promise's status in the caller's transaction.

    Settling (kept, broken, cancelled) stamps ``resolved_at``; re-opening clears it.
    """
    exists = conn.execute(select(Promise.id).where(Promise.id == promise_id)).scalar()
    if exists is None:
        raise NotFoundError(f"no promise {promise_id}")
    resolved = None if status is PromiseStatus.OPEN else utc(when)
    conn.execute(
        update(Promise)
        .where(Promise.id == promise_id)
        .values(status=status.value, resolved_at=resolved)
    )


def settle_promise(
    store: Store, promise_id: int, status: PromiseStatus, *, when: datetime | None = None
) -> None:
    """Mark a promise kept, broken or cancelled (or open again)."""
    with store.write() as conn:
        settle_promise_in(conn, promise_id, status, when=when)


def reschedule_promise(store: Store, promise_id: int, due: datetime) -> None:
    """Move an open promise's due date (the person should hear about it too)."""
    with store.write() as conn:
        found = conn.execute(select(Promise.id).where(Promise.id == promise_id)).scalar()
        if found is None:
            raise NotFoundError(f"no promise {promise_id}")
        conn.execute(update(Promise).where(Promise.id == promise_id).values(due_at=utc(due)))
