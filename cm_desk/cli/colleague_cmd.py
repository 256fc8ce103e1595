"""``cm-desk colleague add|list``: the small directory escalations go to."""

from __future__ import annotations

import argparse

from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import chosen, existing, open_store


def add_arguments(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Declare ``colleague …`` on the top-level parser."""
    col = sub.add_parser("colleague", parents=[common], help="colleagues to escalate to")
    col_sub = col.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = col_sub.add_parser("add", parents=[common], help="add a colleague (name, team, address)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--email", required=True, help="where escalated mail is forwarded")
    add.add_argument("--team", default="", help="e.g. Customer Service, Billing")
    col_sub.add_parser("list", parents=[common], help="the colleagues")


def run_colleague(args: argparse.Namespace) -> int:
    """``colleague add|list``."""
    from cm_desk.mail.compose import ComposeError, normalize_address
    from cm_desk.triage.escalation import add_colleague, colleagues

    store = open_store(chosen(args) if args.action == "add" else existing(args))
    try:
        if args.action == "add":
            try:
                email = normalize_address(args.email)
            except ComposeError as exc:
                raise CliError(str(exc)) from None
            if not args.name.strip():
                raise CliError("a colleague needs a name")
            cid = add_colleague(store, args.name, email, args.team)
            if args.json:
                output.emit_json({"id": cid, "name": args.name.strip()})
            else:
                print(f"Colleague {cid}: {args.name.strip()} <{email}> {args.team}".rstrip())
            return 0
        people = colleagues(store)
    finally:
        store.close()
    if args.json:
        output.emit_json([{"id": i, "name": n, "team": t, "email": e} for i, n, t, e in people])
        return 0
    if not people:
        print("no colleagues; add one with 'cm-desk colleague add NAME --email ADDRESS'")
    for i, n, t, e in people:
        print(f"{i:>4}  {output.fit(n, 24)}  {output.fit(t, 20)}  {e}")
    return 0
