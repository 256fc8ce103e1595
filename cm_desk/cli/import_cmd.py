"""``cm-desk import maildir PATH [--account NAME] [--address ADDR]``."""

from __future__ import annotations

import argparse
import sys
import time

from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import chosen, open_store


class _Bar:
    """A one-line progress bar on a terminal; silent when stderr is not one."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, p: object) -> None:
        from cm_desk.mail.maildir import Progress

        assert isinstance(p, Progress)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and p.done < p.total:
            return
        self.last = now
        frac = p.done / p.total if p.total else 1.0
        bar = "█" * int(frac * 30) + "·" * (30 - int(frac * 30))
        rate = p.done / max(now - self.start, 1e-6)
        sys.stderr.write(
            f"\rImporting {bar} {p.done}/{p.total} messages, "
            f"{p.bytes_done / 1e6:.0f}/{p.bytes_total / 1e6:.0f} MB, {rate:.0f} msg/s "
        )
        if p.done >= p.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run_import(args: argparse.Namespace) -> int:
    """Import a Maildir into the workspace's store."""
    from sqlalchemy import insert, select

    from cm_desk.mail.maildir import MaildirError, import_maildir, scan
    from cm_desk.store.ingest import Ingestor
    from cm_desk.store.schema import Account

    try:
        scan(args.path)  # fail fast, before creating a workspace, on a wrong path
    except MaildirError as exc:
        raise CliError(str(exc)) from exc
    store = open_store(chosen(args))
    started = time.perf_counter()
    try:
        with store.write() as conn:
            row = conn.execute(
                select(Account.id, Account.address).where(Account.name == args.account)
            ).first()
            if row is None:
                address = args.address[0].lower() if args.address else ""
                account_id = conn.execute(
                    insert(Account).values(
                        name=args.account, address=address, created_at=int(time.time())
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
                me = {a.lower() for a in args.address}
            else:
                account_id = row.id
                me = {a.lower() for a in args.address} | ({row.address} if row.address else set())
        ingestor = Ingestor(account_id, me)

        def write(batch: list[object]) -> object:
            with store.write() as conn:
                return ingestor.add_messages(conn, batch)  # type: ignore[arg-type]

        changes, errors = import_maildir(args.path, write, _Bar(), args.jobs)  # type: ignore[arg-type]
    except MaildirError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    summary = {
        "imported": changes.items_added,
        "already_present": changes.skipped_duplicates,
        "unreadable_as_mail": changes.unparseable,
        "file_errors": errors,
        "conversations_touched": len(changes.conversations),
        "seconds": round(elapsed, 2),
    }
    if args.json:
        output.emit_json(summary)
    else:
        print(
            f"Imported {changes.items_added} messages into account '{args.account}' "
            f"in {elapsed:.1f} s ({changes.skipped_duplicates} already present)."
        )
        if changes.unparseable:
            print(
                f"{changes.unparseable} could not be read as mail; "
                "they are kept raw and marked as such."
            )
        for err in errors[:10]:
            print(f"could not read {err}", file=sys.stderr)
    return 1 if errors and not changes.items_added and not changes.skipped_duplicates else 0
