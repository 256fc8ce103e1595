"""``cm-desk import maildir PATH [--account NAME] [--address ADDR]``."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from cm_desk.cli import output
from cm_desk.cli.errors import CliError
from cm_desk.cli.workspace_open import chosen, open_store

if TYPE_CHECKING:
    from cm_desk.store.engine import Store


class _Bar(output.ProgressLine):
    """Import progress on a terminal."""

    def __call__(self, p: object) -> None:
        from cm_desk.mail.maildir import Progress

        assert isinstance(p, Progress)
        self.show("Importing", p.done, p.total, p.bytes_done, p.bytes_total)


def _account(store: Store, name: str, addresses: list[str]) -> tuple[int, set[str]]:
    """The account's id (created if new) and every address known to be the CM's own.

    Earlier imports' ``--address`` values are remembered (their people are
    marked ``is_me``), so a later import without them still files sent mail
    as outbound.
    """
    from sqlalchemy import insert, select

    from cm_desk.store.schema import Account, Identity, Person

    me = {a.strip().lower() for a in addresses if a.strip()}
    with store.write() as conn:
        me |= set(
            conn.execute(
                select(Identity.value)
                .join(Person, Person.id == Identity.person_id)
                .where(Person.is_me.is_(True), Identity.network == "email")
            ).scalars()
        )
        row = conn.execute(select(Account.id, Account.address).where(Account.name == name)).first()
        if row is not None:
            return int(row.id), me | ({row.address} if row.address else set())
        new_id = conn.execute(
            insert(Account).values(
                name=name, address=min(me) if me else "", created_at=int(time.time())
            )
        ).inserted_primary_key
        assert new_id is not None
        return int(new_id[0]), me


def run_import(args: argparse.Namespace) -> int:
    """Import a Maildir into the workspace's store."""
    from cm_desk.mail.maildir import MaildirError, ParserPool, import_maildir, scan

    started = time.perf_counter()
    # Parser processes start first, so their start-up overlaps ours.
    with ParserPool(args.jobs) as pool:
        try:
            entries = scan(args.path)  # fails before a workspace is created on a wrong path
        except MaildirError as exc:
            raise CliError(str(exc)) from exc
        store = open_store(chosen(args))
        try:
            from cm_desk.domain.models import Changes, ParsedMessage
            from cm_desk.store.dialect import BackgroundCheckpoints, KnownDigests
            from cm_desk.store.ingest import Ingestor

            account_id, me = _account(store, args.account, args.address)
            ingestor = Ingestor(account_id, me)

            def write(batch: list[ParsedMessage]) -> Changes:
                with store.write() as conn:
                    return ingestor.add_messages(conn, batch)

            assert store.path is not None
            known = KnownDigests(str(store.path), account_id)
            with BackgroundCheckpoints(str(store.path)):
                result = import_maildir(entries, write, pool, _Bar(), known)
        finally:
            store.close()
    changes, unreadable = result.changes, result.unreadable
    elapsed = time.perf_counter() - started
    summary = {
        "files": len(entries),
        "imported": changes.items_added,
        "already_present": changes.skipped_duplicates,
        "unreadable_as_mail": changes.unparseable,
        "file_errors": [f"{u.path}: {u.reason}" for u in unreadable],
        "conversations_touched": len(changes.conversations),
        "seconds": round(elapsed, 2),
    }
    if args.json:
        output.emit_json(summary)
    else:
        print(
            f"Imported {changes.items_added} of {len(entries)} messages into account "
            f"'{args.account}' in {elapsed:.1f} s ({changes.skipped_duplicates} already present)."
        )
        if changes.unparseable:
            print(
                f"{changes.unparseable} could not be read as mail; "
                "they are kept raw and marked as such."
            )
        for u in unreadable[:10]:
            print(f"could not read {u.path}: {u.reason}", file=sys.stderr)
    return 1 if unreadable and not (changes.items_added or changes.skipped_duplicates) else 0
