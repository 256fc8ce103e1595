"""Real services for integration tests, started privately on this machine.

``keyring_env``: a private D-Bus session with gnome-keyring's Secret Service,
unlocked, so the real ``keyring`` library talks to a real backend. A missing
binary is a failure, not a skip: .ci/setup installs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration import servers


def _need(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        pytest.fail(f"{binary} is not installed (bash .ci/setup --test installs it)")
    return path


@pytest.fixture(scope="session")
def keyring_env() -> Iterator[dict[str, str]]:
    """Environment variables pointing at a private, unlocked Secret Service."""
    home = Path(tempfile.mkdtemp(prefix="cm-desk-keyring-"))
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
    }
    bus = subprocess.Popen(
        [_need("dbus-daemon"), "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert bus.stdout is not None
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
    daemon = subprocess.Popen(
        [_need("gnome-keyring-daemon"), "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert daemon.stdin is not None
    daemon.stdin.write("keyring-test-unlock")
    daemon.stdin.close()
    probe = [
        sys.executable,
        "-c",
        "import keyring; keyring.set_password('cm-desk-probe', 'p', 'ok');"
        "assert keyring.get_password('cm-desk-probe', 'p') == 'ok'",
    ]
    for _ in range(50):  # bounded: up to ~10 s for the daemon to register on the bus
        if subprocess.run(probe, env=env, capture_output=True, timeout=20).returncode == 0:
            break
        if daemon.poll() is not None:
            pytest.fail("gnome-keyring-daemon exited at start")
        time.sleep(0.2)
    else:
        pytest.fail("the Secret Service did not come up on the private D-Bus")
    try:
        yield env
    finally:
        daemon.terminate()
        bus.terminate()
        daemon.wait(timeout=10)
        bus.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[servers.Dovecot]:
    """A private Dovecot (IMAP and IMAPS) for the whole test session."""
    _need("dovecot")
    _need("openssl")
    # Not under pytest's temporary root: Dovecot's users must traverse to the
    # mail, and pytest makes that root private again at every session start.
    root = Path(tempfile.mkdtemp(prefix="cm-desk-dovecot-"))
    server = servers.start_dovecot(root / "dovecot")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _running_smtp(dovecot: servers.Dovecot, implicit_tls: bool) -> Iterator[servers.Smtp]:
    server = servers.start_smtp(dovecot.root, implicit_tls=implicit_tls)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def smtp_tls(dovecot: servers.Dovecot) -> Iterator[servers.Smtp]:
    """SMTPS (implicit TLS) with AUTH, using the Dovecot test CA's certificate."""
    yield from _running_smtp(dovecot, implicit_tls=True)


@pytest.fixture()
def smtp_starttls(dovecot: servers.Dovecot) -> Iterator[servers.Smtp]:
    """SMTP with STARTTLS and AUTH."""
    yield from _running_smtp(dovecot, implicit_tls=False)
