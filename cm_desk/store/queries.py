"""Read-side questions the CM asks every morning, as portable SQL.

* :func:`still_waiting` — who is still waiting for us: inbound items that are
  not spam or abuse, not answered, not closed, and whose conversation holds
  no open promise; oldest first, with their age.
* :func:`followups` — the open promises, by due date, filtered by when they are
  due and by owner.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Exists, and_, exists, func, not_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from cm_desk.domain.models import (
    Direction,
    ItemKind,
    PromiseRow,
    PromiseStatus,
    Triage,
    WaitingRow,
)
from cm_desk.store.person import person_of_item as person_of_item  # re-exported (plain SQL)
from cm_desk.store.schema import Colleague, Conversation, Item, Person, Promise

Due = Literal["today", "overdue", "week"]


def _open_promise_on(conversation_id: InstrumentedAttribute[int]) -> Exists:
    return exists().where(
        Promise.conversation_id == conversation_id, Promise.status == PromiseStatus.OPEN.value
    )


def still_waiting(conn: Connection, now: datetime, limit: int = 500) -> list[WaitingRow]:
    """Inbound items nobody answered or promised anything about, oldest first."""
    stmt = (
        select(
            Item.id,
            Item.date,
            Item.from_name,
            Item.from_addr,
            # Untitled mentions (a Mastodon post) show the start of their text instead.
            func.coalesce(func.nullif(Item.subject, ""), func.substr(Item.body_text, 1, 160)).label(
                "subject"
            ),
            Item.kind,
            Item.conversation_id,
        )
        .where(
            Item.direction == Direction.IN.value,
            Item.triage.in_((Triage.NEW.value, Triage.OPEN.value)),
            Item.answered_at.is_(None),
            or_(Item.snoozed_until.is_(None), Item.snoozed_until <= now),
            not_(_open_promise_on(Item.conversation_id)),
        )
        .order_by(Item.date.asc(), Item.id.asc())
        .limit(limit)
    )
    now_ts = int(now.timestamp())
    return [
        WaitingRow(
            id=r.id,
            date=r.date,
            sender=r.from_name or r.from_addr,
            subject=r.subject,
            kind=ItemKind(r.kind),
            age_seconds=max(0, now_ts - int(r.date.timestamp())),
            conversation_id=r.conversation_id,
        )
        for r in conn.execute(stmt)
    ]


def count_waiting(conn: Connection, now: datetime) -> int:
    """How many items :func:`still_waiting` would list without a limit."""
    stmt = select(func.count()).where(
        Item.direction == Direction.IN.value,
        Item.triage.in_((Triage.NEW.value, Triage.OPEN.value)),
        Item.answered_at.is_(None),
        or_(Item.snoozed_until.is_(None), Item.snoozed_until <= now),
        not_(_open_promise_on(Item.conversation_id)),
    )
    return int(conn.execute(stmt).scalar() or 0)


def _local_midnight(now: datetime, days_ahead: int) -> datetime:
    """Local midnight ``days_ahead`` days after today's (right across DST changes)."""
    day = now.astimezone().date() + timedelta(days=days_ahead)
    return datetime.combine(day, time.min).astimezone()  # naive → the local zone then


def _like_prefix(text: str) -> str:
    """A LIKE pattern matching names that start with ``text`` taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def followups(
    conn: Connection,
    now: datetime,
    due: Due | None = None,
    owner: str | None = None,
    status: PromiseStatus = PromiseStatus.OPEN,
) -> list[PromiseRow]:
    """Promises with ``status``, soonest due first (undated ones last).

    ``due``: ``overdue`` (due before now), ``today`` (due by the end of today,
    overdue included, as a to-do list shows them), ``week`` (within 7 days).
    ``owner``: ``me`` or a colleague's name (case-insensitive, prefix allowed).
    """
    first_in = aliased(Item)
    shown = aliased(Item)
    first_item = (  # the customer's first message, when the promise names no item
        select(first_in.id)
        .where(first_in.conversation_id == Promise.conversation_id, first_in.direction == "in")
        .order_by(first_in.date.asc())
        .limit(1)
        .correlate(Promise)
        .scalar_subquery()
    )
    promised_person = (
        select(Person.display_name).where(Person.id == Promise.person_id).correlate(Promise)
    )
    sender = (
        select(func.coalesce(func.nullif(shown.from_name, ""), shown.from_addr))
        .where(shown.id == func.coalesce(Promise.item_id, first_item))
        .correlate(Promise)
    )
    stmt = (
        select(
            Promise.id,
            Promise.what,
            Promise.due_at,
            Promise.status,
            Promise.created_at,
            Promise.conversation_id,
            Conversation.subject.label("conv_subject"),
            Colleague.name.label("owner_name"),
            func.coalesce(promised_person.scalar_subquery(), sender.scalar_subquery(), "").label(
                "promised_to"
            ),
        )
        .join(Conversation, Conversation.id == Promise.conversation_id)
        .outerjoin(Colleague, Colleague.id == Promise.owner_colleague_id)
        .where(Promise.status == status.value)
    )
    if due == "overdue":
        stmt = stmt.where(Promise.due_at < now)
    elif due == "today":
        stmt = stmt.where(Promise.due_at < _local_midnight(now, 1))
    elif due == "week":
        stmt = stmt.where(Promise.due_at < _local_midnight(now, 7))
    if owner:
        if owner.strip().lower() in ("me", "myself", "mine"):
            stmt = stmt.where(Promise.owner_colleague_id.is_(None))
        else:
            stmt = stmt.where(
                and_(
                    Colleague.id.is_not(None),
                    func.lower(Colleague.name).like(
                        _like_prefix(owner.strip().lower()), escape="\\"
                    ),
                )
            )
    stmt = stmt.order_by(Promise.due_at.is_(None), Promise.due_at.asc(), Promise.id.asc())
    return [
        PromiseRow(
            id=r.id,
            what=r.what,
            due=r.due_at,
            owner=r.owner_name or "me",
            status=PromiseStatus(r.status),
            conversation_id=r.conversation_id,
            conversation_subject=r.conv_subject or "",
            promised_to=r.promised_to or "",
            created_at=r.created_at,
            overdue=bool(r.due_at is not None and r.due_at < now and r.status == "open"),
        )
        for r in conn.execute(stmt)
    ]


def needs_setup(store: Any) -> bool:
    """A workspace with no mail server and no feed yet (the app offers its setup)."""
    from cm_desk.store.schema import Account, Source

    with store.engine.connect() as conn:
        has_mail = conn.execute(select(Account.id).where(Account.imap_host != "")).first()
        has_feeds = conn.execute(select(Source.id)).first()
    return has_mail is None and has_feeds is None
