"""``cm-desk reply|forward|outbox``: answers that go through the outbox, exactly once.

``reply`` and ``forward`` put the message into the outbox, then try to send it
at once and say what happened: sent, waiting in the outbox (and why), or
uncertain (the server may have it; the user decides). ``outbox send`` tries
every waiting message now; ``outbox resend ID`` / ``outbox discard ID`` are
the user's say on an uncertain or refused one.

Exit status: 0 when the message is sent or safely waiting in the outbox,
1 when it was refused or its fate is uncertain (it needs the user).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import existing, open_store

if TYPE_CHECKING:
    from cm_desk.mail.outbox import EntryView, Outcome, Queued
    from cm_desk.store.engine import Store


def add_arguments(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Declare ``reply``, ``forward`` and ``outbox list|send|resend|discard``."""
    rp = sub.add_parser("reply", parents=[common], help="reply to a mail item (via the outbox)")
    rp.add_argument("item", type=int, metavar="ITEM_ID")
    text = rp.add_mutually_exclusive_group(required=True)
    text.add_argument("--message", metavar="TEXT", help="the text of the reply")
    text.add_argument(
        "--message-file", metavar="PATH", help="read the text from PATH ('-': standard input)"
    )
    rp.add_argument("--no-quote", action="store_true", help="do not quote the original below")
    rp.add_argument("--account", metavar="NAME", help="send from this account")

    fw = sub.add_parser(
        "forward", parents=[common], help="forward a mail item to a colleague (via the outbox)"
    )
    fw.add_argument("item", type=int, metavar="ITEM_ID")
    fw.add_argument("--to", required=True, metavar="ADDRESS", help="an address or a colleague")
    fw.add_argument("--note", default="", metavar="TEXT", help="a few words above the original")
    fw.add_argument("--account", metavar="NAME", help="send from this account")

    ob = sub.add_parser("outbox", parents=[common], help="messages waiting to be sent")
    ob_sub = ob.add_subparsers(dest="action", metavar="ACTION")
    ls = ob_sub.add_parser("list", parents=[common], help="what is waiting, uncertain or refused")
    ls.add_argument("--all", action="store_true", help="also show sent messages")
    ob_sub.add_parser("send", parents=[common], help="try every waiting message now")
    rs = ob_sub.add_parser(
        "resend", parents=[common], help="send an uncertain or refused message again"
    )
    rs.add_argument("id", type=int, metavar="ID")
    ds = ob_sub.add_parser("discard", parents=[common], help="drop a message that was not sent")
    ds.add_argument("id", type=int, metavar="ID")


def run_outbox(args: argparse.Namespace) -> int:
    """Dispatch ``reply``, ``forward`` and ``outbox …``."""
    from cm_desk.mail.compose import ComposeError
    from cm_desk.mail.outbox import OutboxError

    store = open_store(existing(args))
    try:
        if args.command == "reply":
            return _reply(args, store)
        if args.command == "forward":
            return _forward(args, store)
        actions = {"list": _list, "send": _send, "resend": _resend, "discard": _discard}
        return actions[args.action or "list"](args, store)
    except (OutboxError, ComposeError) as exc:
        raise CliError(str(exc)) from None
    finally:
        store.close()


def _reply(args: argparse.Namespace, store: Store) -> int:
    from cm_desk.mail.outbox import queue_reply

    body = _message_text(args)
    queued = queue_reply(store, args.item, body, account=args.account, quote=not args.no_quote)
    return _send_now(args, store, queued, "Reply")


def _forward(args: argparse.Namespace, store: Store) -> int:
    from cm_desk.mail.outbox import queue_forward

    queued = queue_forward(store, args.item, args.to, args.note, account=args.account)
    return _send_now(args, store, queued, "Forward")


def _message_text(args: argparse.Namespace) -> str:
    if args.message is not None:
        text = str(args.message)
    elif args.message_file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.message_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"cannot read {args.message_file}: {exc}") from None
    if not text.strip():
        raise CliError("the reply is empty")
    return text


def _deliver(store: Store, only: list[int] | None) -> list[Outcome]:
    from cm_desk import secrets
    from cm_desk.mail.outbox import OutboxBusy, deliver

    try:
        return deliver(store, secrets.get_password, only=only, ignore_backoff=True)
    except OutboxBusy as exc:
        print(f"cm-desk: {exc}", file=sys.stderr)
        return []


def _send_now(args: argparse.Namespace, store: Store, queued: Queued, what: str) -> int:
    from cm_desk.domain.models import OutboxState

    found = [o for o in _deliver(store, [queued.entry_id]) if o.entry_id == queued.entry_id]
    outcome = found[0] if found else None
    state = outcome.state if outcome else OutboxState.QUEUED
    detail = outcome.detail if outcome else "another cm-desk is sending the outbox"
    warnings = outcome.warnings if outcome else ()
    if args.json:
        output.emit_json(
            {
                "id": queued.entry_id,
                "state": state.value,
                "message_id": queued.message_id,
                "to": list(queued.recipients),
                "subject": queued.subject,
                "detail": detail,
                "warnings": list(warnings),
            }
        )
    elif state == OutboxState.SENT:
        print(f"{what} sent to {', '.join(queued.recipients)} (Message-ID <{queued.message_id}>).")
    elif state == OutboxState.QUEUED:
        print(
            f"{what} #{queued.entry_id} waits in the outbox: {detail}. "
            "Send it later with 'cm-desk outbox send'."
        )
    elif state == OutboxState.UNCERTAIN:
        print(f"{what} #{queued.entry_id} is uncertain: {detail}")
    for warning in warnings:
        print(f"cm-desk: warning: {warning}", file=sys.stderr)
    if state == OutboxState.FAILED and not args.json:
        raise CliError(
            f"{what.lower()} #{queued.entry_id} was refused: {detail} (it stays in the outbox; "
            f"'cm-desk outbox discard {queued.entry_id}' drops it)"
        )
    return 1 if state in (OutboxState.FAILED, OutboxState.UNCERTAIN) else 0


def _send(args: argparse.Namespace, store: Store) -> int:
    from cm_desk.domain.models import OutboxState

    outcomes = _deliver(store, None)
    if args.json:
        output.emit_json(
            [
                {
                    "id": o.entry_id,
                    "state": o.state.value,
                    "detail": o.detail,
                    "warnings": list(o.warnings),
                }
                for o in outcomes
            ]
        )
    elif not outcomes:
        print("nothing to send")
    for o in [] if args.json else outcomes:
        label = "waiting" if o.state == OutboxState.QUEUED else o.state.value
        print(f"#{o.entry_id} {label}: {o.detail}")
        for warning in o.warnings:
            print(f"cm-desk: warning: #{o.entry_id}: {warning}", file=sys.stderr)
    bad = (OutboxState.FAILED, OutboxState.UNCERTAIN)
    return 1 if any(o.state in bad for o in outcomes) else 0


def _resend(args: argparse.Namespace, store: Store) -> int:
    from cm_desk.mail.outbox import Queued, list_entries, resend

    resend(store, args.id)
    entry = next(e for e in list_entries(store) if e.id == args.id)
    queued = Queued(args.id, entry.message_id, entry.recipients, entry.subject)
    return _send_now(args, store, queued, "Message")


def _discard(args: argparse.Namespace, store: Store) -> int:
    from cm_desk.mail.outbox import discard

    discard(store, args.id)
    if args.json:
        output.emit_json({"discarded": args.id})
    else:
        print(f"Outbox entry #{args.id} discarded; it will not be sent.")
    return 0


def _list(args: argparse.Namespace, store: Store) -> int:
    from cm_desk.mail.outbox import list_entries

    entries = list_entries(store, include_sent=bool(getattr(args, "all", False)))
    if args.json:
        output.emit_json([_entry_json(e) for e in entries])
        return 0
    if not entries:
        print("the outbox is empty")
    for e in entries:
        when = f"next try {output.local_time(e.next_attempt_at)}" if e.state == "queued" else ""
        print(
            f"#{e.id:<4} {e.state.value:9s} {e.kind:7s} {output.fit(e.to, 28)}  "
            f"{output.fit(e.subject, 32)}  {when}"
        )
        if e.last_error:
            print(f"       {e.last_error}")
    return 0


def _entry_json(e: EntryView) -> dict[str, object]:
    return {
        "id": e.id,
        "account": e.account,
        "kind": e.kind,
        "state": e.state.value,
        "message_id": e.message_id,
        "to": e.to,
        "recipients": list(e.recipients),
        "subject": e.subject,
        "attempts": e.attempts,
        "last_error": e.last_error,
        "created_at": e.created_at.isoformat(),
        "next_attempt_at": e.next_attempt_at.isoformat() if e.next_attempt_at else None,
        "sent_at": e.sent_at.isoformat() if e.sent_at else None,
    }
