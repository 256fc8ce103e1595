"""IMAP IDLE (RFC 2177) against the real Dovecot, in clear and over TLS: a change
made by another client is reported while we wait, and the connection takes
commands again afterwards."""

from __future__ import annotations

import select
import threading
import time

import pytest

from cm_desk.mail.connect import Endpoint
from cm_desk.mail.imap import ImapClient
from tests.integration import server_mail, servers


def _mail(i: int) -> bytes:
    return f"From: a{i}@example.com\r\nSubject: idle {i}\r\n\r\nhello\r\n".encode()


@pytest.mark.parametrize("security", ["none", "tls"])
def test_idle_reports_new_mail_from_another_client(dovecot: servers.Dovecot, security: str) -> None:
    user = dovecot.new_user()
    if security == "tls":
        where = Endpoint("localhost", dovecot.imaps_port, "tls", str(dovecot.cafile))
    else:
        where = Endpoint("127.0.0.1", dovecot.imap_port, "none")
    client = ImapClient.connect(where)
    try:
        client.login(user, servers.PASSWORD)
        client.enable("QRESYNC")
        assert "IDLE" in client.capabilities
        client.select("INBOX")
        assert client.selected == "INBOX"
        tag, before = client.idle_start()
        assert not before and not client.buffered()  # nothing happened: select() may wait

        later = threading.Timer(0.3, server_mail.append, (dovecot, user, "INBOX", _mail(1)))
        later.start()
        start = time.monotonic()
        changed = False
        while not changed and time.monotonic() - start < 10:  # bounded
            if not client.buffered():
                ready, _, _ = select.select([client.fileno()], [], [], 10)
                if not ready:
                    break
            changed = client.idle_read()
        later.join()
        assert changed, "the new message was not reported while idling"
        assert time.monotonic() - start < 10
        client.send_done()
        assert client.wait_done(tag) is False  # already read: nothing more to say
        # The connection is ready for commands again, and sees the message.
        assert client.select("INBOX").exists == 1
    finally:
        client.logout()


def test_leaving_idle_reports_a_change_not_yet_read(dovecot: servers.Dovecot) -> None:
    user = dovecot.new_user()
    client = ImapClient.connect(Endpoint("127.0.0.1", dovecot.imap_port, "none"))
    try:
        client.login(user, servers.PASSWORD)
        client.select("INBOX")
        tag, _ = client.idle_start()
        server_mail.append(dovecot, user, "INBOX", _mail(2))
        deadline = time.monotonic() + 10
        while not client.buffered() and time.monotonic() < deadline:  # bounded
            select.select([client.fileno()], [], [], 0.2)
        client.send_done()
        assert client.wait_done(tag) is True  # the EXISTS came before DONE's answer
    finally:
        client.logout()
