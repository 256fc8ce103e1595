"""The app's window opens before SQLAlchemy loads, and the store then opens in a worker."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cm_desk.store.dialect import APP_CACHE_KIB
from cm_desk.store.engine import Store
from cm_desk.ui.app_store import AppStore
from cm_desk.ui.main_window import MainWindow
from cm_desk.workspace import Workspace


def test_the_window_and_its_first_reads_import_no_sqlalchemy(demo_store: Store) -> None:
    assert demo_store.path is not None
    home = demo_store.path.parent
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from cm_desk.ui.app_store import AppStore
        from cm_desk.ui.main_window import MainWindow
        from cm_desk.store.queue import View, rows, view_ids
        from cm_desk.store.thread import load_thread
        from cm_desk.store.person import person_card, person_in_thread
        from cm_desk.workspace import Workspace
        from datetime import UTC, datetime

        lazy = AppStore.check(Workspace(Path({str(home)!r})), 1024)
        assert lazy is not None and lazy.demo
        with lazy.lite() as conn:
            ids = view_ids(conn, View.ALL, datetime.now(UTC))
            first = rows(conn, ids[:1])[ids[0]]
            assert load_thread(conn, first.conversation_id) is not None
        lazy.close()
        print("sqlalchemy" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_only_a_current_workspace_is_opened_lazily(tmp_path: Path, demo_store: Store) -> None:
    assert AppStore.check(Workspace(tmp_path / "none"), APP_CACHE_KIB) is None
    assert demo_store.path is not None
    old = tmp_path / "old"
    old.mkdir()
    conn = sqlite3.connect(old / demo_store.path.name)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('0001')")
    conn.commit()
    conn.close()
    assert AppStore.check(Workspace(old), APP_CACHE_KIB) is None  # migrates up front


def test_the_store_opens_in_a_worker_and_every_pane_loads(
    qtbot: QtBot, demo_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    assert demo_store.path is not None
    lazy = AppStore.check(Workspace(demo_store.path.parent), APP_CACHE_KIB)
    assert lazy is not None
    caplog.set_level(logging.WARNING, logger="cm_desk.ui.app_store")
    w = MainWindow(lazy, "demo", demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.queue_model.row_at(0) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: w.conversation.shown is not None, timeout=10_000)
    # The follow-ups need the full store: it opens in the database worker.
    qtbot.waitUntil(lambda: w.followups.rows_model.rowCount() > 0, timeout=10_000)
    assert "UI thread" not in caplog.text
    w.close()
    lazy.close()
