"""``cm-desk sync [ACCOUNT] [--allow-deletes]``: bring mail in step with the servers."""

from __future__ import annotations

import argparse
import sys
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
        for acc in accounts:
            try:
                password = secrets.get_password(acc.name)
            except secrets.SecretsError as exc:
                raise CliError(str(exc)) from None
            if password is None:
                failures.append(
                    (acc.name, "no password in the keyring; run 'cm-desk account add' again")
                )
                continue
            try:
                results.append(
                    AccountSync(
                        acc,
                        password,
                        reader,
                        store,
                        progress=None if args.json else _Bar(),
                        allow_deletes=args.allow_deletes,
                    ).run()
                )
            except ConnectionProblem as exc:
                failures.append((acc.name, str(exc)))
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
