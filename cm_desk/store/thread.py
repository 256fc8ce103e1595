"""A conversation as a timeline: its mail and mentions, internal notes and promises.

Read in one go for the conversation pane (a thread is tens of entries, not
thousands); bodies come back as stored, and the pane sanitises HTML before
showing it. Plain SQL, so the window can read its first thread before
SQLAlchemy is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cm_desk.store import settings
from cm_desk.store.sql import Sql
from cm_desk.store.sqlutil import from_epoch

MAX_ENTRIES = 500  # a runaway thread (a mailing list) shows its newest 500


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    """An attachment of a mail in the thread (its bytes stay in the raw message)."""

    id: int
    filename: str
    content_type: str
    size: int
    inline: bool
    content_id: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One moment of a conversation."""

    kind: str  # mail, mention, note, promise
    when: datetime
    item_id: int | None
    direction: str  # in, out, fwd ("" for notes and promises)
    sender: str
    subject: str
    text: str
    html: str
    url: str
    language: str
    status: str = ""  # a promise's status
    due: datetime | None = None  # a promise's due date
    owner: str = ""  # a promise's owner ("" = the CM)
    attachments: tuple[AttachmentRef, ...] = ()
    address: str = ""  # the sender's address (mail), for "load images from this sender"


@dataclass(frozen=True)
class Thread:
    """A conversation ready to show."""

    id: int
    subject: str
    entries: list[Entry]


def load_thread(conn: object, conversation_id: int) -> Thread | None:
    """The conversation's entries, oldest first (None when it does not exist);
    ``conn``: anything :meth:`Sql.of` takes."""
    db = Sql.of(conn)
    subject = db.scalar("SELECT subject FROM conversations WHERE id = ?", [conversation_id])
    if subject is None:
        return None
    items = db.rows(
        "SELECT id, kind, date, direction, from_name, from_addr, subject, body_text,"
        " body_html, url, language"
        f" FROM items WHERE conversation_id = ? ORDER BY sort_key DESC LIMIT {MAX_ENTRIES}",
        [conversation_id],
    )
    attached: dict[int, list[AttachmentRef]] = {}
    for att_id, item_id, filename, content_type, size, inline, content_id in db.rows_in(
        "SELECT id, item_id, filename, content_type, size, inline, content_id"
        " FROM attachments WHERE item_id IN ({in}) ORDER BY id",
        [r[0] for r in items],
    ):
        attached.setdefault(item_id, []).append(
            AttachmentRef(
                att_id,
                filename or "",
                content_type or "",
                size or 0,
                bool(inline),
                content_id or "",
            )
        )
    entries: list[Entry] = []
    for item_id, kind, date, direction, from_name, from_addr, subj, text, html, url, lang in items:
        sender = from_name or from_addr or ""
        if from_name and from_addr and "@" in from_addr:
            sender = f"{from_name} <{from_addr}>"
        entries.append(
            Entry(
                kind,
                from_epoch(date),
                item_id,
                direction,
                sender,
                subj or "",
                text or "",
                html or "",
                url or "",
                lang or "",
                attachments=tuple(attached.get(item_id, ())),
                address=(from_addr or "").lower() if "@" in (from_addr or "") else "",
            )
        )
    for created_at, author, body, item_id in db.rows(
        "SELECT created_at, author, body, item_id FROM notes WHERE conversation_id = ? ORDER BY id",
        [conversation_id],
    ):
        entries.append(
            Entry("note", from_epoch(created_at), item_id, "", author, "", body, "", "", "")
        )
    for created_at, what, due_at, status, item_id, owner in db.rows(
        "SELECT p.created_at, p.what, p.due_at, p.status, p.item_id, c.name"
        " FROM promises p LEFT JOIN colleagues c ON c.id = p.owner_colleague_id"
        " WHERE p.conversation_id = ? ORDER BY p.id",
        [conversation_id],
    ):
        entries.append(
            Entry(
                "promise",
                from_epoch(created_at),
                item_id,
                "",
                "",
                "",
                what,
                "",
                "",
                "",
                status=status,
                due=from_epoch(due_at),
                owner=owner or "",
            )
        )
    entries.sort(key=lambda e: e.when)
    return Thread(conversation_id, subject, entries)


def images_allowed(conn: object, addresses: set[str]) -> set[str]:
    """Which of these senders the CM let show remote images."""
    return addresses & set(settings.named(conn, "remote_images")) if addresses else set()


def allow_images(conn: object, address: str) -> None:
    """Let ``address``'s mail show its remote images from now on."""
    settings.put(conn, "remote_images", address.lower(), "1")
