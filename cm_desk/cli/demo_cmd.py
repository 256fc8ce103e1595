"""``cm-desk demo``: a realistic demo workspace, rebuilt with dates relative to today."""

from __future__ import annotations

import argparse
import dataclasses
import os
from pathlib import Path

from cm_desk import workspace
from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import open_store


def demo_workspace(args: argparse.Namespace) -> workspace.Workspace:
    """``--home`` / ``$CM_DESK_HOME`` when given, else the per-user demo directory."""
    if args.home or os.environ.get("CM_DESK_HOME"):
        return workspace.resolve(args.home)
    return workspace.Workspace(workspace.demo_home())


_USER_TABLES = (
    "accounts",
    "items",
    "sources",
    "promises",
    "colleagues",
    "reply_templates",
    "notes",
    "outbox",
)


def _state(ws: workspace.Workspace) -> str:
    """``demo`` (built by us), ``empty`` (nothing of the user's) or ``user``."""
    import sqlite3

    conn = sqlite3.connect(ws.db_path)
    try:
        marked = conn.execute(
            "SELECT 1 FROM workspace_settings WHERE key = 'demo_version'"
        ).fetchone()
        if marked:
            return "demo"
        used = any(
            conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in _USER_TABLES
        )
    except sqlite3.DatabaseError:
        return "user"  # unreadable or foreign: never ours to delete
    finally:
        conn.close()
    return "user" if used else "empty"


def ensure_demo(ws: workspace.Workspace, refresh: bool) -> dict[str, int]:
    """Build the demo store in ``ws``; with ``refresh`` an existing demo is rebuilt.

    Only a store the demo built itself is ever deleted; one holding anything
    of the user's is refused.
    """
    from cm_desk.demo import build_demo

    if ws.exists():
        state = _state(ws)
        if state == "user":
            raise CliError(
                f"{ws.home} holds a workspace with your own data; the demo needs its own "
                "directory (use --home DIR)"
            )
        if state == "demo" and refresh:
            for suffix in ("", "-wal", "-shm"):
                Path(str(ws.db_path) + suffix).unlink(missing_ok=True)
    store = open_store(ws)
    try:
        summary = build_demo(store)
    finally:
        store.close()
    return {k: int(v) for k, v in dataclasses.asdict(summary).items()}


def run_demo(args: argparse.Namespace) -> int:
    """Create or refresh the demo workspace and say what is in it."""
    ws = demo_workspace(args)
    figures = ensure_demo(ws, refresh=True)
    if args.json:
        output.emit_json({"home": str(ws.home), **figures})
    else:
        print(f"Demo workspace ready in {ws.home}")
        print(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in figures.items()))
        print(f"Open it with: cm-desk --home {ws.home}")
    return 0
