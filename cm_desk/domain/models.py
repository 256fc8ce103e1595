"""Plain domain values shared by every layer: no Qt, no SQLAlchemy.

These are what crosses thread and process boundaries (parser workers return
``ParsedMessage``; store queries return ``ItemRow``/``PromiseRow``), so they are
frozen dataclasses of plain values and pickle cheaply.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class ItemKind(enum.StrEnum):
    """What an item is: an e-mail or a public mention picked up from a feed."""

    MAIL = "mail"
    MENTION = "mention"


class Direction(enum.StrEnum):
    """Inbound items are written to us; outbound ones are ours. A forward of ours
    (to a colleague, escalating) is ours too but answers nobody."""

    IN = "in"
    OUT = "out"
    FORWARD = "fwd"


class Triage(enum.StrEnum):
    """Where an inbound item stands in the CM's triage.

    ``new`` and ``open`` still need a response; ``done`` needs nothing more
    (handled, or a mention that needs no answer); ``spam`` and ``abuse`` are
    the only things we may leave unanswered on purpose.
    """

    NEW = "new"
    OPEN = "open"
    DONE = "done"
    SPAM = "spam"
    ABUSE = "abuse"


class PromiseStatus(enum.StrEnum):
    """The life of a commitment made to someone."""

    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


class EscalationStatus(enum.StrEnum):
    """An escalation is open until the colleague has resolved it."""

    OPEN = "open"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"


class OutboxState(enum.StrEnum):
    """States of an outgoing message; ``uncertain`` is never re-sent blindly."""

    DRAFT = "draft"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    UNCERTAIN = "uncertain"
    FAILED = "failed"
    DISCARDED = "discarded"  # kept, so its id and Message-ID are never given out again


class SourceKind(enum.StrEnum):
    """Kinds of monitored channel."""

    RSS = "rss"
    GOOGLE_ALERTS = "google_alerts"
    REDDIT = "reddit"
    HACKER_NEWS = "hackernews"
    MASTODON = "mastodon"
    BLOG = "blog"


@dataclass(frozen=True, slots=True)
class Address:
    """A display name and an address (lower-cased for matching)."""

    name: str
    addr: str

    def display(self) -> str:
        """Human form: the name when there is one, else the address."""
        return self.name or self.addr


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """Metadata of one attachment; the bytes are re-read from the raw source.

    ``part`` is the MIME part path ("2", "1.3"…) used to find the bytes again.
    """

    part: str
    filename: str
    content_type: str
    size: int
    content_id: str = ""
    inline: bool = False


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """Everything the store needs from one raw RFC 5322 message.

    ``parse_error`` is set when the message could not be understood; the raw
    bytes are then still stored and shown as such, never dropped.
    """

    raw: bytes
    raw_sha: str
    message_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    date: datetime | None
    text: str
    html: str
    language: str
    attachments: tuple[AttachmentInfo, ...] = ()
    calendar: str = ""
    list_id: str = ""
    auto_submitted: bool = False
    spam_score: float = 0.0
    parse_error: str = ""
    source_name: str = ""
    seen: bool = False
    flagged: bool = False
    answered: bool = False


@dataclass(frozen=True, slots=True)
class NewMention:
    """A public mention picked up from a monitored channel."""

    source_url: str
    url: str
    guid: str
    title: str
    author: str
    author_handle: str
    network: str
    published: datetime
    text: str
    html: str = ""
    language: str = ""
    in_reply_to_url: str = ""


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One row of a list pane or a search result."""

    id: int
    date: datetime
    sender: str
    subject: str
    kind: ItemKind
    direction: Direction
    triage: Triage
    conversation_id: int
    language: str = ""
    snippet: str = ""


@dataclass(frozen=True, slots=True)
class WaitingRow:
    """An inbound item nobody has answered or promised anything about yet."""

    id: int
    date: datetime
    sender: str
    subject: str
    kind: ItemKind
    age_seconds: int
    conversation_id: int


@dataclass(frozen=True, slots=True)
class PromiseRow:
    """An open (or settled) commitment, with whom it was made to."""

    id: int
    what: str
    due: datetime | None
    owner: str
    status: PromiseStatus
    conversation_id: int
    conversation_subject: str
    promised_to: str
    created_at: datetime
    overdue: bool


@dataclass(slots=True)
class Changes:
    """What a write changed, so each pane can decide whether to refresh."""

    items_added: int = 0
    items_updated: int = 0
    conversations: set[int] = field(default_factory=set)
    promises: set[int] = field(default_factory=set)
    skipped_duplicates: int = 0
    unparseable: int = 0

    def merge(self, other: Changes) -> None:
        """Fold another ``Changes`` into this one."""
        self.items_added += other.items_added
        self.items_updated += other.items_updated
        self.conversations |= other.conversations
        self.promises |= other.promises
        self.skipped_duplicates += other.skipped_duplicates
        self.unparseable += other.unparseable
