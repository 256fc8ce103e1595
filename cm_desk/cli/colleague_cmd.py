"""``cm-desk colleague add|list`` (the directory escalations go to) and
``cm-desk person merge`` (one person behind an address and a handle)."""

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
    person = sub.add_parser("person", parents=[common], help="the people you talk to")
    person_sub = person.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = person_sub.add_parser(
        "merge", parents=[common], help="one person: their mail and posts meet in one history"
    )
    merge.add_argument("keep", type=int, metavar="KEEP_ID")
    merge.add_argument("other", type=int, metavar="OTHER_ID")


def run_person(args: argparse.Namespace) -> int:
    """``person merge KEEP OTHER``."""
    from cm_desk.triage.common import NotFoundError
    from cm_desk.triage.people import merge_people

    store = open_store(existing(args))
    try:
        moved = merge_people(store, args.keep, args.other)
    except (NotFoundError, ValueError) as exc:
        raise CliError(str(exc)) from None
    finally:
        store.close()
    if args.json:
        output.emit_json({"kept": args.keep, "identities_moved": moved})
    else:
        print(f"Person {args.other} is now part of person {args.keep} ({moved} identities moved).")
    return 0


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
