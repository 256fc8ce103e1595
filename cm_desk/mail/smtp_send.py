"""One SMTP transaction, driven by hand so the final dot is a known instant.

Nothing before the dot can deliver a message (RFC 5321: an unfinished DATA
is discarded), so :func:`transmit` asks its caller to ``claim`` the entry
just before writing it; every failure before that is safe to retry, and a
connection lost after it leaves the message uncertain.
"""

from __future__ import annotations

import contextlib
import email.policy
import email.utils
import re
import smtplib
from collections.abc import Callable
from email.parser import BytesHeaderParser

from cm_desk.mail.compose import ComposeError, normalize_address


def listed_recipients(raw: bytes) -> tuple[str, ...]:
    """The recipients of ``raw`` for display; none when it names none."""
    try:
        return tuple(recipients(raw))
    except ComposeError:
        return ()


def recipients(raw: bytes) -> list[str]:
    """The distinct To, Cc and Bcc addresses of ``raw``; raises ComposeError if none."""
    head = BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
    values = [str(v) for name in ("To", "Cc", "Bcc") for v in head.get_all(name) or []]
    out = [normalize_address(addr) for _name, addr in email.utils.getaddresses(values) if addr]
    if not out:
        raise ComposeError("the message has no recipients")
    return list(dict.fromkeys(out))


def transmit(
    conn: smtplib.SMTP,
    sender: str,
    rcpts: list[str],
    raw: bytes,
    *,
    claim: Callable[[], bool],
    final_timeout: float,
) -> tuple[str, str]:
    """One transaction: ``(result, reason)`` with result sent|retry|failed|uncertain|skipped.

    Only the final dot can deliver a message, so everything before it is safe
    to retry, and everything after it that is not an answer is uncertain.
    """
    past_the_dot = False
    try:
        options = []
        if not raw.isascii():
            if not conn.has_extn("8bitmime"):
                return "failed", "the server cannot take 8-bit mail (no 8BITMIME)"
            options.append("BODY=8BITMIME")
        code, text = conn.mail(sender, options)
        if code != 250:
            _rset(conn)
            return _refused(code, text, f"the server refused the sender {sender}")
        for rcpt in rcpts:
            code, text = conn.rcpt(rcpt)
            if code not in (250, 251):
                _rset(conn)
                return _refused(code, text, f"the server refused the recipient {rcpt}")
        code, text = conn.docmd("DATA")
        if code != 354:
            _rset(conn)
            return _refused(code, text, "the server refused to take the message")
        body = re.sub(rb"(?m)^\.", b"..", raw)
        conn.send(body if body.endswith(b"\r\n") else body + b"\r\n")
        if not claim():
            return "skipped", ""  # discarded meanwhile: never write the dot
        past_the_dot = True  # from the first byte of the dot on, it may have been delivered
        if conn.sock is not None:
            conn.sock.settimeout(final_timeout)
        conn.send(b".\r\n")
        code, text = conn.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        if past_the_dot:
            return "uncertain", (
                "the connection to the mail server was lost after the message was handed "
                f"over ({_why(exc)}); it may have been sent"
            )
        return "retry", f"the connection to the mail server was lost ({_why(exc)})"
    if code == 250:
        return "sent", ""
    return _refused(code, text, "the server did not accept the message")


def _rset(conn: smtplib.SMTP) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        conn.rset()


def _refused(code: int, text: bytes, what: str) -> tuple[str, str]:
    reason = f"{what}: {code} {text.decode('utf-8', 'replace')}".strip()
    return ("retry" if 400 <= code < 500 else "failed"), reason[:500]


def _why(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return str(exc) or type(exc).__name__
