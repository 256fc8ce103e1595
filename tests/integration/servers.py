"""Real mail servers for the tests, private to one test session, on loopback.

* :func:`start_dovecot` — an unprivileged Dovecot IMAP server (plain IMAP and
  IMAPS with a throw-away CA) whose mail lives in a temporary directory;
* :func:`start_smtp` — an aiosmtpd SMTP server with AUTH, collecting what it
  receives.

Both pick free ports and are stopped by the caller (the fixtures in
conftest.py). A missing binary is reported by the fixture as a failure.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

USER = "sam"
PASSWORD = "imap-test-password"
SPARE_USERS = 80  # known to Dovecot from the start: see Dovecot.new_user


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    """A running private Dovecot."""

    root: Path
    imap_port: int
    imaps_port: int
    cafile: Path
    process: subprocess.Popen[bytes]
    _spares_used: int = 0

    @property
    def maildir(self) -> Path:
        return self.root / "mail" / USER / "Maildir"

    def new_user(self) -> str:
        """A user with an empty mailbox that no other test uses (one of the spare
        users written at start, so Dovecot knows it without a reload)."""
        self._spares_used += 1
        if self._spares_used > SPARE_USERS:
            return self.add_user(f"late{self._spares_used}")
        return f"spare{self._spares_used}"

    def add_user(self, name: str, password: str = PASSWORD) -> str:
        """A further mail user with an empty mailbox (tests that change mail use
        their own user, so they share one server without seeing each other).
        Returns once Dovecot accepts its login."""
        _user, uid, gid = _mail_user()
        with (self.root / "passwd").open("a") as fh:
            fh.write(f"{name}:{{PLAIN}}{password}:{uid}:{gid}::{self.root}/home::\n")
        # Dovecot looks at the file again at most once a second: wait for it.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with socket.create_connection(("127.0.0.1", self.imap_port), timeout=5) as s:
                s.recv(1000)
                s.sendall(f'a LOGIN "{name}" "{password}"\r\n'.encode())
                if b"a OK" in s.recv(1000):
                    return name
            time.sleep(0.2)
        raise RuntimeError(f"dovecot did not learn the user {name} within 5 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _mail_user() -> tuple[str, int, int]:
    """Who owns the mail: ourselves, or 'nobody' when the tests run as root."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return me.pw_name, me.pw_uid, me.pw_gid
    nobody = pwd.getpwnam("nobody")
    return "nobody", nobody.pw_uid, nobody.pw_gid


def _certificates(d: Path) -> Path:
    """A CA and a server certificate for 127.0.0.1/localhost; returns the CA file."""

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)

    run(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=cm-desk test CA",
        "-keyout",
        str(d / "ca.key"),
        "-out",
        str(d / "ca.pem"),
    )
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        str(d / "key.pem"),
        "-out",
        str(d / "server.csr"),
    )
    (d / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run(
        "x509",
        "-req",
        "-in",
        str(d / "server.csr"),
        "-CA",
        str(d / "ca.pem"),
        "-CAkey",
        str(d / "ca.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        str(d / "san.ext"),
        "-out",
        str(d / "cert.pem"),
    )
    return d / "ca.pem"


def start_dovecot(root: Path) -> Dovecot:
    """Configure and start Dovecot under ``root``; returns when it accepts logins."""
    user, uid, gid = _mail_user()
    root.mkdir(parents=True, exist_ok=True)
    for sub in (
        "run",
        "state",
        "log",
        f"mail/{USER}/Maildir/cur",
        f"mail/{USER}/Maildir/new",
        f"mail/{USER}/Maildir/tmp",
        "home",
    ):
        (root / sub).mkdir(parents=True, exist_ok=True)
    cafile = _certificates(root)
    imap_port, imaps_port = free_port(), free_port()
    (root / "passwd").write_text(
        "".join(
            f"{name}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{root}/home::\n"
            for name in [USER] + [f"spare{i}" for i in range(1, SPARE_USERS + 1)]
        )
    )
    internal = "dovecot" if os.geteuid() == 0 else user
    login = "dovenull" if os.geteuid() == 0 else user
    (root / "dovecot.conf").write_text(f"""
instance_name = cm-desk-test-{imap_port}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/log/dovecot.log
protocols = imap
listen = 127.0.0.1
default_login_user = {login}
default_internal_user = {internal}
default_internal_group = {internal}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = {gid}
last_valid_gid = {gid}
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
mail_location = maildir:{root}/mail/%u/Maildir
mail_uid = {uid}
mail_gid = {gid}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service auth {{
  unix_listener auth-userdb {{
    mode = 0666
  }}
}}
""")
    if os.geteuid() == 0:
        shutil.chown(root / "mail", uid, gid)
        for path in (root / "mail").rglob("*"):
            os.chown(path, uid, gid)
        os.chmod(root, 0o755)
        os.chmod(root / "key.pem", 0o600)
        # Dovecot's own users must reach the config and mail: let them traverse the
        # test's private temporary parents (x only, no listing), up to the temp root.
        stop = Path(tempfile.gettempdir()).resolve()
        for parent in root.resolve().parents:
            if parent in (stop, Path("/")):
                break
            parent.chmod(parent.stat().st_mode | 0o011)
    dovecot = shutil.which("dovecot") or "/usr/sbin/dovecot"
    proc = subprocess.Popen(
        [dovecot, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Dovecot(root, imap_port, imaps_port, cafile, proc)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # bounded wait for the listener
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            log = root / "log" / "dovecot.log"
            raise RuntimeError(f"dovecot exited: {err} {log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", imap_port), timeout=1) as s:
                if s.recv(100).startswith(b"* OK"):
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("dovecot did not start listening within 15 s")


# A hook on each message the SMTP server gets: (the aiosmtpd SMTP session, the bytes)
# -> None to accept it ("250 OK"), or the reply to give instead ("451 …", "554 …").
DataHook = Callable[[Any, bytes], "str | None"]


@dataclass
class Smtp:
    """A running aiosmtpd server and the messages it accepted.

    ``users``: the logins AUTH accepts (with :data:`PASSWORD`); tests add their
    Dovecot users. ``on_data``: see :data:`DataHook` (fault injection).
    ``rcpts``: the envelope recipients of each accepted message.
    """

    port: int
    implicit_tls: bool
    received: list[bytes]
    controller: object
    users: set[str] = field(default_factory=lambda: {USER})
    on_data: DataHook | None = None
    rcpts: list[list[str]] = field(default_factory=list)

    def stop(self) -> None:
        self.controller.stop()  # type: ignore[attr-defined]


def start_smtp(
    cafile_dir: Path | None = None, implicit_tls: bool = False, port: int | None = None
) -> Smtp:
    """aiosmtpd on a free loopback port (or ``port``) with AUTH PLAIN (user/PASSWORD) and,
    given certificates from :func:`start_dovecot`'s directory, STARTTLS or SMTPS."""
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    smtp = Smtp(port or free_port(), implicit_tls, [], controller=None)

    class Handler:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            content: bytes = envelope.original_content  # type: ignore[attr-defined]
            reply = smtp.on_data(server, content) if smtp.on_data else None
            if reply is not None:
                return reply
            smtp.received.append(content)
            smtp.rcpts.append(list(envelope.rcpt_tos))  # type: ignore[attr-defined]
            return "250 OK"

    def authenticator(
        server: object, session: object, envelope: object, mechanism: str, auth_data: object
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode(errors="replace") in smtp.users
            and auth_data.password == PASSWORD.encode()
        )
        return AuthResult(success=ok, handled=False)

    context = None
    if cafile_dir is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cafile_dir / "cert.pem"), str(cafile_dir / "key.pem"))
    port = smtp.port
    if implicit_tls:
        controller = Controller(
            Handler(),
            hostname="127.0.0.1",
            port=port,
            ssl_context=context,
            authenticator=authenticator,
            auth_require_tls=False,
            auth_exclude_mechanism=["LOGIN"],
        )
    else:
        controller = Controller(
            Handler(),
            hostname="127.0.0.1",
            port=port,
            tls_context=context,
            authenticator=authenticator,
            auth_require_tls=False,
            auth_exclude_mechanism=["LOGIN"],
        )
    controller.start()
    smtp.controller = controller
    return smtp
