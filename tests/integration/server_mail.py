"""Acting as "the server side" on the test Dovecot: another client changing mail.

The sync tests need to change a mailbox behind the back of the client under
test — deliver mail, flag it from "another device", expunge, reset UIDVALIDITY —
and then check what the server holds. These helpers do that over plain IMAP on
loopback (``dovecot.imap_port``) with :mod:`imaplib`, as a user from
``dovecot.new_user()`` / ``dovecot.add_user(...)`` (password
:data:`servers.PASSWORD`). Each call opens
its own short connection (every socket operation has a timeout) and logs out, so
the helpers can be interleaved freely with the client under test.

Folder names are given as Python strings (``"INBOX"``, ``"Sent"``,
``"Archief/2024"``, ``"Ärger"``); they are encoded in modified UTF-7 and quoted.

Message bytes are sent *exactly* (imaplib's own ``append`` would rewrite line
endings). What Dovecot 2.3 then stores and returns may differ from what was
appended — see :func:`append`. Digests in :class:`ServerState` are therefore
always of the bytes the server returns for ``BODY.PEEK[]``:
``hashlib.blake2b(raw, digest_size=20).hexdigest()``, the same key as
``cm_desk.mail.parse.raw_digest``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import imaplib
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tests.integration import servers
from tests.integration.servers import Dovecot

TIMEOUT = 20.0
"""Seconds for connecting and for every socket read/write of one helper call."""

_BATCH_BYTES = 8 * 1024 * 1024  # per MULTIAPPEND command in append_many
_BATCH_COUNT = 500
_APPENDUID = re.compile(rb"\[APPENDUID (\d+) ([0-9:,]+)\]", re.IGNORECASE)
_START = re.compile(rb"\d+ \(")
_UID = re.compile(rb"\bUID (\d+)", re.IGNORECASE)
_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)", re.IGNORECASE)
_EMPTY_BODY = re.compile(rb'\bBODY\[\] (?:""|NIL)', re.IGNORECASE)


@dataclass(frozen=True)
class ServerState:
    """What one folder holds: UIDVALIDITY and, per UID, (flags, body digest).

    Flags exclude the session flag ``\\Recent``, so two reads of an unchanged
    folder compare equal.
    """

    uidvalidity: int
    messages: dict[int, tuple[frozenset[str], str]]
    uidnext: int = 0
    highestmodseq: int = 0
    exists: int = field(default=0, compare=False)

    def digests(self) -> list[str]:
        """The body digests, sorted (duplicates kept): compares content across UIDs."""
        return sorted(digest for _flags, digest in self.messages.values())

    def flags_by_digest(self) -> dict[str, frozenset[str]]:
        """digest → flags (when digests are unique): compares across a UID change."""
        return {digest: flags for flags, digest in self.messages.values()}


def digest(raw: bytes) -> str:
    """The content key of a message, as ``cm_desk.mail.parse.raw_digest``."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


# ---- names and arguments -------------------------------------------------


def encode_mutf7(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501 §5.1.3)."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            data = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(data).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def decode_mutf7(name: str) -> str:
    """The inverse of :func:`encode_mutf7`."""

    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        if not body:
            return "&"
        data = body.replace(",", "/")
        data += "=" * (-len(data) % 4)
        return base64.b64decode(data).decode("utf-16-be")

    return re.sub(r"&([^-]*)-", one, name)


def mailbox_arg(name: str) -> str:
    """A folder name as an IMAP argument: modified UTF-7, quoted."""
    encoded = encode_mutf7(name).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{encoded}"'


def _flag_list(flags: Iterable[str]) -> str:
    return "(" + " ".join(flags) + ")"


def _uid_set(uids: int | Iterable[int]) -> str:
    values = [uids] if isinstance(uids, int) else sorted(set(uids))
    if not values:
        raise ValueError("no UIDs given")
    return ",".join(str(u) for u in values)


def _parse_uid_set(text: bytes) -> list[int]:
    uids: list[int] = []
    for part in text.split(b","):
        lo, _, hi = part.partition(b":")
        first, last = int(lo), int(hi or lo)
        step = 1 if last >= first else -1
        uids.extend(range(first, last + step, step))
    return uids


def _check(result: tuple[str, list[Any]], what: str) -> list[Any]:
    typ, data = result
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{what}: {typ} {data!r}")
    return data


# ---- connections ------------------------------------------------------------


@contextlib.contextmanager
def connect(dovecot: Dovecot, user: str, password: str = servers.PASSWORD) -> Iterator[Any]:
    """A logged-in :class:`imaplib.IMAP4` (typed ``Any``: imaplib's private parts
    are used) on Dovecot's plain port; logs out on leaving. Bounded by
    :data:`TIMEOUT` per socket operation."""
    imap = imaplib.IMAP4("127.0.0.1", dovecot.imap_port, timeout=TIMEOUT)
    try:
        _check(imap.login(user, password), "LOGIN")
        yield imap
    finally:
        with contextlib.suppress(Exception):
            imap.logout()
        with contextlib.suppress(Exception):
            imap.shutdown()


def _select(imap: Any, folder: str, readonly: bool = False) -> int:
    """SELECT (or EXAMINE) ``folder``; returns its UIDVALIDITY."""
    _check(imap.select(mailbox_arg(folder), readonly=readonly), f"SELECT {folder}")
    _typ, data = imap.response("UIDVALIDITY")
    return int(data[0])


def _append_raw(
    imap: Any, folder: str, raw: bytes, flags: Iterable[str], date: datetime | None
) -> tuple[int, int]:
    """APPEND the exact bytes; returns (uidvalidity, uid) from APPENDUID."""
    args = [mailbox_arg(folder)]
    flag_list = list(flags)
    if flag_list:
        args.append(_flag_list(flag_list))
    if date is not None:
        args.append(imaplib.Time2Internaldate(date))
    imap.literal = raw  # bypasses imaplib's CRLF rewriting in IMAP4.append
    data = _check(imap._simple_command("APPEND", *args), "APPEND")
    found = _APPENDUID.search(data[-1] or b"")
    if found is None:
        raise imaplib.IMAP4.error(f"APPEND without APPENDUID: {data!r}")
    return int(found.group(1)), int(found.group(2))


# ---- the helpers --------------------------------------------------------------


def append(
    dovecot: Dovecot,
    user: str,
    folder: str,
    raw: bytes,
    flags: Iterable[str] = (),
    date: datetime | None = None,
) -> int:
    """APPEND ``raw`` exactly as given to ``folder``; returns its UID (APPENDUID).

    ``flags`` like ``("\\\\Seen", "$Label1")``; ``date`` the INTERNALDATE (an
    aware datetime; default: now). Dovecot 2.3 rejects a zero-byte message
    (``NO Can't save a zero byte message``), stores a NUL byte as 0x80, and
    returns bare LF line endings as CRLF (bare CR and 8-bit headers are kept).
    """
    with connect(dovecot, user) as imap:
        return _append_raw(imap, folder, raw, flags, date)[1]


def append_many(
    dovecot: Dovecot,
    user: str,
    folder: str,
    raws: Iterable[bytes],
    flags: Iterable[str] = (),
    date: datetime | None = None,
) -> list[int]:
    """APPEND many messages over one connection, in order; returns their UIDs.

    Fast: MULTIAPPEND with non-synchronising literals (LITERAL+), up to
    500 messages / 8 MiB per command, so one round trip per batch. The same
    ``flags`` and ``date`` apply to every message.
    """
    flag_text = _flag_list(flags).encode()
    date_text = (imaplib.Time2Internaldate(date) + " ").encode() if date is not None else b""
    items = list(raws)
    uids: list[int] = []
    with connect(dovecot, user) as imap:
        start = 0
        while start < len(items):
            batch: list[bytes] = []
            size = 0
            while start < len(items) and len(batch) < _BATCH_COUNT:
                if batch and size + len(items[start]) > _BATCH_BYTES:
                    break
                batch.append(items[start])
                size += len(items[start])
                start += 1
            command = bytearray(b"APPEND " + mailbox_arg(folder).encode())
            for raw in batch:
                command += b" " + flag_text + b" " + date_text + b"{%d+}\r\n" % len(raw) + raw
            tag: bytes = imap._new_tag()
            imap.send(tag + b" " + bytes(command) + b"\r\n")
            data = _check(imap._command_complete("APPEND", tag), "MULTIAPPEND")
            found = _APPENDUID.search(data[-1] or b"")
            if found is None:
                raise imaplib.IMAP4.error(f"MULTIAPPEND without APPENDUID: {data!r}")
            got = _parse_uid_set(found.group(2))
            if len(got) != len(batch):
                raise imaplib.IMAP4.error(f"MULTIAPPEND: {len(batch)} sent, UIDs {got}")
            uids.extend(got)
    return uids


def _parse_fetch(data: list[Any]) -> dict[int, tuple[frozenset[str], bytes | None]]:
    """imaplib's UID FETCH (UID FLAGS [BODY.PEEK[]]) result → uid: (flags, body)."""
    texts: list[bytearray] = []
    bodies: list[bytes | None] = []
    for item in data:
        if item is None:
            continue
        if isinstance(item, tuple):  # (text up to a literal, literal)
            head, literal = item
            if _START.match(head):
                texts.append(bytearray(head))
                bodies.append(bytes(literal))
            else:  # a second literal in the same response
                texts[-1] += head
                bodies[-1] = bytes(literal)
        elif _START.match(item):
            texts.append(bytearray(item))
            bodies.append(b"" if _EMPTY_BODY.search(item) else None)
        else:  # the rest of a response after its literal
            texts[-1] += item
    result: dict[int, tuple[frozenset[str], bytes | None]] = {}
    for text, body in zip(texts, bodies, strict=True):
        uid = _UID.search(text)
        flags = _FLAGS.search(text)
        if uid is None or flags is None:
            raise imaplib.IMAP4.error(f"unexpected FETCH response: {bytes(text)[:200]!r}")
        names = frozenset(flags.group(1).decode().split()) - {"\\Recent"}
        result[int(uid.group(1))] = (names, body)
    return result


def server_state(dovecot: Dovecot, user: str, folder: str) -> ServerState:
    """UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and every message's flags and digest.

    Read-only (STATUS, EXAMINE and ``BODY.PEEK[]``: nothing is marked seen).
    """
    with connect(dovecot, user) as imap:
        status = _check(
            imap.status(mailbox_arg(folder), "(UIDNEXT HIGHESTMODSEQ)"), f"STATUS {folder}"
        )
        text = status[0] or b""
        uidnext = re.search(rb"UIDNEXT (\d+)", text)
        modseq = re.search(rb"HIGHESTMODSEQ (\d+)", text)
        uidvalidity = _select(imap, folder, readonly=True)
        _typ, exists = imap.response("EXISTS")
        count = int(exists[-1]) if exists and exists[-1] is not None else 0
        messages: dict[int, tuple[frozenset[str], str]] = {}
        if count:
            data = _check(imap.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])"), "UID FETCH")
            for uid, (flags, body) in _parse_fetch(data).items():
                if body is None:
                    raise imaplib.IMAP4.error(f"no BODY[] for UID {uid} in {folder}")
                messages[uid] = (flags, digest(body))
    return ServerState(
        uidvalidity=uidvalidity,
        messages=messages,
        uidnext=int(uidnext.group(1)) if uidnext else 0,
        highestmodseq=int(modseq.group(1)) if modseq else 0,
        exists=count,
    )


def fetch_raw(dovecot: Dovecot, user: str, folder: str, uid: int) -> bytes:
    """The exact bytes the server returns for ``BODY.PEEK[]`` of one message."""
    with connect(dovecot, user) as imap:
        _select(imap, folder, readonly=True)
        data = _check(imap.uid("FETCH", str(uid), "(UID FLAGS BODY.PEEK[])"), "UID FETCH")
        found = _parse_fetch(data).get(uid)
        if found is None or found[1] is None:
            raise KeyError(f"no UID {uid} in {folder}")
        return found[1]


def set_flags(
    dovecot: Dovecot,
    user: str,
    folder: str,
    uid: int | Iterable[int],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> None:
    """Add and/or remove flags on one message (or several UIDs), as another client."""
    to_add, to_remove = list(add), list(remove)
    with connect(dovecot, user) as imap:
        _select(imap, folder)
        if to_add:
            _check(imap.uid("STORE", _uid_set(uid), "+FLAGS.SILENT", _flag_list(to_add)), "STORE")
        if to_remove:
            _check(
                imap.uid("STORE", _uid_set(uid), "-FLAGS.SILENT", _flag_list(to_remove)), "STORE"
            )


def expunge(dovecot: Dovecot, user: str, folder: str, uids: int | Iterable[int]) -> None:
    """Delete these UIDs for good (``\\Deleted`` + UID EXPUNGE; others untouched)."""
    uid_set = _uid_set(uids)
    with connect(dovecot, user) as imap:
        _select(imap, folder)
        _check(imap.uid("STORE", uid_set, "+FLAGS.SILENT", "(\\Deleted)"), "STORE")
        _check(imap.uid("EXPUNGE", uid_set), "UID EXPUNGE")


def move(dovecot: Dovecot, user: str, folder: str, uids: int | Iterable[int], to: str) -> list[int]:
    """UID MOVE to another folder; returns the new UIDs there (COPYUID), in order."""
    with connect(dovecot, user) as imap:
        _select(imap, folder)
        done = _check(imap.uid("MOVE", _uid_set(uids), mailbox_arg(to)), "UID MOVE")
        _typ, codes = imap.response("COPYUID")  # Dovecot: untagged OK [COPYUID ...]
        for text in [*(codes or []), *done]:
            if not isinstance(text, bytes):
                continue
            found = re.search(rb"(\d+) ([0-9:,]+) ([0-9:,]+)", text)
            if found is not None:
                return _parse_uid_set(found.group(3))
    raise imaplib.IMAP4.error("UID MOVE without COPYUID")


def create_folder(dovecot: Dovecot, user: str, folder: str, subscribe: bool = True) -> None:
    """CREATE (and SUBSCRIBE) a folder; parents are created as needed by Dovecot."""
    with connect(dovecot, user) as imap:
        _check(imap.create(mailbox_arg(folder)), f"CREATE {folder}")
        if subscribe:
            _check(imap.subscribe(mailbox_arg(folder)), f"SUBSCRIBE {folder}")


def delete_folder(dovecot: Dovecot, user: str, folder: str) -> None:
    """DELETE a folder (and UNSUBSCRIBE it)."""
    with connect(dovecot, user) as imap:
        _check(imap.delete(mailbox_arg(folder)), f"DELETE {folder}")
        with contextlib.suppress(imaplib.IMAP4.error):
            imap.unsubscribe(mailbox_arg(folder))


def list_folders(dovecot: Dovecot, user: str) -> dict[str, frozenset[str]]:
    """Every folder (decoded name) with its LIST attributes (``\\Sent`` etc.)."""
    found: dict[str, frozenset[str]] = {}
    with connect(dovecot, user) as imap:
        for line in _check(imap.list(), "LIST"):
            if not isinstance(line, bytes):
                continue
            match = re.match(rb'\(([^)]*)\) (?:"[^"]*"|NIL) (.*)$', line)
            if match is None:
                continue
            name = match.group(2).decode()
            if name.startswith('"') and name.endswith('"'):
                name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            found[decode_mutf7(name)] = frozenset(match.group(1).decode().split())
    return found


def _uidvalidity(dovecot: Dovecot, user: str, folder: str) -> int:
    with connect(dovecot, user) as imap:
        data = _check(imap.status(mailbox_arg(folder), "(UIDVALIDITY)"), "STATUS")
        found = re.search(rb"UIDVALIDITY (\d+)", data[0] or b"")
        if found is None:
            raise imaplib.IMAP4.error(f"STATUS without UIDVALIDITY: {data!r}")
        return int(found.group(1))


def recreate_folder(dovecot: Dovecot, user: str, folder: str) -> int:
    """Give ``folder`` a NEW UIDVALIDITY with the same messages; returns it.

    The messages come back with the same bytes, flags (keywords too) and
    INTERNALDATEs, under new UIDs (numbered again from 1).

    * INBOX: Dovecot 2.3 refuses ``RENAME INBOX`` for Maildir (``NO [CANNOT]``),
      so the Maildir's ``dovecot-uidlist`` and its indexes (``dovecot.index*``,
      ``dovecot.list.index*``) are deleted on disk; Dovecot rebuilds them with a
      fresh UIDVALIDITY from its ``dovecot-uidvalidity`` counter. Do this while
      no other session has INBOX selected (stop or disconnect the client under
      test first), or that session sees the change mid-flight.
    * Any other folder, over IMAP: RENAME it to a temporary name, CREATE it
      again (SUBSCRIBE if it was), UID MOVE everything back, DELETE the
      temporary folder. SPECIAL-USE (``Sent``) comes from the configuration by
      name, so it survives.
    """
    before = _uidvalidity(dovecot, user, folder)
    if folder.upper() == "INBOX":
        maildir = dovecot.root / "mail" / user / "Maildir"
        for path in maildir.iterdir():
            name = path.name
            if path.is_file() and (
                name == "dovecot-uidlist"
                or name.startswith("dovecot.index")
                or name.startswith("dovecot.list.index")
            ):
                path.unlink()
    else:
        temporary = f"cm-desk-recreate-{uuid.uuid4().hex[:12]}"
        with connect(dovecot, user) as imap:
            subscribed = any(
                isinstance(line, bytes) and line.endswith(encode_mutf7(folder).encode())
                for line in _check(imap.lsub('""', mailbox_arg(folder)), "LSUB")
            )
            _check(imap.rename(mailbox_arg(folder), mailbox_arg(temporary)), "RENAME")
            _check(imap.create(mailbox_arg(folder)), "CREATE")
            if subscribed:
                _check(imap.subscribe(mailbox_arg(folder)), "SUBSCRIBE")
            _select(imap, temporary)
            _typ, exists = imap.response("EXISTS")
            if exists and exists[-1] is not None and int(exists[-1]) > 0:
                _check(imap.uid("MOVE", "1:*", mailbox_arg(folder)), "UID MOVE")
            _check(imap.close(), "CLOSE")
            _check(imap.delete(mailbox_arg(temporary)), "DELETE")
            with contextlib.suppress(imaplib.IMAP4.error):
                imap.unsubscribe(mailbox_arg(temporary))
    after = _uidvalidity(dovecot, user, folder)
    if after == before:
        raise RuntimeError(f"UIDVALIDITY of {folder} did not change ({before})")
    return after
