"""The outbox: replies and forwards that leave exactly once.

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
"""

from __future__ import annotations

import contextlib
import email.policy
import email.utils
import imaplib
import logging
import os
import re
import smtplib
import sys
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.parser import BytesHeaderParser
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from cm_desk import secrets
from cm_desk.domain.models import Address, ItemKind, OutboxState
from cm_desk.mail.compose import (
    Composed,
    ComposeError,
    Original,
    build_forward,
    build_reply,
    normalize_address,
)
from cm_desk.mail.connect import ConnectionProblem, Endpoint, Security, imap_login, smtp_login
from cm_desk.mail.folders import ANSWERED, flag_set, flags_text, pick_sent
from cm_desk.mail.imap import decode_mailbox_name, mailbox_name
from cm_desk.mail.parse import parse_message
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import (
    Account,
    Colleague,
    Item,
    ItemRaw,
    Mailbox,
    MailLocation,
    OutboxEntry,
)

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


log = logging.getLogger(__name__)

PasswordLookup = Callable[[str], str | None]
# Servers that file a copy of what goes through their SMTP in Sent themselves:
# an APPEND there would make a second copy.
FILES_OWN_COPY = ("gmail.com", "googlemail.com", "office365.com", "outlook.com", "hotmail.com")
_SAFE_ID = re.compile(r"[!#-\[\]-~]+")  # printable ASCII without '"' and '\': fits a quoted string


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
class _Entry:
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


@dataclass(frozen=True)
class _Account:
    id: int
    name: str
    address: str
    username: str
    smtp: Endpoint
    imap: Endpoint
    sent_copy: bool


# -- putting messages into the outbox ----------------------------------------------


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
        item = _mail_item(conn, item_id)
        acc = _sending_account(conn, item.account_id, account)
        raw = _item_raw(conn, item_id)
    me = Address(name=acc.display_name, addr=acc.address)
    composed = build_reply(Original.from_raw(raw), me, body, quote=quote, now=when)
    return _insert(store, acc.id, item.conversation_id, item_id, "reply", composed, when)


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
        item = _mail_item(conn, item_id)
        acc = _sending_account(conn, item.account_id, account)
        raw = _item_raw(conn, item_id)
        recipient = _forward_recipient(conn, to)
    me = Address(name=acc.display_name, addr=acc.address)
    composed = build_forward(raw, me, recipient, note, now=when)
    return _insert(store, acc.id, item.conversation_id, item_id, "forward", composed, when)


def _mail_item(conn: Connection, item_id: int) -> Row[Any]:
    item = conn.execute(select(Item).where(Item.id == item_id)).first()
    if item is None:
        raise OutboxError(f"there is no item {item_id}")
    if item.kind != ItemKind.MAIL.value:
        raise OutboxError(f"item {item_id} is a public mention, not mail; answer it where it was")
    return item


def _item_raw(conn: Connection, item_id: int) -> bytes:
    raw = conn.execute(select(ItemRaw.raw).where(ItemRaw.item_id == item_id)).scalar()
    if raw is None:
        raise OutboxError(f"the message of item {item_id} is not in the workspace")
    return bytes(raw)


def _sending_account(conn: Connection, item_account: int | None, name: str | None) -> Row[Any]:
    """The account to send from: the one named, else the item's, else the only one."""
    servers = select(Account).where(Account.smtp_host != "")
    if name is not None:
        acc = conn.execute(select(Account).where(Account.name == name)).first()
        if acc is None:
            raise OutboxError(f"there is no account named {name!r}")
        if not acc.smtp_host:
            raise OutboxError(f"account {name!r} has no mail server to send with")
    else:
        acc = conn.execute(servers.where(Account.id == item_account)).first()
        if acc is None:
            candidates = conn.execute(servers.limit(2)).all()
            if len(candidates) != 1:
                raise OutboxError(
                    "this item's account has no mail server; choose the account to send "
                    "from with --account"
                    if candidates
                    else "no account can send mail; add one with 'cm-desk account add'"
                )
            acc = candidates[0]
    if not acc.address:
        raise OutboxError(
            f"account {acc.name!r} has no e-mail address to send from; add it again with --address"
        )
    return acc


def _forward_recipient(conn: Connection, to: str) -> Address:
    if "@" in to:
        return Address(name="", addr=normalize_address(to))
    row = conn.execute(
        select(Colleague.name, Colleague.email).where(Colleague.name == to.strip())
    ).first()
    if row is None:
        raise OutboxError(f"{to!r} is neither an e-mail address nor a known colleague")
    if not row.email:
        raise OutboxError(f"colleague {row.name!r} has no e-mail address")
    return Address(name=row.name, addr=normalize_address(row.email))


def _insert(
    store: Store,
    account_id: int,
    conversation_id: int,
    item_id: int,
    kind: str,
    composed: Composed,
    now: datetime,
) -> Queued:
    with store.write() as conn:
        entry_id = conn.execute(
            insert(OutboxEntry)
            .values(
                account_id=account_id,
                conversation_id=conversation_id,
                reply_to_item_id=item_id,
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
            delete(OutboxEntry).where(
                OutboxEntry.id == entry_id,
                OutboxEntry.state.not_in([OutboxState.SENDING.value, OutboxState.SENT.value]),
            )
        ).rowcount
        if not done:
            raise OutboxError(_why_not(conn, entry_id, "discarded"))


def _why_not(conn: Connection, entry_id: int, action: str) -> str:
    state = conn.execute(select(OutboxEntry.state).where(OutboxEntry.id == entry_id)).scalar()
    if state is None:
        return f"there is no outbox entry {entry_id}"
    return f"outbox entry {entry_id} is {state}; it cannot be {action}"


def list_entries(store: Store, *, include_sent: bool = False) -> list[EntryView]:
    """The outbox, oldest first; sent entries only when asked."""
    query = (
        select(OutboxEntry, Account.name)
        .join(Account, Account.id == OutboxEntry.account_id)
        .order_by(OutboxEntry.id)
    )
    if not include_sent:
        query = query.where(OutboxEntry.state != OutboxState.SENT.value)
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
                recipients=_listed_recipients(r.raw),
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
        entries = _pending(store, when, only, ignore_backoff)
        outcomes: list[Outcome] = []
        for account_id in sorted({e.account_id for e in entries}):
            run = _AccountRun(store, _load_account(store, account_id), password_for, settings)
            try:
                mine = [e for e in entries if e.account_id == account_id]
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


def _pending(
    store: Store, now: datetime, only: Collection[int] | None, ignore_backoff: bool
) -> list[_Entry]:
    due = OutboxEntry.state == OutboxState.QUEUED.value
    if not ignore_backoff:
        due = due & (OutboxEntry.next_attempt_at.is_(None) | (OutboxEntry.next_attempt_at <= now))
    query = (
        select(OutboxEntry)
        .where(due | (OutboxEntry.state == OutboxState.UNCERTAIN.value))
        .order_by(OutboxEntry.id)
    )
    if only is not None:
        query = query.where(OutboxEntry.id.in_(sorted(only)))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        _Entry(
            r.id,
            r.account_id,
            r.kind,
            r.reply_to_item_id,
            r.message_id,
            bytes(r.raw),
            r.state,
            r.attempts,
            r.last_error,
            r.created_at,
        )
        for r in rows
    ]


def _load_account(store: Store, account_id: int) -> _Account:
    with store.engine.connect() as conn:
        a = conn.execute(select(Account).where(Account.id == account_id)).one()
    security: Security = (
        "starttls" if a.security == "starttls" else "none" if a.security == "none" else "tls"
    )
    host = a.smtp_host.lower().rstrip(".")
    files_own = any(host == d or host.endswith("." + d) for d in FILES_OWN_COPY)
    return _Account(
        id=a.id,
        name=a.name,
        address=a.address,
        username=a.username,
        smtp=Endpoint(a.smtp_host, a.smtp_port, security, a.cafile),
        imap=Endpoint(a.imap_host, a.imap_port, security, a.cafile),
        sent_copy=bool(a.sent_copy) and not files_own,
    )


def backoff(attempts: int, settings: DeliverySettings) -> timedelta:
    """Wait before attempt ``attempts + 1``: doubling from ``backoff_first``, capped."""
    seconds = settings.backoff_first * 2 ** min(max(attempts - 1, 0), 20)
    return timedelta(seconds=min(seconds, settings.backoff_max))


@dataclass
class _AccountRun:
    """One account's share of a delivery run: its connections, made when first needed."""

    store: Store
    account: _Account
    password_for: PasswordLookup
    settings: DeliverySettings
    _password: str | None = None
    _smtp: smtplib.SMTP | None = None
    _imap: imaplib.IMAP4 | None = None
    _sent_folder: str | None = None
    _problems: dict[str, str] = field(default_factory=dict)

    # -- connections ----------------------------------------------------------
    def password(self) -> str:
        if self._password is None:
            try:
                found = self.password_for(self.account.name)
            except secrets.SecretsError as exc:
                raise ConnectionProblem("auth", str(exc)) from None
            if not found:
                raise ConnectionProblem(
                    "auth",
                    f"no password for account {self.account.name!r} in the system keyring; "
                    "add the account again",
                )
            self._password = found
        return self._password

    def scrub(self, text: str) -> str:
        """``text`` with the password taken out, should a server ever echo it."""
        return text.replace(self._password, "********") if self._password else text

    def smtp(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = smtp_login(self.account.smtp, self.account.username, self.password())
        return self._smtp

    def imap(self) -> imaplib.IMAP4:
        if "imap" in self._problems:  # tried once this run already
            raise ConnectionProblem("network", self._problems["imap"])
        if self._imap is None:
            try:
                self._imap = imap_login(self.account.imap, self.account.username, self.password())
            except ConnectionProblem as exc:
                self._problems["imap"] = self.scrub(str(exc))
                raise
        return self._imap

    def drop_smtp(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self.drop_smtp()
        if self._imap is not None:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                self._imap.logout()
            self._imap = None

    # -- sending ----------------------------------------------------------------
    def send(self, entry: _Entry, now: datetime) -> Outcome | None:
        """One SMTP transaction for ``entry``; None when someone else took it meanwhile."""
        if "smtp" in self._problems:
            return self._retry(entry, now, self._problems["smtp"], offline=True)
        try:
            sender = normalize_address(self.account.address)
            rcpts = _recipients(entry.raw)
        except ComposeError as exc:
            return self._final(entry, now, OutboxState.FAILED, str(exc))
        try:
            conn = self.smtp()
        except ConnectionProblem as exc:
            self._problems["smtp"] = self.scrub(str(exc))
            return self._retry(entry, now, self._problems["smtp"], offline=True)
        try:
            result, reason = _transmit(
                conn,
                sender,
                rcpts,
                entry.raw,
                claim=lambda: self._claim(entry),
                final_timeout=self.settings.final_reply_timeout,
            )
        except BaseException:
            self.drop_smtp()  # never a polite QUIT in the middle of DATA: it would be data
            raise
        reason = self.scrub(reason)
        if result != "sent":
            self.drop_smtp()  # the transaction ended badly: start the next one afresh
        if result == "skipped":
            return None
        if result == "retry":
            return self._retry(entry, now, reason, offline=False)
        if result == "failed":
            return self._final(entry, now, OutboxState.FAILED, reason)
        if result == "uncertain":
            return self._final(entry, now, OutboxState.UNCERTAIN, f"{reason} — {_ask(entry.id)}")
        warnings = self._after_send(entry, now)
        log.info("outbox: entry %d sent to %s", entry.id, ", ".join(rcpts))
        return Outcome(entry.id, OutboxState.SENT, f"sent to {', '.join(rcpts)}", warnings)

    def _claim(self, entry: _Entry) -> bool:
        """Mark ``entry`` sending, committed, right before the final dot."""
        with self.store.write() as conn:
            return bool(
                conn.execute(
                    update(OutboxEntry)
                    .where(
                        OutboxEntry.id == entry.id,
                        OutboxEntry.state == OutboxState.QUEUED.value,
                    )
                    .values(state=OutboxState.SENDING.value)
                ).rowcount
            )

    def _retry(self, entry: _Entry, now: datetime, reason: str, *, offline: bool) -> Outcome:
        attempts = entry.attempts + 1
        if not offline and now - entry.created_at > timedelta(seconds=self.settings.give_up_after):
            return self._final(
                entry, now, OutboxState.FAILED, f"the server kept deferring it: {reason}"
            )
        next_at = now + backoff(attempts, self.settings)
        with self.store.write() as conn:
            conn.execute(
                update(OutboxEntry)
                .where(
                    OutboxEntry.id == entry.id,
                    OutboxEntry.state.in_([OutboxState.QUEUED.value, OutboxState.SENDING.value]),
                )
                .values(
                    state=OutboxState.QUEUED.value,
                    attempts=attempts,
                    last_error=reason,
                    next_attempt_at=next_at,
                )
            )
        return Outcome(entry.id, OutboxState.QUEUED, reason)

    def _final(self, entry: _Entry, now: datetime, state: OutboxState, reason: str) -> Outcome:
        with self.store.write() as conn:
            conn.execute(
                update(OutboxEntry)
                .where(OutboxEntry.id == entry.id)
                .values(
                    state=state.value,
                    attempts=entry.attempts + 1,
                    last_error=reason,
                    next_attempt_at=None,
                )
            )
        log.info("outbox: entry %d is %s: %s", entry.id, state.value, reason)
        return Outcome(entry.id, state, reason)

    # -- after a send, and settling the uncertain ------------------------------------
    def _after_send(self, entry: _Entry, now: datetime) -> tuple[str, ...]:
        warnings = self._mark_sent(entry, now, OutboxState.QUEUED, attempts=entry.attempts + 1)
        if self.account.sent_copy:
            warnings += self._file_copy(entry, now)
        warnings += self._answer_on_server(entry)
        if warnings:
            self._note(entry.id, "; ".join(warnings))
        return warnings

    def settle_uncertain(self, entry: _Entry, now: datetime) -> Outcome:
        """Look for an uncertain entry's copy in Sent: found means it was sent."""
        ask = _ask(entry.id)
        base = entry.last_error.split(" — ", 1)[0]
        try:
            found = self._in_sent(entry.message_id)
        except (ConnectionProblem, imaplib.IMAP4.error, OSError) as exc:
            note = f"{base} — could not look in Sent ({self.scrub(str(exc))}). {ask}"
            self._note(entry.id, note)
            return Outcome(entry.id, OutboxState.UNCERTAIN, note)
        if not found:
            note = f"{base} — no copy in Sent. {ask}"
            self._note(entry.id, note)
            return Outcome(entry.id, OutboxState.UNCERTAIN, note)
        warnings = self._mark_sent(entry, now, OutboxState.UNCERTAIN, attempts=entry.attempts)
        warnings += self._answer_on_server(entry)
        if warnings:
            self._note(entry.id, "; ".join(warnings))
        return Outcome(entry.id, OutboxState.SENT, "its copy is in Sent: it was sent", warnings)

    def _mark_sent(
        self, entry: _Entry, now: datetime, was: OutboxState, *, attempts: int
    ) -> tuple[str, ...]:
        """Commit 'sent' and, in the same transaction, the message into the store."""
        warnings: tuple[str, ...] = ()
        with self.store.write() as conn:
            changed = conn.execute(
                update(OutboxEntry)
                .where(
                    OutboxEntry.id == entry.id,
                    OutboxEntry.state.in_([was.value, OutboxState.SENDING.value]),
                )
                .values(
                    state=OutboxState.SENT.value,
                    sent_at=now,
                    attempts=attempts,
                    last_error="",
                    next_attempt_at=None,
                )
            ).rowcount
            if not changed:  # discarded or resent by the user meanwhile
                return warnings
            try:
                with conn.begin_nested():
                    _record_locally(conn, entry, self.account, now)
            except Exception:  # a bug in ingest must not turn a sent message into a resend
                log.exception("outbox: entry %d sent, but storing it locally failed", entry.id)
                warnings = ("sent, but it could not be added to the workspace (see the log)",)
        return warnings

    def _note(self, entry_id: int, text: str) -> None:
        with self.store.write() as conn:
            conn.execute(
                update(OutboxEntry).where(OutboxEntry.id == entry_id).values(last_error=text)
            )

    def _sent(self) -> str:
        if self._sent_folder is None:
            with self.store.engine.connect() as conn:
                known = conn.execute(
                    select(Mailbox.name).where(
                        Mailbox.account_id == self.account.id, Mailbox.role == "sent"
                    )
                ).scalar()
            self._sent_folder = known or pick_sent(_list_folders(self.imap()))
            if self._sent_folder is None:
                raise ConnectionProblem("network", "the server has no Sent folder")
        return self._sent_folder

    def _in_sent(self, message_id: str) -> bool:
        if not _SAFE_ID.fullmatch(message_id):
            return False
        imap = self.imap()
        typ, _ = imap.select(_wire(self._sent()), readonly=True)
        if typ != "OK":
            raise ConnectionProblem("network", "the server would not open the Sent folder")
        typ, data = imap.uid("SEARCH", "HEADER", "Message-ID", f'"<{message_id}>"')
        return typ == "OK" and any(d and d.split() for d in data if isinstance(d, bytes))

    def _file_copy(self, entry: _Entry, now: datetime) -> tuple[str, ...]:
        try:
            imap = self.imap()
            typ, data = imap.append(_wire(self._sent()), r"(\Seen)", now, entry.raw)
            if typ != "OK":
                raise ConnectionProblem("network", _text(data))
        except (ConnectionProblem, imaplib.IMAP4.error, OSError) as exc:
            return (f"sent, but the copy in Sent could not be saved: {self.scrub(str(exc))}",)
        return ()

    def _answer_on_server(self, entry: _Entry) -> tuple[str, ...]:
        """``\\Answered`` on the original's live copies on this account's server."""
        if entry.kind != "reply" or entry.reply_to_item_id is None:
            return ()
        with self.store.engine.connect() as conn:
            places = conn.execute(
                select(MailLocation.id, MailLocation.uid, MailLocation.uidvalidity, Mailbox.name)
                .join(Mailbox, Mailbox.id == MailLocation.mailbox_id)
                .where(
                    MailLocation.item_id == entry.reply_to_item_id,
                    MailLocation.gone_at.is_(None),
                    Mailbox.account_id == self.account.id,
                    MailLocation.uid > 0,
                )
            ).all()
        done: list[int] = []
        try:
            for place in places:
                imap = self.imap()
                typ, _ = imap.select(_wire(place.name))
                validity = imap.response("UIDVALIDITY")[1]
                if typ != "OK" or not validity or validity[0] != str(place.uidvalidity).encode():
                    continue  # renumbered since the last sync: the sync engine re-maps it
                typ, _ = imap.uid("STORE", str(place.uid), "+FLAGS.SILENT", r"(\Answered)")
                if typ == "OK":
                    done.append(place.id)
        except (ConnectionProblem, imaplib.IMAP4.error, OSError) as exc:
            return (
                "sent, but the original could not be marked answered on the server: "
                f"{self.scrub(str(exc))}",
            )
        finally:
            self._store_answered_flags(done)
        return ()

    def _store_answered_flags(self, location_ids: list[int]) -> None:
        """Record the new server flags so the sync engine does not push them again."""
        if not location_ids:
            return
        with self.store.write() as conn:
            for loc_id, flags in conn.execute(
                select(MailLocation.id, MailLocation.flags).where(MailLocation.id.in_(location_ids))
            ).all():
                conn.execute(
                    update(MailLocation)
                    .where(MailLocation.id == loc_id)
                    .values(flags=flags_text(flag_set(flags) | {ANSWERED}))
                )


def _ask(entry_id: int) -> str:
    return (
        f"Did it arrive? 'cm-desk outbox resend {entry_id}' sends it again, "
        f"'cm-desk outbox discard {entry_id}' drops it."
    )


def _record_locally(conn: Connection, entry: _Entry, account: _Account, now: datetime) -> None:
    """The sent message into the store (it threads at once); the original answered."""
    Ingestor(account.id, me=[account.address]).add_messages(
        conn, [parse_message(entry.raw, seen=True)]
    )
    if entry.kind == "reply" and entry.reply_to_item_id is not None:
        conn.execute(
            update(Item)
            .where(Item.id == entry.reply_to_item_id, Item.answered_at.is_(None))
            .values(answered_at=now)
        )


# -- SMTP, by hand -------------------------------------------------------------------


def _listed_recipients(raw: bytes) -> tuple[str, ...]:
    try:
        return tuple(_recipients(raw))
    except ComposeError:
        return ()


def _recipients(raw: bytes) -> list[str]:
    head = BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
    values = [str(v) for name in ("To", "Cc", "Bcc") for v in head.get_all(name) or []]
    out = [normalize_address(addr) for _name, addr in email.utils.getaddresses(values) if addr]
    if not out:
        raise ComposeError("the message has no recipients")
    return list(dict.fromkeys(out))


def _transmit(
    conn: smtplib.SMTP,
    sender: str,
    rcpts: list[str],
    raw: bytes,
    *,
    claim: Callable[[], bool],
    final_timeout: float,
) -> tuple[str, str]:
    """One transaction: ``(result, reason)`` with result sent|retry|failed|uncertain|skipped.

    Only the final dot can deliver a message, so everything before it is safe
    to retry, and everything after it that is not an answer is uncertain.
    """
    past_the_dot = False
    try:
        options = []
        if not raw.isascii():
            if not conn.has_extn("8bitmime"):
                return "failed", "the server cannot take 8-bit mail (no 8BITMIME)"
            options.append("BODY=8BITMIME")
        code, text = conn.mail(sender, options)
        if code != 250:
            _rset(conn)
            return _refused(code, text, f"the server refused the sender {sender}")
        for rcpt in rcpts:
            code, text = conn.rcpt(rcpt)
            if code not in (250, 251):
                _rset(conn)
                return _refused(code, text, f"the server refused the recipient {rcpt}")
        code, text = conn.docmd("DATA")
        if code != 354:
            _rset(conn)
            return _refused(code, text, "the server refused to take the message")
        body = re.sub(rb"(?m)^\.", b"..", raw)
        conn.send(body if body.endswith(b"\r\n") else body + b"\r\n")
        if not claim():
            return "skipped", ""  # discarded meanwhile: never write the dot
        past_the_dot = True  # from the first byte of the dot on, it may have been delivered
        if conn.sock is not None:
            conn.sock.settimeout(final_timeout)
        conn.send(b".\r\n")
        code, text = conn.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        if past_the_dot:
            return "uncertain", (
                "the connection to the mail server was lost after the message was handed "
                f"over ({_why(exc)}); it may have been sent"
            )
        return "retry", f"the connection to the mail server was lost ({_why(exc)})"
    if code == 250:
        return "sent", ""
    return _refused(code, text, "the server did not accept the message")


def _rset(conn: smtplib.SMTP) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        conn.rset()


def _refused(code: int, text: bytes, what: str) -> tuple[str, str]:
    reason = f"{what}: {code} {text.decode('utf-8', 'replace')}".strip()
    return ("retry" if 400 <= code < 500 else "failed"), reason[:500]


def _why(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return str(exc) or type(exc).__name__


# -- IMAP bits -----------------------------------------------------------------------


def _text(data: object) -> str:
    if isinstance(data, list) and data and isinstance(data[0], bytes):
        return data[0].decode("utf-8", "replace")
    return "the server refused"


def _wire(name: str) -> str:
    """A folder name as imaplib sends it: quoted, modified UTF-7 (ASCII only)."""
    return mailbox_name(name).decode("ascii")


_LIST = re.compile(rb'\((?P<attrs>[^)]*)\) (?P<delim>NIL|"(?:[^"\\]|\\.)*") (?P<name>.*)')


def _list_folders(imap: imaplib.IMAP4) -> list[tuple[list[str], str, str]]:
    """``(attributes, delimiter, name)`` of every folder, as :func:`pick_sent` wants them."""
    typ, data = imap.list()
    if typ != "OK":
        raise ConnectionProblem("network", "the server would not list its folders")
    out = []
    for entry in data:
        line, literal = (entry[0], entry[1]) if isinstance(entry, tuple) else (entry, None)
        m = _LIST.match(line) if isinstance(line, bytes) else None
        if m is None:
            continue
        name = literal if literal is not None else m.group("name").strip()
        if literal is None and name.startswith(b'"'):
            name = re.sub(rb"\\(.)", rb"\1", name[1:-1])
        delim = m.group("delim")
        out.append(
            (
                m.group("attrs").decode("ascii", "replace").split(),
                "" if delim == b"NIL" else delim[1:-1].decode("ascii", "replace"),
                decode_mailbox_name(name),
            )
        )
    return out
