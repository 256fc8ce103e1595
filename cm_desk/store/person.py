"""A person at a glance: their identities, what they said on every channel, what we owe them.

One person's mail and mentions meet here (identities link a Reddit handle and
an address to the same person), for the conversation pane's side panel.
Plain SQL, so the window can show its first card before SQLAlchemy is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cm_desk.domain.models import Address, Direction, PromiseStatus
from cm_desk.store.sql import Sql
from cm_desk.store.sqlutil import from_epoch

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


def person_card(conn: object, person_id: int) -> PersonCard | None:
    """The card of ``person_id`` (None when there is no such person);
    ``conn``: anything :meth:`Sql.of` takes."""
    db = Sql.of(conn)
    name = db.scalar("SELECT display_name FROM people WHERE id = ?", [person_id])
    if name is None:
        return None
    identities = [
        (network, value)
        for network, value in db.rows(
            "SELECT network, value FROM identities WHERE person_id = ? ORDER BY network, value",
            [person_id],
        )
    ]
    theirs = "i.from_identity_id IN (SELECT id FROM identities WHERE person_id = ?)"
    said = db.rows(
        "SELECT i.id, i.date, i.kind, s.kind, i.subject, i.body_text, i.triage, i.answered_at"
        " FROM items i LEFT JOIN sources s ON s.id = i.source_id"
        f" WHERE {theirs} ORDER BY i.sort_key DESC LIMIT {HISTORY}",
        [person_id],
    )
    total = db.scalar(f"SELECT count(*) FROM items i WHERE {theirs}", [person_id])
    history = [
        Said(
            item_id,
            from_epoch(date),
            "mail" if kind != "mention" else (source_kind or "web"),
            subject or " ".join((body or "").split())[:80],
            triage,
            answered_at is not None,
        )
        for item_id, date, kind, source_kind, subject, body, triage, answered_at in said
    ]
    promises = [
        (what, from_epoch(due_at))
        for what, due_at in db.rows(
            # id breaks ties as the (status, due_at) index does on SQLite.
            "SELECT what, due_at FROM promises WHERE person_id = ? AND status = ?"
            " ORDER BY due_at, id",
            [person_id, PromiseStatus.OPEN.value],
        )
    ]
    return PersonCard(person_id, name or "", identities, history, int(total), promises)


def person_of_item(conn: object, item_id: int | None) -> int | None:
    """The person who wrote an item (None for unknown senders)."""
    if item_id is None:
        return None
    person = Sql.of(conn).scalar(
        "SELECT d.person_id FROM identities d JOIN items i ON i.from_identity_id = d.id"
        " WHERE i.id = ?",
        [item_id],
    )
    return int(person) if person is not None else None


def person_in_thread(conn: object, conversation_id: int, item_id: int | None) -> int | None:
    """Whom a thread is with: the writer of ``item_id``, else its first inbound writer."""
    db = Sql.of(conn)
    if item_id is not None:
        found = person_of_item(db, item_id)
        if found is not None:
            return found
    first = db.scalar(
        "SELECT id FROM items WHERE conversation_id = ? AND direction = ?"
        " ORDER BY sort_key LIMIT 1",
        [conversation_id, Direction.IN.value],
    )
    return person_of_item(db, first) if first is not None else None


# The person's e-mail identities: the one that wrote the item first, then the
# one they last wrote from, then the oldest.
_MAIL_ADDRESS = """
SELECT p.display_name, d.value, d.display_name
FROM people p JOIN identities d ON d.person_id = p.id
WHERE p.id = ? AND d.network = ? AND d.value LIKE ?
ORDER BY d.id = (SELECT from_identity_id FROM items WHERE id = ?) DESC,
         (SELECT max(sort_key) FROM items WHERE from_identity_id = d.id) DESC NULLS LAST,
         d.id
LIMIT 1"""


def mail_address(conn: object, item_id: int) -> Address | None:
    """The e-mail address of whoever wrote ``item_id``, when we know one: theirs
    if they wrote by mail, else the one their person last wrote from (a handle
    merged with an address); None for a stranger."""
    db = Sql.of(conn)
    person = person_of_item(db, item_id)
    if person is None:
        return None
    row = db.first(_MAIL_ADDRESS, [person, "email", "%@%", item_id])
    if row is None:
        return None
    name, value, shown = row
    return Address(name=name or shown or "", addr=value)


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """A person a search found: whom to merge with, and how we know them."""

    id: int
    name: str
    identities: tuple[tuple[str, str], ...]  # (network, value)


MATCHES = 50  # people a search shows at most


def _like(word: str) -> str:
    """``word`` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def people_matching(conn: object, text: str, limit: int = MATCHES) -> list[PersonMatch]:
    """People other than the CM whose name, address or handle holds every word of
    ``text`` (any case), the most recently heard from first; ``conn``: anything
    :meth:`Sql.of` takes."""
    db = Sql.of(conn)
    where, params = ["NOT p.is_me"], []
    for word in text.lower().split():
        where.append(
            "(lower(p.display_name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM identities d"
            " WHERE d.person_id = p.id"
            " AND (d.value LIKE ? ESCAPE '\\' OR lower(d.display_name) LIKE ? ESCAPE '\\')))"
        )
        params += [_like(word)] * 3
    found = db.rows(
        "SELECT p.id, p.display_name FROM people p"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY (SELECT max(i.sort_key) FROM items i JOIN identities d"
        " ON i.from_identity_id = d.id WHERE d.person_id = p.id) DESC NULLS LAST, p.id"
        f" LIMIT {int(limit)}",
        params,
    )
    if not found:
        return []
    ids = [person_id for person_id, _ in found]
    identities: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    for person_id, network, value in db.rows(
        "SELECT person_id, network, value FROM identities"
        f" WHERE person_id IN ({', '.join('?' * len(ids))}) ORDER BY network, value",
        ids,
    ):
        identities[person_id].append((network, value))
    return [PersonMatch(i, name or "", tuple(identities[i])) for i, name in found]
