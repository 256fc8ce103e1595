"""Writes of IMAP sync: where each message lives on the server, and its flags.

A message (an item, deduplicated by its bytes) can live in several folders;
each place is a ``mail_locations`` row keyed by (folder, UIDVALIDITY, UID)
with the flags the server last told us. The item carries the CM's own view
(read, flagged, answered); where the two differ, a change is waiting to be
pushed to the server. Every function runs in the caller's transaction, so a
batch of fetched mail and its locations commit together or not at all.

Plain SQL (:mod:`cm_desk.store.sql`): ``cm-desk sync`` runs this on a bare
``sqlite3`` connection and never imports SQLAlchemy; the app and the tests
pass a SQLAlchemy ``Connection``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cm_desk.domain.models import Changes, Direction, ParsedMessage, Triage
from cm_desk.mail.folders import ANSWERED, FLAGGED, SEEN, flag_set, flags_text
from cm_desk.store.ingest import Ingestor
from cm_desk.store.mailstate import FolderState
from cm_desk.store.sql import Sql

_LIVE = "mailbox_id = ? AND uidvalidity = ? AND gone_at IS NULL"  # a folder's live places


def server_flags(flags: Iterable[str]) -> str:
    """The stored form of a server's flags (``\\Recent`` is per session: dropped)."""
    return flags_text(f for f in flags if f.lower() != "\\recent")


def ensure_folder(conn: object, account_id: int, name: str, role: str) -> FolderState:
    """The folder's row, created on first sight."""
    db = Sql.of(conn)
    row = db.first(
        "SELECT id, role, uidvalidity, uidnext, highestmodseq, last_sync_at FROM mailboxes "
        "WHERE account_id = ? AND name = ?",
        [account_id, name],
    )
    if row is None:
        new_id = db.insert_id(
            "mailboxes",
            {
                "account_id": account_id,
                "name": name,
                "role": role,
                "last_error": "",
            },
        )
        return FolderState(new_id, name, role, None, None, None, False)
    folder_id, stored_role, uidvalidity, uidnext, highestmodseq, last_sync = row
    if stored_role != role:
        db.run("UPDATE mailboxes SET role = ? WHERE id = ?", [role, folder_id])
    return FolderState(
        int(folder_id),
        name,
        role,
        uidvalidity,
        uidnext,
        highestmodseq,
        complete=last_sync is not None,
    )


def local_flags(conn: object, folder_id: int, uidvalidity: int, min_uid: int = 0) -> dict[int, str]:
    """``{uid: stored flags}`` of the live messages we hold in a folder."""
    rows = Sql.of(conn).rows(
        f"SELECT uid, flags FROM mail_locations WHERE {_LIVE} AND uid >= ?",
        [folder_id, uidvalidity, min_uid],
    )
    return {int(uid): flags for uid, flags in rows}


def live_among(conn: object, folder_id: int, uidvalidity: int, uids: Iterable[int]) -> set[int]:
    """Those of ``uids`` we hold as live messages of the folder."""
    rows = Sql.of(conn).rows_in(
        f"SELECT uid FROM mail_locations WHERE {_LIVE} AND uid IN ({{in}})",
        sorted(uids),
        [folder_id, uidvalidity],
    )
    return {int(uid) for (uid,) in rows}


@dataclass(frozen=True)
class Fetched:
    """A message as it came from the server, parsed."""

    uid: int
    flags: frozenset[str]
    message: ParsedMessage


def store_fetched(
    conn: object,
    ingestor: Ingestor,
    folder_id: int,
    uidvalidity: int,
    batch: Sequence[Fetched],
) -> Changes:
    """Store a batch of fetched messages and where they live, in one transaction."""
    db = Sql.of(conn)
    ids = _own_copies(db, ingestor, batch)
    changes = ingestor.add_messages(db, [f.message for f in batch if f.message.raw_sha not in ids])
    shas = sorted({f.message.raw_sha for f in batch} - ids.keys())
    same_account, account = _account_filter(ingestor.account_id)
    ids.update(
        (sha, int(item_id))
        for item_id, sha in db.rows_in(
            f"SELECT id, raw_sha FROM items WHERE {same_account} AND raw_sha IN ({{in}})",
            shas,
            account,
        )
    )
    have = set(local_flags(db, folder_id, uidvalidity, min(f.uid for f in batch)))
    db.many(
        "INSERT INTO mail_locations (item_id, mailbox_id, uidvalidity, uid, flags) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (ids[f.message.raw_sha], folder_id, uidvalidity, f.uid, server_flags(f.flags))
            for f in batch
            if f.uid not in have
        ],
    )
    return changes


def _account_filter(account_id: int | None) -> tuple[str, list[object]]:
    if account_id is None:
        return "account_id IS NULL", []
    return "account_id = ?", [account_id]


def _own_copies(db: Sql, ingestor: Ingestor, batch: Sequence[Fetched]) -> dict[str, int]:
    """``{digest: item}`` for the CM's own messages we hold already under other bytes.

    A reply we sent is stored at once; servers that file their own copy in Sent
    (Gmail, Outlook) add headers, so the bytes differ but the Message-ID is ours
    and unique. Only our own mail is matched this way: two different inbound
    messages may share a Message-ID and must both be kept.
    """
    own = {
        f.message.message_id: f.message.raw_sha
        for f in batch
        if f.message.message_id
        and f.message.sender is not None
        and f.message.sender.addr in ingestor.me
    }
    ours = (Direction.OUT.value, Direction.FORWARD.value)
    found: dict[str, int] = {}
    # Only the Message-ID in SQL: with more conditions SQLite (no statistics)
    # may walk the account's whole index instead of this one.
    for message_id, item_id, account_id, direction in db.rows_in(
        "SELECT message_id, id, account_id, direction FROM items WHERE message_id IN ({in})",
        sorted(own),
    ):
        if account_id == ingestor.account_id and direction in ours:
            sha = own[message_id]
            found[sha] = min(found.get(sha, item_id), int(item_id))
    return found


def apply_server_flags(
    conn: object, folder_id: int, uidvalidity: int, flags: Mapping[int, Iterable[str]], now: int
) -> int:
    """Flags the server reports for ``{uid: flags}``; returns how many items changed.

    A flag the server changed updates the item, unless the CM changed the same
    flag here since the last sync: then ours is pushed instead.
    """
    db = Sql.of(conn)
    wanted = {uid: server_flags(f) for uid, f in flags.items()}
    loc_updates: list[tuple[object, ...]] = []
    item_updates: list[tuple[object, ...]] = []
    rows = db.rows_in(
        "SELECT l.id, l.uid, l.flags, i.id, i.seen, i.flagged, i.answered_at, i.triage "
        "FROM mail_locations l JOIN items i ON i.id = l.item_id "
        "WHERE l.mailbox_id = ? AND l.uidvalidity = ? AND l.gone_at IS NULL AND l.uid IN ({in})",
        sorted(wanted),
        [folder_id, uidvalidity],
    )
    for loc_id, uid, stored, item_id, seen, flagged, answered_at, triage in rows:
        new_text = wanted[int(uid)]
        if new_text == stored:
            continue
        old, new = flag_set(stored), flag_set(new_text)
        loc_updates.append((new_text, loc_id))
        seen, flagged = bool(seen), bool(flagged)
        changed = False
        if (SEEN in old) != (SEEN in new) and seen == (SEEN in old):
            seen = SEEN in new
            if seen and triage == Triage.NEW.value:
                triage = Triage.OPEN.value
            changed = True
        if (FLAGGED in old) != (FLAGGED in new) and flagged == (FLAGGED in old):
            flagged = FLAGGED in new
            changed = True
        if (ANSWERED in old) != (ANSWERED in new) and (answered_at is not None) == (
            ANSWERED in old
        ):
            answered_at = now if ANSWERED in new else None
            changed = True
        if changed:
            item_updates.append((seen, flagged, answered_at, triage, item_id))
    db.many("UPDATE mail_locations SET flags = ? WHERE id = ?", loc_updates)
    db.many(
        "UPDATE items SET seen = ?, flagged = ?, answered_at = ?, triage = ? WHERE id = ?",
        item_updates,
    )
    return len(item_updates)


def mark_gone(conn: object, folder_id: int, uidvalidity: int, uids: Iterable[int], now: int) -> int:
    """The server expunged these: their items stay (notes, promises, triage and all)."""
    return Sql.of(conn).run_in(
        f"UPDATE mail_locations SET gone_at = ? WHERE {_LIVE} AND uid IN ({{in}})",
        sorted(set(uids)),
        [now, folder_id, uidvalidity],
    )


@dataclass(frozen=True)
class Push:
    """A flag change made here that the server has not seen yet."""

    uid: int
    add: frozenset[str]
    remove: frozenset[str]
    flags: str  # what the location's flags become once pushed


def pending_pushes(
    conn: object, folder_id: int, uidvalidity: int
) -> tuple[list[Push], set[tuple[int, int]]]:
    """Live messages whose read/flagged/answered state differs from the server's,
    and the items looked at (those the triggers noted in ``flag_changes``)."""
    rows = Sql.of(conn).rows(
        "SELECT l.uid, l.flags, i.seen, i.flagged, i.answered_at, i.id, c.version "
        # CROSS JOIN keeps SQLite starting from the few notes, not the folder
        "FROM flag_changes c CROSS JOIN mail_locations l CROSS JOIN items i "
        "WHERE l.item_id = c.item_id AND i.id = c.item_id "
        "AND l.mailbox_id = ? AND l.uidvalidity = ? AND l.gone_at IS NULL",
        [folder_id, uidvalidity],
    )
    out = []
    examined: set[tuple[int, int]] = set()
    for uid, stored, seen, flagged, answered_at, item_id, version in rows:
        examined.add((int(item_id), int(version)))
        have = flag_set(stored)
        want = {SEEN: bool(seen), FLAGGED: bool(flagged), ANSWERED: answered_at is not None}
        add = frozenset(f for f, on in want.items() if on and f not in have)
        remove = frozenset(f for f, on in want.items() if not on and f in have)
        if add or remove:
            out.append(Push(int(uid), add, remove, flags_text((have | add) - remove)))
    return out, examined


def forget_flag_changes(conn: object, examined: Iterable[tuple[int, int]]) -> None:
    """These ``(item, version)`` notes were compared with the server in every folder
    holding the item; a note changed since then stays."""
    Sql.of(conn).many(
        "DELETE FROM flag_changes WHERE item_id = ? AND version = ?", sorted(examined)
    )


def record_pushed(conn: object, folder_id: int, uidvalidity: int, pushes: Iterable[Push]) -> None:
    """The server accepted these flag changes."""
    Sql.of(conn).many(
        "UPDATE mail_locations SET flags = ? WHERE mailbox_id = ? AND uidvalidity = ? AND uid = ?",
        [(p.flags, folder_id, uidvalidity, p.uid) for p in pushes],
    )


@dataclass(frozen=True)
class Listed:
    """A message in a server listing used to re-map after a UIDVALIDITY change."""

    uid: int
    flags: frozenset[str]
    size: int
    message_id: str


def remap(
    conn: object,
    folder: FolderState,
    account_id: int,
    new_uidvalidity: int,
    listing: Sequence[Listed],
    now: int,
) -> tuple[int, list[int]]:
    """After a UIDVALIDITY change, point known items at their new UIDs by Message-ID
    (and size), so nothing is downloaded twice and no annotation is lost.

    Returns how many were re-mapped and the old UIDs nothing matched (the caller
    decides, brake and all, whether those are gone).
    """
    db = Sql.of(conn)
    old_uv = folder.uidvalidity or 0
    old = db.rows(
        "SELECT l.id, l.uid, l.item_id, i.message_id, i.size "
        "FROM mail_locations l JOIN items i ON i.id = l.item_id "
        "WHERE l.mailbox_id = ? AND l.uidvalidity = ? AND l.gone_at IS NULL",
        [folder.id, old_uv],
    )
    by_key: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    by_id: dict[str, list[tuple[int, int, int]]] = {}
    for loc_id, uid, item_id, message_id, size in old:
        if message_id:
            by_key.setdefault((message_id, int(size)), []).append((loc_id, int(uid), item_id))
            by_id.setdefault(message_id, []).append((loc_id, int(uid), item_id))
    used: set[int] = set()
    rows = []
    taken = set(local_flags(db, folder.id, new_uidvalidity))  # re-mapped by an earlier run
    for entry in listing:
        if not entry.message_id or entry.uid in taken:
            continue
        candidates = by_key.get((entry.message_id, entry.size)) or by_id.get(entry.message_id, [])
        for loc_id, _uid, item_id in candidates:
            if loc_id not in used:
                used.add(loc_id)
                rows.append(
                    (item_id, folder.id, new_uidvalidity, entry.uid, server_flags(entry.flags))
                )
                break
    db.many(
        "INSERT INTO mail_locations (item_id, mailbox_id, uidvalidity, uid, flags) "
        "VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    db.run_in("DELETE FROM mail_locations WHERE id IN ({in})", sorted(used))
    unmatched = [int(uid) for loc_id, uid, *_ in old if loc_id not in used]
    return len(rows), unmatched


def retire_uidvalidity(conn: object, folder_id: int, old_uidvalidity: int, now: int) -> None:
    """Old-UIDVALIDITY places nothing re-mapped: gone from the server."""
    Sql.of(conn).run(
        f"UPDATE mail_locations SET gone_at = ? WHERE {_LIVE}", [now, folder_id, old_uidvalidity]
    )


def save_state(
    conn: object,
    folder_id: int,
    uidvalidity: int,
    uidnext: int,
    highestmodseq: int | None,
    now: int,
) -> None:
    """A pass over the folder finished: the next sync starts from here."""
    Sql.of(conn).run(
        "UPDATE mailboxes SET uidvalidity = ?, uidnext = ?, highestmodseq = ?, "
        "last_sync_at = ?, last_error = '' WHERE id = ?",
        [uidvalidity, uidnext, highestmodseq, now, folder_id],
    )


def count_live(conn: object, folder_id: int, uidvalidity: int) -> int:
    """Messages of the folder we hold that are still on the server."""
    found = Sql.of(conn).scalar(
        f"SELECT count(*) FROM mail_locations WHERE {_LIVE}", [folder_id, uidvalidity]
    )
    return int(found or 0)
