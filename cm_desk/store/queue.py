"""The queue pane's questions: which items a view holds, in order, and their rows by page.

A view is first answered with the ordered ids alone (50,000 integers are a
few milliseconds), so the list knows its length and scrolls at once; rows
are then read a page at a time, by id, as they come into sight. Order:
most urgent first (rule priority, then an overdue promise), then newest.

Plain SQL on any connection :meth:`~cm_desk.store.sql.Sql.of` takes: the
window's first reads run on a bare ``sqlite3`` connection before SQLAlchemy
is imported.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cm_desk.domain.models import Direction, ItemKind, PromiseStatus, Triage
from cm_desk.store import settings
from cm_desk.store.sql import Sql
from cm_desk.store.sqlutil import from_epoch, to_epoch

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
_JUNK = (Triage.SPAM.value, Triage.ABUSE.value)
_MENTION = ItemKind.MENTION.value

# Conditions on ``items i``, each with its parameters.
Cond = tuple[str, Sequence[object]]

_OPEN_PROMISE = (
    "EXISTS (SELECT * FROM promises p WHERE p.conversation_id = i.conversation_id AND p.status = ?)"
)
_OPEN_ESCALATION = (
    "EXISTS (SELECT * FROM escalations e"
    " WHERE e.conversation_id = i.conversation_id AND e.status = ?)"
)
# Urgent first, then an overdue promise in the conversation, then newest.
_URGENT_FIRST = (
    "i.priority DESC,"
    " CASE WHEN EXISTS (SELECT * FROM promises p WHERE p.conversation_id = i.conversation_id"
    " AND p.status = ? AND p.due_at < ?) THEN 0 ELSE 1 END,"
    " i.sort_key DESC"
)


def _where(view: View, now: datetime) -> list[Cond]:
    inbound: Cond = ("i.direction = ?", [Direction.IN.value])
    awake: Cond = ("(i.snoozed_until IS NULL OR i.snoozed_until <= ?)", [to_epoch(now)])
    undecided: Cond = ("i.triage IN (?, ?)", _OPEN)
    unanswered: Cond = ("i.answered_at IS NULL", [])
    if view is View.NEEDS_REPLY:
        return [inbound, ("i.kind != ?", [_MENTION]), undecided, unanswered, awake]
    if view is View.MENTIONS:
        return [inbound, ("i.kind = ?", [_MENTION]), undecided, awake]
    if view is View.ESCALATED:
        return [inbound, (_OPEN_ESCALATION, ["open"])]
    if view is View.WAITING:
        no_promise: Cond = (f"NOT {_OPEN_PROMISE}", [PromiseStatus.OPEN.value])
        return [inbound, undecided, unanswered, awake, no_promise]
    if view is View.SPAM:
        return [("i.triage IN (?, ?)", _JUNK)]
    return [("i.triage NOT IN (?, ?)", _JUNK)]


def view_sql(view: View, now: datetime) -> tuple[str, list[object]]:
    """The query listing ``view`` and its parameters. Every column it reads is
    in ``ix_items_queue``, so it never reads the table (a test checks the plan)."""
    conds = _where(view, now)
    where = " AND ".join(sql for sql, _ in conds)
    params = [p for _, values in conds for p in values]
    if view is View.WAITING:  # who has waited longest comes first
        order = "i.priority DESC, i.sort_key"
    else:
        order = _URGENT_FIRST
        params += [PromiseStatus.OPEN.value, to_epoch(now)]
    return f"SELECT i.id FROM items i WHERE {where} ORDER BY {order}", params


def view_ids(conn: object, view: View, now: datetime) -> list[int]:
    """Every item of ``view``: most urgent first, then newest (``conn``: anything
    :meth:`Sql.of` takes)."""
    return [r[0] for r in Sql.of(conn).rows(*view_sql(view, now))]


_ROWS = f"""
SELECT i.id, i.kind, s.kind, i.from_name, i.from_addr, i.subject,
       substr(i.body_text, 1, {SNIPPET}), i.date, i.language, i.seen, i.answered_at,
       i.triage, i.priority,
       (SELECT min(p.due_at) FROM promises p
         WHERE p.conversation_id = i.conversation_id AND p.status = ?),
       {_OPEN_ESCALATION},
       i.conversation_id, i.url
FROM items i LEFT JOIN sources s ON s.id = i.source_id
WHERE i.id IN ({{in}})"""


def rows(conn: object, ids: Sequence[int]) -> dict[int, QueueRow]:
    """The rows of ``ids`` (any order; missing ids are left out)."""
    found: dict[int, QueueRow] = {}
    for (
        item_id,
        kind,
        source_kind,
        from_name,
        from_addr,
        subject,
        snippet,
        date,
        language,
        seen,
        answered_at,
        triage,
        priority,
        promise_due,
        escalated,
        conversation_id,
        url,
    ) in Sql.of(conn).rows_in(_ROWS, list(ids), [PromiseStatus.OPEN.value, "open"]):
        text = " ".join((snippet or "").split())
        found[item_id] = QueueRow(
            id=item_id,
            kind=kind,
            channel="mail" if kind != _MENTION else (source_kind or "web"),
            sender=from_name or from_addr or "",
            subject=subject or text[:100],
            snippet=text,
            date=from_epoch(date),
            language=language or "",
            seen=bool(seen),
            answered=answered_at is not None,
            triage=triage,
            priority=int(priority or 0),
            promise_due=from_epoch(promise_due),
            escalated=bool(escalated),
            conversation_id=conversation_id,
            url=url or "",
        )
    return found


def urgent_since(conn: object, since: datetime, min_priority: int = 2) -> list[QueueRow]:
    """Inbound items that arrived after ``since`` and that rules marked urgent."""
    db = Sql.of(conn)
    ids = [
        r[0]
        for r in db.rows(
            "SELECT i.id FROM items i"
            " WHERE i.direction = ? AND i.received_at >= ? AND i.priority >= ?"
            " AND i.triage IN (?, ?)"
            " ORDER BY i.priority DESC, i.sort_key DESC LIMIT 20",
            # Stored to the second.
            [Direction.IN.value, to_epoch(since.replace(microsecond=0)), min_priority, *_OPEN],
        )
    ]
    found = rows(db, ids)
    return [found[i] for i in ids if i in found]


def saved_searches(conn: object) -> list[tuple[str, str]]:
    """(name, query) of every saved search, by name."""
    return sorted(settings.named(conn, "saved_search").items(), key=lambda r: r[0].casefold())


def save_search(conn: object, name: str, query: str) -> None:
    """Keep ``query`` as a view called ``name`` (an existing one is replaced)."""
    name, query = name.strip(), query.strip()
    if not name or not query:
        raise ValueError("a saved search needs a name and a query")
    settings.put(conn, "saved_search", name, query)
