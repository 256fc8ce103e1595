"""The read-side questions: who is still waiting for us, and which promises are due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from cm_desk.domain.models import PromiseStatus, Triage
from cm_desk.mail.parse import parse_message
from cm_desk.store.engine import Store, open_store
from cm_desk.store.ingest import Ingestor
from cm_desk.store.queries import count_waiting, followups, still_waiting
from cm_desk.store.schema import Account, Colleague, Item, Promise
from cm_desk.workspace import Workspace

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
ME = "sam@community.example"


def mail(
    n: int,
    sender: str,
    subject: str,
    *,
    hours_ago: int,
    reply_to: int | None = None,
    spam: bool = False,
) -> bytes:
    date = (NOW - timedelta(hours=hours_ago)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    head = f"From: {sender}\r\nTo: x@y\r\nSubject: {subject}\r\nDate: {date}\r\n"
    head += f"Message-ID: <m{n}@test>\r\n"
    if reply_to:
        head += f"In-Reply-To: <m{reply_to}@test>\r\nReferences: <m{reply_to}@test>\r\n"
    if spam:
        head += "X-Spam-Flag: YES\r\n"
    return (head + "\r\nbody text\r\n").encode()


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = open_store(Workspace(tmp_path))
    with s.write() as conn:
        conn.execute(insert(Account).values(id=1, name="t", address=ME, created_at=0))
        raws = [
            mail(1, "Anna <anna@a.nl>", "Question about the meetup", hours_ago=50),
            mail(2, f"Sam <{ME}>", "Re: Question about the meetup", hours_ago=40, reply_to=1),
            mail(3, "Bob <bob@b.com>", "Refund please", hours_ago=30),
            mail(4, "Spammer <s@spam.biz>", "Cheap pills", hours_ago=20, spam=True),
            mail(5, "Cleo <cleo@c.org>", "App crashes", hours_ago=10),
            mail(6, "Dirk <dirk@d.nl>", "Lof voor het team", hours_ago=5),
            mail(7, "Eve <eve@e.org>", "You are all idiots", hours_ago=2),
        ]
        Ingestor(1, [ME]).add_messages(conn, [parse_message(r) for r in raws])
    return s


def _ids_by_subject(store: Store) -> dict[str, tuple[int, int]]:
    with store.engine.connect() as conn:
        rows = conn.execute(Item.__table__.select())
        return {r.subject: (r.id, r.conversation_id) for r in rows}


def test_still_waiting_excludes_answered_spam_abuse_done_and_promised(store: Store) -> None:
    ids = _ids_by_subject(store)
    with store.write() as conn:
        conn.execute(
            update(Item)
            .where(Item.id == ids["You are all idiots"][0])
            .values(triage=Triage.ABUSE.value)
        )
        conn.execute(
            update(Item)
            .where(Item.id == ids["Lof voor het team"][0])
            .values(triage=Triage.DONE.value)
        )
        conn.execute(
            insert(Promise).values(
                conversation_id=ids["App crashes"][1],
                what="Send the fix ETA",
                status="open",
                due_at=NOW + timedelta(days=1),
                created_at=NOW,
            )
        )
    with store.engine.connect() as conn:
        rows = still_waiting(conn, NOW)
        assert [r.subject for r in rows] == ["Refund please"]
        assert rows[0].age_seconds == 30 * 3600
        assert count_waiting(conn, NOW) == 1


def test_kept_promise_no_longer_covers_the_conversation(store: Store) -> None:
    ids = _ids_by_subject(store)
    with store.write() as conn:
        conn.execute(
            insert(Promise).values(
                conversation_id=ids["Refund please"][1],
                what="Refund by Friday",
                status="kept",
                due_at=NOW,
                created_at=NOW,
            )
        )
    with store.engine.connect() as conn:
        subjects = [r.subject for r in still_waiting(conn, NOW)]
    assert "Refund please" in subjects  # a kept promise is not an answer
    assert subjects == sorted(
        subjects,
        key=["Refund please", "App crashes", "Lof voor het team", "You are all idiots"].index,
    )


def test_followups_by_due_and_owner(store: Store) -> None:
    ids = _ids_by_subject(store)
    conv = ids["Refund please"][1]
    with store.write() as conn:
        conn.execute(insert(Colleague).values(id=1, name="John Peters", email="j@x", team="CS"))
        rows = [
            ("overdue refund", NOW - timedelta(days=2), None, "open"),
            ("later today", NOW + timedelta(minutes=30), None, "open"),
            ("in five days", NOW + timedelta(days=5), 1, "open"),
            ("next month", NOW + timedelta(days=30), 1, "open"),
            ("no date", None, None, "open"),
            ("done already", NOW - timedelta(days=1), None, "kept"),
        ]
        for what, due, owner, status in rows:
            conn.execute(
                insert(Promise).values(
                    conversation_id=conv,
                    what=what,
                    due_at=due,
                    owner_colleague_id=owner,
                    status=status,
                    created_at=NOW,
                )
            )
    with store.engine.connect() as conn:
        every = followups(conn, NOW)
        assert [p.what for p in every] == [
            "overdue refund",
            "later today",
            "in five days",
            "next month",
            "no date",
        ]
        assert [p.overdue for p in every] == [True, False, False, False, False]
        assert every[0].promised_to == "Bob"
        assert [p.what for p in followups(conn, NOW, due="overdue")] == ["overdue refund"]
        today = [p.what for p in followups(conn, NOW, due="today")]
        assert "overdue refund" in today and "in five days" not in today
        assert len(followups(conn, NOW, due="week")) == 3
        assert [p.what for p in followups(conn, NOW, owner="john")] == [
            "in five days",
            "next month",
        ]
        assert all(p.owner == "me" for p in followups(conn, NOW, owner="me"))
        kept = followups(conn, NOW, status=PromiseStatus.KEPT)
        assert [p.what for p in kept] == ["done already"]


def test_own_address_marks_the_person_as_me(store: Store) -> None:
    from sqlalchemy import select

    from cm_desk.store.schema import Identity, Person

    with store.engine.connect() as conn:
        rows = conn.execute(
            select(Identity.value, Person.is_me).join(Person, Person.id == Identity.person_id)
        ).all()
    assert dict(rows) == {
        "anna@a.nl": False,
        ME: True,
        "bob@b.com": False,
        "s@spam.biz": False,
        "cleo@c.org": False,
        "dirk@d.nl": False,
        "eve@e.org": False,
    }


def test_mostly_rtl_follows_the_dominant_script() -> None:
    from cm_desk.domain.text import mostly_rtl

    assert mostly_rtl("Re: لماذا تم إيقاف حسابي؟")
    assert mostly_rtl("ليلى منصور")
    assert not mostly_rtl("Anna — Ideeën voor de meetup")
    assert not mostly_rtl("Thanks! شكرا for the great meetup in Amsterdam")
    assert not mostly_rtl("12345 …")


def test_question_imported_after_our_reply_is_answered(tmp_path: Path) -> None:
    s = open_store(Workspace(tmp_path / "late"))
    question = mail(1, "Anna <anna@a.nl>", "Waar blijft mijn pakket?", hours_ago=30)
    reply = mail(2, f"Sam <{ME}>", "Re: Waar blijft mijn pakket?", hours_ago=20, reply_to=1)
    later = mail(3, "Anna <anna@a.nl>", "Re: Waar blijft mijn pakket?", hours_ago=10, reply_to=2)
    with s.write() as conn:
        conn.execute(insert(Account).values(id=1, name="t", address=ME, created_at=0))
        Ingestor(1, [ME]).add_messages(conn, [parse_message(reply)])
    with s.write() as conn:  # the question arrives in a later batch, after the reply
        Ingestor(1, [ME]).add_messages(conn, [parse_message(question), parse_message(later)])
    with s.engine.connect() as conn:
        rows = {r.subject: r.answered_at for r in conn.execute(Item.__table__.select())}
        assert rows["Waar blijft mijn pakket?"] == NOW - timedelta(hours=20)
        assert rows["Re: Waar blijft mijn pakket?"] is None  # Anna wrote again after it
        assert [w.subject for w in still_waiting(conn, NOW)] == ["Re: Waar blijft mijn pakket?"]
    s.close()


def test_answered_state_does_not_depend_on_batch_boundaries(tmp_path: Path) -> None:
    """X (question), R (our reply, referencing only Y), Y (references X): X is answered."""
    x = mail(10, "Anna <anna@a.nl>", "Pakket", hours_ago=30)
    y = mail(11, "Anna <anna@a.nl>", "Re: Pakket", hours_ago=25, reply_to=10)
    r = mail(12, f"Sam <{ME}>", "Re: Pakket", hours_ago=20, reply_to=11)
    splits = (([x, r], [y]), ([x, r, y],), ([x], [r], [y]), ([r], [y], [x]))
    for split_no, split in enumerate(splits):
        s = open_store(Workspace(tmp_path / f"split{split_no}"))
        with s.write() as conn:
            conn.execute(insert(Account).values(id=1, name="t", address=ME, created_at=0))
        for batch in split:
            with s.write() as conn:
                Ingestor(1, [ME]).add_messages(conn, [parse_message(b) for b in batch])
        with s.engine.connect() as conn:
            got = {
                r.subject: r.answered_at
                for r in conn.execute(Item.__table__.select())
                if r.direction == "in"
            }
            convs = {r.conversation_id for r in conn.execute(Item.__table__.select())}
        assert len(convs) == 1, split
        assert all(v is not None for v in got.values()), (split, got)
        s.close()


def test_reply_with_unknown_references_never_joins_a_stranger_by_subject(tmp_path: Path) -> None:
    s = open_store(Workspace(tmp_path / "strangers"))
    alice = mail(20, "Alice <alice@a.org>", "Question", hours_ago=24 * 200)
    bob = mail(21, "Bob <bob@b.org>", "Re: Question", hours_ago=1).replace(
        b"Message-ID: <m21@test>", b"Message-ID: <m21@test>\r\nIn-Reply-To: <gone@x>"
    )
    with s.write() as conn:
        conn.execute(insert(Account).values(id=1, name="t", address=ME, created_at=0))
        Ingestor(1, [ME]).add_messages(conn, [parse_message(alice)])
        Ingestor(1, [ME]).add_messages(conn, [parse_message(bob)])
    with s.engine.connect() as conn:
        convs = {r.from_addr: r.conversation_id for r in conn.execute(Item.__table__.select())}
    assert convs["alice@a.org"] != convs["bob@b.org"]
    s.close()


def test_is_waiting_search_agrees_with_the_still_waiting_query(tmp_path: Path) -> None:
    from cm_desk.demo import build_demo
    from cm_desk.store.search import count

    s = open_store(Workspace(tmp_path / "demo"))
    build_demo(s, now=NOW)
    raw = s.raw_connection()
    try:
        with s.engine.connect() as conn:
            assert count(raw, "is:waiting", now=NOW) == count_waiting(conn, NOW) > 10
    finally:
        raw.close()
        s.close()


def test_owner_filter_takes_wildcards_literally(store: Store) -> None:
    ids = _ids_by_subject(store)
    with store.write() as conn:
        conn.execute(insert(Colleague).values(id=1, name="John Peters", email="", team=""))
        conn.execute(
            insert(Promise).values(
                conversation_id=ids["Refund please"][1],
                what="x",
                status="open",
                owner_colleague_id=1,
                created_at=NOW,
            )
        )
    with store.engine.connect() as conn:
        assert followups(conn, NOW, owner="%") == []
        assert followups(conn, NOW, owner="_ohn") == []
        assert len(followups(conn, NOW, owner="joh")) == 1


def test_out_of_office_replies_do_not_wait_for_an_answer(store: Store) -> None:
    ooo = mail(30, "Cleo <cleo@c.org>", "Automatic reply: App crashes", hours_ago=1).replace(
        b"Message-ID:", b"Auto-Submitted: auto-replied\r\nMessage-ID:"
    )
    listpost = mail(31, "Dirk <dirk@d.nl>", "[leden] Vraag over de ALV", hours_ago=1).replace(
        b"Message-ID:", b"Precedence: list\r\nMessage-ID:"
    )
    with store.write() as conn:
        Ingestor(1, [ME]).add_messages(conn, [parse_message(ooo), parse_message(listpost)])
    with store.engine.connect() as conn:
        subjects = [r.subject for r in still_waiting(conn, NOW)]
    assert "Automatic reply: App crashes" not in subjects
    assert "[leden] Vraag over de ALV" in subjects
