"""IMAP sync of one account: INBOX, Sent and configured folders into the store.

Per folder it decides, as Trojitá does, from the stored UIDVALIDITY, UIDNEXT
and HIGHESTMODSEQ:

* **nothing changed** — one pipelined ``STATUS`` of all folders answers it
  before the store is even opened for writing;
* **incremental** — QRESYNC (RFC 7162) ``SELECT`` reports what vanished and
  which flags changed since our HIGHESTMODSEQ; new mail is ``UIDNEXT:*``.
  Without QRESYNC: CONDSTORE ``CHANGEDSINCE`` plus a UID listing, and without
  either a full flag listing;
* **full** — the first pass, a pass a crash interrupted, or a UIDVALIDITY
  change (then known messages are re-mapped by Message-ID first).

Crash safety comes from ordering, not from a journal: fetched mail is stored
with its server location in one transaction per batch, and the folder's
state advances only after everything before it is in. A sync killed at any
instant re-lists what it has not confirmed and fetches only what the store
lacks — no loss, no duplicate, and a further sync writes nothing.

Bodies are fetched with ``BODY.PEEK[]`` (never sets ``\\Seen``) by several
pipelined ``UID FETCH`` commands, read by a network thread, parsed in worker
processes (a few hundred or fewer: by the calling thread, which starting
processes would cost more than it saves), and written by the calling thread in
large transactions.

Before marking messages gone, a brake: more than 100, or more than half the
folder, is held back for the user to confirm (an empty listing or a broken
server must not wipe a mailbox). The stored HIGHESTMODSEQ does not move past
expunges that were held back or not yet applied.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from cm_desk.domain.models import Changes, ParsedMessage
from cm_desk.domain.sentence import Sentence
from cm_desk.mail.connect import TIMEOUT, Endpoint
from cm_desk.mail.folders import pick_sent
from cm_desk.mail.imap import FetchRecord, ImapClient, ImapError, compact_set
from cm_desk.store import mailstate
from cm_desk.store.mailstate import FolderState, MailAccount

if TYPE_CHECKING:
    from cm_desk.mail.maildir import ParserPool, Parsing, RawMessage
    from cm_desk.store.lite import SyncStore

CHUNK = 48  # messages per parser task...
CHUNK_BYTES = 1 << 20  # ...or fewer: pickling a task holds the GIL (the app's UI thread waits)
WRITE_BATCH = 500  # messages per write transaction...
FIRST_BATCH = 50  # ...after a first small one, so the first mail shows at once
FETCH_COUNT = 250  # messages per UID FETCH command
FETCH_BYTES = 4 << 20  # bytes per UID FETCH command
FETCH_DEPTH = 2  # UID FETCH commands in flight
QUEUE_CHUNKS = 12  # parsed chunks between network and writer (bounds memory)
SMALL = 300  # fewer new messages than this are parsed without worker processes
BRAKE_COUNT = 100  # more gone than this at once is held back...
BRAKE_SMALL = 2  # ...as is more than half a folder, unless it is only this many


@dataclass(frozen=True)
class SyncProgress:
    """How far a folder's download is (messages and bytes)."""

    account: str
    folder: str
    done: int
    total: int
    bytes_done: int
    bytes_total: int


@dataclass
class FolderResult:
    """What a sync did to one folder."""

    name: str
    role: str
    added: int = 0
    flags_changed: int = 0
    gone: int = 0
    pushed: int = 0
    remapped: int = 0
    held_back: int = 0  # messages the brake kept from being marked gone
    held_of: int = 0  # ...out of this many we hold
    error: str = ""

    @property
    def wrote(self) -> bool:
        """Whether this folder's sync changed the store."""
        return bool(self.added or self.flags_changed or self.gone or self.pushed or self.remapped)

    @property
    def unchanged(self) -> bool:
        """Nothing new either way, nothing held back, no error."""
        return not (self.wrote or self.held_back or self.error)


@dataclass
class SyncResult:
    """What a sync did to one account."""

    account: str
    folders: list[FolderResult] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def wrote(self) -> bool:
        return any(f.wrote for f in self.folders)


@dataclass(frozen=True)
class _Listed:
    uid: int
    flags: frozenset[str]
    size: int
    message_id: str = ""


ProgressCallback = Callable[[SyncProgress], None]


def _warm_up() -> None:
    """Load what taking in new mail needs while the server answers STATUS
    (a server scanning a large Maildir for new mail takes tens of ms)."""
    import cm_desk.mail.maildir
    import cm_desk.store.ingest
    import cm_desk.store.mailsync  # noqa: F401


def endpoint(account: MailAccount) -> Endpoint:
    """Where the account's IMAP server is."""
    security = account.security if account.security in ("tls", "starttls", "none") else "tls"
    return Endpoint(account.imap_host, account.imap_port, security, account.cafile)  # type: ignore[arg-type]


class AccountSync:
    """One sync run of one account over one IMAP connection."""

    def __init__(
        self,
        account: MailAccount,
        password: str | Callable[[], str],
        reader: Any,
        open_store: Callable[[], SyncStore],
        *,
        progress: ProgressCallback | None = None,
        allow_deletes: bool = False,
        pool: Callable[[], ParserPool] | None = None,
    ) -> None:
        self.account = account
        self._password = password
        self._reader = reader  # DB-API connection for the no-change check
        self._open_store = open_store
        self._store: SyncStore | None = None
        self._progress = progress
        self._allow_deletes = allow_deletes
        self._pool_factory = pool
        self._pool: ParserPool | None = None
        self.client: ImapClient | None = None
        self._examined: set[tuple[int, int]] = set()  # (item, note version) compared
        self._behind: list[threading.Thread] = []  # WAL checkpoints running alongside

    # -- run -------------------------------------------------------------------
    def connect(self) -> ImapClient:
        """A logged-in connection with QRESYNC (or CONDSTORE) enabled.

        A password given as a callable is still being read from the keyring
        (by the caller's thread): the connection and TLS handshake happen
        meanwhile.
        """
        client = ImapClient.connect(endpoint(self.account))
        try:
            password = self._password if isinstance(self._password, str) else self._password()
            client.login(self.account.username, password)
            if "QRESYNC" in client.capabilities:
                client.enable("QRESYNC")
            elif "CONDSTORE" in client.capabilities:
                client.enable("CONDSTORE")
        except BaseException:
            client.close()
            raise
        return client

    def run(self, client: ImapClient | None = None) -> SyncResult:
        """Bring every folder in step. With ``client`` (a connection kept open by
        the app) a sync with nothing new is one round trip; without, this run
        connects and logs out."""
        result = SyncResult(self.account.name)
        owned = client is None
        client = self.connect() if client is None else client
        self.client = client
        try:
            self._sync_all(client, result)
        finally:
            if owned:
                client.logout()
            for thread in self._behind:
                thread.join(timeout=TIMEOUT)
            self._behind = []
            if self._pool is not None:
                self._pool.close()
                self._pool = None
        return result

    def _sync_all(self, client: ImapClient, result: SyncResult) -> None:
        known = mailstate.folders(self._reader, self.account.id)
        wanted = self._folders(client, known)
        # STATUS of every folder first, pipelined: the one round trip of a check
        # with nothing new. (Opening INBOX straight away would save a new-mail
        # sync 30 ms on a 50,000-message Maildir, but Dovecot answers a SELECT
        # in 110 ms for a while after many flag changes, STATUS in 2 ms.)
        status = client.status_many([name for name, _ in wanted], meanwhile=_warm_up)
        by_name = {f.name: f for f in known}
        for name, role in wanted:
            state = by_name.get(name)
            st = status.get(name)
            if state is not None and st is not None and self._unchanged(state, st):
                result.folders.append(FolderResult(name, role))
                continue
            folder = FolderResult(name, role)
            result.folders.append(folder)
            try:
                self._sync_folder(client, name, role, folder, result.changes)
            except ImapError as exc:
                folder.error = Sentence(
                    "the server refused to open {folder}: {why}", folder=name, why=str(exc)
                )
        if self._examined and not any(f.error for f in result.folders):
            # Compared in every folder that holds them (a folder holding one is
            # never "unchanged"): the notes have served.
            from cm_desk.store import mailsync

            with self.store().write() as conn:
                mailsync.forget_flag_changes(conn, self._examined)
            self._examined = set()

    def _folders(self, client: ImapClient, known: list[FolderState]) -> list[tuple[str, str]]:
        """INBOX, the Sent folder and the other folders we already follow."""
        roles = {f.role: f.name for f in known}
        if "inbox" in roles and "sent" in roles:
            wanted = [("INBOX", "inbox"), (roles["sent"], "sent")]
        else:
            sent = pick_sent(client.list_folders())
            wanted = [("INBOX", "inbox")] + ([(sent, "sent")] if sent else [])
        wanted += [(f.name, "other") for f in known if f.role == "other"]
        return wanted

    def _unchanged(self, state: FolderState, st: dict[str, int]) -> bool:
        if not state.complete or "HIGHESTMODSEQ" not in st:
            return False
        same = (
            st.get("UIDVALIDITY") == state.uidvalidity
            and st.get("UIDNEXT") == state.uidnext
            and st.get("HIGHESTMODSEQ") == state.highestmodseq
        )
        return same and not mailstate.has_pending_push(self._reader, state)

    def store(self) -> SyncStore:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    # -- one folder -----------------------------------------------------------
    def _sync_folder(
        self, client: ImapClient, name: str, role: str, out: FolderResult, changes: Changes
    ) -> None:
        from cm_desk.store import mailsync

        store = self.store()
        with store.write() as conn:
            state = mailsync.ensure_folder(conn, self.account.id, name, role)
        qresync = (
            state.complete and state.highestmodseq is not None and "QRESYNC" in client.capabilities
        )
        known = (state.uidvalidity or 0, state.highestmodseq or 0) if qresync else None
        sel = client.select(name, known=known)
        uv = sel.uidvalidity
        now = int(time.time())
        if state.uidvalidity is not None and state.uidvalidity != uv:
            self._remap(client, state, sel.exists, uv, out, now)
            state = FolderState(state.id, name, role, uv, None, None, False)
            qresync = False
        to_fetch: list[_Listed]
        gone: set[int]
        flags: dict[int, frozenset[str]]
        if qresync and state.uidvalidity == uv:
            flags = {r.uid: r.flags for r in sel.changed if r.uid and r.flags is not None}
            start = state.uidnext or 1
            with store.read() as conn:
                have = mailsync.local_flags(conn, state.id, uv, start)
                gone = mailsync.live_among(conn, state.id, uv, sel.vanished)
            listed = self._listing(client, f"{start}:*", sel.exists) if sel.uidnext > start else []
            to_fetch = [x for x in listed if x.uid >= start and x.uid not in have]
        else:
            listing = self._listing(client, "1:*", sel.exists)
            with store.read() as conn:
                local = mailsync.local_flags(conn, state.id, uv)
            on_server = {x.uid for x in listing}
            gone = set(local) - on_server
            flags = {
                x.uid: x.flags
                for x in listing
                if x.uid in local and mailsync.server_flags(x.flags) != local[x.uid]
            }
            to_fetch = [x for x in listing if x.uid not in local]

        self._apply(state.id, uv, gone, flags, out, now)
        if to_fetch:
            changes.merge(self._download(client, state.id, uv, name, to_fetch, out))
        out.pushed = self._push(client, state.id, uv)
        highestmodseq = sel.highestmodseq
        if out.pushed and "QRESYNC" in client.capabilities and sel.highestmodseq is not None:
            # Our own flag changes raised the folder's HIGHESTMODSEQ: ask once
            # more what changed since the first look (ours, and anyone else's
            # meanwhile), so the next sync starts after our changes. The
            # highest MODSEQ among the changed messages is a safe place to
            # start from: an expunge after it is only reported once more.
            vanished, records = client.changed_since(sel.highestmodseq)
            changed = {r.uid: r.flags for r in records if r.uid and r.flags is not None}
            with store.read() as conn:
                again_gone = mailsync.live_among(conn, state.id, uv, vanished)
            self._apply(state.id, uv, again_gone, changed, out, now)
            highestmodseq = max([sel.highestmodseq, *(r.modseq or 0 for r in records)])
        if out.held_back:
            return  # the state stays put, so the same expunges are reported next time
        if (
            not state.complete
            or state.uidvalidity != uv
            or state.uidnext != sel.uidnext
            or state.highestmodseq != highestmodseq
        ):
            with store.write() as conn:
                mailsync.save_state(conn, state.id, uv, sel.uidnext, highestmodseq, now)

    def _apply(
        self,
        folder_id: int,
        uv: int,
        gone: set[int],
        flags: dict[int, frozenset[str]],
        out: FolderResult,
        now: int,
    ) -> None:
        """Mark ``gone`` (unless the brake holds) and take the server's flag changes."""
        from cm_desk.store import mailsync

        if gone:
            with self.store().read() as conn:
                live = mailsync.count_live(conn, folder_id, uv)
            if self._brake(len(gone), live):
                out.held_back, out.held_of = len(gone), live
                gone = set()
        if gone or flags:
            with self.store().write() as conn:
                out.gone += mailsync.mark_gone(conn, folder_id, uv, gone, now)
                out.flags_changed += mailsync.apply_server_flags(conn, folder_id, uv, flags, now)

    def _brake(self, gone: int, live: int) -> bool:
        if self._allow_deletes:
            return False
        return gone > BRAKE_COUNT or (2 * gone > live and gone > BRAKE_SMALL)

    def _listing(self, client: ImapClient, uids: str, exists: int) -> list[_Listed]:
        if exists == 0:
            return []
        return [
            _Listed(r.uid, r.flags or frozenset(), r.size or 0)
            for r in client.uid_fetch(uids, "(UID FLAGS RFC822.SIZE)")
            if r.uid is not None
        ]

    def _remap(
        self,
        client: ImapClient,
        state: FolderState,
        exists: int,
        uv: int,
        out: FolderResult,
        now: int,
    ) -> None:
        """UIDVALIDITY changed: find known messages under their new UIDs."""
        from cm_desk.mail.parse import parse_msgids
        from cm_desk.store import mailsync

        listing: list[mailsync.Listed] = []
        if exists:
            for r in client.uid_fetch(
                "1:*", "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"
            ):
                if r.uid is None:
                    continue
                header = (r.header or b"").decode("utf-8", "replace")
                ids = parse_msgids(header.partition(":")[2])
                listing.append(
                    mailsync.Listed(
                        r.uid, r.flags or frozenset(), r.size or 0, ids[0] if ids else ""
                    )
                )
        old_uv = state.uidvalidity or 0
        with self.store().write() as conn:
            live = mailsync.count_live(conn, state.id, old_uv)
            remapped, unmatched = mailsync.remap(conn, state, self.account.id, uv, listing, now)
            out.remapped = remapped
            if unmatched and self._brake(len(unmatched), live):
                out.held_back, out.held_of = len(unmatched), live
                return
            mailsync.retire_uidvalidity(conn, state.id, old_uv, now)
            out.gone += len(unmatched)

    def _push(self, client: ImapClient, folder_id: int, uv: int) -> int:
        """Send the CM's read/flagged/answered changes to the server."""
        from cm_desk.store import mailsync

        store = self.store()
        with store.read() as conn:
            pushes, examined = mailsync.pending_pushes(conn, folder_id, uv)
        self._examined |= examined
        if not pushes:
            return 0
        groups: dict[tuple[str, frozenset[str]], list[int]] = {}
        for p in pushes:
            if p.add:
                groups.setdefault(("+", p.add), []).append(p.uid)
            if p.remove:
                groups.setdefault(("-", p.remove), []).append(p.uid)
        for (sign, flagset), uids in groups.items():
            client.uid_store(compact_set(uids), f"{sign}FLAGS.SILENT ({' '.join(sorted(flagset))})")
        with store.write() as conn:
            mailsync.record_pushed(conn, folder_id, uv, pushes)
        return len(pushes)

    # -- download -------------------------------------------------------------
    def _download(
        self,
        client: ImapClient,
        folder_id: int,
        uv: int,
        name: str,
        wanted: list[_Listed],
        out: FolderResult,
    ) -> Changes:
        """Fetch, parse and store ``wanted``; complete messages only, batch by batch."""
        from cm_desk.mail.maildir import ParserPool
        from cm_desk.store import mailsync
        from cm_desk.store.dialect import BackgroundCheckpoints, checkpoint_behind
        from cm_desk.store.ingest import Ingestor

        store = self.store()
        if len(wanted) >= SMALL and self._pool is None:
            self._pool = (self._pool_factory or ParserPool)()
        pool = self._pool if self._pool is not None else ParserPool(0)
        ingestor = Ingestor(self.account.id, [self.account.address] if self.account.address else [])
        total_bytes = sum(x.size for x in wanted)
        changes = Changes()
        done = done_bytes = 0
        self._report(name, 0, len(wanted), 0, total_bytes)

        def write(batch: list[mailsync.Fetched]) -> None:
            nonlocal done, done_bytes
            with store.write() as conn:
                changes.merge(mailsync.store_fetched(conn, ingestor, folder_id, uv, batch))
            done += len(batch)
            done_bytes += sum(len(f.message.raw) for f in batch)
            out.added += len(batch)
            self._report(name, done, len(wanted), done_bytes, total_bytes)

        checkpoints = (
            BackgroundCheckpoints(str(store.path))
            if store.path is not None and len(wanted) >= SMALL
            else None
        )
        if checkpoints is not None:
            checkpoints.__enter__()
        try:
            batch: list[mailsync.Fetched] = []
            size = FIRST_BATCH if len(wanted) > 2 * FIRST_BATCH else WRITE_BATCH
            for uid, flags, message in _fetch_parsed(client, _batches(wanted), pool):
                batch.append(mailsync.Fetched(uid, flags, message))
                if len(batch) >= size:
                    write(batch)
                    batch = []
                    size = min(WRITE_BATCH, size * 2)
            if batch:
                write(batch)
        finally:
            if checkpoints is not None:
                checkpoints.__exit__(None, None, None)
        if checkpoints is None and store.path is not None and done:
            # A few new messages dirtied many index pages: copy them back while
            # the flags go to the server, not when the store closes.
            self._behind.append(checkpoint_behind(str(store.path)))
        return changes

    def _report(
        self, folder: str, done: int, total: int, bytes_done: int, bytes_total: int
    ) -> None:
        if self._progress is not None:
            self._progress(
                SyncProgress(self.account.name, folder, done, total, bytes_done, bytes_total)
            )


def _batches(wanted: Sequence[_Listed]) -> list[str]:
    """UID sets for the FETCH commands: bounded in count and in bytes."""
    out: list[str] = []
    uids: list[int] = []
    size = 0
    for x in sorted(wanted, key=lambda x: x.uid):
        if uids and (len(uids) >= FETCH_COUNT or size + x.size > FETCH_BYTES):
            out.append(compact_set(uids))
            uids, size = [], 0
        uids.append(x.uid)
        size += x.size
    if uids:
        out.append(compact_set(uids))
    return out


_Meta = list[tuple[int, frozenset[str], bytes]]
_DONE = object()


def _fetch_parsed(
    client: ImapClient, batches: list[str], pool: ParserPool
) -> Iterator[tuple[int, frozenset[str], ParsedMessage]]:
    """Messages of ``batches`` as they are parsed, network read on its own thread.

    Only whole messages come out; when the connection breaks, what arrived
    whole is still yielded, then the error is raised.
    """
    chunks: queue.Queue[object] = queue.Queue(maxsize=QUEUE_CHUNKS)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def submit(records: list[FetchRecord]) -> None:
        meta: _Meta = [(r.uid or 0, r.flags or frozenset(), r.body or b"") for r in records]
        raws: list[RawMessage] = [
            (
                r.body or b"",
                "\\Seen" in (r.flags or ()),
                "\\Flagged" in (r.flags or ()),
                "\\Answered" in (r.flags or ()),
            )
            for r in records
        ]
        put((meta, pool.parse_raw(raws)))  # without workers, parsed by the writer's thread

    def network() -> None:
        try:
            records: list[FetchRecord] = []
            size = 0
            for rec in client.fetch_pipelined(batches, "(UID FLAGS BODY.PEEK[])", FETCH_DEPTH):
                if rec.body is None or rec.uid is None:
                    continue  # a flag update that slipped in: not a message
                records.append(rec)
                size += len(rec.body)
                if len(records) >= CHUNK or size >= CHUNK_BYTES:
                    submit(records)
                    records, size = [], 0
            if records:
                submit(records)
            put(_DONE)
        except BaseException as exc:  # handed to the writer, which raises it
            put(exc)

    reader = threading.Thread(target=network, name="imap-fetch", daemon=True)
    reader.start()
    try:
        while True:
            try:
                item = chunks.get(timeout=TIMEOUT * 4)
            except queue.Empty:
                raise TimeoutError("the IMAP download stalled") from None
            if item is _DONE:
                break
            if isinstance(item, BaseException):
                raise item
            meta, parsing = cast("tuple[_Meta, Parsing]", item)
            for (uid, flags, raw), message in zip(meta, parsing.result(), strict=True):
                # A worker's messages come without their raw bytes: put them back.
                yield uid, flags, message if message.raw else replace(message, raw=raw)
    finally:
        stop.set()
        reader.join(timeout=TIMEOUT)
