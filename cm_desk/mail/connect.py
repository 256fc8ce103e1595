"""Connecting and logging in to IMAP and SMTP, with failures a person understands.

Every failure becomes a :class:`ConnectionProblem` of one kind — ``dns``,
``refused``, ``timeout``, ``tls``, ``certificate``, ``auth`` or ``network`` —
with a sentence saying what failed and what to try. TLS verification is
always on; ``cafile`` adds a CA for self-hosted servers. Passwords never
appear in messages.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from cm_desk.domain.sentence import Sentence

if TYPE_CHECKING:
    import imaplib
    import smtplib

Security = Literal["tls", "starttls", "none"]
ProblemKind = Literal["dns", "refused", "timeout", "tls", "certificate", "auth", "network"]
TIMEOUT = 15.0


class _Client(Protocol):
    def login(self, user: str, password: str) -> object: ...


C = TypeVar("C", bound=_Client)


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach one server."""

    host: str
    port: int
    security: Security
    cafile: str = ""

    def __str__(self) -> str:
        return f"{self.host}:{self.port} ({self.security})"


class ConnectionProblem(Exception):
    """A classified connection or login failure."""

    def __init__(self, kind: ProblemKind, message: str) -> None:
        super().__init__(message)
        self.kind: ProblemKind = kind


def tls_context(cafile: str = "") -> ssl.SSLContext:
    """Verifying TLS context: the system's CAs, plus ``cafile`` when given."""
    context = ssl.create_default_context()
    if cafile:
        try:
            context.load_verify_locations(cafile=cafile)
        except (OSError, ssl.SSLError) as exc:
            raise ConnectionProblem(
                "certificate",
                Sentence("cannot read the CA file {file}: {why}", file=cafile, why=exc),
            ) from None
    return context


def classify(exc: BaseException, where: Endpoint) -> ConnectionProblem:
    """Turn a socket/TLS/protocol exception into a :class:`ConnectionProblem`."""
    if isinstance(exc, ConnectionProblem):
        return exc
    if isinstance(exc, socket.gaierror):
        return ConnectionProblem(
            "dns", Sentence("cannot find the server {host} (DNS lookup failed)", host=where.host)
        )
    if isinstance(exc, ConnectionRefusedError):
        return ConnectionProblem(
            "refused",
            Sentence(
                "nothing accepts connections on {host}:{port} "
                "(connection refused: wrong port, or the server is down)",
                host=where.host,
                port=where.port,
            ),
        )
    if isinstance(exc, TimeoutError | socket.timeout):
        return ConnectionProblem(
            "timeout",
            Sentence(
                "no answer from {host}:{port} within {seconds} s",
                host=where.host,
                port=where.port,
                seconds=f"{TIMEOUT:.0f}",
            ),
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ConnectionProblem(
            "certificate",
            Sentence(
                "the certificate of {host} is not trusted ({why}); "
                "for a self-hosted server give its CA with --cafile",
                host=where.host,
                why=exc.verify_message,
            ),
        )
    if isinstance(exc, ssl.SSLError):
        why = exc.reason or exc.__class__.__name__
        if "WRONG_VERSION_NUMBER" in str(exc) or "record layer" in str(exc):
            text = Sentence(
                "TLS with {host}:{port} failed ({why}); the port may not speak TLS "
                "directly: try --security starttls",
                host=where.host,
                port=where.port,
                why=why,
            )
        else:
            text = Sentence(
                "TLS with {host}:{port} failed ({why})", host=where.host, port=where.port, why=why
            )
        return ConnectionProblem("tls", text)
    # Only look at the library whose exception this can be (importing both
    # costs a no-change sync 30 ms).
    smtp = sys.modules.get("smtplib")
    imap = sys.modules.get("imaplib")
    if (smtp and isinstance(exc, smtp.SMTPAuthenticationError)) or (
        imap and isinstance(exc, imap.IMAP4.error)
    ):
        return ConnectionProblem("auth", Sentence("the server refused the user name or password"))
    if smtp and isinstance(exc, smtp.SMTPNotSupportedError):
        return ConnectionProblem("tls", Sentence("{host} does not offer STARTTLS", host=where.host))
    if isinstance(exc, OSError):
        return ConnectionProblem(
            "network",
            Sentence(
                "network error with {host}:{port}: {why}",
                host=where.host,
                port=where.port,
                why=exc.strerror or str(exc),
            ),
        )
    return ConnectionProblem(
        "network",
        Sentence(
            "unexpected answer from {where}: {kind}", where=str(where), kind=type(exc).__name__
        ),
    )


def _login(
    where: Endpoint,
    user: str,
    password: str,
    open_tls: Callable[[ssl.SSLContext], C],
    open_plain: Callable[[], C],
    starttls: Callable[[C, ssl.SSLContext], object],
    close: Callable[[C], object],
) -> C:
    """Connect as ``where.security`` says, log in; on failure close and classify."""
    conn: C | None = None
    try:
        if where.security == "tls":
            conn = open_tls(tls_context(where.cafile))
        else:
            conn = open_plain()
            if where.security == "starttls":
                starttls(conn, tls_context(where.cafile))
        conn.login(user, password)
        return conn
    except BaseException as exc:
        if conn is not None:
            with contextlib.suppress(OSError):
                close(conn)
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise classify(exc, where) from None


def imap_login(where: Endpoint, user: str, password: str) -> imaplib.IMAP4:
    """A logged-in IMAP connection; raises :class:`ConnectionProblem`."""
    import imaplib

    return _login(
        where,
        user,
        password,
        open_tls=lambda ctx: imaplib.IMAP4_SSL(
            where.host, where.port, ssl_context=ctx, timeout=TIMEOUT
        ),
        open_plain=lambda: imaplib.IMAP4(where.host, where.port, timeout=TIMEOUT),
        starttls=lambda conn, ctx: conn.starttls(ssl_context=ctx),
        close=lambda conn: conn.shutdown(),
    )


def smtp_login(where: Endpoint, user: str, password: str) -> smtplib.SMTP:
    """A logged-in SMTP connection; raises :class:`ConnectionProblem`."""
    import smtplib

    return _login(
        where,
        user,
        password,
        open_tls=lambda ctx: smtplib.SMTP_SSL(where.host, where.port, timeout=TIMEOUT, context=ctx),
        open_plain=lambda: smtplib.SMTP(where.host, where.port, timeout=TIMEOUT),
        starttls=lambda conn, ctx: conn.starttls(context=ctx),
        close=lambda conn: conn.close(),
    )
