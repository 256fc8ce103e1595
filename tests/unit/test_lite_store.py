"""The lean store ``cm-desk sync`` writes through: plain sqlite3, same transactions."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cm_desk.mail.parse import parse_message
from cm_desk.store import mailsync
from cm_desk.store.engine import open_store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.lite import open_lite
from cm_desk.workspace import Workspace

MAIL = (
    b"From: Ana <ana@example.org>\r\nTo: sam@example.org\r\nSubject: Refund?\r\n"
    b"Message-ID: <r1@example.org>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\n"
    b"Where is my refund?\r\n"
)


def _workspace(tmp_path: Path) -> Path:
    ws = Workspace(tmp_path / "ws")
    open_store(ws).close()  # created and migrated
    return ws.db_path


def test_writes_commit_and_a_failure_rolls_the_whole_batch_back(tmp_path: Path) -> None:
    path = _workspace(tmp_path)
    lite = open_lite(path)
    assert lite is not None
    with lite.write() as conn:
        conn.execute(
            "INSERT INTO accounts (id, name, address, display_name, imap_host, imap_port, "
            "smtp_host, smtp_port, username, security, cafile, sent_copy, created_at) "
            "VALUES (1, 'work', 'sam@example.org', 'Sam', 'imap.example', 993, "
            "'smtp.example', 465, 'sam', 'tls', '', 1, 0)"
        )
        folder = mailsync.ensure_folder(conn, 1, "INBOX", "inbox")
    message = parse_message(MAIL)
    with pytest.raises(RuntimeError), lite.write() as conn:
        mailsync.store_fetched(
            conn,
            Ingestor(1, ["sam@example.org"]),
            folder.id,
            7,
            [mailsync.Fetched(1, frozenset(), message)],
        )
        raise RuntimeError("killed mid-batch")
    with lite.read() as conn:
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (0,)
    with lite.write() as conn:
        changes = mailsync.store_fetched(
            conn,
            Ingestor(1, ["sam@example.org"]),
            folder.id,
            7,
            [mailsync.Fetched(1, frozenset(), message)],
        )
    assert changes.items_added == 1
    lite.close()
    # What the lean path wrote reads back through the full store.
    plain = sqlite3.connect(path)
    assert plain.execute("SELECT subject, triage FROM items").fetchall() == [("Refund?", "new")]
    assert plain.execute("SELECT uid, uidvalidity FROM mail_locations").fetchall() == [(1, 7)]
    assert plain.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_only_a_current_schema_is_opened_lean(tmp_path: Path) -> None:
    path = _workspace(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.commit()
    conn.close()
    assert open_lite(path) is None  # the full store migrates it first
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert open_lite(junk) is None


def test_the_sync_path_never_imports_sqlalchemy() -> None:
    code = (
        "import sys, cm_desk.mail.sync, cm_desk.store.mailsync, cm_desk.store.ingest, "
        "cm_desk.store.lite, cm_desk.cli.sync_cmd; "
        "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
