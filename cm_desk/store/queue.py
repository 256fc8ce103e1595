"""The queue pane's questions: which items a view holds, in order, and their rows by page.

A view is first answered with the ordered ids alone (50,000 integers are a
few milliseconds), so the list knows its length and scrolls at once; rows
are then read a page at a time, by id, as they come into sight. Order:
most urgent first (rule priority, then an overdue promise), then newest.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    ColumnElement,
    Connection,
    Exists,
    and_,
    case,
    exists,
    func,
    not_,
    or_,
    select,
)

from cm_desk.domain.models import Direction, ItemKind, PromiseStatus, Triage
from cm_desk.store import settings
from cm_desk.store.schema import Escalation, Item, Promise, Source
from cm_desk.store.sqlutil import chunks

SNIPPET = 160  # characters of a body shown under its subject


class View(enum.StrEnum):
    """The queue's views, in the order the pane offers them."""

    NEEDS_REPLY = "needs_reply"
    MENTIONS = "mentions"
    ESCALATED = "escalated"
    WAITING = "waiting"
    ALL = "all"
    SPAM = "spam"


VIEW_TITLES = {
    View.NEEDS_REPLY: "Needs reply",
    View.MENTIONS: "Mentions",
    View.ESCALATED: "Escalated",
    View.WAITING: "Waiting on us",
    View.ALL: "All",
    View.SPAM: "Spam/abuse",
}


@dataclass(frozen=True, slots=True)
class QueueRow:
    """What one line of the queue shows."""

    id: int
    kind: str  # mail or mention
    channel: str  # "mail", or the source's preset (reddit, mastodon…)
    sender: str
    subject: str
    snippet: str
    date: datetime
    language: str
    seen: bool
    answered: bool
    triage: str
    priority: int
    promise_due: datetime | None  # the earliest open promise in its conversation
    escalated: bool
    conversation_id: int
    url: str = ""  # a mention's original post


_OPEN = (Triage.NEW.value, Triage.OPEN.value)


def _open_promise() -> Exists:
    return exists().where(
        Promise.conversation_id == Item.conversation_id,
        Promise.status == PromiseStatus.OPEN.value,
    )


def _open_escalation() -> Exists:
    return exists().where(
        Escalation.conversation_id == Item.conversation_id, Escalation.status == "open"
    )


def _where(view: View, now: datetime) -> list[ColumnElement[bool]]:
    inbound = Item.direction == Direction.IN.value
    awake = or_(Item.snoozed_until.is_(None), Item.snoozed_until <= now)
    if view is View.NEEDS_REPLY:
        return [
            inbound,
            Item.kind != ItemKind.MENTION.value,
            Item.triage.in_(_OPEN),
            Item.answered_at.is_(None),
            awake,
        ]
    if view is View.MENTIONS:
        return [inbound, Item.kind == ItemKind.MENTION.value, Item.triage.in_(_OPEN), awake]
    if view is View.ESCALATED:
        return [inbound, _open_escalation()]
    if view is View.WAITING:
        return [
            inbound,
            Item.triage.in_(_OPEN),
            Item.answered_at.is_(None),
            awake,
            not_(_open_promise()),
        ]
    if view is View.SPAM:
        return [Item.triage.in_((Triage.SPAM.value, Triage.ABUSE.value))]
    return [Item.triage.notin_((Triage.SPAM.value, Triage.ABUSE.value))]


def view_ids(conn: Connection, view: View, now: datetime) -> list[int]:
    """Every item of ``view``: most urgent first, then newest."""
    overdue = exists().where(
        Promise.conversation_id == Item.conversation_id,
        Promise.status == PromiseStatus.OPEN.value,
        Promise.due_at < now,
    )
    order = [Item.priority.desc(), case((overdue, 0), else_=1), Item.sort_key.desc()]
    if view is View.WAITING:  # who has waited longest comes first
        order = [Item.priority.desc(), Item.sort_key.asc()]
    return list(conn.execute(select(Item.id).where(*_where(view, now)).order_by(*order)).scalars())


def rows(conn: Connection, ids: Sequence[int]) -> dict[int, QueueRow]:
    """The rows of ``ids`` (any order; missing ids are left out)."""
    promise_due = (
        select(func.min(Promise.due_at))
        .where(
            Promise.conversation_id == Item.conversation_id,
            Promise.status == PromiseStatus.OPEN.value,
        )
        .scalar_subquery()
    )
    found: dict[int, QueueRow] = {}
    for chunk in chunks(list(ids)):
        result = conn.execute(
            select(
                Item.id,
                Item.kind,
                Source.kind.label("source_kind"),
                Item.from_name,
                Item.from_addr,
                Item.subject,
                func.substr(Item.body_text, 1, SNIPPET).label("snippet"),
                Item.date,
                Item.language,
                Item.seen,
                Item.answered_at,
                Item.triage,
                Item.priority,
                promise_due.label("promise_due"),
                _open_escalation().label("escalated"),
                Item.conversation_id,
                Item.url,
            )
            .outerjoin(Source, and_(Source.id == Item.source_id))
            .where(Item.id.in_(chunk))
        )
        for r in result:
            snippet = " ".join((r.snippet or "").split())
            found[r.id] = QueueRow(
                id=r.id,
                kind=r.kind,
                channel="mail" if r.kind != ItemKind.MENTION.value else (r.source_kind or "web"),
                sender=r.from_name or r.from_addr or "",
                subject=r.subject or snippet[:100],
                snippet=snippet,
                date=r.date,
                language=r.language or "",
                seen=bool(r.seen),
                answered=r.answered_at is not None,
                triage=r.triage,
                priority=int(r.priority or 0),
                promise_due=_as_datetime(r.promise_due),
                escalated=bool(r.escalated),
                conversation_id=r.conversation_id,
                url=r.url or "",
            )
    return found


def _as_datetime(value: datetime | int | None) -> datetime | None:
    """A date from a subquery (which SQLAlchemy hands back as stored: epoch seconds)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromtimestamp(int(value), UTC)


def urgent_since(conn: Connection, since: datetime, min_priority: int = 2) -> list[QueueRow]:
    """Inbound items that arrived after ``since`` and that rules marked urgent."""
    ids = list(
        conn.execute(
            select(Item.id)
            .where(
                Item.direction == Direction.IN.value,
                Item.received_at >= since.replace(microsecond=0),  # stored to the second
                Item.priority >= min_priority,
                Item.triage.in_(_OPEN),
            )
            .order_by(Item.priority.desc(), Item.sort_key.desc())
            .limit(20)
        ).scalars()
    )
    found = rows(conn, ids)
    return [found[i] for i in ids if i in found]


def saved_searches(conn: Connection) -> list[tuple[str, str]]:
    """(name, query) of every saved search, by name."""
    return sorted(settings.named(conn, "saved_search").items(), key=lambda r: r[0].casefold())


def save_search(conn: Connection, name: str, query: str) -> None:
    """Keep ``query`` as a view called ``name`` (an existing one is replaced)."""
    name, query = name.strip(), query.strip()
    if not name or not query:
        raise ValueError("a saved search needs a name and a query")
    settings.put(conn, "saved_search", name, query)
