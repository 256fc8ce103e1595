"""Faults for the test SMTP server (:attr:`servers.Smtp.on_data` hooks).

Each hook sees a message the server has in full, at the instant it would say
"250": it can defer it (4xx), refuse it (5xx), accept it but cut the
connection before the client hears so, or kill the client process right
there — the crash that makes a delivery uncertain.
"""

from __future__ import annotations

import imaplib
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.integration import servers


def defer(times: int, reply: str = "451 4.3.0 Try again later") -> servers.DataHook:
    """Answer the first ``times`` messages with a temporary error, then accept."""
    left = [times]

    def hook(_server: Any, _content: bytes) -> str | None:
        if left[0] > 0:
            left[0] -= 1
            return reply
        return None

    return hook


def refuse(reply: str = "554 5.7.1 Message refused: looks like spam") -> servers.DataHook:
    """Refuse every message for good."""
    return lambda _server, _content: reply


def cut_after_accepting(_server: Any, _content: bytes) -> None:
    """Take the message, then drop the connection before the client hears "250"."""
    _server.transport.abort()


def slow_to_answer(seconds: float) -> servers.DataHook:
    """Take the message but answer only after ``seconds`` (the client may give up first)."""

    def hook(_server: Any, _content: bytes) -> None:
        time.sleep(seconds)

    return hook


@dataclass
class KillOnAccept:
    """Accept the message, then SIGKILL the client process before it hears "250".

    Set ``pid`` once the client process is started; ``before_kill`` runs first
    (e.g. a server that files its own copy in Sent, as Gmail does).
    """

    pid: int | None = None
    before_kill: Callable[[bytes], None] | None = None

    def __call__(self, _server: Any, content: bytes) -> None:
        deadline = time.monotonic() + 10
        while self.pid is None and time.monotonic() < deadline:  # bounded
            time.sleep(0.01)
        if self.before_kill is not None:
            self.before_kill(content)
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)


def files_in_sent(dovecot: servers.Dovecot, user: str) -> Callable[[bytes], None]:
    """What a Gmail-like server does: file each message it accepts in the user's Sent."""

    def file_copy(content: bytes) -> None:
        imap = imaplib.IMAP4("127.0.0.1", dovecot.imap_port, timeout=10)
        try:
            imap.login(user, servers.PASSWORD)
            imap.append("Sent", r"(\Seen)", None, content)
        finally:
            imap.logout()

    return file_copy
