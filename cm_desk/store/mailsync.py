"""Writes of IMAP sync: where each message lives on the server, and its flags.

A message (an item, deduplicated by its bytes) can live in several folders;
each place is a ``mail_locations`` row keyed by (folder, UIDVALIDITY, UID)
with the flags the server last told us. The item carries the CM's own view
(read, flagged, answered); where the two differ, a change is waiting to be
pushed to the server. Every function runs in the caller's transaction, so a
batch of fetched mail and its locations commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Connection, Table, and_, bindparam, func, insert, select, update

from cm_desk.domain.models import Changes, Direction, ParsedMessage, Triage
from cm_desk.mail.folders import ANSWERED, FLAGGED, SEEN, flag_set, flags_text
from cm_desk.store.ingest import Ingestor
from cm_desk.store.mailstate import FolderState
from cm_desk.store.schema import FlagChange, Item, Mailbox, MailLocation
from cm_desk.store.sqlutil import chunks

_LOC = cast(Table, MailLocation.__table__)
_ITEM = cast(Table, Item.__table__)
_CHANGED = cast(Table, FlagChange.__table__)


def server_flags(flags: Iterable[str]) -> str:
    """The stored form of a server's flags (``\\Recent`` is per session: dropped)."""
    return flags_text(f for f in flags if f.lower() != "\\recent")


def ensure_folder(conn: Connection, account_id: int, name: str, role: str) -> FolderState:
    """The folder's row, created on first sight."""
    row = conn.execute(
        select(Mailbox.id, Mailbox.role).where(
            Mailbox.account_id == account_id, Mailbox.name == name
        )
    ).first()
    if row is None:
        new_id = conn.execute(
            insert(Mailbox).values(account_id=account_id, name=name, role=role)
        ).inserted_primary_key
        assert new_id is not None
        return FolderState(int(new_id[0]), name, role, None, None, None, False)
    if row.role != role:
        conn.execute(update(Mailbox).where(Mailbox.id == row.id).values(role=role))
    state = conn.execute(
        select(
            Mailbox.uidvalidity, Mailbox.uidnext, Mailbox.highestmodseq, Mailbox.last_sync_at
        ).where(Mailbox.id == row.id)
    ).one()
    return FolderState(
        row.id, name, role, state[0], state[1], state[2], complete=state[3] is not None
    )


def local_flags(
    conn: Connection, folder_id: int, uidvalidity: int, min_uid: int = 0
) -> dict[int, str]:
    """``{uid: stored flags}`` of the live messages we hold in a folder."""
    rows = conn.execute(
        select(_LOC.c.uid, _LOC.c.flags).where(
            _LOC.c.mailbox_id == folder_id,
            _LOC.c.uidvalidity == uidvalidity,
            _LOC.c.gone_at.is_(None),
            _LOC.c.uid >= min_uid,
        )
    )
    return {int(uid): flags for uid, flags in rows}


@dataclass(frozen=True)
class Fetched:
    """A message as it came from the server, parsed."""

    uid: int
    flags: frozenset[str]
    message: ParsedMessage


def store_fetched(
    conn: Connection,
    ingestor: Ingestor,
    folder_id: int,
    uidvalidity: int,
    batch: Sequence[Fetched],
) -> Changes:
    """Store a batch of fetched messages and where they live, in one transaction."""
    ids = _own_copies(conn, ingestor, batch)
    changes = ingestor.add_messages(
        conn, [f.message for f in batch if f.message.raw_sha not in ids]
    )
    shas = sorted({f.message.raw_sha for f in batch} - ids.keys())
    for chunk in chunks(shas):
        ids.update(
            (sha, item_id)
            for item_id, sha in conn.execute(
                select(Item.id, Item.raw_sha).where(
                    Item.account_id == ingestor.account_id, Item.raw_sha.in_(chunk)
                )
            )
        )
    have = set(local_flags(conn, folder_id, uidvalidity, min(f.uid for f in batch)))
    rows = [
        {
            "item_id": ids[f.message.raw_sha],
            "mailbox_id": folder_id,
            "uidvalidity": uidvalidity,
            "uid": f.uid,
            "flags": server_flags(f.flags),
        }
        for f in batch
        if f.uid not in have
    ]
    if rows:
        conn.execute(insert(MailLocation), rows)
    return changes


def _own_copies(conn: Connection, ingestor: Ingestor, batch: Sequence[Fetched]) -> dict[str, int]:
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
    found: dict[str, int] = {}
    for chunk in chunks(sorted(own)):
        rows = conn.execute(
            select(Item.message_id, func.min(Item.id))
            .where(
                Item.account_id == ingestor.account_id,
                Item.message_id.in_(chunk),
                Item.direction.in_([Direction.OUT.value, Direction.FORWARD.value]),
            )
            .group_by(Item.message_id)
        )
        for message_id, item_id in rows:
            found[own[message_id]] = int(item_id)
    return found


def apply_server_flags(
    conn: Connection, folder_id: int, uidvalidity: int, flags: Mapping[int, Iterable[str]], now: int
) -> int:
    """Flags the server reports for ``{uid: flags}``; returns how many items changed.

    A flag the server changed updates the item, unless the CM changed the same
    flag here since the last sync: then ours is pushed instead.
    """
    wanted = {uid: server_flags(f) for uid, f in flags.items()}
    loc_updates: list[dict[str, object]] = []
    item_updates: list[dict[str, object]] = []
    for chunk in chunks(sorted(wanted)):
        rows = conn.execute(
            select(
                _LOC.c.id,
                _LOC.c.uid,
                _LOC.c.flags,
                _ITEM.c.id,
                _ITEM.c.seen,
                _ITEM.c.flagged,
                _ITEM.c.answered_at,
                _ITEM.c.triage,
            )
            .join(_ITEM, _ITEM.c.id == _LOC.c.item_id)
            .where(
                _LOC.c.mailbox_id == folder_id,
                _LOC.c.uidvalidity == uidvalidity,
                _LOC.c.gone_at.is_(None),
                _LOC.c.uid.in_(chunk),
            )
        ).all()
        for loc_id, uid, stored, item_id, seen, flagged, answered_at, triage in rows:
            new_text = wanted[int(uid)]
            if new_text == stored:
                continue
            old, new = flag_set(stored), flag_set(new_text)
            loc_updates.append({"b_id": loc_id, "b_flags": new_text})
            values = {
                "b_id": item_id,
                "b_seen": seen,
                "b_flagged": flagged,
                "b_answered": answered_at,
                "b_triage": triage,
            }
            changed = False
            if (SEEN in old) != (SEEN in new) and bool(seen) == (SEEN in old):
                values["b_seen"] = SEEN in new
                if SEEN in new and triage == Triage.NEW.value:
                    values["b_triage"] = Triage.OPEN.value
                changed = True
            if (FLAGGED in old) != (FLAGGED in new) and bool(flagged) == (FLAGGED in old):
                values["b_flagged"] = FLAGGED in new
                changed = True
            if (ANSWERED in old) != (ANSWERED in new) and (answered_at is not None) == (
                ANSWERED in old
            ):
                values["b_answered"] = now if ANSWERED in new else None
                changed = True
            if changed:
                item_updates.append(values)
    if loc_updates:
        conn.execute(
            update(_LOC).where(_LOC.c.id == bindparam("b_id")).values(flags=bindparam("b_flags")),
            loc_updates,
        )
    if item_updates:
        conn.execute(
            update(_ITEM)
            .where(_ITEM.c.id == bindparam("b_id"))
            .values(
                seen=bindparam("b_seen"),
                flagged=bindparam("b_flagged"),
                answered_at=bindparam("b_answered"),
                triage=bindparam("b_triage"),
            ),
            item_updates,
        )
    return len(item_updates)


def mark_gone(
    conn: Connection, folder_id: int, uidvalidity: int, uids: Iterable[int], now: int
) -> int:
    """The server expunged these: their items stay (notes, promises, triage and all)."""
    count = 0
    for chunk in chunks(sorted(set(uids))):
        result = conn.execute(
            update(_LOC)
            .where(
                _LOC.c.mailbox_id == folder_id,
                _LOC.c.uidvalidity == uidvalidity,
                _LOC.c.gone_at.is_(None),
                _LOC.c.uid.in_(chunk),
            )
            .values(gone_at=now)
        )
        count += result.rowcount
    return count


@dataclass(frozen=True)
class Push:
    """A flag change made here that the server has not seen yet."""

    uid: int
    add: frozenset[str]
    remove: frozenset[str]
    flags: str  # what the location's flags become once pushed


def pending_pushes(
    conn: Connection, folder_id: int, uidvalidity: int
) -> tuple[list[Push], set[tuple[int, int]]]:
    """Live messages whose read/flagged/answered state differs from the server's,
    and the items looked at (those the triggers noted in ``flag_changes``)."""
    rows = conn.execute(
        select(
            _LOC.c.uid,
            _LOC.c.flags,
            _ITEM.c.seen,
            _ITEM.c.flagged,
            _ITEM.c.answered_at,
            _ITEM.c.id,
            _CHANGED.c.version,
        )
        .select_from(_CHANGED)
        .join(_LOC, _LOC.c.item_id == _CHANGED.c.item_id)
        .join(_ITEM, _ITEM.c.id == _CHANGED.c.item_id)
        .where(
            _LOC.c.mailbox_id == folder_id,
            _LOC.c.uidvalidity == uidvalidity,
            _LOC.c.gone_at.is_(None),
        )
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


def forget_flag_changes(conn: Connection, examined: Iterable[tuple[int, int]]) -> None:
    """These ``(item, version)`` notes were compared with the server in every folder
    holding the item; a note changed since then stays."""
    rows = [{"b_item": item, "b_version": version} for item, version in examined]
    if rows:
        conn.execute(
            _CHANGED.delete().where(
                _CHANGED.c.item_id == bindparam("b_item"),
                _CHANGED.c.version == bindparam("b_version"),
            ),
            rows,
        )


def record_pushed(
    conn: Connection, folder_id: int, uidvalidity: int, pushes: Iterable[Push]
) -> None:
    """The server accepted these flag changes."""
    rows = [{"b_uid": p.uid, "b_flags": p.flags} for p in pushes]
    if rows:
        conn.execute(
            update(_LOC)
            .where(
                and_(
                    _LOC.c.mailbox_id == folder_id,
                    _LOC.c.uidvalidity == uidvalidity,
                    _LOC.c.uid == bindparam("b_uid"),
                )
            )
            .values(flags=bindparam("b_flags")),
            rows,
        )


@dataclass(frozen=True)
class Listed:
    """A message in a server listing used to re-map after a UIDVALIDITY change."""

    uid: int
    flags: frozenset[str]
    size: int
    message_id: str


def remap(
    conn: Connection,
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
    old_uv = folder.uidvalidity or 0
    old = conn.execute(
        select(_LOC.c.id, _LOC.c.uid, _LOC.c.item_id, _ITEM.c.message_id, _ITEM.c.size)
        .join(_ITEM, _ITEM.c.id == _LOC.c.item_id)
        .where(
            _LOC.c.mailbox_id == folder.id,
            _LOC.c.uidvalidity == old_uv,
            _LOC.c.gone_at.is_(None),
        )
    ).all()
    by_key: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    by_id: dict[str, list[tuple[int, int, int]]] = {}
    for loc_id, uid, item_id, message_id, size in old:
        if message_id:
            by_key.setdefault((message_id, int(size)), []).append((loc_id, int(uid), item_id))
            by_id.setdefault(message_id, []).append((loc_id, int(uid), item_id))
    used: set[int] = set()
    rows = []
    taken = set(local_flags(conn, folder.id, new_uidvalidity))  # re-mapped by an earlier run
    for entry in listing:
        if not entry.message_id or entry.uid in taken:
            continue
        candidates = by_key.get((entry.message_id, entry.size)) or by_id.get(entry.message_id, [])
        for loc_id, _uid, item_id in candidates:
            if loc_id not in used:
                used.add(loc_id)
                rows.append(
                    {
                        "item_id": item_id,
                        "mailbox_id": folder.id,
                        "uidvalidity": new_uidvalidity,
                        "uid": entry.uid,
                        "flags": server_flags(entry.flags),
                    }
                )
                break
    if rows:
        conn.execute(insert(MailLocation), rows)
    for chunk in chunks(sorted(used)):
        conn.execute(_LOC.delete().where(_LOC.c.id.in_(chunk)))
    unmatched = [int(uid) for loc_id, uid, *_ in old if loc_id not in used]
    return len(rows), unmatched


def retire_uidvalidity(conn: Connection, folder_id: int, old_uidvalidity: int, now: int) -> None:
    """Old-UIDVALIDITY places nothing re-mapped: gone from the server."""
    conn.execute(
        update(_LOC)
        .where(
            _LOC.c.mailbox_id == folder_id,
            _LOC.c.uidvalidity == old_uidvalidity,
            _LOC.c.gone_at.is_(None),
        )
        .values(gone_at=now)
    )


def save_state(
    conn: Connection,
    folder_id: int,
    uidvalidity: int,
    uidnext: int,
    highestmodseq: int | None,
    now: int,
) -> None:
    """A pass over the folder finished: the next sync starts from here."""
    conn.execute(
        update(Mailbox)
        .where(Mailbox.id == folder_id)
        .values(
            uidvalidity=uidvalidity,
            uidnext=uidnext,
            highestmodseq=highestmodseq,
            last_sync_at=now,
            last_error="",
        )
    )


def count_live(conn: Connection, folder_id: int, uidvalidity: int) -> int:
    """Messages of the folder we hold that are still on the server."""
    return int(
        conn.execute(
            select(func.count()).where(
                _LOC.c.mailbox_id == folder_id,
                _LOC.c.uidvalidity == uidvalidity,
                _LOC.c.gone_at.is_(None),
            )
        ).scalar()
        or 0
    )
