"""A mail account in a fresh workspace, synced by the real ``cm-desk`` against the
test Dovecot, and the questions the sync tests ask of its store."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.integration import servers


@dataclass
class SyncedAccount:
    """One Dovecot user, one workspace, one ``cm-desk`` account named ``work``."""

    dovecot: servers.Dovecot
    user: str
    home: Path
    env: dict[str, str]
    port: int

    @property
    def db(self) -> Path:
        return self.home / "cm-desk.sqlite3"

    def cm(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cm_desk", "--home", str(self.home), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
        )

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "cm_desk", "--home", str(self.home), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )

    def sync(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = self.cm("sync", *args)
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        conn = sqlite3.connect(self.db, timeout=30)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> None:
        conn = sqlite3.connect(self.db, timeout=30)
        try:
            with conn:
                conn.execute(sql, params)
        finally:
            conn.close()

    def local(self, folder: str = "INBOX") -> tuple[int, dict[int, str]]:
        """(UIDVALIDITY, {uid: body digest}) of what the store says is on the server."""
        rows = self.query(
            "SELECT l.uidvalidity, l.uid, i.raw_sha FROM mail_locations l "
            "JOIN mailboxes m ON m.id = l.mailbox_id JOIN items i ON i.id = l.item_id "
            "WHERE m.name = ? AND l.gone_at IS NULL",
            (folder,),
        )
        uvs = {int(r[0]) for r in rows}  # type: ignore[call-overload]
        assert len(uvs) <= 1, f"live places under several UIDVALIDITYs: {uvs}"
        by_uid: dict[int, str] = {}
        for _uv, uid, sha in rows:
            assert uid not in by_uid, f"UID {uid} stored twice"
            by_uid[int(uid)] = str(sha)  # type: ignore[call-overload]
        return (uvs.pop() if uvs else 0), by_uid

    def fingerprint(self) -> str:
        """A digest of everything a sync may write: equal before and after = wrote nothing."""
        h = hashlib.sha256()
        for table in ("items", "mail_locations", "mailboxes", "conversations", "people"):
            for row in self.query(f"SELECT * FROM {table} ORDER BY 1"):
                h.update(repr(row).encode())
        return h.hexdigest()

    def integrity(self) -> str:
        return str(self.query("PRAGMA integrity_check")[0][0])

    def raw_ok(self) -> bool:
        """Every stored message's raw bytes hash to the digest it was stored under."""
        for raw, sha in self.query(
            "SELECT r.raw, i.raw_sha FROM item_raw r JOIN items i ON i.id = r.item_id"
        ):
            assert isinstance(raw, bytes)
            if hashlib.blake2b(raw, digest_size=20).hexdigest() != sha:
                return False
        return True


def new_account(
    dovecot: servers.Dovecot,
    keyring_env: dict[str, str],
    tmp_path: Path,
    port: int | None = None,
    security: str = "none",
) -> SyncedAccount:
    """A fresh Dovecot user and a workspace with an account for it (plain IMAP on
    loopback unless told otherwise)."""
    user = dovecot.new_user()
    env = dict(keyring_env)
    acc = SyncedAccount(dovecot, user, tmp_path / "ws", env, port or dovecot.imap_port)
    if port is None and security == "tls":
        acc.port = dovecot.imaps_port
    args = [
        "account",
        "add",
        "work",
        "--imap",
        f"127.0.0.1:{acc.port}",
        "--smtp",
        "127.0.0.1:2525",
        "--user",
        user,
        "--security",
        security,
        "--address",
        "robin@hub.example.org",
        "--password-stdin",
    ]
    if security != "none":
        args += ["--cafile", str(dovecot.cafile)]
    done = subprocess.run(
        [sys.executable, "-m", "cm_desk", "--home", str(acc.home), *args],
        input=servers.PASSWORD,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return acc
