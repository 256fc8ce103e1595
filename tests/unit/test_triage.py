"""Triage use cases on a real store: promises, escalations, tags, notes, triage state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from cm_desk.domain.models import EscalationStatus, PromiseStatus, Triage
from cm_desk.mail.parse import parse_message
from cm_desk.store import search
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import (
    Colleague,
    Escalation,
    Identity,
    Item,
    ItemTag,
    Note,
    Promise,
    Tag,
)
from cm_desk.triage.common import NotFoundError
from cm_desk.triage.escalation import add_colleague, escalate, resolve_escalation
from cm_desk.triage.notes import add_note
from cm_desk.triage.promises import make_promise, settle_promise
from cm_desk.triage.tags import tag_items, untag_items
from cm_desk.triage.triage_state import mark_answered, set_triage

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def receive(store: Store, subject: str, sender: str = "emily@example.com") -> tuple[int, int]:
    """Import one inbound message; returns its item id and conversation id."""
    msg = EmailMessage()
    msg["From"] = f"Emily Carter <{sender}>"
    msg["To"] = "sam@community.example"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 10 Mar 2025 08:00:00 +0000"
    msg["Message-ID"] = f"<{subject.replace(' ', '.')}@example.com>"
    msg.set_content("I was charged twice for my subscription.")
    with store.write() as conn:
        Ingestor(None, me=["sam@community.example"]).add_messages(
            conn, [parse_message(msg.as_bytes())]
        )
    with store.engine.connect() as conn:
        row = conn.execute(
            select(Item.id, Item.conversation_id).where(Item.subject == subject)
        ).one()
    return row.id, row.conversation_id


def one(store: Store, stmt: object) -> object:
    with store.engine.connect() as conn:
        return conn.execute(stmt).one()  # type: ignore[call-overload]


def count(store: Store, query: str) -> int:
    conn = store.raw_connection()
    try:
        return search.count(conn, query, now=NOW)
    finally:
        conn.close()


def test_a_promise_is_open_until_settled(store: Store) -> None:
    item, conv = receive(store, "Charged twice")
    due = NOW + timedelta(days=2)
    pid = make_promise(store, conv, "  Check the refund with Billing ", due, item_id=item, now=NOW)

    row = one(store, select(Promise).where(Promise.id == pid))
    assert row.what == "Check the refund with Billing"  # type: ignore[attr-defined]
    assert row.due_at == due  # type: ignore[attr-defined]
    assert row.status == "open"  # type: ignore[attr-defined]
    assert row.owner_colleague_id is None  # type: ignore[attr-defined]
    assert row.created_at == NOW  # type: ignore[attr-defined]
    assert count(store, "is:promised") == 1
    assert count(store, "is:waiting") == 0

    settle_promise(store, pid, PromiseStatus.KEPT, when=NOW + timedelta(days=1))
    row = one(store, select(Promise.status, Promise.resolved_at).where(Promise.id == pid))
    assert tuple(row) == ("kept", NOW + timedelta(days=1))  # type: ignore[arg-type]
    assert count(store, "is:waiting") == 1

    settle_promise(store, pid, PromiseStatus.OPEN)
    row = one(store, select(Promise.status, Promise.resolved_at).where(Promise.id == pid))
    assert tuple(row) == ("open", None)  # type: ignore[arg-type]


def test_an_overdue_promise_is_found_as_overdue(store: Store) -> None:
    _, conv = receive(store, "Export broken")
    make_promise(store, conv, "Send the export by hand", NOW - timedelta(hours=1))
    assert count(store, "is:overdue") == 1


def test_a_promise_needs_a_description_and_settling_needs_a_promise(store: Store) -> None:
    _, conv = receive(store, "Anything")
    with pytest.raises(ValueError):
        make_promise(store, conv, "   ", None)
    with pytest.raises(NotFoundError):
        settle_promise(store, 999, PromiseStatus.BROKEN)


def test_colleagues_are_added_once_by_name(store: Store) -> None:
    john = add_colleague(store, "John Peters", "John.Peters@community.example", "Customer Service")
    assert add_colleague(store, "John Peters", "other@example.com", "Sales") == john
    row = one(store, select(Colleague.email, Colleague.team).where(Colleague.id == john))
    assert tuple(row) == ("john.peters@community.example", "Customer Service")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        add_colleague(store, " ", "", "")


def test_escalating_opens_an_escalation_and_a_promise_the_colleague_owns(store: Store) -> None:
    item, conv = receive(store, "Parcel lost")
    john = add_colleague(store, "John Peters", "john@community.example", "Customer Service")
    due = NOW + timedelta(days=2)

    esc_id = escalate(store, conv, john, "Resend the parcel", item_id=item, due=due, now=NOW)

    esc = one(store, select(Escalation).where(Escalation.id == esc_id))
    assert esc.status == EscalationStatus.OPEN.value  # type: ignore[attr-defined]
    assert esc.customer_told is True  # type: ignore[attr-defined]
    assert esc.colleague_id == john  # type: ignore[attr-defined]
    promise = one(store, select(Promise).where(Promise.id == esc.promise_id))  # type: ignore[attr-defined]
    assert promise.what == "Resolve: Resend the parcel"  # type: ignore[attr-defined]
    assert promise.owner_colleague_id == john  # type: ignore[attr-defined]
    assert promise.status == "open"  # type: ignore[attr-defined]
    assert promise.due_at == due  # type: ignore[attr-defined]
    sender = one(
        store,
        select(Identity.person_id)
        .join(Item, Item.from_identity_id == Identity.id)
        .where(Item.id == item),
    )
    assert promise.person_id == sender[0]  # type: ignore[attr-defined, index]
    assert count(store, "is:escalated") == 1

    resolve_escalation(store, esc_id, when=NOW + timedelta(days=1))

    esc = one(store, select(Escalation.status, Escalation.resolved_at))
    assert tuple(esc) == ("resolved", NOW + timedelta(days=1))  # type: ignore[arg-type]
    promise = one(store, select(Promise.status, Promise.resolved_at))
    assert tuple(promise) == ("kept", NOW + timedelta(days=1))  # type: ignore[arg-type]
    assert count(store, "is:escalated") == 0


def test_escalating_to_nobody_or_resolving_nothing_fails_cleanly(store: Store) -> None:
    _, conv = receive(store, "Whatever")
    with pytest.raises(NotFoundError):
        escalate(store, conv, 42, "no such colleague")
    with pytest.raises(NotFoundError):
        resolve_escalation(store, 42)


def test_tagging_creates_the_tag_once_and_skips_tagged_items(store: Store) -> None:
    a, conv_a = receive(store, "Charged twice", "a@example.com")
    b, _ = receive(store, "App crashes", "b@example.com")

    first = tag_items(store, [a, b, 9999], "Complaint")
    again = tag_items(store, [a], "complaint")

    assert first.items_updated == 2
    assert conv_a in first.conversations
    assert again.items_updated == 0
    with store.engine.connect() as conn:
        assert conn.execute(select(Tag.name)).scalars().all() == ["Complaint"]
        assert len(conn.execute(select(ItemTag)).all()) == 2
    assert count(store, "tag:complaint") == 2

    removed = untag_items(store, [a], "COMPLAINT")
    assert removed.items_updated == 1
    assert count(store, "tag:complaint") == 1
    assert untag_items(store, [a], "no-such-tag").items_updated == 0


def test_notes_are_internal_and_never_empty(store: Store) -> None:
    item, conv = receive(store, "Ban appeal")
    note = add_note(store, conv, "Asked a second moderator to review.", item_id=item, now=NOW)
    row = one(store, select(Note).where(Note.id == note))
    assert (row.author, row.conversation_id, row.item_id) == ("me", conv, item)  # type: ignore[attr-defined]
    assert row.created_at == NOW  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        add_note(store, conv, "  \n")


def test_triage_state_and_answered_time(store: Store) -> None:
    a, _ = receive(store, "Spammy", "a@example.com")
    b, _ = receive(store, "Question", "b@example.com")
    assert count(store, "is:waiting") == 2

    changed = set_triage(store, [a], Triage.SPAM)
    assert changed.items_updated == 1
    assert set_triage(store, [a], Triage.SPAM).items_updated == 0
    assert count(store, "is:spam") == 1

    first = mark_answered(store, [b], NOW)
    later = mark_answered(store, [b], NOW + timedelta(hours=1))
    assert (first.items_updated, later.items_updated) == (1, 0)
    answered = one(store, select(Item.answered_at).where(Item.id == b))
    assert answered[0] == NOW  # type: ignore[index]
    assert count(store, "is:waiting") == 0
