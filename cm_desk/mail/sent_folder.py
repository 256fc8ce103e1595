"""The outbox's IMAP side: the Sent folder, the copy filed there, ``\\Answered``.

After a send the same bytes are APPENDed to Sent with ``\\Seen``; an
uncertain message is looked for there by its Message-ID; the original of a
reply gets ``\\Answered`` on the server. :class:`AccountImap` does this for
one account during one delivery run, over a connection made when first
needed and not retried within the run once it failed.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from cm_desk.mail.connect import ConnectionProblem, Endpoint, imap_login
from cm_desk.mail.folders import ANSWERED, flag_set, flags_text, pick_sent
from cm_desk.mail.imap import decode_mailbox_name, mailbox_name
from cm_desk.store.engine import Store
from cm_desk.store.schema import Mailbox, MailLocation

_SAFE_ID = re.compile(r"[!#-\[\]-~]+")  # printable ASCII without '"' and '\': fits a quoted string
_LIST = re.compile(rb'\((?P<attrs>[^)]*)\) (?P<delim>NIL|"(?:[^"\\]|\\.)*") (?P<name>.*)')
# What a failed IMAP step raises: a warning (or an unsettled entry), never a crash.
IMAP_FAILURES = (ConnectionProblem, imaplib.IMAP4.error, OSError)


@dataclass
class AccountImap:
    """One account's IMAP side of a delivery run.

    ``password`` and ``scrub`` come from the run, which shares the password
    with its SMTP side and takes it out of any text a server sends back.
    """

    store: Store
    account_id: int
    endpoint: Endpoint
    username: str
    password: Callable[[], str]
    scrub: Callable[[str], str]
    _imap: imaplib.IMAP4 | None = None
    _problem: str | None = None
    _sent_folder: str | None = None

    def connection(self) -> imaplib.IMAP4:
        """The logged-in connection; raises ConnectionProblem (once a run, then remembered)."""
        if self._problem is not None:  # tried once this run already
            raise ConnectionProblem("network", self._problem)
        if self._imap is None:
            try:
                self._imap = imap_login(self.endpoint, self.username, self.password())
            except ConnectionProblem as exc:
                self._problem = self.scrub(str(exc))
                raise
        return self._imap

    def close(self) -> None:
        """Log out, if a connection was made."""
        if self._imap is not None:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                self._imap.logout()
            self._imap = None

    def sent_folder(self) -> str:
        """The Sent folder: as the last sync named it, else found by listing."""
        if self._sent_folder is None:
            with self.store.engine.connect() as conn:
                known = conn.execute(
                    select(Mailbox.name).where(
                        Mailbox.account_id == self.account_id, Mailbox.role == "sent"
                    )
                ).scalar()
            self._sent_folder = known or pick_sent(list_folders(self.connection()))
            if self._sent_folder is None:
                raise ConnectionProblem("network", "the server has no Sent folder")
        return self._sent_folder

    def in_sent(self, message_id: str) -> bool:
        """Whether Sent holds a message with this Message-ID (without brackets)."""
        if not _SAFE_ID.fullmatch(message_id):
            return False
        imap = self.connection()
        typ, _ = imap.select(_wire(self.sent_folder()), readonly=True)
        if typ != "OK":
            raise ConnectionProblem("network", "the server would not open the Sent folder")
        typ, data = imap.uid("SEARCH", "HEADER", "Message-ID", f'"<{message_id}>"')
        return typ == "OK" and any(d and d.split() for d in data if isinstance(d, bytes))

    def file_copy(self, raw: bytes, now: datetime) -> tuple[str, ...]:
        """APPEND ``raw`` to Sent as seen; a warning when that fails."""
        try:
            imap = self.connection()
            typ, data = imap.append(_wire(self.sent_folder()), r"(\Seen)", now, raw)
            if typ != "OK":
                raise ConnectionProblem("network", _text(data))
        except IMAP_FAILURES as exc:
            return (f"sent, but the copy in Sent could not be saved: {self.scrub(str(exc))}",)
        return ()

    def mark_answered(self, item_id: int) -> tuple[str, ...]:
        """``\\Answered`` on item ``item_id``'s live copies on this account's server."""
        with self.store.engine.connect() as conn:
            places = conn.execute(
                select(MailLocation.id, MailLocation.uid, MailLocation.uidvalidity, Mailbox.name)
                .join(Mailbox, Mailbox.id == MailLocation.mailbox_id)
                .where(
                    MailLocation.item_id == item_id,
                    MailLocation.gone_at.is_(None),
                    Mailbox.account_id == self.account_id,
                    MailLocation.uid > 0,
                )
            ).all()
        done: list[int] = []
        try:
            for place in places:
                imap = self.connection()
                typ, _ = imap.select(_wire(place.name))
                validity = imap.response("UIDVALIDITY")[1]
                if typ != "OK" or not validity or validity[0] != str(place.uidvalidity).encode():
                    continue  # renumbered since the last sync: the sync engine re-maps it
                typ, _ = imap.uid("STORE", str(place.uid), "+FLAGS.SILENT", r"(\Answered)")
                if typ == "OK":
                    done.append(place.id)
        except IMAP_FAILURES as exc:
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


def list_folders(imap: imaplib.IMAP4) -> list[tuple[list[str], str, str]]:
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


def _text(data: object) -> str:
    if isinstance(data, list) and data and isinstance(data[0], bytes):
        return data[0].decode("utf-8", "replace")
    return "the server refused"


def _wire(name: str) -> str:
    """A folder name as imaplib sends it: quoted, modified UTF-7 (ASCII only)."""
    return mailbox_name(name).decode("ascii")
