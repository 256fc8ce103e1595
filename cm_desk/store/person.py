"""A person at a glance: their identities, what they said on every channel, what we owe them.

One person's mail and mentions meet here (identities link a Reddit handle and
an address to the same person), for the conversation pane's side panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from cm_desk.domain.models import Address, PromiseStatus
from cm_desk.store.schema import Identity, Item, Person, Promise, Source

HISTORY = 25  # most recent items shown


@dataclass(frozen=True, slots=True)
class Said:
    """One item of the person's history."""

    item_id: int
    when: datetime
    channel: str  # mail, or the source preset
    subject: str
    triage: str
    answered: bool


@dataclass(frozen=True)
class PersonCard:
    """What the side panel shows."""

    id: int
    name: str
    identities: list[tuple[str, str]]  # (network, value)
    history: list[Said]
    items_total: int
    open_promises: list[tuple[str, datetime | None]]  # (what, due)


def person_card(conn: Connection, person_id: int) -> PersonCard | None:
    """The card of ``person_id`` (None when there is no such person)."""
    name = conn.execute(select(Person.display_name).where(Person.id == person_id)).scalar()
    if name is None:
        return None
    identities = [
        (r.network, r.value)
        for r in conn.execute(
            select(Identity.network, Identity.value)
            .where(Identity.person_id == person_id)
            .order_by(Identity.network, Identity.value)
        )
    ]
    theirs = select(Identity.id).where(Identity.person_id == person_id)
    rows = conn.execute(
        select(
            Item.id,
            Item.date,
            Item.kind,
            Source.kind.label("source_kind"),
            Item.subject,
            Item.body_text,
            Item.triage,
            Item.answered_at,
        )
        .outerjoin(Source, Source.id == Item.source_id)
        .where(Item.from_identity_id.in_(theirs))
        .order_by(Item.sort_key.desc())
        .limit(HISTORY)
    ).all()
    total = conn.execute(
        select(func.count()).select_from(Item).where(Item.from_identity_id.in_(theirs))
    ).scalar_one()
    history = [
        Said(
            r.id,
            r.date,
            "mail" if r.kind != "mention" else (r.source_kind or "web"),
            r.subject or " ".join((r.body_text or "").split())[:80],
            r.triage,
            r.answered_at is not None,
        )
        for r in rows
    ]
    promises = [
        (r.what, r.due_at)
        for r in conn.execute(
            select(Promise.what, Promise.due_at)
            .where(Promise.person_id == person_id, Promise.status == PromiseStatus.OPEN.value)
            .order_by(Promise.due_at)
        )
    ]
    return PersonCard(person_id, name or "", identities, history, int(total), promises)


def person_in_thread(conn: Connection, conversation_id: int, item_id: int | None) -> int | None:
    """Whom a thread is with: the writer of ``item_id``, else its first inbound writer."""
    from cm_desk.store.queries import person_of_item

    if item_id is not None:
        found = person_of_item(conn, item_id)
        if found is not None:
            return found
    first = conn.execute(
        select(Item.id)
        .where(Item.conversation_id == conversation_id, Item.direction == "in")
        .order_by(Item.sort_key)
        .limit(1)
    ).scalar()
    return person_of_item(conn, first) if first is not None else None


def mail_address(conn: Connection, item_id: int) -> Address | None:
    """The e-mail address of whoever wrote ``item_id``, when we know one: theirs
    if they wrote by mail, else the one their person last wrote from (a handle
    merged with an address); None for a stranger."""
    from cm_desk.store.queries import person_of_item

    person = person_of_item(conn, item_id)
    if person is None:
        return None
    row = conn.execute(
        select(Person.display_name, Identity.value, Identity.display_name.label("shown"))
        .join(Identity, Identity.person_id == Person.id)
        .where(Person.id == person, Identity.network == "email", Identity.value.contains("@"))
        .order_by(
            (
                Identity.id
                == select(Item.from_identity_id).where(Item.id == item_id).scalar_subquery()
            ).desc(),
            select(func.max(Item.sort_key))
            .where(Item.from_identity_id == Identity.id)
            .correlate(Identity)
            .scalar_subquery()
            .desc()
            .nulls_last(),
            Identity.id,
        )
        .limit(1)
    ).first()
    if row is None:
        return None
    return Address(name=row.display_name or row.shown or "", addr=row.value)
