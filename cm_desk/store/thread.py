"""A conversation as a timeline: its mail and mentions, internal notes and promises.

Read in one go for the conversation pane (a thread is tens of entries, not
thousands); bodies come back as stored, and the pane sanitises HTML before
showing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from cm_desk.store import settings
from cm_desk.store.schema import Attachment, Colleague, Conversation, Item, Note, Promise
from cm_desk.store.sqlutil import chunks

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


def load_thread(conn: Connection, conversation_id: int) -> Thread | None:
    """The conversation's entries, oldest first (None when it does not exist)."""
    subject = conn.execute(
        select(Conversation.subject).where(Conversation.id == conversation_id)
    ).scalar()
    if subject is None:
        return None
    entries: list[Entry] = []
    items = conn.execute(
        select(
            Item.id,
            Item.kind,
            Item.date,
            Item.direction,
            Item.from_name,
            Item.from_addr,
            Item.subject,
            Item.body_text,
            Item.body_html,
            Item.url,
            Item.language,
        )
        .where(Item.conversation_id == conversation_id)
        .order_by(Item.sort_key.desc())
        .limit(MAX_ENTRIES)
    ).all()
    attached: dict[int, list[AttachmentRef]] = {}
    ids = [r.id for r in items]
    for chunk in chunks(ids):
        for a in conn.execute(
            select(
                Attachment.id,
                Attachment.item_id,
                Attachment.filename,
                Attachment.content_type,
                Attachment.size,
                Attachment.inline,
                Attachment.content_id,
            )
            .where(Attachment.item_id.in_(chunk))
            .order_by(Attachment.id)
        ):
            attached.setdefault(a.item_id, []).append(
                AttachmentRef(
                    a.id,
                    a.filename or "",
                    a.content_type or "",
                    a.size or 0,
                    bool(a.inline),
                    a.content_id or "",
                )
            )
    for r in items:
        sender = r.from_name or r.from_addr or ""
        if r.from_name and r.from_addr and "@" in r.from_addr:
            sender = f"{r.from_name} <{r.from_addr}>"
        entries.append(
            Entry(
                r.kind,
                r.date,
                r.id,
                r.direction,
                sender,
                r.subject or "",
                r.body_text or "",
                r.body_html or "",
                r.url or "",
                r.language or "",
                attachments=tuple(attached.get(r.id, ())),
                address=(r.from_addr or "").lower() if "@" in (r.from_addr or "") else "",
            )
        )
    for n in conn.execute(
        select(Note.created_at, Note.author, Note.body, Note.item_id).where(
            Note.conversation_id == conversation_id
        )
    ):
        entries.append(Entry("note", n.created_at, n.item_id, "", n.author, "", n.body, "", "", ""))
    for p in conn.execute(
        select(
            Promise.created_at,
            Promise.what,
            Promise.due_at,
            Promise.status,
            Promise.item_id,
            Colleague.name,
        )
        .outerjoin(Colleague, Colleague.id == Promise.owner_colleague_id)
        .where(Promise.conversation_id == conversation_id)
    ):
        entries.append(
            Entry(
                "promise",
                p.created_at,
                p.item_id,
                "",
                "",
                "",
                p.what,
                "",
                "",
                "",
                status=p.status,
                due=p.due_at,
                owner=p.name or "",
            )
        )
    entries.sort(key=lambda e: e.when)
    return Thread(conversation_id, subject, entries)


def images_allowed(conn: Connection, addresses: set[str]) -> set[str]:
    """Which of these senders the CM let show remote images."""
    return addresses & set(settings.named(conn, "remote_images")) if addresses else set()


def allow_images(conn: Connection, address: str) -> None:
    """Let ``address``'s mail show its remote images from now on."""
    settings.put(conn, "remote_images", address.lower(), "1")
