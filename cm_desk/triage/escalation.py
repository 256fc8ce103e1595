"""Escalations: a concern passed on to a colleague, tracked until resolved.

Escalating also records a promise owned by the colleague, so the concern
shows up in the follow-ups list with everything the CM owes people, and the
conversation stops counting as "still waiting" while someone is on it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from cm_desk.domain.models import EscalationStatus, PromiseStatus
from cm_desk.domain.sentence import Day, Sentence
from cm_desk.store.engine import Store
from cm_desk.store.queries import person_of_item
from cm_desk.store.schema import Colleague, Escalation, Promise
from cm_desk.triage.common import NotFoundError, utc
from cm_desk.triage.promises import make_promise_in


def add_colleague_in(conn: Connection, name: str, email: str = "", team: str = "") -> int:
    """The id of colleague ``name``, created if new (an existing one is left as is)."""
    name = name.strip()
    if not name:
        raise ValueError("a colleague needs a name")
    found = conn.execute(select(Colleague.id).where(Colleague.name == name)).scalar()
    if found is not None:
        return int(found)
    result = conn.execute(
        insert(Colleague)
        .values(name=name, email=email.strip().lower(), team=team.strip())
        .returning(Colleague.id)
    )
    return int(result.scalar_one())


def add_colleague(store: Store, name: str, email: str = "", team: str = "") -> int:
    """Add a colleague concerns can be passed to; idempotent by name."""
    with store.write() as conn:
        return add_colleague_in(conn, name, email, team)


def escalate_in(
    conn: Connection,
    conversation_id: int,
    colleague_id: int,
    reason: str,
    item_id: int | None = None,
    due: datetime | None = None,
    customer_told: bool = True,
    *,
    now: datetime | None = None,
) -> int:
    """Open an escalation and its promise in the caller's transaction; returns its id."""
    colleague = conn.execute(select(Colleague.name).where(Colleague.id == colleague_id)).scalar()
    if colleague is None:
        raise NotFoundError(f"no colleague {colleague_id}")
    reason = reason.strip()
    created = utc(now)
    promise_id = make_promise_in(
        conn,
        conversation_id,
        f"Resolve: {reason}" if reason else "Resolve the escalated concern",
        due,
        owner_colleague_id=colleague_id,
        item_id=item_id,
        person_id=person_of_item(conn, item_id),
        now=created,
    )
    result = conn.execute(
        insert(Escalation)
        .values(
            conversation_id=conversation_id,
            colleague_id=colleague_id,
            item_id=item_id,
            promise_id=promise_id,
            reason=reason,
            customer_told=customer_told,
            status=EscalationStatus.OPEN.value,
            created_at=created,
            resolved_at=None,
        )
        .returning(Escalation.id)
    )
    return int(result.scalar_one())


def escalate(
    store: Store,
    conversation_id: int,
    colleague_id: int,
    reason: str,
    item_id: int | None = None,
    due: datetime | None = None,
    customer_told: bool = True,
    *,
    now: datetime | None = None,
) -> int:
    """Pass a conversation's concern to a colleague; returns the escalation id."""
    with store.write() as conn:
        return escalate_in(
            conn, conversation_id, colleague_id, reason, item_id, due, customer_told, now=now
        )


def resolve_escalation_in(
    conn: Connection, escalation_id: int, *, when: datetime | None = None
) -> None:
    """Mark an escalation resolved and its promise kept, in the caller's transaction."""
    promise_id = conn.execute(
        select(Escalation.promise_id).where(Escalation.id == escalation_id)
    ).one_or_none()
    if promise_id is None:
        raise NotFoundError(f"no escalation {escalation_id}")
    resolved = utc(when)
    conn.execute(
        update(Escalation)
        .where(Escalation.id == escalation_id)
        .values(status=EscalationStatus.RESOLVED.value, resolved_at=resolved)
    )
    if promise_id[0] is not None:
        conn.execute(
            update(Promise)
            .where(Promise.id == promise_id[0], Promise.status == PromiseStatus.OPEN.value)
            .values(status=PromiseStatus.KEPT.value, resolved_at=resolved)
        )


def resolve_escalation(store: Store, escalation_id: int, *, when: datetime | None = None) -> None:
    """The colleague has resolved it: close the escalation and keep its promise."""
    with store.write() as conn:
        resolve_escalation_in(conn, escalation_id, when=when)


def colleagues(store: Store) -> list[tuple[int, str, str, str]]:
    """(id, name, team, address) of every colleague, by name."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(Colleague.id, Colleague.name, Colleague.team, Colleague.email).order_by(
                Colleague.name
            )
        ).all()
    return [(r.id, r.name, r.team or "", r.email or "") for r in rows]


def escalate_item(
    store: Store,
    item_id: int,
    colleague_id: int,
    note: str,
    due: datetime | None,
    *,
    tell_customer: bool = True,
) -> Sentence:
    """The whole escalation of one mail: forward it, tell the customer, track the promise.

    The forward goes first: when it cannot be written (no sending account, a
    colleague without an address) nothing else happens and the error says why.
    Returns a sentence saying what was done.
    """
    from cm_desk.mail.outbox import queue_forward, queue_reply
    from cm_desk.store.schema import Item
    from cm_desk.triage.templates import acknowledgement, fill, first_name

    with store.engine.connect() as conn:
        item = conn.execute(
            select(
                Item.conversation_id, Item.kind, Item.from_name, Item.from_addr, Item.language
            ).where(Item.id == item_id)
        ).first()
        who = conn.execute(
            select(Colleague.name, Colleague.team).where(Colleague.id == colleague_id)
        ).first()
        if item is None or who is None:
            raise NotFoundError("that item or colleague no longer exists")
        ack = acknowledgement(conn, item.language or "en")
    done: list[Sentence] = []
    if item.kind == "mail":
        queue_forward(store, item_id, who.name, note)
        done.append(Sentence("forwarded to {name}", name=who.name))
        if tell_customer:
            body = fill(
                ack,
                {
                    "first": first_name(item.from_name, item.from_addr),
                    "owner": who.name,
                    "team": who.team or "our team",
                },
            )
            queue_reply(store, item_id, body)
            done.append(Sentence("the customer told"))
    escalate(
        store, item.conversation_id, colleague_id, note, item_id, due, tell_customer and bool(done)
    )
    done.append(
        Sentence("{name} owns it until {due}", name=who.name, due=Day(due))
        if due
        else Sentence("{name} owns it", name=who.name)
    )
    # One sentence per length: the UI joins the parts in its own language.
    if len(done) == 1:
        return Sentence("Escalated: {a}", a=done[0])
    if len(done) == 2:
        return Sentence("Escalated: {a}, {b}", a=done[0], b=done[1])
    return Sentence("Escalated: {a}, {b}, {c}", a=done[0], b=done[1], c=done[2])
