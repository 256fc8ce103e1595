"""The SQLAlchemy 2 typed ORM model of the workspace.

Portable SQL only (SQLite now, PostgreSQL for teams): dates are stored as
UTC epoch seconds (``EpochSeconds``), enums as short strings, and the
full-text index lives in :mod:`cm_desk.store.dialect`.

``items.sort_key`` orders everything newest-first: ``date << 32 | id``. The
full-text index uses it as its rowid, so the first page of any search walks
the index backwards and stops after 50 hits instead of sorting every match.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cm_desk.store.sqlutil import MAX_SORT_TS, SORT_SHIFT, from_epoch, make_sort_key, to_epoch


class EpochSeconds(TypeDecorator[datetime]):
    """An aware ``datetime`` stored as integer UTC seconds (fast, portable, sortable)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else to_epoch(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        stored: int | None = value
        return from_epoch(stored)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Account(Base):
    """A mail account. Connection facts only: the password lives in the keyring."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(String(320), default="")
    display_name: Mapped[str] = mapped_column(String(200), default="")
    imap_host: Mapped[str] = mapped_column(String(255), default="")
    imap_port: Mapped[int] = mapped_column(Integer, default=993)
    smtp_host: Mapped[str] = mapped_column(String(255), default="")
    smtp_port: Mapped[int] = mapped_column(Integer, default=465)
    username: Mapped[str] = mapped_column(String(320), default="")
    security: Mapped[str] = mapped_column(String(16), default="tls")
    cafile: Mapped[str] = mapped_column(Text, default="")
    sent_copy: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)


class Mailbox(Base):
    """A folder of an account (or an imported Maildir) and its sync state."""

    __tablename__ = "mailboxes"
    __table_args__ = (UniqueConstraint("account_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(16), default="")  # inbox, sent, maildir, other
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    uidnext: Mapped[int | None] = mapped_column(BigInteger)
    highestmodseq: Mapped[int | None] = mapped_column(BigInteger)
    last_sync_at: Mapped[datetime | None] = mapped_column(EpochSeconds)
    last_error: Mapped[str] = mapped_column(Text, default="")


class Source(Base):
    """A monitored channel: a feed, an alert, a subreddit, a Mastodon search."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text, unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    poll_minutes: Mapped[int] = mapped_column(Integer, default=30)
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)


class FeedState(Base):
    """Per-feed fetch state: conditional-GET validators, schedule and last error."""

    __tablename__ = "feed_state"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    )
    etag: Mapped[str] = mapped_column(Text, default="")
    last_modified: Mapped[str] = mapped_column(Text, default="")
    last_fetch_at: Mapped[datetime | None] = mapped_column(EpochSeconds)
    last_ok_at: Mapped[datetime | None] = mapped_column(EpochSeconds)
    next_fetch_at: Mapped[datetime | None] = mapped_column(EpochSeconds)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_status: Mapped[str] = mapped_column(String(16), default="")  # ok, not_modified, error
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row, for back-off


class MentionSource(Base):
    """A source through which a mention was found (one mention, several alerts)."""

    __tablename__ = "mention_sources"
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Person(Base):
    """Someone we talk to (or ourselves, ``is_me``), across all their identities."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)


class Identity(Base):
    """One way to reach a person: an e-mail address or a handle on a network."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("network", "value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    network: Mapped[str] = mapped_column(String(32))  # email, reddit, mastodon, hackernews, web
    value: Mapped[str] = mapped_column(String(500))  # lower-cased address or handle
    display_name: Mapped[str] = mapped_column(String(300), default="")


class Colleague(Base):
    """A colleague concerns are passed on to ("John in Customer Service")."""

    __tablename__ = "colleagues"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str] = mapped_column(String(320), default="")
    team: Mapped[str] = mapped_column(String(200), default="")


class Conversation(Base):
    """A thread: mail linked by Message-ID/References, or a mention and its follow-ups."""

    __tablename__ = "conversations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    subject_key: Mapped[str] = mapped_column(String(300), default="", index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)
    last_activity_at: Mapped[datetime] = mapped_column(EpochSeconds, index=True)


class ThreadId(Base):
    """Every Message-ID seen or referenced, and the conversation it belongs to."""

    __tablename__ = "thread_ids"
    message_id: Mapped[str] = mapped_column(String(500), primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )


class Item(Base):
    """An inbound or outbound e-mail, or a mention, with its decoded content."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("account_id", "raw_sha"),
        # The queue's views, answered from the index alone (migration 0007): the
        # columns they filter on, then what they order by and look promises up by.
        Index(
            "ix_items_queue",
            "direction",
            "triage",
            "answered_at",
            "kind",
            "snoozed_until",
            "priority",
            "sort_key",
            "conversation_id",
        ),
        # A feed refresh asks which of its entries are known, by guid and URL.
        Index("ix_items_guid", "guid"),
        Index("ix_items_url", "url"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sort_key: Mapped[int] = mapped_column(BigInteger, unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # ItemKind
    direction: Mapped[str] = mapped_column(String(4))  # Direction
    triage: Mapped[str] = mapped_column(String(8))  # Triage
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    from_identity_id: Mapped[int | None] = mapped_column(ForeignKey("identities.id"), index=True)
    from_name: Mapped[str] = mapped_column(String(300), default="")
    from_addr: Mapped[str] = mapped_column(String(500), default="")
    to_addrs: Mapped[str] = mapped_column(Text, default="")
    cc_addrs: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[datetime] = mapped_column(EpochSeconds)
    received_at: Mapped[datetime] = mapped_column(EpochSeconds)
    message_id: Mapped[str] = mapped_column(String(500), default="", index=True)
    in_reply_to: Mapped[str] = mapped_column(Text, default="")
    references: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    guid: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # unsanitised: sanitise on display
    language: Mapped[str] = mapped_column(String(8), default="")
    raw_sha: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0)
    has_attachments: Mapped[bool] = mapped_column(Boolean, default=False)
    parse_error: Mapped[str] = mapped_column(Text, default="")
    spam_score: Mapped[float] = mapped_column(Float, default=0.0)
    seen: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime | None] = mapped_column(EpochSeconds)
    snoozed_until: Mapped[datetime | None] = mapped_column(EpochSeconds)
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 0 … 3 urgent


class ItemRaw(Base):
    """The exact bytes an item arrived as (lossless; attachments are read from here)."""

    __tablename__ = "item_raw"
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    raw: Mapped[bytes] = mapped_column(LargeBinary)


class MailLocation(Base):
    """Where an item lives on a server or in a Maildir; ``gone_at`` once expunged."""

    __tablename__ = "mail_locations"
    __table_args__ = (UniqueConstraint("mailbox_id", "uidvalidity", "uid"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    mailbox_id: Mapped[int] = mapped_column(ForeignKey("mailboxes.id", ondelete="CASCADE"))
    uidvalidity: Mapped[int] = mapped_column(BigInteger, default=0)
    uid: Mapped[int] = mapped_column(BigInteger, default=0)
    flags: Mapped[str] = mapped_column(Text, default="")
    gone_at: Mapped[datetime | None] = mapped_column(EpochSeconds)


class FlagChange(Base):
    """An item whose read/flagged/answered state changed since sync last compared it
    with the server (kept by triggers), so sync never scans every message for it."""

    __tablename__ = "flag_changes"
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    version: Mapped[int] = mapped_column(Integer, index=True)  # raised by every change


class Attachment(Base):
    """Metadata of an attachment; bytes come from ``item_raw`` by MIME part path."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(Text, default="")
    content_type: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    content_id: Mapped[str] = mapped_column(Text, default="")
    inline: Mapped[bool] = mapped_column(Boolean, default=False)


class Tag(Base):
    """A label the CM puts on items (complaint, bug, praise, pricing…)."""

    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    color: Mapped[str] = mapped_column(String(16), default="")


class ItemTag(Base):
    """Which tags an item carries."""

    __tablename__ = "item_tags"
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class KeywordRule(Base):
    """Brand terms and topics to watch for, and what to do with an item that has them.

    Word lists are JSON arrays of what the CM typed (folded when compiled, see
    :mod:`cm_desk.domain.keywords`).
    """

    __tablename__ = "keyword_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    terms: Mapped[str] = mapped_column(Text)
    require: Mapped[str] = mapped_column(Text, default="[]")
    exclude: Mapped[str] = mapped_column(Text, default="[]")
    whole_word: Mapped[bool] = mapped_column(Boolean, default=True)
    scope: Mapped[str] = mapped_column(String(16), default="mentions")  # Scope
    tag: Mapped[str] = mapped_column(String(100), default="")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    route: Mapped[str] = mapped_column(String(16), default="")  # Route
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)


class RuleHit(Base):
    """Which rules an item matched (for highlighting, counts and evidence)."""

    __tablename__ = "rule_hits"
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    rule_id: Mapped[int] = mapped_column(
        ForeignKey("keyword_rules.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Note(Base):
    """An internal note on a conversation (never sent to the customer)."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)


class Promise(Base):
    """A commitment ("I'll get back to you by Friday") with a due date and an owner.

    ``owner_colleague_id`` is NULL when the owner is the CM themself.
    """

    __tablename__ = "promises"
    __table_args__ = (Index("ix_promises_open_due", "status", "due_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    what: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(EpochSeconds)
    owner_colleague_id: Mapped[int | None] = mapped_column(
        ForeignKey("colleagues.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)
    resolved_at: Mapped[datetime | None] = mapped_column(EpochSeconds)


class Escalation(Base):
    """A concern passed on to a colleague, tracked until they resolved it."""

    __tablename__ = "escalations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    colleague_id: Mapped[int] = mapped_column(ForeignKey("colleagues.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    customer_told: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)
    resolved_at: Mapped[datetime | None] = mapped_column(EpochSeconds)


class ReplyTemplate(Base):
    """A reusable reply, per language."""

    __tablename__ = "reply_templates"
    __table_args__ = (UniqueConstraint("name", "language"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="en")
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)


class OutboxEntry(Base):
    """An outgoing reply or forward; its Message-ID is fixed before the first try."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    reply_to_item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    kind: Mapped[str] = mapped_column(String(12), default="reply")  # reply, forward, new
    message_id: Mapped[str] = mapped_column(String(500), unique=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(12), default="queued")  # OutboxState
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(EpochSeconds)
    next_attempt_at: Mapped[datetime | None] = mapped_column(EpochSeconds)
    sent_at: Mapped[datetime | None] = mapped_column(EpochSeconds)
    copy_pending: Mapped[bool] = mapped_column(Boolean, default=False)  # Sent copy still due


class Setting(Base):
    """Workspace-level facts (demo flag, schema notes); preferences live in QSettings."""

    __tablename__ = "workspace_settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


__all__ = [
    "MAX_SORT_TS",
    "SORT_SHIFT",
    "Account",
    "Attachment",
    "Base",
    "Colleague",
    "Conversation",
    "EpochSeconds",
    "Escalation",
    "FeedState",
    "FlagChange",
    "Identity",
    "Item",
    "ItemRaw",
    "ItemTag",
    "KeywordRule",
    "MailLocation",
    "Mailbox",
    "MentionSource",
    "Note",
    "OutboxEntry",
    "Person",
    "Promise",
    "ReplyTemplate",
    "RuleHit",
    "Setting",
    "Source",
    "Tag",
    "ThreadId",
    "make_sort_key",
]
