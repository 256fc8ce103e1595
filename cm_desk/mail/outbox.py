"""The outbox: replies, forwards and new messages that leave exactly once.

A message is written (:mod:`cm_desk.mail.compose`) and stored ``queued`` with
its Message-ID fixed, before any network. :func:`deliver` then sends what is
due, one SMTP transaction per message, driven by hand so we know the one
instant that matters: the final dot. Nothing before it can deliver a message
(RFC 5321: an unfinished DATA is discarded), so the entry is committed as
``sending`` just before the dot is written:

* a failure before the dot, or a 4xx answer, puts it back to ``queued`` with
  exponential back-off (offline — refused, DNS, timeout — waits indefinitely;
  a server that keeps deferring gives up after ``give_up_after``);
* a 5xx answer makes it ``failed``, with the server's reason;
* a connection lost or timed out after the dot makes it ``uncertain``, and so
  does a crash: an entry found ``sending`` when :func:`deliver` starts.

An uncertain entry is never sent again on our own: each run looks for its
Message-ID in the Sent folder (found: it went, it becomes ``sent``); else it
waits for the user's :func:`resend` or :func:`discard`. After a send, the
same bytes are APPENDed to Sent with ``\\Seen`` (unless the account's server
files its own copy), the original gets ``\\Answered`` here and on the server,
and the sent message is added to the store so it threads at once; a failure
in these steps is a warning on a sent message, never a failed send.

Only one process delivers at a time (a lock file next to the store). No
database transaction is held open across network I/O. Passwords come from a
lookup callable, go to the servers only, and are scrubbed from any message.

This module is the outbox's API: queueing, the user's resend and discard,
the listing, and :func:`deliver` with its lock and crash recovery. The rest
lives beside it: the values in :mod:`~cm_desk.mail.outbox_types`, one
account's run in :mod:`~cm_desk.mail.outbox_run`, the SMTP transaction in
:mod:`~cm_desk.mail.smtp_send`, the IMAP side in :mod:`~cm_desk.mail.sent_folder`.
"""

from __future__ import annotations

import email.policy
import os
import sys
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from cm_desk.domain.models import Address, ItemKind, OutboxState
from cm_desk.domain.sentence import Sentence
from cm_desk.mail.compose import (
    Composed,
    Original,
    build_forward,
    build_new,
    build_reply,
    normalize_address,
)
from cm_desk.mail.outbox_run import FILES_OWN_COPY, AccountRun, load_account, pending
from cm_desk.mail.outbox_types import (
    DeliverySettings,
    EntryView,
    OutboxBusy,
    OutboxError,
    Outcome,
    PasswordLookup,
    Queued,
    backoff,
    utc,
)
from cm_desk.mail.smtp_send import listed_recipients
from cm_desk.store.engine import Store
from cm_desk.store.schema import Account, Colleague, Item, ItemRaw, OutboxEntry, ThreadId

__all__ = [
    "FILES_OWN_COPY",
    "DeliverySettings",
    "EntryView",
    "OutboxBusy",
    "OutboxError",
    "Outcome",
    "PasswordLookup",
    "Queued",
    "backoff",
    "deliver",
    "discard",
    "list_entries",
    "queue_forward",
    "queue_reply",
    "resend",
    "utc",
]

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


# -- putting messages into the outbox ----------------------------------------------


@dataclass(frozen=True)
class _Source:
    """The mail item answered or forwarded, and the account that sends it."""

    item_id: int
    conversation_id: int
    account_id: int
    me: Address
    raw: bytes


def queue_reply(
    store: Store,
    item_id: int,
    body: str,
    *,
    account: str | None = None,
    quote: bool = True,
    now: datetime | None = None,
) -> Queued:
    """Write a reply to item ``item_id`` and queue it; raises OutboxError/ComposeError."""
    when = utc(now)
    with store.engine.connect() as conn:
        source = _source(conn, item_id, account)
    composed = build_reply(Original.from_raw(source.raw), source.me, body, quote=quote, now=when)
    return _insert(store, source, "reply", composed, when)


def queue_forward(
    store: Store,
    item_id: int,
    to: str,
    note: str = "",
    *,
    account: str | None = None,
    now: datetime | None = None,
) -> Queued:
    """Forward item ``item_id`` to ``to`` (an address or a colleague's name) and queue it."""
    when = utc(now)
    with store.engine.connect() as conn:
        source = _source(conn, item_id, account)
        recipient = _forward_recipient(conn, to)
    composed = build_forward(source.raw, source.me, recipient, note, now=when)
    return _insert(store, source, "forward", composed, when)


def queue_new(
    store: Store,
    item_id: int,
    to: Address | str,
    subject: str,
    body: str,
    *,
    account: str | None = None,
    now: datetime | None = None,
) -> Queued:
    """Write to ``to`` (an address, named or not, or a colleague's name) about item
    ``item_id``: a mention whose author's address we know.

    The message joins the item's conversation at once (its Message-ID is
    filed there), so its sent copy and any answer to it thread in with the
    post it is about; once sent, the item counts as answered.
    """
    when = utc(now)
    with store.engine.connect() as conn:
        item = conn.execute(
            select(Item.id, Item.conversation_id, Item.account_id).where(Item.id == item_id)
        ).first()
        if item is None:
            raise OutboxError(Sentence("there is no item {id}", id=item_id))
        acc = _sending_account(conn, item.account_id, account)
        recipient = to if isinstance(to, Address) else _forward_recipient(conn, to)
    me = Address(name=acc.display_name, addr=acc.address)
    composed = build_new(me, recipient, subject, body, now=when)
    source = _Source(item_id, item.conversation_id, acc.id, me, b"")
    return _insert(store, source, "new", composed, when)


def _source(conn: Connection, item_id: int, account: str | None) -> _Source:
    """Item ``item_id``, its message and its sending account; raises OutboxError."""
    item = _mail_item(conn, item_id)
    acc = _sending_account(conn, item.account_id, account)
    raw = _item_raw(conn, item_id)
    me = Address(name=acc.display_name, addr=acc.address)
    return _Source(item_id, item.conversation_id, acc.id, me, raw)


def _mail_item(conn: Connection, item_id: int) -> Row[Any]:
    item = conn.execute(select(Item).where(Item.id == item_id)).first()
    if item is None:
        raise OutboxError(Sentence("there is no item {id}", id=item_id))
    if item.kind != ItemKind.MAIL.value:
        raise OutboxError(
            Sentence("item {id} is a public mention, not mail; answer it where it was", id=item_id)
        )
    return item


def _item_raw(conn: Connection, item_id: int) -> bytes:
    raw = conn.execute(select(ItemRaw.raw).where(ItemRaw.item_id == item_id)).scalar()
    if raw is None:
        raise OutboxError(Sentence("the message of item {id} is not in the workspace", id=item_id))
    return bytes(raw)


def _sending_account(conn: Connection, item_account: int | None, name: str | None) -> Row[Any]:
    """The account to send from: the one named, else the item's, else the only one."""
    servers = select(Account).where(Account.smtp_host != "")
    if name is not None:
        acc = conn.execute(select(Account).where(Account.name == name)).first()
        if acc is None:
            raise OutboxError(Sentence("there is no account named {name}", name=repr(name)))
        if not acc.smtp_host:
            raise OutboxError(
                Sentence("account {name} has no mail server to send with", name=repr(name))
            )
    else:
        acc = conn.execute(servers.where(Account.id == item_account)).first()
        if acc is None:
            candidates = conn.execute(servers.limit(2)).all()
            if len(candidates) != 1:
                raise OutboxError(
                    Sentence(
                        "this item's account has no mail server; choose the account to send "
                        "from with --account"
                    )
                    if candidates
                    else Sentence("no account can send mail; add one with 'cm-desk account add'")
                )
            acc = candidates[0]
    if not acc.address:
        raise OutboxError(
            Sentence(
                "account {name} has no e-mail address to send from; add it again with --address",
                name=repr(acc.name),
            )
        )
    return acc


def _forward_recipient(conn: Connection, to: str) -> Address:
    if "@" in to:
        return Address(name="", addr=normalize_address(to))
    row = conn.execute(
        select(Colleague.name, Colleague.email).where(Colleague.name == to.strip())
    ).first()
    if row is None:
        raise OutboxError(
            Sentence("{to} is neither an e-mail address nor a known colleague", to=repr(to))
        )
    if not row.email:
        raise OutboxError(Sentence("colleague {name} has no e-mail address", name=repr(row.name)))
    return Address(name=row.name, addr=normalize_address(row.email))


def _insert(store: Store, source: _Source, kind: str, composed: Composed, now: datetime) -> Queued:
    with store.write() as conn:
        entry_id = conn.execute(
            insert(OutboxEntry)
            .values(
                account_id=source.account_id,
                conversation_id=source.conversation_id,
                reply_to_item_id=source.item_id,
                kind=kind,
                message_id=composed.message_id,
                raw=composed.raw,
                state=OutboxState.QUEUED.value,
                attempts=0,
                last_error="",
                created_at=now,
                next_attempt_at=now,
                sent_at=None,
            )
            .returning(OutboxEntry.id)
        ).scalar_one()
        if kind == "new":
            # Its sent copy, and the answers to it, thread into this conversation.
            conn.execute(
                insert(ThreadId).values(
                    message_id=composed.message_id, conversation_id=source.conversation_id
                )
            )
    return Queued(int(entry_id), composed.message_id, composed.recipients, composed.subject)


# -- the user's say ------------------------------------------------------------------


def resend(store: Store, entry_id: int, *, now: datetime | None = None) -> None:
    """Queue an uncertain or failed entry again (same bytes, same Message-ID)."""
    with store.write() as conn:
        done = conn.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.id == entry_id,
                OutboxEntry.state.in_([OutboxState.UNCERTAIN.value, OutboxState.FAILED.value]),
            )
            .values(state=OutboxState.QUEUED.value, next_attempt_at=utc(now), last_error="")
        ).rowcount
        if not done:
            raise OutboxError(_why_not(conn, entry_id, "sent again"))


def discard(store: Store, entry_id: int) -> None:
    """Drop an entry that has not (knowingly) been sent."""
    with store.write() as conn:
        done = conn.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.id == entry_id,
                OutboxEntry.state.not_in(
                    [
                        OutboxState.SENDING.value,
                        OutboxState.SENT.value,
                        OutboxState.DISCARDED.value,
                    ]
                ),
            )
            .values(state=OutboxState.DISCARDED.value, next_attempt_at=None)
        ).rowcount
        if not done:
            raise OutboxError(_why_not(conn, entry_id, "discarded"))


def _why_not(conn: Connection, entry_id: int, action: str) -> str:
    state = conn.execute(select(OutboxEntry.state).where(OutboxEntry.id == entry_id)).scalar()
    if state is None:
        return f"there is no outbox entry {entry_id}"
    return f"outbox entry {entry_id} is {state}; it cannot be {action}"


def list_entries(store: Store, *, include_sent: bool = False) -> list[EntryView]:
    """The outbox, oldest first; sent and discarded entries only when asked."""
    query = (
        select(OutboxEntry, Account.name)
        .join(Account, Account.id == OutboxEntry.account_id)
        .order_by(OutboxEntry.id)
    )
    if not include_sent:
        query = query.where(
            OutboxEntry.state.not_in([OutboxState.SENT.value, OutboxState.DISCARDED.value])
        )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for r in rows:
        head = BytesHeaderParser(policy=email.policy.default).parsebytes(r.raw)
        out.append(
            EntryView(
                id=r.id,
                account=r.name,
                kind=r.kind,
                state=OutboxState(r.state),
                message_id=r.message_id,
                to=str(head.get("To", "")),
                recipients=listed_recipients(r.raw),
                subject=str(head.get("Subject", "")),
                attempts=r.attempts,
                last_error=r.last_error,
                created_at=r.created_at,
                next_attempt_at=r.next_attempt_at,
                sent_at=r.sent_at,
            )
        )
    return out


# -- delivering ----------------------------------------------------------------------


def deliver(
    store: Store,
    password_for: PasswordLookup,
    *,
    now: datetime | None = None,
    only: Collection[int] | None = None,
    ignore_backoff: bool = False,
    settings: DeliverySettings | None = None,
) -> list[Outcome]:
    """Send what is due, settle what is uncertain; one :class:`Outcome` per entry touched.

    ``only`` limits the run to those entries; ``ignore_backoff`` sends queued
    entries whose next attempt lies in the future (a person asked for it now).
    Raises :class:`OutboxBusy` when another process delivers.
    """
    settings = settings or DeliverySettings()
    when = utc(now)
    with _delivery_lock(store, settings.lock_wait):
        _recover_interrupted(store, when)
        entries = pending(store, when, only, ignore_backoff)
        outcomes: list[Outcome] = []
        for account_id in sorted({e.account_id for e in entries}):
            run = AccountRun(store, load_account(store, account_id), password_for, settings)
            try:
                mine = [e for e in entries if e.account_id == account_id]
                for entry in mine:
                    if entry.state == OutboxState.SENT.value:
                        filed = run.finish_copy(entry, when)
                        if filed is not None:
                            outcomes.append(filed)
                for entry in mine:
                    if entry.state == OutboxState.UNCERTAIN.value:
                        outcomes.append(run.settle_uncertain(entry, when))
                for entry in mine:
                    if entry.state == OutboxState.QUEUED.value:
                        outcome = run.send(entry, when)
                        if outcome is not None:
                            outcomes.append(outcome)
            finally:
                run.close()
        return outcomes


@contextmanager
def _delivery_lock(store: Store, wait: float) -> Iterator[None]:
    """One deliverer per workspace: an entry left 'sending' is then always a crash."""
    if store.path is None:
        yield
        return
    fd = os.open(store.path.with_name("outbox.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                _try_lock(fd)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise OutboxBusy(
                        "another cm-desk is sending the outbox right now; try again in a moment"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _recover_interrupted(store: Store, now: datetime) -> None:
    with store.write() as conn:
        conn.execute(
            update(OutboxEntry)
            .where(OutboxEntry.state == OutboxState.SENDING.value)
            .values(
                state=OutboxState.UNCERTAIN.value,
                last_error="cm-desk stopped while the server was taking this message; "
                "it may have been sent",
                next_attempt_at=None,
            )
        )
