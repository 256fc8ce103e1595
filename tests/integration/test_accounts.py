"""Accounts: the password goes to the real keyring and nowhere else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SECRET = "hunter2-Zeer-Geheim-سري"


def cm(
    env: dict[str, str], *args: str, stdin: str = "", check: bool = True
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "cm_desk", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def keyring_get(env: dict[str, str], account: str) -> str:
    code = (
        "import keyring,sys; v = keyring.get_password('cm-desk', 'account:' + sys.argv[1]);"
        "print(v if v is not None else '<none>')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, account],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return out.stdout.rstrip("\n")


def test_password_lives_only_in_the_keyring(keyring_env: dict[str, str], tmp_path: Path) -> None:
    home = tmp_path / "ws"
    added = cm(
        keyring_env,
        "account",
        "add",
        "work",
        "--imap",
        "127.0.0.1:1143",
        "--smtp",
        "localhost:1025",
        "--user",
        "sam@community.example",
        "--security",
        "none",
        "--no-sent-copy",
        "--password-stdin",
        "--home",
        str(home),
        "--debug",
        stdin=SECRET + "\n",
    )
    assert keyring_get(keyring_env, "work") == SECRET
    listed = json.loads(
        cm(keyring_env, "account", "list", "--json", "--home", str(home), "--debug").stdout
    )
    assert listed == [
        {
            "name": "work",
            "address": "sam@community.example",
            "user": "sam@community.example",
            "imap": "127.0.0.1:1143",
            "smtp": "localhost:1025",
            "security": "none",
            "sent_copy": False,
        }
    ]
    needle = SECRET.encode()
    for path in home.rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), path
    for stream in (added.stdout, added.stderr):
        assert SECRET not in stream
    removed = cm(keyring_env, "account", "remove", "work", "--home", str(home))
    assert "removed" in removed.stdout
    assert keyring_get(keyring_env, "work") == "<none>"


def test_clear_text_is_refused_for_remote_servers(
    keyring_env: dict[str, str], tmp_path: Path
) -> None:
    proc = cm(
        keyring_env,
        "account",
        "add",
        "x",
        "--imap",
        "mail.example.org",
        "--smtp",
        "mail.example.org",
        "--user",
        "u",
        "--security",
        "none",
        "--password-stdin",
        "--home",
        str(tmp_path / "ws"),
        stdin="pw\n",
        check=False,
    )
    assert proc.returncode == 1 and "clear text" in proc.stderr
    assert keyring_get(keyring_env, "x") == "<none>"


def test_duplicate_names_and_bad_ports_are_explained(
    keyring_env: dict[str, str], tmp_path: Path
) -> None:
    home = str(tmp_path / "ws")
    base = [
        "account",
        "add",
        "a",
        "--smtp",
        "smtp.example.org",
        "--user",
        "u",
        "--password-stdin",
        "--home",
        home,
    ]
    cm(keyring_env, *base, "--imap", "imap.example.org", stdin="pw\n")
    again = cm(keyring_env, *base, "--imap", "imap.example.org", stdin="pw2\n", check=False)
    assert again.returncode == 1 and "already an account" in again.stderr
    assert keyring_get(keyring_env, "a") == "pw"  # the first password was not overwritten
    port = cm(
        keyring_env,
        "account",
        "add",
        "b",
        "--imap",
        "imap.example.org:99999",
        "--smtp",
        "s",
        "--user",
        "u",
        "--password-stdin",
        "--home",
        home,
        stdin="pw\n",
        check=False,
    )
    assert port.returncode == 1 and "port" in port.stderr and "Traceback" not in port.stderr


def test_no_keyring_backend_says_how_to_get_one(
    keyring_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**keyring_env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = cm(
        env,
        "account",
        "add",
        "c",
        "--imap",
        "i.example",
        "--smtp",
        "s.example",
        "--user",
        "u",
        "--password-stdin",
        "--home",
        str(tmp_path / "ws"),
        stdin="pw\n",
        check=False,
    )
    assert proc.returncode == 1
    assert "keyring" in proc.stderr and "gnome-keyring" in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_sync_without_its_password_or_a_keyring_says_so(
    keyring_env: dict[str, str], tmp_path: Path
) -> None:
    # The keyring is read beside the connection (a thread): its answers must
    # still come out as the same sentences. Nothing listens on port 9 here, so
    # the connection is refused quickly whatever the keyring says.
    home = str(tmp_path / "ws")
    add = ["account", "add", "gone", "--imap", "127.0.0.1:9", "--smtp", "127.0.0.1:9"]
    add += ["--user", "u", "--security", "none", "--password-stdin", "--home", home]
    cm(keyring_env, *add, stdin="pw\n")
    forget = "import keyring; keyring.delete_password('cm-desk', 'account:gone')"
    subprocess.run(
        [sys.executable, "-c", forget],
        env=keyring_env,
        check=True,
        timeout=30,
    )
    proc = cm(keyring_env, "sync", "--home", home, check=False)
    assert proc.returncode == 1
    assert "gone: no password in the keyring" in proc.stderr
    assert "Traceback" not in proc.stderr

    env = {**keyring_env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = cm(env, "sync", "--home", home, check=False)
    assert proc.returncode == 1
    assert "gnome-keyring" in proc.stderr and "Traceback" not in proc.stderr
