"""The app's background sync against the real Dovecot: mail arrives without the UI
thread waiting, a lost network backs off, and the status line says what happened."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cm_desk import workspace
from cm_desk.store.engine import Store, open_store
from cm_desk.ui.sync_service import SyncService
from tests.integration import server_mail, servers
from tests.integration.sync_support import SyncedAccount, new_account
from tests.integration.tcp_proxy import TcpProxy

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture()
def synced(
    dovecot: servers.Dovecot,
    keyring_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[SyncedAccount, Store]]:
    acc = new_account(dovecot, keyring_env, tmp_path)
    for key in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND", "HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(key, keyring_env[key])  # this process reads the same keyring
    import keyring
    from keyring.backends import SecretService

    keyring.set_keyring(SecretService.Keyring())  # type: ignore[no-untyped-call]
    store = open_store(workspace.resolve(acc.home))
    try:
        yield acc, store
    finally:
        store.close()


def _body(i: int) -> bytes:
    return (
        f"From: Fan {i} <fan{i}@example.com>\r\nTo: robin@hub.example.org\r\n"
        f"Subject: Love the update {i}\r\nMessage-ID: <app{i}@example.com>\r\n\r\nThanks!\r\n"
    ).encode()


def test_background_sync_brings_mail_and_backs_off_when_the_server_is_gone(
    qtbot: QtBot, synced: tuple[SyncedAccount, Store]
) -> None:
    acc, store = synced
    server_mail.append_many(acc.dovecot, acc.user, "INBOX", [_body(i) for i in range(5)])
    with TcpProxy(("127.0.0.1", acc.port)) as proxy:
        acc.execute("UPDATE accounts SET imap_port = ?", (proxy.port,))
        service = SyncService(store)
        lines: list[str] = []
        service.status.connect(lines.append)

        def run() -> None:
            service.sync_now()
            qtbot.waitUntil(lambda: not service.running, timeout=30_000)

        with qtbot.waitSignal(service.synced, timeout=30_000):
            service.sync_now()
        qtbot.waitUntil(lambda: not service.running, timeout=30_000)
        assert acc.query("SELECT count(*) FROM items")[0][0] == 5
        assert lines[-1] == "work: 5 new"

        # Between syncs the kept connection waits in IDLE on INBOX.
        qtbot.waitUntil(lambda: _last_verb(proxy) == b"IDLE", timeout=10_000)

        # Nothing new: it leaves IDLE and answers with one pipelined round trip
        # (INBOX, examined for IDLE, is closed first: STATUS must not check it).
        connections, commands = proxy.connections, proxy.commands
        run()
        assert lines[-1] == "work: up to date"
        assert proxy.connections == connections
        verbs = [c.split()[1] for c in proxy.command_lines[commands:]]
        assert verbs[:3] == [b"UNSELECT", b"STATUS", b"STATUS"]
        assert set(verbs[3:]) <= {b"EXAMINE", b"IDLE"}

        # The network goes away: the kept connection dies while idling (it is
        # dropped, not retried in a loop), and reconnecting is refused.
        qtbot.waitUntil(lambda: _last_verb(proxy) == b"IDLE", timeout=10_000)
        proxy.refuse = True
        proxy.cut_all()
        run()
        schedule = service.schedules["work"]
        assert schedule.failures == 1
        assert "connection" in lines[-1] and "retrying in" in lines[-1]

        # Back again: new mail arrives over a fresh connection.
        proxy.refuse = False
        server_mail.append(acc.dovecot, acc.user, "INBOX", _body(9))
        with qtbot.waitSignal(service.synced, timeout=30_000):
            service.sync_now()
        qtbot.waitUntil(lambda: not service.running, timeout=30_000)
        assert schedule.failures == 0 and lines[-1] == "work: 1 new"
        service.stop()


def _last_verb(proxy: TcpProxy) -> bytes:
    return proxy.command_lines[-1].split()[1] if proxy.command_lines else b""


def test_new_mail_arrives_while_the_app_waits_in_idle(
    qtbot: QtBot, synced: tuple[SyncedAccount, Store]
) -> None:
    """Mail delivered between syncs is fetched when it arrives, not at the next
    poll (two minutes away), and closing the app ends the wait at once."""
    acc, store = synced
    server_mail.append(acc.dovecot, acc.user, "INBOX", _body(20))
    with TcpProxy(("127.0.0.1", acc.port)) as proxy:
        acc.execute("UPDATE accounts SET imap_port = ?", (proxy.port,))
        service = SyncService(store)
        lines: list[str] = []
        service.status.connect(lines.append)
        with qtbot.waitSignal(service.synced, timeout=30_000):
            service.sync_now()
        qtbot.waitUntil(lambda: _last_verb(proxy) == b"IDLE", timeout=10_000)

        with qtbot.waitSignal(service.synced, timeout=10_000):  # the poll is 120 s away
            server_mail.append(acc.dovecot, acc.user, "INBOX", _body(21))
        qtbot.waitUntil(lambda: not service.running, timeout=30_000)
        assert lines[-1] == "work: 1 new"
        assert acc.query("SELECT count(*) FROM items")[0][0] == 2
        assert proxy.connections == 1  # the same kept connection throughout

        # Closing the app ends the wait at once, and mail that arrives as it
        # closes starts no further sync.
        qtbot.waitUntil(lambda: _last_verb(proxy) == b"IDLE", timeout=10_000)
        server_mail.append(acc.dovecot, acc.user, "INBOX", _body(22))
        start = time.monotonic()
        service.stop()
        assert time.monotonic() - start < 2  # not the 3 s wait for a busy worker
        qtbot.wait(1500)
        assert _last_verb(proxy) == b"LOGOUT" and proxy.connections == 1
        assert not service.running


def test_mail_that_came_between_the_sync_and_idle_is_not_left_waiting(
    qtbot: QtBot, synced: tuple[SyncedAccount, Store]
) -> None:
    """The IDLE wait opens INBOX afresh; a message delivered after the sync
    looked and before IDLE began is told at once, not at the next poll."""
    from cm_desk.mail.connect import Endpoint
    from cm_desk.mail.imap import ImapClient
    from cm_desk.ui.sync_service import _IdleJob, _Relay

    acc, _store = synced
    client = ImapClient.connect(Endpoint("127.0.0.1", acc.port, "none"))
    client.login(acc.user, servers.PASSWORD)
    client.status_many(["INBOX"])  # what a sync with nothing new saw
    server_mail.append(acc.dovecot, acc.user, "INBOX", _body(40))
    relay = _Relay()
    told: list[bool] = []
    relay.idle_over.connect(told.append)
    ours, theirs = socket.socketpair()
    start = time.monotonic()
    _IdleJob({"work": client}, relay, theirs, 20).run()  # here, not in a worker
    assert told == [True] and time.monotonic() - start < 5
    assert client.selected == "INBOX"  # out of IDLE, ready for the sync
    client.logout()
    ours.close()


def test_a_removed_accounts_connection_is_closed_not_idled_on(
    qtbot: QtBot, synced: tuple[SyncedAccount, Store]
) -> None:
    acc, store = synced
    server_mail.append(acc.dovecot, acc.user, "INBOX", _body(30))
    with TcpProxy(("127.0.0.1", acc.port)) as proxy:
        acc.execute("UPDATE accounts SET imap_port = ?", (proxy.port,))
        service = SyncService(store)
        with qtbot.waitSignal(service.synced, timeout=30_000):
            service.sync_now()
        qtbot.waitUntil(lambda: _last_verb(proxy) == b"IDLE", timeout=10_000)
        acc.execute("UPDATE accounts SET name = 'gone'")  # "work" is no more
        service.sync_now()
        qtbot.waitUntil(lambda: not service.running, timeout=30_000)
        assert _last_verb(proxy) == b"LOGOUT" and proxy.connections == 1
        service.stop()
