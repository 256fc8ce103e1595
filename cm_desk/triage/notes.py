"""Internal notes on a conversation: never sent to the customer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert

from cm_desk.store.engine import Store
from cm_desk.store.schema import Note
from cm_desk.triage.common import utc


def add_note_in(
    conn: Connection,
    conversation_id: int,
    body: str,
    author: str = "me",
    item_id: int | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Add a note in the caller's transaction; returns its id."""
    if not body.strip():
        raise ValueError("a note cannot be empty")
    result = conn.execute(
        insert(Note)
        .values(
            conversation_id=conversation_id,
            item_id=item_id,
            author=author,
            body=body,
            created_at=utc(now),
        )
        .returning(Note.id)
    )
    return int(result.scalar_one())


def add_note(
    store: Store,
    conversation_id: int,
    body: str,
    author: str = "me",
    item_id: int | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Add an internal note to a conversation (optionally about one item)."""
    with store.write() as conn:
        return add_note_in(conn, conversation_id, body, author, item_id, now=now)
