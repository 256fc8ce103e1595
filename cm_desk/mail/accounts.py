"""Mail accounts: checked, then stored — the password only in the system keyring.

Shared by ``cm-desk account add`` and the app's first-run setup, so both
refuse the same things in the same words: a missing host, a bad port, a clear-
text password to anything but this machine.
"""

from __future__ import annotations

import contextlib
import ipaddress
import time
from dataclasses import dataclass

from sqlalchemy import insert, select

from cm_desk.domain.sentence import Sentence, sentence_of
from cm_desk.store.engine import Store
from cm_desk.store.schema import Account

DEFAULT_PORTS = {"tls": (993, 465), "starttls": (143, 587), "none": (143, 25)}


class AccountError(ValueError):
    """An account that cannot be added, in a sentence."""


@dataclass(frozen=True)
class AccountSpec:
    """A mail account as the CM describes it (servers as ``host[:port]``)."""

    name: str
    user: str
    imap: str
    smtp: str
    security: str = "tls"  # tls, starttls, none
    address: str = ""  # defaults to the user name when that is an address
    cafile: str = ""
    sent_copy: bool = True


def port_number(text: str, what: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise AccountError(
            Sentence("{what}: {text} is not a port number (1-65535)", what=what, text=repr(text))
        )
    return int(text)


def host_port(value: str, default_port: int, what: str) -> tuple[str, int]:
    """``host[:port]`` (``[v6]:port`` too) as a pair; ``what`` names the field in errors."""
    value = value.strip()
    host, port = value, default_port
    if value.startswith("["):  # [::1]:993
        host, _, rest = value[1:].partition("]")
        if rest.startswith(":"):
            port = port_number(rest[1:], what)
    elif value.count(":") == 1:
        host, port_text = value.split(":")
        port = port_number(port_text, what)
    host = host.strip()
    if not host or any(ch.isspace() for ch in host):
        raise AccountError(
            Sentence("{what} needs a host name, e.g. {what} mail.example.org:993", what=what)
        )
    return host, port


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Servers:
    """Where the account's servers are."""

    imap: tuple[str, int]
    smtp: tuple[str, int]


def servers(spec: AccountSpec, imap_what: str = "--imap", smtp_what: str = "--smtp") -> Servers:
    """The spec's servers, checked; raises :class:`AccountError`."""
    if spec.security not in DEFAULT_PORTS:
        raise AccountError(
            Sentence("security is tls, starttls or none, not {value}", value=repr(spec.security))
        )
    imap_port, smtp_port = DEFAULT_PORTS[spec.security]
    found = Servers(
        host_port(spec.imap, imap_port, imap_what), host_port(spec.smtp, smtp_port, smtp_what)
    )
    if spec.security == "none" and not (is_loopback(found.imap[0]) and is_loopback(found.smtp[0])):
        raise AccountError(
            Sentence(
                "--security none sends the password in clear text; it is only allowed to "
                "servers on this machine (localhost). Use tls or starttls."
            )
        )
    return found


def add_account(store: Store, spec: AccountSpec, password: str, where: Servers) -> None:
    """Store the account, its password in the keyring (and nowhere else)."""
    from cm_desk import secrets

    name = spec.name.strip()
    if not name:
        raise AccountError(Sentence("an account needs a name"))
    if not password:
        raise AccountError(Sentence("the password is empty"))
    with store.engine.connect() as conn:
        if conn.execute(select(Account.id).where(Account.name == name)).first():
            raise AccountError(
                Sentence("there is already an account named {name}", name=repr(name))
            )
    secrets.store_password(name, password)  # raises SecretsError with how to get a keyring
    address = (spec.address or (spec.user if "@" in spec.user else "")).strip().lower()
    try:
        with store.write() as conn:
            conn.execute(
                insert(Account).values(
                    name=name,
                    address=address,
                    imap_host=where.imap[0],
                    imap_port=where.imap[1],
                    smtp_host=where.smtp[0],
                    smtp_port=where.smtp[1],
                    username=spec.user,
                    security=spec.security,
                    cafile=spec.cafile,
                    sent_copy=spec.sent_copy,
                    created_at=int(time.time()),
                )
            )
    except Exception:
        secrets.delete_password(name)  # no orphan secret for an account never made
        raise


def check_logins(spec: AccountSpec, password: str, where: Servers) -> list[str]:
    """Log in to both servers; the problems in sentences (empty: both worked)."""
    from cm_desk.mail.connect import ConnectionProblem, Endpoint, Security, imap_login, smtp_login

    security: Security = "tls"
    if spec.security == "starttls":
        security = "starttls"
    elif spec.security == "none":
        security = "none"
    problems: list[str] = []
    try:
        imap = imap_login(Endpoint(*where.imap, security, spec.cafile), spec.user, password)
    except ConnectionProblem as problem:
        problems.append(Sentence("IMAP: {problem}", problem=sentence_of(problem)))
    else:
        with contextlib.suppress(Exception):  # the login worked; closing is a courtesy
            imap.logout()
    try:
        smtp = smtp_login(Endpoint(*where.smtp, security, spec.cafile), spec.user, password)
    except ConnectionProblem as problem:
        problems.append(Sentence("SMTP: {problem}", problem=sentence_of(problem)))
    else:
        with contextlib.suppress(Exception):
            smtp.quit()
    return problems
