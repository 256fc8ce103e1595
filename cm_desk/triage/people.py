"""People: one person behind an address and a handle, so their mail and posts meet."""

from __future__ import annotations

from sqlalchemy import Connection, delete, select, update

from cm_desk.store.engine import Store
from cm_desk.store.schema import Identity, Person, Promise
from cm_desk.triage.common import NotFoundError


def merge_people(store: Store, keep: int, other: int) -> int:
    """Make ``other`` part of ``keep`` (identities and promises move); returns identities moved."""
    with store.write() as conn:
        return merge_people_in(conn, keep, other)


def merge_people_in(conn: Connection, keep: int, other: int) -> int:
    """:func:`merge_people` in the caller's transaction."""
    if keep == other:
        raise ValueError("a person cannot be merged with themself")
    found = set(conn.execute(select(Person.id).where(Person.id.in_([keep, other]))).scalars())
    missing = {keep, other} - found
    if missing:
        raise NotFoundError(f"no person {min(missing)}")
    moved = conn.execute(
        update(Identity).where(Identity.person_id == other).values(person_id=keep)
    ).rowcount
    conn.execute(update(Promise).where(Promise.person_id == other).values(person_id=keep))
    conn.execute(delete(Person).where(Person.id == other))
    return int(moved)
