"""The app's background sync against the real Dovecot: mail arrives without the UI
thread waiting, a lost network backs off, and the status line says what happened."""

from __future__ import annotations

import os
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

        # Nothing new: the kept connection answers with one pipelined round trip.
        connections, commands = proxy.connections, proxy.commands
        run()
        assert lines[-1] == "work: up to date"
        assert proxy.connections == connections
        assert [c.split()[1] for c in proxy.command_lines[commands:]] == [b"STATUS", b"STATUS"]

        # The network goes away: the kept connection dies, reconnecting is refused.
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
