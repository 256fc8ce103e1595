"""Storing parsed mail: deduplication, JWZ threading with merges, answered marks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select

from cm_desk.domain.models import Changes
from cm_desk.store.engine import Store
from cm_desk.store.schema import Attachment, Conversation, Item, ItemRaw, Promise, ThreadId
from cm_desk.store.search import search

Ingest = Callable[[Sequence[bytes]], Changes]
ME = "cm@desk.example"  # the address the ingest fixture (tests/conftest.py) calls our own


def mail(
    mid: str,
    subject: str,
    date: str,
    *,
    sender: str = "Jan <jan@example.nl>",
    refs: str = "",
    body: str = "tekst",
    extra: str = "",
) -> bytes:
    """A small hand-written message; ``date`` is an RFC 5322 date."""
    head = f"From: {sender}\r\nTo: {ME}\r\nSubject: {subject}\r\nDate: {date}\r\n"
    if mid:
        head += f"Message-ID: <{mid}>\r\n"
    if refs:
        head += f"References: {refs}\r\nIn-Reply-To: {refs.split()[-1]}\r\n"
    return (head + extra + "\r\n" + body + "\r\n").encode()


def rows(store: Store) -> dict[str, Any]:
    """Items by Message-ID (the last one wins for shared ids)."""
    with store.engine.connect() as c:
        return {r.message_id: r for r in c.execute(select(Item).order_by(Item.id))}


def conversations(store: Store) -> dict[int, Any]:
    with store.engine.connect() as c:
        return {r.id: r for r in c.execute(select(Conversation))}


def thread_ids(store: Store) -> dict[str, int]:
    with store.engine.connect() as c:
        return dict(c.execute(select(ThreadId.message_id, ThreadId.conversation_id)).all())


def test_a_thread_linked_by_references(store: Store, ingest: Ingest) -> None:
    changes = ingest(
        [
            mail("a@x", "Vraag", "Mon, 15 Jan 2024 10:00:00 +0000"),
            mail("b@x", "Re: Vraag", "Mon, 15 Jan 2024 11:00:00 +0000", refs="<a@x>"),
            mail("c@x", "Antw: Vraag", "Mon, 15 Jan 2024 12:00:00 +0000", refs="<a@x> <b@x>"),
            mail("d@x", "Iets anders", "Mon, 15 Jan 2024 13:00:00 +0000"),
        ]
    )
    items = rows(store)
    assert changes.items_added == 4
    assert (
        items["a@x"].conversation_id == items["b@x"].conversation_id == items["c@x"].conversation_id
    )
    assert items["d@x"].conversation_id != items["a@x"].conversation_id
    assert changes.conversations == {items["a@x"].conversation_id, items["d@x"].conversation_id}
    convs = conversations(store)
    thread = convs[items["a@x"].conversation_id]
    assert thread.subject == "Vraag"
    assert thread.subject_key == "vraag"
    assert thread.created_at == datetime(2024, 1, 15, 10, tzinfo=UTC)
    assert thread.last_activity_at == datetime(2024, 1, 15, 12, tzinfo=UTC)
    assert thread_ids(store) == {
        "a@x": thread.id,
        "b@x": thread.id,
        "c@x": thread.id,
        "d@x": items["d@x"].conversation_id,
    }


def test_a_reply_whose_parent_arrives_later_merges_conversations(
    store: Store, ingest: Ingest
) -> None:
    ingest([mail("a@x", "Vraag", "Mon, 15 Jan 2024 10:00:00 +0000")])
    # c answers b, which nobody has seen yet: c starts a conversation of its own.
    ingest([mail("c@x", "Re: Iets", "Mon, 15 Jan 2024 12:00:00 +0000", refs="<b@x>")])
    before = rows(store)
    assert before["a@x"].conversation_id != before["c@x"].conversation_id
    with store.write() as conn:  # a promise made on c's conversation must survive the merge
        conn.execute(
            insert(Promise).values(
                conversation_id=before["c@x"].conversation_id, what="terugbellen", created_at=0
            )
        )
    # b arrives, answering a and answered by c: the two conversations become one.
    changes = ingest([mail("b@x", "Iets", "Mon, 15 Jan 2024 11:00:00 +0000", refs="<a@x>")])
    items = rows(store)
    survivor = items["a@x"].conversation_id
    assert items["b@x"].conversation_id == items["c@x"].conversation_id == survivor
    assert set(conversations(store)) == {survivor}
    assert set(thread_ids(store).values()) == {survivor}
    assert changes.conversations == {survivor}
    assert conversations(store)[survivor].last_activity_at == datetime(2024, 1, 15, 12, tzinfo=UTC)
    with store.engine.connect() as c:
        assert c.execute(select(Promise.conversation_id)).scalar() == survivor


def test_a_merge_keeps_the_newest_activity(store: Store, ingest: Ingest) -> None:
    # The newest message is imported first, so its conversation has the lower id and survives.
    ingest([mail("c@x", "Re: Vraag", "Mon, 15 Jan 2024 12:00:00 +0000", refs="<b@x>")])
    ingest([mail("a@x", "Vraag", "Mon, 15 Jan 2024 10:00:00 +0000")])
    ingest([mail("b@x", "Re: Vraag", "Mon, 15 Jan 2024 11:00:00 +0000", refs="<a@x>")])
    (conv,) = conversations(store).values()
    assert conv.last_activity_at == datetime(2024, 1, 15, 12, tzinfo=UTC)


def test_merges_inside_one_batch_leave_no_empty_conversation(store: Store, ingest: Ingest) -> None:
    ingest(
        [
            mail("x@x", "X", "Mon, 15 Jan 2024 10:00:00 +0000"),
            mail("y@x", "Y", "Mon, 15 Jan 2024 11:00:00 +0000"),
            mail("z@x", "Re: X", "Mon, 15 Jan 2024 12:00:00 +0000", refs="<x@x> <y@x>"),
        ]
    )
    items = rows(store)
    convs = conversations(store)
    assert len({i.conversation_id for i in items.values()}) == 1
    assert set(convs) == {items["x@x"].conversation_id}
    assert convs[items["x@x"].conversation_id].last_activity_at == datetime(
        2024, 1, 15, 12, tzinfo=UTC
    )


def test_new_reply_moves_last_activity_of_an_existing_conversation(
    store: Store, ingest: Ingest
) -> None:
    ingest([mail("a@x", "Vraag", "Mon, 15 Jan 2024 10:00:00 +0000")])
    ingest([mail("b@x", "Re: Vraag", "Tue, 16 Jan 2024 10:00:00 +0000", refs="<a@x>")])
    ingest([mail("old@x", "Re: Vraag", "Sun, 14 Jan 2024 10:00:00 +0000", refs="<a@x>")])
    (conv,) = conversations(store).values()
    assert conv.last_activity_at == datetime(2024, 1, 16, 10, tzinfo=UTC)


def test_subject_fallback_for_replies_without_references(store: Store, ingest: Ingest) -> None:
    ingest(
        [
            mail("a@x", "Vraag over de reünie", "Mon, 15 Jan 2024 10:00:00 +0000"),
            mail("ar@x", "جدول الأعمال", "Mon, 15 Jan 2024 10:00:00 +0000"),
        ]
    )
    ingest(
        [
            mail("b@x", "RE: [leden] Vraag over de reünie", "Mon, 15 Jan 2024 11:00:00 +0000"),
            mail("c@x", "Vraag over de reünie", "Mon, 15 Jan 2024 12:00:00 +0000"),
            mail("d@x", "رد: جدول الاعمال", "Mon, 15 Jan 2024 13:00:00 +0000"),
            mail("", "Re: Onbekend", "Mon, 15 Jan 2024 14:00:00 +0000"),
        ]
    )
    items = rows(store)
    assert items["b@x"].conversation_id == items["a@x"].conversation_id
    # Not a reply and no references: a new conversation, whatever the subject.
    assert items["c@x"].conversation_id != items["a@x"].conversation_id
    assert items["d@x"].conversation_id == items["ar@x"].conversation_id
    assert items[""].conversation_id not in {i.conversation_id for k, i in items.items() if k}


def test_two_different_messages_sharing_a_message_id_are_both_kept(
    store: Store, ingest: Ingest
) -> None:
    first = mail("same@x", "Eerste", "Mon, 15 Jan 2024 10:00:00 +0000", body="een")
    second = mail("same@x", "Tweede", "Mon, 15 Jan 2024 11:00:00 +0000", body="twee")
    third = mail("same@x", "Derde", "Mon, 15 Jan 2024 12:00:00 +0000", body="drie")
    assert ingest([first, second]).items_added == 2
    assert ingest([third]).items_added == 1
    with store.engine.connect() as c:
        found = c.execute(select(Item.subject, Item.conversation_id).order_by(Item.id)).all()
    assert [s for s, _ in found] == ["Eerste", "Tweede", "Derde"]
    assert len({conv for _, conv in found}) == 1
    assert list(thread_ids(store)) == ["same@x"]


def test_the_same_bytes_are_stored_once(store: Store, raw_conn: Any, ingest: Ingest) -> None:
    raw = mail("dup@x", "Dubbel", "Mon, 15 Jan 2024 10:00:00 +0000", body="dubbel bericht")
    first = ingest([raw, raw])
    assert (first.items_added, first.skipped_duplicates) == (1, 1)
    again = ingest([raw])
    assert (again.items_added, again.skipped_duplicates) == (0, 1)
    assert again.conversations == set()
    assert len(rows(store)) == 1
    assert len(search(raw_conn, "dubbel").rows) == 1  # indexed once, too
    with store.engine.connect() as c:
        assert c.execute(select(ItemRaw.raw)).scalar() == raw


def test_an_outbound_reply_marks_earlier_inbound_answered(store: Store, ingest: Ingest) -> None:
    ingest(
        [
            mail("q1@x", "Vraag", "Mon, 15 Jan 2024 10:00:00 +0000"),
            mail("q2@x", "Re: Vraag", "Mon, 15 Jan 2024 11:00:00 +0000", refs="<q1@x>"),
            mail("other@x", "Andere vraag", "Mon, 15 Jan 2024 11:30:00 +0000"),
        ]
    )
    assert all(i.answered_at is None for i in rows(store).values())
    ingest(
        [
            mail(
                "r1@desk",
                "Re: Vraag",
                "Mon, 15 Jan 2024 12:00:00 +0000",
                sender=f"Community <{ME.upper()}>",
                refs="<q1@x> <q2@x>",
            )
        ]
    )
    ingest([mail("q3@x", "Re: Vraag", "Mon, 15 Jan 2024 13:00:00 +0000", refs="<r1@desk>")])
    items = rows(store)
    noon = datetime(2024, 1, 15, 12, tzinfo=UTC)
    assert items["q1@x"].answered_at == noon
    assert items["q2@x"].answered_at == noon
    assert items["q3@x"].answered_at is None  # came after our reply
    assert items["other@x"].answered_at is None  # another conversation
    reply = items["r1@desk"]
    assert (reply.direction, reply.triage, reply.seen, reply.answered_at) == (
        "out",
        "done",
        True,
        None,
    )


def test_reply_in_the_same_batch_marks_answered(store: Store, ingest: Ingest) -> None:
    ingest(
        [
            mail("q@x", "Vraag", "Mon, 15 Jan 2024 10:00:00 +0000"),
            mail("r@d", "Re: Vraag", "Mon, 15 Jan 2024 12:00:00 +0000", sender=ME, refs="<q@x>"),
        ]
    )
    assert rows(store)["q@x"].answered_at == datetime(2024, 1, 15, 12, tzinfo=UTC)


def test_forwarding_to_a_colleague_is_not_an_answer(store: Store, ingest: Ingest) -> None:
    ingest(
        [
            mail("q@x", "Klacht", "Mon, 15 Jan 2024 10:00:00 +0000"),
            mail("f@d", "Fwd: Klacht", "Mon, 15 Jan 2024 11:00:00 +0000", sender=ME, refs="<q@x>"),
        ]
    )
    items = rows(store)
    assert items["f@d"].conversation_id == items["q@x"].conversation_id  # the thread shows it
    assert items["f@d"].direction == "fwd"
    assert items["q@x"].answered_at is None  # the customer still waits for us
    ingest([mail("r@d", "Re: Klacht", "Mon, 15 Jan 2024 12:00:00 +0000", sender=ME, refs="<q@x>")])
    assert rows(store)["q@x"].answered_at is not None


def test_triage_flags_attachments_and_raw(store: Store, ingest: Ingest) -> None:
    with_attachment = (
        b"From: a@example.nl\r\nSubject: bijlage\r\nMessage-ID: <att@x>\r\n"
        b"Date: Mon, 15 Jan 2024 10:00:00 +0000\r\n"
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nzie bijlage\r\n"
        b"--b\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''re%C3%BCnie.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
    )
    spam = mail("spam@x", "Pillen", "Mon, 15 Jan 2024 10:00:00 +0000", extra="X-Spam-Flag: YES\r\n")
    garbage = b"\x00\x01\x02 not mail at all \xff\xfe"
    changes = ingest([with_attachment, spam, garbage])
    assert (changes.items_added, changes.unparseable) == (3, 1)
    items = rows(store)
    assert items["att@x"].has_attachments and items["att@x"].triage == "new"
    assert items["spam@x"].triage == "spam"
    broken = items[""]
    assert broken.parse_error and broken.size == len(garbage)
    with store.engine.connect() as c:
        att = c.execute(select(Attachment)).one()
        raw = c.execute(select(ItemRaw.raw).where(ItemRaw.item_id == broken.id)).scalar()
    assert (att.part, att.filename, att.content_type, att.size) == (
        "2",
        "reünie.pdf",
        "application/pdf",
        9,
    )
    assert raw == garbage


@pytest.mark.parametrize("batch_size", [1, 3, 50])
def test_threading_does_not_depend_on_batching(
    store: Store, ingest: Ingest, batch_size: int
) -> None:
    raws = [
        mail("r3@x", "Re: Start", "Mon, 15 Jan 2024 13:00:00 +0000", refs="<r2@x>"),
        mail("r1@x", "Re: Start", "Mon, 15 Jan 2024 11:00:00 +0000", refs="<s@x>"),
        mail("u@x", "Los", "Mon, 15 Jan 2024 11:30:00 +0000"),
        mail("r2@x", "Re: Start", "Mon, 15 Jan 2024 12:00:00 +0000", refs="<r1@x>"),
        mail("s@x", "Start", "Mon, 15 Jan 2024 10:00:00 +0000"),
    ]
    for i in range(0, len(raws), batch_size):
        ingest(raws[i : i + batch_size])
    items = rows(store)
    thread = {items[m].conversation_id for m in ("s@x", "r1@x", "r2@x", "r3@x")}
    assert len(thread) == 1
    assert items["u@x"].conversation_id not in thread
    assert set(conversations(store)) == thread | {items["u@x"].conversation_id}
    (conv_id,) = thread
    assert conversations(store)[conv_id].last_activity_at == datetime(2024, 1, 15, 13, tzinfo=UTC)
