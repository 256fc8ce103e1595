"""The sync tests' own tools, checked against the real private Dovecot:
the cutting/counting TCP proxy, the hostile messages, and the server-side helpers."""

from __future__ import annotations

import hashlib
import imaplib
import signal
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime

import pytest

from cm_desk.mail.parse import raw_digest
from tests.integration import servers
from tests.integration.nasty_mail import big_message, edge_messages, nasty_messages
from tests.integration.server_mail import (
    append,
    append_many,
    create_folder,
    expunge,
    fetch_raw,
    list_folders,
    move,
    recreate_folder,
    server_state,
    set_flags,
)
from tests.integration.tcp_proxy import TcpProxy

Dovecot = servers.Dovecot


@pytest.fixture()
def user(dovecot: Dovecot) -> str:
    return dovecot.new_user()


def small(n: int) -> bytes:
    return (
        b"From: a@example.org\r\nTo: sam@community.example\r\n"
        b"Subject: small %d\r\nMessage-ID: <small.%d@cm-desk.test>\r\n\r\nBody %d.\r\n" % (n, n, n)
    )


def login(port: int, user: str) -> imaplib.IMAP4:
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    imap.login(user, servers.PASSWORD)
    return imap


def verbs(proxy: TcpProxy) -> list[bytes]:
    return [line.split()[1].upper() for line in proxy.command_lines]


def read_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(65536)
        assert chunk, f"EOF before {marker!r}: {data!r}"
        data += chunk
    return data


# ---- the proxy --------------------------------------------------------------


def test_proxy_forwards_a_session_and_counts_its_commands(dovecot: Dovecot, user: str) -> None:
    with TcpProxy(("127.0.0.1", dovecot.imap_port)) as proxy:
        imap = login(proxy.port, user)
        assert imap.select("INBOX")[0] == "OK"
        imap.logout()
        assert proxy.wait_for(lambda p: p.open_connections == 0, timeout=5)
        # imaplib asks for CAPABILITY on connecting, whatever the greeting said
        assert verbs(proxy) == [b"CAPABILITY", b"LOGIN", b"SELECT", b"LOGOUT"]
        assert proxy.commands == 4
        assert proxy.connections == 1
        assert proxy.cuts == 0
        assert not proxy.errors
    assert not [t for t in threading.enumerate() if t.name.startswith(f"tcp-proxy-{proxy.port}")]


def test_literal_data_is_never_counted_as_commands(dovecot: Dovecot, user: str) -> None:
    """APPEND literals (synchronising and LITERAL+) whose lines look like commands."""
    decoy = b"Subject: decoy\r\n\r\nb1 LOGOUT\r\nx UID EXPUNGE 1:*\r\n{5}\r\nA2 NOOP\r\n"
    with TcpProxy(("127.0.0.1", dovecot.imap_port)) as proxy:
        imap = login(proxy.port, user)
        assert imap.append("INBOX", None, None, decoy)[0] == "OK"  # synchronising literal
        imap.logout()
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
            read_until(sock, b"\r\n")
            sock.sendall(b"a1 LOGIN %s %s\r\n" % (user.encode(), servers.PASSWORD.encode()))
            read_until(sock, b"a1 OK")
            sock.sendall(
                b"a2 APPEND INBOX {%d+}\r\n%s {%d+}\r\n%s\r\n"
                % (len(decoy), decoy, len(decoy), decoy)  # MULTIAPPEND, two LITERAL+
            )
            assert b"a2 OK" in read_until(sock, b"a2 ")
            sock.sendall(b"a3 LOGOUT\r\n")
            read_until(sock, b"a3 ")
        assert verbs(proxy) == [b"CAPABILITY", *[b"LOGIN", b"APPEND", b"LOGOUT"] * 2]
    assert len(server_state(dovecot, user, "INBOX").messages) == 3


def test_cut_after_bytes_cuts_in_the_middle_of_a_fetch_literal(dovecot: Dovecot, user: str) -> None:
    uid = append(dovecot, user, "INBOX", big_message(1_000_000))
    with TcpProxy(("127.0.0.1", dovecot.imap_port), cut_after_bytes=300_000) as proxy:
        imap = login(proxy.port, user)
        imap.select("INBOX")
        with pytest.raises((imaplib.IMAP4.abort, OSError)):
            imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
        assert proxy.cuts == 1
        assert proxy.bytes_to_client == 300_000  # exactly, then end-of-file
        assert proxy.body_fetches == 1
        proxy.cut_after_bytes = None  # later connections are not cut
        imap = login(proxy.port, user)
        imap.select("INBOX")
        _typ, data = imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
        imap.logout()
        assert data[0][1] == fetch_raw(dovecot, user, "INBOX", uid)
        assert proxy.cuts == 1
    with TcpProxy(("127.0.0.1", dovecot.imap_port), cut_after_bytes=5000, reset=True) as proxy:
        imap = login(proxy.port, user)
        imap.select("INBOX")
        with pytest.raises((imaplib.IMAP4.abort, OSError)):  # a reset (RST) this time
            imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
        assert proxy.cuts == 1


@pytest.mark.parametrize("before", [True, False])
def test_command_hook_fires_at_the_kth_command(dovecot: Dovecot, user: str, before: bool) -> None:
    uid = append(dovecot, user, "INBOX", small(1))
    calls: list[tuple[int, bytes, int]] = []
    proxy = TcpProxy(("127.0.0.1", dovecot.imap_port), before=before)

    def hook(k: int, line: bytes) -> bool:
        calls.append((k, line, proxy.bytes_to_server))
        return k == 4  # cut the connection at the fourth command

    proxy.on_command = hook
    with proxy:
        imap = login(proxy.port, user)  # 1 CAPABILITY, 2 LOGIN
        imap.select("INBOX")  # 3
        with pytest.raises((imaplib.IMAP4.abort, OSError)):
            imap.uid("STORE", str(uid), "+FLAGS", "(\\Flagged)")  # 4: cut
            imap.noop()  # with before=False the reply may still arrive
        assert proxy.wait_for(lambda p: p.open_connections == 0, timeout=5)
    assert [k for k, _line, _sent in calls] == [1, 2, 3, 4]
    assert b"UID STORE" in calls[3][1]
    sizes = [len(line) for _k, line, _sent in calls]
    # before: the hook ran before the k-th command left; after: once all of it had
    assert [sent for _k, _line, sent in calls] == [
        sum(sizes[: k - 1 if before else k]) for k in (1, 2, 3, 4)
    ]
    flags = server_state(dovecot, user, "INBOX").messages[uid][0]
    if before:  # the server never saw the STORE
        assert "\\Flagged" not in flags
    else:  # it got all of it, then end-of-file: Dovecot still runs it, unanswered
        assert proxy.bytes_to_server == sum(sizes)
        assert "\\Flagged" in flags


def test_kill_at_command_sigkills_the_client_before_the_server_sees_it(
    dovecot: Dovecot, user: str
) -> None:
    uid = append(dovecot, user, "INBOX", small(1))
    with TcpProxy(("127.0.0.1", dovecot.imap_port), kill_at_command=4) as proxy:
        script = (
            "import imaplib, sys, time\n"
            f"m = imaplib.IMAP4('127.0.0.1', {proxy.port}, timeout=10)\n"
            f"m.login({user!r}, {servers.PASSWORD!r})\n"
            "m.select('INBOX')\n"
            f"m.uid('STORE', '{uid}', '+FLAGS', '(\\\\Deleted)')\n"
            "m.expunge()\n"
            "print('survived')\n"
        )
        client = subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        proxy.kill_pid = client.pid  # set after start: the proxy reads it when it fires
        out, _err = client.communicate(timeout=20)
        assert client.returncode == -signal.SIGKILL
        assert b"survived" not in out
        assert proxy.killed == [("command", 4, client.pid)]
        assert not proxy.errors
    state = server_state(dovecot, user, "INBOX")
    assert "\\Deleted" not in state.messages[uid][0]


def test_fetch_hook_counts_body_fetches_only(dovecot: Dovecot, user: str) -> None:
    uids = append_many(dovecot, user, "INBOX", [small(n) for n in range(4)])
    calls: list[tuple[int, bytes]] = []

    def hook(k: int, line: bytes) -> bool:
        calls.append((k, line))
        return k == 6  # cut before the 6th body FETCH reaches the client

    with TcpProxy(("127.0.0.1", dovecot.imap_port), on_fetch=hook) as proxy:
        imap = login(proxy.port, user)
        imap.select("INBOX")
        _typ, data = imap.uid("FETCH", "1:*", "(UID BODY.PEEK[])")
        assert sum(isinstance(item, tuple) for item in data) == 4
        imap.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[HEADER] RFC822.SIZE)")  # no BODY[]
        assert proxy.body_fetches == 4
        _typ, data = imap.uid("FETCH", str(uids[0]), "(UID BODY.PEEK[])")  # the 5th
        with pytest.raises((imaplib.IMAP4.abort, OSError)):
            imap.uid("FETCH", str(uids[1]), "(UID FLAGS BODY.PEEK[])")  # 6th: cut first
        assert proxy.body_fetches == 6
    assert [k for k, _line in calls] == [1, 2, 3, 4, 5, 6]
    assert all(b" FETCH (" in line and b"BODY[]" in line for _k, line in calls)


def test_refuse_cut_all_and_stop(dovecot: Dovecot, user: str) -> None:
    with TcpProxy(("127.0.0.1", dovecot.imap_port), refuse=True) as proxy:
        with pytest.raises((imaplib.IMAP4.abort, OSError)):
            login(proxy.port, user)
        assert proxy.refused == 1
        proxy.refuse = False
        first, second = login(proxy.port, user), login(proxy.port, user)
        assert proxy.cut_all() == 2
        for imap in (first, second):
            with pytest.raises((imaplib.IMAP4.abort, OSError)):
                imap.noop()
        assert proxy.open_connections == 0
        idle = login(proxy.port, user)  # left open: stop() must still end promptly
    with pytest.raises((imaplib.IMAP4.abort, OSError)):
        idle.noop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", proxy.port), timeout=2)


# ---- hostile mail and server-side helpers ------------------------------------------


def test_nasty_messages_append_and_read_back_stably(dovecot: Dovecot, user: str) -> None:
    messages = nasty_messages()
    assert messages == nasty_messages()  # deterministic
    uids = append_many(dovecot, user, "INBOX", [raw for _name, raw in messages])
    assert len(uids) == len(messages)
    first = server_state(dovecot, user, "INBOX")
    second = server_state(dovecot, user, "INBOX")
    assert first == second
    assert set(first.messages) == set(uids)
    for uid, (_name, raw) in zip(uids, messages, strict=True):
        # CRLF, no NUL: Dovecot hands back exactly the appended bytes
        assert first.messages[uid][1] == hashlib.blake2b(raw, digest_size=20).hexdigest()
    assert first.messages[uids[0]][1] == raw_digest(fetch_raw(dovecot, user, "INBOX", uids[0]))


def test_dovecot_rewrites_nul_and_bare_lf(dovecot: Dovecot, user: str) -> None:
    got = {
        name: fetch_raw(dovecot, user, "INBOX", append(dovecot, user, "INBOX", raw))
        for name, raw in edge_messages()
    }
    assert got["nul_byte"].endswith(b"before\x80after\r\n")  # NUL stored as 0x80
    assert b"\n" not in got["bare_lf"].replace(b"\r\n", b"")  # bare LF returned as CRLF
    assert got["bare_cr"].endswith(b"line one\rline two\r\n")  # bare CR kept
    assert got["no_final_newline"].endswith(b"no newline at end")
    with pytest.raises(imaplib.IMAP4.error, match="zero byte"):
        append(dovecot, user, "INBOX", b"")


def test_flags_expunge_move_and_folders(dovecot: Dovecot, user: str) -> None:
    when = datetime(2024, 5, 13, 9, 30, tzinfo=UTC)
    a, b, c = append_many(dovecot, user, "INBOX", [small(1), small(2), small(3)], ["\\Seen"], when)
    set_flags(dovecot, user, "INBOX", a, add=["\\Flagged", "$Label1"], remove=["\\Seen"])
    expunge(dovecot, user, "INBOX", [b])
    create_folder(dovecot, user, "Archief/2024 ideeën")
    (moved,) = move(dovecot, user, "INBOX", c, "Archief/2024 ideeën")
    inbox = server_state(dovecot, user, "INBOX")
    assert inbox.messages[a][0] == {"\\Flagged", "$Label1"}
    assert set(inbox.messages) == {a}
    archive = server_state(dovecot, user, "Archief/2024 ideeën")
    assert archive.messages[moved] == (frozenset({"\\Seen"}), raw_digest(small(3)))
    folders = list_folders(dovecot, user)
    assert "\\Sent" in folders["Sent"]
    assert "Archief/2024 ideeën" in folders


def test_recreate_folder_gives_a_new_uidvalidity_with_the_same_messages(
    dovecot: Dovecot, user: str
) -> None:
    create_folder(dovecot, user, "Projects")
    for folder in ("INBOX", "Projects", "Sent"):
        append_many(dovecot, user, folder, [small(n) for n in range(3)])
        append(dovecot, user, folder, small(9), flags=["\\Seen", "$Important"])
        before = server_state(dovecot, user, folder)
        new = recreate_folder(dovecot, user, folder)
        after = server_state(dovecot, user, folder)
        assert after.uidvalidity == new != before.uidvalidity
        assert after.digests() == before.digests()
        assert after.flags_by_digest() == before.flags_by_digest()
    assert "\\Sent" in list_folders(dovecot, user)["Sent"]
