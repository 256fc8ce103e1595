"""The only place for SQLite-specific SQL: pragmas, the FTS5 index, write locks.

PostgreSQL support will add its counterparts here (tsvector index, advisory
locks); everything else in the store speaks portable SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from typing import Any

# Applied to every new connection. WAL lets the UI read while the writer writes;
# synchronous=NORMAL is durable across application crashes in WAL mode.
CONNECT_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA temp_store=MEMORY",
    # The WAL is cut back to 64 MB after a checkpoint.
    "PRAGMA journal_size_limit=67108864",
)
# Checkpoint every 256 MB of WAL, not every 1000 pages: each checkpoint
# fsyncs. Bulk imports checkpoint from a side thread (BackgroundCheckpoints).
AUTOCHECKPOINT_BYTES = 256 << 20

# Set before the first table exists. Raw messages (tens of KB each, kept
# losslessly) are three quarters of the file: 16 KiB pages store them in few
# overflow pages (the 4 KiB default needs four times as many), while each new
# message's entries in the random-keyed indexes (Message-ID, thread ids,
# digests) dirty a whole page apiece, so bigger pages make every incremental
# write and its checkpoint bigger. Measured at 16 against 64 KiB: IMAP sync of
# 50,000 messages 36 s against 41 s, Maildir import of 10,000 5.9-6.3 s
# against 6.4 s, WAL of a 100-message sync 13 MB against 25 MB, searches alike.
NEW_DB_PRAGMAS = ("PRAGMA page_size=16384",)

FTS_TABLE = "item_fts"
FTS_COLUMNS = ("subject", "sender", "recipients", "body")
# The index (created by migration 0001) is contentless: it holds no copy of the
# text (items.body_text has it). Its rowid is items.sort_key, so walking it by
# rowid DESC is newest first.

_FTS_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?)"

IndexRow = tuple[int, str, str, str, str]

# -- full-text search SQL (PostgreSQL will answer these with tsquery) --------
# Items whose text matches the one parameter (an expression built below).
FTS_MATCH_ITEMS = f"i.sort_key IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
# The FROM/WHERE of a search driven by the index, and its newest-first key.
FTS_DRIVEN_FROM = (
    f"FROM {FTS_TABLE} f JOIN items i ON i.sort_key = f.rowid WHERE {FTS_TABLE} MATCH ?"
)
FTS_SORT_KEY = "f.rowid"
# The newest-first keys of the items matching the named parameter ``fts``.
FTS_ROWIDS = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts"


BULK_CACHE_KIB = 65536  # page cache of a connection that writes in bulk (sync, import)
APP_CACHE_KIB = 8192  # ...and of the app's readers: the OS caches the file anyway


def apply_pragmas(
    dbapi_connection: sqlite3.Connection, new_database: bool, cache_kib: int = BULK_CACHE_KIB
) -> None:
    """Configure a fresh DB-API connection (and page size on a brand-new file)."""
    cur = dbapi_connection.cursor()
    try:
        if new_database:
            for pragma in NEW_DB_PRAGMAS:
                cur.execute(pragma)
        for pragma in CONNECT_PRAGMAS:
            cur.execute(pragma)
        page = int(cur.execute("PRAGMA page_size").fetchone()[0])  # 64 KiB in older stores
        cur.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_BYTES // page}")
        cur.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
    finally:
        cur.close()


def fts_insert(cursor: Any, rows: Iterable[IndexRow]) -> None:
    """Add rows ``(sort_key, subject, sender, recipients, body)`` to the index."""
    cursor.executemany(_FTS_INSERT, rows)


def fts_term(text: str, columns: Sequence[str] = (), prefix: bool = False) -> str:
    """One user word or phrase as an FTS5 expression: always a quoted string.

    Quoting means nothing typed can become an FTS5 operator; FTS5 reads its
    query as a C string, so a NUL would cut the quoted word open.
    """
    expr = '"' + text.replace("\x00", " ").replace('"', '""') + '"'
    if prefix:
        expr += " *"
    if not columns:
        return expr
    if len(columns) == 1:
        return f"{columns[0]} : {expr}"
    return "{" + " ".join(columns) + "} : " + expr


def fts_any(parts: Sequence[str]) -> str:
    """Any of the expressions."""
    return "(" + " OR ".join(parts) + ")"


def fts_all_but(positive: Sequence[str], negative: Sequence[str]) -> str:
    """All of ``positive`` and none of ``negative`` (flat: deep nesting overflows FTS5)."""
    expr = "(" + " AND ".join(positive) + ")"
    return f"({expr} NOT {fts_any(negative)})" if negative else expr


class KnownDigests:
    """Which raw digests an account holds already, asked from any process.

    Parser workers use it to skip messages a re-import would only discard;
    each worker process opens its own read-only connection once (WAL lets
    it read while the writer writes). Picklable: it carries only a path.
    """

    def __init__(self, db_path: str, account_id: int) -> None:
        self.db_path = db_path
        self.account_id = account_id
        self._conn: sqlite3.Connection | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"db_path": self.db_path, "account_id": self.account_id}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.db_path = state["db_path"]
        self.account_id = state["account_id"]
        self._conn = None

    def __call__(self, digests: Sequence[str]) -> set[str]:
        if not digests:
            return set()
        if self._conn is None:
            self._conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)
        marks = ", ".join("?" * len(digests))
        rows = self._conn.execute(
            f"SELECT raw_sha FROM items WHERE account_id = ? AND raw_sha IN ({marks})",
            (self.account_id, *digests),
        )
        return {r[0] for r in rows}


def checkpoint_behind(db_path: str) -> threading.Thread:
    """Copy the WAL into the database now, on a side connection and thread.

    For a small write (a few new messages) followed by more network waits:
    the copy and its fsync overlap them instead of being paid when the last
    connection closes (SQLite checkpoints on close). PASSIVE never blocks
    the writer, which may go on writing meanwhile; join the thread before
    closing the store.
    """

    def run() -> None:
        try:
            conn = sqlite3.connect(db_path, timeout=1, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            pass  # best effort: the checkpoint on close remains
        finally:
            conn.close()

    thread = threading.Thread(target=run, name="wal-checkpoint", daemon=True)
    thread.start()
    return thread


class BackgroundCheckpoints:
    """Copies the WAL into the database from a side thread during bulk writes.

    A checkpoint fsyncs; run by the committing writer (SQLite's default) it
    stalls the import. PASSIVE checkpoints on their own connection never block
    the writer, and keep the WAL short enough to be reset. Use as a context
    manager around the bulk work; the final one truncates the WAL.
    """

    def __init__(self, db_path: str, interval: float = 0.5) -> None:
        self.db_path = db_path
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoints", daemon=True)

    def __enter__(self) -> BackgroundCheckpoints:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self.db_path, timeout=10, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error:
            pass  # best effort: the writer's own checkpoints remain
        finally:
            conn.close()
