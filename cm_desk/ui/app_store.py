"""The workspace store as the app holds it: SQLAlchemy is loaded off the UI thread.

Importing SQLAlchemy and declaring the ORM costs about 0.3 s, half of what
the window used to take to appear. The app checks the workspace with a bare
``sqlite3`` connection (schema current? a demo?), shows its window, and opens
the full :class:`~cm_desk.store.engine.Store` the first time a worker needs
it. Everything that touches the store already runs in a worker (the UI
thread never does database work), so the import lands there too.

A workspace that is new or needs a migration is opened up front, as before:
the migration must finish before anything reads.
"""

from __future__ import annotations

import gc
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cm_desk.workspace import Workspace

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from cm_desk.store.engine import Store

log = logging.getLogger(__name__)


class AppStore:
    """Behaves as a :class:`Store`; opens it on first use, in whichever worker comes first."""

    def __init__(self, workspace: Workspace, cache_kib: int, *, demo: bool) -> None:
        self._workspace = workspace
        self._cache_kib = cache_kib
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []  # plain connections between reads
        self.demo = demo
        self.path: Path | None = workspace.db_path

    @classmethod
    def check(cls, workspace: Workspace, cache_kib: int) -> AppStore | None:
        """The workspace when its schema is current, without loading SQLAlchemy; else None
        (new, older, or unreadable: the caller opens the full store, which migrates or says why)."""
        from cm_desk.store.lite import open_lite

        if not workspace.db_path.exists():
            return None
        lite = open_lite(workspace.db_path)
        if lite is None:
            return None
        try:
            from cm_desk.store.settings import is_demo

            with lite.read() as conn:
                demo = is_demo(conn)
        except sqlite3.DatabaseError:
            return None
        finally:
            lite.close()
        return cls(workspace, cache_kib, demo=demo)

    def full(self) -> Store:
        """The SQLAlchemy store, opened now if it was not yet."""
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None:
                if threading.current_thread() is threading.main_thread():
                    log.warning("the store was first opened on the UI thread")
                from cm_desk.store.engine import open_store

                self._store = open_store(self._workspace, cache_kib=self._cache_kib)
                gc.freeze()  # SQLAlchemy's object graph, as the app's own (see app.run)
            return self._store

    @contextmanager
    def lite(self) -> Iterator[sqlite3.Connection]:
        """A bare ``sqlite3`` connection, for the plain-SQL reads of the first screen
        (queue, rows, thread): they never wait for SQLAlchemy.

        Connections are kept for the next read, not per thread: a Qt pool thread
        gets a fresh Python thread state for every job, so a thread-local one
        would be a new connection (and page cache) per read.
        """
        from cm_desk.store import dialect

        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = sqlite3.connect(
                self._workspace.db_path, timeout=10, isolation_level=None, check_same_thread=False
            )
            dialect.apply_pragmas(conn, new_database=False, cache_kib=self._cache_kib)
        # One read transaction: a thread's items, notes and promises from one snapshot.
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")
            with self._lock:
                self._idle.append(conn)

    # -- what Store offers, delegated
    @property
    def engine(self) -> Engine:
        return self.full().engine

    def read(self) -> AbstractContextManager[Connection]:
        return self.full().read()

    def write(self) -> AbstractContextManager[Connection]:
        return self.full().write()

    def raw_connection(self) -> Any:
        return self.full().raw_connection()

    def close(self) -> None:
        """Release the store's connections, if it was ever opened, and the plain ones."""
        if self._store is not None:
            self._store.close()
        with self._lock:
            for conn in self._idle:
                conn.close()
            self._idle.clear()
