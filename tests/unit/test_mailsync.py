"""Sync's store side: where fetched mail lives, and our own copies found by Message-ID."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from cm_desk.mail.parse import parse_message
from cm_desk.store.engine import Store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.mailsync import Fetched, ensure_folder, store_fetched
from cm_desk.store.schema import Account, Item, MailLocation
from tests.conftest import ME

REPLY = (
    f"From: Robin <{ME}>\r\nTo: jan@example.nl\r\nSubject: Re: Vraag\r\n"
    "Message-ID: <r1@desk.example>\r\nDate: Mon, 15 Jan 2024 12:00:00 +0000\r\n\r\nGraag!\r\n"
).encode()
QUESTION = (
    b"From: Jan <jan@example.nl>\r\nTo: cm@desk.example\r\nSubject: Vraag\r\n"
    b"Message-ID: <q1@example.nl>\r\nDate: Mon, 15 Jan 2024 10:00:00 +0000\r\n\r\nHoe?\r\n"
)


def _setup(store: Store) -> Ingestor:
    with store.write() as conn:
        conn.execute(insert(Account).values(id=1, name="work", address=ME, created_at=0))
    return Ingestor(1, me=[ME])


def test_our_reply_filed_again_by_the_server_is_the_same_item(store: Store) -> None:
    ingestor = _setup(store)
    with store.write() as conn:
        ingestor.add_messages(conn, [parse_message(REPLY), parse_message(QUESTION)])
        sent = ensure_folder(conn, 1, "Sent", "sent")
        inbox = ensure_folder(conn, 1, "INBOX", "inbox")
        # Gmail's copy of our reply carries headers of its own: other bytes, our id.
        gmail_copy = b"X-Gm-Labels: Sent\r\n" + REPLY
        store_fetched(
            conn, ingestor, sent.id, 7, [Fetched(1, frozenset(), parse_message(gmail_copy))]
        )
        # Another inbound message that reuses a Message-ID is a message of its own.
        other = QUESTION.replace(b"Hoe?", b"Nog een vraag")
        store_fetched(conn, ingestor, inbox.id, 9, [Fetched(1, frozenset(), parse_message(other))])
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Item)).scalar() == 3
        reply_id = conn.execute(
            select(Item.id).where(Item.message_id == "r1@desk.example")
        ).scalar_one()
        located = conn.execute(
            select(MailLocation.item_id).where(MailLocation.mailbox_id == sent.id)
        ).scalar_one()
        assert located == reply_id
