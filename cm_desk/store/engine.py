"""Engine and session set-up, with migrations applied on open.

One engine and one ``sessionmaker`` per workspace. SQLite connections get
their pragmas on connect; transactions are started explicitly so that the
writer can take the write lock up front (``BEGIN IMMEDIATE``) instead of
failing halfway through a batch when a reader upgraded first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from cm_desk.store import dialect
from cm_desk.store.migrate import upgrade_to_head
from cm_desk.workspace import Workspace


@dataclass(frozen=True)
class Store:
    """An open workspace store: its engine and session factory."""

    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction holding the SQLite write lock from its start."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reads (no transaction held open)."""
        with self.engine.connect() as conn:
            yield conn

    def raw_connection(self) -> Any:
        """A DB-API connection from the pool (for the search fast path)."""
        return self.engine.raw_connection()

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def _install_sqlite_hooks(engine: Engine, new_database: bool, cache_kib: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own
        # transaction handling is wrong for SAVEPOINT and lock upgrades).
        dbapi_connection.isolation_level = None
        dialect.apply_pragmas(dbapi_connection, new_database, cache_kib)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def open_store(
    workspace: Workspace, *, migrate: bool = True, cache_kib: int = dialect.BULK_CACHE_KIB
) -> Store:
    """Open (creating and migrating as needed) the store of ``workspace``;
    ``cache_kib``: SQLite's page cache per connection."""
    workspace.ensure()
    new_database = not workspace.db_path.exists()
    engine = create_engine(workspace.url)
    _install_sqlite_hooks(engine, new_database, cache_kib)
    if migrate:
        upgrade_to_head(engine)
    _make_private(workspace)
    return Store(engine=engine, sessions=sessionmaker(engine), path=workspace.db_path)


def _make_private(workspace: Workspace) -> None:
    """Mail is personal: the store and its WAL files are readable by the owner only."""
    for suffix in ("", "-wal", "-shm"):
        path = workspace.db_path.with_name(workspace.db_path.name + suffix)
        try:
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except OSError:
            pass  # not ours to change (a shared team folder); nothing is lost
