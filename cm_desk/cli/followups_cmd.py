"""``cm-desk followups`` (open promises) and ``cm-desk waiting`` (unanswered people)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from cm_desk.cli import output
from cm_desk.cli.workspace_open import existing, open_store
from cm_desk.domain.text import short_age


def run_followups(args: argparse.Namespace) -> int:
    """List open promises, soonest due first."""
    from cm_desk.store.queries import followups

    store = open_store(existing(args))
    now = datetime.now(UTC)
    try:
        with store.engine.connect() as conn:
            rows = followups(conn, now, due=args.due, owner=args.owner)
    finally:
        store.close()
    if args.json:
        output.emit_json(
            [
                {
                    "id": r.id,
                    "what": r.what,
                    "due": r.due.isoformat() if r.due else None,
                    "owner": r.owner,
                    "status": r.status.value,
                    "overdue": r.overdue,
                    "conversation": r.conversation_id,
                    "subject": r.conversation_subject,
                    "promised_to": r.promised_to,
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        print("no open promises" + (f" due {args.due}" if args.due else ""))
        return 0
    for r in rows:
        flag = "OVERDUE " if r.overdue else "        "
        print(
            f"{flag}{output.fit(output.local_time(r.due), 16)}  {output.fit(r.owner, 18)}  "
            f"{output.fit(r.promised_to, 22)}  {r.what}"
        )
    return 0


def run_waiting(args: argparse.Namespace) -> int:
    """List who is still waiting for an answer, longest-waiting first."""
    from cm_desk.store.queries import still_waiting

    store = open_store(existing(args))
    now = datetime.now(UTC)
    try:
        with store.engine.connect() as conn:
            rows = still_waiting(conn, now)
    finally:
        store.close()
    if args.json:
        output.emit_json(
            [
                {
                    "id": r.id,
                    "date": r.date.isoformat(),
                    "from": r.sender,
                    "subject": r.subject,
                    "kind": r.kind.value,
                    "age_seconds": r.age_seconds,
                    "conversation": r.conversation_id,
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        print("nobody is waiting for an answer")
    for r in rows:
        print(f"{short_age(r.age_seconds):>4}  {output.fit(r.sender, 24)}  {r.subject}")
    return 0
