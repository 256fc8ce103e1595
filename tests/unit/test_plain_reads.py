"""The window's first reads in plain SQL: no SQLAlchemy imported, and on a bare
``sqlite3`` connection the same answers as on the store's SQLAlchemy connection."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

import cm_desk
from cm_desk.demo import build_demo
from cm_desk.mail.attachments import AttachmentNotFound, attachment_bytes
from cm_desk.store import settings
from cm_desk.store.engine import Store, open_store
from cm_desk.store.person import mail_address, person_card, person_in_thread, person_of_item
from cm_desk.store.queue import View, rows, save_search, saved_searches, urgent_since, view_ids
from cm_desk.store.thread import allow_images, images_allowed, load_thread
from cm_desk.workspace import Workspace

T = TypeVar("T")

NOW = datetime(2025, 3, 4, 12, 0, 0, tzinfo=UTC)
DAY = 86400

# Ties and corners the demo lacks: priorities, snoozes, equal dates, notes and
# promises at an item's moment, promises due together or never, escalations, a
# person with several addresses, settings whose keys look alike.
_CORNERS = (
    "UPDATE items SET priority = id % 4 WHERE id % 3 = 0",
    f"UPDATE items SET snoozed_until = {int(NOW.timestamp()) + 2 * DAY} WHERE id % 7 = 0",
    f"UPDATE items SET snoozed_until = {int(NOW.timestamp()) - 3 * DAY} WHERE id % 11 = 0",
    "UPDATE items SET date = (SELECT j.date FROM items j WHERE j.id = items.id - 1)"
    " WHERE id % 5 = 0",
    f"UPDATE items SET received_at = {int(NOW.timestamp()) - DAY} WHERE id % 2 = 0",
    "UPDATE items SET seen = 1, answered_at = date WHERE id % 13 = 0",
    "INSERT INTO notes (conversation_id, item_id, author, body, created_at)"
    " SELECT conversation_id, id, 'me', 'a note', date FROM items WHERE id % 9 = 0",
    "INSERT INTO promises (conversation_id, item_id, person_id, what, due_at, status, created_at)"
    f" SELECT i.conversation_id, i.id, d.person_id, 'due ' || i.id, {int(NOW.timestamp()) + DAY},"
    " 'open', i.date FROM items i JOIN identities d ON d.id = i.from_identity_id"
    " WHERE i.id % 10 = 0",
    "INSERT INTO promises (conversation_id, item_id, person_id, what, due_at, status, created_at)"
    " SELECT i.conversation_id, i.id, d.person_id, 'someday ' || i.id, NULL, 'open', i.date"
    " FROM items i JOIN identities d ON d.id = i.from_identity_id WHERE i.id % 17 = 0",
    "INSERT INTO escalations (conversation_id, colleague_id, item_id, reason, customer_told,"
    " status, created_at) SELECT conversation_id, (SELECT min(id) FROM colleagues), id, 'x', 0,"
    " 'open', date FROM items WHERE id % 19 = 0",
    "UPDATE identities SET person_id = (SELECT person_id FROM identities WHERE network = 'email'"
    " ORDER BY id LIMIT 1) WHERE network = 'email' AND id % 8 = 0",
    "INSERT INTO workspace_settings (\"key\", value) VALUES ('saved_search:Zeta', 'z'),"
    " ('saved_search:alpha', 'a'), ('saved_search:Beta_x', 'b'), ('saved_searchx', 'no'),"
    " ('remote_images:mbrooks73@example.com', '1')",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The demo workspace with the corners above, built once for this module."""
    store = open_store(Workspace(tmp_path_factory.mktemp("plain") / "workspace"))
    build_demo(store, now=NOW)
    with store.write() as conn:
        for sql in _CORNERS:
            conn.exec_driver_sql(sql)
    yield store
    store.close()


@pytest.fixture()
def bare(demo: Store) -> Iterator[sqlite3.Connection]:
    """A bare ``sqlite3`` connection to the demo store."""
    assert demo.path is not None
    conn = sqlite3.connect(demo.path)
    yield conn
    conn.close()


def _same(demo: Store, bare: sqlite3.Connection, read: Callable[..., T], *args: object) -> T:
    """``read(conn, *args)`` on a SQLAlchemy connection and on the bare one: equal,
    types and all."""
    with demo.read() as conn:
        expected = read(conn, *args)
    got = read(bare, *args)
    assert repr(got) == repr(expected)  # repr: True and 1 are equal, but not alike
    return got


def _ids(bare: sqlite3.Connection, table: str) -> list[int]:
    return [r[0] for r in bare.execute(f"SELECT id FROM {table} ORDER BY id")] + [10**9]


def test_the_first_reads_do_not_import_sqlalchemy() -> None:
    root = str(Path(cm_desk.__file__).parent.parent)
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    code = (
        "import sys\n"
        "import cm_desk.store.queue, cm_desk.store.thread, cm_desk.store.person\n"
        "import cm_desk.store.settings, cm_desk.mail.attachments\n"
        "assert 'sqlalchemy' not in sys.modules, sorted(sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": path}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=root)


@pytest.mark.parametrize("when", [NOW, NOW - timedelta(days=3), NOW + timedelta(days=9)])
def test_views_and_rows_alike(demo: Store, bare: sqlite3.Connection, when: datetime) -> None:
    for view in View:
        ids = _same(demo, bare, view_ids, view, when)
        assert ids, view
        assert _same(demo, bare, rows, ids).keys() == set(ids)
    got = rows(bare, view_ids(bare, View.ALL, when))
    assert all(r.date.tzinfo is UTC and isinstance(r.seen, bool) for r in got.values())
    assert any(r.promise_due is not None and r.promise_due.tzinfo is UTC for r in got.values())
    assert any(r.escalated is True for r in got.values())
    _same(demo, bare, rows, [10**9, 3, 2, 1])


def test_urgent_since_alike(demo: Store, bare: sqlite3.Connection) -> None:
    for since in (NOW - timedelta(days=400), NOW - timedelta(days=2, microseconds=5)):
        for priority in (1, 2, 3):
            _same(demo, bare, urgent_since, since, priority)
    assert urgent_since(bare, NOW - timedelta(days=2), 1)


def test_threads_alike(demo: Store, bare: sqlite3.Connection) -> None:
    kinds: set[str] = set()
    for conversation in _ids(bare, "conversations"):
        thread = _same(demo, bare, load_thread, conversation)
        _same(demo, bare, person_in_thread, conversation, None)
        if thread is not None:
            kinds |= {e.kind for e in thread.entries}
            senders = {e.address for e in thread.entries if e.address}
            _same(demo, bare, images_allowed, senders)
    assert kinds == {"mail", "mention", "note", "promise"}
    assert load_thread(bare, 10**9) is None


def test_people_alike(demo: Store, bare: sqlite3.Connection) -> None:
    for person in _ids(bare, "people"):
        _same(demo, bare, person_card, person)
    for item in _ids(bare, "items"):
        _same(demo, bare, person_of_item, item)
        _same(demo, bare, mail_address, item)
    assert person_card(bare, 10**9) is None


def test_attachments_alike(demo: Store, bare: sqlite3.Connection) -> None:
    for attachment in _ids(bare, "attachments")[:-1]:
        info, data = _same(demo, bare, attachment_bytes, attachment)
        assert isinstance(data, bytes) and info.inline is False
    with pytest.raises(AttachmentNotFound):
        attachment_bytes(bare, 10**9)


def test_settings_alike(demo: Store, bare: sqlite3.Connection) -> None:
    searches = _same(demo, bare, saved_searches)
    assert searches == [("alpha", "a"), ("Beta_x", "b"), ("Zeta", "z")]
    assert _same(demo, bare, settings.is_demo) is True


def test_settings_written_on_a_bare_connection(tmp_path: Path) -> None:
    store = open_store(Workspace(tmp_path / "workspace"))
    try:
        assert store.path is not None
        conn = sqlite3.connect(store.path)
        with conn:  # one transaction, committed at the end
            save_search(conn, "Refunds", "refund")
            save_search(conn, "Refunds", "refund OR terugbetaling")
            allow_images(conn, "Anna@Example.org")
        conn.close()
        with store.read() as sa:
            assert saved_searches(sa) == [("Refunds", "refund OR terugbetaling")]
            assert images_allowed(sa, {"anna@example.org", "b@c.d"}) == {"anna@example.org"}
            assert not settings.is_demo(sa)
    finally:
        store.close()
