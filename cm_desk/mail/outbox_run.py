"""A delivery run's work: what is due, and one account's share of it.

:func:`pending` reads the entries to handle, :func:`load_account` the account
they go out from. :class:`AccountRun` holds the account's connections (made when first needed)
and moves each entry through its states, every state committed on its own:
``sending`` just before the final dot (see :mod:`cm_desk.mail.smtp_send`),
then ``sent``, ``queued`` with back-off, ``failed`` or ``uncertain``. A sent
message goes into the store in the same transaction as its ``sent`` state;
the IMAP steps after it (:mod:`cm_desk.mail.sent_folder`) only add warnings.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update

from cm_desk import secrets
from cm_desk.domain.models import OutboxState
from cm_desk.mail.compose import ComposeError, normalize_address
from cm_desk.mail.connect import ConnectionProblem, Endpoint, Security, smtp_login
from cm_desk.mail.outbox_types import (
    DeliverySettings,
    Entry,
    Outcome,
    PasswordLookup,
    SendingAccount,
    backoff,
)
from cm_desk.mail.parse import parse_message
from cm_desk.mail.sent_folder import IMAP_FAILURES, AccountImap
from cm_desk.mail.smtp_send import recipients, transmit
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.schema import Account, Item, OutboxEntry

# The outbox's one logger, whichever of its modules writes the line.
log = logging.getLogger("cm_desk.mail.outbox")


# Servers that file a copy of what goes through their SMTP in Sent themselves:
# an APPEND there would make a second copy.
FILES_OWN_COPY = ("gmail.com", "googlemail.com", "office365.com", "outlook.com", "hotmail.com")


def pending(
    store: Store, now: datetime, only: Collection[int] | None, ignore_backoff: bool
) -> list[Entry]:
    """Queued entries that are due (all with ``ignore_backoff``), uncertain ones, and
    sent ones whose copy in Sent is still to be filed."""
    due = OutboxEntry.state == OutboxState.QUEUED.value
    if not ignore_backoff:
        due = due & (OutboxEntry.next_attempt_at.is_(None) | (OutboxEntry.next_attempt_at <= now))
    query = (
        select(OutboxEntry)
        .where(
            due
            | (OutboxEntry.state == OutboxState.UNCERTAIN.value)
            | ((OutboxEntry.state == OutboxState.SENT.value) & OutboxEntry.copy_pending.is_(True))
        )
        .order_by(OutboxEntry.id)
    )
    if only is not None:
        query = query.where(OutboxEntry.id.in_(sorted(only)))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        Entry(
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
            bool(r.copy_pending),
        )
        for r in rows
    ]


def load_account(store: Store, account_id: int) -> SendingAccount:
    """Account ``account_id`` as a run sends from it (no Sent copy where the server files one)."""
    with store.engine.connect() as conn:
        a = conn.execute(select(Account).where(Account.id == account_id)).one()
    security: Security = (
        "starttls" if a.security == "starttls" else "none" if a.security == "none" else "tls"
    )
    host = a.smtp_host.lower().rstrip(".")
    files_own = any(host == d or host.endswith("." + d) for d in FILES_OWN_COPY)
    return SendingAccount(
        id=a.id,
        name=a.name,
        address=a.address,
        username=a.username,
        smtp=Endpoint(a.smtp_host, a.smtp_port, security, a.cafile),
        imap=Endpoint(a.imap_host, a.imap_port, security, a.cafile),
        sent_copy=bool(a.sent_copy) and not files_own,
    )


@dataclass
class AccountRun:
    """One account's share of a delivery run: its connections, made when first needed."""

    store: Store
    account: SendingAccount
    password_for: PasswordLookup
    settings: DeliverySettings
    _password: str | None = None
    _smtp: smtplib.SMTP | None = None
    _smtp_problem: str | None = None
    imap: AccountImap = field(init=False)

    def __post_init__(self) -> None:
        self.imap = AccountImap(
            self.store,
            self.account.id,
            self.account.imap,
            self.account.username,
            self.password,
            self.scrub,
        )

    # -- connections ----------------------------------------------------------
    def password(self) -> str:
        """The account's password, looked up once; raises ConnectionProblem("auth")."""
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
        """The logged-in SMTP connection; raises ConnectionProblem."""
        if self._smtp is None:
            self._smtp = smtp_login(self.account.smtp, self.account.username, self.password())
        return self._smtp

    def drop_smtp(self) -> None:
        """Close the SMTP connection without a QUIT."""
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None

    def close(self) -> None:
        """End both connections politely."""
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self.drop_smtp()
        self.imap.close()

    # -- sending ----------------------------------------------------------------
    def send(self, entry: Entry, now: datetime) -> Outcome | None:
        """One SMTP transaction for ``entry``; None when someone else took it meanwhile."""
        if self._smtp_problem is not None:
            return self._retry(entry, now, self._smtp_problem, offline=True)
        try:
            sender = normalize_address(self.account.address)
            rcpts = recipients(entry.raw)
        except ComposeError as exc:
            return self._final(entry, now, OutboxState.FAILED, str(exc))
        try:
            conn = self.smtp()
        except ConnectionProblem as exc:
            self._smtp_problem = self.scrub(str(exc))
            return self._retry(entry, now, self._smtp_problem, offline=True)
        try:
            result, reason = transmit(
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

    def _claim(self, entry: Entry) -> bool:
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

    def _retry(self, entry: Entry, now: datetime, reason: str, *, offline: bool) -> Outcome:
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

    def _final(self, entry: Entry, now: datetime, state: OutboxState, reason: str) -> Outcome:
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
    def _after_send(self, entry: Entry, now: datetime) -> tuple[str, ...]:
        warnings = self._mark_sent(
            entry, now, OutboxState.QUEUED, attempts=entry.attempts + 1, copy=True
        )
        if self.account.sent_copy:
            copied = self.imap.file_copy(entry.raw, now)
            if not copied:
                self._copy_filed(entry.id)
            warnings += copied
        warnings += self._answer_on_server(entry)
        if warnings:
            self._note(entry.id, "; ".join(warnings))
        return warnings

    def finish_copy(self, entry: Entry, now: datetime) -> Outcome | None:
        """File the Sent copy a crash or a failing server left out (once: look first)."""
        try:
            found = self.imap.in_sent(entry.message_id)
        except IMAP_FAILURES:
            return None  # still out of reach: the next run tries again
        copied = () if found else self.imap.file_copy(entry.raw, now)
        if copied:
            return None
        self._copy_filed(entry.id)
        return Outcome(entry.id, OutboxState.SENT, "its copy is now in Sent")

    def _copy_filed(self, entry_id: int) -> None:
        with self.store.write() as conn:
            conn.execute(
                update(OutboxEntry)
                .where(OutboxEntry.id == entry_id)
                .values(copy_pending=False, last_error="")
            )

    def settle_uncertain(self, entry: Entry, now: datetime) -> Outcome:
        """Look for an uncertain entry's copy in Sent: found means it was sent."""
        ask = _ask(entry.id)
        base = entry.last_error.split(" — ", 1)[0]
        try:
            found = self.imap.in_sent(entry.message_id)
        except IMAP_FAILURES as exc:
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

    def _answer_on_server(self, entry: Entry) -> tuple[str, ...]:
        """``\\Answered`` on the original of a reply, on this account's server."""
        if entry.kind != "reply" or entry.reply_to_item_id is None:
            return ()
        return self.imap.mark_answered(entry.reply_to_item_id)

    def _mark_sent(
        self, entry: Entry, now: datetime, was: OutboxState, *, attempts: int, copy: bool = False
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
                    copy_pending=copy and self.account.sent_copy,
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


def _ask(entry_id: int) -> str:
    return (
        f"Did it arrive? 'cm-desk outbox resend {entry_id}' sends it again, "
        f"'cm-desk outbox discard {entry_id}' drops it."
    )


def _record_locally(conn: Connection, entry: Entry, account: SendingAccount, now: datetime) -> None:
    """The sent message into the store (it threads at once); the original answered."""
    Ingestor(account.id, me=[account.address]).add_messages(
        conn, [parse_message(entry.raw, seen=True)]
    )
    if entry.kind in ("reply", "new") and entry.reply_to_item_id is not None:
        conn.execute(
            update(Item)
            .where(Item.id == entry.reply_to_item_id, Item.answered_at.is_(None))
            .values(answered_at=now)
        )
