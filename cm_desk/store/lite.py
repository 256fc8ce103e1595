"""The store on one bare ``sqlite3`` connection, for short-lived commands.

``cm-desk sync`` with a hundred new messages should take a fraction of a
second as a whole process, and importing SQLAlchemy and declaring the ORM
alone costs about 0.35 s. The sync's writes are plain SQL
(:mod:`cm_desk.store.sql`), so the command runs them on this: the same
pragmas and the same write lock taken up front as :class:`Store` gives,
without the ORM. Only a workspace whose schema is current is opened this way
(:func:`open_lite` says None otherwise: the caller migrates through the full
store).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol

from cm_desk.store import dialect
from cm_desk.store.revision import HEAD


class SyncStore(Protocol):
    """What sync needs of a store (this one, or the full :class:`Store`): its file,
    and write and read transactions yielding a connection :class:`Sql` takes."""

    @property
    def path(self) -> Path | None: ...

    def write(self) -> AbstractContextManager[Any]: ...

    def read(self) -> AbstractContextManager[Any]: ...


class LiteStore:
    """A workspace store on one ``sqlite3`` connection (no SQLAlchemy)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path: Path | None = path
        self._conn = conn
        dialect.apply_pragmas(conn, new_database=False)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction holding the write lock from its start."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.rollback()
            raise
        self._conn.commit()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection, for reads outside a write transaction."""
        yield self._conn

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


def open_lite(path: Path) -> LiteStore | None:
    """The store at ``path`` when its schema is current, else None."""
    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    except sqlite3.DatabaseError:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if row is None or row[0] != HEAD:
        conn.close()
        return None
    return LiteStore(path, conn)
