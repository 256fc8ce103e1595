"""``cm-desk account add|list|remove``: mail accounts, with the password in the keyring.

The workspace keeps host, port, user and security only; the password goes to
the OS keyring (service ``cm-desk``) and nowhere else. Adding an account
does not need the servers to be up.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from cm_desk.cli import output
from cm_desk.cli.errors import CliError

if TYPE_CHECKING:
    from sqlalchemy import Connection
from cm_desk.cli.workspace_open import chosen, existing, open_store


def add_arguments(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Declare ``account add|list|remove`` on the top-level parser."""
    acc = sub.add_parser("account", parents=[common], help="manage mail accounts")
    acc_sub = acc.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = acc_sub.add_parser("add", parents=[common], help="add a mail account")
    add.add_argument("name")
    add.add_argument("--imap", required=True, metavar="HOST[:PORT]")
    add.add_argument("--smtp", required=True, metavar="HOST[:PORT]")
    add.add_argument("--user", required=True)
    add.add_argument("--address", help="your e-mail address (default: --user if it is one)")
    add.add_argument("--security", choices=("tls", "starttls", "none"), default="tls")
    add.add_argument("--cafile", metavar="PEM", help="trust this CA (self-hosted servers)")
    add.add_argument(
        "--no-sent-copy",
        action="store_true",
        help="the server files sent mail in Sent by itself (Gmail and Outlook do; "
        "recognised by host name anyway)",
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of asking",
    )
    acc_sub.add_parser("list", parents=[common], help="list mail accounts")
    rm = acc_sub.add_parser("remove", parents=[common], help="remove an account (mail stays)")
    rm.add_argument("name")
    test = acc_sub.add_parser(
        "test", parents=[common], help="log in to both servers and say what fails"
    )
    test.add_argument("name")
    folders = acc_sub.add_parser(
        "folders",
        parents=[common],
        help="which server folders sync follows (INBOX and Sent always; more on request)",
    )
    folders.add_argument("name")
    folders.add_argument("--add", action="append", default=[], metavar="FOLDER")
    folders.add_argument("--remove", action="append", default=[], metavar="FOLDER")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password[:-1] if password.endswith("\r") else password
    else:
        if not sys.stdin.isatty():
            raise CliError("no terminal to ask for the password on; use --password-stdin")
        password = getpass.getpass("Password: ")
    if not password:
        raise CliError("the password is empty")
    return password


def _add(args: argparse.Namespace) -> int:
    from cm_desk import secrets
    from cm_desk.mail.accounts import AccountError, AccountSpec, add_account, servers

    spec = AccountSpec(
        name=args.name,
        user=args.user,
        imap=args.imap,
        smtp=args.smtp,
        security=args.security,
        address=args.address or "",
        cafile=args.cafile or "",
        sent_copy=not args.no_sent_copy,
    )
    try:
        where = servers(spec)
    except AccountError as exc:
        raise CliError(str(exc)) from None
    password = _read_password(args.password_stdin)
    store = open_store(chosen(args))
    try:
        add_account(store, spec, password, where)
    except (AccountError, secrets.SecretsError) as exc:
        raise CliError(str(exc)) from None
    finally:
        store.close()
    if args.json:
        output.emit_json({"added": args.name})
    else:
        print(f"Account {args.name!r} added; its password is in the system keyring.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from cm_desk.store.schema import Account

    store = open_store(existing(args))
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(select(Account).order_by(Account.name)).all()
    finally:
        store.close()
    accounts = [
        {
            "name": r.name,
            "address": r.address,
            "user": r.username,
            "imap": f"{r.imap_host}:{r.imap_port}" if r.imap_host else "",
            "smtp": f"{r.smtp_host}:{r.smtp_port}" if r.smtp_host else "",
            "security": r.security,
            "sent_copy": r.sent_copy,
        }
        for r in rows
    ]
    if args.json:
        output.emit_json(accounts)
    elif not accounts:
        print("no accounts; add one with 'cm-desk account add NAME --imap … --smtp … --user …'")
    for a in [] if args.json else accounts:
        server = f"imap {a['imap']}  smtp {a['smtp']}  ({a['security']})" if a["imap"] else "local"
        print(f"{output.fit(a['name'], 16)}  {output.fit(a['user'] or a['address'], 28)}  {server}")
    return 0


def _account_id(conn: Connection, name: str) -> int:
    """The id of the account called ``name``; a one-line error when there is none."""
    from sqlalchemy import select

    from cm_desk.store.schema import Account

    account_id = conn.execute(select(Account.id).where(Account.name == name)).scalar()
    if account_id is None:
        raise CliError(f"there is no account named {name!r}")
    return int(account_id)


def _remove(args: argparse.Namespace) -> int:
    from sqlalchemy import delete, func, select

    from cm_desk import secrets
    from cm_desk.store.schema import Account, Item

    store = open_store(existing(args))
    try:
        with store.write() as conn:
            account_id = _account_id(conn, args.name)
            kept = conn.execute(select(func.count()).where(Item.account_id == account_id)).scalar()
            conn.execute(delete(Account).where(Account.id == account_id))
    finally:
        store.close()
    try:
        secrets.delete_password(args.name)
    except secrets.SecretsError as exc:
        print(f"cm-desk: warning: {exc}", file=sys.stderr)
    if args.json:
        output.emit_json({"removed": args.name, "messages_kept": kept})
    else:
        print(f"Account {args.name!r} removed; its {kept} messages stay in the workspace.")
    return 0


def _test(args: argparse.Namespace) -> int:
    import imaplib
    import smtplib

    from sqlalchemy import select

    from cm_desk import secrets
    from cm_desk.mail.connect import (
        ConnectionProblem,
        Endpoint,
        Security,
        imap_login,
        smtp_login,
    )
    from cm_desk.store.schema import Account

    store = open_store(existing(args))
    try:
        with store.engine.connect() as conn:
            acc = conn.execute(select(Account).where(Account.name == args.name)).first()
    finally:
        store.close()
    if acc is None:
        raise CliError(f"there is no account named {args.name!r}")
    if not acc.imap_host:
        raise CliError(f"{args.name!r} is a local (imported) account with no servers to test")
    try:
        password = secrets.get_password(args.name)
    except secrets.SecretsError as exc:
        raise CliError(str(exc)) from None
    if password is None:
        raise CliError(f"no password for {args.name!r} in the keyring; add the account again")
    security: Security = "tls"
    if acc.security == "starttls":
        security = "starttls"
    elif acc.security == "none":
        security = "none"
    imap = Endpoint(acc.imap_host, acc.imap_port, security, acc.cafile)
    smtp = Endpoint(acc.smtp_host, acc.smtp_port, security, acc.cafile)

    def check(endpoint: Endpoint, login: Callable[[], Callable[[], object]]) -> dict[str, object]:
        try:
            close = login()
        except ConnectionProblem as problem:
            return {
                "ok": False,
                "server": str(endpoint),
                "problem": problem.kind,
                "message": str(problem),
            }
        with contextlib.suppress(OSError, imaplib.IMAP4.error, smtplib.SMTPException):
            close()
        return {
            "ok": True,
            "server": str(endpoint),
            "problem": None,
            "message": f"logged in as {acc.username}",
        }

    results = {
        "imap": check(imap, lambda: imap_login(imap, acc.username, password).logout),
        "smtp": check(smtp, lambda: smtp_login(smtp, acc.username, password).quit),
    }
    if args.json:
        output.emit_json(results)
    else:
        for label, r in results.items():
            state = "OK " if r["ok"] else "FAIL"
            print(f"{state} {label.upper():4s} {r['server']}: {r['message']}")
    return 0 if all(r["ok"] for r in results.values()) else 1


def _folders(args: argparse.Namespace) -> int:
    """Follow more server folders (``--add``), stop following some (``--remove``; their
    mail stays), and list what is followed."""
    from sqlalchemy import func, select, update

    from cm_desk.store.mailsync import ensure_folder
    from cm_desk.store.schema import Mailbox, MailLocation

    store = open_store(existing(args))
    try:
        with store.write() as conn:
            account_id = _account_id(conn, args.name)
            for name in args.add:
                if name.upper() == "INBOX" or "\r" in name or "\n" in name or not name.strip():
                    raise CliError(f"{name!r} cannot be added (INBOX and Sent are always synced)")
                ensure_folder(conn, account_id, name, "other")
            for name in args.remove:
                done = conn.execute(
                    update(Mailbox)
                    .where(
                        Mailbox.account_id == account_id,
                        Mailbox.name == name,
                        Mailbox.role == "other",
                    )
                    .values(role="")
                ).rowcount
                if not done:
                    raise CliError(f"{name!r} is not a folder added to {args.name!r}")
            live = (
                select(func.count())
                .where(MailLocation.mailbox_id == Mailbox.id, MailLocation.gone_at.is_(None))
                .scalar_subquery()
            )
            rows = conn.execute(
                select(Mailbox.name, Mailbox.role, live, Mailbox.last_sync_at)
                .where(Mailbox.account_id == account_id, Mailbox.role != "")
                .order_by(Mailbox.role != "inbox", Mailbox.role != "sent", Mailbox.name)
            ).all()
    finally:
        store.close()
    listed = [
        {"folder": n, "role": r, "messages": int(c), "last_sync": output.local_time(t)}
        for n, r, c, t in rows
    ]
    if args.json:
        output.emit_json(listed)
    elif not listed:
        print("INBOX and Sent are synced; nothing else yet (add with --add FOLDER)")
    for f in [] if args.json else listed:
        print(f"{output.fit(f['folder'], 30)}  {f['role']:<6} {f['messages']:>7}  {f['last_sync']}")
    return 0


def run_account(args: argparse.Namespace) -> int:
    """Dispatch ``account add|list|remove|test|folders``."""
    return {"add": _add, "list": _list, "remove": _remove, "test": _test, "folders": _folders}[
        args.action
    ](args)
