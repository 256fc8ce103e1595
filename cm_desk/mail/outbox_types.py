"""The values the outbox works with: entries, outcomes, settings and errors.

A leaf module, so that the outbox's parts (:mod:`cm_desk.mail.outbox`,
:mod:`cm_desk.mail.outbox_run`) share these without importing each other.
Callers import them from :mod:`cm_desk.mail.outbox`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cm_desk.domain.models import OutboxState
from cm_desk.mail.connect import Endpoint

PasswordLookup = Callable[[str], str | None]


def utc(when: datetime | None = None) -> datetime:
    """``when`` as an aware UTC datetime (naive taken as UTC); now if None."""
    if when is None:
        return datetime.now(UTC)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


class OutboxError(Exception):
    """A known outbox failure, told in a sentence (no such item, no account…)."""


class OutboxBusy(OutboxError):
    """Another process is delivering the outbox right now."""


@dataclass(frozen=True)
class DeliverySettings:
    """Timing of deliveries; every wait is bounded."""

    final_reply_timeout: float = 120.0  # seconds for "250" after the final dot
    backoff_first: int = 60
    backoff_max: int = 3600
    give_up_after: int = 5 * 86400  # a server deferring (4xx) for this long: failed
    lock_wait: float = 10.0


def backoff(attempts: int, settings: DeliverySettings) -> timedelta:
    """Wait before attempt ``attempts + 1``: doubling from ``backoff_first``, capped."""
    seconds = settings.backoff_first * 2 ** min(max(attempts - 1, 0), 20)
    return timedelta(seconds=min(seconds, settings.backoff_max))


@dataclass(frozen=True)
class Queued:
    """An entry just put into the outbox."""

    entry_id: int
    message_id: str
    recipients: tuple[str, ...]
    subject: str


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt (or Sent look-up) did with an entry."""

    entry_id: int
    state: OutboxState
    detail: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryView:
    """An outbox entry as the CLI and the app show it."""

    id: int
    account: str
    kind: str
    state: OutboxState
    message_id: str
    to: str
    recipients: tuple[str, ...]
    subject: str
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None


@dataclass(frozen=True)
class Entry:
    """An entry as a delivery run reads it: what to send, and how it went so far."""

    id: int
    account_id: int
    kind: str
    reply_to_item_id: int | None
    message_id: str
    raw: bytes
    state: str
    attempts: int
    last_error: str
    created_at: datetime
    copy_pending: bool = False


@dataclass(frozen=True)
class SendingAccount:
    """An account as a delivery run needs it: who sends, and through which servers."""

    id: int
    name: str
    address: str
    username: str
    smtp: Endpoint
    imap: Endpoint
    sent_copy: bool
