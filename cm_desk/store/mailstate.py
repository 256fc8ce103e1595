"""What the store knows about accounts and server folders, read without SQLAlchemy.

``cm-desk sync`` with nothing new must finish in a fraction of a second, and
importing SQLAlchemy alone costs 0.2 s; so the questions a no-change check
asks (which account, which folders, what state, anything to push) are plain
SQL on a DB-API connection. Writes go through :mod:`cm_desk.store.mailsync`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MailAccount:
    """Connection facts of an account (never its password)."""

    id: int
    name: str
    address: str
    display_name: str
    imap_host: str
    imap_port: int
    smtp_host: str
    smtp_port: int
    username: str
    security: str
    cafile: str
    sent_copy: bool


@dataclass(frozen=True)
class FolderState:
    """The stored sync state of one server folder; ``complete`` once a pass finished."""

    id: int
    name: str
    role: str
    uidvalidity: int | None
    uidnext: int | None
    highestmodseq: int | None
    complete: bool


_ACCOUNT_COLUMNS = (
    "id, name, address, display_name, imap_host, imap_port, smtp_host, smtp_port, "
    "username, security, cafile, sent_copy"
)


def _account(row: Any) -> MailAccount:
    return MailAccount(
        id=row[0],
        name=row[1],
        address=row[2],
        display_name=row[3],
        imap_host=row[4],
        imap_port=row[5],
        smtp_host=row[6],
        smtp_port=row[7],
        username=row[8],
        security=row[9],
        cafile=row[10],
        sent_copy=bool(row[11]),
    )


def accounts(conn: Any, name: str | None = None) -> list[MailAccount]:
    """Accounts with an IMAP server, by name (one, or all when ``name`` is None)."""
    sql = f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE imap_host <> ''"
    params: tuple[object, ...] = ()
    if name is not None:
        sql += " AND name = ?"
        params = (name,)
    return [_account(r) for r in conn.execute(sql + " ORDER BY name", params).fetchall()]


def folders(conn: Any, account_id: int) -> list[FolderState]:
    """The account's server folders we sync, INBOX first."""
    rows = conn.execute(
        "SELECT id, name, role, uidvalidity, uidnext, highestmodseq, last_sync_at "
        "FROM mailboxes WHERE account_id = ? AND role IN ('inbox', 'sent', 'other') "
        "ORDER BY CASE role WHEN 'inbox' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END, name",
        (account_id,),
    ).fetchall()
    return [
        FolderState(r[0], r[1], r[2], r[3], r[4], r[5], complete=r[6] is not None) for r in rows
    ]


def has_pending_push(conn: Any, folder: FolderState) -> bool:
    """Whether a read/flagged/answered change may still have to reach this folder
    on the server (the triggers of ``flag_changes`` noted one)."""
    row = conn.execute(
        "SELECT 1 FROM flag_changes c JOIN mail_locations l ON l.item_id = c.item_id "
        "WHERE l.mailbox_id = ? AND l.uidvalidity = ? AND l.gone_at IS NULL LIMIT 1",
        (folder.id, folder.uidvalidity or 0),
    ).fetchone()
    return row is not None
