"""Crash safety of ``cm-desk sync``: SIGKILL at a sweep of points, then resume.

A TCP proxy between ``cm-desk`` and Dovecot kills the sync process when the
k-th IMAP command or the k-th message body passes, and a timer kills it at
moments in between (while it parses and writes). After each kill a plain
sync resumes; then the store must hold exactly the server's (folder,
UIDVALIDITY, UID, body digest) set with no duplicate, pass SQLite's
integrity check, and a further sync must write nothing. A connection cut in
the middle of a message body must never leave a partial body behind.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.integration import server_mail, servers
from tests.integration.sync_support import SyncedAccount, new_account
from tests.integration.tcp_proxy import TcpProxy

TIMEOUT = 60


def _message(i: int, size: int = 0) -> bytes:
    pad = ("Lorem ipsum dolor sit amet, community feedback. " * (size // 48 + 1))[:size]
    return (
        f"From: Customer {i} <c{i}@example.com>\r\nTo: robin@hub.example.org\r\n"
        f"Subject: Complaint {i}\r\nMessage-ID: <crash{i}@example.com>\r\n"
        f"Date: Mon, 23 Nov 2026 09:{i % 60:02d}:00 +0000\r\n\r\n"
        f"Message {i}.\r\n{pad}\r\n"
    ).encode()


def _server(acc: SyncedAccount, folder: str) -> tuple[int, dict[int, str]]:
    state = server_mail.server_state(acc.dovecot, acc.user, folder)
    return state.uidvalidity, {uid: d for uid, (_f, d) in state.messages.items()}


def _assert_consistent(acc: SyncedAccount, what: str) -> None:
    for folder in ("INBOX", "Sent"):
        assert acc.local(folder) == _server(acc, folder), f"{what}: {folder} differs"
    dupes = acc.query("SELECT raw_sha, count(*) FROM items GROUP BY raw_sha HAVING count(*) > 1")
    assert dupes == [], f"{what}: duplicate items"
    assert acc.integrity() == "ok", what
    assert acc.raw_ok(), what
    before = acc.fingerprint()
    again = acc.sync()
    assert again.returncode == 0, f"{what}: {again.stderr}"
    assert acc.fingerprint() == before, f"{what}: a further sync still wrote"


def _copy(template: SyncedAccount, dest: Path, port: int) -> SyncedAccount:
    """A copy of ``template``'s workspace, talking to the server through ``port``."""
    shutil.copytree(template.home, dest)
    acc = SyncedAccount(template.dovecot, template.user, dest, template.env, port)
    acc.execute("UPDATE accounts SET imap_port = ?", (port,))
    return acc


def _killed_run(acc: SyncedAccount, proxy: TcpProxy, after: float | None = None) -> str:
    """Run a sync through ``proxy`` until the proxy (or the ``after`` timer) kills it."""
    proc = acc.popen("sync")
    proxy.kill_pid = proc.pid
    if after is not None:
        try:
            proc.wait(timeout=after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    try:
        _out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("a sync under the kill sweep hung")
    assert "Traceback" not in err
    proxy.kill_at_command = proxy.kill_at_fetch = None  # the resumed run goes through
    return "killed" if proc.returncode == -signal.SIGKILL else f"finished ({proc.returncode})"


def _sweep(
    template: SyncedAccount,
    points: list[tuple[str, int | float]],
    tmp_path: Path,
    label: str,
) -> list[tuple[SyncedAccount, str]]:
    """For each kill point: a copy of ``template`` synced until killed there, resumed
    and checked; returns each resumed copy with how its killed run ended."""
    target = ("127.0.0.1", template.dovecot.imap_port)
    runs = []
    for n, (kind, k) in enumerate(points):
        with TcpProxy(
            target,
            kill_at_command=int(k) if kind == "command" else None,
            kill_at_fetch=int(k) if kind == "fetch" else None,
        ) as proxy:
            run = _copy(template, tmp_path / f"{label}{n}", proxy.port)
            outcome = _killed_run(run, proxy, after=float(k) if kind == "time" else None)
            resumed = run.sync()
            assert resumed.returncode == 0, resumed.stderr
            _assert_consistent(run, f"{label}, kill at {kind} {k} ({outcome})")
        runs.append((run, outcome))
    return runs


@pytest.fixture()
def mailbox(dovecot: servers.Dovecot, keyring_env: dict[str, str], tmp_path: Path) -> SyncedAccount:
    """An account on a fresh user with 140 messages in INBOX (some of 200 KB) and
    replies in Sent; its workspace is the never-synced template."""
    acc = new_account(dovecot, keyring_env, tmp_path / "template")
    server_mail.append_many(
        dovecot, acc.user, "INBOX", [_message(i, 200_000 if i % 20 == 0 else 0) for i in range(140)]
    )
    replies = [
        _message(1000 + i).replace(
            b"From: Customer", b"From: Robin <robin@hub.example.org>\r\nX-Was:"
        )
        for i in range(5)
    ]
    server_mail.append_many(dovecot, acc.user, "Sent", replies, flags=("\\Seen",))
    return acc


def _duration(template: SyncedAccount, dest: Path) -> float:
    """How long an uninterrupted sync of a copy of ``template`` takes (timer kills
    land inside a sync however fast this machine and the code are)."""
    probe = _copy(template, dest, template.dovecot.imap_port)
    started = time.monotonic()
    assert probe.sync().returncode == 0
    return time.monotonic() - started


def test_kill_sweep_during_full_sync(mailbox: SyncedAccount, tmp_path: Path) -> None:
    whole = _duration(mailbox, tmp_path / "probe")
    points: list[tuple[str, int | float]] = (
        [("command", k) for k in range(1, 13)]
        + [("fetch", k) for k in (1, 2, 49, 50, 51, 100, 139)]
        + [("time", whole * f) for f in (0.4, 0.55, 0.7, 0.85)]
    )
    outcomes = [outcome for _run, outcome in _sweep(mailbox, points, tmp_path, "full")]
    assert outcomes.count("killed") >= len(points) - 3, outcomes


def test_kill_sweep_during_incremental_sync(mailbox: SyncedAccount, tmp_path: Path) -> None:
    acc = mailbox
    assert acc.sync().returncode == 0
    uids = sorted(acc.local()[1])
    # While the CM was away: new mail, another client read and flagged, an expunge.
    server_mail.append_many(acc.dovecot, acc.user, "INBOX", [_message(500 + i) for i in range(60)])
    server_mail.set_flags(acc.dovecot, acc.user, "INBOX", uids[:10], add=("\\Seen",))
    server_mail.set_flags(acc.dovecot, acc.user, "INBOX", uids[10:12], add=("\\Flagged",))
    server_mail.expunge(acc.dovecot, acc.user, "INBOX", uids[-3:])
    whole = _duration(acc, tmp_path / "probe")
    points: list[tuple[str, int | float]] = (
        [("command", k) for k in range(1, 11)]
        + [("fetch", k) for k in (1, 50, 51, 59)]
        + [("time", whole * f) for f in (0.5, 0.7, 0.85)]
    )
    for run, _outcome in _sweep(acc, points, tmp_path, "incremental"):
        seen = run.query(
            "SELECT count(*) FROM items i JOIN mail_locations l ON l.item_id = i.id "
            "WHERE i.seen = 1 AND l.gone_at IS NULL AND l.mailbox_id = "
            "(SELECT id FROM mailboxes WHERE name = 'INBOX')"
        )[0][0]
        assert seen == 10


def test_connection_cut_inside_a_body_never_stores_a_partial_message(
    mailbox: SyncedAccount, tmp_path: Path
) -> None:
    target = ("127.0.0.1", mailbox.dovecot.imap_port)
    for n, cut in enumerate((3_000, 150_000, 900_000)):
        with TcpProxy(target, cut_after_bytes=cut) as proxy:
            acc = _copy(mailbox, tmp_path / f"cut{n}", proxy.port)
            started = time.monotonic()
            done = acc.sync()
            assert time.monotonic() - started < TIMEOUT
            assert done.returncode == 1
            assert "cut" in done.stderr and "Traceback" not in done.stderr
            server = _server(acc, "INBOX")[1]
            _uv, local = acc.local()
            assert all(server[uid] == digest for uid, digest in local.items())
            assert acc.raw_ok()
            acc.execute("UPDATE accounts SET imap_port = ?", (mailbox.dovecot.imap_port,))
            assert acc.sync().returncode == 0
            _assert_consistent(acc, f"cut after {cut} bytes")
