"""``cm-desk account test`` against a real Dovecot and a real SMTP server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.integration import servers

PW = servers.PASSWORD


def cm(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cm_desk", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def add_and_test(
    env: dict[str, str],
    home: Path,
    name: str,
    imap: str,
    smtp: str,
    security: str,
    password: str = PW,
    cafile: str = "",
    user: str = servers.USER,
) -> tuple[int, dict[str, dict[str, object]], str]:
    extra = ["--cafile", cafile] if cafile else []
    added = cm(
        env,
        "account",
        "add",
        name,
        "--imap",
        imap,
        "--smtp",
        smtp,
        "--user",
        user,
        "--security",
        security,
        "--password-stdin",
        *extra,
        "--home",
        str(home),
        stdin=password + "\n",
    )
    assert added.returncode == 0, added.stderr
    proc = cm(env, "account", "test", name, "--json", "--debug", "--home", str(home))
    assert password not in proc.stdout + proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def test_tls_and_starttls_logins_succeed(
    keyring_env: dict[str, str],
    tmp_path: Path,
    dovecot: servers.Dovecot,
    smtp_tls: servers.Smtp,
    smtp_starttls: servers.Smtp,
) -> None:
    ca = str(dovecot.cafile)
    rc, out, _ = add_and_test(
        keyring_env,
        tmp_path,
        "tls",
        f"127.0.0.1:{dovecot.imaps_port}",
        f"localhost:{smtp_tls.port}",
        "tls",
        cafile=ca,
    )
    assert rc == 0 and out["imap"]["ok"] and out["smtp"]["ok"], out
    rc, out, _ = add_and_test(
        keyring_env,
        tmp_path,
        "st",
        f"localhost:{dovecot.imap_port}",
        f"127.0.0.1:{smtp_starttls.port}",
        "starttls",
        cafile=ca,
    )
    assert rc == 0 and out["imap"]["ok"] and out["smtp"]["ok"], out
    human = cm(keyring_env, "account", "test", "st", "--home", str(tmp_path))
    assert human.returncode == 0 and human.stdout.count("OK ") == 2


def test_each_failure_is_named(
    keyring_env: dict[str, str], tmp_path: Path, dovecot: servers.Dovecot, smtp_tls: servers.Smtp
) -> None:
    ca = str(dovecot.cafile)
    rc, out, _ = add_and_test(
        keyring_env,
        tmp_path,
        "badpw",
        f"127.0.0.1:{dovecot.imaps_port}",
        f"127.0.0.1:{smtp_tls.port}",
        "tls",
        password="wrong-pw",
        cafile=ca,
    )
    assert rc == 1
    assert out["imap"]["problem"] == "auth" and out["smtp"]["problem"] == "auth"
    rc, out, _ = add_and_test(
        keyring_env,
        tmp_path,
        "noca",
        f"127.0.0.1:{dovecot.imaps_port}",
        f"127.0.0.1:{smtp_tls.port}",
        "tls",
    )
    assert out["imap"]["problem"] == "certificate" and "--cafile" in str(out["imap"]["message"])
    closed = servers.free_port()
    rc, out, _ = add_and_test(
        keyring_env,
        tmp_path,
        "closed",
        f"127.0.0.1:{closed}",
        f"127.0.0.1:{closed}",
        "tls",
        cafile=ca,
    )
    assert out["imap"]["problem"] == "refused" and out["smtp"]["problem"] == "refused"
    rc, out, _ = add_and_test(
        keyring_env,
        tmp_path,
        "plainport",
        f"127.0.0.1:{dovecot.imap_port}",
        f"127.0.0.1:{smtp_tls.port}",
        "tls",
        cafile=ca,
    )
    assert out["imap"]["problem"] == "tls" and "starttls" in str(out["imap"]["message"])
    assert out["smtp"]["ok"]
