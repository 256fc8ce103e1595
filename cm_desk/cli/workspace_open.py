"""Opening the workspace for a command, with human errors for the usual failures."""

from __future__ import annotations

import argparse
import sqlite3
from typing import TYPE_CHECKING

from cm_desk import workspace
from cm_desk.cli.errors import CliError

if TYPE_CHECKING:
    from cm_desk.store.engine import Store
    from cm_desk.store.lite import LiteStore


def chosen(args: argparse.Namespace) -> workspace.Workspace:
    """The workspace ``--home``/``$CM_DESK_HOME``/default points at."""
    return workspace.resolve(args.home)


def existing(args: argparse.Namespace) -> workspace.Workspace:
    """The chosen workspace, which must hold a store already."""
    ws = chosen(args)
    if not ws.exists():
        raise CliError(
            f"no workspace at {ws.home}; create one with 'cm-desk demo' or "
            "'cm-desk import maildir PATH' (or choose another with --home)"
        )
    return ws


def open_store(ws: workspace.Workspace) -> Store:
    """The store, migrated to the current schema."""
    from sqlalchemy.exc import DBAPIError

    from cm_desk.store.engine import open_store as _open

    try:
        return _open(ws)
    except workspace.WorkspaceError as exc:
        raise CliError(str(exc)) from exc
    except DBAPIError as exc:
        raise CliError(f"cannot open the store in {ws.home}: {exc.orig}") from exc


def fast_connection(ws: workspace.Workspace) -> sqlite3.Connection:
    """A plain sqlite3 connection for read-only commands (no SQLAlchemy import).

    Falls back to the full open (which migrates) when the schema is not current.
    """
    from cm_desk.store.revision import HEAD

    try:
        conn = sqlite3.connect(ws.db_path, timeout=10)
        conn.execute("PRAGMA busy_timeout=10000")
        rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "no such table" not in str(exc):
            raise CliError(f"cannot read the store in {ws.home}: {exc}") from exc
        rev = None
    if rev is None or rev[0] != HEAD:
        open_store(ws).close()
        conn = sqlite3.connect(ws.db_path, timeout=10)
    return conn


def lean_store(ws: workspace.Workspace) -> LiteStore | Store:
    """A store to write through with plain sqlite3 (no SQLAlchemy import) when
    the schema is current, else the full store, which migrates it."""
    from cm_desk.store.lite import open_lite

    return open_lite(ws.db_path) or open_store(ws)
