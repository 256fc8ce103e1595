"""``cm-desk sync [ACCOUNT] [--allow-deletes]``: bring mail in step with the servers."""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from typing import Any

from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import existing, fast_connection, lean_store


def add_arguments(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sync",
        parents=[common],
        help="download new mail and flag changes (IMAP), push yours",
        description="Sync INBOX and Sent of one account (or all) with the IMAP server.",
    )
    p.add_argument("account", nargs="?", metavar="ACCOUNT", help="account name (default: all)")
    p.add_argument(
        "--allow-deletes",
        action="store_true",
        help="apply a large server-side deletion the safety brake held back",
    )


class _Bar(output.ProgressLine):
    """Download progress of each folder on a terminal."""

    def __call__(self, p: Any) -> None:
        self.show(f"{p.account} {p.folder}:", p.done, p.total, p.bytes_done, p.bytes_total)


def _describe(f: Any) -> str:
    if f.error:
        return f"{f.name}: {f.error}"
    if f.unchanged:
        return f"{f.name}: up to date"
    parts = []
    if f.added:
        parts.append(f"{f.added} new")
    if f.flags_changed:
        parts.append(f"{f.flags_changed} changed on the server")
    if f.pushed:
        parts.append(f"{f.pushed} of your changes sent")
    if f.gone:
        parts.append(f"{f.gone} deleted on the server")
    if f.remapped:
        parts.append(f"{f.remapped} re-found after the server renumbered the folder")
    return f"{f.name}: " + (", ".join(parts) if parts else "up to date")


class _NoPassword(Exception):
    """The keyring holds no password for the account."""


class _Passwords:
    """The accounts' passwords, read from the keyring on a thread of its own, in order."""

    def __init__(self, names: list[str]) -> None:
        self._found: dict[str, str | BaseException | None] = {}
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(names,), daemon=True)
        self._thread.start()

    def _read(self, names: list[str]) -> None:
        from cm_desk import secrets

        for name in names:
            value: str | BaseException | None
            try:
                value = secrets.get_password(name)
            except BaseException as exc:  # handed to the caller's thread
                value = exc
            with self._ready:
                self._found[name] = value
                self._ready.notify_all()

    def get(self, name: str) -> str:
        """``name``'s password, waiting for the keyring; raises what it raised."""
        with self._ready:
            self._ready.wait_for(lambda: name in self._found)
            value = self._found[name]
        if isinstance(value, BaseException):
            raise value
        if value is None:
            raise _NoPassword(name)
        return value


def run_sync(args: argparse.Namespace) -> int:
    """Sync the chosen account(s); exit 1 when any failed or a deletion was held back."""
    from cm_desk import secrets
    from cm_desk.mail.connect import ConnectionProblem
    from cm_desk.mail.sync import AccountSync
    from cm_desk.store import mailstate

    ws = existing(args)
    reader = fast_connection(ws)
    opened: list[Any] = []

    def store() -> Any:
        opened.append(lean_store(ws))  # fast_connection migrated the schema if need be
        return opened[-1]

    try:
        accounts = mailstate.accounts(reader, args.account)
        if not accounts:
            if args.account:
                raise CliError(
                    f"no mail account named {args.account!r} (see 'cm-desk account list')"
                )
            raise CliError("no mail accounts yet; add one with 'cm-desk account add'")
        results, failures = [], []
        # The keyring is read on a thread of its own while each connection and
        # TLS handshake is made: on a distant server their round trips and the
        # keyring's lookup (about 70 ms) overlap instead of adding up.
        keys = _Passwords([acc.name for acc in accounts])
        for acc in accounts:
            try:
                try:
                    results.append(
                        AccountSync(
                            acc,
                            functools.partial(keys.get, acc.name),
                            reader,
                            store,
                            progress=None if args.json else _Bar(),
                            allow_deletes=args.allow_deletes,
                        ).run()
                    )
                except ConnectionProblem as exc:
                    keys.get(acc.name)  # a keyring problem says more than the server's
                    failures.append((acc.name, str(exc)))
            except secrets.SecretsError as exc:
                raise CliError(str(exc)) from None
            except _NoPassword:
                failures.append(
                    (acc.name, "no password in the keyring; run 'cm-desk account add' again")
                )
    finally:
        reader.close()
        for s in opened:
            s.close()
    held = [(r.account, f) for r in results for f in r.folders if f.held_back]
    errors = [(r.account, f.error) for r in results for f in r.folders if f.error]
    if args.json:
        output.emit_json(
            {
                "accounts": [
                    {
                        "account": r.account,
                        "folders": [{**vars(f), "unchanged": f.unchanged} for f in r.folders],
                        "items_added": r.changes.items_added,
                    }
                    for r in results
                ],
                "failed": [{"account": a, "error": e} for a, e in failures],
            }
        )
    else:
        for r in results:
            print(f"{r.account}: " + "; ".join(_describe(f) for f in r.folders))
        for name, f in held:
            print(
                f"{name} {f.name}: the server no longer lists {f.held_back} of the "
                f"{f.held_of} messages we have there. Nothing was marked deleted. If that "
                f"is right, run 'cm-desk sync {name} --allow-deletes'.",
                file=sys.stderr,
            )
        for name, error in failures + errors:
            print(f"cm-desk: {name}: {error}", file=sys.stderr)
    return 1 if failures or held or errors else 0
